// A data export from the user's side, through the real server: asked for in GraphQL, written by
// the exports__build job body, announced by a mail whose link downloads the archive, fetched
// through GET /exports/{id}/download, expired by the cron (archive deleted). The user can move
// none of its states themselves, in GraphQL or in SQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { createLogger } from '../../src/http/logger';
import { withCredentials } from '../../src/db/url';
import { endPool } from '../../src/db/pools';
import { exportManifest } from '../../src/importers/vitalisExport/manifest';
import { walkZip } from '../../src/importers/vitalisExport/zip';
import { buildExport } from '../../src/privacy/export/build';
import { expireExports } from '../../src/privacy/export/expire';
import { asRequest, createUser, pgError } from '../helpers/db';
import { exists, getObject, openTestStorage } from '../photos/storage';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';
import { queuedMails } from '../helpers/mailQueue';

let h: Harness;
let storage: Awaited<ReturnType<typeof openTestStorage>>;
let workerPool: Pool;
let dir: string;
let me: string;
let token: string;
let other: string;
let otherToken: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-life-'));
  storage = await openTestStorage();
  h = await startHarness({}, { storage });
  // The job body runs as the worker does: role vitalis_worker, not a superuser.
  workerPool = new Pool({ connectionString: withCredentials(h.db.url, 'vitalis_worker', 'vitalis-worker'), max: 3 });
  me = await createUser(h.db.pool, { email: `life-${Date.now()}@example.com` });
  token = await tokenFor(h, me);
  other = await createUser(h.db.pool);
  otherToken = await tokenFor(h, other);
  await h.db.pool.query(`insert into vitalis.mood_journal (user_id, journal_date, mood_score) values ($1, '2025-02-01', 4), ($1, '2025-02-02', 5)`, [me]);
});
afterAll(async () => {
  await endPool(workerPool);
  await h?.close();
  await storage?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ctx = () => ({ pool: workerPool, storage, config: h.config, logger: createLogger(h.config) });

const REQUEST = `mutation($format: String) { requestDataExport(input: { format: $format }) { result { exportId status format requestedAt } } }`;
const STATUS = `query($id: UUID!) { dataExportRequest(exportId: $id) { exportId status format s3Key expiresAt completedAt fileSizeBytes errorMessage } }`;

async function statusOf(exportId: string, as = token) {
  return (await graphql(h.server, STATUS, { token: as, variables: { id: exportId } })).body.data?.dataExportRequest;
}

async function download(exportId: string, as = token) {
  return fetch(`${h.server.origin}/exports/${exportId}/download`, { headers: { authorization: `Bearer ${as}` }, redirect: 'manual' });
}

const mailsTo = (email: string) => queuedMails(h.db.pool, email);

async function manifestOf(zip: Buffer) {
  const file = path.join(dir, `archive-${Date.now()}.zip`);
  fs.writeFileSync(file, zip);
  let manifest: unknown;
  await walkZip(file, async (entry) => {
    if (entry.name !== 'manifest.json') return;
    const chunks: Buffer[] = [];
    for await (const chunk of await entry.open()) chunks.push(chunk as Buffer);
    manifest = JSON.parse(Buffer.concat(chunks).toString());
  });
  return exportManifest.parse(manifest);
}

test('queued -> ready (mail with a working link, EXPORT audited) -> downloaded through the route -> expired by the cron', async () => {
  const asked = await graphql(h.server, REQUEST, { token, variables: { format: 'json' } });
  expect(asked.body.errors).toBeUndefined();
  const requested = asked.body.data!.requestDataExport.result;
  expect(requested).toMatchObject({ status: 'queued', format: 'json' });
  const exportId: string = requested.exportId;
  // Asking again while it waits returns the same request; the job is queued once, under its key.
  const again = await graphql(h.server, REQUEST, { token, variables: { format: 'csv' } });
  expect(again.body.data!.requestDataExport.result.exportId).toBe(exportId);
  const jobs = await h.db.pool.query(
    `select t.identifier, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.key = $1`,
    [`export:${exportId}`],
  );
  expect(jobs.rows).toEqual([{ identifier: 'exports__build', payload: { exportId } }]);
  // Not yet ready: the route says so.
  expect((await download(exportId)).status).toBe(409);

  expect(await buildExport(ctx(), exportId, { lastAttempt: false })).toBe('ready');
  const ready = await statusOf(exportId);
  expect(ready).toMatchObject({ status: 'ready', s3Key: `exports/${me}/${exportId}.zip`, errorMessage: null });
  expect(Number(ready.fileSizeBytes)).toBeGreaterThan(1000);
  const ttl = new Date(ready.expiresAt).getTime() - new Date(ready.completedAt).getTime();
  expect(Math.abs(ttl - h.config.EXPORT_LINK_TTL * 1000)).toBeLessThan(60_000);
  // A second run of the same job (at least once) changes nothing.
  expect(await buildExport(ctx(), exportId, { lastAttempt: false })).toBe('already ready');

  // The mail: one export_ready with a presigned link that downloads the archive itself.
  const mails = (await mailsTo((await h.db.pool.query(`select email from vitalis.users where user_id = $1`, [me])).rows[0].email)).filter((m) => m.template === 'export_ready');
  expect(mails).toHaveLength(1);
  expect(mails[0]!.params).toMatchObject({ format: 'json', sizeBytes: Number(ready.fileSizeBytes), expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
  const link = new URL(mails[0]!.params.downloadUrl);
  expect(link.searchParams.get('X-Amz-Expires')).toBe(String(h.config.EXPORT_LINK_TTL));
  const fromMail = Buffer.from(await (await fetch(link)).arrayBuffer());
  expect(fromMail.equals(await getObject(storage, ready.s3Key))).toBe(true);
  const manifest = await manifestOf(fromMail);
  expect(manifest).toMatchObject({ exportId, user: { userId: me }, dataFormat: 'json' });
  expect(manifest.tables.find((t) => t.table === 'vitalis.mood_journal')!.rows).toBe(2);

  // EXPORT in the audit log: which export and what went in, no personal values.
  const audit = await h.db.pool.query(`select table_name, record_id, new_values from vitalis.audit_log where action = 'EXPORT' and user_id = $1`, [me]);
  expect(audit.rows).toEqual([
    { table_name: 'data_export_requests', record_id: exportId, new_values: expect.objectContaining({ format: 'json', objects: 0, tables: expect.objectContaining({ 'vitalis.mood_journal': 2 }) }) },
  ]);
  expect(JSON.stringify(audit.rows[0].new_values)).not.toContain('@example.com');

  // Another user cannot see or fetch it.
  expect((await download(exportId, otherToken)).status).toBe(404);
  expect(await statusOf(exportId, otherToken)).toBeNull();

  // The route: a fresh short link, and the request is downloaded.
  const redirected = await download(exportId);
  expect(redirected.status).toBe(302);
  const location = new URL(redirected.headers.get('location')!);
  expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
  expect(Buffer.from(await (await fetch(location)).arrayBuffer()).equals(fromMail)).toBe(true);
  expect(await statusOf(exportId)).toMatchObject({ status: 'downloaded' });
  expect((await download(exportId)).status).toBe(302); // still works until it expires

  // The cron: not yet due changes nothing; once due, the archive goes, then the status.
  expect(await expireExports(ctx())).toBe(0);
  await h.db.pool.query(`update vitalis.data_export_requests set expires_at = now() - interval '1 minute' where export_id = $1`, [exportId]);
  expect((await download(exportId)).status).toBe(410);
  expect(await expireExports(ctx())).toBe(1);
  expect(await statusOf(exportId)).toMatchObject({ status: 'expired' });
  expect(await exists(storage, ready.s3Key)).toBe(false);
  expect(await expireExports(ctx())).toBe(0);
  const gone = await download(exportId);
  expect(gone.status).toBe(410);
  expect(await gone.json()).toMatchObject({ errors: [{ extensions: { field: 'exportId' } }] });
}, 60_000);

test('one new export per hour, refused by name; a csv export comes as csv', async () => {
  const user = await createUser(h.db.pool);
  const userToken = await tokenFor(h, user);
  const first = (await graphql(h.server, REQUEST, { token: userToken, variables: { format: 'csv' } })).body.data!.requestDataExport.result;
  expect(await buildExport(ctx(), first.exportId, { lastAttempt: false })).toBe('ready');
  expect(await statusOf(first.exportId, userToken)).toMatchObject({ status: 'ready', format: 'csv' });
  const refused = await graphql(h.server, REQUEST, { token: userToken, variables: { format: 'json' } });
  expect(refused.body.errors![0]!.message).toMatch(/^requestDataExport: at most 1 new export per hour; ask again after \d{4}-/);
  const bad = await graphql(h.server, REQUEST, { token: otherToken, variables: { format: 'xml' } });
  expect(bad.body.errors![0]).toMatchObject({ message: 'format: must be json or csv', extensions: { code: 'BAD_USER_INPUT', field: 'format' } });
  const anonymous = await graphql(h.server, REQUEST, { variables: { format: 'json' } });
  expect(anonymous.body.errors).toBeDefined();
});

test('a user cannot create, move or fill an export themselves: not in GraphQL, not in SQL', async () => {
  const mutations = await graphql(h.server, `{ __type(name: "Mutation") { fields { name } } }`, { token });
  const names: string[] = (mutations.body.data?.__type?.fields ?? []).map((f: { name: string }) => f.name);
  expect(names).toContain('requestDataExport');
  expect(names.filter((n) => /DataExportRequest/.test(n))).toEqual([]);
  const exportId = (await graphql(h.server, REQUEST, { token: otherToken, variables: { format: 'json' } })).body.data!.requestDataExport.result.exportId;
  await asRequest(h.db.pool, { userId: other }, async (c) => {
    for (const sql of [
      `update vitalis.data_export_requests set status = 'ready' where export_id = $1`,
      `update vitalis.data_export_requests set s3_key = 'exports/x.zip', expires_at = now() + interval '1 year' where export_id = $1`,
      `insert into vitalis.data_export_requests (format, status) select 'json', 'ready' where $1::uuid is not null`,
      `select vitalis_private.export_start($1)`,
      `select vitalis_private.export_finish($1, 'k', 1, now(), 'http://x', '{}')`,
      `select vitalis_private.export_expire($1)`,
      `select vitalis_private.export_fail($1, 'x')`,
      `select count(*) from vitalis_private.export_rows(null::vitalis.users, $1)`,
    ]) {
      expect({ sql, code: (await pgError(c, () => c.query(sql, [exportId])))?.code }).toEqual({ sql, code: '42501' });
    }
  });
  expect(await statusOf(exportId, otherToken)).toMatchObject({ status: 'queued', s3Key: null, expiresAt: null });
});

test('a run after a failure starts over; the last attempt leaves the export failed with a reason', async () => {
  const user = await createUser(h.db.pool);
  const userToken = await tokenFor(h, user);
  const exportId = (await graphql(h.server, REQUEST, { token: userToken, variables: { format: 'json' } })).body.data!.requestDataExport.result.exportId;
  const broken = { ...ctx(), storage: { ...storage, bucket: 'no-such-bucket' } };
  await expect(buildExport(broken, exportId, { lastAttempt: false })).rejects.toThrow();
  expect(await statusOf(exportId, userToken)).toMatchObject({ status: 'processing' });
  await expect(buildExport(broken, exportId, { lastAttempt: true })).rejects.toThrow();
  const failed = await statusOf(exportId, userToken);
  expect(failed).toMatchObject({ status: 'failed', s3Key: null });
  expect(failed.errorMessage).toMatch(/could not be written/);
  // A failed export does not hold the next one back.
  const next = await graphql(h.server, REQUEST, { token: userToken, variables: { format: 'json' } });
  expect(next.body.data!.requestDataExport.result).toMatchObject({ status: 'queued' });
  expect(next.body.data!.requestDataExport.result.exportId).not.toBe(exportId);
});

test('an export stuck for a day (its job died on every attempt) no longer holds the next one back', async () => {
  const user = await createUser(h.db.pool);
  const userToken = await tokenFor(h, user);
  const stuck = (await graphql(h.server, REQUEST, { token: userToken, variables: { format: 'json' } })).body.data!.requestDataExport.result.exportId;
  await h.db.pool.query(`update vitalis.data_export_requests set status = 'processing', requested_at = now() - interval '25 hours' where export_id = $1`, [stuck]);
  const next = (await graphql(h.server, REQUEST, { token: userToken, variables: { format: 'json' } })).body.data!.requestDataExport.result;
  expect(next).toMatchObject({ status: 'queued' });
  expect(next.exportId).not.toBe(stuck);
  expect(await statusOf(stuck, userToken)).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/did not finish within a day/) });
});
