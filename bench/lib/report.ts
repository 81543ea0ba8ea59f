import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fixed-width text table: first column left-aligned, the others right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('   '), ...rows.map(line)].join('\n');
}

export function fmt(v: number, digits = 0): string {
  return Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}

/** The machine a figure was measured on: its load average says how much else ran meanwhile. */
export interface MachineInfo {
  cpus: number;
  model?: string;
  /** 1, 5 and 15 minute load averages when the figures were written. */
  loadavg: number[];
  node: string;
}

export function machineInfo(): MachineInfo {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100), node: process.version };
}

/** A target on the figure itself (`on: 'value'`, the default) or on its ratio to the baseline. */
export interface Target {
  max?: number;
  min?: number;
  on?: 'value' | 'ratio';
}

/**
 * One headline figure of a bench, in the format every bench writes and `npm run bench` collects: the
 * platform's value beside the raw baseline measured in the same run, their ratio, and the target.
 */
export interface Figure {
  figure: string;
  unit: string;
  value: number;
  /** What the baseline is (e.g. "raw kafkajs produce → consume"); null when the figure has none. */
  baselineLabel: string | null;
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  /** Human-readable, e.g. "≤ 100 ms" or "ratio ≥ 0.4"; null when there is none. */
  target: string | null;
  met: boolean | null;
}

export function figure(
  name: string,
  unit: string,
  value: number,
  opts: { baseline?: number; baselineLabel?: string; target?: Target } = {},
): Figure {
  const baseline = opts.baseline ?? null;
  const ratio = baseline !== null && baseline !== 0 && Number.isFinite(value) ? Math.round((value / baseline) * 1000) / 1000 : null;
  const t = opts.target;
  let target: string | null = null;
  let met: boolean | null = null;
  if (t) {
    const onRatio = t.on === 'ratio';
    const subject = onRatio ? ratio : value;
    const bounds = [t.min !== undefined ? `≥ ${fmtTarget(t.min)}` : '', t.max !== undefined ? `≤ ${fmtTarget(t.max)}` : ''].filter(Boolean).join(' and ');
    target = onRatio ? `ratio ${bounds}` : `${bounds} ${unit}`;
    met = subject === null || !Number.isFinite(subject) ? false : (t.min === undefined || subject >= t.min) && (t.max === undefined || subject <= t.max);
  }
  return { figure: name, unit, value, baselineLabel: baseline === null ? null : (opts.baselineLabel ?? 'raw baseline'), baseline, ratio, target, met };
}

const fmtTarget = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** What every bench/results/<bench>.json holds besides its own detail: one shared shape. */
export interface BenchFigures {
  bench: string;
  at: string;
  machine: MachineInfo;
  figures: Figure[];
}

export const RESULTS_DIR = path.join(__dirname, '..', 'results');

/**
 * Writes bench/results/<bench>.json: the bench's own detail, plus `bench`, `at`, `machine` and
 * `figures` in the shared format (which `npm run bench` reads). Returns the path written.
 */
export function writeResults(bench: string, detail: object, figures: Figure[]): string {
  // A bench's own machine fields (memory, ...) are kept; the shared ones are filled in.
  const own = (detail as { machine?: object }).machine;
  const shared: BenchFigures = { bench, at: new Date().toISOString(), machine: { ...own, ...machineInfo() }, figures };
  const out = path.join(RESULTS_DIR, `${bench}.json`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...detail, ...shared }, null, 2)}\n`);
  return out;
}

/** The shared part of a results file, or undefined when it is missing or predates the shared format. */
export function readFigures(file: string): BenchFigures | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchFigures>;
    return Array.isArray(r.figures) && r.bench && r.at && r.machine ? (r as BenchFigures) : undefined;
  } catch {
    return undefined;
  }
}
