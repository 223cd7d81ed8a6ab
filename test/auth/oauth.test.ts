// Sign in with Google and Apple against a local JWKS server (an RSA key generated with jose):
// new users, returning users, linking by verified email, and rejected tokens (wrong audience,
// expired, bad signature, wrong issuer). The API runs in a child process: jose is ESM-only, which
// jest's module registry cannot load (see fixtures/serveApp.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../helpers/db';
import { TEST_JWT_SECRET } from '../server/harness';
import { post, postFrom } from './helpers';
import type { RunningServer } from '../../src/server/app';

const GOOGLE_CLIENT = 'vitalis-web.apps.googleusercontent.com';
const APPLE_CLIENT = 'com.vitalis.app';
const children: ChildProcess[] = [];
// The app's children are stopped before the database is dropped under them.
const db = useTestDatabase({ ignoreIdleClientErrors: true, beforeDrop: stopChildren });
let provider: string;
let app: Pick<RunningServer, 'origin' | 'graphqlUrl'>;

function runChild<T>(file: string, env: NodeJS.ProcessEnv): Promise<T> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'fixtures', file)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as T);
    });
  });
}

beforeAll(async () => {
  provider = (await runChild<{ url: string }>('oauthProvider.ts', {})).url;
  app = await runChild('serveApp.ts', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    JWT_SECRET: TEST_JWT_SECRET,
    JWT_AUDIENCE: 'vitalis-test',
    JWT_ISSUER: 'https://auth.vitalis.test',
    GOOGLE_CLIENT_IDS: `other-client.apps.googleusercontent.com,${GOOGLE_CLIENT}`,
    GOOGLE_JWKS_URL: `${provider}/jwks`,
    APPLE_CLIENT_IDS: APPLE_CLIENT,
    APPLE_JWKS_URL: `${provider}/jwks`,
    // Accounts created through Google/Apple count against the registration limit per IP.
    REGISTER_MAX_PER_IP: '4',
  });
}, 120_000);

async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

async function idToken(claims: Record<string, unknown>, options: { key?: 'good' | 'forged'; expiresAt?: number } = {}): Promise<string> {
  const response = await fetch(`${provider}/sign`, { method: 'POST', body: JSON.stringify({ claims, ...options }) });
  return ((await response.json()) as { token: string }).token;
}
const google = (claims: Record<string, unknown>) => idToken({ iss: 'https://accounts.google.com', aud: GOOGLE_CLIENT, ...claims });
const apple = (claims: Record<string, unknown>) => idToken({ iss: 'https://appleid.apple.com', aud: APPLE_CLIENT, ...claims });
const server = () => app as RunningServer;

async function whoAmI(token: string): Promise<string | undefined> {
  const response = await fetch(app.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ currentUserId }' }),
  });
  return ((await response.json()) as { data?: { currentUserId?: string } }).data?.currentUserId;
}

test('Google: a new user gets an account; signing in again finds the same user', async () => {
  const sub = `g-${randomUUID()}`;
  const email = `G-${randomUUID().slice(0, 8)}@Gmail.com`;
  const first = await post(server(), '/auth/oauth/google', { idToken: await google({ sub, email, email_verified: true, name: 'Grace Hopper' }) });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ created: true, linked: false, userId: expect.any(String), accessToken: expect.any(String), refreshToken: expect.any(String) });
  expect(await whoAmI(first.body.accessToken)).toBe(first.body.userId);

  const { rows } = await db.pool.query(
    `select u.email, u.display_name, p.password_hash, u.email_verified_at is not null as verified, i.provider, i.provider_user_id
       from vitalis.users u join vitalis.oauth_identities i using (user_id) left join vitalis_private.user_passwords p using (user_id) where u.user_id = $1`,
    [first.body.userId],
  );
  expect(rows).toEqual([{ email: email.toLowerCase(), display_name: 'Grace Hopper', password_hash: null, verified: true, provider: 'google', provider_user_id: sub }]);

  const again = await post(server(), '/auth/oauth/google', { idToken: await google({ sub, email, email_verified: true }) });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ userId: first.body.userId, created: false, linked: false });
  const audit = await db.pool.query(`select new_values->>'method' as method, host(ip_address) as ip from vitalis.audit_log where user_id = $1 and action = 'LOGIN'`, [
    first.body.userId,
  ]);
  expect(audit.rows).toEqual([
    { method: 'google', ip: '127.0.0.1' },
    { method: 'google', ip: '127.0.0.1' },
  ]);
});

