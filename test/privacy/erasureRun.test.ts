// The erasure run (tasks deletions__process, deletions__erase, storage__purge_user) against real
// components: this file's PostgreSQL, an S3 server (s3rver), the fake providers and the fake
// Stripe API. After it, nothing anywhere names the user (every table, partitions and JSON
// included, searched for their id and email), their bucket prefixes are empty, the providers and
// Stripe were told, and the audit log keeps the events without the person. Household accounts
// keep going without the erased member. A run killed with SIGKILL after any step is completed by
// the next one.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { JobHelpers } from 'graphile-worker';
import { loadConfig, type Config } from '../../src/config';
import { inRequestTransaction } from '../../src/db/requestContext';
import { createLogger } from '../../src/http/logger';
import { renderMail } from '../../src/mail/render';
import type { TaskContext } from '../../src/jobs/context';
import { saveConnection } from '../../src/providers/engine/connections';
import { parseTokenKeys } from '../../src/providers/engine/tokenCrypto';
import { purgeUserObjects } from '../../src/privacy/erasure/purgeObjects';
import { PROVIDERS } from '../../src/providers/types';
import { putObjectBytes } from '../../src/storage/objects';
import { openStorage, type Storage } from '../../src/storage/s3';
import { USER_OBJECT_AREAS, userPrefixes } from '../../src/storage/userPrefixes';
import { deletionsErase } from '../../tasks/deletions__erase';
import { deletionsProcess } from '../../tasks/deletions__process';
import { storagePurgeUser } from '../../tasks/storage__purge_user';
import { fitbitRevokeFake } from '../fakeProviders/fitbit';
import { garminRevokeFake } from '../fakeProviders/garmin';
import { ouraRevokeFake } from '../fakeProviders/oura';
import { fakeProviderEnv, startFakeProviders, type FakeProviders } from '../fakeProviders/server';
import { FAKE_STRIPE_KEY, startFakeStripe, type FakeStripe } from '../fakeProviders/stripe';
import { whoopRevokeFake } from '../fakeProviders/whoop';
import { hasUserId, seedEveryUserTable, tablesMentioning as mentioning, vitalisTables } from '../helpers/catalog';
import { createUser, useTestDatabase } from '../helpers/db';

const ROOT = path.resolve(__dirname, '..', '..');
const TOKEN_KEYS = `test1:${Buffer.alloc(32, 3).toString('base64')}`;
const children: ChildProcess[] = [];
const db = useTestDatabase({
  ignoreIdleClientErrors: true,
  beforeDrop: () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  },
});

