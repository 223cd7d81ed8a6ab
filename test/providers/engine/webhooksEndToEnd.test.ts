import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { syncOptionsFromPayload } from '../../../src/providers/engine/jobPayload';
import { syncDevice } from '../../../src/providers/engine/sync';
import { ouraSignature } from '../../../src/providers/oura/webhook';
import { adapters } from '../../../src/providers/registry';
import type { ProviderName } from '../../../src/providers/types';
import { whoopSignature } from '../../../src/providers/whoop/webhook';
import { FAKE_TOKEN_USER_IDS, fakeClientSecret, fakeWebhookSecret } from '../../fakeProviders/server';
import { createUser } from '../../helpers/db';
import { connectThroughBrowser, startEngineEnv, type EngineEnv } from './setup';

// Each provider's webhooks through the real router, the fake provider APIs and the test
// database: a notification with a bad signature or token is 401 and queues nothing; a good one
// queues a webhook_sync ingestion job for the connection its provider user id names, and running
// syncDevice on that job's payload (as the worker task does) writes the rows it concerns.
// One connected user per provider: the fakes name the same provider user for every connect.

let env: EngineEnv;
const users: Partial<Record<ProviderName, string>> = {};
// The router's clock: a recorded notification is replayed as if it had just been sent.
let receivedAt: Date | undefined;
beforeAll(async () => {
  env = await startEngineEnv({}, adapters, () => receivedAt ?? new Date());
  for (const provider of ['oura', 'whoop', 'fitbit', 'withings', 'garmin'] as const) {
    users[provider] = await createUser(env.db.pool);
    const connected = await connectThroughBrowser(env, users[provider], provider);
    if (connected.status !== 200) throw new Error(`${provider} connect failed: ${JSON.stringify(connected.body)}`);
  }
});
afterAll(() => env.close());

interface Job {
  job_id: string;
  user_id: string;
  source: string;
  payload: Record<string, unknown>;
}
const webhookJobs = async () => (await env.db.pool.query<Job>("select job_id, user_id, source::text, payload from vitalis.ingestion_jobs where job_type = 'webhook_sync'")).rows;

const hook = (provider: ProviderName, query = '') => `${env.origin}/providers/${provider}/webhook${query}`;

/** Sends a notification that must be refused: 401, and no job queued. */
async function expectRefused(send: () => Promise<Response>): Promise<void> {
  const before = (await webhookJobs()).length;
  expect((await send()).status).toBe(401);
  expect(await webhookJobs()).toHaveLength(before);
}

/** Sends a good notification: 200 naming one queued job, which is the provider user's webhook_sync job; returns it. */
async function expectQueued(provider: ProviderName, send: () => Promise<Response>): Promise<Job> {
  const before = new Set((await webhookJobs()).map((j) => j.job_id));
  const res = await send();
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ received: 1, queued: 1 });
  const added = (await webhookJobs()).filter((j) => !before.has(j.job_id));
  expect(added).toEqual([expect.objectContaining({ user_id: users[provider], source: provider, payload: expect.objectContaining({ mode: 'webhook', device_id: expect.any(String) }) })]);
  return added[0]!;
}

/** What the worker does with the job. */
const runJob = (job: Job) => syncDevice(env.db.pool, { ...syncOptionsFromPayload('webhook_sync', job.payload), config: env.config, http: { backoffMs: 1, maxRetries: 0 } });

const days = async (table: 'wearable_daily' | 'wearable_sleep' | 'wearable_activities', column: string, userId: string) =>
  (await env.db.pool.query<{ day: string }>(`select ${column}::text as day from vitalis.${table} where user_id = $1 order by 1`, [userId])).rows.map((r) => r.day);

