// Asking for erasure and taking it back, over real HTTP and GraphQL: the user proves it is them
// (the current password, or a fresh sign-in for accounts without one), is signed out everywhere,
// and is mailed a cancel link that works once while the grace period runs; only the server moves
// a request's status.
import { randomUUID } from 'node:crypto';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { post, registerUser, signIn as signInAs } from '../auth/helpers';
import { renderMail } from '../../src/mail/render';
import { createUser, pgError, asRequest } from '../helpers/db';
import { queuedMails } from '../helpers/mailQueue';

const PASSWORD = 'correct horse battery';
const PUBLIC_URL = 'https://app.vitalis.test';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ REGISTER_MAX_PER_IP: '1000', DELETION_GRACE_DAYS: '7', PUBLIC_URL });
});
afterAll(async () => {
  await h?.close();
});

const register = () => registerUser(h.server, 'erase', PASSWORD);
const signIn = (email: string) => signInAs(h.server, email, PASSWORD);

/** The mails queued for an address, each one a mail the mail task can render (its template's params accept it). */
async function mailsTo(to: string) {
  const mails = await queuedMails(h.db.pool, to);
  for (const m of mails) expect(() => renderMail(m.template, m.params, h.config)).not.toThrow();
  return mails;
}

const requestStatus = async (requestId: string) => (await h.db.pool.query(`select status from vitalis.deletion_requests where request_id = $1`, [requestId])).rows[0].status;
const me = `{ __typename }`;

test('a wrong password is refused by name and counted with the login failures; the right one starts the grace period and signs the user out everywhere', async () => {
  const { email, userId, accessToken } = await register();
  const otherDevice = await signIn(email);

  const wrong = await post(h.server, '/auth/account-deletion', { password: 'not my password' }, { token: accessToken });
  expect(wrong.status).toBe(400);
  expect(wrong.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
  expect((await h.db.pool.query(`select count(*)::int as n from vitalis_private.login_attempts where email = $1`, [email])).rows[0].n).toBe(1);
  const missing = await post(h.server, '/auth/account-deletion', {}, { token: accessToken });
  expect(missing.status).toBe(400);
  expect(missing.body.errors[0].extensions.field).toBe('password');
  expect((await post(h.server, '/auth/account-deletion', { password: PASSWORD })).status).toBe(401);

  const accepted = await post(h.server, '/auth/account-deletion', { password: PASSWORD }, { token: accessToken });
  expect(accepted.status).toBe(202);
  expect(accepted.body).toMatchObject({ requestId: expect.any(String), status: 'pending', sessionsRevoked: 2 });
  // DELETION_GRACE_DAYS (7 here), not a fixed 30.
  const grace = Date.parse(accepted.body.gracePeriodEndsAt) - Date.now();
  expect(Math.abs(grace - 7 * 86_400_000)).toBeLessThan(60_000);

  // Signed out everywhere: both access tokens are refused at once.
  for (const token of [accessToken, otherDevice]) expect((await graphql(h.server, me, { token })).status).toBe(401);
  const mails = await mailsTo(email);
  expect(mails.map((m) => m.template)).toEqual(['deletion_requested']);
  expect(mails[0]!.params.cancelUrl).toMatch(new RegExp(`^${PUBLIC_URL}/account/cancel-deletion\\?token=[0-9a-f]{64}$`));
  expect(Date.parse(mails[0]!.params.graceEndsAt!)).toBeCloseTo(Date.parse(accepted.body.gracePeriodEndsAt), -4);

  // Signing in again is allowed during the grace period; asking again returns the same request.
  const again = await post(h.server, '/auth/account-deletion', { password: PASSWORD }, { token: await signIn(email) });
  expect(again.status).toBe(200);
  expect(again.body.requestId).toBe(accepted.body.requestId);
  expect(await requestStatus(accepted.body.requestId)).toBe('pending');
  expect((await h.db.pool.query(`select count(*)::int as n from vitalis.deletion_requests where user_id = $1`, [userId])).rows[0].n).toBe(1);
});

test('repeated wrong passwords are rate limited like logins, and lock the login from that address too', async () => {
  const { email, accessToken } = await register();
  for (let i = 0; i < h.config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP; i++) {
    expect((await post(h.server, '/auth/account-deletion', { password: `wrong ${i} password` }, { token: accessToken })).status).toBe(400);
  }
  const limited = await post(h.server, '/auth/account-deletion', { password: PASSWORD }, { token: accessToken });
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await post(h.server, '/auth/login', { email, password: PASSWORD })).status).toBe(429);
});

