/**
 * `npm run bench`: every benchmark in turn, each as its own child process (`npm run -s bench:<name>`),
 * so one that fails does not stop the others and each starts clean, once the machine has settled (less than
 * 15% of its CPU busy over a second, waiting at most a minute: PostgreSQL vacuuming and checkpointing what
 * the bench before wrote would otherwise run inside the next one's measurement). Collects the figures each wrote to
 * bench/results/<name>.json in the shared format (bench/lib/report.ts: writeResults) and writes
 * bench/results.md (a table: bench, figure, value, baseline, ratio, target, met?, machine) and
 * bench/results.json. A bench that fails, or writes no figures during this run, is listed as such.
 *
 * Knobs (env):
 *   BENCH_ONLY=a,b            only these benches (names as in bench:<name>), in the usual order;
 *   BENCH_QUICK=1             small sizes and short runs for every bench (to check the pipeline, not for
 *                             figures); the benches that keep a seeded database (search, outcomes) then
 *                             use a database of their own, dropped at the end;
 *   BENCH_<NAME>_<KNOB>=v     passed to that bench only as BENCH_<KNOB>=v (e.g. BENCH_OUTCOMES_LEARNERS=
 *                             20000), over the quick preset; plain BENCH_<KNOB> reaches every bench;
 *   BENCH_TIMEOUT_MINUTES     per bench (default 90): it is stopped (its whole process group) after that.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase } from '@hamkor/persistence';
import { waitForQuietMachine } from './lib/cpu';
import { BenchFigures, Figure, fmt, machineInfo, readFigures, RESULTS_DIR } from './lib/report';
import { intEnv, runBench } from './lib/run';
import { round } from './lib/stats';

const BENCHES = ['outbox', 'graduation', 'outcomes', 'search', 'booking', 'notify', 'scale', 'e2e'] as const;

const QUICK: Record<string, Record<string, string>> = {
  outbox: { BENCH_EVENTS: '5000', BENCH_LATENCY_SECONDS: '3' },
  graduation: { BENCH_LEARNERS: '2000' },
  outcomes: { BENCH_LEARNERS: '20000', BENCH_STATUS_ROWS: '60000', BENCH_SCHOOLS: '40', BENCH_REQUESTS: '40' },
  search: { BENCH_PLACEMENTS: '5000', BENCH_SECONDS: '3' },
  booking: { BENCH_BOOKINGS: '500' },
  notify: { BENCH_DELIVERIES: '1000' },
  scale: { BENCH_EVENTS: '3000', BENCH_ROUNDS: '1' },
  e2e: { BENCH_RATE: '200', BENCH_SECONDS: '5', BENCH_WARMUP_SECONDS: '2', BENCH_OWNERS: '10' },
};
/** Benches that keep a seeded database between runs: a quick run must not replace their full-size seed. */
const KEPT_DATABASES: Record<string, string> = { outcomes: 'hamkor_bench_outcomes', search: 'hamkor_bench_search' };

interface Run {
  bench: string;
  status: 'ok' | 'failed' | 'no figures';
  exitCode: number | null;
  seconds: number;
  figures: BenchFigures | null;
}

function childEnv(bench: string, quick: boolean, quickDatabases: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (quick) {
    for (const [k, v] of Object.entries(QUICK[bench] ?? {})) env[k] ??= v;
    const kept = KEPT_DATABASES[bench];
    if (kept && !process.env.BENCH_DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor');
      url.pathname = `/${kept}_quick`;
      env.BENCH_DATABASE_URL = url.toString();
      quickDatabases.push(url.toString());
    }
  }
  const prefix = `BENCH_${bench.toUpperCase()}_`;
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith(prefix) && v !== undefined) env[`BENCH_${k.slice(prefix.length)}`] = v;
  return env;
}

/** One bench as `npm run -s bench:<name>` in a process group of its own; resolves with its exit code. */
function runOne(bench: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', `bench:${bench}`], { cwd: path.join(__dirname, '..'), env, stdio: 'inherit', detached: true });
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* gone already */
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      console.error(`bench:${bench} still running after ${timeoutMs / 60_000} min: stopping it`);
      kill('SIGTERM');
      killer = setTimeout(() => kill('SIGKILL'), 30_000);
    }, timeoutMs);
    // Never leave a bench behind when this runner is interrupted.
    const onExit = () => kill('SIGKILL');
    process.once('exit', onExit);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      process.off('exit', onExit);
      resolve(signal ? null : code);
    });
  });
}