let dir: string;
let storage: Storage;
let providers: FakeProviders;
let stripe: FakeStripe;
let config: Config;
let ctx: TaskContext;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-erasure-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-erasure' }), { directory: path.join(dir, 's3') });
  providers = await startFakeProviders();
  providers.setAppHandler('fitbit', fitbitRevokeFake);
  providers.setAppHandler('oura', ouraRevokeFake);
  providers.setAppHandler('whoop', whoopRevokeFake);
  providers.setAppHandler('garmin', garminRevokeFake);
  stripe = await startFakeStripe();
  config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    TOKEN_ENCRYPTION_KEYS: TOKEN_KEYS,
    S3_ENDPOINT: storage.endpoint,
    S3_BUCKET: storage.bucket,
    ...fakeProviderEnv(providers.origin),
    ...stripe.env(),
  });
  ctx = { pool: db.pool, config, storage, logger: createLogger(config) };
});
afterAll(async () => {
  await storage?.close();
  await providers?.close();
  await stripe?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const helpers = { logger: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } } as unknown as JobHelpers;

/** A user with a row in every user-data table, provider connections with tokens, a Stripe customer and objects under every prefix. */
async function fullUser(opts: { email?: string } = {}): Promise<{ userId: string; email: string; customerId: string }> {
  const email = opts.email ?? `erase-${randomUUID().slice(0, 8)}@example.com`;
  const userId = await createUser(db.pool, { email });
  const tables = (await vitalisTables(db.pool)).filter((t) => hasUserId(t) && !['users', 'audit_log', 'deletion_requests'].includes(t.name));
  await seedEveryUserTable(db.pool, tables, userId);
  const keyring = parseTokenKeys(TOKEN_KEYS);
  await inRequestTransaction(db.pool, { role: 'vitalis_api', userId }, async (client) => {
    for (const source of PROVIDERS) await saveConnection(client, userId, source, { accessToken: `at-${source}-${userId}`, refreshToken: `rt-${source}`, expiresAt: new Date(Date.now() + 3_600_000) }, keyring);
  });
  const customer = await fetch(`${stripe.origin}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${FAKE_STRIPE_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, 'metadata[user_id]': userId }).toString(),
  }).then((r) => r.json() as Promise<{ id: string }>);
  await db.pool.query('update vitalis.accounts set stripe_customer_id = $2 where account_id = (select account_id from vitalis.users where user_id = $1)', [userId, customer.id]);
  for (const prefix of userPrefixes(userId)) {
    await putObjectBytes(storage, `${prefix}${randomUUID()}/file.bin`, Buffer.from('data'), 'application/octet-stream');
    await putObjectBytes(storage, `${prefix}other.bin`, Buffer.from('more'), 'application/octet-stream');
  }
  return { userId, email, customerId: customer.id };
}

/** What signing in leaves in vitalis_private: a password, a session, a cancel link, an OAuth state, failed logins and mail limits under the address. */
async function signInTraces(userId: string, email: string): Promise<void> {
  await db.pool.query(`insert into vitalis_private.user_passwords (user_id, password_hash) values ($1, 'bcrypt-hash')`, [userId]);
  await db.pool.query(`select * from vitalis_private.auth_issue_session($1, 3600)`, [userId]);
  await db.pool.query(`insert into vitalis_private.login_known_sources (user_id, ip_bucket) values ($1, '127.0.0.1')`, [userId]);
  await db.pool.query(`insert into vitalis_private.login_attempts (email, ip_address) values ($1, '127.0.0.2')`, [email]);
  await db.pool.query(`insert into vitalis_private.auth_rate_events (action, address, ip_bucket) values ('password_reset', $1, '127.0.0.2')`, [email]);
  await db.pool.query(`insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at) values ($1, $2, 'cancel_deletion', $3, now() + interval '1 day')`, [randomBytes(32), userId, email]);
  await db.pool.query(`insert into vitalis_private.provider_oauth_states (state_hash, user_id, source, redirect_uri) values ($1, $2, 'oura', 'https://app.example/cb')`, [randomBytes(32), userId]);
}

/** A request whose grace period has ended (as requestAccountDeletion would have made it, 30 days ago). */
async function dueRequest(userId: string): Promise<string> {
  const { rows } = await db.pool.query(
    `insert into vitalis.deletion_requests (user_id, requested_at, grace_period_ends_at) values ($1, now() - interval '31 days', now() - interval '1 day') returning request_id`,
    [userId],
  );
  return rows[0].request_id;
}

async function objectsUnder(userId: string): Promise<number> {
  let n = 0;
  for (const prefix of userPrefixes(userId)) {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix }));
    n += page.KeyCount ?? 0;
  }
  return n;
}

const tablesMentioning = (text: string) => mentioning(db.pool, text);

const jobs = async (task: string) =>
  (await db.pool.query<{ key: string | null; payload: Record<string, unknown> }>(`select j.key, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1 order by j.id`, [task])).rows;

/** Runs the queued storage purges (graphile-worker would) and forgets them. */
async function runQueuedPurges(): Promise<void> {
  for (const job of await jobs('storage__purge_user')) await storagePurgeUser(ctx)(job.payload, helpers);
  await db.pool.query(`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'storage__purge_user')`);
}

test('a due request is erased end to end: rows, objects, provider grants, Stripe customer; the audit keeps events without the person', async () => {
  const { userId, email, customerId } = await fullUser();
  const bystander = await fullUser();
  await signInTraces(userId, email);
  await signInTraces(bystander.userId, bystander.email);
  const requestId = await dueRequest(userId);
  const notDue = await db.pool.query(`insert into vitalis.deletion_requests (user_id) values ($1) returning request_id`, [bystander.userId]);
  expect(await objectsUnder(userId)).toBe(2 * USER_OBJECT_AREAS.length);

  await deletionsProcess(ctx)({}, helpers);
  const queued = await jobs('deletions__erase');
  expect(queued.map((j) => j.key)).toEqual([`erase:${requestId}`]);
  await deletionsProcess(ctx)({}, helpers);
  expect(await jobs('deletions__erase')).toHaveLength(1);

  await deletionsErase(ctx)(queued[0]!.payload, helpers);
  await runQueuedPurges();

  expect(await tablesMentioning(userId)).toEqual({});
  expect(await tablesMentioning(email)).toEqual({});
  expect(await objectsUnder(userId)).toBe(0);
  expect(await objectsUnder(bystander.userId)).toBe(2 * USER_OBJECT_AREAS.length);
  expect(Object.keys(await tablesMentioning(bystander.email))).toEqual(expect.arrayContaining(['vitalis_private.login_attempts', 'vitalis_private.auth_rate_events', 'vitalis.users']));
  // Revoked where the provider offers it (Withings has no revocation endpoint: counted as such).
  const revocations = providers.requests.filter((r) => /\/(oauth2\/revoke|oauth\/revoke|v2\/user\/access|user\/registration)$/.test(r.path.split('?')[0]!));
  expect(revocations.map((r) => `${r.provider} ${r.method}`).sort()).toEqual(['fitbit POST', 'garmin DELETE', 'oura GET', 'whoop DELETE']);
  expect(revocations.find((r) => r.provider === 'whoop')!.headers.authorization).toBe(`Bearer at-whoop-${userId}`);
  expect(stripe.calls('DELETE', `/v1/customers/${customerId}`)).toHaveLength(1);
  expect(stripe.customers.get(bystander.customerId)!.deleted).toBeUndefined();

  const request = (await db.pool.query(`select user_id, status, completed_at, tables_deleted, rows_deleted, external_steps from vitalis.deletion_requests where request_id = $1`, [requestId])).rows[0];
  expect(request).toMatchObject({ user_id: null, status: 'completed', completed_at: expect.any(Date) });
  expect(request.rows_deleted.wearable_daily).toBe(1);
  expect(Object.keys(request.rows_deleted).sort()).toEqual(request.tables_deleted);
  expect(request.external_steps).toEqual({ objectsDeleted: 2 * USER_OBJECT_AREAS.length, providers: { revoked: 4, failed: 0, unsupported: 1 }, stripeCustomer: 'deleted' });
  // The bystander's request still runs its grace period.
  expect((await db.pool.query(`select status from vitalis.deletion_requests where request_id = $1`, [notDue.rows[0].request_id])).rows[0].status).toBe('pending');
  // The events are kept, detached from the person.
  const audit = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where user_id is null and action in ('DELETE', 'LOGOUT', 'UPDATE')`);
  expect(audit.rows[0].n).toBeGreaterThan(30);
  // The goodbye mail goes to the address read before the rows went.
  const goodbye = (await jobs('mail__send')).filter((j) => j.payload.template === 'deletion_completed');
  expect(goodbye.map((j) => j.payload.to)).toEqual([email]);
  expect(renderMail('deletion_completed', goodbye[0]!.payload.params as { completedAt?: string }, config).text).toMatch(/were deleted on/);
  // Running the job again finds the request done.
  await deletionsErase(ctx)(queued[0]!.payload, helpers);
  expect(stripe.calls('DELETE', `/v1/customers/${customerId}`)).toHaveLength(1);
});

