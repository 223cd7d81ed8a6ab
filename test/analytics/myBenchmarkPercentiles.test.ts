import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { WOMEN_GLUCOSE, WOMEN_RESTING_HR, daysAgo, refresh, seedPopulation, type Population } from './fixture';

// A user sees where they stand in their benchmark group through GraphQL: their own value, their
// group and its size, and a percentile estimated from the group's published points; never anyone
// else's value.

let h: Harness;
let people: Population;

const QUERY = `{ myBenchmarkPercentiles { kind metric unit value daysOfData collectedOn sex ageBand groupSize percentile reason refreshedAt } }`;

interface Row {
  kind: string;
  metric: string;
  unit: string;
  value: string;
  daysOfData: number | null;
  collectedOn: string | null;
  sex: string;
  ageBand: string | null;
  groupSize: number | null;
  percentile: string | null;
  reason: string | null;
  refreshedAt: string | null;
}

async function mine(userId: string): Promise<Row[]> {
  const result = await graphql<{ myBenchmarkPercentiles: Row[] }>(h.server, QUERY, { token: await tokenFor(h, userId) });
  expect(result.body.errors).toBeUndefined();
  return result.body.data!.myBenchmarkPercentiles;
}

const num = (v: string | null) => (v === null ? null : Number(v));

beforeAll(async () => {
  h = await startHarness();
  people = await seedPopulation(h.db.pool);
});

afterAll(async () => {
  await h?.close();
});

test('before the first refresh, the user sees their values and that the benchmarks are not computed yet', async () => {
  const rows = await mine(people.women[5]!);
  expect(rows.map((r) => [r.metric, num(r.value), r.percentile, r.reason])).toEqual([
    ['resting_hr_bpm', 60, null, 'the benchmarks have not been computed yet; they are refreshed daily'],
    ['steps', 10000, null, 'the benchmarks have not been computed yet; they are refreshed daily'],
    ['glucose', 90, null, 'the benchmarks have not been computed yet; they are refreshed daily'],
  ]);
  await refresh(h.db.pool);
});

test('a woman of 35 gets her percentile in her group, interpolated between the published points', async () => {
  const rows = await mine(people.women[5]!);
  const refreshedAt = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
  // 60 bpm lies between p50 = 59 and p75 = 63.5: 50 + (60 - 59) / 4.5 * 25 = 55.6. Steps and glucose sit the same way.
  expect(rows).toEqual([
    { kind: 'daily_metric', metric: 'resting_hr_bpm', unit: 'bpm', value: expect.any(String), daysOfData: 7, collectedOn: null, sex: 'female', ageBand: '30-39', groupSize: 10, percentile: '55.6', reason: null, refreshedAt },
    { kind: 'daily_metric', metric: 'steps', unit: 'steps', value: expect.any(String), daysOfData: 7, collectedOn: null, sex: 'female', ageBand: '30-39', groupSize: 10, percentile: '55.6', reason: null, refreshedAt },
    { kind: 'biomarker', metric: 'glucose', unit: 'mg/dL', value: expect.any(String), daysOfData: null, collectedOn: daysAgo(20), sex: 'female', ageBand: '30-39', groupSize: 10, percentile: '55.6', reason: null, refreshedAt },
  ]);
  expect(rows.map((r) => num(r.value))).toEqual([60, 10000, 90]);
});

test('nothing of anyone else comes back: no other woman\'s value, no field beyond the documented ones', async () => {
  const result = await graphql(h.server, QUERY, { token: await tokenFor(h, people.women[5]!) });
  const text = JSON.stringify(result.body);
  const others = [...WOMEN_RESTING_HR.filter((v) => v !== 60), ...WOMEN_GLUCOSE.filter((v) => v !== 90)];
  expect(others.filter((v) => new RegExp(`"${v}(\\.0+)?"`).test(text))).toEqual([]);
  for (const id of [...people.women, ...people.men].filter((id) => id !== people.women[5])) expect(text).not.toContain(id);
  const type = await graphql(h.server, `{ __type(name: "BenchmarkPercentile") { fields { name } } }`);
  expect(type.body.data!.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(
    ['ageBand', 'collectedOn', 'daysOfData', 'groupSize', 'kind', 'metric', 'percentile', 'reason', 'refreshedAt', 'sex', 'unit', 'value'],
  );
  // The views themselves are not in the API.
  const query = await graphql(h.server, `{ __schema { queryType { fields { name } } } }`);
  expect(query.body.data!.__schema.queryType.fields.map((f: { name: string }) => f.name).filter((n: string) => /benchmark/i.test(n))).toEqual(['myBenchmarkPercentiles']);
});

test('outside the published points the percentile is the bound, and the reason says so', async () => {
  const [lowest] = await mine(people.women[0]!); // 50 bpm, under p05 = 50.9
  expect([lowest!.metric, lowest!.percentile, lowest!.reason]).toEqual(['resting_hr_bpm', '5', 'below the 5th percentile of your group']);
  const [highest] = await mine(people.women[9]!); // 68 bpm, over p95 = 67.1
  expect([highest!.percentile, highest!.reason]).toEqual(['95', 'above the 95th percentile of your group']);
});

test('a man in a group of four gets his value and no percentile: the group is not published', async () => {
  const rows = await mine(people.men[0]!);
  expect(rows.map((r) => [r.metric, num(r.value), r.sex, r.ageBand, r.groupSize, r.percentile, r.reason])).toEqual([
    ['resting_hr_bpm', 45, 'male', '40-49', null, null, 'fewer than 10 people of your group (male, 40-49) have this metric, so the group is not published'],
    ['glucose', 100, 'male', '40-49', null, null, 'fewer than 10 people of your group (male, 40-49) have this result, so the group is not published'],
  ]);
});

test('people the benchmarks leave out are told why', async () => {
  const reasons = async (id: string) => [...new Set((await mine(id)).map((r) => `${r.percentile} ${r.reason}`))];
  expect(await reasons(people.pendingDeletion)).toEqual(['null your account is being deleted, so you are not part of the benchmarks']);
  expect(await reasons(people.minor)).toEqual(['null benchmarks are for people aged 18 and over']);
  expect(await reasons(people.fewDays)).toEqual(['null 3 of the last 90 days have this metric; 7 are needed to compare']);
});

test('an anonymous caller is asked to sign in', async () => {
  const result = await graphql(h.server, QUERY);
  expect(result.body.errors?.[0]).toMatchObject({ message: 'authorization: sign in to see your benchmark percentiles', extensions: { code: 'UNAUTHENTICATED' } });
});
