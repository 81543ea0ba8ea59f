/**
 * When a message that must respect quiet hours may be sent: `now` itself outside the window, otherwise
 * the end of the window. The window is local wall-clock time in `timeZone` and may span midnight
 * (21:00-08:00).
 */
export function quietHoursRelease(now: Date, start: string, end: string, timeZone: string): Date {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = get('hour') * 60 + get('minute');
  const s = minutes(start);
  const e = minutes(end);
  const inside = s <= e ? local >= s && local < e : local >= s || local < e;
  if (!inside) return now;
  const wait = (e - local + 1440) % 1440;
  const release = new Date(now.getTime() + wait * 60_000 - get('second') * 1000);
  release.setMilliseconds(0);
  return release;
}
