/** OpenAPI response examples. */
export const STAFFING_RETURN_EXAMPLE = {
  schoolId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  year: 2026,
  subject: 'mathematics',
  teachersNow: 10,
  retiring: [1, 0, 2, 1, 0],
  classesNow: 20,
  classesProjected: [22, 24, 25, 27, 30],
  weeklyHoursPerClass: 5,
  weeklyHoursPerTeacher: 18,
  filedAt: '2026-09-15T08:00:00.000Z',
};
