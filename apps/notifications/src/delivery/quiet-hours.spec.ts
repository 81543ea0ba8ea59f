import { quietHoursRelease } from './quiet-hours';

describe('quietHoursRelease (Asia/Tashkent is UTC+5)', () => {
  const at = (iso: string) => new Date(iso);
  const release = (iso: string, start = '21:00', end = '08:00') => quietHoursRelease(at(iso), start, end, 'Asia/Tashkent').toISOString();

  it('sends at once outside the window', () => {
    expect(release('2027-01-10T07:30:00.000Z')).toBe('2027-01-10T07:30:00.000Z'); // 12:30 local
  });

  it('holds a late-evening message until 08:00 local the next morning', () => {
    expect(release('2027-01-10T17:15:30.000Z')).toBe('2027-01-11T03:00:00.000Z'); // 22:15:30 local
  });

  it('holds an early-morning message until 08:00 the same morning', () => {
    expect(release('2027-01-10T23:00:00.000Z')).toBe('2027-01-11T03:00:00.000Z'); // 04:00 local
  });

  it('handles a window that does not span midnight', () => {
    expect(release('2027-01-10T08:30:00.000Z', '13:00', '14:00')).toBe('2027-01-10T09:00:00.000Z'); // 13:30 local
    expect(release('2027-01-10T09:00:00.000Z', '13:00', '14:00')).toBe('2027-01-10T09:00:00.000Z');
  });
});
