// The worker killed with SIGKILL at random points while it runs one user's imports (an Apple
// Health export and a Strong CSV, uploaded through POST /imports/{type}) and provider syncs (every
// provider, against the fake provider servers): after each kill a new worker starts, and once
// every job is over the user's data equals that of an uninterrupted run of the same jobs on a
// fresh database (test/faults/scenario.ts says what is compared and why). The CI-sized run:
// 3 kills; bench/faults/run.ts makes 20.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAppleHealthExport } from '../../bench/appleHealthGenerate';
import { loadConfig } from '../../src/config';
import { openStorage, type Storage } from '../../src/storage/s3';
import { startFakeProviders, type FakeProviders } from '../fakeProviders/server';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startWorkerProcess, waitFor } from '../helpers/workerProcess';
import { allJobsDone, differences, faultWorkerEnv, fingerprint, queueScenario, startFaultServer, type FaultDatabase, type ScenarioFiles } from './scenario';
import { runWithKills } from './kills';
import { mulberry32 } from '../../seeds/random';
import { withCredentials } from '../../src/db/url';

const KILLS = 3;
const children: ChildProcess[] = [];
let dir: string;
let storage: Storage;
let fake: FakeProviders;
const databases: TestDatabase[] = [];
const files: ScenarioFiles = {};

const asFaultDatabase = (db: TestDatabase): FaultDatabase => ({
  url: db.url,
  authenticatorUrl: withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator'),
  pool: db.pool,
  close: async () => {},
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-kills-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-kills' }), { directory: path.join(dir, 's3') });
  fake = await startFakeProviders();
  files.appleHealth = path.join(dir, 'export.zip');
  await writeAppleHealthExport(files.appleHealth, { years: 1, recordsPerDay: 150, zip: true, seed: 'worker-kills' });
  files.strong = path.resolve(__dirname, '..', 'fixtures', 'strong', 'workouts.csv');
  for (let i = 0; i < 2; i++) {
    const db = await createTestDatabase();
    db.pool.on('error', () => {});
    databases.push(db);
  }
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  for (const db of databases) await db.drop();
  await fake?.close();
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test(`${KILLS} SIGKILLs of the worker during imports and syncs: every job ends once, with the data of an uninterrupted run`, async () => {
  const [reference, interrupted] = databases.map(asFaultDatabase) as [FaultDatabase, FaultDatabase];
  const queued = [];
  for (const db of [reference, interrupted]) {
    const api = await startFaultServer(db, { storage, fakeOrigin: fake.origin });
    try {
      queued.push(await queueScenario(api, db.pool, files));
    } finally {
      await api.server.close(1000);
    }
  }
  const [ref, run] = queued as [(typeof queued)[0], (typeof queued)[0]];
  expect(run.jobIds).toHaveLength(ref.jobIds.length);

  const env = faultWorkerEnv(fake.origin);
  const referenceOutput: string[] = [];
  const referenceWorker = startWorkerProcess({ databaseUrl: reference.url, storage, output: referenceOutput, children, env });
  const [outcome, referenceJobs] = await Promise.all([
    runWithKills({ db: interrupted, userId: run.userId, kills: KILLS, random: mulberry32(15_05), timeoutMs: 200_000, start: (output) => startWorkerProcess({ databaseUrl: interrupted.url, storage, output, children, env }) }),
    waitFor(() => `the reference run (${referenceOutput.join('').slice(-1500)})`, () => allJobsDone(reference.pool, ref.userId), 200_000),
  ]);
  referenceWorker.kill('SIGTERM');

  expect(outcome.kills).toHaveLength(KILLS);
  // The kills hit running jobs (one may land between two jobs, after its job ended in the delay).
  expect(outcome.kills.filter((k) => k.running.length > 0).length).toBeGreaterThan(0);
  expect(referenceJobs.map((j) => j.status)).toEqual(referenceJobs.map(() => 'succeeded'));
  expect(outcome.jobs.map((j) => j.status)).toEqual(outcome.jobs.map(() => 'succeeded'));
  // Killed jobs ran again (more than one attempt); none ran after it succeeded.
  expect(outcome.jobs.filter((j) => j.attempts > 1).length).toBeGreaterThan(0);

  const expected = await fingerprint(reference.pool, ref.userId);
  const actual = await fingerprint(interrupted.pool, run.userId);
  expect(differences(expected, actual)).toEqual([]);
  expect(expected.wearable_daily!.rows).toBeGreaterThan(300);
  expect(expected.lifting_sets!.rows).toBeGreaterThan(0);
}, 240_000);