test('the mailed link cancels once, signed out, while the grace period runs', async () => {
  const { email, accessToken } = await register();
  const accepted = await post(h.server, '/auth/account-deletion', { password: PASSWORD }, { token: accessToken });
  const token = new URL((await mailsTo(email))[0]!.params.cancelUrl!).searchParams.get('token')!;

  // A stale access token attached does not get in the way of the link.
  const canceled = await post(h.server, '/auth/account-deletion/cancel', { token }, { token: accessToken });
  expect(canceled.status).toBe(200);
  expect(canceled.body).toEqual({ canceled: true });
  expect(await requestStatus(accepted.body.requestId)).toBe('canceled');
  expect((await mailsTo(email)).map((m) => m.template)).toEqual(['deletion_requested', 'deletion_cancelled']);

  const reused = await post(h.server, '/auth/account-deletion/cancel', { token });
  expect(reused.status).toBe(400);
  expect(reused.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token' });
  expect((await post(h.server, '/auth/account-deletion/cancel', { token: 'f'.repeat(64) })).status).toBe(400);
  expect((await post(h.server, '/auth/account-deletion/cancel', {})).body.errors[0].extensions.field).toBe('token');
});

test('cancelAccountDeletion cancels in GraphQL after signing in again, and retires the mailed link; neither works once the grace period is over', async () => {
  const { email, accessToken } = await register();
  const first = await post(h.server, '/auth/account-deletion', { password: PASSWORD }, { token: accessToken });
  const link = new URL((await mailsTo(email))[0]!.params.cancelUrl!).searchParams.get('token')!;
  const token = await signIn(email);
  const canceled = await graphql(h.server, `mutation { cancelAccountDeletion(input: {}) { result { requestId status } } }`, { token });
  expect(canceled.body.data?.cancelAccountDeletion.result).toEqual({ requestId: first.body.requestId, status: 'canceled' });
  expect((await post(h.server, '/auth/account-deletion/cancel', { token: link })).status).toBe(400);

  // A new request whose grace period has run out: only the server acts on it now.
  const second = await post(h.server, '/auth/account-deletion', { password: PASSWORD }, { token });
  expect(second.status).toBe(202);
  await h.db.pool.query(`update vitalis.deletion_requests set grace_period_ends_at = now() - interval '1 minute' where request_id = $1`, [second.body.requestId]);
  const late = await graphql(h.server, `mutation { cancelAccountDeletion(input: {}) { result { status } } }`, { token: await signIn(email) });
  expect(late.body.errors?.[0]?.message).toMatch(/grace period/);
  const lateLink = new URL((await mailsTo(email)).filter((m) => m.template === 'deletion_requested')[1]!.params.cancelUrl!).searchParams.get('token')!;
  expect((await post(h.server, '/auth/account-deletion/cancel', { token: lateLink })).status).toBe(400);
  expect(await requestStatus(second.body.requestId)).toBe('pending');
});

test('an account without a password confirms with a recent sign-in', async () => {
  const email = `oauth-${randomUUID().slice(0, 8)}@example.com`;
  const userId = await createUser(h.db.pool, { email });
  const token = await tokenFor(h, userId);
  await h.db.pool.query(`update vitalis_private.sessions set created_at = now() - interval '11 minutes' where user_id = $1`, [userId]);
  const stale = await post(h.server, '/auth/account-deletion', {}, { token });
  expect(stale.status).toBe(403);
  expect(stale.body.errors[0].extensions.code).toBe('FORBIDDEN');

  const fresh = await post(h.server, '/auth/account-deletion', {}, { token: await tokenFor(h, userId) });
  expect(fresh.status).toBe(202);
  expect((await mailsTo(email)).map((m) => m.template)).toEqual(['deletion_requested']);
});

test('only the server moves a request: no client path writes the status of a deletion or export request', async () => {
  const { userId, accessToken } = await register();
  // GraphQL offers no create or update for either, and the old request mutation without re-authentication is gone.
  for (const mutation of [
    `mutation { updateDeletionRequest(input: {requestId: "${randomUUID()}", patch: {status: "completed"}}) { clientMutationId } }`,
    `mutation { createDeletionRequest(input: {deletionRequest: {status: "processing"}}) { clientMutationId } }`,
    `mutation { requestAccountDeletion(input: {}) { clientMutationId } }`,
    `mutation { updateDataExportRequest(input: {exportId: "${randomUUID()}", patch: {status: "ready"}}) { clientMutationId } }`,
    `mutation { createDataExportRequest(input: {dataExportRequest: {format: "json", status: "ready"}}) { clientMutationId } }`,
  ]) {
    const response = await graphql(h.server, mutation, { token: accessToken });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  }
  // Nor does SQL as the API role, for any status.
  const { rows } = await h.db.pool.query(`insert into vitalis.deletion_requests (user_id) values ($1) returning request_id`, [userId]);
  await asRequest(h.db.pool, { userId }, async (c) => {
    for (const status of ['processing', 'completed', 'canceled']) {
      expect((await pgError(c, () => c.query(`update vitalis.deletion_requests set status = $1 where request_id = $2`, [status, rows[0].request_id])))?.code).toBe('42501');
      expect((await pgError(c, () => c.query(`insert into vitalis.deletion_requests (user_id, status) values ($1, $2)`, [userId, status])))?.code).toBe('42501');
    }
    expect((await pgError(c, () => c.query(`update vitalis.data_export_requests set status = 'ready'`)))?.code).toBe('42501');
    for (const fn of [`vitalis_private.begin_erasure($1)`, `vitalis_private.finish_erasure($1, '{}', false)`, `vitalis_private.queue_due_erasures()`]) {
      expect((await pgError(c, () => c.query(`select ${fn}`, fn.includes('$1') ? [rows[0].request_id] : [])))?.code).toBe('42501');
    }
  });
  expect(await requestStatus(rows[0].request_id)).toBe('pending');
});
