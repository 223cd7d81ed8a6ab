// A benchmark population small enough to check by hand: ten women aged 35 (a published group), four
// men aged 45 (a group below k = 10, suppressed), and people who must not be counted at all.
import type { Pool } from 'pg';
import { asRequest, createUser } from '../helpers/db';

/** The ten women's 90-day mean resting heart rates: 50, 52, ..., 68. */
export const WOMEN_RESTING_HR = Array.from({ length: 10 }, (_, i) => 50 + 2 * i);
/** The ten women's fasting glucose (mg/dL, the canonical unit): 80, 82, ..., 98. */
export const WOMEN_GLUCOSE = Array.from({ length: 10 }, (_, i) => 80 + 2 * i);

/** The percentile_cont points (p05 ... p95) of WOMEN_RESTING_HR, worked out by hand: p = v[floor(h)] + frac(h) * (v[floor(h)+1] - v[floor(h)]), h = q * 9. */
export const WOMEN_RESTING_HR_POINTS = { p05: 50.9, p10: 51.8, p25: 54.5, p50: 59, p75: 63.5, p90: 66.2, p95: 67.1 };
/** The same for WOMEN_GLUCOSE (every point 30 above). */
export const WOMEN_GLUCOSE_POINTS = { p05: 80.9, p10: 81.8, p25: 84.5, p50: 89, p75: 93.5, p90: 96.2, p95: 97.1 };

export interface Population {
  women: string[];
  men: string[];
  /** Would shift every percentile if counted: extreme values in the women's group. */
  pendingDeletion: string;
  softDeleted: string;
  minor: string;
  /** A woman of 35 with only three days of data: not counted for that metric. */
  fewDays: string;
}

/** `n` days before today (UTC), as YYYY-MM-DD. */
export function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

function birthDate(yearsOld: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - yearsOld, d.getUTCMonth(), d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}

async function person(pool: Pool, sex: 'male' | 'female', age: number): Promise<string> {
  const id = await createUser(pool, { sex });
  await pool.query('update vitalis.users set date_of_birth = $2 where user_id = $1', [id, birthDate(age)]);
  return id;
}

/** Seven days (1-7 days ago) of one device's daily summary, through the API's upsert as the user. */
export async function dailyDays(pool: Pool, userId: string, values: Record<string, number>, days = 7, source = 'garmin'): Promise<void> {
  const rows = Array.from({ length: days }, (_, i) => ({ date: daysAgo(i + 1), source, ...values }));
  await asRequest(pool, { userId }, (c) => c.query('select * from vitalis.upsert_wearable_daily($1)', [JSON.stringify(rows)]), true);
}

export async function glucoseResult(pool: Pool, userId: string, value: number, collectedAt: string): Promise<void> {
  const { rows } = await pool.query(`select biomarker_id from vitalis.biomarker_dictionary where canonical_name = 'glucose'`);
  const report = [{ lab_name: 'Quest', collected_at: collectedAt, markers: [{ biomarker_id: rows[0].biomarker_id, raw_name: 'Glucose', value_numeric: value, unit: 'mg/dL' }] }];
  await asRequest(pool, { userId }, (c) => c.query('select * from vitalis.upsert_blood_panels($1)', [JSON.stringify(report)]), true);
}

export async function seedPopulation(pool: Pool): Promise<Population> {
  const women: string[] = [];
  for (const [i, hr] of WOMEN_RESTING_HR.entries()) {
    const id = await person(pool, 'female', 35);
    // Steps only for the women: the total over everyone equals their group.
    await dailyDays(pool, id, { resting_hr_bpm: hr, steps: 5000 + 1000 * i });
    // An older result is superseded by the latest one.
    await glucoseResult(pool, id, 150, `${daysAgo(200)}T08:00:00Z`);
    await glucoseResult(pool, id, WOMEN_GLUCOSE[i]!, `${daysAgo(20)}T08:00:00Z`);
    women.push(id);
  }
  const men: string[] = [];
  for (const hr of [45, 55, 65, 75]) {
    const id = await person(pool, 'male', 45);
    await dailyDays(pool, id, { resting_hr_bpm: hr });
    await glucoseResult(pool, id, 100, `${daysAgo(20)}T08:00:00Z`);
    men.push(id);
  }
  const extreme = async (id: string) => {
    await dailyDays(pool, id, { resting_hr_bpm: 110, steps: 40000 });
    await glucoseResult(pool, id, 300, `${daysAgo(20)}T08:00:00Z`);
  };
  const pendingDeletion = await person(pool, 'female', 35);
  await extreme(pendingDeletion);
  await pool.query(`insert into vitalis.deletion_requests (user_id, status, grace_period_ends_at) values ($1, 'pending', now() + interval '30 days')`, [pendingDeletion]);
  const softDeleted = await person(pool, 'female', 35);
  await extreme(softDeleted);
  await pool.query('update vitalis.users set deleted_at = now() where user_id = $1', [softDeleted]);
  const minor = await person(pool, 'female', 16);
  await extreme(minor);
  const fewDays = await person(pool, 'female', 35);
  await dailyDays(pool, fewDays, { resting_hr_bpm: 110 }, 3);
  return { women, men, pendingDeletion, softDeleted, minor, fewDays };
}

export async function refresh(pool: Pool): Promise<Array<{ view_name: string; groups: number; refreshed_concurrently: boolean }>> {
  return (await pool.query('select * from vitalis_private.refresh_benchmarks()')).rows;
}
