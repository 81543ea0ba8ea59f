import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRADUATE_STATUSES, GraduateStatus } from '@hamkor/contracts';

/** One aggregate row as the database returns it (counts as strings, as pg returns bigint). */
export interface OutcomeRow {
  graduates: string | number;
  employed: string | number;
  self_employed: string | number;
  further_study: string | number;
  unemployed_seeking: string | number;
  inactive: string | number;
  unknown: string | number;
  median_months: string | number | null;
  with_internship: string | number;
  hired_by_host: string | number;
}

export class Outcome {
  @ApiProperty({ example: 120 }) graduates!: number;
  @ApiProperty({ example: 96, description: 'graduates whose current status is known (not unknown, and reported at all)' }) knownStatus!: number;
  @ApiPropertyOptional({ example: 0.8, nullable: true, description: 'knowledge rate (NACE): knownStatus / graduates' }) knowledgeRate!: number | null;
  @ApiPropertyOptional({ example: 0.75, nullable: true, description: '(employed + self_employed) / knownStatus' }) employmentRate!: number | null;
  @ApiProperty({ example: { employed: 60, self_employed: 12, further_study: 14, unemployed_seeking: 6, inactive: 4, unknown: 24 }, description: 'current status of each graduate; unknown includes graduates never reported' })
  statusBreakdown!: Record<GraduateStatus, number>;
  @ApiPropertyOptional({ example: 3, nullable: true, description: 'median of whole calendar months from graduation to the first employed/self_employed status (0 when in work already)' })
  medianMonthsToFirstJob!: number | null;
  @ApiProperty({ example: { withInternship: 40, hiredByHost: 10, conversionRate: 0.25 }, description: 'graduates with a completed internship, and those later hired by a host enterprise' })
  internshipToHire!: { withInternship: number; hiredByHost: number; conversionRate: number | null };
}

export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export function toOutcome(r: OutcomeRow): Outcome {
  const n = (v: string | number) => Number(v);
  const statusBreakdown = Object.fromEntries(GRADUATE_STATUSES.map((s) => [s, n(r[s])])) as Record<GraduateStatus, number>;
  const graduates = n(r.graduates);
  const knownStatus = graduates - statusBreakdown.unknown;
  const withInternship = n(r.with_internship);
  const hiredByHost = n(r.hired_by_host);
  return {
    graduates,
    knownStatus,
    knowledgeRate: rate(knownStatus, graduates),
    employmentRate: rate(statusBreakdown.employed + statusBreakdown.self_employed, knownStatus),
    statusBreakdown,
    medianMonthsToFirstJob: r.median_months === null ? null : Number(r.median_months),
    internshipToHire: { withInternship, hiredByHost, conversionRate: rate(hiredByHost, withInternship) },
  };
}
