// npm run bench:faults: the full fault runs of docs/faults.md, on private embedded PostgreSQL
// clusters and 127.0.0.1 only (fake provider servers, in-process S3), bounded in count and time.
//   1. kills: the worker SIGKILLed FAULTS_KILLS (20) times at random points while it runs one
//      user's imports (Apple Health export, Strong CSV, through POST /imports) and provider syncs
//      (all five providers), a new worker after each kill; the final data against an
//      uninterrupted run of the same jobs on a fresh database.
//   2. restart during a sync: PostgreSQL stopped (pg_ctl stop -m fast) while a provider sync runs,
//      down FAULTS_DOWN_MS, started again; the worker must ride it out and the data equal a clean run.
//   3. restart under API traffic: GraphQL and REST answers during the outage (503 vs 500), and the
//      time from PostgreSQL's return to the first success of every kind of request.
// Writes bench/results/faults-<ISO basic timestamp>.json and prints a summary.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAppleHealthExport } from '../appleHealthGenerate';
import { loadConfig } from '../../src/config';
import { issueSession } from '../../src/auth/sessions';
import { openStorage, type Storage } from '../../src/storage/s3';
import { mulberry32 } from '../../seeds/random';
import { startFakeProviders, type FakeProviders } from '../../test/fakeProviders/server';
import { createUser } from '../../test/helpers/db';
import { startWorkerProcess, waitFor } from '../../test/helpers/workerProcess';
import { runWithKills } from '../../test/faults/kills';
import {
  allJobsDone,
  differences,
  faultWorkerEnv,
  fingerprint,
  privateCluster,
  queueScenario,
  startFaultServer,
  type FaultDatabase,
  type PrivateCluster,
  type ScenarioFiles,
} from '../../test/faults/scenario';
import { startTraffic, summarise } from '../../test/faults/traffic';

const KILLS = Number(process.env.FAULTS_KILLS ?? 20);
const SEED = Number(process.env.FAULTS_SEED ?? 1505);
const DOWN_MS = Number(process.env.FAULTS_DOWN_MS ?? 2000);
const APPLE_YEARS = Number(process.env.FAULTS_APPLE_YEARS ?? 2);
const ROOT = path.resolve(__dirname, '..', '..');

