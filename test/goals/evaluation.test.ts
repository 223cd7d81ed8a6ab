// Goal alerts fire once per crossing of a threshold, whichever way the data arrives: an import, a
// measurement, a custom metric entry, a lab report. State is in goal_alerts itself (side,
// observed_at, cleared_at): staying crossed fires nothing more, coming back in range re-arms.
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { addMeasurement, alertsOf, asUser, createGoal, day, importDaily, startOf } from './helpers';

const db = useTestDatabase();

describe('one alert per crossing', () => {
  let user: string;
  beforeAll(async () => {
    user = await createUser(db.pool);
    await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'resting_hr_bpm', alert_threshold_high: 65 });
  });

  test('a value within the threshold fires nothing', async () => {
    await importDaily(db.pool, user, { date: day(8), resting_hr_bpm: 60 });
    expect(await alertsOf(db.pool, user)).toEqual([]);
  });

  test('crossing fires one alert with the value, the side and when it was observed', async () => {
    await importDaily(db.pool, user, { date: day(7), resting_hr_bpm: 72 });
    const alerts = await alertsOf(db.pool, user);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      side: 'high',
      trigger_value: '72.0000',
      message: 'Resting heart rate 72 bpm is above your alert threshold of 65 bpm',
      observed_at: startOf(7),
      cleared_at: null,
    });
  });

  test('staying crossed on later days, and the same day synced again, fire nothing more', async () => {
    await importDaily(db.pool, user, { date: day(6), resting_hr_bpm: 75 });
    await importDaily(db.pool, user, { date: day(6), resting_hr_bpm: 74 });
    await importDaily(db.pool, user, { date: day(5), resting_hr_bpm: 70 });
    expect(await alertsOf(db.pool, user)).toHaveLength(1);
  });

  test('back within the threshold clears the alert; the next crossing fires again', async () => {
    await importDaily(db.pool, user, { date: day(4), resting_hr_bpm: 62 });
    const [cleared] = await alertsOf(db.pool, user);
    expect(cleared!.cleared_at).toBeInstanceOf(Date);
    await importDaily(db.pool, user, { date: day(3), resting_hr_bpm: 63 });
    expect(await alertsOf(db.pool, user)).toHaveLength(1);
    await importDaily(db.pool, user, { date: day(2), resting_hr_bpm: 68 });
    const alerts = await alertsOf(db.pool, user);
    expect(alerts.map((a) => [a.observed_at, a.cleared_at === null])).toEqual([
      [startOf(7), false],
      [startOf(2), true],
    ]);
  });

  test('a late value, older than the latest, never fires', async () => {
    await importDaily(db.pool, user, { date: day(1), resting_hr_bpm: 60 }); // clears the alert of two days ago
    await importDaily(db.pool, user, { date: day(10), resting_hr_bpm: 90 }); // arrives late, older than yesterday's
    const alerts = await alertsOf(db.pool, user);
    expect(alerts).toHaveLength(2);
    expect(alerts.every((a) => a.cleared_at !== null)).toBe(true);
  });
});

test('a backfill of history older than two weeks fires nothing; recent data does', async () => {
  const user = await createUser(db.pool);
  await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'resting_hr_bpm', alert_threshold_high: 65 });
  for (const [days, bpm] of [[40, 70], [30, 60], [20, 72]] as const) await importDaily(db.pool, user, { date: day(days), resting_hr_bpm: bpm });
  expect(await alertsOf(db.pool, user)).toEqual([]);
  await importDaily(db.pool, user, { date: day(13), resting_hr_bpm: 71 });
  expect((await alertsOf(db.pool, user)).map((a) => a.observed_at)).toEqual([startOf(13)]);
});

test('low and high sides alert independently, each once', async () => {
  const user = await createUser(db.pool);
  await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_low: 5000, alert_threshold_high: 30000 });
  await importDaily(db.pool, user, { date: day(3), steps: 3000 });
  await importDaily(db.pool, user, { date: day(2), steps: 2500 });
  await importDaily(db.pool, user, { date: day(1), steps: 35000 });
  const alerts = await alertsOf(db.pool, user);
  expect(alerts.map((a) => [a.side, a.message, a.cleared_at === null])).toEqual([
    ['low', 'Steps 3000 steps is below your alert threshold of 5000 steps', false],
    ['high', 'Steps 35000 steps is above your alert threshold of 30000 steps', true],
  ]);
});