test('a provider that fails does not stop the erasure: it is counted, and the tokens go anyway', async () => {
  const { userId } = await fullUser();
  const requestId = await dueRequest(userId);
  providers.setAppHandler('whoop', () => ({ status: 503, body: { error: 'unavailable' } }));
  try {
    await deletionsErase(ctx)({ requestId }, helpers);
  } finally {
    providers.setAppHandler('whoop', whoopRevokeFake);
  }
  const request = (await db.pool.query(`select status, external_steps from vitalis.deletion_requests where request_id = $1`, [requestId])).rows[0];
  expect(request.status).toBe('completed');
  expect(request.external_steps.providers).toEqual({ revoked: 3, failed: 1, unsupported: 1 });
  expect(await tablesMentioning(userId)).toEqual({});
});

test('a request still in its grace period, or canceled, is not erased', async () => {
  const { userId } = await fullUser();
  const pending = (await db.pool.query(`insert into vitalis.deletion_requests (user_id) values ($1) returning request_id`, [userId])).rows[0].request_id;
  await deletionsErase(ctx)({ requestId: pending }, helpers);
  await db.pool.query(`update vitalis.deletion_requests set status = 'canceled' where request_id = $1`, [pending]);
  const canceled = await dueRequest(userId);
  await db.pool.query(`update vitalis.deletion_requests set status = 'canceled' where request_id = $1`, [canceled]);
  await deletionsErase(ctx)({ requestId: canceled }, helpers);
  expect((await db.pool.query('select count(*)::int as n from vitalis.users where user_id = $1', [userId])).rows[0].n).toBe(1);
  await expect(deletionsErase(ctx)({ requestId: 'not-a-uuid' }, helpers)).rejects.toThrow(/requestId/);
});

