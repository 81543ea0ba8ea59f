#!/usr/bin/env node
'use strict';
/**
 * A real single-node Apache Kafka broker (KRaft) for development and tests,
 * run straight from Maven Central jars: no Docker, no Kafka download.
 *
 * CLI:    node scripts/kafka.js start|stop|status|restart|logs [-f] [-n N] [--test]
 * Module: const { ensureKafka, stopKafka, restartKafka, isKafkaReady } = require('./scripts/kafka');
 *         ensureKafka({ instance: 'test' }) for the broker of tests and benches.
 *
 * Environment (the `dev` broker of `npm start`; `--test` / instance 'test' reads the TEST_ ones):
 *   KAFKA_PORT             client port (default 9092; TEST_KAFKA_PORT, default 9192)
 *   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093; TEST_KAFKA_CONTROLLER_PORT, default 9193)
 *   KAFKA_HOME_DIR         broker state: data/, logs/, kafka.pid, server.properties
 *                          (default <repo>/.cache/kafka; TEST_KAFKA_HOME_DIR, default <repo>/.cache/kafka-test).
 *                          The jars always live in <repo>/.cache/kafka/libs, shared by every instance.
 *   KAFKA_HEAP_OPTS        JVM heap flags (default "-Xms256m -Xmx512m")
 *   JAVA_HOME              picks $JAVA_HOME/bin/java over the java on PATH
 *
 * See infra/kafka/README.md.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

// Must be set before kafkajs creates a producer; the warning is pure noise here.
if (!process.env.KAFKAJS_NO_PARTITIONER_WARNING) process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const ROOT = path.resolve(__dirname, '..');
const INFRA_DIR = path.join(ROOT, 'infra', 'kafka');
const POM = path.join(INFRA_DIR, 'pom.xml');
const LOG4J_CONFIG = path.join(INFRA_DIR, 'log4j2.properties');
const PROPS_TEMPLATE = path.join(INFRA_DIR, 'server.properties.template');
const LIBS_DIR = path.join(ROOT, '.cache', 'kafka', 'libs');
const LIBS_MARKER = path.join(LIBS_DIR, '.pom.sha256');

const DEFAULT_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const MIN_JAVA = 17;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two brokers, never one for both: `dev` is the one of `npm start` (and of anything that names no
 * instance), `test` the one of `npm test` and `npm run bench`. A new consumer group of `npm start`'s
 * platform reads every topic from its beginning, so on a shared broker it would apply every event the
 * tests and benches published (the fuzz tests' poison messages too).
 */
const INSTANCES = {
  dev: (env) => ({ port: env.KAFKA_PORT ?? 9092, controllerPort: env.KAFKA_CONTROLLER_PORT ?? 9093, homeDir: env.KAFKA_HOME_DIR ?? path.join(ROOT, '.cache', 'kafka') }),
  test: (env) => ({
    port: env.TEST_KAFKA_PORT ?? 9192,
    controllerPort: env.TEST_KAFKA_CONTROLLER_PORT ?? 9193,
    homeDir: env.TEST_KAFKA_HOME_DIR ?? path.join(ROOT, '.cache', 'kafka-test'),
  }),
};

function config(opts = {}) {
  const env = process.env;
  const instance = INSTANCES[opts.instance ?? 'dev'];
  if (!instance) throw new Error(`unknown broker instance "${opts.instance}" (dev or test)`);
  const defaults = instance(env);
  const port = Number(opts.port ?? defaults.port);
  const controllerPort = Number(opts.controllerPort ?? defaults.controllerPort);
  for (const [name, value] of [['KAFKA_PORT', port], ['KAFKA_CONTROLLER_PORT', controllerPort]]) {
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} is not a valid port: ${value}`);
  }
  if (port === controllerPort) throw new Error(`KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both ${port})`);
  const home = path.resolve(opts.homeDir ?? defaults.homeDir);
  return {
    port,
    controllerPort,
    brokers: `localhost:${port}`,
    home,
    dataDir: path.join(home, 'data'),
    logsDir: path.join(home, 'logs'),
    pidFile: path.join(home, 'kafka.pid'),
    clusterIdFile: path.join(home, 'cluster.id'),
    propsFile: path.join(home, 'server.properties'),
    lockFile: path.join(home, '.lock'),
    serverLog: path.join(home, 'logs', 'server.log'),
    stdoutLog: path.join(home, 'logs', 'kafka.out'),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log: opts.quiet ? () => {} : (opts.log ?? ((msg) => process.stderr.write(`[kafka] ${msg}\n`))),
  };
}

// ---------------------------------------------------------------------------
// kafkajs helpers

let kafkajs;
function loadKafkajs() {
  if (!kafkajs) {
    try {
      kafkajs = require('kafkajs');
    } catch (err) {
      throw new Error(`kafkajs is not installed (${err.message}). Run \`npm install\` in ${ROOT}.`);
    }
  }
  return kafkajs;
}