const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Queues the scenario through the API (which is then closed again: the worker is what is tested). */
async function queue(db: FaultDatabase, storage: Storage | undefined, fake: FakeProviders, files: ScenarioFiles) {
  const api = await startFaultServer(db, { storage, fakeOrigin: fake.origin });
  try {
    return await queueScenario(api, db.pool, files);
  } finally {
    await api.server.close(1000);
  }
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function killsPhase(clean: PrivateCluster, storage: Storage, fake: FakeProviders, files: ScenarioFiles) {
  const reference = await clean.createDatabase('kills_reference');
  const interrupted = await clean.createDatabase('kills_interrupted');
  try {
    const ref = await queue(reference, storage, fake, files);
    const run = await queue(interrupted, storage, fake, files);
    const env = faultWorkerEnv(fake.origin);
    const refOutput: string[] = [];
    const started = Date.now();
    const refWorker = startWorkerProcess({ databaseUrl: reference.url, storage, output: refOutput, children, env });
    const referenceDone = waitFor(() => `the reference run (${refOutput.join('').slice(-1500)})`, () => allJobsDone(reference.pool, ref.userId), 600_000).then((jobs) => ({
      jobs,
      ms: Date.now() - started,
    }));
    log(`kills: ${run.jobIds.length} jobs queued; killing the worker ${KILLS} times`);
    const outcome = await runWithKills({
      db: interrupted,
      userId: run.userId,
      kills: KILLS,
      random: mulberry32(SEED),
      // On a quiet machine the 12 jobs take a few seconds in all: kills up to 6 s apart left most
      // of the 20 unused (2 made on 2026-12-07), so they come within half a second of a job start.
      maxDelayMs: Number(process.env.FAULTS_MAX_DELAY_MS ?? 500),
      timeoutMs: 600_000,
      start: (output) => startWorkerProcess({ databaseUrl: interrupted.url, storage, output, children, env }),
    });
    const referenceRun = await referenceDone;
    await stopWorker(refWorker);
    const expected = await fingerprint(reference.pool, ref.userId);
    const actual = await fingerprint(interrupted.pool, run.userId);
    const diff = differences(expected, actual);
    log(`kills: ${outcome.kills.length} kills, final data ${diff.length === 0 ? 'EQUAL' : `DIFFERENT in ${diff.join(', ')}`}`);
    return {
      killsRequested: KILLS,
      kills: outcome.kills,
      workersStarted: outcome.workersStarted,
      jobs: outcome.jobs.map((j) => ({ jobType: j.job_type, source: j.source, status: j.status, attempts: j.attempts, maxAttempts: j.max_attempts, error: j.error_message })),
      jobsRetried: outcome.jobs.filter((j) => j.attempts > 1).length,
      attemptsTotal: outcome.jobs.reduce((n, j) => n + j.attempts, 0),
      referenceJobs: referenceRun.jobs.map((j) => ({ jobType: j.job_type, source: j.source, status: j.status, attempts: j.attempts })),
      referenceMs: referenceRun.ms,
      finishAfterLastKillMs: outcome.finishMs,
      expected,
      actual,
      equal: diff.length === 0,
      differences: diff,
      allSucceeded: outcome.jobs.every((j) => j.status === 'succeeded') && referenceRun.jobs.every((j) => j.status === 'succeeded'),
    };
  } finally {
    await reference.close();
    await interrupted.close();
  }
}

async function syncRestartPhase(clean: PrivateCluster, restarted: PrivateCluster, fake: FakeProviders) {
  const reference = await clean.createDatabase('sync_reference');
  const interrupted = await restarted.createDatabase('sync_interrupted');
  try {
    const ref = await queue(reference, undefined, fake, {});
    const run = await queue(interrupted, undefined, fake, {});
    const env = faultWorkerEnv(fake.origin);
    const refOutput: string[] = [];
    const refWorker = startWorkerProcess({ databaseUrl: reference.url, output: refOutput, children, env });
    const output: string[] = [];
    const worker = startWorkerProcess({ databaseUrl: interrupted.url, output, children, env });
    const running = await waitFor(
      () => `a sync to be running (${output.join('').slice(-1500)})`,
      async () => (await interrupted.pool.query(`select job_type::text, source::text from vitalis.ingestion_jobs where user_id = $1 and status = 'running'`, [run.userId])).rows[0],
      120_000,
    );
    log(`sync restart: stopping PostgreSQL during the ${running.source} ${running.job_type}`);
    const stoppedAt = Date.now();
    await restarted.stopServer();
    await sleep(DOWN_MS);
    await restarted.startServer();
    const upAt = Date.now();
    const jobs = await waitFor(() => `every job to be over after the restart (${output.join('').slice(-3000)})`, () => allJobsDone(interrupted.pool, run.userId), 300_000);
    const finishedAt = Date.now();
    const refJobs = await waitFor(() => `the reference run (${refOutput.join('').slice(-1500)})`, () => allJobsDone(reference.pool, ref.userId), 300_000);
    const workerAlive = worker.exitCode === null && worker.signalCode === null;
    await stopWorker(worker);
    await stopWorker(refWorker);
    const diff = differences(await fingerprint(reference.pool, ref.userId), await fingerprint(interrupted.pool, run.userId));
    log(`sync restart: worker ${workerAlive ? 'stayed up' : 'DIED'}, final data ${diff.length === 0 ? 'EQUAL' : `DIFFERENT in ${diff.join(', ')}`}`);
    return {
      interruptedJob: running,
      downMs: upAt - stoppedAt,
      jobsDoneAfterRestartMs: finishedAt - upAt,
      workerAlive,
      jobs: jobs.map((j) => ({ jobType: j.job_type, source: j.source, status: j.status, attempts: j.attempts })),
      jobsRetried: jobs.filter((j) => j.attempts > 1).length,
      referenceAllSucceeded: refJobs.every((j) => j.status === 'succeeded'),
      allSucceeded: jobs.every((j) => j.status === 'succeeded'),
      equal: diff.length === 0,
      differences: diff,
      workerLog: output
        .join('')
        .split('\n')
        .filter((l) => /waiting for it|reachable again|released jobs|Failed task/.test(l))
        .map((l) => (JSON.parse(l) as { msg?: string }).msg?.split('\n')[0] ?? l)
        .slice(0, 20),
    };
  } finally {
    await reference.close();
    await interrupted.close();
  }
}

async function apiRestartPhase(restarted: PrivateCluster, fake: FakeProviders) {
  const db = await restarted.createDatabase('api_traffic');
  const { server, config } = await startFaultServer(db, { fakeOrigin: fake.origin });
  try {
    const userId = await createUser(db.pool);
    await db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, '2025-01-01', 'garmin', 1234)`, [userId]);
    const token = (await issueSession(db.pool, config, userId)).accessToken;
    const traffic = startTraffic(server, token, { clients: 4 });
    try {
      await traffic.successes(20, 0);
      const downAt = traffic.now();
      await restarted.stopServer();
      await sleep(DOWN_MS / 2);
      const health = await fetch(`${server.origin}/healthz`);
      const ready = await fetch(`${server.origin}/readyz`);
      const probes = { healthz: { status: health.status, body: await health.json() }, readyz: { status: ready.status, body: await ready.json() } };
      await sleep(DOWN_MS / 2);
      await restarted.startServer();
      const upAt = traffic.now();
      const recoveredAt = await traffic.successes(5, upAt);
      await sleep(1000);
      await traffic.stop();
      const summary = summarise(traffic.answers, downAt, upAt, recoveredAt);
      log(`api restart: ${summary.duringOutage.status503} × 503 and ${summary.duringOutage.status500} × 500 during the outage; recovered ${summary.recoveryMs} ms after PostgreSQL was back`);
      return { ...summary, downMs: upAt - downAt, probesWhileDown: probes };
    } finally {
      await traffic.stop();
    }
  } finally {
    await server.close(1000);
    await db.close();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-faults-'));
  const fake = await startFakeProviders();
  const storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-faults' }), { directory: path.join(dir, 's3') });
  // Each cluster in a temporary directory of its own: as root, PostgreSQL runs as the postgres user,
  // which must be able to enter the directory's parent (src/db/embedded.ts).
  const clusterDirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-faults-pg-')), fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-faults-pg-'))] as const;
  const clean = await privateCluster(clusterDirs[0]);
  const restarted = await privateCluster(clusterDirs[1]);
  const started = new Date();
  try {
    const files: ScenarioFiles = { appleHealth: path.join(dir, 'export.zip'), strong: path.join(ROOT, 'test', 'fixtures', 'strong', 'workouts.csv') };
    const generated = await writeAppleHealthExport(files.appleHealth!, { years: APPLE_YEARS, recordsPerDay: 200, zip: true, seed: 'faults-bench' });
    log(`Apple Health export: ${APPLE_YEARS} years, ${fs.statSync(files.appleHealth!).size} bytes`);
    const kills = await killsPhase(clean, storage, fake, files);
    const syncRestart = await syncRestartPhase(clean, restarted, fake);
    const apiRestart = await apiRestartPhase(restarted, fake);
    const result = {
      kind: 'faults',
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg(), node: process.version },
      settings: { kills: KILLS, seed: SEED, downMs: DOWN_MS, maxKillDelayMs: Number(process.env.FAULTS_MAX_DELAY_MS ?? 500), appleHealthYears: APPLE_YEARS, appleHealthElements: generated.elements, appleHealthXmlBytes: generated.xmlBytes },
      kills,
      syncRestart,
      apiRestart,
      ok: kills.equal && kills.allSucceeded && syncRestart.equal && syncRestart.workerAlive && syncRestart.allSucceeded && apiRestart.byStatus['500'] === undefined,
    };
    const stamp = started.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const out = path.join(ROOT, 'bench', 'results', `faults-${stamp}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      [
        '',
        `Faults (${out})`,
        `  kills: ${kills.kills.length} SIGKILLs, ${kills.workersStarted} workers started; jobs retried ${kills.jobsRetried}/${kills.jobs.length}, attempts ${kills.attemptsTotal}; all succeeded: ${kills.allSucceeded}; final data equal: ${kills.equal}`,
        `    killed during: ${Object.entries(kills.kills.flatMap((k) => k.running.map((r) => `${r.source} ${r.jobType}`)).reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {})).map(([k, n]) => `${k} ×${n}`).join(', ')}`,
        `  restart during a sync (${syncRestart.interruptedJob.source} ${syncRestart.interruptedJob.job_type}): worker stayed up: ${syncRestart.workerAlive}; jobs retried ${syncRestart.jobsRetried}; final data equal: ${syncRestart.equal}; done ${syncRestart.jobsDoneAfterRestartMs} ms after the restart`,
        `  restart under API traffic: ${apiRestart.requests} requests; during the outage ${apiRestart.duringOutage.status503} × 503, ${apiRestart.duringOutage.status500} × 500, ${apiRestart.duringOutage.other} other, ${apiRestart.duringOutage.without503Contract} 503s without code+Retry-After; recovery ${apiRestart.recoveryMs} ms; /healthz ${apiRestart.probesWhileDown.healthz.status}, /readyz ${apiRestart.probesWhileDown.readyz.status} while down`,
        `  ok: ${result.ok}`,
      ].join('\n'),
    );
    if (!result.ok) process.exitCode = 1;
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await restarted.close();
    await clean.close();
    await storage.close();
    await fake.close();
    for (const d of [dir, ...clusterDirs]) fs.rmSync(d, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  process.exit(1);
});
