// Clear errors for bad input, over real HTTP: which field, which rule, a stable code, and never
// SQL text, constraint or relation names, or a stack trace. Plus the mapping itself (unit).
import { Writable } from 'node:stream';
import pino from 'pino';
import { SafeError } from 'postgraphile/grafast';
import { GraphQLError } from 'postgraphile/graphql';
import { createUser } from '../helpers/db';
import { describePgError, fieldName, makeMaskError } from '../../src/server/errors';
import { codeWireErrors } from '../../src/server/requestErrors';
import { ranges } from '../../src/validation/bounds';
import { graphql, startHarness, tokenFor, type GraphQLResponse, type Harness } from './harness';

let h: Harness;
let userA: string;
let userB: string;
let token: string;
const responses: GraphQLResponse[] = [];

beforeAll(async () => {
  h = await startHarness();
  userA = await createUser(h.db.pool);
  userB = await createUser(h.db.pool);
  token = await tokenFor(h, userA);
});

afterAll(async () => {
  await h?.close();
});

async function gql(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse> {
  const result = await graphql(h.server, query, { token, variables });
  responses.push(result);
  return result;
}

const CREATE_DAILY = `mutation($input: CreateWearableDailyInput!) { createWearableDaily(input: $input) { wearableDaily { dailyId } } }`;
const CREATE_MOOD = `mutation($input: CreateMoodJournalInput!) { createMoodJournal(input: $input) { moodJournal { journalId } } }`;
const daily = (extra: Record<string, unknown>) => ({ input: { wearableDaily: { date: '2025-03-01', source: 'garmin', ...extra } } });

function onlyError(result: GraphQLResponse) {
  expect(result.body.errors).toHaveLength(1);
  return result.body.errors![0]!;
}

describe('constraint and validation failures become clear GraphQL errors', () => {
  test('a value out of range names the field and its bounds (from bounds.ts)', async () => {
    const error = onlyError(await gql(CREATE_DAILY, daily({ restingHrBpm: 500 })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'restingHrBpm' });
    expect(error.message).toMatch(/^restingHrBpm must be between 20 and 300/);
    expect(error.path).toEqual(['createWearableDaily']);
  });

  test('negative steps', async () => {
    const error = onlyError(await gql(CREATE_DAILY, daily({ steps: -1 })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'steps' });
    expect(error.message).toMatch(/^steps must be between 0 and 100000/);
  });

  test('every range in bounds.ts is reported with its own field and numbers', async () => {
    const { min, max } = ranges.wearable_daily.spo2_avg_pct;
    const error = onlyError(await gql(CREATE_DAILY, daily({ spo2AvgPct: max + 1 })));
    expect(error.message).toBe(`spo2AvgPct must be between ${min} and ${max}`);
    expect(error.extensions?.field).toBe('spo2AvgPct');
  });

  test('a date outside the accepted window names the date field', async () => {
    const error = onlyError(await gql(CREATE_DAILY, daily({ date: '1990-01-01' })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'date' });
  });

  test('a CHECK other than a range gets a readable rule (from the catalog)', async () => {
    const result = await gql(
      `mutation($input: UpdateUserPreferenceInput!) { updateUserPreference(input: $input) { userPreference { distanceUnit } } }`,
      { input: { userId: userA, patch: { distanceUnit: 'furlongs' } } },
    );
    const error = onlyError(result);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'distanceUnit' });
    expect(error.message).toBe('distanceUnit must be one of: miles, km');
  });

  test('a blood marker with an unknown unit: our own message, naming the unit field', async () => {
    let biomarkerId = (await h.db.pool.query(`select biomarker_id from vitalis.biomarker_dictionary where canonical_name = 'glucose'`)).rows[0]?.biomarker_id;
    if (!biomarkerId) {
      biomarkerId = (
        await h.db.pool.query(
          `insert into vitalis.biomarker_dictionary (canonical_name, display_name, category, canonical_unit) values ('glucose', 'Glucose', 'metabolic', 'mg/dL') returning biomarker_id`,
        )
      ).rows[0].biomarker_id;
    }
    const panel = await gql(`mutation($input: CreateBloodPanelInput!) { createBloodPanel(input: $input) { bloodPanel { panelId } } }`, {
      input: { bloodPanel: {} },
    });
    expect(panel.body.errors).toBeUndefined();
    const panelId = panel.body.data!.createBloodPanel.bloodPanel.panelId;
    const CREATE_MARKER = `mutation($input: CreateBloodMarkerInput!) { createBloodMarker(input: $input) { bloodMarker { markerId } } }`;
    const error = onlyError(
      await gql(CREATE_MARKER, { input: { bloodMarker: { panelId, biomarkerId, rawName: 'Glucose', valueNumeric: '90', unit: 'furlongs' } } }),
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'unit' });
    expect(error.message).toMatch(/^unit: "furlongs" is not an accepted unit for /);

    // A reference to a panel that does not exist names the reference.
    const missing = onlyError(
      await gql(CREATE_MARKER, { input: { bloodMarker: { panelId: crypto.randomUUID(), rawName: 'Glucose', valueNumeric: '90' } } }),
    );
    expect(missing.extensions?.field).toBe('panelId');
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('panelId does not refer to an existing blood panel');
  });

  test('a duplicate mood journal date is a CONFLICT naming the fields', async () => {
    const input = { input: { moodJournal: { journalDate: '2025-06-03', moodScore: 4 } } };
    expect((await gql(CREATE_MOOD, input)).body.errors).toBeUndefined();
    const error = onlyError(await gql(CREATE_MOOD, input));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'journalDate' });
    expect(error.message).toMatch(/journalDate/);
    expect(error.message).toMatch(/already exists/);
  });

  test("sharing with someone outside the household: the function's own message, naming its argument", async () => {
    const error = onlyError(
      await gql(`mutation($input: GrantProfileViewInput!) { grantProfileView(input: $input) { clientMutationId } }`, { input: { viewer: userB } }),
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'viewer' });
    expect(error.message).toBe('viewer: you can only share your profile with members of your own household account');
  });

  test('a date that is not a day of the calendar is refused before SQL, naming the field and the shape', async () => {
    const error = onlyError(await gql(CREATE_DAILY, daily({ date: '2025-13-45' })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'date' });
    expect(error.message).toBe('date: "2025-13-45" is not a date (YYYY-MM-DD)');
  });

  test('an invalid enum value is BAD_USER_INPUT naming the field', async () => {
    const error = onlyError(await gql(CREATE_DAILY, daily({ source: 'GARMINX' })));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'source' });
  });

  test('document errors get codes too: an enum literal, an unknown field', async () => {
    const literal = await gql(`mutation { createWearableDaily(input: { wearableDaily: { date: "2025-03-02", source: GARMINX } }) { clientMutationId } }`, {});
    expect(onlyError(literal).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'source' });
    const unknown = await gql('{ wearableDailies { nodes { nope } } }', {});
    expect(onlyError(unknown)).toMatchObject({ message: 'Cannot query field "nope" on type "WearableDaily".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'nope' } });
  });

  test('a wrongly typed value is BAD_USER_INPUT', async () => {
    const error = onlyError(await gql(CREATE_DAILY, daily({ steps: 'many' })));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'steps' });
  });

  test('no response carries SQL text, constraint or relation names', () => {
    expect(responses.length).toBeGreaterThan(8);
    for (const response of responses) {
      for (const error of response.body.errors ?? []) {
        expect(error.message).not.toMatch(/violates|constraint|relation|SQL|wearable_daily_|mood_journal_|blood_markers|profile_shares|\bat .*\.(ts|js):\d+/);
        expect(JSON.stringify(error.extensions ?? {})).not.toMatch(/violates|constraint|relation|SQL|stack/i);
      }
    }
  });
});