test('when two sources report the same day, the user’s source priority decides', async () => {
  const user = await createUser(db.pool);
  await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'resting_hr_bpm', alert_threshold_high: 65 });
  // Oura ranks before Garmin for heart rate by default: its 60 is the day's value.
  await importDaily(db.pool, user, { date: day(3), source: 'garmin', resting_hr_bpm: 70 });
  await importDaily(db.pool, user, { date: day(3), source: 'oura', resting_hr_bpm: 60 });
  expect(await alertsOf(db.pool, user)).toHaveLength(1); // Garmin alone was the day's value at first
  expect((await alertsOf(db.pool, user))[0]!.cleared_at).toBeInstanceOf(Date); // Oura's 60 replaced it
  await asUser(db.pool, user, (c) => c.query(`update vitalis.user_preferences set source_priority = '{"heart_rate": ["garmin"]}'`));
  const latest = await asUser(db.pool, user, (c) => c.query(`select (vitalis.goals_progress(g)).latest_value::float8 as v from vitalis.goals g`));
  expect(latest.rows[0].v).toBe(70);
});

describe('every data source evaluates the goals on its metric', () => {
  test('a measurement; the message in kg or lbs as the user prefers', async () => {
    const user = await createUser(db.pool);
    await asUser(db.pool, user, (c) => c.query(`update vitalis.user_preferences set weight_unit = 'kg'`));
    await createGoal(db.pool, user, { metric_type: 'measurement', metric_name: 'weight', target_unit: 'kg', alert_threshold_high: 80 });
    await addMeasurement(db.pool, user, 'weight', 82.5, 'kg', `${day(3)}T07:00:00Z`);
    const [alert] = await alertsOf(db.pool, user);
    expect(alert).toMatchObject({ side: 'high', trigger_value: '82.5000', message: 'Weight 82.5 kg is above your alert threshold of 80 kg' });

    const lbsUser = await createUser(db.pool);
    await asUser(db.pool, lbsUser, (c) => c.query(`update vitalis.user_preferences set weight_unit = 'lbs'`));
    await createGoal(db.pool, lbsUser, { metric_type: 'measurement', metric_name: 'weight', target_unit: 'kg', alert_threshold_high: 80 });
    await addMeasurement(db.pool, lbsUser, 'weight', 182, 'lb', `${day(3)}T07:00:00Z`);
    const [inLbs] = await alertsOf(db.pool, lbsUser);
    // 182 lb is 82.55 kg, above 80 kg (176.4 lbs); stored in the goal's unit, told in the user's.
    expect(inLbs).toMatchObject({ trigger_value: '82.5538', message: 'Weight 182 lbs is above your alert threshold of 176.4 lbs' });
  });

  test('a soft-deleted measurement no longer counts', async () => {
    const user = await createUser(db.pool);
    await createGoal(db.pool, user, { metric_type: 'measurement', metric_name: 'body_fat_pct', alert_threshold_high: 25 });
    await addMeasurement(db.pool, user, 'body_fat_pct', 22, '%', `${day(3)}T07:00:00Z`);
    await addMeasurement(db.pool, user, 'body_fat_pct', 27, '%', `${day(2)}T07:00:00Z`);
    expect((await alertsOf(db.pool, user)).map((a) => a.cleared_at)).toEqual([null]);
    await asUser(db.pool, user, (c) => c.query(`update vitalis.measurements set deleted_at = now() where value = 27`));
    expect((await alertsOf(db.pool, user))[0]!.cleared_at).toBeInstanceOf(Date);
  });

  test('a wearable sleep summary', async () => {
    const user = await createUser(db.pool);
    await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'total_sleep_minutes', alert_threshold_low: 360 });
    await asUser(db.pool, user, (c) =>
      c.query('select * from vitalis.upsert_wearable_sleep($1)', [JSON.stringify([{ sleep_date: day(2), source: 'oura', total_sleep_minutes: 300 }])]),
    );
    expect((await alertsOf(db.pool, user)).map((a) => a.message)).toEqual(['Total sleep 300 min is below your alert threshold of 360 min']);
  });

  test('a custom metric entry', async () => {
    const user = await createUser(db.pool);
    await createGoal(db.pool, user, { metric_type: 'custom', metric_name: 'Caffeine', alert_threshold_high: 400 });
    await asUser(db.pool, user, async (c) => {
      const { rows } = await c.query(`insert into vitalis.custom_metrics (name, unit, data_type) values ('Caffeine', 'mg', 'numeric') returning metric_id`);
      await c.query(`insert into vitalis.custom_metric_entries (metric_id, value_numeric, measured_at) values ($1, 450, '${day(2)}T12:00:00Z')`, [rows[0].metric_id]);
    });
    expect((await alertsOf(db.pool, user)).map((a) => a.message)).toEqual(['Caffeine 450 mg is above your alert threshold of 400 mg']);
  });

  test('a blood marker of a lab report, in the goal’s unit', async () => {
    const user = await createUser(db.pool);
    const ldl = (await db.pool.query(`select biomarker_id from vitalis.biomarker_dictionary where canonical_name = 'ldl_cholesterol'`)).rows[0].biomarker_id;
    await createGoal(db.pool, user, { metric_type: 'blood_marker', biomarker_id: ldl, target_unit: 'mmol/L', alert_threshold_high: 3 });
    const report = (collectedAt: string, value: number) =>
      asUser(db.pool, user, (c) =>
        c.query('select * from vitalis.upsert_blood_panels($1)', [
          JSON.stringify([{ lab_name: 'Lab', collected_at: collectedAt, markers: [{ biomarker_id: ldl, raw_name: 'LDL', value_numeric: value, unit: 'mg/dL' }] }]),
        ]),
      );
    await report(`${day(40)}T08:00:00Z`, 100); // 2.59 mmol/L
    expect(await alertsOf(db.pool, user)).toEqual([]);
    await report(`${day(10)}T08:00:00Z`, 140); // 3.62 mmol/L
    const alerts = await alertsOf(db.pool, user);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toBe('LDL Cholesterol (Calculated) 3.62 mmol/L is above your alert threshold of 3 mmol/L');
    // A deleted panel leaves the earlier one as the latest: the crossing is over.
    await asUser(db.pool, user, (c) => c.query(`update vitalis.blood_panels set deleted_at = now() where collected_at = '${day(10)}T08:00:00Z'`));
    expect((await alertsOf(db.pool, user))[0]!.cleared_at).toBeInstanceOf(Date);
  });
});

