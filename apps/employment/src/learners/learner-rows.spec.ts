import { isMinor, rowsOfUpload, UploadError, validateRows } from './learner-rows';

const good = { schoolRef: 'R1', fullName: 'Ann Example', dateOfBirth: '2008-03-14', specialty: 'welding', cohortYear: 2024, expectedGraduation: '2027-06-30', region: 'UZ-TK' };

describe('bulk learner rows', () => {
  it('reads CSV cells into typed rows and reports each bad row with its field', () => {
    const csv = [
      'schoolRef,fullName,dateOfBirth,specialty,cohortYear,expectedGraduation,region,email,consentFollowUpContact',
      'R1,Ann Example,2008-03-14,welding,2024,2027-06-30,UZ-TK,ann@example.uz,yes',
      'R2,Bob Example,14.03.2008,welding,20x4,2027-06-30,UZ-TK,,no',
      'R1,Cem Example,2008-01-01,welding,2024,2027-06-30,tashkent,,',
    ].join('\n');
    const { valid, errors } = validateRows(rowsOfUpload(csv));
    expect(valid).toHaveLength(1);
    expect(valid[0]).toMatchObject({ schoolRef: 'R1', cohortYear: 2024, consentFollowUpContact: true, email: 'ann@example.uz' });
    expect(new Set(errors.filter((e) => e.row === 2).map((e) => e.field))).toEqual(new Set(['dateOfBirth', 'cohortYear']));
    expect(errors.filter((e) => e.row === 3).map((e) => e.field)).toEqual(['region']);
  });

  it('refuses a CSV with unknown or missing columns, and JSON that is not { learners }', () => {
    expect(() => rowsOfUpload('schoolRef,nickname\nR1,x')).toThrow(UploadError);
    expect(() => rowsOfUpload([good])).toThrow(UploadError);
    expect(rowsOfUpload({ learners: [good] })).toEqual([good]);
  });

  it('flags repeated school references within one upload and unknown fields', () => {
    const { errors } = validateRows([good, { ...good }, { ...good, schoolRef: 'R3', nickname: 'x' }]);
    expect(errors).toEqual([
      { row: 2, field: 'schoolRef', message: 'schoolRef repeats row 1' },
      { row: 3, field: 'nickname', message: 'property nickname should not exist' },
    ]);
  });

  it('computes minority on the day, not from the year alone', () => {
    expect(isMinor('2008-03-14', new Date('2026-03-13T12:00:00Z'))).toBe(true);
    expect(isMinor('2008-03-14', new Date('2026-03-14T12:00:00Z'))).toBe(false);
  });
});
