// Login limits (vitalis_private.auth_login, state in vitalis_private.login_attempts and
// login_known_sources, shared by every API process). Requests leave from different loopback
// addresses (127.0.0.x), so the server sees different client IPs, as it would for other machines.
import { randomUUID } from 'node:crypto';
import { startHarness, type Harness } from '../server/harness';
import { post, postFrom } from './helpers';

let h: Harness;
beforeAll(async () => {
  // Small limits so the test stays fast: 3 failures lock an (account, IP) pair, 8 an IP; from the
  // 6th failure on the account, new IPs wait 60 s, 120 s, 240 s ... (at most 300 s) after the latest one.
  h = await startHarness({
    LOGIN_WINDOW: '900',
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3',
    LOGIN_MAX_FAILURES_PER_IP: '8',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '6',
    LOGIN_ACCOUNT_WINDOW: '86400',
    LOGIN_THROTTLE_BASE_DELAY: '60',
    LOGIN_THROTTLE_MAX_DELAY: '300',
    REGISTER_MAX_PER_IP: '1000',
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.db.pool.query('delete from vitalis_private.login_attempts');
  await h.db.pool.query('delete from vitalis_private.login_known_sources');
});

const PASSWORD = 'correct horse battery';
const WRONG = 'wrong password!';
async function register(): Promise<string> {
  const email = `rl-${randomUUID().slice(0, 8)}@example.com`;
  expect((await post(h.server, '/auth/register', { email, password: PASSWORD, displayName: 'R' })).status).toBe(201);
  return email;
}
const loginFrom = (ip: string, email: string, password: string) => postFrom(h.server, ip, '/auth/login', { email, password });
/** Moves every recorded failure of an email `seconds` into the past. */
const age = (email: string, seconds: number) =>
  h.db.pool.query(`update vitalis_private.login_attempts set attempted_at = attempted_at - make_interval(secs => $2) where email = $1`, [email, seconds]);

test('an IP that keeps failing is locked out of that account only: the owner signs in from another IP', async () => {
  const email = await register();
  for (let i = 0; i < 3; i++) expect((await loginFrom('127.0.0.2', email, WRONG)).status).toBe(401);

  // The attacker's IP is refused even with the right password, for the window.
  const limited = await loginFrom('127.0.0.2', email, PASSWORD);
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(890);
  expect(retryAfter).toBeLessThanOrEqual(900);
  expect(limited.body.errors).toEqual([
    { message: expect.stringContaining('Too many failed sign-in attempts for this account from this IP address'), extensions: { code: 'RATE_LIMITED' } },
  ]);
  // Hammering on while refused costs nothing and counts nothing.
  for (let i = 0; i < 10; i++) expect((await loginFrom('127.0.0.2', email, WRONG)).status).toBe(429);

  // The owner, from an IP that has never signed in nor failed, gets in.
  expect((await loginFrom('127.0.0.3', email, PASSWORD)).status).toBe(200);
  const { rows } = await h.db.pool.query(`select host(ip_address) as ip, count(*)::int as n from vitalis_private.login_attempts where email = $1 group by 1`, [email]);
  expect(rows).toEqual([{ ip: '127.0.0.2', n: 3 }]);

  // When the failures leave the window, that IP may try again.
  await age(email, 901);
  expect((await loginFrom('127.0.0.2', email, PASSWORD)).status).toBe(200);
});

test('failures from many IPs throttle new IPs with a doubling delay; IPs the owner signed in from are never held back', async () => {
  const email = await register();
  expect((await loginFrom('127.0.0.10', email, PASSWORD)).status).toBe(200); // the owner's usual network

  // Two attacker IPs, three failures each: the account reaches its threshold (6).
  for (const ip of ['127.0.0.11', '127.0.0.12']) for (let i = 0; i < 3; i++) expect((await loginFrom(ip, email, WRONG)).status).toBe(401);

  const throttled = await loginFrom('127.0.0.13', email, PASSWORD);
  expect(throttled.status).toBe(429);
  expect(throttled.body.errors[0]).toEqual({ message: expect.stringContaining('sign-ins from new places are slowed down'), extensions: { code: 'RATE_LIMITED' } });
  expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(55);
  expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(60);

  // The owner's IP is not throttled by anybody else's failures.
  expect((await loginFrom('127.0.0.10', email, PASSWORD)).status).toBe(200);

  // Each evaluated failure doubles the wait for new IPs, up to the maximum.
  const waits: number[] = [];
  for (let n = 0; n < 4; n++) {
    const before = await loginFrom(`127.0.0.${20 + n}`, email, WRONG);
    expect(before.status).toBe(429);
    await age(email, Number(before.headers.get('retry-after')) + 1);
    expect((await loginFrom(`127.0.0.${20 + n}`, email, WRONG)).status).toBe(401);
    waits.push(Number((await loginFrom(`127.0.0.${30 + n}`, email, PASSWORD)).headers.get('retry-after')));
  }
  expect(waits.map((w) => Math.ceil(w / 10) * 10)).toEqual([120, 240, 300, 300]);

  // A throttle, not a lock: once the delay has passed, the right password works from a new IP.
  await age(email, 301);
  expect((await loginFrom('127.0.0.40', email, PASSWORD)).status).toBe(200);
});

test('a known IP that reaches the pair limit is known no more', async () => {
  const email = await register();
  expect((await loginFrom('127.0.0.50', email, PASSWORD)).status).toBe(200);
  const known = () => h.db.pool.query(`select host(k.ip_bucket) as ip from vitalis_private.login_known_sources k join vitalis.users u using (user_id) where u.email = $1`, [email]);
  expect((await known()).rows).toEqual([{ ip: '127.0.0.50' }]);
  for (let i = 0; i < 3; i++) expect((await loginFrom('127.0.0.50', email, WRONG)).status).toBe(401);
  expect((await known()).rows).toEqual([]);
  expect((await loginFrom('127.0.0.50', email, PASSWORD)).status).toBe(429);
});

test('unknown emails are limited the same way (nothing tells whether they exist)', async () => {
  const email = `ghost-${randomUUID()}@example.com`;
  for (let i = 0; i < 3; i++) expect((await loginFrom('127.0.0.60', email, 'whatever password')).status).toBe(401);
  expect((await loginFrom('127.0.0.60', email, 'whatever password')).status).toBe(429);
});

test("a successful login clears that IP's failures on the account, not the others'", async () => {
  const email = await register();
  for (let i = 0; i < 2; i++) expect((await loginFrom('127.0.0.70', email, WRONG)).status).toBe(401);
  for (let i = 0; i < 2; i++) expect((await loginFrom('127.0.0.71', email, WRONG)).status).toBe(401);
  expect((await loginFrom('127.0.0.70', email, PASSWORD)).status).toBe(200);
  const { rows } = await h.db.pool.query(`select host(ip_address) as ip, count(*)::int as n from vitalis_private.login_attempts where email = $1 group by 1`, [email]);
  expect(rows).toEqual([{ ip: '127.0.0.71', n: 2 }]);
});

test('per IP: failures across many accounts lock the IP out, except for accounts that signed in from it', async () => {
  const regular = await register();
  const other = await register();
  expect((await loginFrom('127.0.0.80', regular, PASSWORD)).status).toBe(200);
  for (let i = 0; i < 8; i++) expect((await loginFrom('127.0.0.80', `spray-${i}-${randomUUID()}@example.com`, 'guess guess guess')).status).toBe(401);
  const limited = await loginFrom('127.0.0.80', other, PASSWORD);
  expect(limited.status).toBe(429);
  expect(limited.body.errors[0].message).toMatch(/^Too many failed sign-in attempts from this IP address/);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await loginFrom('127.0.0.80', regular, PASSWORD)).status).toBe(200);
  const { rows } = await h.db.pool.query(`select count(*)::int as n, count(distinct email)::int as emails from vitalis_private.login_attempts where ip_address = '127.0.0.80'`);
  expect(rows[0]).toEqual({ n: 8, emails: 8 });
});

test('concurrent guesses from one IP cannot slip past the pair limit', async () => {
  const email = await register();
  const results = await Promise.all(Array.from({ length: 12 }, () => loginFrom('127.0.0.90', email, WRONG)));
  expect(results.filter((r) => r.status === 401)).toHaveLength(3);
  expect(results.filter((r) => r.status === 429)).toHaveLength(9);
});

test('IPv6 clients are counted per /64, IPv4 clients per address', async () => {
  const { rows } = await h.db.pool.query(`
    select vitalis_private.auth_ip_bucket('2001:db8:1:2::1') = vitalis_private.auth_ip_bucket('2001:db8:1:2:ffff::9') as same_64,
           vitalis_private.auth_ip_bucket('2001:db8:1:2::1') = vitalis_private.auth_ip_bucket('2001:db8:1:3::1') as other_64,
           vitalis_private.auth_ip_bucket('192.0.2.1') = vitalis_private.auth_ip_bucket('192.0.2.2') as other_v4,
           host(vitalis_private.auth_ip_bucket('192.0.2.1')) as v4`);
  expect(rows[0]).toEqual({ same_64: true, other_64: false, other_v4: false, v4: '192.0.2.1' });
});