function client(brokers, extra = {}) {
  const { Kafka, logLevel } = loadKafkajs();
  return new Kafka({
    clientId: 'hamkor-kafka-script',
    brokers: String(brokers).split(','),
    logLevel: logLevel.ERROR,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    ...extra,
  });
}

/** True when a broker at `brokers` answers admin requests (not just an open port). */
async function isKafkaReady(brokers = config().brokers) {
  // Callers poll: fail fast instead of retrying, and say nothing, since
  // kafkajs logs "connection refused" as an ERROR while a broker starts.
  const admin = client(brokers, { retry: { retries: 0 }, logCreator: () => () => {} }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Round-trips one message, produced in a transaction, through a consumer group
 * on a throwaway topic, so that __consumer_offsets and __transaction_state
 * exist and their coordinators have loaded before anyone else needs them
 * (otherwise the first test to join a group or begin a transaction sees
 * "The group coordinator is not available" / "coordinator is loading" and
 * may time out).
 */
/**
 * A broker restarted on a data directory with many partitions answers before it serves every new
 * partition ("This server does not host this topic-partition" for the warm-up topic): try the warm-up
 * again, with a fresh topic, until the start-up time runs out.
 */
async function warmUpUntilServed(cfg, started) {
  for (let attempt = 1; ; attempt++) {
    const left = cfg.timeoutMs - (Date.now() - started);
    try {
      return await warmUpCoordinators(cfg.brokers, Math.max(left, 10_000));
    } catch (err) {
      const transient = /does not host this topic-partition|not the leader|leader not available|coordinator/i.test(String(err && err.message));
      if (!transient || left < 5_000) throw err;
      cfg.log(`warm-up attempt ${attempt} refused (${err.message}); trying again...`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

async function warmUpCoordinators(brokers, timeoutMs) {
  // Silent: "group coordinator not available" is exactly what is retried here;
  // a real failure still surfaces as the rejected promise.
  const kafka = client(brokers, { retry: { retries: 10, initialRetryTime: 200 }, logCreator: () => () => {} });
  const topic = `__hamkor-warmup-${Date.now()}-${process.pid}`;
  const groupId = `${topic}-group`;
  const admin = kafka.admin();
  const producer = kafka.producer({ transactionalId: 'hamkor-kafka-warmup', idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic, messages: [{ value: 'warm-up' }] });
    await tx.commit();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message consumed within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async () => {
            clearTimeout(timer);
            resolve();
          },
        })
        .catch((err) => {
          clearTimeout(timer);
          reject(err);
        });
    });
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// processes, ports, files

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  // A zombie still "exists" for kill(0); it is dead for our purposes.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
  } catch {
    // No /proc (macOS): trust kill(0).
  }
  return true;
}

/** The pid from the pid file if that process is alive and is a Kafka broker. */
function brokerPid(cfg) {
  let pid;
  try {
    pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim());
  } catch {
    return null;
  }
  if (!isAlive(pid)) return null;
  // After a reboot the pid may belong to an unrelated process.
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes('kafka.Kafka')) return null;
  } catch {
    // No /proc: trust the pid file.
  }
  return pid;
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

function logTails(cfg, lines = 40) {
  return [
    `--- last lines of ${cfg.serverLog} ---`,
    tail(cfg.serverLog, lines),
    `--- last lines of ${cfg.stdoutLog} ---`,
    tail(cfg.stdoutLog, 15),
  ].join('\n');
}

/**
 * Serializes start/stop/restart across processes (e.g. several test runners
 * calling ensureKafka at once), so only one of them launches a broker.
 */