describe('Oura', () => {
  test('signed event (user_id from personal_info) -> job -> that window re-fetched', async () => {
    const body = JSON.stringify({ event_type: 'update', data_type: 'daily_activity', object_id: 'x', event_time: '2024-10-26T10:00:00+00:00', user_id: 'oura-user-1' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const post = (secret: string) => () =>
      fetch(hook('oura'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-oura-timestamp': timestamp, 'x-oura-signature': ouraSignature(secret, timestamp, body) }, body });
    await expectRefused(post('wrong-secret'));
    const job = await expectQueued('oura', post(fakeClientSecret('oura')));
    expect(job.payload.window).toEqual({ start: '2024-10-24T10:00:00.000Z', end: '2024-10-27T10:00:00.000Z' });
    expect(await runJob(job)).toMatchObject({ mode: 'webhook', status: 'success' });
    expect(await days('wearable_daily', 'date', users.oura!)).toEqual(expect.arrayContaining(['2024-10-26']));
  });
});

describe('WHOOP', () => {
  test('signed event (user_id from profile/basic) -> job -> two days before the delivery re-fetched', async () => {
    const body = JSON.stringify({ user_id: 10129, id: '5a1e0c2e-0003-4c6a-9d1e-000000000003', type: 'sleep.updated', trace_id: 'trace-1' });
    const timestamp = String(Date.parse('2024-11-03T14:00:00Z'));
    receivedAt = new Date(Date.parse('2024-11-03T14:00:02Z'));
    const post = (secret: string) => () =>
      fetch(hook('whoop'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-whoop-signature-timestamp': timestamp, 'x-whoop-signature': whoopSignature(secret, timestamp, body) }, body });
    await expectRefused(post('wrong-secret'));
    const job = await expectQueued('whoop', post(fakeClientSecret('whoop')));
    receivedAt = undefined;
    expect(job.payload.window).toEqual({ start: '2024-11-01T14:00:00.000Z', end: '2024-11-03T15:00:00.000Z' });
    const summary = await runJob(job);
    expect(summary).toMatchObject({ mode: 'webhook', status: 'success' });
    expect(summary.sleep.inserted).toBeGreaterThan(0);
    expect(await days('wearable_sleep', 'sleep_date', users.whoop!)).toContain('2024-11-03');
  });
});

describe('deletions at the provider', () => {
  test('a workout deleted at WHOOP is deleted here too (signed event -> job -> row gone, audited)', async () => {
    const userId = users.whoop!;
    const { rows } = await env.db.pool.query<{ source_activity_id: string; activity_id: string }>(
      `select source_activity_id, activity_id from vitalis.wearable_activities where user_id = $1 and source = 'whoop' order by start_time limit 1`,
      [userId],
    );
    expect(rows).toHaveLength(1); // written by the WHOOP sync above
    const [workout] = rows;
    const timestamp = String(Date.now());
    const body = JSON.stringify({ user_id: 10129, id: workout!.source_activity_id, type: 'workout.deleted', trace_id: 'trace-2' });
    const job = await expectQueued('whoop', () =>
      fetch(hook('whoop'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-whoop-signature-timestamp': timestamp, 'x-whoop-signature': whoopSignature(fakeClientSecret('whoop'), timestamp, body) }, body }),
    );
    expect(job.payload.deleted_activity_ids).toEqual([workout!.source_activity_id]);
    expect(await runJob(job)).toMatchObject({ status: 'success', deletedActivities: 1, windows: [] });
    expect((await env.db.pool.query('select 1 from vitalis.wearable_activities where activity_id = $1', [workout!.activity_id])).rowCount).toBe(0);
    const audit = await env.db.pool.query(`select action, action_by from vitalis.audit_log where table_name = 'wearable_activities' and record_id = $1 and action = 'DELETE'`, [workout!.activity_id]);
    expect(audit.rows).toEqual([{ action: 'DELETE', action_by: userId }]);
    // The same notification again deletes nothing more.
    expect((await runJob(job)).deletedActivities).toBe(0);
  });
});

describe('Fitbit', () => {
  test('subscriber verification: 204 for our code, 404 otherwise', async () => {
    expect((await fetch(hook('fitbit', `?verify=${fakeWebhookSecret('fitbit')}`))).status).toBe(204);
    expect((await fetch(hook('fitbit', '?verify=wrong'))).status).toBe(404);
  });

  test('signed notification (ownerId from the token answer) -> job -> that day fetched', async () => {
    const body = JSON.stringify([{ collectionType: 'sleep', date: '2024-03-10', ownerId: FAKE_TOKEN_USER_IDS.fitbit, ownerType: 'user', subscriptionId: '1' }]);
    const sign = (secret: string) => createHmac('sha1', `${secret}&`).update(body).digest('base64');
    const post = (secret: string) => () => fetch(hook('fitbit'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-fitbit-signature': sign(secret) }, body });
    await expectRefused(post('wrong-secret'));
    const job = await expectQueued('fitbit', post(fakeClientSecret('fitbit')));
    expect(job.payload.window).toEqual({ start: '2024-03-10T00:00:00.000Z', end: '2024-03-11T00:00:00.000Z' });
    expect(await runJob(job)).toMatchObject({ status: 'success', sleep: { inserted: 1 }, daily: { inserted: 1 } });
    expect(await days('wearable_sleep', 'sleep_date', users.fitbit!)).toEqual(['2024-03-10']);
    expect(await days('wearable_daily', 'date', users.fitbit!)).toEqual(['2024-03-10']);
  });
});

describe('Withings', () => {
  test('HEAD on the callback URL (Withings checks it when subscribing) is 200', async () => {
    expect((await fetch(hook('withings'), { method: 'HEAD' })).status).toBe(200);
  });

  test('form notification with our token in the query -> job -> the measurements in its time range fetched', async () => {
    const body = new URLSearchParams({ userid: FAKE_TOKEN_USER_IDS.withings!, appli: '1', startdate: '1710050700', enddate: '1710054000' }).toString();
    const post = (token: string) => () => fetch(hook('withings', `?token=${token}`), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    await expectRefused(post('wrong-token'));
    await expectRefused(() => fetch(hook('withings'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
    const job = await expectQueued('withings', post(fakeWebhookSecret('withings')));
    expect(job.payload.window).toEqual({ start: '2024-03-10T06:05:00.000Z', end: '2024-03-10T07:00:01.000Z' });
    const summary = await runJob(job);
    expect(summary.status).toBe('success');
    const { rows } = await env.db.pool.query<{ measured_at: Date }>('select distinct measured_at from vitalis.measurements where user_id = $1 order by 1', [users.withings]);
    expect(rows.map((r) => r.measured_at.getTime() / 1000)).toEqual([1710050700, 1710054000]);
  });
});

describe('Garmin', () => {
  const fixture = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'providers', 'garmin', 'dailies.json'), 'utf8')) as Record<string, unknown>[];
  const post = (token: string | undefined, payload: unknown) => () =>
    fetch(hook('garmin', token === undefined ? '' : `?token=${token}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const steps = async (day: string) => (await env.db.pool.query<{ steps: number }>('select steps from vitalis.wearable_daily where user_id = $1 and date = $2', [users.garmin, day])).rows;

  test('push: the summaries ride in the job payload and are written as sent (user id from GET /user/id)', async () => {
    const pushed = { dailies: [fixture.find((d) => d.calendarDate === '2024-03-10')] };
    await expectRefused(post('wrong-token', pushed));
    await expectRefused(post(undefined, pushed));
    const job = await expectQueued('garmin', post(fakeWebhookSecret('garmin'), pushed));
    expect(job.payload.window).toBeUndefined();
    expect(job.payload.batch).toMatchObject({ daily: [{ date: '2024-03-10', source: 'garmin', steps: 11234 }] });
    const before = env.fake.requests.filter((r) => r.provider === 'garmin' && r.path !== '/token').length;
    expect(await runJob(job)).toMatchObject({ status: 'success', daily: { inserted: 1 } });
    expect(env.fake.requests.filter((r) => r.provider === 'garmin' && r.path !== '/token')).toHaveLength(before);
    expect(await steps('2024-03-10')).toEqual([{ steps: 11234 }]);
  });

  test('push of an HRV summary: merged into the day the dailies push stored (steps kept), and the night gets its HRV', async () => {
    // Runs after the dailies push above, which stored 2024-03-10 with its steps.
    const hrv = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'providers', 'garmin', 'hrv.json'), 'utf8')) as unknown[];
    await expectRefused(post('wrong-token', { hrv }));
    const job = await expectQueued('garmin', post(fakeWebhookSecret('garmin'), { hrv }));
    expect(job.payload.batch).toMatchObject({ daily: [{ date: '2024-03-10', hrv_rmssd_ms: 48 }], sleep: [{ sleep_date: '2024-03-10', avg_hrv_ms: 48 }] });
    expect(await runJob(job)).toMatchObject({ status: 'success', daily: { inserted: 0, updated: 1 }, sleep: { inserted: 1 } });
    const { rows } = await env.db.pool.query('select steps, hrv_rmssd_ms::float8 as hrv from vitalis.wearable_daily where user_id = $1 and date = $2', [users.garmin, '2024-03-10']);
    expect(rows).toEqual([{ steps: 11234, hrv: 48 }]);
  });

  test('ping: the upload window is pulled', async () => {
    // 2024-03-11's daily summary ends (is uploaded) at 1710198000.
    const ping = { dailies: [{ userId: 'garmin-user-1', userAccessToken: 'uat-1', uploadStartTimeInSeconds: 1710197000, uploadEndTimeInSeconds: 1710199000, callbackURL: 'https://apis.garmin.com/wellness-api/rest/dailies?uploadStartTimeInSeconds=1710197000&uploadEndTimeInSeconds=1710199000' }] };
    await expectRefused(post('wrong-token', ping));
    const job = await expectQueued('garmin', post(fakeWebhookSecret('garmin'), ping));
    expect(job.payload).toMatchObject({ window: { start: new Date(1710197000_000).toISOString(), end: new Date(1710199000_000).toISOString() } });
    expect(job.payload.batch).toBeUndefined();
    expect(await runJob(job)).toMatchObject({ status: 'success', daily: { inserted: 1 } });
    expect(await steps('2024-03-11')).toEqual([{ steps: 6021 }]);
  });
});
