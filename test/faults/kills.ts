// Kills a worker process with SIGKILL at random points while it runs a user's jobs, starting a new
// one after each kill, then lets a last worker finish everything (test/faults/workerKills.test.ts,
// bench/faults/run.ts). A kill waits until the new worker has started a job of its own (its
// started_at is after the worker's spawn), then a random delay, so it lands inside a job.
import type { ChildProcess } from 'node:child_process';
import { waitFor } from '../helpers/workerProcess';
import { allJobsDone, type FaultDatabase, type JobState } from './scenario';

export interface KillRecord {
  kill: number;
  /** Milliseconds from the worker's spawn to the kill. */
  afterSpawnMs: number;
  /** Milliseconds from its first job start to the kill (the random part). */
  afterJobStartMs: number;
  /** The ingestion jobs running when it was killed, with the progress they had recorded. */
  running: Array<{ jobType: string; source: string | null; attempt: number; progress: unknown }>;
}

export interface KillRun {
  kills: KillRecord[];
  jobs: JobState[];
  /** Milliseconds from the last kill to every job being over. */
  finishMs: number;
  workersStarted: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export async function runWithKills(options: {
  db: FaultDatabase;
  userId: string;
  kills: number;
  /** A seeded PRNG (seeds/random.ts) in [0, 1). */
  random: () => number;
  start: (output: string[]) => ChildProcess;
  /** The random delay after the first job start is in [0, maxDelayMs). Default 1500. */
  maxDelayMs?: number;
  timeoutMs?: number;
}): Promise<KillRun> {
  const { db, userId } = options;
  const maxDelay = options.maxDelayMs ?? 1500;
  const timeout = options.timeoutMs ?? 120_000;
  const kills: KillRecord[] = [];
  let workersStarted = 0;
  for (let n = 1; n <= options.kills; n++) {
    const output: string[] = [];
    const { rows } = await db.pool.query<{ now: Date }>('select now()');
    const spawnedAt = rows[0]!.now;
    const spawned = Date.now();
    const child = options.start(output);
    workersStarted++;
    try {
      const started = await waitFor(
        () => `worker ${n} to start a job (output: ${output.join('').slice(-1500)})`,
        async () => {
          const running = await db.pool.query(`select 1 from vitalis.ingestion_jobs where user_id = $1 and status = 'running' and started_at > $2`, [userId, spawnedAt]);
          if (running.rows.length > 0) return 'running' as const;
          return (await allJobsDone(db.pool, userId)) ? ('done' as const) : undefined;
        },
        timeout,
      );
      if (started === 'done') break;
      const firstJob = Date.now();
      await sleep(options.random() * maxDelay);
      const running = await db.pool.query<{ job_type: string; source: string | null; attempts: number; result: { progress?: unknown } | null }>(
        `select job_type::text, source::text, attempts, result from vitalis.ingestion_jobs where user_id = $1 and status = 'running' and started_at > $2`,
        [userId, spawnedAt],
      );
      const killedAt = Date.now();
      await killAndWait(child);
      kills.push({
        kill: n,
        afterSpawnMs: killedAt - spawned,
        afterJobStartMs: killedAt - firstJob,
        running: running.rows.map((r) => ({ jobType: r.job_type, source: r.source, attempt: r.attempts, progress: r.result?.progress ?? null })),
      });
    } finally {
      await killAndWait(child);
    }
  }
  const lastKill = Date.now();
  const output: string[] = [];
  const last = options.start(output);
  workersStarted++;
  try {
    const jobs = await waitFor(() => `every job to be over after ${kills.length} kills (output: ${output.join('').slice(-2000)})`, () => allJobsDone(db.pool, userId), timeout);
    return { kills, jobs, finishMs: Date.now() - lastKill, workersStarted };
  } finally {
    const exited = new Promise((resolve) => last.once('exit', resolve));
    if (last.exitCode === null && last.signalCode === null) last.kill('SIGTERM');
    await exited;
  }
}
