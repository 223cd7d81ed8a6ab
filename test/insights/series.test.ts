// Series extraction (vitalis_private.insights_daily_values and src/insights/series.ts): one value
// per metric and local day from each source the insights read, sources resolved by the user's
// priorities, timestamps turned into days in the user's time zone, and nothing of anyone else's.
import type { PoolClient } from 'pg';
import { MAX_SERIES, readUserSeries } from '../../src/insights/series';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let user: string;
let other: string;

/** The metric's values as { day: value } between the two days, read as the user. */
async function values(client: PoolClient, metric: string, from = '2026-01-01', to = '2026-01-31'): Promise<Record<string, number>> {
  const { rows } = await client.query<{ day: string; value: number }>(
    'select day::text as day, value from vitalis_private.insights_daily_values($1, $2) where metric = $3 order by day',
    [from, to, metric],
  );
  return Object.fromEntries(rows.map((r) => [r.day, r.value]));
}

beforeAll(async () => {
  user = await createUser(db.pool);
  other = await createUser(db.pool);
  const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);
  // Two sources on 2026-01-05: oura first for HRV by default, garmin first for steps.
  await q(`insert into vitalis.wearable_daily (user_id, date, source, hrv_rmssd_ms, steps, resting_hr_bpm, readiness_score) values
           ($1, '2026-01-05', 'oura', 40, 5000, 50, 80), ($1, '2026-01-05', 'garmin', 60, 9000, 55, null),
           ($1, '2026-01-06', 'garmin', 61, 9100, null, null)`, [user]);
  await q(`insert into vitalis.wearable_sleep (user_id, sleep_date, source, total_sleep_minutes, sleep_score, deep_minutes) values
           ($1, '2026-01-05', 'garmin', 400, 70, 60), ($1, '2026-01-05', 'oura', 420, null, 75)`, [user]);
  // Training load: TSS where the source has it, Edwards TRIMP otherwise; the same ride from a
  // lower-ranked source (overlapping in time) is not counted twice.
  await q(`insert into vitalis.wearable_activities (user_id, activity_date, source, source_activity_id, activity_type, start_time, end_time, training_stress_score,
             hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds) values
           ($1, '2026-01-07', 'garmin', 'g1', 'cycling', '2026-01-07T08:00Z', '2026-01-07T09:00Z', 55, null, null, null),
           ($1, '2026-01-07', 'strava', 's1', 'cycling', '2026-01-07T08:01Z', '2026-01-07T09:00Z', 80, null, null, null),
           ($1, '2026-01-07', 'garmin', 'g2', 'running', '2026-01-07T18:00Z', '2026-01-07T18:30Z', null, 600, 600, 600)`, [user]);
  const session = await q(`insert into vitalis.lifting_sessions (user_id, session_date, source) values ($1, '2026-01-08', 'manual') returning session_id`, [user]);
  await q(`insert into vitalis.lifting_sets (user_id, session_id, weight_lbs, reps, is_warmup) values ($1, $2, 100, 10, false), ($1, $2, 200, 5, false), ($1, $2, 45, 10, true)`,
    [user, session.rows[0].session_id]);
  await q(`insert into vitalis.mood_journal (user_id, journal_date, mood_score, energy_score, stress_score) values ($1, '2026-01-09', 4, 2, 5)`, [user]);
  await q(`insert into vitalis.nutrition_logs (user_id, log_date, meal_type, calories_kcal, protein_g) values
           ($1, '2026-01-10', 'breakfast', 500, 30), ($1, '2026-01-10', 'dinner', 900, 45.5), ($1, '2026-01-10', 'fast', null, null)`, [user]);
  // New York: 02:00 UTC on the 12th is the evening of the 11th.
  await q(`update vitalis.user_preferences set timezone = 'America/New_York' where user_id = $1`, [user]);
  const metric = await q(`insert into vitalis.custom_metrics (user_id, name, unit, data_type) values ($1, 'Focus', 'pts', 'numeric') returning metric_id`, [user]);
  await q(`insert into vitalis.custom_metrics (user_id, name, data_type) values ($1, 'Journal', 'text')`, [user]);
  await q(`insert into vitalis.custom_metric_entries (user_id, metric_id, value_numeric, measured_at) values
           ($1, $2, 6, '2026-01-12T02:00Z'), ($1, $2, 8, '2026-01-11T15:00Z'), ($1, $2, 3, '2026-01-12T15:00Z')`, [user, metric.rows[0].metric_id]);
  const supplement = await q(`insert into vitalis.supplements (user_id, name, started_at, ended_at) values ($1, 'Magnesium', '2026-01-13', '2026-01-16') returning supplement_id`, [user]);
  await q(`insert into vitalis.supplement_logs (user_id, supplement_id, taken_at) values ($1, $2, '2026-01-14T03:00Z'), ($1, $2, '2026-01-15T20:00Z')`,
    [user, supplement.rows[0].supplement_id]);
  // Someone else's data on the same days must never show.
  await q(`insert into vitalis.wearable_daily (user_id, date, source, hrv_rmssd_ms, steps) values ($1, '2026-01-05', 'oura', 99, 99999), ($1, '2026-01-20', 'oura', 99, 99999)`, [other]);
});