test('an existing user with the same verified email is linked, not duplicated', async () => {
  const email = `link-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await post(server(), '/auth/register', { email, password: 'correct horse battery', displayName: 'L' });
  expect(registered.status).toBe(201);
  const sub = `g-${randomUUID()}`;

  // The provider does not vouch for the email: no link, and no second account with that email.
  const unverified = await post(server(), '/auth/oauth/google', { idToken: await google({ sub, email, email_verified: false }) });
  expect(unverified.status).toBe(409);
  expect(unverified.body.errors[0].extensions).toEqual({ code: 'CONFLICT', field: 'idToken' });

  const linked = await post(server(), '/auth/oauth/google', { idToken: await google({ sub, email: email.toUpperCase(), email_verified: true }) });
  expect(linked.status).toBe(200);
  expect(linked.body).toMatchObject({ userId: registered.body.userId, created: false, linked: true });
  // The password still works too.
  expect((await post(server(), '/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
  const { rows } = await db.pool.query('select count(*)::int as n from vitalis.users where email = $1', [email]);
  expect(rows[0].n).toBe(1);
});

test('Apple: email_verified as the string "true"; an ID token without email cannot create an account', async () => {
  const sub = `001234.${randomUUID().replace(/-/g, '')}.0101`;
  const email = `${randomUUID().slice(0, 8)}@privaterelay.appleid.com`;
  const created = await post(server(), '/auth/oauth/apple', { idToken: await apple({ sub, email, email_verified: 'true' }) });
  expect(created.status).toBe(201);
  expect(created.body.created).toBe(true);
  expect(await whoAmI(created.body.accessToken)).toBe(created.body.userId);

  const noEmail = await post(server(), '/auth/oauth/apple', { idToken: await apple({ sub: `001234.${randomUUID()}` }) });
  expect(noEmail.status).toBe(400);
  expect(noEmail.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'idToken' });
});

test('rejected ID tokens: wrong audience, expired, bad signature, another provider, garbage', async () => {
  const claims = { sub: `g-${randomUUID()}`, email: `x-${randomUUID().slice(0, 8)}@gmail.com`, email_verified: true };
  const expect401 = async (endpoint: string, token: string, message: RegExp) => {
    const response = await post(server(), endpoint, { idToken: token });
    expect(response.status).toBe(401);
    expect(response.body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED', field: 'idToken' } }]);
  };
  await expect401('/auth/oauth/google', await google({ ...claims, aud: 'someone-elses-client' }), /aud/);
  await expect401('/auth/oauth/google', await idToken({ iss: 'https://accounts.google.com', aud: GOOGLE_CLIENT, ...claims }, { expiresAt: Math.floor(Date.now() / 1000) - 120 }), /expired/);
  await expect401('/auth/oauth/google', await idToken({ iss: 'https://accounts.google.com', aud: GOOGLE_CLIENT, ...claims }, { key: 'forged' }), /signature/);
  await expect401('/auth/oauth/apple', await google(claims), /iss|aud/);
  await expect401('/auth/oauth/google', 'not.a.token', /Invalid ID token/);
  const { rows } = await db.pool.query('select count(*)::int as n from vitalis.oauth_identities where provider_user_id = $1', [claims.sub]);
  expect(rows[0].n).toBe(0);
});

test('new accounts through Google count against the registration limit per IP; returning users do not', async () => {
  const ip = '127.0.0.5';
  const users: Array<{ sub: string; email: string }> = [];
  for (let i = 0; i < 4; i++) {
    const user = { sub: `g-${randomUUID()}`, email: `rl-${randomUUID().slice(0, 8)}@gmail.com` };
    expect((await postFrom(server(), ip, '/auth/oauth/google', { idToken: await google({ ...user, email_verified: true }) })).status).toBe(201);
    users.push(user);
  }
  const sub = `g-${randomUUID()}`;
  const refused = await postFrom(server(), ip, '/auth/oauth/google', { idToken: await google({ sub, email: `rl-${randomUUID().slice(0, 8)}@gmail.com`, email_verified: true }) });
  expect(refused.status).toBe(429);
  expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/^Too many account registrations from this IP address/), extensions: { code: 'RATE_LIMITED' } }]);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // Nothing of the refused account remains.
  const { rows } = await db.pool.query('select count(*)::int as n from vitalis.oauth_identities where provider_user_id = $1', [sub]);
  expect(rows[0].n).toBe(0);
  // Signing in again is not an account creation.
  expect((await postFrom(server(), ip, '/auth/oauth/google', { idToken: await google({ ...users[0]!, email_verified: true }) })).status).toBe(200);
});