describe('goals', () => {
  test('a new goal is evaluated at once against the data already there', async () => {
    const user = await createUser(db.pool);
    await importDaily(db.pool, user, { date: day(2), hrv_rmssd_ms: 25 });
    await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'hrv_rmssd_ms', alert_threshold_low: 30 });
    expect((await alertsOf(db.pool, user)).map((a) => a.message)).toEqual(['HRV (RMSSD) 25 ms is below your alert threshold of 30 ms']);
  });

  test('a changed threshold is evaluated at once: moved past the value it clears, moved back it fires', async () => {
    const user = await createUser(db.pool);
    await importDaily(db.pool, user, { date: day(2), readiness_score: 55 });
    const goal = await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'readiness_score', alert_threshold_low: 60 });
    expect(await alertsOf(db.pool, user)).toHaveLength(1);
    await asUser(db.pool, user, (c) => c.query('update vitalis.goals set alert_threshold_low = 50 where goal_id = $1', [goal]));
    expect((await alertsOf(db.pool, user))[0]!.cleared_at).toBeInstanceOf(Date);
    // The same observation does not fire twice: only a newer value can.
    await asUser(db.pool, user, (c) => c.query('update vitalis.goals set alert_threshold_low = 60 where goal_id = $1', [goal]));
    expect(await alertsOf(db.pool, user)).toHaveLength(1);
    await importDaily(db.pool, user, { date: day(1), readiness_score: 52 });
    expect(await alertsOf(db.pool, user)).toHaveLength(2);
  });

  test('inactive goals and goals with alerts off stay silent', async () => {
    const user = await createUser(db.pool);
    await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_low: 5000, alert_enabled: false });
    await importDaily(db.pool, user, { date: day(2), steps: 100 });
    expect(await alertsOf(db.pool, user)).toEqual([]);
  });

  test('an archive restore switches evaluation off for its transaction; the next evaluation catches up', async () => {
    const user = await createUser(db.pool);
    await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_low: 5000 });
    await asUser(db.pool, user, async (c) => {
      await c.query(`select set_config('vitalis.goals_evaluation', 'off', true)`);
      await c.query('select * from vitalis.upsert_wearable_daily($1)', [JSON.stringify([{ date: day(2), source: 'oura', steps: 100 }])]);
    });
    expect(await alertsOf(db.pool, user)).toEqual([]);
    await importDaily(db.pool, user, { date: day(3), steps: 200 }); // an older day: evaluation sees the latest, two days ago
    expect((await alertsOf(db.pool, user)).map((a) => a.observed_at)).toEqual([startOf(2)]);
  });

  test('metricName and targetUnit are checked when the goal is written', async () => {
    const user = await createUser(db.pool);
    await asRequest(db.pool, { userId: user }, async (c) => {
      expect(await pgError(c, () => c.query(`insert into vitalis.goals (metric_type, metric_name) values ('wearable', 'heartbeat')`))).toMatchObject({
        code: '22023',
        column: 'metric_name',
        message: expect.stringMatching(/^metricName: 'heartbeat' is not a wearable metric \(resting_hr_bpm, /),
      });
      expect(await pgError(c, () => c.query(`insert into vitalis.goals (metric_type, metric_name) values ('measurement', 'mood')`))).toMatchObject({
        column: 'metric_name',
        message: expect.stringMatching(/^metricName: 'mood' is not a measurement metric \(weight, /),
      });
      expect(await pgError(c, () => c.query(`insert into vitalis.goals (metric_type, metric_name, target_unit) values ('measurement', 'weight', 'cm')`))).toMatchObject({
        column: 'target_unit',
        message: `targetUnit: 'cm' does not convert to 'lbs', the unit of Weight`,
      });
    });
  });
});