test('several sources on one day: the default priority, then the user\'s own order', async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    expect(await values(c, 'daily.hrv_rmssd_ms')).toEqual({ '2026-01-05': 40, '2026-01-06': 61 });
    expect(await values(c, 'daily.steps')).toEqual({ '2026-01-05': 9000, '2026-01-06': 9100 });
    // A source without the value does not hide another's.
    expect(await values(c, 'daily.readiness_score')).toEqual({ '2026-01-05': 80 });
    expect(await values(c, 'sleep.total_sleep_minutes')).toEqual({ '2026-01-05': 420 });
    expect(await values(c, 'sleep.sleep_score')).toEqual({ '2026-01-05': 70 });
    await c.query(`update vitalis.user_preferences set source_priority = '{"hrv": ["garmin"], "sleep": ["garmin"]}'`);
    expect(await values(c, 'daily.hrv_rmssd_ms')).toEqual({ '2026-01-05': 60, '2026-01-06': 61 });
    expect(await values(c, 'sleep.deep_minutes')).toEqual({ '2026-01-05': 60 });
  });
});

test('training load, lifting volume, mood and nutrition per day', async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    // 55 TSS (garmin beats strava's overlapping copy) + TRIMP (10 min x 1 + 10 x 2 + 10 x 3 = 60).
    expect(await values(c, 'training.load')).toEqual({ '2026-01-07': 115 });
    expect(await values(c, 'lifting.volume')).toEqual({ '2026-01-08': 2000 });
    await c.query(`update vitalis.user_preferences set weight_unit = 'kg'`);
    expect((await values(c, 'lifting.volume'))['2026-01-08']).toBeCloseTo(907.185, 3);
    expect(await values(c, 'mood.mood_score')).toEqual({ '2026-01-09': 4 });
    expect(await values(c, 'mood.energy_score')).toEqual({ '2026-01-09': 2 });
    expect(await values(c, 'mood.stress_score')).toEqual({ '2026-01-09': 5 });
    expect(await values(c, 'nutrition.calories_kcal')).toEqual({ '2026-01-10': 1400 });
    expect(await values(c, 'nutrition.protein_g')).toEqual({ '2026-01-10': 75.5 });
  });
});

test('custom metrics and supplements fall on the user\'s local days', async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    const { rows: [focus] } = await c.query(`select metric_id from vitalis.custom_metrics where name = 'Focus'`);
    // 15:00Z on the 11th and 02:00Z on the 12th are both the 11th in New York: mean of 8 and 6.
    expect(await values(c, `custom:${focus.metric_id}`)).toEqual({ '2026-01-11': 7, '2026-01-12': 3 });
    const { rows: [journal] } = await c.query(`select metric_id from vitalis.custom_metrics where name = 'Journal'`);
    expect(await values(c, `custom:${journal.metric_id}`)).toEqual({});
    const { rows: [magnesium] } = await c.query(`select supplement_id from vitalis.supplements`);
    // Tracked from its start to its end; logged at 03:00Z on the 14th = the evening of the 13th.
    expect(await values(c, `supplement:${magnesium.supplement_id}`)).toEqual({ '2026-01-13': 1, '2026-01-14': 0, '2026-01-15': 1, '2026-01-16': 0 });
  });
});

test('another user\'s rows never reach the series, and the worker sees only the user it acts for', async () => {
  for (const role of ['vitalis_api', 'vitalis_worker'] as const) {
    await asRequest(db.pool, { userId: user, role }, async (c) => {
      expect(await values(c, 'daily.hrv_rmssd_ms')).toEqual({ '2026-01-05': 40, '2026-01-06': 61 });
    });
  }
  await asRequest(db.pool, { userId: other, role: 'vitalis_worker' }, async (c) => {
    expect(await values(c, 'daily.steps')).toEqual({ '2026-01-05': 99999, '2026-01-20': 99999 });
    expect(await values(c, 'lifting.volume')).toEqual({});
  });
  await asRequest(db.pool, { userId: null }, async (c) => {
    expect((await c.query('select * from vitalis_private.insights_daily_values($1, $2)', ['2026-01-01', '2026-01-31'])).rows).toEqual([]);
  });
});

