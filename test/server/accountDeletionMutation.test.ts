// requestAccountDeletion in GraphQL, over real HTTP: the same re-authentication as
// POST /auth/account-deletion (test/privacy/erasureRequest.test.ts), answered by field and code in
// `errors`; an accepted request is answered although it signs the caller out in its transaction.
import { randomUUID } from 'node:crypto';
import { registerUser, signIn as signInAs } from '../auth/helpers';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from './harness';
import { queuedMails } from '../helpers/mailQueue';

const PASSWORD = 'correct horse battery';
const GRACE_DAYS = 7;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ REGISTER_MAX_PER_IP: '1000', DELETION_GRACE_DAYS: String(GRACE_DAYS), PUBLIC_URL: 'https://app.vitalis.test' });
});
afterAll(async () => {
  await h?.close();
});

const REQUEST = `mutation ($input: RequestAccountDeletionInput!) {
  requestAccountDeletion(input: $input) { result { requestId status gracePeriodEndsAt sessionsRevoked } }
}`;
const requestDeletion = (token: string | undefined, input: Record<string, unknown>) => graphql(h.server, REQUEST, { token, variables: { input } });

const register = () => registerUser(h.server, 'erase-gql', PASSWORD);
const signIn = (email: string) => signInAs(h.server, email, PASSWORD);

const failedLogins = async (email: string): Promise<number> =>
  (await h.db.pool.query(`select count(*)::int as n from vitalis_private.login_attempts where email = $1`, [email])).rows[0].n;

const mailTemplatesTo = async (to: string) => (await queuedMails(h.db.pool, to)).map((m) => m.template);

test('a wrong or missing password is refused by field, and a wrong one counts as a failed login; without a token the mutation asks to sign in', async () => {
  const { email, userId, accessToken } = await register();

  const wrong = await requestDeletion(accessToken, { password: 'not my password' });
  expect(wrong.body.data?.requestAccountDeletion).toBeNull();
  expect(wrong.body.errors).toEqual([expect.objectContaining({ message: 'password is not correct', extensions: { code: 'BAD_USER_INPUT', field: 'password' } })]);
  // Counted although the mutation failed: the refusal is answered after the transaction commits.
  expect(await failedLogins(email)).toBe(1);

  for (const input of [{}, { password: null }, { password: '' }]) {
    const missing = await requestDeletion(accessToken, input);
    expect(missing.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(missing.body.errors?.[0]?.message).toMatch(/^password is required/);
  }
  const tooLong = await requestDeletion(accessToken, { password: 'x'.repeat(1001) });
  expect(tooLong.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
  expect(await failedLogins(email)).toBe(1);

  const anonymous = await requestDeletion(undefined, { password: PASSWORD });
  expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await h.db.pool.query(`select count(*)::int as n from vitalis.deletion_requests where user_id = $1`, [userId])).rows[0].n).toBe(0);
  expect(await mailTemplatesTo(email)).toEqual([]);
});

test('the right password starts the grace period, signs the caller out everywhere and queues the mail; asking again after signing in returns the pending request', async () => {
  const { email, userId, accessToken } = await register();
  const otherDevice = await signIn(email);

  const accepted = await requestDeletion(accessToken, { password: PASSWORD });
  expect(accepted.body.errors).toBeUndefined();
  const result = accepted.body.data?.requestAccountDeletion.result;
  expect(result).toEqual({ requestId: expect.any(String), status: 'pending', gracePeriodEndsAt: expect.any(String), sessionsRevoked: 2 });
  expect(Math.abs(Date.parse(result.gracePeriodEndsAt) - (Date.now() + GRACE_DAYS * 86_400_000))).toBeLessThan(60_000);
  const stored = await h.db.pool.query(`select status, grace_period_ends_at from vitalis.deletion_requests where user_id = $1`, [userId]);
  expect(stored.rows).toHaveLength(1);
  expect(stored.rows[0].status).toBe('pending');
  expect(Math.abs(stored.rows[0].grace_period_ends_at.getTime() - Date.parse(result.gracePeriodEndsAt))).toBeLessThan(2);

  // Signed out everywhere: the token that asked is refused like any other.
  for (const token of [accessToken, otherDevice]) {
    const refused = await graphql(h.server, `{ __typename }`, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }
  expect(await mailTemplatesTo(email)).toEqual(['deletion_requested']);

  const again = await requestDeletion(await signIn(email), { password: PASSWORD });
  expect(again.body.data?.requestAccountDeletion.result).toEqual({ ...result, sessionsRevoked: 0 });
  expect(await mailTemplatesTo(email)).toEqual(['deletion_requested']);
});

test('repeated wrong passwords are rate limited like logins', async () => {
  const { accessToken } = await register();
  for (let i = 0; i < h.config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP; i++) {
    expect((await requestDeletion(accessToken, { password: `wrong ${i} password` })).body.errors?.[0]?.extensions?.field).toBe('password');
  }
  const limited = await requestDeletion(accessToken, { password: PASSWORD });
  expect(limited.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED' });
  expect(limited.body.errors?.[0]?.message).toMatch(/try again in \d+ seconds/);
});

test('an account without a password needs a recent sign-in: an old session is FORBIDDEN, a fresh one is accepted', async () => {
  const email = `oauth-gql-${randomUUID().slice(0, 8)}@example.com`;
  const userId = await createUser(h.db.pool, { email });
  const stale = await tokenFor(h, userId);
  await h.db.pool.query(`update vitalis_private.sessions set created_at = now() - interval '11 minutes' where user_id = $1`, [userId]);

  const refused = await requestDeletion(stale, {});
  expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
  expect(refused.body.errors?.[0]?.message).toMatch(/^Sign in again/);

  const accepted = await requestDeletion(await tokenFor(h, userId), {});
  expect(accepted.body.data?.requestAccountDeletion.result).toMatchObject({ status: 'pending', sessionsRevoked: 2 });
  expect(await mailTemplatesTo(email)).toEqual(['deletion_requested']);
});
