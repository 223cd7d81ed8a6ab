// The domain surface over real HTTP: dashboard, biomarkerTrend, latestBiomarkers, the *Display
// computed columns, filtering/ordering/cursor pagination and weekly aggregates from the presets,
// and what the generated API must not offer (mutations on read-only tables, partitions, secrets).
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from './harness';

let h: Harness;
let user: string;
let token: string;
let today: string;

const dateShift = async (days: number) =>
  (await h.db.pool.query(`select ($1::date + $2::integer)::text as d`, [today, days])).rows[0].d as string;

beforeAll(async () => {
  h = await startHarness();
  user = await createUser(h.db.pool, { sex: 'female' });
  token = await tokenFor(h, user);
  await h.db.pool.query(`update vitalis.user_preferences set distance_unit = 'km' where user_id = $1`, [user]);
  today = (await h.db.pool.query(`select ((now() at time zone 'UTC')::date)::text as d`)).rows[0].d;
  // Two weeks of Garmin and Oura days in 2025 (Mondays: 2025-03-03, 2025-03-10), and today.
  await h.db.pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source, steps, resting_hr_bpm, hrv_rmssd_ms, distance_m)
     select $1::uuid, d::date, 'garmin'::vitalis.data_source, 1000 * extract(day from d)::int, 60, 40, 1000 * extract(day from d)::int
       from generate_series('2025-03-03'::date, '2025-03-16'::date, '1 day') d
     union all
     select $1, d::date, 'oura', 500, 50, 55, null
       from generate_series('2025-03-03'::date, '2025-03-16'::date, '1 day') d
     union all
     select $1, $2::date, 'garmin', 12345, 58, 42, 9000
     union all
     select $1, $2::date, 'oura', 9000, 51, 63, null`,
    [user, today],
  );
  await h.db.pool.query(
    `insert into vitalis.wearable_sleep (user_id, sleep_date, source, total_sleep_minutes, sleep_score) values ($1, $2, 'oura', 455, 88), ($1, $2, 'garmin', 430, 75)`,
    [user, today],
  );
  for (const [at, value, unit] of [
    ['2025-01-15T08:00:00Z', 88, 'mg/dL'],
    ['2025-07-15T08:00:00Z', 5.6, 'mmol/L'],
  ] as const) {
    const panel = (await h.db.pool.query(`insert into vitalis.blood_panels (user_id, collected_at, lab_name) values ($1, $2, 'Quest') returning panel_id`, [user, at])).rows[0].panel_id;
    await h.db.pool.query(
      `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit)
       select $1, $2, biomarker_id, 'Glucose', $3, $4 from vitalis.biomarker_dictionary where canonical_name = 'glucose'`,
      [user, panel, value, unit],
    );
  }
  // Someone else's data never shows.
  const other = await createUser(h.db.pool);
  await h.db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, $2, 'garmin', 99999), ($1, '2025-03-04', 'garmin', 99999)`, [other, today]);
});

afterAll(async () => {
  await h?.close();
});

