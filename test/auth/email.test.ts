// Email verification and password reset through a real SMTP server (smtp-server on 127.0.0.1),
// and the default outbox transport.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMailer } from '../../src/auth/mailer';
import { startHarness, type Harness } from '../server/harness';
import { currentUserId, post, startMailCatcher, tokenFromMail, type MailCatcher } from './helpers';

let h: Harness;
let smtp: MailCatcher;
beforeAll(async () => {
  smtp = await startMailCatcher();
  h = await startHarness({ SMTP_URL: smtp.url, MAIL_FROM: 'Vitalis <auth@vitalis.test>', PUBLIC_URL: 'https://app.vitalis.test' });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const PASSWORD = 'correct horse battery';
async function register() {
  const email = `mail-${randomUUID().slice(0, 8)}@example.com`;
  const response = await post(h.server, '/auth/register', { email, password: PASSWORD, displayName: 'M' });
  expect(response.status).toBe(201);
  // Registration mails the verification link: set aside, so each test waits for its own mail.
  const verificationMail = await smtp.waitFor(email);
  smtp.messages.splice(smtp.messages.indexOf(verificationMail), 1);
  return { email, verificationMail, ...response.body };
}

test('registration mails the verification link at once', async () => {
  const user = await register();
  const mail = user.verificationMail;
  expect(mail.raw).toContain('Subject: Confirm your email for Vitalis');
  expect(mail.raw).toContain('Content-Type: text/html');
  const token = tokenFromMail(mail);
  expect((await post(h.server, '/auth/verify-email', { token })).body).toEqual({ verified: true, userId: user.userId });
});

test('email verification: request (signed in) -> mail -> single-use token', async () => {
  const user = await register();
  expect((await post(h.server, '/auth/verify-email/request')).status).toBe(401);
  const request = await post(h.server, '/auth/verify-email/request', undefined, { token: user.accessToken });
  expect(request.status).toBe(202);
  expect(request.body).toEqual({ sent: true, alreadyVerified: false });

  const mail = await smtp.waitFor(user.email);
  expect(mail.from).toBe('auth@vitalis.test');
  expect(mail.raw).toContain('Subject: Confirm your email for Vitalis');
  const token = tokenFromMail(mail);
  expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`https://app.vitalis.test/verify-email?token=3D${token}`);
  // Only its hash is stored.
  const stored = await h.db.pool.query(`select encode(token_hash, 'hex') as hash, purpose, email from vitalis_private.email_tokens where user_id = $1`, [user.userId]);
  expect(stored.rows).toEqual([
    { hash: expect.not.stringMatching(token), purpose: 'verify_email', email: user.email },
    { hash: expect.not.stringMatching(token), purpose: 'verify_email', email: user.email },
  ]);

  const bad = await post(h.server, '/auth/verify-email', { token: 'a'.repeat(64) });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'token' });

  const ok = await post(h.server, '/auth/verify-email', { token });
  expect(ok.status).toBe(200);
  expect(ok.body).toEqual({ verified: true, userId: user.userId });
  const { rows } = await h.db.pool.query('select email_verified_at from vitalis.users where user_id = $1', [user.userId]);
  expect(rows[0].email_verified_at).toBeInstanceOf(Date);

  expect((await post(h.server, '/auth/verify-email', { token })).status).toBe(400);
  const again = await post(h.server, '/auth/verify-email/request', undefined, { token: user.accessToken });
  expect(again.body).toEqual({ sent: false, alreadyVerified: true });
});

test('an expired verification token is refused', async () => {
  const user = await register();
  await post(h.server, '/auth/verify-email/request', undefined, { token: user.accessToken });
  const token = tokenFromMail(await smtp.waitFor(user.email));
  await h.db.pool.query(`update vitalis_private.email_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [user.userId]);
  expect((await post(h.server, '/auth/verify-email', { token })).status).toBe(400);
});

test('password reset: same answer for unknown emails; the token resets once and ends every session', async () => {
  const user = await register();
  const other = (await post(h.server, '/auth/login', { email: user.email, password: PASSWORD })).body;

  const unknown = await post(h.server, '/auth/password-reset/request', { email: `nobody-${randomUUID()}@example.com` });
  const known = await post(h.server, '/auth/password-reset/request', { email: user.email.toUpperCase() });
  expect(unknown.status).toBe(202);
  expect(known.status).toBe(202);
  expect(known.body).toEqual(unknown.body);
  const badEmail = await post(h.server, '/auth/password-reset/request', { email: 'nope' });
  expect(badEmail.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });

  const mail = await smtp.waitFor(user.email);
  expect(mail.raw).toContain('Subject: Reset your Vitalis password');
  const token = tokenFromMail(mail);

  const weak = await post(h.server, '/auth/password-reset', { token, newPassword: 'short' });
  expect(weak.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'newPassword' });

  const reset = await post(h.server, '/auth/password-reset', { token, newPassword: 'a whole new password' });
  expect(reset.status).toBe(200);
  expect(reset.body).toEqual({ passwordReset: true, sessionsRevoked: 2 });
  expect((await currentUserId(h.server, user.accessToken)).status).toBe(401);
  expect((await currentUserId(h.server, other.accessToken)).status).toBe(401);
  expect((await post(h.server, '/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);

  expect((await post(h.server, '/auth/password-reset', { token, newPassword: 'yet another password' })).status).toBe(400);
  expect((await post(h.server, '/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
  expect((await post(h.server, '/auth/login', { email: user.email, password: 'a whole new password' })).status).toBe(200);

  const { rows } = await h.db.pool.query(`select new_values from vitalis.audit_log where user_id = $1 and action = 'LOGOUT'`, [user.userId]);
  expect(rows).toEqual([{ new_values: expect.objectContaining({ reason: 'password_reset', sessions_revoked: 2 }) }]);
  // The link went to this address, so it is verified now.
  const verified = await h.db.pool.query('select email_verified_at from vitalis.users where user_id = $1', [user.userId]);
  expect(verified.rows[0].email_verified_at).toBeInstanceOf(Date);
});

test('a newer reset request makes the older link useless', async () => {
  const user = await register();
  await post(h.server, '/auth/password-reset/request', { email: user.email });
  const first = tokenFromMail(await smtp.waitFor(user.email));
  smtp.messages.splice(0, smtp.messages.length);
  await post(h.server, '/auth/password-reset/request', { email: user.email });
  const second = tokenFromMail(await smtp.waitFor(user.email));
  expect(second).not.toBe(first);
  expect((await post(h.server, '/auth/password-reset', { token: first, newPassword: 'a whole new password' })).status).toBe(400);
  expect((await post(h.server, '/auth/password-reset', { token: second, newPassword: 'a whole new password' })).status).toBe(200);
});

test('without SMTP_URL messages are written to DATA_DIR/outbox as .eml files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-outbox-'));
  try {
    const mailer = createMailer({ DATA_DIR: dir, MAIL_FROM: 'Vitalis <no-reply@vitalis.local>', SMTP_URL: undefined });
    await mailer.send({ to: 'someone@example.com', subject: 'Hello', text: 'use this token: abc' });
    const files = fs.readdirSync(path.join(dir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const raw = fs.readFileSync(path.join(dir, 'outbox', files[0]!), 'utf8');
    expect(raw).toContain('To: someone@example.com');
    expect(raw).toContain('Subject: Hello');
    mailer.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
