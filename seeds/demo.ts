// Demo data: one user with 120 days of wearable data from two sources, sleep, a few workouts, a
// blood panel and mood check-ins, written through the same functions and RLS as real ingestion.
// `npm run seed:demo` runs it against DATABASE_URL (or the embedded default); `npm start` runs it
// once on a fresh embedded database.
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/open';
import { seedBenchmarkCohort } from './benchmarkCohort';

export const DEMO_EMAIL = 'demo@vitalis.local';

// A small deterministic PRNG (mulberry32) so the demo looks the same on every machine.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemo(url: string, days = 120): Promise<{ userId: string; created: boolean }> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    const existing = await client.query(`select user_id from vitalis.users where email = $1`, [DEMO_EMAIL]);
    if (existing.rowCount) return { userId: existing.rows[0].user_id, created: false };
    await client.query('begin');
    const { rows } = await client.query(
      `with a as (insert into vitalis.accounts default values returning account_id)
       insert into vitalis.users (account_id, email, display_name, biological_sex, date_of_birth, email_verified_at)
       select account_id, $1, 'Demo User', 'female', date '1988-04-12', now() from a returning user_id`,
      [DEMO_EMAIL],
    );
    const userId: string = rows[0].user_id;
    await client.query(`select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true)`, [userId]);
    const rnd = random(42);
    const daily: object[] = [];
    const sleep: object[] = [];
    const activities: object[] = [];
    const today = new Date();
    for (let i = days; i >= 1; i--) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
      const date = d.toISOString().slice(0, 10);
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      const steps = Math.round((weekend ? 6000 : 9000) + rnd() * 5000);
      daily.push({ date, source: 'garmin', steps, resting_hr_bpm: Math.round(54 + rnd() * 8), distance_m: Math.round(steps * 0.75), active_calories_kcal: Math.round(steps * 0.045), stress_avg: Math.round(20 + rnd() * 30), body_battery_start: Math.round(60 + rnd() * 40), body_battery_end: Math.round(10 + rnd() * 30) });
      daily.push({ date, source: 'oura', readiness_score: Math.round(60 + rnd() * 35), hrv_rmssd_ms: Math.round((35 + rnd() * 40) * 100) / 100, skin_temp_deviation_c: Math.round((rnd() - 0.5) * 80) / 100 });
      const total = Math.round(380 + rnd() * 100);
      const deep = Math.round(total * 0.18);
      const rem = Math.round(total * 0.22);
      const end = new Date(d.getTime() + 6.5 * 3600000);
      sleep.push({ sleep_date: date, source: 'oura', total_sleep_minutes: total, deep_minutes: deep, rem_minutes: rem, light_minutes: total - deep - rem, awake_minutes: Math.round(20 + rnd() * 30), sleep_score: Math.round(65 + rnd() * 30), sleep_start: new Date(end.getTime() - (total + 30) * 60000).toISOString(), sleep_end: end.toISOString() });
      if (i % 3 === 0) {
        activities.push({ activity_date: date, source: 'garmin', source_activity_id: `demo-${date}`, activity_type: i % 2 ? 'running' : 'cycling', activity_name: i % 2 ? 'Morning Run' : 'Evening Ride', duration_seconds: Math.round(1800 + rnd() * 2400), avg_hr_bpm: Math.round(135 + rnd() * 20), calories_kcal: Math.round(300 + rnd() * 400) });
      }
    }
    await client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify(daily)]);
    await client.query(`select * from vitalis.upsert_wearable_sleep($1)`, [JSON.stringify(sleep)]);
    await client.query(`select * from vitalis.upsert_wearable_activities($1)`, [JSON.stringify(activities)]);
    const panel = await client.query(`insert into vitalis.blood_panels (lab_name, panel_name, collected_at, fasting) values ('Quest Diagnostics', 'Annual panel', now() - interval '30 days', true) returning panel_id`);
    await client.query(
      `insert into vitalis.blood_markers (panel_id, biomarker_id, raw_name, value_numeric, unit)
       select $1, d.biomarker_id, upper(d.display_name), v.value, v.unit
         from (values ('glucose', 88::numeric, 'mg/dL'), ('hdl_cholesterol', 62, 'mg/dL'), ('ldl_cholesterol', 104, 'mg/dL'),
                      ('triglycerides', 71, 'mg/dL'), ('ferritin', 48, 'ng/mL'), ('tsh', 1.9, 'mIU/L')) v(slug, value, unit)
         join vitalis.biomarker_dictionary d on d.canonical_name = v.slug`,
      [panel.rows[0].panel_id],
    );
    for (let i = 14; i >= 1; i--) {
      await client.query(`insert into vitalis.mood_journal (journal_date, mood_score, energy_score, stress_score) values (current_date - $1::int, $2, $3, $4)`,
        [i, 1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 5)]);
    }
    await client.query('commit');
    // Enough people in the demo user's group for the benchmarks to publish it (k = 10).
    await seedBenchmarkCohort(url);
    return { userId, created: true };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
    await pool.end();
  }
}

if (require.main === module) {
  (async () => {
    const db = await openDatabase(loadConfig(), { quiet: true });
    try {
      const { userId, created } = await seedDemo(db.url);
      console.log(created ? `Seeded demo user ${DEMO_EMAIL} (${userId})` : `Demo user ${DEMO_EMAIL} already exists (${userId})`);
    } finally {
      await db.close();
    }
  })().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
