// The error contract, over real HTTP against a production-like server (introspection off): a
// corpus of malformed requests to /graphql and the REST routes, each answer checked for its status,
// a code from src/http/errorCodes.ts on every error, a field on every input error, and no
// internals (SQL names, p_ parameters, stack overflows, traces, schema hints) in any message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { ERROR_CODES, type ErrorCode } from '../../src/http/errorCodes';
import { openStorage, type Storage } from '../../src/storage/s3';
import { createUser } from '../helpers/db';
import { startHarness, tokenFor, type Harness } from './harness';

let h: Harness;
let storage: Storage;
let workDir: string;
let token: string;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-errorcontract-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-errorcontract' }), { directory: path.join(workDir, 's3') });
  h = await startHarness({ ENABLE_GRAPHIQL: 'false' }, { storage });
  token = await tokenFor(h, await createUser(h.db.pool));
});

afterAll(async () => {
  await h?.close();
  await storage?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

interface Case {
  name: string;
  /** Path and fetch options; GraphQL cases give `graphql` (a JSON body) instead. */
  path?: string;
  init?: RequestInit;
  graphql?: Record<string, unknown>;
  status: number | number[];
  code: ErrorCode | ErrorCode[];
  field?: string;
  /** Also checked against the message. */
  message?: RegExp;
  headers?: Record<string, string>;
}

const daily = (extra: Record<string, unknown>) => ({
  query: 'mutation($input: CreateWearableDailyInput!) { createWearableDaily(input: $input) { clientMutationId } }',
  variables: { input: { wearableDaily: { date: '2025-03-01', source: 'garmin', ...extra } } },
});
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const nested = (depth: number) => `{ wearableDailies(filter: ${'{and: ['.repeat(depth)}{}${']}'.repeat(depth)}) { totalCount } }`;

const CORPUS: Case[] = [
  // GraphQL: the document
  { name: 'syntax error', graphql: { query: '{ wearableDailies { nodes { date }' }, status: 200, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'unknown field', graphql: { query: '{ wearableDailies { nodes { nope } } }' }, status: 200, code: 'GRAPHQL_VALIDATION_FAILED', field: 'nope' },
  {
    name: 'misspelt field: no "Did you mean" with introspection off',
    graphql: { query: '{ wearableDailie { nodes { date } } }' },
    status: 200,
    code: 'GRAPHQL_VALIDATION_FAILED',
    field: 'wearableDailie',
  },
  { name: 'wrong argument type', graphql: { query: '{ wearableDailies(first: "x") { nodes { date } } }' }, status: 200, code: 'BAD_USER_INPUT', field: 'first' },
  { name: 'unknown enum value', graphql: { query: '{ wearableDailies(orderBy: NOPE) { nodes { date } } }' }, status: 200, code: 'BAD_USER_INPUT', field: 'orderBy' },
  {
    name: 'misspelt enum value: no "Did you mean"',
    graphql: { query: '{ wearableDailies(condition: { source: garmim }) { nodes { date } } }' },
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'source',
  },
  {
    name: 'misspelt enum value in a variable: no "Did you mean"',
    graphql: daily({ source: 'garmim' }),
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'source',
  },
  {
    name: 'misspelt input field in a variable: no "Did you mean"',
    graphql: { ...daily({}), variables: { input: { wearableDaily: { date: '2025-03-01', sorce: 'garmin' } } } },
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  { name: 'missing required argument', graphql: { query: '{ bloodPanel { panelId } }' }, status: 200, code: 'BAD_USER_INPUT', field: 'panelId' },
  { name: 'invalid UUID literal', graphql: { query: '{ bloodPanel(panelId: "x") { panelId } }' }, status: 200, code: 'BAD_USER_INPUT', field: 'panelId' },
  {
    name: 'variable of the wrong JSON type',
    graphql: { query: 'query($n: Int) { wearableDailies(first: $n) { nodes { date } } }', variables: { n: 'abc' } },
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'n',
  },
  { name: 'unknown operationName', graphql: { query: 'query A { __typename }', operationName: 'B' }, status: 200, code: 'GRAPHQL_VALIDATION_FAILED', field: 'operationName' },
  { name: 'introspection', graphql: { query: '{ __schema { types { name } } }' }, status: 200, code: 'INTROSPECTION_DISABLED' },
  {
    name: 'input nested thousands deep',
    graphql: { query: nested(3000) },
    status: [200, 400],
    code: ['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'QUERY_TOO_LARGE'],
  },
  // GraphQL: arguments and input values the database refuses
  {
    name: 'invalid cursor',
    graphql: { query: '{ wearableDailies(after: "garbage") { nodes { date } } }' },
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'after',
  },
  { name: 'first: -1', graphql: { query: '{ wearableDailies(first: -1) { nodes { date } } }' }, status: 200, code: 'BAD_USER_INPUT', field: 'first' },
  { name: 'first: 100000', graphql: { query: '{ wearableDailies(first: 100000) { nodes { date } } }' }, status: 200, code: 'BAD_USER_INPUT', field: 'first' },
  { name: 'out-of-range value in a create mutation', graphql: daily({ restingHrBpm: 500 }), status: 200, code: 'BAD_USER_INPUT', field: 'restingHrBpm' },
  { name: 'bad date', graphql: daily({ date: '2025-13-45' }), status: 200, code: 'BAD_USER_INPUT', field: 'date', message: /2025-13-45/ },
  { name: 'number that is not a number', graphql: daily({ hrvRmssdMs: 'abc' }), status: 200, code: 'BAD_USER_INPUT', field: 'hrvRmssdMs' },
  {
    name: 'unknown biomarker (a function of ours)',
    graphql: { query: '{ biomarkerTrend(biomarker: "unobtainium") { canonicalName } }' },
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'biomarker',
    message: /^biomarker: /,
  },
  {
    name: 'dashboard days out of range (the example in docs/api.md)',
    graphql: { query: '{ dashboard(days: 0) { date } }' },
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'days',
    message: /^days: must be between 1 and 366, got 0$/,
  },
  // GraphQL: the HTTP request
  { name: 'malformed JSON body', path: '/graphql', init: { method: 'POST', headers: JSON_HEADERS, body: '{"query": ' }, status: 400, code: 'BAD_USER_INPUT', field: 'body' },
  { name: 'empty body', path: '/graphql', init: { method: 'POST', headers: JSON_HEADERS, body: '' }, status: 400, code: 'BAD_USER_INPUT', field: 'body' },
  { name: 'no query', graphql: { variables: {} }, status: 400, code: 'BAD_USER_INPUT', field: 'query' },
  { name: 'variables not an object', graphql: { query: '{ __typename }', variables: 'x' }, status: 400, code: 'BAD_USER_INPUT', field: 'variables' },
  {
    name: 'wrong content-type',
    path: '/graphql',
    init: { method: 'POST', headers: { 'content-type': 'text/plain', accept: 'application/json' }, body: '{"query":"{ __typename }"}' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'no content-type',
    path: '/graphql',
    init: { method: 'POST', headers: { accept: 'application/json' }, body: new Uint8Array(Buffer.from('{"query":"{ __typename }"}')) },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'unacceptable Accept',
    path: '/graphql',
    init: { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/xml' }, body: '{"query":"{ __typename }"}' },
    status: 406,
    code: 'NOT_ACCEPTABLE',
  },
  { name: 'GET /graphql', path: '/graphql?query=%7B__typename%7D', init: { headers: { accept: 'application/json' } }, status: 405, code: 'METHOD_NOT_ALLOWED', headers: { allow: 'POST' } },
  { name: 'PUT /graphql', path: '/graphql', init: { method: 'PUT', headers: JSON_HEADERS, body: '{"query":"{ __typename }"}' }, status: 405, code: 'METHOD_NOT_ALLOWED', headers: { allow: 'POST' } },
  { name: 'DELETE /graphql', path: '/graphql', init: { method: 'DELETE', headers: { accept: 'application/json' } }, status: 405, code: 'METHOD_NOT_ALLOWED', headers: { allow: 'POST' } },
  {
    name: 'oversized body',
    path: '/graphql',
    init: { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(1_100_000) } }) },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    field: 'body',
  },
  // REST
  { name: 'unknown route', path: '/nope', status: 404, code: 'NOT_FOUND' },
  { name: 'GET on a POST-only route', path: '/auth/login', status: 405, code: 'METHOD_NOT_ALLOWED', headers: { allow: 'POST' } },
  {
    name: '/auth/login with a bad email',
    path: '/auth/login',
    init: { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'not-an-email', password: 'x' }) },
    status: [400, 401],
    code: ['BAD_USER_INPUT', 'UNAUTHENTICATED'],
  },
  {
    name: '/auth/register with missing fields',
    path: '/auth/register',
    init: { method: 'POST', headers: JSON_HEADERS, body: '{}' },
    status: 400,
    code: 'BAD_USER_INPUT',
    field: 'email',
    message: /^email is required$/m,
  },
  {
    name: '/auth/login with a non-JSON content-type',
    path: '/auth/login',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=a@b.c' },
    status: [400, 415],
    code: ['BAD_USER_INPUT', 'UNSUPPORTED_MEDIA_TYPE'],
  },
  { name: '/auth/login with malformed JSON', path: '/auth/login', init: { method: 'POST', headers: JSON_HEADERS, body: '{"email' }, status: 400, code: 'BAD_USER_INPUT', field: 'body' },
  {
    name: '/auth/login with an oversized body',
    path: '/auth/login',
    init: { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ email: 'a'.repeat(2_000_000) }) },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    field: 'body',
  },
  { name: '/imports/unknown', path: '/imports/unknown', init: { method: 'POST', body: 'x' }, status: 404, code: 'NOT_FOUND', field: 'fileType' },
  { name: '/providers/unknown', path: '/providers/nope/connect', init: { method: 'POST' }, status: 404, code: 'NOT_FOUND', field: 'provider' },
];