test('the storage purge deletes only under the user\'s prefixes, and a second run finds nothing', async () => {
  const userId = randomUUID();
  const neighbour = `${userId.slice(0, 35)}${userId.endsWith('0') ? '1' : '0'}`;
  for (let i = 0; i < 5; i++) await putObjectBytes(storage, `photos/${userId}/${i}.jpg`, Buffer.from('x'), 'image/jpeg');
  await putObjectBytes(storage, `exports/${userId}/archive.zip`, Buffer.from('x'), 'application/zip');
  await putObjectBytes(storage, `photos/${neighbour}/0.jpg`, Buffer.from('x'), 'image/jpeg');
  expect(await purgeUserObjects(storage, userId)).toBe(6);
  expect(await objectsUnder(userId)).toBe(0);
  expect(await objectsUnder(neighbour)).toBe(1);
  expect(await purgeUserObjects(storage, userId)).toBe(0);
});

describe('households', () => {
  /** A family account: the owner, then two members (in joining order), the owner sharing with both and a member sharing with the owner. */
  async function family() {
    const owner = await fullUser();
    const account = (await db.pool.query(`select account_id from vitalis.users where user_id = $1`, [owner.userId])).rows[0].account_id;
    await db.pool.query(`update vitalis.accounts set subscription_tier = 'family', max_users = 4 where account_id = $1`, [account]);
    const members: string[] = [];
    const emails: string[] = [];
    for (const n of [1, 2]) {
      const email = `member${n}-${randomUUID().slice(0, 8)}@example.com`;
      const { rows } = await db.pool.query(
        `insert into vitalis.users (account_id, email, display_name, created_at) values ($1, $2, 'Member', now() + make_interval(secs => $3)) returning user_id`,
        [account, email, n],
      );
      members.push(rows[0].user_id);
      emails.push(email);
      await db.pool.query(`insert into vitalis.household_invites (user_id, account_id, email, token_hash, accepted_at, accepted_by) values ($1, $2, $3, $4, now(), $5)`, [
        owner.userId,
        account,
        email,
        randomBytes(32),
        rows[0].user_id,
      ]);
      await db.pool.query(`insert into vitalis.profile_shares (user_id, viewer_user_id) values ($1, $2), ($2, $1)`, [owner.userId, rows[0].user_id]);
    }
    return { owner, account, members, emails };
  }
  const accountRow = async (account: string) => (await db.pool.query(`select owner_user_id, subscription_tier, max_users, subscription_status, stripe_customer_id from vitalis.accounts where account_id = $1`, [account])).rows[0];

  test('an erased owner passes the account to the longest-standing member; the tier stays, the Stripe customer (theirs) goes', async () => {
    const { owner, account, members } = await family();
    const requestId = await dueRequest(owner.userId);
    await deletionsErase(ctx)({ requestId }, helpers);
    await runQueuedPurges();
    expect(await accountRow(account)).toEqual({ owner_user_id: members[0], subscription_tier: 'family', max_users: 4, subscription_status: 'canceled', stripe_customer_id: null });
    expect(stripe.calls('DELETE', `/v1/customers/${owner.customerId}`)).toHaveLength(1);
    // The members keep their rows; shares to and from the owner no longer name them.
    expect((await db.pool.query(`select count(*)::int as n from vitalis.users where account_id = $1`, [account])).rows[0].n).toBe(2);
    expect(await tablesMentioning(owner.userId)).toEqual({});
    expect(await tablesMentioning(owner.email)).toEqual({});
    const shares = await db.pool.query(`select user_id, viewer_user_id from vitalis.profile_shares where user_id = any($1) order by user_id`, [members]);
    expect(shares.rows.every((s) => s.viewer_user_id === null)).toBe(true);
  });

  test('an erased member leaves the account and its owner as they were; invitations to their address go', async () => {
    const { owner, account, members, emails } = await family();
    const requestId = await dueRequest(members[1]!);
    await deletionsErase(ctx)({ requestId }, helpers);
    await runQueuedPurges();
    expect(await accountRow(account)).toEqual({ owner_user_id: owner.userId, subscription_tier: 'family', max_users: 4, subscription_status: 'active', stripe_customer_id: owner.customerId });
    expect(stripe.calls('DELETE', `/v1/customers/${owner.customerId}`)).toHaveLength(0);
    expect(await tablesMentioning(members[1]!)).toEqual({});
    expect(await tablesMentioning(emails[1]!)).toEqual({});
    // The other member's invitation and the owner's rows are untouched.
    expect((await db.pool.query(`select count(*)::int as n from vitalis.household_invites where email = $1`, [emails[0]])).rows[0].n).toBe(1);
    expect((await db.pool.query(`select count(*)::int as n from vitalis.wearable_daily where user_id = $1`, [owner.userId])).rows[0].n).toBe(1);
  });
});