describe('the mapping (src/server/errors.ts)', () => {
  const raised = { routine: 'exec_stmt_raise' };

  test('field names follow the GraphQL inflection', () => {
    expect(fieldName('resting_hr_bpm')).toBe('restingHrBpm');
    expect(fieldName('hr_zone_1_seconds')).toBe('hrZone1Seconds');
  });

  test('statement timeout -> TIMEOUT; permission -> FORBIDDEN; NOT NULL -> required', () => {
    expect(describePgError({ code: '57014', message: 'canceling statement due to statement timeout' })?.code).toBe('TIMEOUT');
    expect(describePgError({ code: '42501', message: 'permission denied for table users' })).toEqual({ code: 'FORBIDDEN', message: 'Not allowed' });
    expect(describePgError({ code: '23502', column: 'raw_name', message: 'null value in column "raw_name" of relation "x" violates not-null constraint' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'rawName is required',
      field: 'rawName',
    });
  });

  test('our own RAISEs keep their message and name their column; their errcode picks the code', () => {
    expect(describePgError({ code: '22008', column: 'sleep_date', message: 'sleepDate: 1900-01-01 is outside the accepted range', ...raised })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'sleepDate: 1900-01-01 is outside the accepted range',
      field: 'sleepDate',
    });
    expect(describePgError({ code: '23505', column: 'email', message: 'email: a@b.c is already a member of this account', ...raised })).toEqual({
      code: 'CONFLICT',
      message: 'email: a@b.c is already a member of this account',
      field: 'email',
    });
    // The field comes from the RAISE's column, else from the request; the message is not rewritten.
    expect(describePgError({ code: '23514', column: 'max_users', message: 'maxUsers: a family account holds at most 4 users', ...raised })).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'maxUsers: a family account holds at most 4 users',
      field: 'maxUsers',
    });
    expect(describePgError({ code: '22023', message: 'rows: must be a JSON array of objects', ...raised }, undefined, 'rows')).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'rows: must be a JSON array of objects',
      field: 'rows',
    });
    expect(describePgError({ code: '42501', message: 'only the owner of the account may invite members', ...raised })).toEqual({
      code: 'FORBIDDEN',
      message: 'only the owner of the account may invite members',
    });
  });

  test("PostgreSQL's own data errors: the rule and the client's value, with the field found in the request", () => {
    const builtIn = { code: '22P02', message: 'invalid input syntax for type uuid: "x"', routine: 'string_to_uuid' };
    expect(describePgError(builtIn)).toEqual({ code: 'BAD_USER_INPUT', message: 'a value in the request ("x") is not in a valid format' });
    expect(describePgError(builtIn, undefined, 'panelId')).toEqual({ code: 'BAD_USER_INPUT', message: 'panelId: "x" is not in a valid format', field: 'panelId' });
    const overflow = { code: '22003', message: 'numeric field overflow', detail: 'A field with precision 6, scale 2 must round to an absolute value less than 10^4.', routine: 'apply_typmod' };
    expect(describePgError(overflow, undefined, 'hrvRmssdMs')?.message).toBe('hrvRmssdMs: the value is out of range for its field (it must be less than 10000 in absolute value)');
    expect(describePgError({ code: '2201W', message: 'LIMIT must not be negative', routine: 'ExecLimit' }, undefined, 'first')?.message).toBe('first: the value must not be negative');
  });

  test('unique and foreign-key violations name the fields from the error detail', () => {
    expect(
      describePgError({ code: '23505', constraint: 'x_key', table: 'mood_journal', detail: 'Key (user_id, journal_date)=(u, 2025-01-01) already exists.', message: '' }),
    ).toMatchObject({ code: 'CONFLICT', field: 'journalDate' });
    expect(
      describePgError({ code: '23503', constraint: 'y_fkey', detail: 'Key (panel_id)=(p) is not present in table "blood_panels".', message: '' }),
    ).toEqual({ code: 'NOT_FOUND', message: 'panelId does not refer to an existing blood panel', field: 'panelId', fields: undefined });
    const twoColumns = describePgError({ code: '23505', constraint: 'z_key', table: 'wearable_daily', detail: 'Key (user_id, date, source)=(u, d, s) already exists.', message: '' });
    expect(twoColumns?.fields).toEqual([
      { field: 'date', message: twoColumns?.message },
      { field: 'source', message: twoColumns?.message },
    ]);
  });

  test("grafast's planning and execution timeouts -> TIMEOUT", () => {
    const maskError = makeMaskError(pino({ level: 'silent' }));
    for (const message of [
      'Execution timeout exceeded, please simplify or add limits to your request.',
      'Operation took too long to plan and was aborted. Please simplify the request and try again.',
    ]) {
      const masked = maskError(new GraphQLError(message, { originalError: new SafeError(message, { [Symbol('timeout')]: 1000 } as never), path: ['x'] }));
      expect(masked.extensions).toEqual({ code: 'TIMEOUT' });
      expect(masked.message).toMatch(/took too long/);
    }
  });

  test('an unexpected error reaches the client as an id only, and is logged with its detail', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const maskError = makeMaskError(pino({ level: 'info' }, stream));
    const original = Object.assign(new Error('relation "vitalis.secret" does not exist'), { code: '42P01', severity: 'ERROR' });
    const masked = maskError(new GraphQLError(original.message, { originalError: original, path: ['x'] }));
    expect(masked.message).toMatch(/^An error occurred \(id: [0-9a-f-]{36}\)$/);
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(masked.path).toEqual(['x']);
    const logged = JSON.parse(lines.join(''));
    expect(logged).toMatchObject({ level: 50, errorId: masked.extensions?.errorId, pgCode: '42P01', msg: 'masked GraphQL error' });
    expect(JSON.stringify(logged)).toMatch(/vitalis\.secret/);
  });

  test("grafserv's own answers get a code, a field, and the status their code stands for", () => {
    const options = { suggestions: false, maxBodyBytes: 1000 };
    const one = (message: string, status: number, extensions?: Record<string, unknown>) => codeWireErrors([{ message, extensions }], status, options);
    expect(one('Invalid onError; supported error behaviors are: PROPAGATE, NULL', 400)).toEqual({
      status: 400,
      errors: [{ message: 'onError: supported error behaviors are: PROPAGATE, NULL', extensions: { code: 'BAD_USER_INPUT', field: 'onError' } }],
    });
    expect(one('Invalid extensions; expected JSON-encoded object', 400).errors[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'extensions' });
    expect(one('Too much data', 413, { statusCode: 413 })).toEqual({
      status: 413,
      errors: [{ message: 'The request body is too large (at most 1000 bytes)', extensions: { code: 'PAYLOAD_TOO_LARGE', field: 'body' } }],
    });
    expect(one('Could not determine the Content-Type of the request', 400).status).toBe(415);
    // An error we do not know, in a failed answer: no message of unknown origin reaches the client.
    expect(one('Cannot read properties of undefined (reading "x") at /srv/app.js:1:2', 500).errors).toEqual([
      { message: 'An unexpected error occurred while reading the request', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(one('Maximum call stack size exceeded', 200).errors[0]).toEqual({
      message: 'The query is nested too deeply to be read; simplify it',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    // Codes already given are kept; "Did you mean" goes when introspection is off.
    expect(one('Cannot query field "x" on type "Query". Did you mean "y"?', 200, { code: 'GRAPHQL_VALIDATION_FAILED' }).errors[0]?.message).toBe(
      'Cannot query field "x" on type "Query".',
    );
  });
});
