import { checkTerms } from './placement-terms';

describe('placement terms', () => {
  const now = new Date('2027-01-01T10:00:00Z');
  const ok = { startsOn: '2027-02-01', endsOn: '2027-05-31', applicationDeadline: new Date('2027-01-15T18:00:00Z') };

  it('accept consistent dates, including a deadline on the start day', () => {
    expect(() => checkTerms(ok, { now, deadlineIsNew: true })).not.toThrow();
    expect(() => checkTerms({ ...ok, applicationDeadline: new Date('2027-02-01T09:00:00Z') }, { now, deadlineIsNew: true })).not.toThrow();
    expect(() => checkTerms({ ...ok, endsOn: ok.startsOn }, { now, deadlineIsNew: true })).not.toThrow();
  });

  it('refuse an end before the start, a deadline after the start, and more than a year', () => {
    expect(() => checkTerms({ ...ok, endsOn: '2027-01-31' }, { now, deadlineIsNew: true })).toThrow(/endsOn/);
    expect(() => checkTerms({ ...ok, applicationDeadline: new Date('2027-02-03T00:00:00Z') }, { now, deadlineIsNew: true })).toThrow(/after the start/);
    expect(() => checkTerms({ ...ok, endsOn: '2028-06-01' }, { now, deadlineIsNew: true })).toThrow(/a year/);
  });

  it('refuse a past deadline only when it is being set', () => {
    const past = { ...ok, applicationDeadline: new Date('2026-12-31T00:00:00Z') };
    expect(() => checkTerms(past, { now, deadlineIsNew: true })).toThrow(/future/);
    expect(() => checkTerms(past, { now, deadlineIsNew: false })).not.toThrow();
  });
});