describe('a run killed with SIGKILL', () => {
  /** Runs the erasure in a child process that stops itself after `step` and is then killed. */
  async function killAfter(requestId: string, step: string): Promise<void> {
    const script = `
      const { loadConfig } = require('./src/config');
      const { openStorage } = require('./src/storage/s3');
      const { createLogger } = require('./src/http/logger');
      const { runErasure } = require('./src/privacy/erasure/run');
      const { Pool } = require('pg');
      (async () => {
        const config = loadConfig(process.env);
        const storage = await openStorage(config);
        const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
        setInterval(() => {}, 1000);
        await runErasure({ pool, config, storage, logger: createLogger(config), afterStep: async (done) => {
          if (done === process.env.STOP_AFTER) { process.stdout.write('stopped after ' + done + '\\n'); await new Promise(() => {}); }
        } }, process.env.REQUEST_ID);
        process.stdout.write('finished\\n');
      })().catch((e) => { process.stdout.write('failed ' + e.message + '\\n'); });`;
    const output: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, ...stringEnv(config), DATABASE_URL: db.url, REQUEST_ID: requestId, STOP_AFTER: step, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    const deadline = Date.now() + 45_000;
    while (!output.join('').includes(`stopped after ${step}`)) {
      if (Date.now() > deadline || child.exitCode !== null || /failed|finished/.test(output.join(''))) throw new Error(`the child did not stop after ${step}: ${output.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  const stringEnv = (c: Config) => Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));

  test.each(['begin', 'purge', 'revoke', 'stripe'])('after %s, the next run (queued by deletions__process) completes it', async (step) => {
    const { userId, email, customerId } = await fullUser();
    const requestId = await dueRequest(userId);
    await killAfter(requestId, step);
    expect((await db.pool.query(`select status from vitalis.deletion_requests where request_id = $1`, [requestId])).rows[0].status).toBe('processing');

    await db.pool.query(`delete from graphile_worker._private_jobs`);
    await deletionsProcess(ctx)({}, helpers);
    const again = (await jobs('deletions__erase')).find((j) => j.key === `erase:${requestId}`);
    expect(again).toBeDefined();
    await deletionsErase(ctx)(again!.payload, helpers);
    await runQueuedPurges();

    expect((await db.pool.query(`select status from vitalis.deletion_requests where request_id = $1`, [requestId])).rows[0].status).toBe('completed');
    expect(await tablesMentioning(userId)).toEqual({});
    expect(await tablesMentioning(email)).toEqual({});
    expect(await objectsUnder(userId)).toBe(0);
    expect(stripe.customers.get(customerId)!.deleted).toBe(true);
  });
});
