// The domain functions of migrations/current/30-domain.sql, in SQL, as a signed-in user:
// dashboard (source resolution, date window in the user's time zone, bounds), biomarker_trend
// (bands by sex), latest_biomarkers, and the *_display computed columns in both unit systems.
import type { PoolClient } from 'pg';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const q = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows;

/** The user's "today" as the database computes it from their time zone. */
async function todayIn(tz: string): Promise<string> {
  const [row] = await q(`select ((now() at time zone $1)::date)::text as d`, [tz]);
  return row.d as string;
}
async function shift(date: string, days: number): Promise<string> {
  const [row] = await q(`select ($1::date + $2::integer)::text as d`, [date, days]);
  return row.d as string;
}
async function setPrefs(userId: string, prefs: Record<string, string>): Promise<void> {
  const cols = Object.keys(prefs);
  await db.pool.query(
    `update vitalis.user_preferences set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} where user_id = $1`,
    [userId, ...Object.values(prefs)],
  );
}
async function daily(userId: string, date: string, source: string, values: Record<string, number>): Promise<void> {
  const cols = Object.keys(values);
  await db.pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source${cols.map((c) => `, ${c}`).join('')})
     values ($1, $2, $3${cols.map((_, i) => `, $${i + 4}`).join('')})`,
    [userId, date, source, ...Object.values(values)],
  );
}
const dashboard = (client: PoolClient, days: number | null, forUser: string | null = null) =>
  client.query(`select * from vitalis.dashboard($1, $2)`, [days, forUser]).then((r) => r.rows);

describe('dashboard', () => {
  let user: string;
  let today: string;

  beforeAll(async () => {
    user = await createUser(db.pool);
    today = await todayIn('UTC');
    const yesterday = await shift(today, -1);
    // Today: three sources disagree on every metric.
    await daily(user, today, 'apple_health', { steps: 9000, resting_hr_bpm: 60, distance_m: 7000 });
    await daily(user, today, 'garmin', { steps: 10000, resting_hr_bpm: 58, hrv_rmssd_ms: 40, distance_m: 8000, readiness_score: 70 });
    await daily(user, today, 'oura', { steps: 8000, resting_hr_bpm: 52, hrv_rmssd_ms: 55, readiness_score: 81 });
    await daily(user, today, 'whoop', { resting_hr_bpm: 54, hrv_rmssd_ms: 60, recovery_score: 66 });
    // Yesterday: the preferred source lacks a metric, so the next one fills it; an unlisted
    // source (polar) only counts when no listed source has the metric.
    await daily(user, yesterday, 'oura', { steps: 7000, readiness_score: 75 });
    await daily(user, yesterday, 'whoop', { hrv_rmssd_ms: 48 });
    await daily(user, yesterday, 'polar', { steps: 12000, hrv_rmssd_ms: 30, recovery_score: 40 });
    // Sleep ending this morning from two devices.
    await db.pool.query(
      `insert into vitalis.wearable_sleep (user_id, sleep_date, source, total_sleep_minutes, sleep_score)
       values ($1, $2, 'garmin', 400, 70), ($1, $2, 'oura', 420, null), ($1, $2, 'apple_health', 380, 90)`,
      [user, today],
    );
    // The same run from Garmin and Apple Health (overlapping), plus a walk only Apple Health has.
    await db.pool.query(
      `insert into vitalis.wearable_activities (user_id, activity_date, source, source_activity_id, activity_type, start_time, end_time, duration_seconds)
       values ($1, $2, 'garmin', 'g1', 'running', $2::date + time '07:00', $2::date + time '08:00', 3600),
              ($1, $2, 'apple_health', 'a1', 'running', $2::date + time '07:01', $2::date + time '08:02', 3660),
              ($1, $2, 'apple_health', 'a2', 'walking', $2::date + time '18:00', null, 1200),
              ($1, $3, 'strava', 's1', 'cycling', $3::date + time '09:00', $3::date + time '10:00', 3600)`,
      [user, today, yesterday],
    );
    // Somebody else's data on the same days never shows.
    const other = await createUser(db.pool);
    await daily(other, today, 'garmin', { steps: 99999 });
  });

  test('one row per day, oldest first, ending today; days default to 30', async () => {
    await asRequest(db.pool, { userId: user }, async (client) => {
      const rows = await dashboard(client, 7);
      expect(rows).toHaveLength(7);
      const dates = (await client.query(`select date::text from vitalis.dashboard(7)`)).rows.map((r) => r.date);
      expect(dates[0]).toBe(await shift(today, -6));
      expect(dates[6]).toBe(today);
      expect(dates).toEqual([...dates].sort());
      expect((await client.query(`select count(*)::int as n from vitalis.dashboard()`)).rows[0].n).toBe(30);
      // Days without data are present, with nulls and zero activities.
      const empty = (await client.query(`select * from vitalis.dashboard(7) where date = $1::date - 5`, [today])).rows[0];
      expect(empty).toMatchObject({ steps: null, steps_source: null, total_sleep_minutes: null, activities_count: 0, activities_duration_seconds: 0 });
    });
  });

  test('each metric comes from the best source that has it, with that source named', async () => {
    await asRequest(db.pool, { userId: user }, async (client) => {
      const rows = (await client.query(`select * from vitalis.dashboard(2)`)).rows;
      const [yesterday, now] = rows;
      expect(now).toMatchObject({
        steps: 10000, steps_source: 'garmin', // steps: garmin > fitbit > apple_health > oura
        distance_m: 8000, distance_m_source: 'garmin',
        resting_hr_bpm: 52, resting_hr_bpm_source: 'oura',
        hrv_rmssd_ms: '55.00', hrv_rmssd_ms_source: 'oura', // HRV: oura > whoop > garmin
        readiness_score: 81, readiness_score_source: 'oura',
        recovery_score: 66, recovery_score_source: 'whoop',
        total_sleep_minutes: 420, total_sleep_minutes_source: 'oura', // sleep: oura > whoop > garmin > ... > apple_health
        sleep_score: 70, sleep_score_source: 'garmin', // oura has no score that night: the next source fills in
        activities_count: 2, activities_duration_seconds: 3600 + 1200, // the run once (Garmin's), plus the walk
      });
      expect(yesterday).toMatchObject({
        steps: 7000, steps_source: 'oura', // a listed source beats the unlisted polar
        hrv_rmssd_ms: '48.00', hrv_rmssd_ms_source: 'whoop',
        recovery_score: 40, recovery_score_source: 'polar', // only polar has it
        activities_count: 1, activities_duration_seconds: 3600,
      });
    });
  });

  test('the priorities are readable', async () => {
    const [row] = await q(`select vitalis.source_priority('sleep')::text[] as sleep, vitalis.source_priority('steps')::text[] as steps,
                                  vitalis.source_priority('hrv')::text[] as hrv, vitalis.source_priority('nope') as nope`);
    expect(row).toEqual({
      sleep: ['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health'],
      steps: ['garmin', 'fitbit', 'apple_health', 'oura'],
      hrv: ['oura', 'whoop', 'garmin'],
      nope: null,
    });
  });

  test('"today" is today in the user\'s time zone', async () => {
    // UTC+14 and UTC-11: at any moment their dates differ by at least one day.
    for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const person = await createUser(db.pool);
      await setPrefs(person, { timezone: tz });
      const local = await todayIn(tz);
      await daily(person, local, 'garmin', { steps: 1111 });
      await daily(person, await shift(local, 1), 'garmin', { steps: 2222 }); // tomorrow there: not shown
      await daily(person, await shift(local, -3), 'garmin', { steps: 3333 }); // just outside 3 days
      await asRequest(db.pool, { userId: person }, async (client) => {
        const rows = (await client.query(`select date::text, steps from vitalis.dashboard(3)`)).rows;
        expect(rows).toEqual([
          { date: await shift(local, -2), steps: null },
          { date: await shift(local, -1), steps: null },
          { date: local, steps: 1111 },
        ]);
      });
    }
  });

  test('only the partitions of the window are scanned (dates compared with dates)', async () => {
    const client = await db.pool.connect();
    const plans: string[] = [];
    const onNotice = (notice: { message?: string }) => plans.push(notice.message ?? '');
    client.on('notice', onNotice);
    try {
      await client.query('begin');
      await client.query(`load 'auto_explain'`);
      await client.query(`set local auto_explain.log_min_duration = 0`);
      await client.query(`set local auto_explain.log_nested_statements = on`);
      await client.query(`set local auto_explain.log_level = notice`);
      await client.query(`select set_config('app.current_user_id', $1, true), set_config('role', 'vitalis_api', true)`, [user]);
      await client.query(`select count(*) from vitalis.dashboard(7)`);
    } finally {
      await client.query('rollback');
      client.off('notice', onNotice);
      client.release();
    }
    const scanned = new Set(plans.join('\n').match(/wearable_(daily|sleep|activities)_y\d{4}/g) ?? []);
    const years = new Set([...scanned].map((p) => p.slice(-4)));
    // Seven days touch at most two years (around New Year), never all of 2020..next year.
    expect(scanned.size).toBeGreaterThanOrEqual(3);
    expect(years.size).toBeLessThanOrEqual(2);
    expect([...years].every((y) => y === today.slice(0, 4) || y === String(Number(today.slice(0, 4)) - 1))).toBe(true);
  });

  test('days must be 1..366, with a clear error', async () => {
    await asRequest(db.pool, { userId: user }, async (client) => {
      for (const days of [0, -1, 367, null]) {
        const error = await pgError(client, () => dashboard(client, days));
        expect(error?.code).toBe('22023');
        expect(error?.message).toMatch(/^days: must be between 1 and 366, got /);
      }
      expect(await dashboard(client, 1)).toHaveLength(1);
      expect(await dashboard(client, 366)).toHaveLength(366);
    });
  });

  test('only rows the caller may read: another user (no share) is refused by name, anonymous gets nothing', async () => {
    const stranger = await createUser(db.pool);
    await asRequest(db.pool, { userId: stranger }, async (client) => {
      expect(await pgError(client, () => dashboard(client, 2, user))).toMatchObject({ code: '42501', message: expect.stringMatching(/^forUser: /) });
      expect((await dashboard(client, 2)).every((r) => r.steps === null)).toBe(true);
    });
    await asRequest(db.pool, { role: 'vitalis_anonymous' }, async (client) => {
      expect(await pgError(client, () => dashboard(client, 2))).toMatchObject({ code: '42501' });
    });
  });
});

describe('lab results', () => {
  let woman: string;
  let man: string;
  let noSex: string;

  async function panel(userId: string, collectedAt: string, markers: Array<[string, number, string]>, deleted = false): Promise<string> {
    const [p] = await q(`insert into vitalis.blood_panels (user_id, collected_at, deleted_at) values ($1, $2, $3) returning panel_id`, [
      userId,
      collectedAt,
      deleted ? new Date() : null,
    ]);
    for (const [slug, value, unit] of markers) {
      await db.pool.query(
        `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit)
         select $1, $2, biomarker_id, display_name, $4, $5 from vitalis.biomarker_dictionary where canonical_name = $3`,
        [userId, p.panel_id, slug, value, unit],
      );
    }
    return p.panel_id as string;
  }

  beforeAll(async () => {
    woman = await createUser(db.pool, { sex: 'female' });
    man = await createUser(db.pool, { sex: 'male' });
    noSex = await createUser(db.pool);
    for (const user of [woman, man, noSex]) {
      await panel(user, '2025-01-10T08:00:00Z', [['glucose', 92, 'mg/dL'], ['hdl_cholesterol', 55, 'mg/dL']]);
      await panel(user, '2025-06-10T08:00:00Z', [['glucose', 5.5, 'mmol/L'], ['hdl_cholesterol', 65, 'mg/dL']]);
      await panel(user, '2025-09-10T08:00:00Z', [['glucose', 130, 'mg/dL']], true); // deleted panel
      await panel(user, '2020-01-10T08:00:00Z', [['glucose', 85, 'mg/dL']]); // older than two years
    }
  });

  test('biomarker_trend: ordered by time, canonical unit, reference band, optimal band for the user\'s sex', async () => {
    const [dict] = await q(`select * from vitalis.biomarker_dictionary where canonical_name = 'hdl_cholesterol'`);
    expect(dict.sex_specific_ranges).toBe(true);
    for (const [user, low, high] of [
      [woman, dict.optimal_low_female, dict.optimal_high_female],
      [man, dict.optimal_low_male, dict.optimal_high_male],
    ]) {
      await asRequest(db.pool, { userId: user }, async (client) => {
        const rows = (await client.query(`select * from vitalis.biomarker_trend('hdl_cholesterol', '2024-01-01')`)).rows;
        expect(rows.map((r) => [r.collected_at.toISOString(), r.value_canonical, r.unit])).toEqual([
          ['2025-01-10T08:00:00.000Z', '55.0000', 'mg/dL'],
          ['2025-06-10T08:00:00.000Z', '65.0000', 'mg/dL'],
        ]);
        for (const r of rows) {
          expect(r).toMatchObject({ canonical_name: 'hdl_cholesterol', optimal_low: low, optimal_high: high, normal_low: dict.normal_low, normal_high: dict.normal_high });
          expect(r.panel_id).toEqual(expect.any(String));
        }
      });
    }
    // Female and male optimal bands differ for HDL, so the two users really got different bands.
    expect(dict.optimal_low_female).not.toEqual(dict.optimal_low_male);
  });

  test('biomarker_trend: converts units, flags, skips deleted panels, honours since (default two years)', async () => {
    await asRequest(db.pool, { userId: woman }, async (client) => {
      const rows = (await client.query(`select collected_at, value_canonical::float8 as v, flag, in_range from vitalis.biomarker_trend('glucose')`)).rows;
      // 2020 is older than two years; the 2025-09 panel is deleted.
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ v: 92, flag: null, in_range: true });
      expect(rows[1].v).toBeCloseTo(5.5 * 18.016, 1); // mmol/L converted to mg/dL: 99.09, above 70-99
      expect(rows[1]).toMatchObject({ flag: 'H', in_range: false });
      const all = (await client.query(`select count(*)::int as n from vitalis.biomarker_trend('glucose', '2000-01-01')`)).rows[0].n;
      expect(all).toBe(3);
    });
  });

  test('biomarker_trend: unknown biomarker is a clear error; a person without sex gets the stored band', async () => {
    await asRequest(db.pool, { userId: noSex }, async (client) => {
      const error = await pgError(client, () => client.query(`select * from vitalis.biomarker_trend('unobtainium')`));
      expect(error).toMatchObject({ code: '22023', message: 'biomarker: no biomarker is named "unobtainium" (use a canonicalName from biomarkerDictionaries, e.g. glucose)' });
      const rows = (await client.query(`select r.optimal_low, m.optimal_low as stored from vitalis.biomarker_trend('hdl_cholesterol') r join vitalis.blood_markers m using (marker_id)`)).rows;
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r.optimal_low).toEqual(r.stored);
    });
  });

  test('latest_biomarkers: the newest result per marker, with bands and flag', async () => {
    await asRequest(db.pool, { userId: man }, async (client) => {
      const rows = (await client.query(`select canonical_name, collected_at, value_canonical::float8 as v, unit, optimal_low, flag from vitalis.latest_biomarkers()`)).rows;
      const byName = Object.fromEntries(rows.map((r) => [r.canonical_name, r]));
      expect(Object.keys(byName).sort()).toEqual(['glucose', 'hdl_cholesterol']);
      expect(byName.glucose.collected_at.toISOString()).toBe('2025-06-10T08:00:00.000Z'); // not the deleted September panel
      expect(byName.glucose.v).toBeCloseTo(99.09, 1);
      expect(byName.glucose.flag).toBe('H');
      expect(byName.hdl_cholesterol).toMatchObject({ v: 65, unit: 'mg/dL' });
      expect(rows).toHaveLength(2);
    });
    // Another user's results are not visible.
    const stranger = await createUser(db.pool);
    await asRequest(db.pool, { userId: stranger }, async (client) => {
      expect((await client.query(`select * from vitalis.latest_biomarkers()`)).rows).toEqual([]);
      expect(await pgError(client, () => client.query(`select * from vitalis.latest_biomarkers($1)`, [man]))).toMatchObject({ code: '42501' });
      expect(await pgError(client, () => client.query(`select * from vitalis.biomarker_trend('glucose', null, $1)`, [man]))).toMatchObject({ code: '42501' });
    });
  });
});

describe('values in the user\'s units', () => {
  let imperial: string;
  let metric: string;

  beforeAll(async () => {
    imperial = await createUser(db.pool); // the defaults: lbs, in, miles, F
    metric = await createUser(db.pool);
    await setPrefs(metric, { weight_unit: 'kg', height_unit: 'cm', distance_unit: 'km', temperature_unit: 'C' });
    for (const user of [imperial, metric]) {
      await daily(user, '2025-03-01', 'garmin', { distance_m: 5000 });
      await daily(user, '2025-03-02', 'garmin', { steps: 10 }); // no distance
      await db.pool.query(
        `insert into vitalis.wearable_activities (user_id, activity_date, source, activity_type, distance_m) values ($1, '2025-03-01', 'garmin', 'running', 10000)`,
        [user],
      );
      await db.pool.query(
        `insert into vitalis.measurements (user_id, metric, value, unit, measured_at) values
           ($1, 'weight', 80, 'kg', '2025-03-01T07:00Z'), ($1, 'weight', 176.4, 'lbs', '2025-03-02T07:00Z'),
           ($1, 'height', 180, 'cm', '2025-03-01T07:00Z'), ($1, 'waist_circumference', 32, 'in', '2025-03-01T07:00Z'),
           ($1, 'body_temperature', 98.6, 'degF', '2025-03-01T07:00Z'), ($1, 'body_temperature', 37, '°C', '2025-03-02T07:00Z'),
           ($1, 'blood_pressure_systolic', 120, 'mmHg', '2025-03-01T07:00Z')`,
        [user],
      );
      const [scan] = await q(`insert into vitalis.dexa_scans (user_id, scan_date, weight_lbs, height_in) values ($1, '2025-03-01', 180, 70) returning scan_id`, [user]);
      const [session] = await q(`insert into vitalis.lifting_sessions (user_id, session_date) values ($1, '2025-03-01') returning session_id`, [user]);
      await db.pool.query(`insert into vitalis.lifting_sets (user_id, session_id, weight_lbs, reps) values ($1, $2, 225, 5)`, [user, session.session_id]);
      expect(scan.scan_id).toEqual(expect.any(String));
    }
  });

  async function displays(user: string) {
    return asRequest(db.pool, { userId: user }, async (client) => {
      const one = async (sql: string) => (await client.query(sql)).rows;
      return {
        daily: await one(`select date::text, (vitalis.wearable_daily_distance_display(d)).* from vitalis.wearable_daily d order by date`),
        activity: await one(`select (vitalis.wearable_activities_distance_display(a)).* from vitalis.wearable_activities a`),
        measurements: await one(
          `select metric::text, (vitalis.measurements_value_display(m)).* from vitalis.measurements m order by m.metric, m.measured_at`,
        ),
        dexa: await one(`select (vitalis.dexa_scans_weight_display(s)).value as weight, (vitalis.dexa_scans_weight_display(s)).unit as weight_unit,
                                (vitalis.dexa_scans_height_display(s)).value as height, (vitalis.dexa_scans_height_display(s)).unit as height_unit
                           from vitalis.dexa_scans s`),
        lifting: await one(`select (vitalis.lifting_sets_weight_display(s)).* from vitalis.lifting_sets s`),
      };
    });
  }

  test('imperial preferences (the defaults)', async () => {
    const d = await displays(imperial);
    expect(d.daily).toEqual([
      { date: '2025-03-01', value: '3.11', unit: 'miles' },
      { date: '2025-03-02', value: null, unit: null },
    ]);
    expect(d.activity).toEqual([{ value: '6.21', unit: 'miles' }]);
    expect(d.measurements).toEqual([
      { metric: 'weight', value: '176.4', unit: 'lbs' },
      { metric: 'weight', value: '176.4', unit: 'lbs' },
      { metric: 'height', value: '70.9', unit: 'in' },
      { metric: 'waist_circumference', value: '32.0', unit: 'in' },
      { metric: 'blood_pressure_systolic', value: '120.000', unit: 'mmHg' }, // not a unit-system metric: as stored
      { metric: 'body_temperature', value: '98.6', unit: 'F' },
      { metric: 'body_temperature', value: '98.6', unit: 'F' },
    ]);
    expect(d.dexa).toEqual([{ weight: '180.0', weight_unit: 'lbs', height: '70.0', height_unit: 'in' }]);
    expect(d.lifting).toEqual([{ value: '225.0', unit: 'lbs' }]);
  });

  test('metric preferences', async () => {
    const d = await displays(metric);
    expect(d.daily).toEqual([
      { date: '2025-03-01', value: '5.00', unit: 'km' },
      { date: '2025-03-02', value: null, unit: null },
    ]);
    expect(d.activity).toEqual([{ value: '10.00', unit: 'km' }]);
    expect(d.measurements).toEqual([
      { metric: 'weight', value: '80.0', unit: 'kg' },
      { metric: 'weight', value: '80.0', unit: 'kg' },
      { metric: 'height', value: '180.0', unit: 'cm' },
      { metric: 'waist_circumference', value: '81.3', unit: 'cm' },
      { metric: 'blood_pressure_systolic', value: '120.000', unit: 'mmHg' },
      { metric: 'body_temperature', value: '37.0', unit: 'C' },
      { metric: 'body_temperature', value: '37.0', unit: 'C' },
    ]);
    expect(d.dexa).toEqual([{ weight: '81.6', weight_unit: 'kg', height: '177.8', height_unit: 'cm' }]);
    expect(d.lifting).toEqual([{ value: '102.1', unit: 'kg' }]);
  });

  test('a preference change shows up at once, in the same transaction too', async () => {
    await asRequest(db.pool, { userId: imperial }, async (client) => {
      const read = async () => (await client.query(`select (vitalis.wearable_daily_distance_display(d)).* from vitalis.wearable_daily d where distance_m is not null`)).rows[0];
      expect(await read()).toEqual({ value: '3.11', unit: 'miles' });
      await client.query(`update vitalis.user_preferences set distance_unit = 'km' where user_id = $1`, [imperial]);
      expect(await read()).toEqual({ value: '5.00', unit: 'km' });
    });
  });

  test('the display columns are STABLE, and the conversion is resolved once per transaction, not per row', async () => {
    const rows = await q(`select proname, provolatile from pg_proc where pronamespace = 'vitalis'::regnamespace and proname like '%\\_display'`);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const r of rows) expect(r).toMatchObject({ provolatile: 's' });
    await asRequest(db.pool, { userId: metric }, async (client) => {
      // 2,000 conversions of a 2-row-per-call page would take seconds if each called convert_unit.
      const started = Date.now();
      await client.query(`select vitalis.wearable_daily_distance_display(d) from vitalis.wearable_daily d, generate_series(1, 1000)`);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});

test('household sharing works through the functions: a viewer reads a member\'s dashboard and results with forUser', async () => {
  const owner = await createUser(db.pool, { tier: 'family', sex: 'male' });
  const [member] = await q(
    `insert into vitalis.users (account_id, email, display_name, biological_sex)
     select account_id, 'member-' || gen_random_uuid() || '@example.com', 'Member', 'female' from vitalis.users where user_id = $1 returning user_id`,
    [owner],
  );
  const memberId = member.user_id as string;
  const today = await todayIn('UTC');
  await daily(memberId, today, 'oura', { steps: 4321, hrv_rmssd_ms: 70 });
  const [panel] = await q(`insert into vitalis.blood_panels (user_id, collected_at) values ($1, now() - interval '1 day') returning panel_id`, [memberId]);
  await db.pool.query(
    `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit)
     select $1, $2, biomarker_id, 'HDL', 70, 'mg/dL' from vitalis.biomarker_dictionary where canonical_name = 'hdl_cholesterol'`,
    [memberId, panel.panel_id],
  );
  // One client runs one query at a time (pg 9 will refuse queued queries).
  const read = async (client: PoolClient) => [
    (await client.query(`select steps, steps_source::text from vitalis.dashboard(1, $1)`, [memberId])).rows,
    (await client.query(`select canonical_name, optimal_low from vitalis.latest_biomarkers($1)`, [memberId])).rows,
    (await client.query(`select count(*)::int as n from vitalis.biomarker_trend('hdl_cholesterol', null, $1)`, [memberId])).rows[0].n,
  ];
  // Before sharing: each function refuses, naming forUser (not an empty answer that looks like "no data yet").
  for (const call of [`select vitalis.dashboard(1, $1)`, `select vitalis.latest_biomarkers($1)`, `select vitalis.biomarker_trend('hdl_cholesterol', null, $1)`]) {
    const refused = await asRequest(db.pool, { userId: owner }, (client) => client.query(call, [memberId])).catch((e: { code?: string; message: string }) => e);
    expect({ call, code: (refused as { code?: string }).code, message: (refused as { message?: string }).message }).toEqual({ call, code: '42501', message: expect.stringMatching(/^forUser: /) });
  }
  await asRequest(db.pool, { userId: memberId }, (client) => client.query(`select vitalis.grant_profile_view($1)`, [owner]), true);
  const [dict] = await q(`select optimal_low_female from vitalis.biomarker_dictionary where canonical_name = 'hdl_cholesterol'`);
  // After: the member's data, with the member's (female) optimal band, not the viewer's.
  expect(await asRequest(db.pool, { userId: owner }, read)).toEqual([
    [{ steps: 4321, steps_source: 'oura' }],
    [{ canonical_name: 'hdl_cholesterol', optimal_low: dict.optimal_low_female }],
    1,
  ]);
  // The owner's own dashboard still shows only the owner's rows.
  expect(await asRequest(db.pool, { userId: owner }, (c) => c.query(`select steps from vitalis.dashboard(1)`).then((r) => r.rows))).toEqual([{ steps: null }]);
});
