// Data minimisation: old rows go, recent rows stay; raw_data is kept unless retention is opted into;
// the uploaded files of finished imports are deleted from storage (a real s3rver) and forgotten.
import type { JobHelpers } from 'graphile-worker';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { applyRetention, retentionOptions, type RetentionOptions } from '../../src/privacy/retention';
import { privacyRetention } from '../../tasks/privacy__retention';
import { exists, openTestStorage, putObject } from '../photos/storage';
import { createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let storage: Awaited<ReturnType<typeof openTestStorage>>;
beforeAll(async () => {
  storage = await openTestStorage();
});
afterAll(async () => {
  await storage?.dispose();
});

const options: RetentionOptions = { sessionDays: 7, loginAttemptDays: 30, emailTokenDays: 7, importUploadDays: 1, rateWindowSeconds: 3600 };
const run = (overrides: Partial<RetentionOptions> = {}) => applyRetention({ pool: db.pool, storage }, { ...options, ...overrides });
const hash = () => randomBytes(32);

/** Inserts one session row (as superuser); ended/expiry as SQL interval offsets from now. */
async function session(userId: string, family: string, expires: string, revoked: string | null, reason = 'logout'): Promise<string> {
  const { rows } = await db.pool.query(
    `insert into vitalis_private.sessions (family_id, user_id, refresh_token_hash, expires_at, revoked_at, revoked_reason)
     values ($1, $2, $3, now() + $4::interval, now() + $5::interval, case when $5::interval is null then null else $6 end) returning session_id`,
    [family, userId, hash(), expires, revoked, reason],
  );
  return rows[0].session_id;
}
const remaining = async (sql: string, ids: string[]) => (await db.pool.query(sql, [ids])).rows.map((r) => Object.values(r)[0] as string).sort();

test('sessions go N days after their token expired or their whole sign-in family ended; rotated tokens of a live family stay', async () => {
  const user = await createUser(db.pool);
  const ended = randomUUID();
  const oldLogout = await session(user, ended, '20 days', '-10 days');
  const oldRotated = await session(user, ended, '20 days', '-12 days', 'rotated');
  const live = randomUUID();
  const rotatedInLiveFamily = await session(user, live, '20 days', '-10 days', 'rotated');
  const current = await session(user, live, '25 days', null);
  const longExpired = await session(user, live, '-8 days', '-30 days', 'rotated');
  const recentLogout = await session(user, randomUUID(), '20 days', '-2 days');

  const report = await run();
  expect(report.sessions).toBe(3);
  const ids = [oldLogout, oldRotated, rotatedInLiveFamily, current, longExpired, recentLogout];
  expect(await remaining('select session_id from vitalis_private.sessions where session_id = any ($1)', ids)).toEqual([rotatedInLiveFamily, current, recentLogout].sort());
});

test('login attempts, email tokens and rate-limit events past their time go; recent ones stay', async () => {
  const user = await createUser(db.pool);
  const email = `retention-${randomUUID()}@example.com`;
  await db.pool.query(
    `insert into vitalis_private.login_attempts (email, attempted_at) values ($1, now() - interval '31 days'), ($1, now() - interval '29 days'), ($1, now())`,
    [email],
  );
  const tokens = { usedLongAgo: hash(), expiredLongAgo: hash(), live: hash(), usedYesterday: hash() };
  await db.pool.query(
    `insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, created_at, expires_at, used_at) values
       ($1, $5, 'verify_email', $6, now() - interval '20 days', now() - interval '19 days', now() - interval '8 days'),
       ($2, $5, 'password_reset', $6, now() - interval '20 days', now() - interval '8 days', null),
       ($3, $5, 'verify_email', $6, now(), now() + interval '1 day', null),
       ($4, $5, 'password_reset', $6, now() - interval '1 day', now() + interval '1 hour', now() - interval '1 day')`,
    [tokens.usedLongAgo, tokens.expiredLongAgo, tokens.live, tokens.usedYesterday, user, email],
  );
  await db.pool.query(
    `insert into vitalis_private.auth_rate_events (action, address, occurred_at) values ('register', $1, now() - interval '25 hours'), ('register', $1, now() - interval '2 hours')`,
    [email],
  );

  const report = await run();
  expect(report).toMatchObject({ loginAttempts: 1, emailTokens: 2, authRateEvents: 1 });
  const attempts = await db.pool.query(`select count(*)::int as n from vitalis_private.login_attempts where email = $1`, [email]);
  expect(attempts.rows[0].n).toBe(2);
  const left = await db.pool.query(`select token_hash from vitalis_private.email_tokens where user_id = $1`, [user]);
  expect(left.rows.map((r) => r.token_hash.toString('hex')).sort()).toEqual([tokens.live, tokens.usedYesterday].map((t) => t.toString('hex')).sort());
  const events = await db.pool.query(`select count(*)::int as n from vitalis_private.auth_rate_events where address = $1`, [email]);
  expect(events.rows[0].n).toBe(1);
});

test('the login limits’ own windows are a floor for keeping failed attempts', () => {
  const config = loadConfig({ RETENTION_LOGIN_ATTEMPT_DAYS: '1', LOGIN_ACCOUNT_WINDOW: String(3 * 86_400) });
  expect(retentionOptions(config).loginAttemptDays).toBe(3);
  expect(retentionOptions(loadConfig({})).rawDataDays).toBeUndefined();
});

describe('raw_data', () => {
  let user: string;
  let oldDaily: string;
  let newDaily: string;
  let oldMeal: string;
  let second: string;
  beforeAll(async () => {
    user = await createUser(db.pool);
    second = await createUser(db.pool);
    const client = await db.pool.connect();
    try {
      // Backdating needs the updated_at trigger out of the way (superuser, this session only).
      await client.query(`set session_replication_role = replica`);
      const insertDaily = `insert into vitalis.wearable_daily (user_id, date, source, steps, raw_data, created_at, updated_at)
                           values ($1, $2, 'oura', 1000, '{"steps": 1000}', now() - $3::interval, now() - $3::interval) returning daily_id`;
      oldDaily = (await client.query(insertDaily, [user, '2026-01-01', '100 days'])).rows[0].daily_id;
      newDaily = (await client.query(insertDaily, [user, '2026-11-30', '1 day'])).rows[0].daily_id;
      await client.query(insertDaily, [second, '2026-01-01', '100 days']);
      await client.query(insertDaily, [second, '2026-01-02', '99 days']);
      oldMeal = (
        await client.query(
          `insert into vitalis.nutrition_logs (user_id, log_date, calories_kcal, raw_data, created_at) values ($1, '2026-01-01', 500, '{"kcal": 500}', now() - interval '100 days') returning nutrition_id`,
          [user],
        )
      ).rows[0].nutrition_id;
    } finally {
      await client.query(`reset session_replication_role`);
      client.release();
    }
  });
  const rawOf = async () => {
    const daily = await db.pool.query(`select daily_id, raw_data from vitalis.wearable_daily where user_id = $1`, [user]);
    const meals = await db.pool.query(`select nutrition_id, raw_data from vitalis.nutrition_logs where user_id = $1`, [user]);
    return {
      [oldDaily]: daily.rows.find((r) => r.daily_id === oldDaily)?.raw_data ?? null,
      [newDaily]: daily.rows.find((r) => r.daily_id === newDaily)?.raw_data ?? null,
      [oldMeal]: meals.rows.find((r) => r.nutrition_id === oldMeal)?.raw_data ?? null,
    };
  };

  test('is kept when RETENTION_RAW_DATA_DAYS is not set', async () => {
    const report = await run();
    expect(report.rawData).toEqual({});
    expect(await rawOf()).toEqual({ [oldDaily]: { steps: 1000 }, [newDaily]: { steps: 1000 }, [oldMeal]: { kcal: 500 } });
  });

  test('is set to NULL on every table that has it, for rows older than the setting, in bounded batches', async () => {
    const report = await run({ rawDataDays: 30, batchSize: 1 });
    const tables = await db.pool.query(
      `select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'raw_data' and not a.attisdropped
        where c.relnamespace = 'vitalis'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
    );
    expect(Object.keys(report.rawData).sort()).toEqual(tables.rows.map((r) => r.relname));
    expect(report.rawData).toMatchObject({ wearable_daily: 3, nutrition_logs: 1 });
    expect(report.complete).toBe(true);
    expect(await rawOf()).toEqual({ [oldDaily]: null, [newDaily]: { steps: 1000 }, [oldMeal]: null });
    const secondRaw = await db.pool.query(`select count(raw_data)::int as n from vitalis.wearable_daily where user_id = $1`, [second]);
    expect(secondRaw.rows[0].n).toBe(0);
    // The rows themselves stay, and the change is traceable to this run in the audit log.
    const audit = await db.pool.query(`select table_name from vitalis.audit_log where request_id = $1 order by 1`, [report.runId]);
    expect(audit.rows.map((r) => r.table_name)).toEqual(['nutrition_logs', 'wearable_daily', 'wearable_daily', 'wearable_daily']);
  });
});

describe('import uploads', () => {
  async function fileImport(userId: string, key: string, status: string, completedAgo: string | null): Promise<string> {
    const { rows } = await db.pool.query(
      `insert into vitalis.ingestion_jobs (user_id, source, job_type, status, payload, completed_at)
       values ($1, 'strong', 'file_import', $2, $3, now() - $4::interval) returning job_id`,
      [userId, status, { fileType: 'strong', objectKey: key, weightUnit: 'kg' }, completedAgo],
    );
    return rows[0].job_id;
  }

  test('the file of an import that succeeded N days ago is deleted and forgotten; others stay', async () => {
    const user = await createUser(db.pool);
    const other = await createUser(db.pool);
    const keys = {
      done: `imports/${user}/${randomUUID()}/strong.csv`,
      recent: `imports/${user}/${randomUUID()}/strong.csv`,
      failed: `imports/${user}/${randomUUID()}/strong.csv`,
      notTheirs: `imports/${other}/${randomUUID()}/strong.csv`,
    };
    for (const key of Object.values(keys)) await putObject(storage, key, Buffer.from('Date,Workout Name\n'));
    const done = await fileImport(user, keys.done, 'succeeded', '2 days');
    await fileImport(user, keys.recent, 'succeeded', '1 hour');
    await fileImport(user, keys.failed, 'failed', '5 days');
    await fileImport(user, keys.notTheirs, 'succeeded', '5 days');

    const report = await run();
    expect(report.importUploads).toBe(1);
    expect({
      done: await exists(storage, keys.done),
      recent: await exists(storage, keys.recent),
      failed: await exists(storage, keys.failed),
      notTheirs: await exists(storage, keys.notTheirs),
    }).toEqual({ done: false, recent: true, failed: true, notTheirs: true });
    const { rows } = await db.pool.query(`select payload from vitalis.ingestion_jobs where job_id = $1`, [done]);
    expect(rows[0].payload).toEqual({ fileType: 'strong', weightUnit: 'kg', uploadDeletedAt: expect.any(String) });
    expect((await run()).importUploads).toBe(0);
  });
});

test('the daily task runs everything with the settings and logs the counts', async () => {
  const lines: string[] = [];
  const helpers = { logger: { info: (m: string) => lines.push(m) } } as unknown as JobHelpers;
  const config = loadConfig({ RETENTION_RAW_DATA_DAYS: '365' });
  await privacyRetention({ pool: db.pool, config, storage })({}, helpers);
  expect(lines).toEqual([expect.stringMatching(/^privacy__retention: \d+ sessions, \d+ login attempts, \d+ email tokens, \d+ rate-limit events, \d+ raw_data payloads, \d+ import uploads, \d+ failed mails, \d+ Stripe event ids$/)]);
});

describe('beyond the users’ rows', () => {
  /** A mail__send job, last tried `ago`, with every attempt used when failed. */
  async function mailJob(to: string, failed: boolean, ago: string): Promise<void> {
    await db.pool.query(`select graphile_worker.add_job('mail__send', json_build_object('template', 'deletion_completed', 'to', $1::text, 'params', '{}'::json), max_attempts => 5)`, [to]);
    await db.pool.query(
      `update graphile_worker._private_jobs j set attempts = case when $2 then 5 else 1 end, last_error = 'SMTP down', updated_at = now() - $3::interval
        from graphile_worker._private_tasks t where t.id = j.task_id and t.identifier = 'mail__send' and j.payload->>'to' = $1`,
      [to, failed, ago],
    );
  }
  const mailsTo = async (to: string) =>
    (await db.pool.query(`select count(*)::int as n from graphile_worker._private_jobs where payload->>'to' = $1`, [to])).rows[0].n;

  test('a mail that failed every attempt is deleted after the email-token days, with its address; one still being retried stays', async () => {
    const [oldFailure, recentFailure, retrying] = ['old-failure', 'recent-failure', 'retrying'].map((n) => `${n}-${randomUUID().slice(0, 8)}@example.com`) as [string, string, string];
    await mailJob(oldFailure, true, '8 days');
    await mailJob(recentFailure, true, '2 days');
    await mailJob(retrying, false, '30 days');
    const report = await run({ failedMailDays: 7 });
    expect(report.failedMails).toBe(1);
    expect([await mailsTo(oldFailure), await mailsTo(recentFailure), await mailsTo(retrying)]).toEqual([0, 1, 1]);
  });

  test('Stripe event ids go after 30 days, once Stripe can no longer send them again', async () => {
    const [old, recent] = [`evt_old${randomUUID().slice(0, 8)}`, `evt_new${randomUUID().slice(0, 8)}`];
    await db.pool.query(
      `insert into vitalis_private.stripe_events (event_id, type, event_created, outcome, received_at)
       values ($1, 'customer.subscription.updated', now() - interval '31 days', 'applied', now() - interval '31 days'),
              ($2, 'customer.subscription.updated', now() - interval '29 days', 'applied', now() - interval '29 days')`,
      [old, recent],
    );
    expect((await run()).stripeEvents).toBe(1);
    const { rows } = await db.pool.query(`select event_id from vitalis_private.stripe_events where event_id = any ($1)`, [[old, recent]]);
    expect(rows).toEqual([{ event_id: recent }]);
  });

  test('a Stripe retention shorter than Stripe’s own retries is refused by name', async () => {
    await expect(run({ stripeEventDays: 2 })).rejects.toMatchObject({ code: '22023', message: expect.stringMatching(/^stripeEventDays: must be 7 or more days/) });
  });
});
