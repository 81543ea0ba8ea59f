import { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { metricsRegistry } from '@hamkor/observability';

/** The DataSource of each service in this process, read when Prometheus scrapes. */
const watched = new Map<string, DataSource>();

/** The pg pool under a TypeORM DataSource (the one `preparedQuery` uses too). */
export const poolOf = (ds: DataSource): Pool => (ds.driver as unknown as { master: Pool }).master;

/**
 * Connections of each service's pool by state: `total` open, `idle` among them, and `waiting`, the
 * queries queued for a connection. `waiting` above 0 for long means the pool is what requests wait on
 * (DATABASE_POOL_SIZE is too small for the rate, or statements hold connections too long).
 */
new Gauge({
  name: 'hamkor_db_pool_connections',
  help: 'Database pool connections by service and state (total, idle; waiting = queries queued for a connection)',
  labelNames: ['service', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [service, ds] of watched) {
      if (!ds.isInitialized) continue;
      const pool = poolOf(ds);
      this.set({ service, state: 'total' }, pool.totalCount);
      this.set({ service, state: 'idle' }, pool.idleCount);
      this.set({ service, state: 'waiting' }, pool.waitingCount);
    }
  },
});

/** Reports `ds`'s pool as `service`'s in hamkor_db_pool_connections (a later DataSource of the same service replaces it). */
export function watchPool(service: string, ds: DataSource): void {
  watched.set(service, ds);
}
