import {
  isWithinOpeningHours,
  localToInstant,
  openingIntervals,
  sameLocalTimeWeeksLater,
  subtractIntervals,
} from './opening-hours';

const iso = (t: number) => new Date(t).toISOString();
const at = (s: string) => Date.parse(s);

describe('opening hours in a time zone', () => {
  it('reads a wall-clock time in zones with and without daylight saving', () => {
    expect(iso(localToInstant('Asia/Tashkent', { year: 2026, month: 3, day: 30 }, 9 * 60))).toBe('2026-03-30T04:00:00.000Z');
    expect(iso(localToInstant('Europe/Berlin', { year: 2026, month: 3, day: 27 }, 9 * 60))).toBe('2026-03-27T08:00:00.000Z');
    expect(iso(localToInstant('Europe/Berlin', { year: 2026, month: 3, day: 30 }, 9 * 60))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(localToInstant('America/New_York', { year: 2026, month: 11, day: 2 }, 24 * 60))).toBe('2026-11-03T05:00:00.000Z');
  });

  it('moves a time skipped by spring-forward later, and takes the first of a repeated time', () => {
    // Berlin 2026-03-29: 02:00 → 03:00. 02:30 does not exist and becomes 03:30 CEST.
    expect(iso(localToInstant('Europe/Berlin', { year: 2026, month: 3, day: 29 }, 150))).toBe('2026-03-29T01:30:00.000Z');
    // Berlin 2026-10-25: 03:00 → 02:00. 02:30 happens twice; the first is 02:30 CEST.
    expect(iso(localToInstant('Europe/Berlin', { year: 2026, month: 10, day: 25 }, 150))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('gives a short day on spring-forward and a long one on fall-back', () => {
    const allDay = [7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
    const [spring] = openingIntervals(allDay, 'Europe/Berlin', at('2026-03-28T00:00:00Z'), at('2026-03-31T00:00:00Z'));
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    const [autumn] = openingIntervals(allDay, 'Europe/Berlin', at('2026-10-24T00:00:00Z'), at('2026-10-27T00:00:00Z'));
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
  });

  it('joins touching openings, clips to the window, and checks containment', () => {
    const rules = [
      { weekday: 1, opens: '08:00', closes: '12:00' },
      { weekday: 1, opens: '12:00', closes: '18:00' },
    ];
    const list = openingIntervals(rules, 'UTC', at('2026-10-05T10:00:00Z'), at('2026-10-12T00:00:00Z'));
    expect(list.map((i) => [iso(i.start), iso(i.end)])).toEqual([['2026-10-05T10:00:00.000Z', '2026-10-05T18:00:00.000Z']]);
    expect(isWithinOpeningHours(rules, 'UTC', at('2026-10-05T11:00:00Z'), at('2026-10-05T13:00:00Z'))).toBe(true);
    expect(isWithinOpeningHours(rules, 'UTC', at('2026-10-05T17:00:00Z'), at('2026-10-05T19:00:00Z'))).toBe(false);
    expect(isWithinOpeningHours(rules, 'UTC', at('2026-10-06T09:00:00Z'), at('2026-10-06T10:00:00Z'))).toBe(false);
  });

  it('subtracts busy intervals from free ones', () => {
    const free = [{ start: 0, end: 100 }];
    expect(subtractIntervals(free, [{ start: 10, end: 20 }, { start: 15, end: 30 }, { start: 90, end: 120 }])).toEqual([
      { start: 0, end: 10 },
      { start: 30, end: 90 },
    ]);
  });

  it('keeps a weekly slot at the same local time across a daylight-saving change', () => {
    const first = at('2026-03-23T09:00:00Z'); // Monday 10:00 CET
    expect(iso(sameLocalTimeWeeksLater('Europe/Berlin', first, 1))).toBe('2026-03-30T08:00:00.000Z'); // 10:00 CEST
  });
});