async function withLock(cfg, fn) {
  fs.mkdirSync(cfg.home, { recursive: true });
  const deadline = Date.now() + cfg.timeoutMs + STOP_TIMEOUT_MS;
  for (;;) {
    try {
      fs.writeFileSync(cfg.lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(cfg.lockFile, 'utf8'));
      } catch {
        continue; // released between our two calls
      }
      if (!isAlive(holder)) {
        fs.rmSync(cfg.lockFile, { force: true }); // left by a killed process
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${cfg.lockFile} (held by pid ${holder})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(cfg.lockFile, { force: true });
  }
}

// ---------------------------------------------------------------------------
// java, maven, storage

function javaBin() {
  const fromHome = process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java');
  return fromHome && fs.existsSync(fromHome) ? fromHome : 'java';
}

function checkJava() {
  const java = javaBin();
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (res.error) {
    throw new Error(
      `Java not found (${res.error.code}). Kafka 4.x needs a Java ${MIN_JAVA}+ runtime: ` +
        'install e.g. `apt-get install openjdk-17-jre-headless` (or set JAVA_HOME).',
    );
  }
  // `java -version` prints e.g. 'openjdk version "17.0.15" ...' or '"1.8.0_412"' on stderr.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${res.stderr}${res.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= MIN_JAVA)) {
    throw new Error(`Kafka 4.x needs Java ${MIN_JAVA}+, but ${java} is Java ${match ? major : '(unknown)'}: install openjdk-17 or newer (or set JAVA_HOME).`);
  }
  return java;
}

function pomHash() {
  return crypto.createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
}

function libsUpToDate() {
  try {
    return (
      fs.readFileSync(LIBS_MARKER, 'utf8').trim() === pomHash() &&
      fs.readdirSync(LIBS_DIR).some((f) => /^kafka_2\.13-.*\.jar$/.test(f))
    );
  } catch {
    return false;
  }
}

