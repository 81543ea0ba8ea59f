/** A positive integer from the environment, or the fallback when unset. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return v;
}

/** Runs a bench's main and exits: 0 when it finished, 1 (with the stack) when it failed. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`bench:${name} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

const { ensureKafka } = require('../../scripts/kafka.js') as { ensureKafka: (o: { instance: 'test' }) => Promise<{ brokers: string }> };

/**
 * The broker a bench runs on: KAFKA_BROKERS when set, otherwise the test instance of scripts/kafka.js
 * (started when needed), never the one of `npm start`, whose platform would apply what a bench publishes.
 */
export async function benchBrokers(): Promise<string> {
  return process.env.KAFKA_BROKERS ?? (await ensureKafka({ instance: 'test' })).brokers;
}