const cell = (v: number) => fmt(v, Math.abs(v) >= 100 ? 0 : 2);
const metCell = (f: Figure) => (f.met === null ? '' : f.met ? 'yes' : '**no**');
const machineCell = (b: BenchFigures) => `${b.machine.cpus} cores, load ${b.machine.loadavg.join(' / ')}, node ${b.machine.node}, ${b.at.slice(0, 16).replace('T', ' ')} UTC`;

function markdown(runs: Run[], startedAt: Date, options: object): string {
  const rows = runs.flatMap((r) =>
    r.figures
      ? r.figures.figures.map((f) =>
          [r.bench, f.figure, `${cell(f.value)} ${f.unit}`, f.baseline === null ? '' : `${cell(f.baseline)} (${f.baselineLabel})`, f.ratio === null ? '' : `${fmt(f.ratio, 2)}×`, f.target ?? '', metCell(f), machineCell(r.figures!)].join(' | '),
        )
      : [[r.bench, `*${r.status}* (exit ${r.exitCode ?? 'signal'})`, '', '', '', '', '', ''].join(' | ')],
  );
  const m = machineInfo();
  return [
    '# Benchmark results',
    '',
    `\`npm run bench\` of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} cores (${m.model ?? 'unknown CPU'}), node ${m.node}; options ${JSON.stringify(options)}.`,
    'Every figure sits beside a raw baseline measured in the same run of the same bench; ratio = value / baseline. The load average',
    'is the machine\'s when the bench wrote its figures: on a shared machine it moves the figures more than most tuning does.',
    '',
    '| bench | figure | value | baseline | ratio | target | met? | machine |',
    '|---|---|---:|---:|---:|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    '| bench | status | exit | seconds |',
    '|---|---|---:|---:|',
    ...runs.map((r) => `| ${r.bench} | ${r.status} | ${r.exitCode ?? 'signal'} | ${fmt(r.seconds, 1)} |`),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((b) => !(BENCHES as readonly string[]).includes(b));
  if (unknown.length) throw new Error(`BENCH_ONLY: no such bench ${unknown.join(', ')} (known: ${BENCHES.join(', ')})`);
  const quick = process.env.BENCH_QUICK === '1';
  const timeoutMs = intEnv('BENCH_TIMEOUT_MINUTES', 90) * 60_000;
  const selected = BENCHES.filter((b) => only.length === 0 || only.includes(b));
  const startedAt = new Date();
  const quickDatabases: string[] = [];
  const runs: Run[] = [];
  try {
    for (const bench of selected) {
      // Each bench starts on a quiet machine, not in what the one before it left running.
      const quiet = await waitForQuietMachine();
      console.log(
        `\n=== bench:${bench} (${runs.length + 1} of ${selected.length}; load ${os.loadavg().map((v) => round(v)).join(' ')}; ` +
          `machine ${Math.round(quiet.busy * 100)}% busy after waiting ${fmt(quiet.waitedMs / 1000, 1)} s for it to settle) ===`,
      );
      const t0 = Date.now();
      const exitCode = await runOne(bench, childEnv(bench, quick, quickDatabases), timeoutMs);
      const figures = readFigures(path.join(RESULTS_DIR, `${bench}.json`)) ?? null;
      // Figures left by an earlier run are not this run's.
      const fresh = figures && new Date(figures.at).getTime() >= t0 ? figures : null;
      const status = exitCode !== 0 ? 'failed' : fresh ? 'ok' : 'no figures';
      runs.push({ bench, status, exitCode, seconds: round((Date.now() - t0) / 1000, 1), figures: fresh });
      console.log(`=== bench:${bench}: ${status} in ${fmt((Date.now() - t0) / 1000, 1)} s ===`);
    }
  } finally {
    for (const url of quickDatabases) await dropDatabase(url).catch((err) => console.warn(`dropping ${url}: ${err}`));
  }

  const options = { only: only.length ? only : 'all', quick };
  const md = path.join(__dirname, 'results.md');
  const json = path.join(__dirname, 'results.json');
  writeFileSync(md, markdown(runs, startedAt, options));
  writeFileSync(json, `${JSON.stringify({ at: startedAt.toISOString(), machine: machineInfo(), options, runs }, null, 2)}\n`);
  console.log(`\n${runs.map((r) => `${r.bench}: ${r.status}`).join(', ')}\nwritten to ${path.relative(process.cwd(), md)} and ${path.relative(process.cwd(), json)}`);
  const failed = runs.filter((r) => r.status !== 'ok');
  if (failed.length) throw new Error(`${failed.map((r) => r.bench).join(', ')} did not finish with figures`);
}

runBench('all', main);
