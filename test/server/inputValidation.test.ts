// Validation parity over real HTTP (issue 8): the values a production server accepted are refused
// with BAD_USER_INPUT naming the field and the rule, and a request with several bad fields hears
// about all of them at once.
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type GraphQLResponse, type Harness } from './harness';

let h: Harness;
let user: string;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  user = await createUser(h.db.pool);
  token = await tokenFor(h, user);
});

afterAll(async () => {
  await h?.close();
});

const gql = (query: string, variables: Record<string, unknown>) => graphql(h.server, query, { token, variables });

function onlyError(result: GraphQLResponse) {
  expect(result.body.errors).toHaveLength(1);
  return result.body.errors![0]!;
}

const CREATE_MEASUREMENT = `mutation($input: CreateMeasurementInput!) { createMeasurement(input: $input) { measurement { measurementId } } }`;
const CREATE_MOOD = `mutation($input: CreateMoodJournalInput!) { createMoodJournal(input: $input) { moodJournal { journalId } } }`;
const CREATE_GOAL = `mutation($input: CreateGoalInput!) { createGoal(input: $input) { goal { goalId } } }`;

const measurement = (fields: Record<string, unknown>) => ({
  input: { measurement: { metric: 'weight', value: '80', unit: 'kg', measuredAt: '2025-05-01T08:00:00Z', ...fields } },
});
const mood = (fields: Record<string, unknown>) => ({ input: { moodJournal: { journalDate: '2025-05-01', moodScore: 3, ...fields } } });

/** The name of an upsert's JSON argument (p_rows or rows: whatever the function declares), read from the schema. */
async function rowsArgument(inputType: string): Promise<string> {
  const shape = await gql(`query($t: String!) { __type(name: $t) { inputFields { name } } }`, { t: inputType });
  return (shape.body.data!.__type.inputFields as { name: string }[]).map((f) => f.name).find((n) => n !== 'clientMutationId')!;
}

async function count(table: string): Promise<number> {
  return Number((await h.db.pool.query(`select count(*) from vitalis.${table} where user_id = $1`, [user])).rows[0].count);
}

test('SpO2 of 120 % is refused, naming value and the range', async () => {
  const error = onlyError(await gql(CREATE_MEASUREMENT, measurement({ metric: 'spo2', value: '120', unit: '%' })));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
  expect(error.message).toBe('value for spo2 must be between 50 and 100 %');
  expect(await count('measurements')).toBe(0);
});

test('a 5,000 lb weight names value and the weight range', async () => {
  const error = onlyError(await gql(CREATE_MEASUREMENT, measurement({ value: '5000', unit: 'lbs' })));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
  expect(error.message).toBe('value for weight must be between 20 and 1000 lbs');
  expect(error.message).not.toMatch(/validation rule was not met/);
});

test('a height in furlongs names unit', async () => {
  const error = onlyError(await gql(CREATE_MEASUREMENT, measurement({ metric: 'height', value: '1', unit: 'furlongs' })));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unit' });
  expect(error.message).toBe('unit "furlongs" is not a unit for height (accepted: cm, m, mm, in, ft)');
});

test('NaN as a goal target is refused (BigFloat carries it as a string)', async () => {
  for (const target of ['NaN', 'Infinity']) {
    const error = onlyError(await gql(CREATE_GOAL, { input: { goal: { metricType: 'measurement', metricName: 'weight', targetValue: target } } }));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetValue' });
    expect(error.message).toMatch(/must be a finite number/);
  }
  expect(await count('goals')).toBe(0);
});

test('mood entries dated 1900 or 2999 are refused like wearables, naming journalDate', async () => {
  for (const journalDate of ['1900-01-01', '2999-01-01']) {
    const error = onlyError(await gql(CREATE_MOOD, mood({ journalDate })));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'journalDate' });
    expect(error.message).toMatch(/^journalDate must be on or after 2000-01-01 and before \d{4}-01-01/);
  }
  const ok = await gql(CREATE_MOOD, mood({ journalDate: '2000-01-01' }));
  expect(ok.body.errors).toBeUndefined();
});

test("a mood entry dated 'today' or with a time is refused, naming journalDate, where PostgreSQL would store another day", async () => {
  const before = await count('mood_journal');
  for (const journalDate of ['today', '2024-02-29T23:59:59+14:00']) {
    const error = onlyError(await gql(CREATE_MOOD, mood({ journalDate })));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'journalDate' });
    expect(error.message).toBe(`journalDate: ${JSON.stringify(journalDate)} is not a date (YYYY-MM-DD)`);
  }
  expect(await count('mood_journal')).toBe(before);
});

