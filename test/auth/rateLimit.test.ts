// Login rate limiting, stored in vitalis_private.login_attempts (shared by every API process):
// per account (email) and per IP, 429 with Retry-After; a successful login clears the account's count.
import { randomUUID } from 'node:crypto';
import { startHarness, type Harness } from '../server/harness';
import { post } from './helpers';

let h: Harness;
beforeAll(async () => {
  // Small limits so the test stays fast; the defaults are 5 per account and 20 per IP in 15 minutes.
  h = await startHarness({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '8', LOGIN_WINDOW: '900' });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.db.pool.query('delete from vitalis_private.login_attempts');
});

const PASSWORD = 'correct horse battery';
async function register(): Promise<string> {
  const email = `rl-${randomUUID().slice(0, 8)}@example.com`;
  expect((await post(h.server, '/auth/register', { email, password: PASSWORD, displayName: 'R' })).status).toBe(201);
  return email;
}
const login = (email: string, password: string) => post(h.server, '/auth/login', { email, password });

test('per account: after 3 failures even the right password gets 429 with Retry-After', async () => {
  const email = await register();
  for (let i = 0; i < 3; i++) expect((await login(email, 'wrong password!')).status).toBe(401);
  const limited = await login(email, PASSWORD);
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(890);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(limited.body.errors).toEqual([{ message: expect.stringContaining('Too many failed sign-in attempts'), extensions: { code: 'RATE_LIMITED' } }]);

  // Another account from the same IP is not locked out by this one.
  const other = await register();
  expect((await login(other, PASSWORD)).status).toBe(200);

  // When the failures leave the window, the account can sign in again.
  await h.db.pool.query(`update vitalis_private.login_attempts set attempted_at = attempted_at - interval '16 minutes' where email = $1`, [email]);
  expect((await login(email, PASSWORD)).status).toBe(200);
});

test('unknown emails are limited the same way (nothing tells whether they exist)', async () => {
  const email = `ghost-${randomUUID()}@example.com`;
  for (let i = 0; i < 3; i++) expect((await login(email, 'whatever password')).status).toBe(401);
  expect((await login(email, 'whatever password')).status).toBe(429);
});

test('a successful login clears the account counter', async () => {
  const email = await register();
  for (let i = 0; i < 2; i++) expect((await login(email, 'wrong password!')).status).toBe(401);
  expect((await login(email, PASSWORD)).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await login(email, 'wrong password!')).status).toBe(401);
  expect((await login(email, PASSWORD)).status).toBe(200);
  const { rows } = await h.db.pool.query('select count(*)::int as n from vitalis_private.login_attempts where email = $1', [email]);
  expect(rows[0].n).toBe(0);
});

test('per IP: failures across many accounts lock the IP out', async () => {
  const victim = await register();
  for (let i = 0; i < 8; i++) expect((await login(`spray-${i}-${randomUUID()}@example.com`, 'guess guess guess')).status).toBe(401);
  const limited = await login(victim, PASSWORD);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  const { rows } = await h.db.pool.query(`select count(*)::int as n, count(distinct email)::int as emails from vitalis_private.login_attempts where ip_address = '127.0.0.1'`);
  expect(rows[0]).toEqual({ n: 8, emails: 8 });
});
