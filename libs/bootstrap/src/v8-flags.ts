import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings every hamkor process runs with; `runPlatform` applies them before any service starts, so
 * `npm start`, the container image, the tests' processes and the benches all get them without a node
 * command-line flag in each of their start commands (NODE_OPTIONS refuses these).
 *
 * `--no-allocation-site-pretenuring`: V8 watches which allocation sites' objects survive young-generation
 * collections and, past a threshold, allocates that site's objects straight in the old generation. During
 * a service's warm-up the sites that build pg's rows (`Result.parseRow`, pg-protocol's data-row fields)
 * qualify, and from then on every row is born old: the row strings it points to survive every scavenge
 * through the old-to-new remembered set, are promoted, and wait for a major collection. Measured in the
 * internships service under bench:search (500 searches/s, `--trace-gc-nvp`): 1.3 MB promoted per scavenge
 * (97% of what survived one scavenge survived the next; a snapshot found none of it reachable), 8–17 major
 * collections per run whose incremental marking kept the event loop 12–30 ms late for ~100 ms each time;
 * with this setting 10 KB per scavenge and one major collection, p99 4.3–5.2 ms instead of 8–45 ms.
 * A service's long-lived objects are few and made at start-up; what it allocates per request dies young.
 */
export const V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

export function applyV8Flags(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
