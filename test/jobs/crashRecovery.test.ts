// A worker killed with SIGKILL in the middle of an import: after a restart the job is recovered
// (its graphile-worker lock released), re-run, and ends with exactly the rows an uninterrupted
// import of the same file gives. The worker is the real `npm run worker` in a child process
// (graphile-worker cannot load inside jest), against this file's database and a real S3 server.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { putStream } from '../../src/storage/download';
import { openStorage, type Storage } from '../../src/storage/s3';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { startWorkerProcess, waitFor } from '../helpers/workerProcess';
import { crashTestFile } from './crashFile';

const children: ChildProcess[] = [];
const db = useTestDatabase({
  ignoreIdleClientErrors: true,
  beforeDrop: () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  },
});
let storage: Storage;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-crash-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-crash' }), { directory: path.join(dir, 's3') });
});
afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const startWorker = (output: string[]) => startWorkerProcess({ databaseUrl: db.url, storage, output, children });

async function queueImport(userId: string, key: string): Promise<string> {
  const { rows } = await asRequest(db.pool, { role: 'vitalis_api', userId }, (c) => c.query(`select job_id from vitalis.create_file_import($1, $2)`, [crashTestFile.fileType, key]), true);
  return rows[0].job_id;
}

const jobStatus = async (jobId: string) => (await db.pool.query(`select status, attempts, result, error_message from vitalis.ingestion_jobs where job_id = $1`, [jobId])).rows[0];

async function rowCounts(userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of crashTestFile.tables) {
    counts[table] = (await db.pool.query(`select count(*)::int as n from vitalis.${table} where user_id = $1`, [userId])).rows[0].n;
  }
  return counts;
}

test('a worker killed mid-import recovers the job after restart and ends with exactly the rows of an uninterrupted run', async () => {
  const file = path.join(dir, crashTestFile.name);
  await crashTestFile.write(file);
  const interrupted = await createUser(db.pool);
  const reference = await createUser(db.pool);
  const keyFor = (userId: string) => `imports/${userId}/crash/${crashTestFile.name}`;
  for (const userId of [interrupted, reference]) await putStream(storage, keyFor(userId), fs.createReadStream(file));

  const output: string[] = [];
  const jobId = await queueImport(interrupted, keyFor(interrupted));
  const first = startWorker(output);
  const firstExit = new Promise((resolve) => first.on('exit', resolve));

  // Kill it once the import's transaction has written rows but not committed.
  await waitFor(`the import to be writing (worker output: ${output.join('').slice(-2000)})`, async () => {
    const { rows } = await db.pool.query(
      `select 1 from pg_stat_activity where datname = current_database() and application_name = 'vitalis-jobs' and backend_xid is not null and xact_start < now() - interval '100 milliseconds'`,
    );
    return rows.length > 0;
  });
  expect((await jobStatus(jobId)).status).toBe('running');
  first.kill('SIGKILL');
  await firstExit;
  // PostgreSQL rolls the dead worker's transaction back once it notices the connection is gone.
  await waitFor('the dead worker’s sessions to end', async () => {
    const { rows } = await db.pool.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name like 'vitalis-%'`);
    return rows[0].n === 0;
  });
  expect(Object.values(await rowCounts(interrupted)).every((n) => n === 0)).toBe(true);
  const locked = await db.pool.query(`select locked_by from graphile_worker._private_jobs where key = $1`, [`ingestion:${jobId}`]);
  expect(locked.rows[0].locked_by).not.toBeNull(); // still locked by the dead worker

  // A new worker releases the dead one's lock, runs the job again, then the reference import.
  const second = startWorker(output);
  const done = await waitFor(`the recovered job to succeed (output: ${output.join('').slice(-2000)})`, async () => {
    const job = await jobStatus(jobId);
    return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
  });
  expect(done).toMatchObject({ status: 'succeeded', attempts: 2, error_message: null });
  const referenceJob = await queueImport(reference, keyFor(reference));
  await waitFor('the reference import', async () => ((await jobStatus(referenceJob)).status === 'succeeded' ? true : undefined));
  expect((await jobStatus(referenceJob)).attempts).toBe(1);

  const recovered = await rowCounts(interrupted);
  expect(recovered).toEqual(await rowCounts(reference));
  expect(Object.values(recovered).reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  expect(output.join('')).toMatch(/released jobs locked by 1 dead worker/);

  const exited = new Promise((resolve) => second.on('exit', resolve));
  second.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 180_000);