test('dashboard(days: 7): one row per day ending today, each metric with its source', async () => {
  const result = await graphql(
    h.server,
    `{ dashboard(days: 7) { date steps stepsSource restingHrBpm restingHrBpmSource hrvRmssdMs hrvRmssdMsSource
         totalSleepMinutes totalSleepMinutesSource sleepScore sleepScoreSource activitiesCount activitiesDurationSeconds } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  const days = result.body.data?.dashboard as Array<Record<string, unknown>>;
  expect(days).toHaveLength(7);
  expect(days[0]?.date).toBe(await dateShift(-6));
  expect(days[6]).toEqual({
    date: today,
    steps: 12345,
    stepsSource: 'garmin',
    restingHrBpm: 51,
    restingHrBpmSource: 'oura',
    hrvRmssdMs: '63.00',
    hrvRmssdMsSource: 'oura',
    totalSleepMinutes: 455,
    totalSleepMinutesSource: 'oura',
    sleepScore: 88,
    sleepScoreSource: 'oura',
    activitiesCount: 0,
    activitiesDurationSeconds: 0,
  });
  expect(days[5]).toMatchObject({ steps: null, stepsSource: null, activitiesCount: 0 });
});

test('dashboard rejects days outside 1..366', async () => {
  for (const days of [0, 367]) {
    const result = await graphql(h.server, `{ dashboard(days: ${days}) { date } }`, { token });
    expect(result.body.data?.dashboard ?? null).toBeNull();
    expect(result.body.errors?.length).toBe(1);
    // The function's own message reaches the client (src/server/errors.ts passes our raises through).
    expect(result.body.errors?.[0]?.message).toMatch(/^days: must be between 1 and 366, got /);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'days' });
  }
});

test('forUser naming someone who shared nothing with you is FORBIDDEN, not an empty answer', async () => {
  const stranger = await createUser(h.db.pool);
  for (const query of [
    `query($u: UUID!) { dashboard(days: 3, forUser: $u) { date } }`,
    `query($u: UUID!) { latestBiomarkers(forUser: $u) { canonicalName } }`,
    `query($u: UUID!) { biomarkerTrend(biomarker: "glucose", forUser: $u) { collectedAt } }`,
  ]) {
    const result = await graphql(h.server, query, { token, variables: { u: stranger } });
    expect({ query, errors: result.body.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field, message: e.message })) }).toEqual({
      query,
      errors: [{ code: 'FORBIDDEN', field: 'forUser', message: expect.stringMatching(/^forUser: you may not read/) }],
    });
  }
});

test('biomarkerTrend(biomarker: "glucose") and latestBiomarkers', async () => {
  const result = await graphql(
    h.server,
    `{ biomarkerTrend(biomarker: "glucose", since: "2024-01-01") { collectedAt valueCanonical unit normalLow normalHigh optimalLow optimalHigh flag inRange panelId }
       latestBiomarkers { canonicalName displayName category collectedAt valueCanonical unit flag } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  const trend = result.body.data?.biomarkerTrend as Array<Record<string, unknown>>;
  expect(trend.map((r) => [r.collectedAt, r.unit, r.flag, r.inRange])).toEqual([
    ['2025-01-15T08:00:00.000000+00:00', 'mg/dL', null, true],
    ['2025-07-15T08:00:00.000000+00:00', 'mg/dL', 'H', false], // 5.6 mmol/L = 100.9 mg/dL > 99
  ]);
  expect(Number(trend[1]?.valueCanonical)).toBeCloseTo(100.89, 1);
  expect(trend[0]).toMatchObject({ normalLow: '70.0000', normalHigh: '99.0000', optimalLow: '72.0000', optimalHigh: '90.0000', panelId: expect.any(String) });
  expect(result.body.data?.latestBiomarkers).toEqual([
    { canonicalName: 'glucose', displayName: 'Glucose', category: 'metabolic', collectedAt: '2025-07-15T08:00:00.000000+00:00', valueCanonical: expect.any(String), unit: 'mg/dL', flag: 'H' },
  ]);

  const unknown = await graphql(h.server, `{ biomarkerTrend(biomarker: "unobtainium") { collectedAt } }`, { token });
  expect(unknown.body.data?.biomarkerTrend ?? null).toBeNull();
  expect(unknown.body.errors?.length).toBe(1);
  expect(unknown.body.errors?.[0]?.message).toMatch(/^biomarker: no biomarker is named "unobtainium"/);
  expect(unknown.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'biomarker' });
});

test('distances in the user\'s unit alongside the canonical value', async () => {
  const result = await graphql(
    h.server,
    `{ wearableDailies(condition: { source: garmin }, filter: { date: { equalTo: "2025-03-05" } }) { nodes { distanceM distanceDisplay { value unit } } } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data?.wearableDailies.nodes).toEqual([{ distanceM: 5000, distanceDisplay: { value: '5.00', unit: 'km' } }]);

  // Weight keeps the default unit (lbs) while distance is km: each kind follows its own preference.
  await h.db.pool.query(`insert into vitalis.measurements (user_id, metric, value, unit, measured_at) values ($1, 'weight', 80, 'kg', now())`, [user]);
  const weights = await graphql(h.server, `{ measurements { nodes { metric value unit valueDisplay { value unit } } } }`, { token });
  expect(weights.body.errors).toBeUndefined();
  expect(weights.body.data?.measurements.nodes).toEqual([{ metric: 'weight', value: '80.000', unit: 'kg', valueDisplay: { value: '176.4', unit: 'lbs' } }]);
});

test('filter by date range, order, and paginate with after', async () => {
  const page = async (after: string | null) =>
    graphql(
      h.server,
      `query ($after: Cursor) {
         wearableDailies(
           filter: { date: { greaterThanOrEqualTo: "2025-03-03", lessThanOrEqualTo: "2025-03-09" }, source: { equalTo: garmin } }
           orderBy: [DATE_DESC], first: 3, after: $after
         ) { totalCount pageInfo { hasNextPage endCursor } nodes { date steps } } }`,
      { token, variables: { after } },
    );
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 5; i++) {
    const result = await page(after);
    expect(result.body.errors).toBeUndefined();
    const connection = result.body.data?.wearableDailies;
    expect(connection.totalCount).toBe(7);
    seen.push(...connection.nodes.map((n: { date: string }) => n.date));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  expect(seen).toEqual(['2025-03-09', '2025-03-08', '2025-03-07', '2025-03-06', '2025-03-05', '2025-03-04', '2025-03-03']);
});

test('weekly sums and averages with groupedAggregates by DATE_TRUNCATED_TO_WEEK', async () => {
  const result = await graphql(
    h.server,
    `{ wearableDailies(filter: { date: { greaterThanOrEqualTo: "2025-03-01", lessThan: "2025-04-01" }, source: { equalTo: garmin } }) {
         groupedAggregates(groupBy: [DATE_TRUNCATED_TO_WEEK]) { keys sum { steps } average { steps restingHrBpm hrvRmssdMs } } } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  const weeks = [...(result.body.data?.wearableDailies.groupedAggregates ?? [])].sort((a, b) => a.keys[0].localeCompare(b.keys[0]));
  expect(weeks.map((w) => [w.keys[0], Number(w.sum.steps), Number(w.average.steps), Number(w.average.restingHrBpm), Number(w.average.hrvRmssdMs)])).toEqual([
    ['2025-03-03', 42000, 6000, 60, 40], // days 3..9
    ['2025-03-10', 91000, 13000, 60, 40], // days 10..16
  ]);
});

test('read-only tables have no mutations; partitions and secrets are not in the API', async () => {
  const result = await graphql<{ mutation: { fields: Array<{ name: string }> }; query: { fields: Array<{ name: string }> } }>(
    h.server,
    `{ mutation: __type(name: "Mutation") { fields { name } } query: __type(name: "Query") { fields { name } } }`,
    { token },
  );
  const mutations = result.body.data?.mutation.fields.map((f) => f.name) ?? [];
  const queries = result.body.data?.query.fields.map((f) => f.name) ?? [];
  expect(mutations.length).toBeGreaterThan(50);
  // No row mutations; jobs change only through the functions that queue and cancel them.
  for (const readOnly of ['BiomarkerDictionar', 'ExerciseDictionar', 'UnitConversion', 'AuditLog', 'IngestionJob']) {
    expect(mutations.filter((m) => new RegExp(`^(create|update|delete|upsert)${readOnly}`).test(m))).toEqual([]);
  }
  expect(mutations.filter((m) => /IngestionJob|FileImport|ProviderSync/.test(m)).sort()).toEqual(['cancelIngestionJob', 'createFileImport', 'requestProviderSync']);
  // Erasure goes through deletion requests (grace period), never a direct delete of the user.
  expect(mutations.filter((m) => /^deleteUser/.test(m))).toEqual([]);
  expect(queries).toEqual(expect.arrayContaining(['biomarkerDictionaries', 'exerciseDictionaries', 'unitConversions', 'auditLogs', 'ingestionJobs', 'dashboard', 'biomarkerTrend', 'latestBiomarkers', 'sourcePriority']));
  // Partitions (wearable_daily_y2025, audit_log_2026q1, ...) stay hidden.
  expect(queries.filter((q) => /Y20\d\d|20\d\dq\d|y20\d\d/i.test(q))).toEqual([]);
  const secrets = await graphql(h.server, `{ __type(name: "User") { fields { name } } }`, { token });
  expect(JSON.stringify(secrets.body.data)).not.toMatch(/passwordHash/);
});
