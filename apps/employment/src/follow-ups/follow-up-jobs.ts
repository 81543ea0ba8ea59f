/** Scheduled job kinds and keys of follow-ups. The key names the follow-up, so rescheduling replaces, never doubles. */
export const FOLLOW_UP_DUE = 'employment.follow_up.due';
export const FOLLOW_UP_OVERDUE = 'employment.follow_up.overdue';

export const dueKey = (followUpId: string) => `follow-up:${followUpId}:due`;
export const overdueKey = (followUpId: string) => `follow-up:${followUpId}:overdue`;

export interface FollowUpJobPayload {
  followUpId: string;
}

export const DEFAULT_FOLLOW_UP_MONTHS = [6, 12, 36];
export const DEFAULT_OVERDUE_AFTER_DAYS = 30;

/** Midnight UTC of an ISO date, plus whole days. */
export function startOfDay(isoDate: string, plusDays = 0): Date {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d;
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
