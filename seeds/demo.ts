// Demo data: one user with a year of wearable data from two sources, sleep, workouts, blood panels
// every three months, daily mood check-ins, a supplement with its intake log and two goals (yesterday alerts one), written
// through the same functions and RLS as real ingestion. Two relationships are planted for the
// insights to find (test/insights/demoSeed.test.ts): a short night lowers the next day's HRV,
// and magnesium, started 120 days ago and taken most evenings, deepens the night's deep sleep.
// `npm run seed:demo` runs it against DATABASE_URL (or the embedded default); `npm start` runs it
// once on a fresh embedded database.
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/open';
import { endPool } from '../src/db/pools';
import { seedBenchmarkCohort } from './benchmarkCohort';
import { mulberry32 } from './random';

export const DEMO_EMAIL = 'demo@vitalis.local';


/** Days before today on which magnesium was started (when the history reaches that far back). */
export const DEMO_MAGNESIUM_DAYS = 120;

export async function seedDemo(url: string, days = 365): Promise<{ userId: string; created: boolean }> {
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
    const rnd = mulberry32(42);
    const daily: object[] = [];
    const sleep: object[] = [];
    const activities: object[] = [];
    const today = new Date();
    const magnesiumFrom = Math.min(DEMO_MAGNESIUM_DAYS, days - 1);
    const magnesiumLogs: string[] = [];
    let previousTotal = 430;
    let tookMagnesiumLastEvening = false;
    for (let i = days; i >= 1; i--) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
      const date = d.toISOString().slice(0, 10);
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      const steps = Math.round((weekend ? 6000 : 9000) + rnd() * 5000);
      // Planted: HRV follows the previous night's sleep (0.25 ms per minute around 430 minutes).
      const hrv = Math.round((52 + 0.25 * (previousTotal - 430) + (rnd() - 0.5) * 30) * 100) / 100;
      // Yesterday's resting heart rate is up (a hard week): the resting-HR goal below alerts on it.
      const restingHr = Math.round(54 + rnd() * 8);
      daily.push({ date, source: 'garmin', steps, resting_hr_bpm: i === 1 ? 68 : restingHr, distance_m: Math.round(steps * 0.75), active_calories_kcal: Math.round(steps * 0.045), stress_avg: Math.round(20 + rnd() * 30), body_battery_start: Math.round(60 + rnd() * 40), body_battery_end: Math.round(10 + rnd() * 30) });
      daily.push({ date, source: 'oura', readiness_score: Math.round(60 + rnd() * 35), hrv_rmssd_ms: hrv, skin_temp_deviation_c: Math.round((rnd() - 0.5) * 80) / 100 });
      const total = Math.round(380 + rnd() * 100);
      // Planted: magnesium the evening before adds about 12 minutes of deep sleep.
      const deep = Math.round(total * 0.16 + (tookMagnesiumLastEvening ? 12 : 0) + (rnd() - 0.5) * 12);
      const rem = Math.round(total * 0.22);
      const end = new Date(d.getTime() + 6.5 * 3600000);
      sleep.push({ sleep_date: date, source: 'oura', total_sleep_minutes: total, deep_minutes: deep, rem_minutes: rem, light_minutes: total - deep - rem, awake_minutes: Math.round(20 + rnd() * 30), sleep_score: Math.round(65 + rnd() * 30), sleep_start: new Date(end.getTime() - (total + 30) * 60000).toISOString(), sleep_end: end.toISOString() });
      previousTotal = total;
      if (i % 3 === 0) {
        activities.push({ activity_date: date, source: 'garmin', source_activity_id: `demo-${date}`, activity_type: i % 2 ? 'running' : 'cycling', activity_name: i % 2 ? 'Morning Run' : 'Evening Ride', duration_seconds: Math.round(1800 + rnd() * 2400), avg_hr_bpm: Math.round(135 + rnd() * 20), calories_kcal: Math.round(300 + rnd() * 400) });
      }
      // Taken most evenings (about 85 %) from the day it was started.
      tookMagnesiumLastEvening = i <= magnesiumFrom && rnd() < 0.85;
      if (tookMagnesiumLastEvening) magnesiumLogs.push(`${date}T21:00:00Z`);
    }
    await client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify(daily)]);
    await client.query(`select * from vitalis.upsert_wearable_sleep($1)`, [JSON.stringify(sleep)]);
    await client.query(`select * from vitalis.upsert_wearable_activities($1)`, [JSON.stringify(activities)]);
    // A panel every 90 days (the newest 30 days ago): from the fourth on, a personal range.
    for (let ago = 30; ago <= days; ago += 90) {
      const panel = await client.query(
        `insert into vitalis.blood_panels (lab_name, panel_name, collected_at, fasting) values ('Quest Diagnostics', 'Quarterly panel', now() - make_interval(days => $1), true) returning panel_id`,
        [ago],
      );
      const drift = () => 1 + (rnd() - 0.5) * 0.16;
      await client.query(
        `insert into vitalis.blood_markers (panel_id, biomarker_id, raw_name, value_numeric, unit)
         select $1, d.biomarker_id, upper(d.display_name), round(v.value * ($2::numeric[])[v.n], 1), v.unit
           from (values (1, 'glucose', 88::numeric, 'mg/dL'), (2, 'hdl_cholesterol', 62, 'mg/dL'), (3, 'ldl_cholesterol', 104, 'mg/dL'),
                        (4, 'triglycerides', 71, 'mg/dL'), (5, 'ferritin', 48, 'ng/mL'), (6, 'tsh', 1.9, 'mIU/L')) v(n, slug, value, unit)
           join vitalis.biomarker_dictionary d on d.canonical_name = v.slug`,
        [panel.rows[0].panel_id, [drift(), drift(), drift(), drift(), drift(), drift()]],
      );
    }
    // Mood check-ins on most days.
    const moods: object[] = [];
    for (let i = days; i >= 1; i--) {
      if (rnd() < 0.85) moods.push({ ago: i, mood: 1 + Math.floor(rnd() * 5), energy: 1 + Math.floor(rnd() * 5), stress: 1 + Math.floor(rnd() * 5) });
    }
    await client.query(
      `insert into vitalis.mood_journal (journal_date, mood_score, energy_score, stress_score)
       select current_date - m.ago, m.mood, m.energy, m.stress from jsonb_to_recordset($1::jsonb) as m(ago int, mood smallint, energy smallint, stress smallint)`,
      [JSON.stringify(moods)],
    );
    const magnesium = await client.query(
      `insert into vitalis.supplements (name, brand, dose_amount, dose_unit, frequency, timing, started_at, purpose)
       values ('Magnesium glycinate', 'Thorne', 200, 'mg', 'daily', 'evening', current_date - $1::int, 'sleep') returning supplement_id`,
      [magnesiumFrom],
    );
    await client.query(
      `insert into vitalis.supplement_logs (supplement_id, taken_at, dose_amount, dose_unit)
       select $1, t::timestamptz, 200, 'mg' from unnest($2::text[]) t`,
      [magnesium.rows[0].supplement_id, magnesiumLogs],
    );
    await client.query(
      `insert into vitalis.goals (metric_type, metric_name, target_value, target_unit, direction, alert_threshold_low, notes)
       values ('wearable', 'hrv_rmssd_ms', 60, 'ms', 'maximize', 35, 'Keep HRV up: sleep at least seven hours')`,
    );
    await client.query(
      `insert into vitalis.goals (metric_type, metric_name, target_value, target_unit, direction, alert_threshold_high, notes)
       values ('wearable', 'resting_hr_bpm', 55, 'bpm', 'minimize', 65, 'Resting heart rate down to 55')`,
    );
    await client.query('commit');
    // Enough people in the demo user's group for the benchmarks to publish it (k = 10).
    await seedBenchmarkCohort(url);
    return { userId, created: true };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
    // Its connection closed before this returns: a caller may drop the database next (tests do).
    await endPool(pool);
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
