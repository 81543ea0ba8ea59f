/**
 * Teacher-demand forecast. THE FORMULA (also in the OpenAPI description of the forecast endpoint):
 *
 * A school's staffing return for subject S and year Y gives
 *   T0     teachers of S now,
 *   R[k]   teachers of S retiring in year Y+k (k = 1..5),
 *   C0     classes now, C[k] classes projected for year Y+k,
 *   hc     weekly hours of S per class, ht weekly teaching hours of one full-time teacher.
 *
 * For each year Y+k (k = 0 is the current year, C[0] = C0, no retirements yet):
 *   needed[k]    = ceil(C[k] × hc / ht)                 full-time posts the school needs
 *                  (rounded up per school: a fraction of a post is still a post at that school)
 *   available[k] = max(0, T0 − (R[1] + … + R[k]))        teachers left after retirements
 *   gap[k]       = needed[k] − available[k]              > 0 shortage, < 0 surplus
 *
 * A region's or cluster's forecast adds the schools up: needed, available and gap are sums, and
 * shortage[k] = Σ max(0, gap_school[k]) is the posts to fill in the schools that lack teachers (a surplus
 * in one school does not staff another).
 */
export interface StaffingFigures {
  teachersNow: number;
  retiring: number[];
  classesNow: number;
  classesProjected: number[];
  weeklyHoursPerClass: number;
  weeklyHoursPerTeacher: number;
}

export interface ForecastYear {
  year: number;
  classes: number;
  weeklyHours: number;
  teachersNeeded: number;
  teachersAvailable: number;
  gap: number;
  shortage: number;
}

export const MAX_HORIZON = 5;

/** One school's years Y .. Y+horizon. */
export function forecastSchool(r: StaffingFigures, baseYear: number, horizon: number): ForecastYear[] {
  const years: ForecastYear[] = [];
  let retired = 0;
  for (let k = 0; k <= horizon; k++) {
    const classes = k === 0 ? r.classesNow : r.classesProjected[k - 1];
    if (k > 0) retired += r.retiring[k - 1];
    const weeklyHours = round2(classes * r.weeklyHoursPerClass);
    // The small epsilon keeps 18.000000001 (floating point) from becoming 19 posts.
    const teachersNeeded = Math.ceil(weeklyHours / r.weeklyHoursPerTeacher - 1e-9);
    const teachersAvailable = Math.max(0, r.teachersNow - retired);
    const gap = teachersNeeded - teachersAvailable;
    years.push({ year: baseYear + k, classes, weeklyHours, teachersNeeded, teachersAvailable, gap, shortage: Math.max(0, gap) });
  }
  return years;
}

/** Several schools' forecasts added up, year by year. */
export function forecastTotal(returns: StaffingFigures[], baseYear: number, horizon: number): ForecastYear[] {
  const total = Array.from({ length: horizon + 1 }, (_, k) => ({ year: baseYear + k, classes: 0, weeklyHours: 0, teachersNeeded: 0, teachersAvailable: 0, gap: 0, shortage: 0 }));
  for (const r of returns) {
    forecastSchool(r, baseYear, horizon).forEach((y, k) => {
      const t = total[k];
      t.classes += y.classes;
      t.weeklyHours = round2(t.weeklyHours + y.weeklyHours);
      t.teachersNeeded += y.teachersNeeded;
      t.teachersAvailable += y.teachersAvailable;
      t.gap += y.gap;
      t.shortage += y.shortage;
    });
  }
  return total;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
