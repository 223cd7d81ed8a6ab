// The durable mail queue: vitalis_private.queue_mail (and its TypeScript twin queueMail) adds a
// mail__send job in the caller's transaction; the task renders it and sends it through a real SMTP
// server (smtp-server on 127.0.0.1). Household invitations queue their own mail.
import type { JobHelpers } from 'graphile-worker';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createMailer } from '../../src/mail/mailer';
import { queueMail } from '../../src/mail/queue';
import { MailTemplateError } from '../../src/mail/render';
import { templates } from '../../src/mail/templates';
import { mailSend } from '../../tasks/mail__send';
import { startMailCatcher, type MailCatcher } from '../auth/helpers';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let smtp: MailCatcher;
beforeAll(async () => {
  smtp = await startMailCatcher();
});
afterAll(async () => {
  await smtp?.close();
});

interface QueuedMail {
  id: string;
  payload: { template: string; to: string; params: Record<string, unknown> };
  max_attempts: number;
}

/** The mail__send jobs queued for an address, oldest first. */
async function queuedFor(pool: Pool, to: string): Promise<QueuedMail[]> {
  const { rows } = await pool.query(
    `select j.id::text, p.payload, j.max_attempts from graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id
      where j.task_identifier = 'mail__send' and p.payload->>'to' = $1 order by j.id`,
    [to],
  );
  return rows;
}

const logged: string[] = [];
const helpers = (id: string) =>
  ({ job: { id, attempts: 1, max_attempts: 5 }, logger: { info: (m: string) => logged.push(m), error: (m: string) => logged.push(m) } }) as unknown as JobHelpers;
const config = () => loadConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Vitalis <mail@vitalis.test>', PUBLIC_URL: 'https://app.vitalis.test' });
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '');
const address = (what: string) => `${what}-${randomUUID().slice(0, 8)}@example.com`;

test('queue_mail adds a mail__send job carrying template, recipient and params, sent once with five attempts', async () => {
  const to = address('queued');
  await db.pool.query(`select vitalis_private.queue_mail('deletion_completed', $1, $2)`, [to, { completedAt: '2027-01-05T06:00:00Z' }]);
  expect(await queuedFor(db.pool, to)).toEqual([
    { id: expect.any(String), payload: { template: 'deletion_completed', to, params: { completedAt: '2027-01-05T06:00:00Z' } }, max_attempts: 5 },
  ]);
});

test('a mail queued in a transaction that rolls back is never sent', async () => {
  const to = address('rolled-back');
  const user = await createUser(db.pool);
  await asRequest(db.pool, { userId: user }, (c) => c.query(`select vitalis_private.queue_mail('deletion_cancelled', $1, '{}')`, [to]), false);
  expect(await queuedFor(db.pool, to)).toEqual([]);
  await asRequest(db.pool, { userId: user }, (c) => c.query(`select vitalis_private.queue_mail('deletion_cancelled', $1, '{}')`, [to]), true);
  expect(await queuedFor(db.pool, to)).toHaveLength(1);
});

test('queue_mail refuses a blank recipient, an unknown template and params that are not an object, by name', async () => {
  const user = await createUser(db.pool);
  const refusal = (sql: string, params: unknown[]) => asRequest(db.pool, { userId: user }, (c) => pgError(c, () => c.query(sql, params)));
  for (const to of [null, '', '   ']) {
    const error = await refusal(`select vitalis_private.queue_mail('deletion_cancelled', $1, '{}')`, [to]);
    expect({ code: error?.code, message: error?.message, column: error?.column }).toEqual({ code: '22023', message: 'to: a mail needs a recipient', column: 'to' });
  }
  expect((await refusal(`select vitalis_private.queue_mail('deletion_cancelled', 'nobody', '{}')`, []))?.message).toBe(`to: 'nobody' is not an email address`);
  const unknown = await refusal(`select vitalis_private.queue_mail('welcome_back', 'a@example.com', '{}')`, []);
  expect({ code: unknown?.code, message: unknown?.message, column: unknown?.column }).toEqual({ code: '22023', message: `template: 'welcome_back' is not a mail template`, column: 'template' });
  expect((await refusal(`select vitalis_private.queue_mail('deletion_cancelled', 'a@example.com', '[]')`, []))?.column).toBe('params');
});

test('the SQL list of templates is the TypeScript list', async () => {
  const { rows } = await db.pool.query('select vitalis_private.mail_templates() as names');
  expect([...rows[0].names].sort()).toEqual(Object.keys(templates).sort());
});

test('an application role may queue mail but not call the graphile-worker bridge itself', async () => {
  const user = await createUser(db.pool);
  const bridge = await asRequest(db.pool, { userId: user }, (c) => pgError(c, () => c.query(`select vitalis_private.worker_add_job('mail__send', '{}', null, 1, 1)`)));
  expect(bridge?.code).toBe('42501');
});

