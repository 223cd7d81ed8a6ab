// Demo data for the benchmarks (docs/analytics.md): a group is published only with 10 or more
// people, so one demo user alone would never see a percentile. This adds 36 synthetic people who
// cannot sign in (no password), 12 in the demo user's group (women 30-39) and 12 in each of two
// other groups, with 90 days of wearable data and a blood panel each, written through the same
// functions and RLS as real ingestion, then refreshes the benchmark views. Runs once.
import { Pool, type PoolClient } from 'pg';
import { endPool } from '../src/db/pools';
import { mulberry32 } from './random';

const GROUPS = [
  { sex: 'female', birthYearsAgo: 35 },
  { sex: 'male', birthYearsAgo: 35 },
  { sex: 'female', birthYearsAgo: 45 },
] as const;
const PER_GROUP = 12;
const DAYS = 90;


export const cohortEmail = (n: number) => `benchmark-cohort-${String(n).padStart(2, '0')}@vitalis.local`;

async function seedPerson(client: PoolClient, n: number, group: (typeof GROUPS)[number], rnd: () => number): Promise<void> {
  const { rows } = await client.query(
    `with a as (insert into vitalis.accounts default values returning account_id)
     insert into vitalis.users (account_id, email, display_name, biological_sex, date_of_birth)
     select account_id, $1, $2, $3, (current_date - make_interval(years => $4, days => $5))::date from a returning user_id`,
    [cohortEmail(n), `Benchmark cohort ${n}`, group.sex, group.birthYearsAgo, Math.floor(rnd() * 300)],
  );
  await client.query(`select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true)`, [rows[0].user_id]);
  // Each person has their own level, and days scatter around it.
  const level = { steps: 5000 + rnd() * 8000, hr: 50 + rnd() * 20, hrv: 25 + rnd() * 60, sleep: 360 + rnd() * 120 };
  const daily: object[] = [];
  const sleep: object[] = [];
  const today = new Date();
  for (let i = DAYS; i >= 1; i--) {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    daily.push({ date, source: 'garmin', steps: Math.round(level.steps * (0.7 + rnd() * 0.6)), resting_hr_bpm: Math.round(level.hr + (rnd() - 0.5) * 6) });
    daily.push({ date, source: 'oura', hrv_rmssd_ms: Math.round((level.hrv + (rnd() - 0.5) * 20) * 100) / 100, readiness_score: Math.round(55 + rnd() * 40) });
    sleep.push({ sleep_date: date, source: 'oura', total_sleep_minutes: Math.round(level.sleep + (rnd() - 0.5) * 90), sleep_score: Math.round(60 + rnd() * 35) });
  }
  await client.query('select * from vitalis.upsert_wearable_daily($1)', [JSON.stringify(daily)]);
  await client.query('select * from vitalis.upsert_wearable_sleep($1)', [JSON.stringify(sleep)]);
  const markers = [
    ['glucose', 75 + rnd() * 30, 'mg/dL'],
    ['hdl_cholesterol', 40 + rnd() * 40, 'mg/dL'],
    ['ldl_cholesterol', 70 + rnd() * 90, 'mg/dL'],
    ['triglycerides', 50 + rnd() * 150, 'mg/dL'],
  ] as const;
  const { rows: dictionary } = await client.query(`select canonical_name, biomarker_id from vitalis.biomarker_dictionary where canonical_name = any($1)`, [markers.map((m) => m[0])]);
  const ids = new Map(dictionary.map((d) => [d.canonical_name as string, d.biomarker_id as string]));
  const collectedAt = new Date(Date.now() - (20 + Math.floor(rnd() * 300)) * 86_400_000).toISOString();
  const report = [{ lab_name: 'Demo Lab', collected_at: collectedAt, markers: markers.map(([name, value, unit]) => ({ biomarker_id: ids.get(name), raw_name: name, value_numeric: Math.round(value), unit })) }];
  await client.query('select * from vitalis.upsert_blood_panels($1)', [JSON.stringify(report)]);
  await client.query(`select set_config('role', 'none', true), set_config('app.current_user_id', '', true)`);
}

/** Adds the cohort (once) and refreshes the benchmark views; returns how many people it added. */
export async function seedBenchmarkCohort(url: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    const existing = await client.query('select 1 from vitalis.users where email = $1', [cohortEmail(1)]);
    let added = 0;
    if (!existing.rowCount) {
      const rnd = mulberry32(7);
      await client.query('begin');
      for (const [g, group] of GROUPS.entries()) {
        for (let i = 1; i <= PER_GROUP; i++) await seedPerson(client, g * PER_GROUP + i, group, rnd);
      }
      await client.query('commit');
      added = GROUPS.length * PER_GROUP;
    }
    await client.query('select * from vitalis_private.refresh_benchmarks()');
    return added;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
    // Its connection closed before this returns: a caller may drop the database next (tests do).
    await endPool(pool);
  }
}