test('a range longer than ten years is refused, naming the argument', async () => {
  await asRequest(db.pool, { userId: user }, async (c) => {
    await expect(c.query(`select * from vitalis_private.insights_daily_values('2000-01-01', '2026-01-01')`)).rejects.toMatchObject({ code: '22023', column: 'from' });
  });
});

test('readUserSeries names, units and families the series and lists the interventions', async () => {
  const recent = await createUser(db.pool);
  await db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, hrv_rmssd_ms, resting_hr_bpm) values ($1, current_date - 3, 'oura', 50, 55)`, [recent]);
  await db.pool.query(`insert into vitalis.wearable_sleep (user_id, sleep_date, source, total_sleep_minutes, sleep_score) values ($1, current_date - 3, 'oura', 400, 80)`, [recent]);
  const s = await db.pool.query(`insert into vitalis.supplements (user_id, name, started_at, ended_at) values ($1, 'Creatine', current_date - 60, current_date - 10) returning supplement_id`, [recent]);
  await db.pool.query(`insert into vitalis.goals (user_id, metric_type, metric_name, target_value, direction, created_at) values
                       ($1, 'wearable', 'hrv_rmssd_ms', 60, 'maximize', now() - interval '20 days'), ($1, 'measurement', 'weight', 150, 'minimize', now() - interval '20 days')`, [recent]);
  const data = await asRequest(db.pool, { userId: recent, role: 'vitalis_worker' }, (c) => readUserSeries(c, 365));
  const byMetric = Object.fromEntries(data.series.map((x) => [x.metric, x]));
  expect(byMetric['daily.hrv_rmssd_ms']).toMatchObject({ label: 'HRV', unit: 'ms', family: 'autonomic', kind: 'continuous' });
  expect(byMetric['daily.resting_hr_bpm']?.family).toBe('autonomic');
  expect(byMetric['sleep.total_sleep_minutes']?.family).toBe(byMetric['sleep.sleep_score']?.family);
  const creatine = byMetric[`supplement:${s.rows[0].supplement_id}`];
  expect(creatine).toMatchObject({ label: 'Creatine taken', kind: 'binary', family: `supplement:${s.rows[0].supplement_id}` });
  expect(creatine?.values.size).toBe(51);
  expect(data.interventions.map((i) => i.kind).sort()).toEqual(['goal_set', 'supplement_start', 'supplement_stop']);
  // The goal is compared on its own metric; the weight goal has no daily series and is not compared.
  expect(data.interventions.find((i) => i.kind === 'goal_set')?.metrics).toEqual(['daily.hrv_rmssd_ms']);
});

test('a refresh reads at most MAX_SERIES series: the fixed metrics first, then the custom metrics with the most days', async () => {
  const busy = await createUser(db.pool);
  await db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, hrv_rmssd_ms, steps) values ($1, current_date - 2, 'oura', 50, 8000)`, [busy]);
  // 45 custom metrics: metric k has k days of entries, so the ones with the fewest days are left out.
  await db.pool.query(
    `with m as (insert into vitalis.custom_metrics (user_id, name, unit, data_type)
                select $1, 'metric ' || lpad(k::text, 2, '0'), 'u', 'numeric' from generate_series(1, 45) k returning metric_id, name)
     insert into vitalis.custom_metric_entries (user_id, metric_id, value_numeric, measured_at)
     select $1, m.metric_id, d, now() - make_interval(days => d) from m, generate_series(1, substr(m.name, 8)::int) d`,
    [busy],
  );
  const data = await asRequest(db.pool, { userId: busy, role: 'vitalis_worker' }, (c) => readUserSeries(c, 365));
  expect(data.series).toHaveLength(MAX_SERIES);
  expect(data.series.map((s) => s.metric)).toEqual(expect.arrayContaining(['daily.hrv_rmssd_ms', 'daily.steps']));
  const names = new Map((await db.pool.query(`select metric_id, name from vitalis.custom_metrics where user_id = $1`, [busy])).rows.map((r) => [`custom:${r.metric_id}`, r.name]));
  // 2 fixed + 38 custom kept: metrics 08..45; 01..07 (the fewest days) omitted.
  expect(data.omittedSeries.map((m) => names.get(m)).sort()).toEqual(['metric 01', 'metric 02', 'metric 03', 'metric 04', 'metric 05', 'metric 06', 'metric 07']);
});
