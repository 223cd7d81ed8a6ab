// A file import as a client does it: upload to POST /imports/{type}, follow the job through
// GraphQL, see the rows. The worker's task runs in-process here (graphile-worker itself runs in
// test/jobs/crashRecovery.test.ts); storage is the real in-process S3 server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobHelpers } from 'graphile-worker';
import { importsFile } from '../../tasks/imports__file';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/http/logger';
import { openStorage, type Storage } from '../../src/storage/s3';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'strong');
let h: Harness;
let storage: Storage;
let dir: string;
let userId: string;
let token: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-imports-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-imports' }), { directory: dir });
  h = await startHarness({}, { storage });
  userId = await createUser(h.db.pool);
  token = await tokenFor(h, userId);
});
afterAll(async () => {
  await h?.close();
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function upload(type: string, body: Buffer | string, query = '', auth = token) {
  const response = await fetch(`${h.server.origin}/imports/${type}${query}`, {
    method: 'POST',
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'content-type': 'application/octet-stream' },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** What the worker does with the job (tasks/imports__file.ts), attempt n of 3. */
async function runWorkerTask(jobId: string, attempts = 1) {
  const task = importsFile({ pool: h.db.pool, config: h.config, storage, logger: createLogger(h.config) });
  const helpers = { job: { attempts, max_attempts: 3 }, logger: { info: () => {} } } as unknown as JobHelpers;
  await task({ ingestionJobId: jobId }, helpers);
}

const JOB = `query ($id: UUID!) { ingestionJob(jobId: $id) { status attempts result errorMessage jobType source startedAt completedAt } }`;

test('upload, queue, import, and follow the job through GraphQL; the same file again changes nothing', async () => {
  const csv = fs.readFileSync(path.join(FIXTURES, 'workouts-kg.csv'));
  const uploaded = await upload('strong', csv, '?weightUnit=kg&filename=my%20strong.csv');
  expect(uploaded.status).toBe(202);
  expect(uploaded.body).toMatchObject({ job: { status: 'queued', jobType: 'file_import', source: 'strong' }, bytes: csv.length });
  expect(uploaded.body.objectKey).toMatch(new RegExp(`^imports/${userId}/[0-9a-f-]{36}/my strong\\.csv$`));
  const jobId = uploaded.body.job.jobId;

  const queued = await graphql(h.server, JOB, { token, variables: { id: jobId } });
  expect(queued.body.data!.ingestionJob).toMatchObject({ status: 'queued', attempts: 0, result: null });

  await runWorkerTask(jobId);
  const done = (await graphql(h.server, JOB, { token, variables: { id: jobId } })).body.data!.ingestionJob;
  expect(done).toMatchObject({ status: 'succeeded', attempts: 1, errorMessage: null });
  expect(done.completedAt).not.toBeNull();
  expect(done.result.sessions.inserted).toBeGreaterThan(0);
  const sessions = await h.db.pool.query(`select count(*)::int as n from vitalis.lifting_sessions where user_id = $1`, [userId]);
  expect(sessions.rows[0].n).toBe(done.result.sessions.inserted);

  // The same file through GraphQL's own mutation, pointing at the uploaded object.
  const again = await graphql(
    h.server,
    `mutation ($key: String!) { createFileImport(input: { fileType: "strong", objectKey: $key, weightUnit: "kg" }) { ingestionJob { jobId status } } }`,
    { token, variables: { key: uploaded.body.objectKey } },
  );
  const againId = again.body.data!.createFileImport.ingestionJob.jobId;
  await runWorkerTask(againId);
  const second = (await graphql(h.server, JOB, { token, variables: { id: againId } })).body.data!.ingestionJob;
  expect(second.status).toBe('succeeded');
  expect(second.result.sessions).toMatchObject({ inserted: 0, updated: 0 });
  expect(second.result.sets).toMatchObject({ inserted: 0, deleted: 0 });
});

test('a malformed file fails its job at once with the importer’s message and writes nothing', async () => {
  const before = (await h.db.pool.query(`select count(*)::int as n from vitalis.lifting_sets where user_id = $1`, [userId])).rows[0].n;
  const uploaded = await upload('strong', fs.readFileSync(path.join(FIXTURES, 'bad-header.csv')));
  await runWorkerTask(uploaded.body.job.jobId);
  const job = (await graphql(h.server, JOB, { token, variables: { id: uploaded.body.job.jobId } })).body.data!.ingestionJob;
  expect(job.status).toBe('failed');
  expect(job.attempts).toBe(1);
  expect(job.errorMessage).toMatch(/Exercise Name/);
  expect((await h.db.pool.query(`select count(*)::int as n from vitalis.lifting_sets where user_id = $1`, [userId])).rows[0].n).toBe(before);
});

test('bad uploads are refused with the field and the rule', async () => {
  expect((await upload('strong', 'x', '', '')).status).toBe(401);
  const unknown = await upload('garmin-csv', 'x');
  expect(unknown.status).toBe(404);
  expect(unknown.body.errors[0].message).toBe('fileType must be one of apple-health, fit, strong, hevy');
  const unit = await upload('strong', 'x', '?weightUnit=stone');
  expect(unit.status).toBe(400);
  expect(unit.body.errors[0]).toMatchObject({ message: 'weightUnit must be kg or lbs', extensions: { field: 'weightUnit' } });
  const name = await upload('strong', 'x', '?filename=../../etc/passwd');
  expect(name.body.errors[0].extensions.field).toBe('filename');
  const empty = await upload('strong', Buffer.alloc(0));
  expect(empty.body.errors[0].message).toBe('the request body (the file) is empty');
});

test('GraphQL refuses to import another user’s upload and explains why', async () => {
  const other = await createUser(h.db.pool);
  const result = await graphql(h.server, `mutation { createFileImport(input: { fileType: "strong", objectKey: "imports/${other}/x/strong.csv" }) { ingestionJob { jobId } } }`, { token });
  expect(result.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(result.body.errors![0]!.message).toMatch(/^objectKey must be a key under imports\//);
});
