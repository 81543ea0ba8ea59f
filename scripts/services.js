#!/usr/bin/env node
// Checks that PostgreSQL and Redis answer at the configured URLs; on this machine kind it can also
// start them (`node scripts/services.js ensure`). Plain Node, no dependencies beyond node_modules' pg/ioredis.
'use strict';
const { execSync } = require('node:child_process');

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hamkor';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379/0';
const START = {
  postgres: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  redis:
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
};

async function postgresUp() {
  const { Client } = require('pg');
  const url = new URL(DATABASE_URL);
  url.pathname = '/postgres';
  const c = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function redisUp() {
  const IORedis = require('ioredis');
  const r = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const isLocal = (url) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname);

async function ensureOne(name, up, url) {
  if (await up()) return;
  if (process.argv[2] === 'ensure' && isLocal(url)) {
    console.error(`hamkor: ${name} is not answering at ${url}; starting it: ${START[name]}`);
    try {
      execSync(START[name], { stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      /* reported below */
    }
    for (let i = 0; i < 30 && !(await up()); i++) await new Promise((r) => setTimeout(r, 500));
    if (await up()) return;
  }
  console.error(`hamkor: ${name} is not reachable at ${url}. Start it: ${START[name]}  (or: docker compose up -d ${name})`);
  process.exit(69);
}

(async () => {
  await ensureOne('postgres', postgresUp, DATABASE_URL);
  await ensureOne('redis', redisUp, REDIS_URL);
})();
