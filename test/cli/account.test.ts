// npm run account: the DBA's export and erasure for a request that arrived outside the app, through
// the same SQL procedures and job bodies as the app, printing what was exported or erased.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import yauzl from 'yauzl';
import { loadConfig } from '../../src/config';
import { issueSession } from '../../src/auth/sessions';
import { parseAccountArgs } from '../../src/cli/account';
import { exportManifest } from '../../src/importers/vitalisExport/manifest';
import { createUser, useTestDatabase } from '../helpers/db';
import { queuedMails } from '../helpers/mailQueue';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const db = useTestDatabase();
let dir: string;

/** The machine's own S3 and mail settings must not leak in: storage is the embedded one in DATA_DIR. */
function env(): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, NODE_ENV: 'test' };
  delete vars.S3_ENDPOINT;
  delete vars.SMTP_URL;
  delete vars.STRIPE_SECRET_KEY;
  return vars;
}

const account = (...args: string[]) =>
  exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli', 'account.ts'), ...args], { cwd: ROOT, env: env() }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
  );

async function userWithData(): Promise<{ userId: string; email: string }> {
  const email = `account-cli-${randomUUID().slice(0, 8)}@example.com`;
  const userId = await createUser(db.pool, { email });
  await db.pool.query(
    `insert into vitalis.wearable_daily (user_id, source, date, steps) select $1, 'garmin', d::date, 8000 from generate_series(date '2026-01-01', date '2026-01-10', '1 day') d`,
    [userId],
  );
  return { userId, email };
}

const mailsQueuedFor = async (email: string, template: string) => (await queuedMails(db.pool, email)).filter((m) => m.template === template).length;

function readManifest(file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'manifest.json') return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
            zip.close();
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          });
        });
      });
      zip.on('end', () => reject(new Error('no manifest.json in the archive')));
      zip.readEntry();
    });
  });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-account-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('arguments', () => {
  test('a command, a user and known options are required, each refused by name', () => {
    expect(parseAccountArgs(['export', '--user', 'a@example.com'])).toMatchObject({ success: true, data: { command: 'export', format: 'json' } });
    expect(parseAccountArgs(['erase', '--user', 'a@example.com', '--now', '--yes'])).toMatchObject({ success: true, data: { command: 'erase', now: true, yes: true } });
    expect(parseAccountArgs(['export', '--user', 'a@example.com', '--format', 'xml']).error?.issues[0]?.message).toBe('--format must be json or csv');
    expect(parseAccountArgs(['delete', '--user', 'a@example.com']).error?.issues[0]?.message).toBe('the command must be export or erase');
    expect(parseAccountArgs(['erase', '--user', 'a@example.com', '--force']).success).toBe(false);
    expect(parseAccountArgs(['erase']).success).toBe(false);
  });

  test('bad arguments print the usage and exit 2 before any database is opened', async () => {
    const printed = await account('erase');
    expect(printed.code).toBe(2);
    expect(printed.err).toContain('usage: npm run account -- export --user EMAIL');
  }, 60_000);
});

test('export --out writes the archive to a file and prints what it holds', async () => {
  const { userId, email } = await userWithData();
  const out = path.join(dir, 'export.zip');
  const printed = await account('export', '--user', email, '--out', out);
  expect(printed).toMatchObject({ code: 0 });
  expect(printed.out).toContain(`Exported ${email} to ${out}`);
  expect(printed.out).toMatch(/vitalis\.wearable_daily: 10\n/);
  const manifest = exportManifest.parse(await readManifest(out));
  expect(manifest.user.userId).toBe(userId);
  expect(manifest.tables.find((t) => t.table === 'vitalis.wearable_daily')?.rows).toBe(10);
  // No request row and no mail: the operator hands the file over.
  expect((await db.pool.query('select count(*)::int as n from vitalis.data_export_requests where user_id = $1', [userId])).rows[0].n).toBe(0);
}, 120_000);

test('export without --out is the user\'s own request, built now: ready, stored, and the mail queued', async () => {
  const { userId, email } = await userWithData();
  const printed = await account('export', '--user', email, '--format', 'csv');
  expect(printed).toMatchObject({ code: 0 });
  const { rows } = await db.pool.query('select export_id, status, format, s3_key from vitalis.data_export_requests where user_id = $1', [userId]);
  expect(rows).toEqual([{ export_id: expect.any(String), status: 'ready', format: 'csv', s3_key: `exports/${userId}/${rows[0].export_id}.zip` }]);
  expect(printed.out).toContain(`Export ${rows[0].export_id} for ${email}: ready`);
  expect(await mailsQueuedFor(email, 'export_ready')).toBe(1);
}, 120_000);

test('erase starts the grace period: signed out everywhere, the cancel mail queued, nothing erased yet', async () => {
  const { userId, email } = await userWithData();
  await issueSession(db.pool, loadConfig({ NODE_ENV: 'test' }), userId);
  const printed = await account('erase', '--user', email);
  expect(printed).toMatchObject({ code: 0 });
  expect(printed.out).toContain(`Deletion of ${email} requested`);
  expect(printed.out).toContain('signed out of 1 session(s)');
  const request = await db.pool.query(`select status, grace_period_ends_at - requested_at as grace from vitalis.deletion_requests where user_id = $1`, [userId]);
  expect(request.rows).toEqual([{ status: 'pending', grace: { days: 30 } }]);
  const live = await db.pool.query('select count(*)::int as n from vitalis_private.sessions where user_id = $1 and revoked_at is null', [userId]);
  expect(live.rows[0].n).toBe(0);
  expect(await mailsQueuedFor(email, 'deletion_requested')).toBe(1);
  expect((await db.pool.query('select count(*)::int as n from vitalis.wearable_daily where user_id = $1', [userId])).rows[0].n).toBe(10);
}, 120_000);

test('erase --now asks for the email again and, unconfirmed, erases nothing', async () => {
  const { userId, email } = await userWithData();
  const printed = await account('erase', '--user', email, '--now');
  expect(printed).toMatchObject({ code: 2, err: expect.stringContaining('not confirmed: nothing was erased') });
  expect((await db.pool.query('select count(*)::int as n from vitalis.users where user_id = $1', [userId])).rows[0].n).toBe(1);
}, 120_000);

test('erase --now --yes erases at once and prints the counts; nothing names the user afterwards', async () => {
  const { userId, email } = await userWithData();
  const printed = await account('erase', '--user', email, '--now', '--yes');
  expect(printed).toMatchObject({ code: 0 });
  expect(printed.out).toMatch(new RegExp(`Erased ${email} \\(request [0-9a-f-]{36}\\): \\d+ rows from \\d+ tables`));
  expect(printed.out).toMatch(/wearable_daily: 10\n/);
  expect((await db.pool.query('select count(*)::int as n from vitalis.users where user_id = $1', [userId])).rows[0].n).toBe(0);
  const request = await db.pool.query(`select status, user_id from vitalis.deletion_requests where status = 'completed' and 'wearable_daily' = any(tables_deleted)`);
  expect(request.rows).toContainEqual({ status: 'completed', user_id: null });
  const mentions = await db.pool.query(`select count(*)::int as n from vitalis.audit_log a where strpos(a::text, $1) > 0 or strpos(a::text, $2) > 0`, [userId, email]);
  expect(mentions.rows[0].n).toBe(0);
}, 120_000);
