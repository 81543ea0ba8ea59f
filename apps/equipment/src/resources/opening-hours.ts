/**
 * Weekly opening hours in a resource's IANA time zone, turned into UTC intervals with Node's Intl (no
 * time-zone library). Around daylight-saving changes a wall-clock time is resolved like Temporal's
 * "compatible" rule: a time skipped by a spring-forward gap moves later by the gap, a time repeated by a
 * fall-back overlap means its first occurrence.
 */

/** One weekly opening: ISO weekday (1 = Monday … 7 = Sunday), local "HH:MM" to "HH:MM" ("24:00" = midnight). */
export interface OpeningRule {
  weekday: number;
  opens: string;
  closes: string;
}

export interface Interval {
  start: number;
  end: number;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClock(timeZone: string, t: number) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at instant t, in ms (local = UTC + offset). */
export function offsetAt(timeZone: string, t: number): number {
  const w = wallClock(timeZone, t);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(timeZone: string, t: number): LocalDate {
  const w = wallClock(timeZone, t);
  return { year: w.year, month: w.month, day: w.day };
}

/**
 * Instants already resolved, by zone, local date and minutes: each costs several Intl calls, and the
 * openings around one slot are asked for again by every booking near it. Exact (the zone's rules do not
 * change while the process runs); emptied when it grows large.
 */
const resolved = new Map<string, number>();
const MAX_RESOLVED = 50_000;

/** The instant of a local date plus minutes after its midnight (may be 1440 = the next midnight). */
export function localToInstant(timeZone: string, date: LocalDate, minutes: number): number {
  const key = `${timeZone} ${date.year}-${date.month}-${date.day} ${minutes}`;
  let t = resolved.get(key);
  if (t === undefined) {
    t = resolveLocal(timeZone, date, minutes);
    if (resolved.size >= MAX_RESOLVED) resolved.clear();
    resolved.set(key, t);
  }
  return t;
}

function resolveLocal(timeZone: string, date: LocalDate, minutes: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((t) => offsetAt(timeZone, t) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: read the wall time with the offset in force before the change, which lands after it.
  return wall - before;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function utcDateOf(t: number): LocalDate {
  const d = new Date(t);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function isoWeekday(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Sorted, with touching or overlapping intervals joined. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** The opening intervals (UTC) that meet [from, to), clipped to it. */
export function openingIntervals(rules: OpeningRule[], timeZone: string, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  // Every zone is less than a day from UTC, so the UTC dates a day wider on each side hold every local
  // date of the window (and its neighbours); openings of the extra days fall outside it and are clipped.
  const last = utcDateOf(to + 2 * DAY_MS);
  for (let d = utcDateOf(from - 2 * DAY_MS); Date.UTC(d.year, d.month - 1, d.day) <= Date.UTC(last.year, last.month - 1, last.day); d = addDays(d, 1)) {
    const weekday = isoWeekday(d);
    for (const r of rules) {
      if (r.weekday !== weekday) continue;
      out.push({ start: localToInstant(timeZone, d, minutesOf(r.opens)), end: localToInstant(timeZone, d, minutesOf(r.closes)) });
    }
  }
  return mergeIntervals(out)
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .filter((i) => i.end > i.start);
}

/** Whether [start, end) lies wholly inside one opening interval. */
export function isWithinOpeningHours(rules: OpeningRule[], timeZone: string, start: number, end: number): boolean {
  return openingIntervals(rules, timeZone, start - DAY_MS, end + DAY_MS).some((i) => i.start <= start && i.end >= end);
}

/** `free` minus every interval of `busy`. */
export function subtractIntervals(free: Interval[], busy: Interval[]): Interval[] {
  const taken = mergeIntervals(busy);
  const out: Interval[] = [];
  for (const f of free) {
    let cursor = f.start;
    for (const b of taken) {
      if (b.end <= cursor || b.start >= f.end) continue;
      if (b.start > cursor) out.push({ start: cursor, end: b.start });
      cursor = Math.max(cursor, b.end);
      if (cursor >= f.end) break;
    }
    if (cursor < f.end) out.push({ start: cursor, end: f.end });
  }
  return out;
}

/** The same local wall-clock time `weeks` weeks later (so 10:00 stays 10:00 across a DST change). */
export function sameLocalTimeWeeksLater(timeZone: string, t: number, weeks: number): number {
  const w = wallClock(timeZone, t);
  const date = addDays({ year: w.year, month: w.month, day: w.day }, weeks * 7);
  return localToInstant(timeZone, date, w.hour * 60 + w.minute) + w.second * 1000 + (t % 1000);
}

/** The local date "YYYY-MM-DD" → its LocalDate. */
export function parseLocalDate(s: string): LocalDate {
  const [year, month, day] = s.split('-').map(Number);
  return { year, month, day };
}