test('queueMail checks params before queueing, in the caller’s transaction', async () => {
  const to = address('twin');
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    await queueMail(client, 'billing_payment_failed', to, { tier: 'pro' });
    await expect(queueMail(client, 'export_ready', to, { downloadUrl: 'ftp://x', expiresAt: 'soon', format: 'json', sizeBytes: 1 })).rejects.toThrow(
      new MailTemplateError('export_ready', 'downloadUrl', 'must be an absolute http(s) URL or a path starting with /'),
    );
    await client.query('commit');
  } finally {
    client.release();
  }
  expect((await queuedFor(db.pool, to)).map((m) => m.payload)).toEqual([{ template: 'billing_payment_failed', to, params: { tier: 'pro' } }]);
});

test('mail__send sends a queued mail through SMTP, with a text and an HTML part', async () => {
  const to = address('sent');
  await db.pool.query(`select vitalis_private.queue_mail('export_ready', $1, $2)`, [
    to,
    { downloadUrl: '/exports/e1/download', expiresAt: '2026-12-13T06:00:00Z', format: 'csv', sizeBytes: 2048 },
  ]);
  const [job] = await queuedFor(db.pool, to);
  await mailSend({ config: config() })(job!.payload, helpers(job!.id));
  const mail = await smtp.waitFor(to);
  expect(mail.from).toBe('mail@vitalis.test');
  expect(mail.raw).toContain('Subject: Your Vitalis data export is ready');
  expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/);
  expect(mail.raw).toMatch(/Content-Type: text\/plain/);
  expect(mail.raw).toMatch(/Content-Type: text\/html/);
  expect(unfold(mail.raw)).toContain('Download it: https://app.vitalis.test/exports/e1/download');
  expect(unfold(mail.raw)).toContain('(CSV, 2.0 kB)');
});

test('mail__send drops a mail it cannot render (no retry), but throws when SMTP fails so the queue retries', async () => {
  const to = address('dropped');
  const task = mailSend({ config: config() });
  await expect(task({ template: 'export_ready', to, params: { format: 'xml' } }, helpers('41'))).resolves.toBeUndefined();
  await expect(task({ template: 'welcome_back', to, params: {} }, helpers('42'))).resolves.toBeUndefined();
  await expect(task({ template: 'deletion_cancelled', to: 'not an address' }, helpers('43'))).resolves.toBeUndefined();
  expect(logged).toEqual(
    expect.arrayContaining([
      'mail__send: dropped job 41: mail template export_ready: params.downloadUrl: Invalid input: expected string, received undefined',
      'mail__send: dropped job 42: mail template "welcome_back": is not a mail template',
      'mail__send: dropped job 43: payload.to: must be an email address',
    ]),
  );
  expect(smtp.messages.filter((m) => m.to.includes(to))).toEqual([]);

  // Nothing listens on the SMTP port of a closed server.
  const down = await startMailCatcher();
  await down.close();
  const unreachable = mailSend({ config: config() }, createMailer({ ...config(), SMTP_URL: down.url }));
  await expect(unreachable({ template: 'deletion_cancelled', to, params: {} }, helpers('44'))).rejects.toThrow();
});

describe('household invitations', () => {
  test('inviting queues a household_invite mail to the invitee with the token link; the token is still returned', async () => {
    const owner = await createUser(db.pool, { tier: 'family' });
    await db.pool.query(`update vitalis.users set display_name = 'Ada <Lovelace>' where user_id = $1`, [owner]);
    const invitee = address('Invitee');
    const { token } = await asRequest(db.pool, { userId: owner }, async (c) => (await c.query('select * from vitalis.invite_household_member($1)', [invitee])).rows[0], true);
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    const [job, ...more] = await queuedFor(db.pool, invitee.toLowerCase());
    expect(more).toEqual([]);
    expect(job!.payload).toEqual({
      template: 'household_invite',
      to: invitee.toLowerCase(),
      params: { inviterName: 'Ada <Lovelace>', token, expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
    });

    await mailSend({ config: config() })(job!.payload, helpers(job!.id));
    const mail = unfold((await smtp.waitFor(invitee.toLowerCase())).raw);
    expect(mail).toContain(`https://app.vitalis.test/household/accept?token=3D${token}`);
    expect(mail).toContain('Ada &lt;Lovelace&gt;');
  });

  test('a refused invitation queues no mail', async () => {
    const free = await createUser(db.pool, { tier: 'free' });
    const invitee = address('refused');
    const error = await asRequest(db.pool, { userId: free }, (c) => pgError(c, () => c.query('select * from vitalis.invite_household_member($1)', [invitee])));
    expect(error?.code).toBe('23514');
    expect(await queuedFor(db.pool, invitee)).toEqual([]);
  });
});