function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Copies the broker's jars from Maven (local repo or Central) unless the pom is unchanged. */
async function resolveLibs(cfg) {
  if (libsUpToDate()) return;
  const hash = pomHash();
  // Copy into a fresh directory and swap it in, so an interrupted run never
  // leaves a half-filled libs/ that looks complete (or mixes two versions).
  const tmp = `${LIBS_DIR}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  cfg.log(`resolving Kafka jars with Maven into ${path.relative(ROOT, LIBS_DIR)} (only after a pom change)...`);
  const started = Date.now();
  let res;
  try {
    res = await run('mvn', ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`]);
  } catch (err) {
    if (err.code === 'ENOENT') {
      throw new Error('Maven (mvn) not found on PATH: it downloads the Kafka jars. Install Maven 3.6+ (e.g. `apt-get install maven`).');
    }
    throw err;
  }
  if (res.code !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`mvn dependency:copy-dependencies failed (exit ${res.code}):\n${res.output}`);
  }
  fs.writeFileSync(path.join(tmp, path.basename(LIBS_MARKER)), `${hash}\n`);
  fs.rmSync(LIBS_DIR, { recursive: true, force: true });
  fs.renameSync(tmp, LIBS_DIR);
  cfg.log(`jars resolved in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function writeServerProperties(cfg) {
  const values = { port: cfg.port, controllerPort: cfg.controllerPort, dataDir: cfg.dataDir };
  const fill = (line) =>
    line.replace(/\{\{(\w+)\}\}/g, (whole, key) => {
      if (!(key in values)) throw new Error(`unknown placeholder ${whole} in ${PROPS_TEMPLATE}`);
      // Properties files treat backslashes as escapes (Windows paths).
      return String(values[key]).replace(/\\/g, '/');
    });
  const text = fs
    .readFileSync(PROPS_TEMPLATE, 'utf8')
    .split('\n')
    .map((line) => (line.trimStart().startsWith('#') ? line : fill(line)))
    .join('\n');
  fs.writeFileSync(cfg.propsFile, text);
}

function jvmBaseArgs(cfg) {
  return [
    '-cp',
    path.join(LIBS_DIR, '*'),
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    `-Dkafka.logs.dir=${cfg.logsDir}`,
    '-Djava.awt.headless=true',
  ];
}

/** Formats data/ once; the cluster id is generated once and kept in cluster.id. */
async function formatStorageOnce(cfg, java) {
  if (fs.existsSync(path.join(cfg.dataDir, 'meta.properties'))) return;
  let clusterId = fs.existsSync(cfg.clusterIdFile) ? fs.readFileSync(cfg.clusterIdFile, 'utf8').trim() : '';
  if (!clusterId) {
    const res = await run(java, [...jvmBaseArgs(cfg), 'kafka.tools.StorageTool', 'random-uuid']);
    // The id is the last line; anything before it would be JVM/log noise.
    clusterId = res.output.trim().split('\n').pop().trim();
    if (res.code !== 0 || !/^[A-Za-z0-9_-]{22}$/.test(clusterId)) {
      throw new Error(`kafka-storage random-uuid failed (exit ${res.code}):\n${res.output}`);
    }
    fs.writeFileSync(cfg.clusterIdFile, `${clusterId}\n`);
  }
  cfg.log(`formatting ${cfg.dataDir} (cluster id ${clusterId})`);
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  // No --standalone: the quorum is static (controller.quorum.voters, see the template).
  const res = await run(java, [...jvmBaseArgs(cfg), 'kafka.tools.StorageTool', 'format', '--config', cfg.propsFile, '--cluster-id', clusterId]);
  if (res.code !== 0) throw new Error(`kafka-storage format failed (exit ${res.code}):\n${res.output}`);
}

// ---------------------------------------------------------------------------
// start / stop

async function waitUntilReady(cfg, pid) {
  const deadline = Date.now() + cfg.timeoutMs;
  while (Date.now() < deadline) {
    if (pid && !isAlive(pid)) {
      throw new Error(`Kafka broker (pid ${pid}) exited during startup.\n${logTails(cfg)}`);
    }
    if (await isKafkaReady(cfg.brokers)) return;
    await sleep(500);
  }
  throw new Error(`Kafka broker at ${cfg.brokers} not ready after ${cfg.timeoutMs / 1000} s.\n${logTails(cfg)}`);
}

async function startLocked(cfg) {
  const running = brokerPid(cfg);
  if (running) {
    // Ours and alive: reuse it, waiting if it is still starting up.
    await waitUntilReady(cfg, running);
    return { brokers: cfg.brokers, pid: running, started: false };
  }
  fs.rmSync(cfg.pidFile, { force: true });
  if (await isKafkaReady(cfg.brokers)) {
    cfg.log(`a Kafka broker not started by this script already answers on ${cfg.brokers}; reusing it`);
    return { brokers: cfg.brokers, pid: null, started: false };
  }
  for (const port of [cfg.port, cfg.controllerPort]) {
    if (await portOpen(port)) {
      throw new Error(`port ${port} is in use by something that is not a ready Kafka broker; free it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT.`);
    }
  }

  const java = checkJava();
  await resolveLibs(cfg);
  fs.mkdirSync(cfg.logsDir, { recursive: true });
  writeServerProperties(cfg);
  await formatStorageOnce(cfg, java);

  const heap = (process.env.KAFKA_HEAP_OPTS || '-Xms256m -Xmx512m').split(/\s+/).filter(Boolean);
  const args = [
    ...heap,
    // Kafka's own defaults from kafka-run-class.sh.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    ...jvmBaseArgs(cfg),
    'kafka.Kafka',
    cfg.propsFile,
  ];
  const out = fs.openSync(cfg.stdoutLog, 'a');
  fs.writeSync(out, `\n=== ${new Date().toISOString()} ${java} ${args.join(' ')}\n`);
  const child = spawn(java, args, { cwd: cfg.home, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${java}`);
  fs.writeFileSync(cfg.pidFile, `${child.pid}\n`);
  cfg.log(`started broker pid ${child.pid} on ${cfg.brokers}; waiting until it answers...`);

  const started = Date.now();
  try {
    await waitUntilReady(cfg, child.pid);
    cfg.log(`answering after ${((Date.now() - started) / 1000).toFixed(1)} s; warming up the group and transaction coordinators...`);
    await warmUpUntilServed(cfg, started);
  } catch (err) {
    // Don't leave a broken half-started broker behind for the next caller to "reuse".
    await stopLocked(cfg);
    throw err;
  }
  cfg.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { brokers: cfg.brokers, pid: child.pid, started: true };
}

