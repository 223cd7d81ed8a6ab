import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createUser } from '../helpers/db';
import { graphql, insertDaily, signToken, startHarness, TEST_JWT_SECRET, tokenFor, type Harness } from './harness';

let h: Harness;
let userA: string;
let userB: string;

beforeAll(async () => {
  h = await startHarness();
  userA = await createUser(h.db.pool);
  userB = await createUser(h.db.pool);
  await insertDaily(h.db, userA, [
    { date: '2025-06-01', steps: 1000 },
    { date: '2025-06-02', steps: 2000 },
  ]);
  await insertDaily(h.db, userB, [{ date: '2025-06-01', steps: 9999 }]);
});

afterAll(async () => {
  await h?.close();
});

const DAILIES = `{ currentUserId wearableDailies(orderBy: DATE_ASC) { totalCount nodes { userId date steps } } }`;

describe('health endpoints', () => {
  test('/healthz answers without the database', async () => {
    const response = await fetch(`${h.server.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('/readyz answers 200 when the pool reaches PostgreSQL', async () => {
    const response = await fetch(`${h.server.origin}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('unknown paths are a JSON 404', async () => {
    const response = await fetch(`${h.server.origin}/nope`);
    expect(response.status).toBe(404);
  });
});

describe('row-level security through the API', () => {
  test("a signed-in user sees exactly their own rows, never another user's", async () => {
    const a = await graphql(h.server, DAILIES, { token: await tokenFor(h, userA) });
    expect(a.status).toBe(200);
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data?.currentUserId).toBe(userA);
    expect(a.body.data?.wearableDailies.totalCount).toBe(2);
    expect(a.body.data?.wearableDailies.nodes).toEqual([
      { userId: userA, date: '2025-06-01', steps: 1000 },
      { userId: userA, date: '2025-06-02', steps: 2000 },
    ]);

    const b = await graphql(h.server, DAILIES, { token: await tokenFor(h, userB) });
    expect(b.body.data?.wearableDailies.nodes).toEqual([{ userId: userB, date: '2025-06-01', steps: 9999 }]);
  });

  test("a user cannot read another user's row by filtering on its key either", async () => {
    const query = `query($u: UUID!) { wearableDailies(condition: { userId: $u, date: "2025-06-01", source: garmin }) { nodes { steps } } }`;
    const own = await graphql(h.server, query, { token: await tokenFor(h, userA), variables: { u: userA } });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data?.wearableDailies.nodes).toEqual([{ steps: 1000 }]);
    const other = await graphql(h.server, query, { token: await tokenFor(h, userA), variables: { u: userB } });
    expect(other.body.data?.wearableDailies.nodes).toEqual([]);
  });

  test('no token: anonymous, and no user data at all', async () => {
    const anon = await graphql(h.server, DAILIES);
    expect(anon.status).toBe(200);
    expect(anon.body.data?.currentUserId ?? null).toBeNull();
    expect(anon.body.data?.wearableDailies ?? null).toBeNull();
    // Masked: the client learns nothing about the SQL behind the refusal.
    expect(JSON.stringify(anon.body.errors)).not.toMatch(/permission|wearable_daily/);
    const users = await graphql(h.server, '{ users { nodes { userId email } } }');
    expect(users.body.data?.users ?? null).toBeNull();
  });

  test('secret columns are not part of the API', async () => {
    const result = await graphql(h.server, '{ users { nodes { passwordHash } } }', { token: await tokenFor(h, userA) });
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors?.[0]?.message).toMatch(/Cannot query field "passwordHash"/);
  });

  test('request settings are transaction-local: pooled connections go back clean', async () => {
    await graphql(h.server, DAILIES, { token: await tokenFor(h, userA) });
    const pool = h.server.pool;
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      for (const client of clients) {
        const { rows } = await client.query(
          `select current_user as role, coalesce(current_setting('app.current_user_id', true), '') as user_id,
                  coalesce(current_setting('app.request_id', true), '') as request_id`,
        );
        expect(rows[0]).toEqual({ role: 'vitalis_authenticator', user_id: '', request_id: '' });
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});

describe('JWT verification', () => {
  // A live session of userA: the crafted tokens below carry it, so each fails for its own reason.
  let sidA: string;
  beforeAll(async () => {
    sidA = (jwt.decode(await tokenFor(h, userA)) as { sid: string }).sid;
  });

  const expect401 = async (token: string | undefined, authorization?: string) => {
    const headers: Record<string, string> = {};
    if (authorization) headers.authorization = authorization;
    const result = await graphql(h.server, '{ currentUserId }', { token, headers });
    expect(result.status).toBe(401);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }]);
    return result.body.errors?.[0]?.message;
  };

  test('a valid token is accepted', async () => {
    const ok = await graphql(h.server, '{ currentUserId }', { token: await tokenFor(h, userA) });
    expect(ok.status).toBe(200);
    expect(ok.body.data?.currentUserId).toBe(userA);
  });

  test('bad signature', async () => {
    await expect401(signToken(h.config, userA, { sid: sidA, secret: 'another-secret-0123456789abcdef0123456789' }));
  });

  test('alg: none', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = { sub: userA, sid: sidA, aud: h.config.JWT_AUDIENCE, iss: h.config.JWT_ISSUER, iat: now, exp: now + 300 };
    await expect401(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`);
  });

  test('another HMAC algorithm with the right secret (HS256 only)', async () => {
    await expect401(signToken(h.config, userA, { sid: sidA, algorithm: 'HS512' }));
  });

  test('expired', async () => {
    const token = jwt.sign({ sub: userA, sid: sidA, exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      audience: h.config.JWT_AUDIENCE,
      issuer: h.config.JWT_ISSUER,
    });
    expect(await expect401(token)).toBe('Token expired');
  });

  test('wrong audience', async () => {
    await expect401(signToken(h.config, userA, { sid: sidA, audience: 'someone-else' }));
  });

  test('wrong issuer', async () => {
    await expect401(signToken(h.config, userA, { sid: sidA, issuer: 'https://evil.example' }));
  });

  test('sub that is not a uuid', async () => {
    await expect401(signToken(h.config, 'alice', { sid: sidA }));
    await expect401(signToken(h.config, `${userA}' or '1'='1`, { sid: sidA }));
  });

  test('malformed Authorization headers', async () => {
    await expect401(undefined, 'Basic dXNlcjpwYXNz');
    await expect401(undefined, 'Bearer');
    await expect401(undefined, 'Bearer not.a.jwt');
  });
});

describe('request ids', () => {
  const CREATE = `mutation($input: CreateMoodJournalInput!) { createMoodJournal(input: $input) { moodJournal { journalId userId moodScore } } }`;

  test("a uuid X-Request-Id is echoed and recorded in the mutation's audit_log row", async () => {
    const requestId = randomUUID();
    const result = await graphql(h.server, CREATE, {
      token: await tokenFor(h, userA),
      headers: { 'x-request-id': requestId, 'user-agent': 'vitalis-test/1.0' },
      variables: { input: { moodJournal: { journalDate: '2025-06-03', moodScore: 4 } } },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.headers.get('x-request-id')).toBe(requestId);
    const journal = result.body.data?.createMoodJournal.moodJournal;
    expect(journal).toMatchObject({ userId: userA, moodScore: 4 });

    const { rows } = await h.db.pool.query(
      `select request_id, action, action_by, user_id, host(ip_address) as ip, user_agent
         from vitalis.audit_log where table_name = 'mood_journal' and record_id = $1`,
      [journal.journalId],
    );
    expect(rows).toEqual([{ request_id: requestId, action: 'INSERT', action_by: userA, user_id: userA, ip: '127.0.0.1', user_agent: 'vitalis-test/1.0' }]);
  });

  test('a missing or malformed X-Request-Id is replaced by a generated uuid', async () => {
    const generated = await fetch(`${h.server.origin}/healthz`);
    const bad = await fetch(`${h.server.origin}/healthz`, { headers: { 'x-request-id': "'; drop table users; --" } });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(generated.headers.get('x-request-id')).toMatch(uuid);
    expect(bad.headers.get('x-request-id')).toMatch(uuid);
    expect(bad.headers.get('x-request-id')).not.toBe(generated.headers.get('x-request-id'));
  });

  test('a rejected write is not recorded and leaks no SQL', async () => {
    const requestId = randomUUID();
    const result = await graphql(h.server, CREATE, {
      token: await tokenFor(h, userA),
      headers: { 'x-request-id': requestId },
      // Writing a row for another user: RLS WITH CHECK refuses it.
      variables: { input: { moodJournal: { userId: userB, journalDate: '2025-06-04', moodScore: 3 } } },
    });
    expect(result.body.data?.createMoodJournal ?? null).toBeNull();
    expect(result.body.errors?.length).toBe(1);
    expect(JSON.stringify(result.body.errors)).not.toMatch(/row-level security|mood_journal|select|insert/i);
    const { rows } = await h.db.pool.query('select count(*)::int as n from vitalis.audit_log where request_id = $1', [requestId]);
    expect(rows[0].n).toBe(0);
  });
});