test('a 900 KB note is refused, naming notes and the limit', async () => {
  const error = onlyError(await gql(CREATE_MOOD, mood({ journalDate: '2025-06-01', notes: 'x'.repeat(900 * 1024) })));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'notes' });
  expect(error.message).toBe('notes must be at most 10000 characters');
});

test('two bad fields are both reported, in one error, before anything is written', async () => {
  const before = await count('mood_journal');
  const error = onlyError(await gql(CREATE_MOOD, mood({ journalDate: '2025-07-01', moodScore: 9, energyScore: 0 })));
  expect(error.extensions).toEqual({
    code: 'BAD_USER_INPUT',
    field: 'moodScore',
    fields: [
      { field: 'moodScore', message: 'moodScore must be between 1 and 5 (a whole number)' },
      { field: 'energyScore', message: 'energyScore must be between 1 and 5 (a whole number)' },
    ],
  });
  expect(error.path).toEqual(['createMoodJournal']);
  expect(await count('mood_journal')).toBe(before);
});

test('several kinds of problem in one patch: range, date and length', async () => {
  const created = await gql(`mutation($input: CreateMoodJournalInput!) { createMoodJournal(input: $input) { moodJournal { id } } }`, mood({ journalDate: '2025-08-01' }));
  const id = created.body.data!.createMoodJournal.moodJournal.id as string;
  const result = await gql(
    `mutation($input: UpdateMoodJournalByIdInput!) { updateMoodJournalById(input: $input) { moodJournal { journalId } } }`,
    { input: { id, patch: { stressScore: 6, journalDate: '1999-12-31', notes: 'y'.repeat(10001) } } },
  );
  const error = onlyError(result);
  expect((error.extensions!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['journalDate', 'notes', 'stressScore']);
  expect(error.message).toMatch(/^3 fields are not valid: /);
});

test('an unknown key in an upsertWearableDaily row is refused, naming the row and the key', async () => {
  const arg = await rowsArgument('UpsertWearableDailyInput');
  const rows = [
    { date: '2025-05-01', source: 'garmin', steps: 1000 },
    { date: '2025-05-02', source: 'garmin', stepz: 5000 },
  ];
  const error = onlyError(await gql(`mutation($input: UpsertWearableDailyInput!) { upsertWearableDaily(input: $input) { clientMutationId } }`, { input: { [arg]: rows } }));
  // The message names the row and the key; the field is the mutation's `rows` input.
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rows' });
  expect(error.message).toBe('rows[1].stepz is not a known field');
  expect(await count('wearable_daily')).toBe(0);
});

test('a client cannot stamp an upsertWearableDaily row with the sync version the server keeps: the key is named and nothing is written', async () => {
  const arg = await rowsArgument('UpsertWearableDailyInput');
  const rows = [{ date: '2025-05-01', source: 'garmin', steps: 1000, source_updated_at: '2099-01-01T00:00:00Z' }];
  const error = onlyError(await gql(`mutation($input: UpsertWearableDailyInput!) { upsertWearableDaily(input: $input) { clientMutationId } }`, { input: { [arg]: rows } }));
  expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'rows' });
  expect(error.message).toBe('rows[0].source_updated_at is set by the server; a client may not send it');
  expect(await count('wearable_daily')).toBe(0);
});

test('unknown keys that are not plain names are quoted, so a hostile key (spaces, commas, quotes) cannot blur the list', async () => {
  const arg = await rowsArgument('UpsertWearableDailyInput');
  const rows = [{ date: '2025-05-01', source: 'garmin', 'steps, rows[0].x': 1, 'say "hi"': 2, stepz: 3 }];
  const error = onlyError(await gql(`mutation($input: UpsertWearableDailyInput!) { upsertWearableDaily(input: $input) { clientMutationId } }`, { input: { [arg]: rows } }));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rows' });
  expect(error.message).toBe('rows[0]."say \\"hi\\"", rows[0]."steps, rows[0].x", rows[0].stepz are not known fields');
  expect(await count('wearable_daily')).toBe(0);
});

test('a value out of range in an upsertMeasurements row is refused by SQL with the metric\'s range', async () => {
  const arg = await rowsArgument('UpsertMeasurementsInput');
  const rows = [{ metric: 'spo2', value: 120, unit: '%', measured_at: '2025-05-01T08:00:00Z' }];
  const error = onlyError(await gql(`mutation($input: UpsertMeasurementsInput!) { upsertMeasurements(input: $input) { clientMutationId } }`, { input: { [arg]: rows } }));
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
  expect(error.message).toBe('value for spo2 must be between 50 and 100 %');
});
