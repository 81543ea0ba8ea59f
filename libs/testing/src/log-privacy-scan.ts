import { LearnerPersonalData, normalise, personalValues } from './privacy-scan';

export interface LogPrivacyFinding {
  /** 1-based line number in the log file. */
  line: number;
  pid?: number;
  component?: string;
  learnerId: string;
  what: string;
}

export interface LogPrivacyReport {
  lines: number;
  /** The distinct processes (pids) that wrote the lines. */
  processes: number;
  findings: LogPrivacyFinding[];
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const DATE = /(?<!\d)(?:\d{4}-\d{2}-\d{2}|\d{2}[./]\d{2}[./]\d{4})(?!\d)/g;
/** Digits with the separators people write phones with; JSON punctuation ends a number, so two fields never join. */
const PHONE = /\+?\d[\d ().-]{5,}\d/g;

/**
 * The privacy rule over log lines (JSON lines from the run's log file, or any text): no learner's name,
 * date of birth (ISO, dd.mm.yyyy, dd/mm/yyyy), e-mail or phone in any line, at any level, whatever consent
 * the learner gave (no log line is a recipient consent can allow). Values are matched as the Kafka scan
 * normalises them (case, Unicode form), names word by word (so spacing does not matter), and phones by their
 * digits: the whole number, or its last nine digits alone (the number without the country code).
 * Every line is looked at once, whatever the number of learners.
 */
export function logPrivacyScan(lines: Iterable<string>, learners: LearnerPersonalData[]): LogPrivacyReport {
  const index = new PersonalIndex(learners);
  const findings: LogPrivacyFinding[] = [];
  const pids = new Set<number>();
  let n = 0;
  for (const raw of lines) {
    n++;
    if (!raw.trim()) continue;
    const parsed = parseJson(raw);
    if (typeof parsed?.pid === 'number') pids.add(parsed.pid);
    // A JSON line is read as its decoded keys and values (escapes such as \n undone); any other line as it is.
    const text = normalise(parsed ? leaves(parsed).join('\n') : raw);
    for (const [learnerId, what] of index.find(text)) {
      findings.push({ line: n, pid: parsed?.pid as number | undefined, component: parsed?.component as string | undefined, learnerId, what });
    }
  }
  return { lines: n, processes: pids.size, findings };
}

/** The learners' values, keyed by their normalised form; a hit is the set of [learnerId, what] it names. */
class PersonalIndex {
  private readonly names = new Map<string, Array<[string, string]>>();
  private readonly nameLengths = new Set<number>();
  private readonly emails = new Map<string, Array<[string, string]>>();
  private readonly dates = new Map<string, Array<[string, string]>>();
  private readonly phones = new Map<string, Array<[string, string]>>();
  /** Lengths of whole numbers (not of their last nine digits, which are matched only as a number of their own). */
  private readonly phoneLengths = new Set<number>();

  constructor(learners: LearnerPersonalData[]) {
    for (const l of learners) {
      for (const [what, value] of personalValues(l)) {
        const hit: [string, string] = [l.learnerId, what];
        if (what === 'name') {
          // The words of the name that personalValues also gives on their own are covered by nameForms.
          if (value !== l.fullName) continue;
          for (const key of nameForms(value)) {
            add(this.names, key, hit);
            this.nameLengths.add(key.split(' ').length);
          }
        } else if (what === 'e-mail') add(this.emails, normalise(value), hit);
        else if (what === 'phone') {
          const digits = value.replace(/\D/g, '');
          if (digits.length < 7) continue;
          add(this.phones, digits, hit);
          this.phoneLengths.add(digits.length);
          if (digits.length > 9) add(this.phones, digits.slice(-9), hit);
        } else add(this.dates, value, hit);
      }
    }
  }

  find(text: string): Array<[string, string]> {
    const hits = new Map<string, [string, string]>();
    const take = (found: Array<[string, string]> | undefined) => found?.forEach((h) => hits.set(h.join('\0'), h));
    const ws = words(text);
    for (const k of this.nameLengths) for (let i = 0; i + k <= ws.length; i++) take(this.names.get(ws.slice(i, i + k).join(' ')));
    for (const m of text.matchAll(EMAIL)) take(this.emails.get(m[0].replace(/\.+$/, '')));
    for (const m of text.matchAll(DATE)) take(this.dates.get(m[0]));
    for (const m of text.matchAll(PHONE)) {
      const digits = m[0].replace(/\D/g, '');
      take(this.phones.get(digits));
      // A whole number inside a longer one (written with a prefix or an extension).
      for (const k of this.phoneLengths) for (let i = 0; i + k <= digits.length && k < digits.length; i++) take(this.phones.get(digits.slice(i, i + k)));
    }
    return [...hits.values()];
  }
}

/**
 * A name as a sequence of words (so case, spacing and punctuation between them do not matter), and each two
 * neighbouring words of it in either order ("Karimova Dilnoza"; a part of a longer name). A single word is
 * not looked for on its own, unlike on Kafka: log lines are full of words ("learner", "number") that test
 * names, and real ones, contain.
 */
function nameForms(name: string): string[] {
  const ws = words(normalise(name));
  if (ws.length < 2) return ws.length ? [ws[0]] : [];
  const forms = new Set([ws.join(' ')]);
  for (let i = 0; i + 1 < ws.length; i++) forms.add(`${ws[i]} ${ws[i + 1]}`).add(`${ws[i + 1]} ${ws[i]}`);
  return [...forms];
}

function add(map: Map<string, Array<[string, string]>>, key: string, hit: [string, string]): void {
  (map.get(key) ?? map.set(key, []).get(key)!).push(hit);
}

function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function leaves(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [k, ...leaves(v)]);
}
