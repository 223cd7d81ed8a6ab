// Limits on requests that send mail or create accounts (vitalis_private.auth_rate_limit, state in
// vitalis_private.auth_rate_events): per target address and per client IP, 429 RATE_LIMITED with
// Retry-After, and the same answer whether or not the address has an account. Mail goes to a real
// SMTP server on 127.0.0.1; requests leave from different loopback addresses (127.0.0.x).
import { randomUUID } from 'node:crypto';
import { startHarness, type Harness } from '../server/harness';
import { postFrom, startMailCatcher, type MailCatcher } from './helpers';

let h: Harness;
let smtp: MailCatcher;
beforeAll(async () => {
  smtp = await startMailCatcher();
  h = await startHarness({
    SMTP_URL: smtp.url,
    AUTH_RATE_WINDOW: '3600',
    PASSWORD_RESET_MAX_PER_EMAIL: '3',
    PASSWORD_RESET_MAX_PER_IP: '5',
    VERIFY_EMAIL_MAX_PER_EMAIL: '2',
    VERIFY_EMAIL_MAX_PER_IP: '4',
    REGISTER_MAX_PER_EMAIL: '2',
    REGISTER_MAX_PER_IP: '4',
  });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const PASSWORD = 'correct horse battery';
const newEmail = () => `ml-${randomUUID().slice(0, 8)}@example.com`;
async function register(ip: string): Promise<{ email: string; accessToken: string }> {
  const email = newEmail();
  const response = await postFrom(h.server, ip, '/auth/register', { email, password: PASSWORD, displayName: 'M' });
  expect(response.status).toBe(201);
  // Registration mails the verification link (not counted by the verify_email limit): set it aside.
  const welcome = await smtp.waitFor(email);
  smtp.messages.splice(smtp.messages.indexOf(welcome), 1);
  return { email, accessToken: response.body.accessToken };
}
const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).length;
/** Waits until `count` mails reached `email`, then a little longer to catch any extra one. */
async function expectMails(email: string, count: number): Promise<void> {
  for (let i = 0; i < 100 && mailsTo(email) < count; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  expect(mailsTo(email)).toBe(count);
}
function expectLimited(response: { status: number; headers: Headers; body: any }, message: RegExp): number {
  expect(response.status).toBe(429);
  expect(response.body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'RATE_LIMITED' } }]);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(3500);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  return retryAfter;
}

test('password reset: a few mails per address, then the same 429 whether or not the address has an account', async () => {
  const user = await register('127.0.0.2');
  const ghost = newEmail();
  const reset = (ip: string, email: string) => postFrom(h.server, ip, '/auth/password-reset/request', { email });

  for (let i = 0; i < 3; i++) {
    expect((await reset('127.0.0.3', user.email)).status).toBe(202);
    expect((await reset('127.0.0.4', ghost)).status).toBe(202);
  }
  const known = await reset('127.0.0.3', user.email);
  const unknown = await reset('127.0.0.4', ghost);
  expectLimited(known, /^Too many password reset requests for this email address: try again in \d+ seconds$/);
  expectLimited(unknown, /^Too many password reset requests for this email address/);
  expect(unknown.body.errors[0].message.replace(/\d+/, 'N')).toBe(known.body.errors[0].message.replace(/\d+/, 'N'));

  // The limit is the address's, whichever IP asks.
  expectLimited(await reset('127.0.0.5', user.email.toUpperCase()), /for this email address/);
  await expectMails(user.email, 3);
  await expectMails(ghost, 0);

  // When the requests leave the window, the address may ask again.
  await h.db.pool.query(`update vitalis_private.auth_rate_events set occurred_at = occurred_at - interval '3601 seconds' where address = $1`, [user.email]);
  expect((await reset('127.0.0.5', user.email)).status).toBe(202);
  await expectMails(user.email, 4);
});

test('password reset: a few requests per IP, whatever the addresses', async () => {
  for (let i = 0; i < 5; i++) expect((await postFrom(h.server, '127.0.0.6', '/auth/password-reset/request', { email: newEmail() })).status).toBe(202);
  expectLimited(await postFrom(h.server, '127.0.0.6', '/auth/password-reset/request', { email: newEmail() }), /^Too many password reset requests from this IP address/);
  expect((await postFrom(h.server, '127.0.0.7', '/auth/password-reset/request', { email: newEmail() })).status).toBe(202);
});

test('a burst of concurrent reset requests for one address sends exactly the allowed mails', async () => {
  const user = await register('127.0.0.8');
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => postFrom(h.server, `127.0.0.${20 + (i % 4)}`, '/auth/password-reset/request', { email: user.email })));
  expect(results.filter((r) => r.status === 202)).toHaveLength(3);
  expect(results.filter((r) => r.status === 429)).toHaveLength(37);
  await expectMails(user.email, 3);
});

test('verification email: a few per address and per IP', async () => {
  const a = await register('127.0.0.9');
  const b = await register('127.0.0.10');
  const c = await register('127.0.0.11');
  const ask = (ip: string, token: string) => postFrom(h.server, ip, '/auth/verify-email/request', undefined, { token });

  for (let i = 0; i < 2; i++) expect((await ask('127.0.0.12', a.accessToken)).status).toBe(202);
  expectLimited(await ask('127.0.0.13', a.accessToken), /^Too many verification email requests for this email address/);
  await expectMails(a.email, 2);
  // The refused request left no token behind (the third is registration's).
  const { rows } = await h.db.pool.query(`select count(*)::int as n from vitalis_private.email_tokens where email = $1 and purpose = 'verify_email'`, [a.email]);
  expect(rows[0].n).toBe(3);

  for (let i = 0; i < 2; i++) expect((await ask('127.0.0.12', b.accessToken)).status).toBe(202);
  expectLimited(await ask('127.0.0.12', c.accessToken), /^Too many verification email requests from this IP address/);
  expect((await ask('127.0.0.14', c.accessToken)).status).toBe(202);
  await expectMails(c.email, 1);
});

test('registration: a few accounts per IP, and a few attempts per address', async () => {
  for (let i = 0; i < 4; i++) await register('127.0.0.15');
  const email = newEmail();
  const refused = await postFrom(h.server, '127.0.0.15', '/auth/register', { email, password: PASSWORD, displayName: 'M' });
  expectLimited(refused, /^Too many account registrations from this IP address/);
  const { rows } = await h.db.pool.query('select count(*)::int as n from vitalis.users where email = $1', [email]);
  expect(rows[0].n).toBe(0);

  // Probing one address (is it registered?) from several IPs stops after a couple of tries.
  const taken = await register('127.0.0.16');
  expect((await postFrom(h.server, '127.0.0.17', '/auth/register', { email: taken.email, password: PASSWORD, displayName: 'M' })).status).toBe(409);
  expectLimited(await postFrom(h.server, '127.0.0.18', '/auth/register', { email: taken.email, password: PASSWORD, displayName: 'M' }), /for this email address/);
});
