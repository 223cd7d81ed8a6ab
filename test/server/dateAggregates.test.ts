// plugins/DateAggregatesPlugin.ts over real HTTP: DATE columns grouped by week/month/year, and
// min/max of dates, with RLS still confining every aggregate to the caller's rows.
import { createUser } from '../helpers/db';
import { graphql, insertDaily, startHarness, tokenFor, type Harness } from './harness';

let h: Harness;
let userA: string;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  userA = await createUser(h.db.pool);
  const userB = await createUser(h.db.pool);
  token = await tokenFor(h, userA);
  await insertDaily(h.db, userA, [
    // ISO week starting Monday 2025-01-27 (spans January and February)
    { date: '2025-01-27', steps: 100 },
    { date: '2025-02-02', steps: 200 }, // Sunday: still the week of the 27th
    // Week of Monday 2025-02-03
    { date: '2025-02-03', steps: 400 },
    { date: '2025-02-04', steps: 800 },
    { date: '2025-02-04', steps: 1600, source: 'oura' }, // same day, second source
    // Another year
    { date: '2024-12-31', steps: 3200 }, // Tuesday of the week starting Monday 2024-12-30
  ]);
  // Someone else's rows on the same days must never count.
  await insertDaily(h.db, userB, [
    { date: '2025-01-27', steps: 50000 },
    { date: '2025-02-03', steps: 50000 },
  ]);
});

afterAll(async () => {
  await h?.close();
});

type Group = { keys: string[]; sum: { steps: string }; distinctCount: { date: string } };

async function grouped(groupBy: string): Promise<Array<[string | undefined, number, number]>> {
  const result = await graphql<{ wearableDailies: { groupedAggregates: Group[] } }>(
    h.server,
    `{ wearableDailies { groupedAggregates(groupBy: [${groupBy}]) { keys sum { steps } distinctCount { date } } } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  return (result.body.data?.wearableDailies.groupedAggregates ?? [])
    .map((g): [string | undefined, number, number] => [g.keys[0], Number(g.sum.steps), Number(g.distinctCount.date)])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

test('the groupBy enum offers week, month and year for DATE columns', async () => {
  const result = await graphql<{ __type: { enumValues: Array<{ name: string }> } }>(
    h.server,
    '{ __type(name: "WearableDailyGroupBy") { enumValues { name } } }',
    { token },
  );
  const names = result.body.data?.__type.enumValues.map((v) => v.name) ?? [];
  expect(names).toEqual(expect.arrayContaining(['DATE', 'DATE_TRUNCATED_TO_WEEK', 'DATE_TRUNCATED_TO_MONTH', 'DATE_TRUNCATED_TO_YEAR']));
});

test('groups by ISO week (Monday), keys are plain dates', async () => {
  expect(await grouped('DATE_TRUNCATED_TO_WEEK')).toEqual([
    ['2024-12-30', 3200, 1],
    ['2025-01-27', 300, 2],
    ['2025-02-03', 2800, 2],
  ]);
});

test('groups by month', async () => {
  expect(await grouped('DATE_TRUNCATED_TO_MONTH')).toEqual([
    ['2024-12-01', 3200, 1],
    ['2025-01-01', 100, 1],
    ['2025-02-01', 3000, 3],
  ]);
});

test('groups by year', async () => {
  expect(await grouped('DATE_TRUNCATED_TO_YEAR')).toEqual([
    ['2024-01-01', 3200, 1],
    ['2025-01-01', 3100, 4],
  ]);
});

test('grouping is independent of the session TimeZone', async () => {
  // Far from UTC on both sides: a timestamptz-based truncation would shift days here.
  // Scoped to this test file's database: roles are cluster-wide.
  await h.db.pool.query(`alter role vitalis_authenticator in database "${h.db.name}" set timezone = 'Pacific/Kiritimati'`);
  try {
    // New connections pick up the role setting.
    const pool = h.server.pool;
    const idle = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    for (const client of idle) client.release(true);
    const { rows } = await pool.query(`select current_setting('TimeZone') as tz`);
    expect(rows[0].tz).toBe('Pacific/Kiritimati');
    expect(await grouped('DATE_TRUNCATED_TO_WEEK')).toEqual([
      ['2024-12-30', 3200, 1],
      ['2025-01-27', 300, 2],
      ['2025-02-03', 2800, 2],
    ]);
  } finally {
    await h.db.pool.query(`alter role vitalis_authenticator in database "${h.db.name}" reset timezone`);
  }
});

test('min and max of a DATE column', async () => {
  const result = await graphql<{ wearableDailies: { aggregates: { min: { date: string }; max: { date: string } } } }>(
    h.server,
    '{ wearableDailies { aggregates { min { date steps } max { date steps } } } }',
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data?.wearableDailies.aggregates).toEqual({
    min: { date: '2024-12-31', steps: 100 },
    max: { date: '2025-02-04', steps: 3200 },
  });
});

test('grouped min/max of dates per month, with a filter', async () => {
  const result = await graphql<{ wearableDailies: { groupedAggregates: Array<{ keys: string[]; min: { date: string }; max: { date: string } }> } }>(
    h.server,
    `{ wearableDailies(filter: { date: { greaterThanOrEqualTo: "2025-01-01" } }) {
         groupedAggregates(groupBy: [DATE_TRUNCATED_TO_MONTH]) { keys min { date } max { date } } } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  const groups = [...(result.body.data?.wearableDailies.groupedAggregates ?? [])].sort((a, b) => String(a.keys[0]).localeCompare(String(b.keys[0])));
  expect(groups).toEqual([
    { keys: ['2025-01-01'], min: { date: '2025-01-27' }, max: { date: '2025-01-27' } },
    { keys: ['2025-02-01'], min: { date: '2025-02-02' }, max: { date: '2025-02-04' } },
  ]);
});
