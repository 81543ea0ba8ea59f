import { forecastSchool, forecastTotal, StaffingFigures } from './forecast';

/** Hand-computed cases: every number below was worked out on paper from the formula in forecast.ts. */
describe('teacher-demand forecast', () => {
  // School A, mathematics, 2026: 10 teachers; 1, 0, 2, 1, 0 retiring; 20 classes now, growing.
  // 5 h of maths per class a week, a teacher teaches 18 h.
  const a: StaffingFigures = {
    teachersNow: 10,
    retiring: [1, 0, 2, 1, 0],
    classesNow: 20,
    classesProjected: [22, 24, 25, 27, 30],
    weeklyHoursPerClass: 5,
    weeklyHoursPerTeacher: 18,
  };
  // School B: 4 teachers, 2 retiring next year; 9 classes, steady; 4 h a class, 16 h a teacher.
  const b: StaffingFigures = {
    teachersNow: 4,
    retiring: [2, 0, 0, 0, 0],
    classesNow: 9,
    classesProjected: [9, 9, 9, 9, 9],
    weeklyHoursPerClass: 4,
    weeklyHoursPerTeacher: 16,
  };

  it('computes one school year by year', () => {
    // 2026: 20×5 = 100 h → ceil(100/18) = ceil(5.56) = 6 needed; 10 available; gap −4
    // 2027: 22×5 = 110 h → ceil(6.11) = 7; 10−1 = 9; gap −2
    // 2028: 24×5 = 120 h → ceil(6.67) = 7; 9−0 = 9; gap −2
    // 2029: 25×5 = 125 h → ceil(6.94) = 7; 9−2 = 7; gap 0
    // 2030: 27×5 = 135 h → ceil(7.5) = 8; 7−1 = 6; gap 2
    // 2031: 30×5 = 150 h → ceil(8.33) = 9; 6−0 = 6; gap 3
    expect(forecastSchool(a, 2026, 5).map((y) => [y.year, y.weeklyHours, y.teachersNeeded, y.teachersAvailable, y.gap])).toEqual([
      [2026, 100, 6, 10, -4],
      [2027, 110, 7, 9, -2],
      [2028, 120, 7, 9, -2],
      [2029, 125, 7, 7, 0],
      [2030, 135, 8, 6, 2],
      [2031, 150, 9, 6, 3],
    ]);
  });

  it('counts an exact multiple as that many posts, and never fewer than zero teachers', () => {
    // 36 h / 18 h = exactly 2 posts, not 3; 3 teachers with 5 retiring leaves 0, not −2.
    const exact = forecastSchool({ teachersNow: 3, retiring: [5, 0, 0, 0, 0], classesNow: 12, classesProjected: [12, 12, 12, 12, 12], weeklyHoursPerClass: 3, weeklyHoursPerTeacher: 18 }, 2026, 3);
    expect(exact.map((y) => [y.teachersNeeded, y.teachersAvailable, y.gap])).toEqual([
      [2, 3, -1],
      [2, 0, 2],
      [2, 0, 2],
      [2, 0, 2],
    ]);
    // 0.1 h a class × 30 classes = 3 h: floating point must not turn 3/3 into 2 posts.
    expect(forecastSchool({ teachersNow: 1, retiring: [0, 0, 0, 0, 0], classesNow: 30, classesProjected: [30, 30, 30, 30, 30], weeklyHoursPerClass: 0.1, weeklyHoursPerTeacher: 3 }, 2026, 3)[0].teachersNeeded).toBe(1);
  });

  it('adds schools up: net gap, and shortage only where a school lacks teachers', () => {
    // B: 36 h / 16 = ceil(2.25) = 3 needed every year; available 4, then 2.
    //   2026: gap −1; 2027..: gap 1.
    // A + B, 2026: needed 6+3 = 9, available 10+4 = 14, gap −5, shortage 0
    //        2027: needed 7+3 = 10, available 9+2 = 11, gap −1, shortage 0+1 = 1 (A's surplus does not staff B)
    //        2030: needed 8+3 = 11, available 6+2 = 8, gap 3, shortage 2+1 = 3
    const total = forecastTotal([a, b], 2026, 4);
    expect(total).toHaveLength(5);
    expect(total.map((y) => [y.year, y.classes, y.teachersNeeded, y.teachersAvailable, y.gap, y.shortage])).toEqual([
      [2026, 29, 9, 14, -5, 0],
      [2027, 31, 10, 11, -1, 1],
      [2028, 33, 10, 11, -1, 1],
      [2029, 34, 10, 9, 1, 1],
      [2030, 36, 11, 8, 3, 3],
    ]);
  });

  it('gives zeros for no returns', () => {
    expect(forecastTotal([], 2026, 3).every((y) => y.teachersNeeded === 0 && y.gap === 0)).toBe(true);
  });
});