async function stopLocked(cfg) {
  const pid = brokerPid(cfg);
  if (!pid) {
    fs.rmSync(cfg.pidFile, { force: true });
    return { stopped: false, pid: null };
  }
  cfg.log(`stopping broker pid ${pid}...`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    cfg.log(`broker pid ${pid} still running after ${STOP_TIMEOUT_MS / 1000} s; sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited in between
    }
    while (isAlive(pid)) await sleep(100);
  }
  fs.rmSync(cfg.pidFile, { force: true });
  return { stopped: true, pid };
}

/**
 * Starts the broker unless one already answers; resolves once it is ready for
 * admin, produce and consumer-group requests.
 * opts: { instance = 'dev' | 'test', timeoutMs = 90000, port, controllerPort, homeDir, quiet, log }
 * @returns {Promise<{brokers: string, pid: number|null, started: boolean}>}
 */
async function ensureKafka(opts = {}) {
  const cfg = config(opts);
  // Fast path without the lock: a warm broker costs one admin round trip.
  const pid = brokerPid(cfg);
  if (pid && (await isKafkaReady(cfg.brokers))) return { brokers: cfg.brokers, pid, started: false };
  return withLock(cfg, () => startLocked(cfg));
}

/** Stops the broker started by this script (SIGTERM, then SIGKILL after 30 s). */
async function stopKafka(opts = {}) {
  const cfg = config(opts);
  return withLock(cfg, () => stopLocked(cfg));
}

/** Stops and starts the broker on the same data (e.g. for fault-injection tests). */
async function restartKafka(opts = {}) {
  const cfg = config(opts);
  return withLock(cfg, async () => {
    await stopLocked(cfg);
    return startLocked(cfg);
  });
}

// ---------------------------------------------------------------------------
// CLI

async function status(cfg) {
  const pid = brokerPid(cfg);
  const ready = await isKafkaReady(cfg.brokers);
  const version = (() => {
    try {
      const jar = fs.readdirSync(LIBS_DIR).find((f) => /^kafka_2\.13-.*\.jar$/.test(f));
      return jar ? jar.replace(/^kafka_2\.13-|\.jar$/g, '') : null;
    } catch {
      return null;
    }
  })();
  let rss = '';
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1];
    rss = `, RSS ${Math.round(kb / 1024)} MiB`;
  } catch {
    // not running, or no /proc
  }
  const state = ready ? 'ready' : pid ? 'running but not answering' : 'stopped';
  console.log(`kafka: ${state} on ${cfg.brokers}`);
  console.log(`  pid:      ${pid ? `${pid}${rss}` : ready ? '(not started by this script)' : '-'}`);
  console.log(`  version:  ${version ?? '(jars not resolved yet)'}${version && !libsUpToDate() ? ' (infra/kafka/pom.xml changed: restart to re-resolve)' : ''}`);
  console.log(`  data:     ${cfg.dataDir}`);
  console.log(`  logs:     ${cfg.serverLog}`);
  return ready;
}

async function logs(cfg, args) {
  const nAt = args.indexOf('-n');
  const n = (nAt >= 0 && Number(args[nAt + 1])) || 50;
  process.stdout.write(`${tail(cfg.serverLog, n)}\n`);
  if (!args.includes('-f')) return;
  let size = fs.existsSync(cfg.serverLog) ? fs.statSync(cfg.serverLog).size : 0;
  // Poll rather than fs.watch: the file is rotated (renamed) by log4j.
  setInterval(() => {
    let now;
    try {
      now = fs.statSync(cfg.serverLog).size;
    } catch {
      return;
    }
    if (now < size) size = 0; // rotated
    if (now > size) {
      const fd = fs.openSync(cfg.serverLog, 'r');
      const buf = Buffer.alloc(now - size);
      fs.readSync(fd, buf, 0, buf.length, size);
      fs.closeSync(fd);
      process.stdout.write(buf);
      size = now;
    }
  }, 500);
  await new Promise(() => {}); // until Ctrl-C
}

async function main(argv) {
  const instance = argv.includes('--test') ? 'test' : 'dev';
  const [command, ...args] = argv.filter((a) => a !== '--test');
  const log = (msg) => console.log(`[kafka${instance === 'test' ? ' test' : ''}] ${msg}`);
  const cfg = config({ instance, log });
  const started = Date.now();
  switch (command) {
    case 'start': {
      const res = await ensureKafka({ instance, log });
      log(`${res.started ? 'started' : 'already running'}: ${res.brokers} (pid ${res.pid ?? 'unknown'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'stop': {
      const res = await stopKafka({ instance, log });
      log(res.stopped ? `stopped pid ${res.pid}` : (await isKafkaReady(cfg.brokers)) ? `not started by this script; a broker still answers on ${cfg.brokers}` : 'not running');
      return 0;
    }
    case 'restart': {
      const res = await restartKafka({ instance, log });
      log(`restarted: ${res.brokers} (pid ${res.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'status':
      return (await status(cfg)) ? 0 : 1;
    case 'logs':
      await logs(cfg, args);
      return 0;
    default:
      console.error('usage: node scripts/kafka.js start|stop|status|restart|logs [-f] [-n LINES] [--test]');
      return 2;
  }
}

module.exports = { ensureKafka, stopKafka, restartKafka, isKafkaReady };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[kafka] ${err.message}`);
      process.exit(1);
    },
  );
}
