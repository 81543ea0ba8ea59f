import { rate, toOutcome } from './outcome-math';

describe('outcome figures', () => {
  it('derives rates from counts: knowledge over graduates, employment over known, conversion over interns', () => {
    const o = toOutcome({
      graduates: '10', employed: '3', self_employed: '1', further_study: '1', unemployed_seeking: '1', inactive: '0', unknown: '4',
      median_months: '2.5', with_internship: '3', hired_by_host: '1',
    });
    expect(o).toEqual({
      graduates: 10,
      knownStatus: 6,
      knowledgeRate: 0.6,
      employmentRate: 0.6667,
      statusBreakdown: { employed: 3, self_employed: 1, further_study: 1, unemployed_seeking: 1, inactive: 0, unknown: 4 },
      medianMonthsToFirstJob: 2.5,
      internshipToHire: { withInternship: 3, hiredByHost: 1, conversionRate: 0.3333 },
    });
  });

  it('has no rate where nothing is known', () => {
    expect(rate(0, 0)).toBeNull();
    const o = toOutcome({ graduates: 0, employed: 0, self_employed: 0, further_study: 0, unemployed_seeking: 0, inactive: 0, unknown: 0, median_months: null, with_internship: 0, hired_by_host: 0 });
    expect(o.knowledgeRate).toBeNull();
    expect(o.employmentRate).toBeNull();
    expect(o.medianMonthsToFirstJob).toBeNull();
  });
});
