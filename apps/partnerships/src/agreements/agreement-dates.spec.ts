import { activationAt, daysLeft, expiryAt, reminderAt, todayUtc } from './agreement-dates';

describe('agreement dates (UTC)', () => {
  it('is in force from the start of its first day through the end of its last day', () => {
    expect(activationAt('2026-09-01').toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(expiryAt('2027-08-31').toISOString()).toBe('2027-09-01T00:00:00.000Z');
    expect(expiryAt('2028-02-28').toISOString()).toBe('2028-02-29T00:00:00.000Z'); // a leap year
  });

  it('reminds N days before expiry, or at once when that moment has passed', () => {
    const now = new Date('2026-11-23T08:00:00Z');
    expect(reminderAt('2027-08-31', 30, now).toISOString()).toBe('2027-08-02T00:00:00.000Z');
    expect(reminderAt('2026-12-01', 30, now)).toEqual(now);
  });

  it('counts the days left rounded up, never below zero', () => {
    expect(daysLeft('2027-08-31', new Date('2027-08-02T00:00:00Z'))).toBe(30);
    expect(daysLeft('2027-08-31', new Date('2027-08-02T09:30:00Z'))).toBe(30);
    expect(daysLeft('2027-08-31', new Date('2027-09-03T00:00:00Z'))).toBe(0);
    expect(todayUtc(new Date('2026-11-23T23:59:59+03:00'))).toBe('2026-11-23');
  });
});