describe('isolation', () => {
  test('another user’s data never evaluates my goals, and my alerts are mine alone', async () => {
    const me = await createUser(db.pool);
    const other = await createUser(db.pool);
    await createGoal(db.pool, me, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_high: 20000 });
    await importDaily(db.pool, other, { date: day(2), steps: 50000 });
    expect(await alertsOf(db.pool, me)).toEqual([]);
    await importDaily(db.pool, me, { date: day(2), steps: 25000 });
    expect(await alertsOf(db.pool, me)).toHaveLength(1);
    expect(await alertsOf(db.pool, other)).toEqual([]);
    await asRequest(db.pool, { userId: other }, async (c) => {
      expect((await c.query('select count(*)::int as n from vitalis.goal_alerts')).rows[0].n).toBe(0);
      expect((await c.query('select count(*)::int as n from vitalis.goals')).rows[0].n).toBe(0);
    });
  });

  test('a client can neither write goal alerts nor run the evaluation', async () => {
    const user = await createUser(db.pool);
    const goal = await createGoal(db.pool, user, { metric_type: 'wearable', metric_name: 'steps', alert_threshold_high: 1 });
    await importDaily(db.pool, user, { date: day(2), steps: 10 });
    await asRequest(db.pool, { userId: user }, async (c) => {
      for (const sql of [
        `insert into vitalis.goal_alerts (goal_id, triggered_at, side, observed_at) values ('${goal}', now(), 'high', now())`,
        `update vitalis.goal_alerts set cleared_at = now()`,
        `update vitalis.goal_alerts set side = 'low'`,
        `update vitalis.goal_alerts set observed_at = now()`,
        `select vitalis_private.evaluate_goals('${user}')`,
        `select vitalis_private.evaluate_goals_batch(null, 10)`,
      ]) {
        expect(await pgError(c, () => c.query(sql))).toMatchObject({ code: '42501' });
      }
    });
    expect((await alertsOf(db.pool, user)).map((a) => [a.side, a.cleared_at])).toEqual([['high', null]]);
  });
});
