import { UnprocessableEntityException } from '@nestjs/common';

export interface PlacementTerms {
  startsOn: string;
  endsOn: string;
  applicationDeadline: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The rules that tie a placement's dates together: nominations close before the internship starts,
 * it ends after it starts, and it lasts at most a year. A deadline in the past is refused only when the
 * caller sets it (an edit of other fields keeps the deadline it has).
 */
export function checkTerms(t: PlacementTerms, opts: { now: Date; deadlineIsNew: boolean; label?: string }): void {
  const problems: string[] = [];
  const start = Date.parse(`${t.startsOn}T00:00:00Z`);
  const end = Date.parse(`${t.endsOn}T00:00:00Z`);
  if (end < start) problems.push('endsOn must not be before startsOn');
  if (end - start > 366 * DAY_MS) problems.push('an internship lasts at most a year');
  if (opts.deadlineIsNew && t.applicationDeadline.getTime() <= opts.now.getTime()) problems.push('applicationDeadline must be in the future');
  // The whole start day counts, so a deadline on the morning of the first day is allowed.
  if (t.applicationDeadline.getTime() > start + DAY_MS) problems.push('applicationDeadline must not be after the start date');
  if (problems.length) throw new UnprocessableEntityException(`${opts.label ? `${opts.label}: ` : ''}${problems.join('; ')}`);
}
