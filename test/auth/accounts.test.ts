// Accounts and sessions over real HTTP: register, login, GraphQL with the access token, logout,
// refresh rotation with reuse detection, password change, and the audit trail.
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signToken, startHarness, type Harness } from '../server/harness';
import { currentUserId, post } from './helpers';

let h: Harness;
beforeAll(async () => {
  // Every request here comes from 127.0.0.1: lift the per-IP registration limit (test/auth/mailLimits.test.ts covers it).
  h = await startHarness({ REGISTER_MAX_PER_IP: '1000' });
});
afterAll(async () => {
  await h?.close();
});

const PASSWORD = 'correct horse battery';
const newEmail = () => `user-${randomUUID().slice(0, 8)}@Example.COM`;

async function register(email = newEmail(), password = PASSWORD) {
  const response = await post(h.server, '/auth/register', { email, password, displayName: 'Test Person' });
  expect(response.status).toBe(201);
  return { email: email.toLowerCase(), ...response.body };
}

describe('register', () => {
  test('creates account, user and preferences, and signs in', async () => {
    const email = newEmail();
    const response = await post(h.server, '/auth/register', { email: `  ${email} `, password: PASSWORD, displayName: ' Ada ' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      userId: expect.any(String),
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[0-9a-f]{64}$/),
      refreshExpiresAt: expect.any(String),
    });
    const claims = jwt.decode(response.body.accessToken) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: response.body.userId, sid: expect.any(String), aud: h.config.JWT_AUDIENCE, iss: h.config.JWT_ISSUER });
    expect(claims.exp! - claims.iat!).toBe(900);

    const { rows } = await h.db.pool.query(
      `select u.email, u.display_name, pw.password_hash, u.email_verified_at, a.subscription_tier,
              (select count(*)::int from vitalis.user_preferences p where p.user_id = u.user_id) as preferences
         from vitalis.users u join vitalis.accounts a using (account_id) left join vitalis_private.user_passwords pw using (user_id) where u.user_id = $1`,
      [response.body.userId],
    );
    expect(rows[0]).toMatchObject({ email: email.toLowerCase(), display_name: 'Ada', email_verified_at: null, subscription_tier: 'free', preferences: 1 });
    expect(rows[0].password_hash).toMatch(/^\$2a\$11\$/);
    // The refresh token is stored hashed only.
    const sessions = await h.db.pool.query('select refresh_token_hash, encode(refresh_token_hash, $2) as hex from vitalis_private.sessions where user_id = $1', [
      response.body.userId,
      'hex',
    ]);
    expect(sessions.rows).toHaveLength(1);
    expect(sessions.rows[0].hex).not.toBe(response.body.refreshToken);

    expect(await currentUserId(h.server, response.body.accessToken)).toEqual({ status: 200, userId: response.body.userId });
  });

  test('bad email, short or long password, missing display name: 400 naming field and rule', async () => {
    const bad = await post(h.server, '/auth/register', { email: 'not-an-email', password: PASSWORD, displayName: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ message: expect.stringContaining('valid email'), extensions: { code: 'BAD_USER_INPUT', field: 'email' } }]);

    const short = await post(h.server, '/auth/register', { email: newEmail(), password: 'short', displayName: 'X' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ message: expect.stringMatching(/password must be 10 to 200 characters/), extensions: { code: 'BAD_USER_INPUT', field: 'password' } }]);

    const long = await post(h.server, '/auth/register', { email: newEmail(), password: 'x'.repeat(201), displayName: 'X' });
    expect(long.body.errors[0]).toMatchObject({ message: expect.stringContaining('at most 200'), extensions: { field: 'password' } });

    const several = await post(h.server, '/auth/register', { email: 'nope', password: 'short' });
    expect(several.status).toBe(400);
    expect(several.body.errors.map((e: any) => e.extensions.field).sort()).toEqual(['displayName', 'email', 'password']);

    const notJson = await fetch(`${h.server.origin}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  test('duplicate email (any case): 409 CONFLICT on email', async () => {
    const { email } = await register();
    const again = await post(h.server, '/auth/register', { email: email.toUpperCase(), password: PASSWORD, displayName: 'Y' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ message: 'email is already registered', extensions: { code: 'CONFLICT', field: 'email' } }]);
  });
});

describe('login and logout', () => {
  test('login -> GraphQL works; logout -> the same access token is refused at once', async () => {
    const { email, userId } = await register();
    const login = await post(h.server, '/auth/login', { email: email.toUpperCase(), password: PASSWORD }, { headers: { 'user-agent': 'vitalis-app/2.0' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ userId, accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    const token = login.body.accessToken;
    expect(await currentUserId(h.server, token)).toEqual({ status: 200, userId });

    const logout = await post(h.server, '/auth/logout', undefined, { token, headers: { 'user-agent': 'vitalis-app/2.0' } });
    expect(logout.status).toBe(200);
    const after = await currentUserId(h.server, token);
    expect(after.status).toBe(401);
    // Its refresh token is dead too.
    expect((await post(h.server, '/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
    // Logging out twice: the token is no longer accepted.
    expect((await post(h.server, '/auth/logout', undefined, { token })).status).toBe(401);

    const { rows } = await h.db.pool.query(
      `select action, host(ip_address) as ip, user_agent, new_values from vitalis.audit_log
        where user_id = $1 and action in ('LOGIN', 'LOGOUT') order by created_at`,
      [userId],
    );
    expect(rows).toEqual([
      { action: 'LOGIN', ip: '127.0.0.1', user_agent: 'node', new_values: expect.objectContaining({ method: 'register' }) },
      { action: 'LOGIN', ip: '127.0.0.1', user_agent: 'vitalis-app/2.0', new_values: expect.objectContaining({ method: 'password' }) },
      { action: 'LOGOUT', ip: '127.0.0.1', user_agent: 'vitalis-app/2.0', new_values: expect.objectContaining({ reason: 'logout' }) },
    ]);
    const user = await h.db.pool.query('select last_login_at from vitalis.users where user_id = $1', [userId]);
    expect(user.rows[0].last_login_at).toBeInstanceOf(Date);
  });

  test('a session revoked outside this API (a DBA in psql) is refused as soon as the notification arrives, though its answer was cached', async () => {
    const { userId, accessToken } = await register();
    // Asked twice: the second answer comes from the API's session cache.
    expect(await currentUserId(h.server, accessToken)).toEqual({ status: 200, userId });
    expect(await currentUserId(h.server, accessToken)).toEqual({ status: 200, userId });
    await h.db.pool.query("update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout' where user_id = $1", [userId]);
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await currentUserId(h.server, accessToken)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe(401);
  });

  test('unknown email and wrong password get the same 401', async () => {
    const { email } = await register();
    const wrong = await post(h.server, '/auth/login', { email, password: 'wrong password!' });
    const unknown = await post(h.server, '/auth/login', { email: `nobody-${randomUUID()}@example.com`, password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.errors[0]).toEqual({ message: 'Email or password is not correct', extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('logout without a token is 401', async () => {
    const response = await post(h.server, '/auth/logout');
    expect(response.status).toBe(401);
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('access tokens', () => {
  test('a token without sid, or naming a session that is not live for its sub, is 401', async () => {
    const { userId, accessToken } = await register();
    const other = await register();
    const sid = (jwt.decode(accessToken) as jwt.JwtPayload).sid as string;
    expect((await currentUserId(h.server, signToken(h.config, userId))).status).toBe(401);
    expect((await currentUserId(h.server, signToken(h.config, userId, { sid: randomUUID() }))).status).toBe(401);
    // Another user's live session does not make a token for this user valid.
    expect((await currentUserId(h.server, signToken(h.config, other.userId, { sid }))).status).toBe(401);
    expect((await currentUserId(h.server, signToken(h.config, userId, { sid }))).status).toBe(200);
  });

  test('an expired session is 401 even with an unexpired token', async () => {
    const { accessToken } = await register();
    const sid = (jwt.decode(accessToken) as jwt.JwtPayload).sid as string;
    await h.db.pool.query(`update vitalis_private.sessions set expires_at = now() - interval '1 second' where session_id = $1`, [sid]);
    const response = await fetch(h.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: '{ currentUserId }' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: [{ message: expect.stringContaining('Session has ended'), extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});

test('soft-deleting a user ends their sessions at once', async () => {
  const user = await register();
  await h.db.pool.query('update vitalis.users set deleted_at = now() where user_id = $1', [user.userId]);
  expect((await currentUserId(h.server, user.accessToken)).status).toBe(401);
  expect((await post(h.server, '/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  expect((await post(h.server, '/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
  const { rows } = await h.db.pool.query('select revoked_reason from vitalis_private.sessions where user_id = $1', [user.userId]);
  expect(rows).toEqual([{ revoked_reason: 'user_deleted' }]);
});

describe('refresh', () => {
  test('rotates on every use; reusing a rotated token revokes the whole family', async () => {
    const first = await register();
    const second = await post(h.server, '/auth/refresh', { refreshToken: first.refreshToken }, { token: 'an-expired-access-token-is-ignored' });
    expect(second.status).toBe(200);
    expect(second.body.userId).toBe(first.userId);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(await currentUserId(h.server, second.body.accessToken)).toEqual({ status: 200, userId: first.userId });
    // The rotated-away session no longer authorises its access token.
    expect((await currentUserId(h.server, first.accessToken)).status).toBe(401);

    const third = await post(h.server, '/auth/refresh', { refreshToken: second.body.refreshToken });
    expect(third.status).toBe(200);

    // Theft: the first (rotated) token shows up again -> every session of that sign-in ends.
    const reuse = await post(h.server, '/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.errors[0]).toMatchObject({ message: expect.stringContaining('already used'), extensions: { code: 'UNAUTHENTICATED', field: 'refreshToken' } });
    expect((await currentUserId(h.server, third.body.accessToken)).status).toBe(401);
    expect((await post(h.server, '/auth/refresh', { refreshToken: third.body.refreshToken })).status).toBe(401);

    const { rows } = await h.db.pool.query(
      `select session_id, rotated_from, revoked_reason from vitalis_private.sessions where user_id = $1 order by created_at, rotated_from nulls first`,
      [first.userId],
    );
    expect(rows.map((r) => r.revoked_reason)).toEqual(['rotated', 'rotated', 'refresh_token_reuse']);
    expect(rows[1].rotated_from).toBe(rows[0].session_id);
    expect(rows[2].rotated_from).toBe(rows[1].session_id);
    const audit = await h.db.pool.query(`select new_values from vitalis.audit_log where user_id = $1 and action = 'LOGOUT'`, [first.userId]);
    expect(audit.rows).toEqual([{ new_values: expect.objectContaining({ reason: 'refresh_token_reuse', sessions_revoked: 1 }) }]);
  });

  test('another sign-in of the same user is not affected by a theft in one family', async () => {
    const a = await register();
    const b = await post(h.server, '/auth/login', { email: a.email, password: PASSWORD });
    const rotated = await post(h.server, '/auth/refresh', { refreshToken: a.refreshToken });
    expect(rotated.status).toBe(200);
    expect((await post(h.server, '/auth/refresh', { refreshToken: a.refreshToken })).status).toBe(401);
    expect((await currentUserId(h.server, b.body.accessToken)).status).toBe(200);
  });

  test('unknown or malformed refresh tokens', async () => {
    expect((await post(h.server, '/auth/refresh', { refreshToken: 'f'.repeat(64) })).status).toBe(401);
    const missing = await post(h.server, '/auth/refresh', {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
  });
});

describe('password change', () => {
  test('needs the current password, revokes the other sessions and keeps this one', async () => {
    const one = await register();
    const two = (await post(h.server, '/auth/login', { email: one.email, password: PASSWORD })).body;

    const wrong = await post(h.server, '/auth/password', { currentPassword: 'not the password', newPassword: 'a brand new passphrase' }, { token: one.accessToken });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
    const weak = await post(h.server, '/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }, { token: one.accessToken });
    expect(weak.body.errors[0]).toMatchObject({ message: expect.stringContaining('10 to 200'), extensions: { field: 'newPassword' } });

    const changed = await post(h.server, '/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, { token: one.accessToken });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ passwordChanged: true, sessionsRevoked: 1 });

    expect((await currentUserId(h.server, one.accessToken)).status).toBe(200);
    expect((await currentUserId(h.server, two.accessToken)).status).toBe(401);
    expect((await post(h.server, '/auth/refresh', { refreshToken: two.refreshToken })).status).toBe(401);
    expect((await post(h.server, '/auth/refresh', { refreshToken: one.refreshToken })).status).toBe(200);

    expect((await post(h.server, '/auth/login', { email: one.email, password: PASSWORD })).status).toBe(401);
    expect((await post(h.server, '/auth/login', { email: one.email, password: 'a brand new passphrase' })).status).toBe(200);
    const audit = await h.db.pool.query(`select new_values from vitalis.audit_log where user_id = $1 and action = 'LOGOUT'`, [one.userId]);
    expect(audit.rows).toEqual([{ new_values: expect.objectContaining({ reason: 'password_changed', sessions_revoked: 1 }) }]);
  });
});

test('Sign in with Google/Apple is off without client ids', async () => {
  for (const provider of ['google', 'apple']) {
    const response = await post(h.server, `/auth/oauth/${provider}`, { idToken: 'x' });
    expect(response.status).toBe(404);
    expect(response.body.errors[0].extensions.code).toBe('NOT_FOUND');
  }
});

describe('the database side', () => {
  test('vitalis_api cannot read sessions or call the anonymous functions; anonymous cannot log out', async () => {
    const client = await h.db.pool.connect();
    try {
      const cases: Array<[string, string]> = [
        ['vitalis_api', 'select * from vitalis_private.sessions'],
        ['vitalis_anonymous', 'select * from vitalis_private.login_attempts'],
        ['vitalis_anonymous', 'select * from vitalis_private.login_known_sources'],
        ['vitalis_anonymous', 'delete from vitalis_private.auth_rate_events'],
        ['vitalis_api', 'delete from vitalis_private.auth_rate_events'],
        ['vitalis_anonymous', `select vitalis_private.auth_logout('${randomUUID()}')`],
        ['vitalis_api', `select * from vitalis_private.auth_issue_session('${randomUUID()}', 3600)`],
      ];
      for (const [role, sql] of cases) {
        await client.query('begin');
        await client.query(`set local role ${role}`);
        await expect(client.query(sql)).rejects.toMatchObject({ code: '42501' });
        await client.query('rollback');
      }
    } finally {
      client.release();
    }
  });
});
