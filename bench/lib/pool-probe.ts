import http from 'node:http';
import { round } from './stats';

export interface PoolWaiting {
  /** Queries waiting for a database connection, summed over the processes, mean and most of the samples. */
  mean: number;
  max: number;
  samples: number;
}

/**
 * Samples `hamkor_db_pool_connections{state="waiting"}` of `service` from the /metrics of each process
 * (as a Prometheus scrape does, every `everyMs`) until stopped: whether requests queue for a pooled
 * connection during a measurement.
 */
export function probePoolWaiting(agent: http.Agent, baseUrls: string[], service: string, everyMs = 500): { stop(): Promise<PoolWaiting> } {
  const pattern = new RegExp(`hamkor_db_pool_connections\\{service="${service}",state="waiting"\\} (\\d+)`);
  const values: number[] = [];
  const scrape = (url: string) =>
    new Promise<number>((resolve) => {
      http
        .get(`${url}/metrics`, { agent }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(Number(pattern.exec(text)?.[1] ?? 0)));
        })
        .on('error', () => resolve(0));
    });
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = Promise.all(baseUrls.map(scrape)).then((v) => void values.push(v.reduce((a, b) => a + b, 0)));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
      return { mean: round(mean, 1), max: values.length ? Math.max(...values) : 0, samples: values.length };
    },
  };
}
