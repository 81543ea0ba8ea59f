import { randomUUID } from 'node:crypto';
import { createKafka, parseBrokers } from '@hamkor/messaging';
import { setLogLevel } from '@hamkor/observability';
import { measureLatency, measureThroughput } from './lib/measure';
import { RawKafkaPath } from './lib/raw-path';

async function main() {
  setLogLevel('error');
  const kafka = createKafka({ brokers: parseBrokers('localhost:9092'), clientId: 'scratch' });
  const p = await RawKafkaPath.open({ kafka, partitions: 3, replicationFactor: 1, tag: randomUUID().slice(0, 8) });
  try {
    await measureThroughput(p, { total: 2000, unit: 50, concurrency: 2 }, 60000);
    const tick = Number(process.env.TICK ?? 1);
    for (let i = 0; i < 2; i++) {
      const r = await measureLatency(p, { ratePerSec: 1000, durationMs: 5000, tickMs: tick, maxInFlight: 100 }, 60000);
      console.log('latency tick', tick, JSON.stringify(r));
    }
    for (const unit of [500, 1000]) {
      const t = await measureThroughput(p, { total: 50000, unit, concurrency: Number(process.env.CONC ?? 1) }, 60000);
      console.log('throughput', unit, JSON.stringify(t));
    }
  } finally {
    await p.close();
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
