import { Pool } from 'pg';
import { withCredentials } from '../../../src/db/url';
import { SyncFailedError, syncDevice, type SyncOptions } from '../../../src/providers/engine/sync';
import { decryptToken, encryptToken, parseTokenKeys } from '../../../src/providers/engine/tokenCrypto';
import { endPool } from '../../../src/db/pools';
import { createUser } from '../../helpers/db';
import { connectThroughBrowser, KEY_A, startEngineEnv, type EngineEnv } from './setup';
import { TEST_PROVIDER, testProviderFake } from './testAdapter';

let env: EngineEnv;
/** The worker's own login: proves vitalis_worker has every grant a sync needs. */
let workerPool: Pool;
const NOW = new Date('2026-03-15T12:00:00Z');

beforeAll(async () => {
  env = await startEngineEnv();
  workerPool = new Pool({ connectionString: withCredentials(env.db.url, 'vitalis_worker', 'vitalis-worker'), max: 3 });
});
afterAll(async () => {
  await endPool(workerPool);
  await env.close();
});
afterEach(() => env.fake.setHandler(TEST_PROVIDER, testProviderFake));

async function connectedUser(): Promise<string> {
  const userId = await createUser(env.db.pool);
  expect((await connectThroughBrowser(env, userId)).status).toBe(200);
  return userId;
}
const sync = (userId: string, extra: Partial<SyncOptions> = {}) =>
  syncDevice(workerPool, { userId, provider: TEST_PROVIDER, mode: 'backfill', config: env.config, adapters: env.adapters, now: () => NOW, http: { backoffMs: 1, maxRetries: 1 }, ...extra });
// The connection with its tokens, which live in vitalis_private.device_tokens.
const device = async (userId: string) =>
  (
    await env.db.pool.query(
      `select d.*, t.access_token_enc, t.refresh_token_enc
         from vitalis.connected_devices d left join vitalis_private.device_tokens t using (device_id) where d.user_id = $1`,
      [userId],
    )
  ).rows[0];
const dailyCount = async (userId: string) => Number((await env.db.pool.query('select count(*) from vitalis.wearable_daily where user_id = $1', [userId])).rows[0].count);
const apiCalls = () => env.fake.requests.filter((r) => r.provider === 'oura' && r.path === '/api/days');

