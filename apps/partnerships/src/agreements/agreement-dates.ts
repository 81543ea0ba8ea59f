const DAY_MS = 24 * 60 * 60 * 1000;

/** Today's date in UTC, as YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** An agreement comes into force at the start of its start date (UTC). */
export function activationAt(startsOn: string): Date {
  return new Date(`${startsOn}T00:00:00.000Z`);
}

/** It is in force through its end date, so it expires at the start of the next day (UTC). */
export function expiryAt(endsOn: string): Date {
  return new Date(new Date(`${endsOn}T00:00:00.000Z`).getTime() + DAY_MS);
}

/** The reminder goes out `days` before expiry, or at once when that moment has already passed. */
export function reminderAt(endsOn: string, days: number, now = new Date()): Date {
  const at = new Date(expiryAt(endsOn).getTime() - days * DAY_MS);
  return at < now ? now : at;
}

/** Whole days left until expiry, rounded up (a reminder at 30 days before says 30). */
export function daysLeft(endsOn: string, now = new Date()): number {
  return Math.max(0, Math.ceil((expiryAt(endsOn).getTime() - now.getTime()) / DAY_MS));
}