/** Names of SQL objects and internals that must never reach a client. */
const INTERNALS =
  /\bp_[a-z]|vitalis(_private)?\.|_(key|fkey|pkey|check|idx)\b|violates|relation "|constraint|\bSQL\b|syntax for type|Maximum call stack|\bat .*\.(ts|js):\d+|Did you mean|biomarker_trend|household_invites|profile_shares|blood_markers|user_preferences|custom_metric|accounts\.max_users/i;

interface Answer {
  status: number;
  headers: Headers;
  body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function send(c: Case): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let init: RequestInit = c.init ?? {};
  if (c.graphql) init = { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(c.graphql) };
  Object.assign(headers, init.headers as Record<string, string> | undefined);
  const response = await fetch(`${h.server.origin}${c.path ?? '/graphql'}`, { ...init, headers });
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    throw new Error(`${c.name}: the answer is not JSON (HTTP ${response.status}): ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

describe('every malformed request gets a coded error', () => {
  test.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const answer = await send(c);
    const statuses = ([] as number[]).concat(c.status);
    expect(statuses).toContain(answer.status);
    expect(answer.headers.get('content-type')).toMatch(/json/);
    const errors = answer.body.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      const code = error.extensions?.code as ErrorCode;
      expect(Object.keys(ERROR_CODES)).toContain(code);
      expect(([] as ErrorCode[]).concat(c.code)).toContain(code);
      // Input errors name what they are about.
      if (code === 'BAD_USER_INPUT' || code === 'PAYLOAD_TOO_LARGE') expect(error.extensions?.field).toEqual(expect.any(String));
      expect(error.message).not.toMatch(INTERNALS);
      expect(JSON.stringify(error.extensions)).not.toMatch(/stack|statusCode|Maximum call stack/i);
      // A request refused before its operation was read answers with its code's status.
      if (answer.status !== 200 && ERROR_CODES[code].status !== 200) expect(answer.status).toBe(ERROR_CODES[code].status);
    }
    if (c.field) expect(errors.map((e) => e.extensions?.field)).toContain(c.field);
    if (c.message) expect(errors.map((e) => e.message).join('\n')).toMatch(c.message);
    for (const [name, value] of Object.entries(c.headers ?? {})) expect(answer.headers.get(name)).toBe(value);
  });
});

describe('the one list of codes (src/http/errorCodes.ts)', () => {
  const ROOT = path.resolve(__dirname, '..', '..');

  test('docs/error-codes.md lists exactly these codes, each with its status', () => {
    const section = fs.readFileSync(path.join(ROOT, 'docs', 'error-codes.md'), 'utf8');
    expect(section.length).toBeGreaterThan(12);
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3})/gm)].map(([, code, status]) => [code, Number(status)]);
    const listed = Object.entries(ERROR_CODES).map(([code, info]) => [code, info.status]);
    expect(rows.sort()).toEqual(listed.sort());
  });

  test('every code the server code answers with is in the list', () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const used = new Set<string>();
    for (const file of [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'plugins'))]) {
      const text = fs.readFileSync(file, 'utf8');
      // extensions / SafeError codes, and the code argument of sendError(res, status, CODE, ...)
      for (const m of text.matchAll(/\bcode:\s*'([A-Z][A-Z_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\b(?:sendError|fail)\(\s*(?:res,\s*)?\w+,\s*'([A-Z][A-Z_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });
});

describe('trusted documents', () => {
  test('an arbitrary query and an unknown document id are refused with their codes, status 400', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-errorcontract-docs-'));
    fs.writeFileSync(path.join(dir, 'typename.graphql'), '{ __typename }');
    const trusted = await startHarness({ ENABLE_GRAPHIQL: 'false', TRUSTED_DOCUMENTS_DIR: dir });
    try {
      for (const [body, code] of [
        [{ query: '{ __typename }' }, 'TRUSTED_DOCUMENT_REQUIRED'],
        [{ documentId: 'nope' }, 'TRUSTED_DOCUMENT_NOT_FOUND'],
      ] as const) {
        const response = await fetch(trusted.server.graphqlUrl, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
        expect(response.status).toBe(ERROR_CODES[code].status);
        expect(((await response.json()) as Answer['body']).errors).toEqual([{ message: expect.any(String), extensions: { code } }]);
      }
      const known = await fetch(trusted.server.graphqlUrl, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ documentId: 'typename' }) });
      expect(await known.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await trusted.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('suggestions', () => {
  test('with introspection on, GraphQL still suggests names (the corpus cases above would show them)', async () => {
    const dev = await startHarness({ ENABLE_GRAPHIQL: 'true' });
    try {
      const suggested = CORPUS.filter((c) => /Did you mean/.test(c.name));
      expect(suggested.length).toBe(4);
      for (const c of suggested) {
        const response = await fetch(dev.server.graphqlUrl, { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${await tokenFor(dev, await createUser(dev.db.pool))}` }, body: JSON.stringify(c.graphql) });
        const body = (await response.json()) as Answer['body'];
        expect(body.errors?.map((e) => e.message).join('\n')).toMatch(/Did you mean/);
        expect(Object.keys(ERROR_CODES)).toContain(body.errors?.[0]?.extensions?.code);
      }
    } finally {
      await dev.close();
    }
  });
});