describe('syncDevice', () => {
  test('backfill walks windows of maxWindowDays, advances the cursor, and a re-run changes nothing', async () => {
    const userId = await connectedUser();
    const first = await sync(userId);
    // 2026-02-18 .. 2026-03-15: 26 days in windows of 10, 10 and 6 days.
    expect(first.windows.map((w) => w.start.slice(0, 10))).toEqual(['2026-02-18', '2026-02-28', '2026-03-10']);
    expect(first.daily).toEqual({ inserted: 26, updated: 0, skipped: 0 });
    expect(first.measurements).toEqual({ inserted: 26, updated: 0, skipped: 0 });
    expect(first.status).toBe('success');
    const row = await device(userId);
    expect(row.sync_cursor).toEqual({ syncedThrough: NOW.toISOString() });
    expect(row).toMatchObject({ last_sync_status: 'success', last_sync_error: null });
    expect(row.last_sync_at).toBeInstanceOf(Date);

    const again = await sync(userId);
    expect(again.daily.inserted + again.daily.updated).toBe(0);
    expect(again.measurements).toEqual({ inserted: 0, updated: 0, skipped: 26 });
    expect(await dailyCount(userId)).toBe(26);

    // Daily: from the cursor's day minus 2 days of overlap, to now.
    const before = apiCalls().length;
    const daily = await sync(userId, { mode: 'daily', now: () => new Date('2026-03-16T06:00:00Z') });
    expect(apiCalls().slice(before).map((r) => [r.query.start_date, r.query.end_date])).toEqual([['2026-03-13', '2026-03-16']]);
    expect(daily.daily).toMatchObject({ inserted: 1, updated: 0 });
    expect((await device(userId)).sync_cursor).toEqual({ syncedThrough: '2026-03-16T06:00:00.000Z' });
  });

  test('a provider 500 marks the connection error with a clear message and writes nothing of that window', async () => {
    const userId = await connectedUser();
    env.fake.failNext(10, 500);
    const error = await sync(userId).catch((e: unknown) => e);
    env.fake.failNext(0, 500);
    expect(error).toBeInstanceOf(SyncFailedError);
    expect((error as SyncFailedError).retryable).toBe(true);
    const row = await device(userId);
    expect(row.last_sync_status).toBe('error');
    expect(row.last_sync_error).toMatch(/^oura backfill sync of 2026-02-18\.\.2026-02-27 failed: GET \/days: provider answered HTTP 500/);
    expect(row.last_sync_error).not.toMatch(/at-|rt-|Bearer/);
    expect(await dailyCount(userId)).toBe(0);
    expect(row.sync_cursor).toEqual({});
  });

  test('a failure after some windows is partial, and the retried backfill resumes after the last stored window', async () => {
    const userId = await connectedUser();
    env.fake.setHandler(TEST_PROVIDER, (req) => (req.query.start_date === '2026-02-28' ? { status: 503, body: { error: 'maintenance' } } : testProviderFake(req)));
    await expect(sync(userId)).rejects.toThrow(/2026-02-28\.\.2026-03-09 failed: GET \/days: provider answered HTTP 503/);
    let row = await device(userId);
    expect(row.last_sync_status).toBe('partial');
    expect(await dailyCount(userId)).toBe(10);
    expect(row.sync_cursor).toEqual({ syncedThrough: '2026-02-28T00:00:00.000Z', backfill: { start: '2026-02-18T00:00:00.000Z', end: NOW.toISOString() } });

    env.fake.setHandler(TEST_PROVIDER, testProviderFake);
    const resumed = await sync(userId, { now: () => new Date(NOW.getTime() + 3600_000) });
    expect(resumed.windows.map((w) => w.start.slice(0, 10))).toEqual(['2026-02-28', '2026-03-10']);
    expect(resumed.daily.inserted).toBe(16);
    row = await device(userId);
    expect(row.last_sync_status).toBe('success');
    expect(row.sync_cursor).toEqual({ syncedThrough: NOW.toISOString() });
  });

  test('401: refreshes once (rotating the refresh token), saves the new tokens, and retries', async () => {
    const userId = await connectedUser();
    const keys = parseTokenKeys(KEY_A);
    const before = await device(userId);
    const refreshBefore = decryptToken(keys, before.refresh_token_enc, { userId, source: 'oura', column: 'refresh_token_enc' });
    env.fake.expireTokens();
    const refreshes = env.fake.tokenCalls('oura', 'refresh_token').length;
    const summary = await sync(userId, { window: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') }, mode: 'daily' });
    expect(summary.daily.inserted).toBe(2);
    expect(env.fake.tokenCalls('oura', 'refresh_token').length).toBe(refreshes + 1);
    const after = await device(userId);
    expect(after.access_token_enc).not.toBe(before.access_token_enc);
    expect(decryptToken(keys, after.refresh_token_enc, { userId, source: 'oura', column: 'refresh_token_enc' })).not.toBe(refreshBefore);
    // An explicit window leaves the cursor alone.
    expect(after.sync_cursor).toEqual({});
  });

  test('two syncs refused at once share one refresh: the second adopts the first one\'s rotated tokens', async () => {
    const userId = await connectedUser();
    env.fake.expireTokens();
    const refreshes = env.fake.tokenCalls('oura', 'refresh_token').length;
    const window = (day: string) => ({ start: new Date(`${day}T00:00:00Z`), end: new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000) });
    const [a, b] = await Promise.all([sync(userId, { window: window('2026-03-01') }), sync(userId, { window: window('2026-03-02') })]);
    expect(a.daily.inserted + b.daily.inserted).toBe(2);
    expect(env.fake.tokenCalls('oura', 'refresh_token').length).toBe(refreshes + 1);
  });

  test('a refused refresh token stops the sync as not retryable: the user must reconnect', async () => {
    const userId = await connectedUser();
    const binding = { userId, source: 'oura', column: 'refresh_token_enc' as const };
    await env.db.pool.query('update vitalis_private.device_tokens t set refresh_token_enc = $2 from vitalis.connected_devices d where d.device_id = t.device_id and d.user_id = $1', [userId, encryptToken(parseTokenKeys(KEY_A), 'rt-revoked', binding)]);
    env.fake.expireTokens();
    const error = (await sync(userId, { mode: 'daily' }).catch((e: unknown) => e)) as SyncFailedError;
    expect(error).toBeInstanceOf(SyncFailedError);
    expect(error.retryable).toBe(false);
    const row = await device(userId);
    expect(row.last_sync_status).toBe('error');
    expect(row.last_sync_error).toMatch(/oura refused the refresh token \(HTTP 400, invalid_grant: refresh token unknown or already used\); the user must connect the provider again$/);
    expect(row.last_sync_error).not.toContain('rt-revoked');
  });

  test('short-lived tokens: a token that lapses between windows is refreshed and the sync goes on', async () => {
    env.fake.setTokenLifetime(1);
    try {
      const userId = await connectedUser();
      // The token lives 1 s: within 60 s of expiry, so every call refreshes first (proactive).
      const refreshes = env.fake.tokenCalls('oura', 'refresh_token').length;
      const summary = await sync(userId, { mode: 'daily', window: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') }, now: () => new Date() });
      expect(summary.daily.inserted).toBe(2);
      expect(env.fake.tokenCalls('oura', 'refresh_token').length).toBeGreaterThan(refreshes);
    } finally {
      env.fake.setTokenLifetime(3600);
    }
  });

  test('an access token about to expire is refreshed before the first call', async () => {
    const userId = await connectedUser();
    await env.db.pool.query("update vitalis.connected_devices set token_expires_at = now() + interval '30 seconds' where user_id = $1", [userId]);
    const refreshes = env.fake.tokenCalls('oura', 'refresh_token').length;
    const calls = env.fake.requests.length;
    await sync(userId, { window: { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') }, now: () => new Date() });
    expect(env.fake.tokenCalls('oura', 'refresh_token').length).toBe(refreshes + 1);
    const newCalls = env.fake.requests.slice(calls);
    expect(newCalls.map((r) => r.path)).toEqual(['/token', '/api/days']);
  });

  test('429 with Retry-After: 1 waits a second and retries; a long Retry-After fails the sync as rate limited', async () => {
    const userId = await connectedUser();
    const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') };
    env.fake.rateLimitNext(1, '1');
    const before = apiCalls().length;
    const started = Date.now();
    await sync(userId, { window });
    const elapsed = Date.now() - started;
    const calls = apiCalls().slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeGreaterThanOrEqual(990);

    env.fake.rateLimitNext(1, '120');
    const error = (await sync(userId, { window }).catch((e: unknown) => e)) as SyncFailedError;
    expect(error).toBeInstanceOf(SyncFailedError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toMatch(/rate limited by the provider, retry after 120 s/);
    expect((await device(userId)).last_sync_status).toBe('error');
  });

  test('a connection without the provider user id learns it at the next sync (a failed lookup only warns)', async () => {
    const userId = await connectedUser();
    await env.db.pool.query('update vitalis.connected_devices set external_user_id = null where user_id = $1', [userId]);
    const window = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-02T00:00:00Z') };
    env.fake.setHandler(TEST_PROVIDER, (req) => (req.path === '/me' ? { status: 404, body: {} } : testProviderFake(req)));
    const failed = await sync(userId, { window });
    expect(failed.status).toBe('success');
    expect(failed.warnings).toEqual([expect.stringMatching(/^oura: could not learn the provider's user id, so its webhooks cannot be matched yet: GET \/me: provider answered HTTP 404/)]);
    expect((await device(userId)).external_user_id).toBeNull();
    env.fake.setHandler(TEST_PROVIDER, testProviderFake);
    expect((await sync(userId, { window })).warnings).toEqual([]);
    expect((await device(userId)).external_user_id).toBe('fake-user-1');
  });

  test('a pushed batch (webhook) is written as is', async () => {
    const userId = await connectedUser();
    const summary = await sync(userId, {
      mode: 'webhook',
      batch: { daily: [{ date: '2026-01-05', source: TEST_PROVIDER, steps: 1234 }], sleep: [], activities: [], measurements: [], warnings: ['x: no column'] },
    });
    expect(summary.daily.inserted).toBe(1);
    expect(summary.warnings).toEqual(['x: no column']);
    expect(await dailyCount(userId)).toBe(1);
  });

  test('a disconnected device is not synced', async () => {
    const userId = await connectedUser();
    await env.db.pool.query('update vitalis.connected_devices set is_active = false where user_id = $1', [userId]);
    await expect(sync(userId)).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('disconnected') });
  });
});
