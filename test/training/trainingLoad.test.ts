import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

// Daily training load: TSS, or Edwards' TRIMP from heart-rate zones where an activity has no TSS;
// acute = mean of 7 days, chronic = mean of 28 days (days without activity are 0); their ratio
// only once 28 days have passed since the first activity and while chronic is above 0.
const db = useTestDatabase();

interface Activity {
  date: string;
  source?: string;
  type?: string;
  start?: string;
  end?: string;
  tss?: number;
  zones?: [number, number, number, number, number];
}

async function addActivities(userId: string, activities: Activity[]): Promise<void> {
  for (const a of activities) {
    const start = a.start ?? `${a.date}T07:00:00Z`;
    await db.pool.query(
      `insert into vitalis.wearable_activities (user_id, activity_date, source, activity_type, start_time, end_time, training_stress_score,
                                                hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [userId, a.date, a.source ?? 'garmin', a.type ?? 'running', start, a.end ?? new Date(Date.parse(start) + 3600_000).toISOString(), a.tss ?? null, ...(a.zones ?? [null, null, null, null, null])],
    );
  }
}

let userId: string;
beforeAll(async () => {
  userId = await createUser(db.pool);
  const other = await createUser(db.pool);
  await addActivities(userId, [
    { date: '2025-01-01', tss: 50 }, // the first activity: history starts here
    // No TSS: TRIMP = 10 min x1 + 20 x2 + 10 x3 + 5 x4 + 1 x5 = 105
    { date: '2025-01-15', type: 'cycling', zones: [600, 1200, 600, 300, 60] },
    { date: '2025-01-29', start: '2025-01-29T10:00:00Z', end: '2025-01-29T11:00:00Z', tss: 80 },
    // The same run from WHOOP (ranked after Garmin for activities), overlapping: counted once, Garmin's.
    { date: '2025-01-29', source: 'whoop', start: '2025-01-29T10:05:00Z', end: '2025-01-29T11:00:00Z', tss: 200 },
    // A walk with neither TSS nor zones: counted as an activity without load.
    { date: '2025-01-29', source: 'apple_health', type: 'walking', start: '2025-01-29T18:00:00Z', end: '2025-01-29T18:30:00Z' },
    { date: '2025-02-01', tss: 70 },
  ]);
  await addActivities(other, [{ date: '2025-01-29', tss: 900 }]);
});

async function load(from: string, to: string): Promise<string[]> {
  return asRequest(db.pool, { userId }, async (c) =>
    (await c.query('select * from vitalis.training_load($1, $2)', [from, to])).rows.map(
      (r) => `${r.day.toISOString().slice(0, 10)} load ${r.load} (tss ${r.tss_load}, trimp ${r.trimp_load}, ${r.activities}/${r.activities_without_load}) acute ${r.acute_load} chronic ${r.chronic_load} ratio ${r.acute_chronic_ratio}`,
    ));
}

test('load, 7-day acute, 28-day chronic and their ratio, by hand', async () => {
  expect(await load('2025-01-26', '2025-02-02')).toEqual([
    // chronic: (50 + 105) / 28 = 5.54; fewer than 28 days since 2025-01-01: no ratio yet
    '2025-01-26 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 0.00 chronic 5.54 ratio null',
    '2025-01-27 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 0.00 chronic 5.54 ratio null',
    // day 28 of history: a ratio, 0 / 5.54
    '2025-01-28 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 0.00 chronic 5.54 ratio 0.00',
    // 80 / 7 = 11.43; 01-01 leaves the window: (105 + 80) / 28 = 6.61; 320 / 185 = 1.73
    '2025-01-29 load 80.0 (tss 80.0, trimp 0.0, 2/1) acute 11.43 chronic 6.61 ratio 1.73',
    '2025-01-30 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 11.43 chronic 6.61 ratio 1.73',
    '2025-01-31 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 11.43 chronic 6.61 ratio 1.73',
    // (80 + 70) / 7 = 21.43; (105 + 80 + 70) / 28 = 9.11; 600 / 255 = 2.35
    '2025-02-01 load 70.0 (tss 70.0, trimp 0.0, 1/0) acute 21.43 chronic 9.11 ratio 2.35',
    '2025-02-02 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 21.43 chronic 9.11 ratio 2.35',
  ]);
});

test('TRIMP stands in for a missing TSS', async () => {
  expect(await load('2025-01-15', '2025-01-15')).toEqual([
    // acute 105 / 7 = 15; chronic (50 + 105) / 28 = 5.54
    '2025-01-15 load 105.0 (tss 0.0, trimp 105.0, 1/0) acute 15.00 chronic 5.54 ratio null',
  ]);
});

test('no ratio while chronic load is 0', async () => {
  expect(await load('2025-03-15', '2025-03-15')).toEqual(['2025-03-15 load 0.0 (tss 0.0, trimp 0.0, 0/0) acute 0.00 chronic 0.00 ratio null']);
});

test('a user without activities gets zero days, and nobody else\'s', async () => {
  const empty = await createUser(db.pool);
  const rows = await asRequest(db.pool, { userId: empty }, async (c) => (await c.query(`select * from vitalis.training_load('2025-01-29', '2025-01-29')`)).rows);
  expect(rows).toEqual([expect.objectContaining({ load: '0.0', activities: 0, acute_chronic_ratio: null })]);
});

test('the range is bounded', async () => {
  await asRequest(db.pool, { userId }, async (c) => {
    const long = await pgError(c, () => c.query(`select * from vitalis.training_load('2020-01-01', '2025-01-01')`));
    expect(long).toMatchObject({ code: '22023', column: 'to_date', message: 'toDate: the range may span at most 1096 days (3 years), got 1828 days' });
  });
});
