// The load test: the system started as deployed (processes.ts), one user per client with seeded
// history (seed.ts), LOAD_CLIENTS clients looping over the mix for LOAD_SECONDS (operations.ts),
// then the database reconciled against the clients' ledgers (reconcile.ts). Bounded: every request
// has a timeout, imports a give-up time, and the whole run a hard deadline after which it stops.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { endPool } from '../../src/db/pools';
import { mulberry32 } from '../../seeds/random';
import { environment, loadAverage } from '../environment';
import type { BenchResult } from '../result';
import { summarize, type LatencySummary } from '../stats';
import type { StatusClass } from './client';
import { Ledger, type MeasuredOperation } from './ledger';
import { DASHBOARD, NEWEST_DAYS, TREND, pickOperation, runOperation, type ClientContext, type LoadUser } from './operations';
import { OPERATIONS, type LoadOptions, type Operation } from './options';
import { startSystem, type RunningSystem, type SystemSettings } from './processes';
import { reconcile, waitForJobs, type Reconciliation } from './reconcile';
import { createLoadUsers, seedHistory } from './seed';
import { graphqlRequest } from './client';

export interface OperationResult {
  requests: number;
  ok: number;
  perSecond: number;
  latency: LatencySummary;
  statusClasses: Partial<Record<StatusClass, number>>;
  /** "<status> <code>" -> count, for every answer that was not an acknowledgement. */
  errors: Record<string, number>;
  examples: Record<string, string>;
}

export interface LoadResult {
  version: 1;
  kind: 'load';
  startedAt: string;
  durationMs: number;
  database: { mode: string; name: string };
  environment: BenchResult['environment'];
  options: LoadOptions;
  settings: SystemSettings;
  users: number;
  /** The measured window (LOAD_SECONDS, as it really lasted) and the drain after it. */
  window: { seconds: number; drainSeconds: number };
  operations: Partial<Record<MeasuredOperation, OperationResult>>;
  totals: { requests: number; perSecond: number; statusClasses: Partial<Record<StatusClass, number>>; serverErrors: number };
  imports: {
    uploaded: number;
    finished: number;
    /** From the job rows: queued -> started, started -> completed, queued -> completed. */
    jobLatency: { queueWait: LatencySummary; run: LatencySummary; total: LatencySummary };
    /** As a client saw it: upload sent -> job final through polling. */
    clientObserved: LatencySummary;
    /** Jobs still not final when reconciliation started. */
    unfinishedAtReconciliation: number;
  };
  reconciliation: Reconciliation;
  anomalies: string[];
  serverErrors: Array<{ operation: MeasuredOperation; status: number | null; message: string | null }>;
  /** The API's and the worker's last output lines when there were 5xx or mismatches. */
  processOutput?: { api: string; worker: string };
}

/**
 * One client: every operation of the mix once first (each client from another starting point, so
 * that even a run of a few seconds on a slow machine covers the mix), then operations picked by
 * weight until endAt.
 */
function runClient(c: ClientContext, endAt: number): Promise<void> {
  return (async () => {
    const exhausted = new Set<Operation>();
    const enabled = OPERATIONS.filter((op) => c.options.weights[op] > 0);
    for (let i = 0; i < enabled.length && !c.run.stopped; i++) {
      const op = enabled[(i + c.index) % enabled.length]!;
      if (!(await runOperation(c, op))) exhausted.add(op);
    }
    while (Date.now() < endAt && !c.run.stopped) {
      const weights = { ...c.options.weights };
      for (const op of exhausted) weights[op] = 0;
      if (Object.values(weights).every((w) => w === 0)) return;
      const op = pickOperation(weights, c.random);
      if (!(await runOperation(c, op))) exhausted.add(op);
    }
  })();
}

/** Fails fast when the reads do not answer with data: the run must measure real work. */
async function verifyReads(system: RunningSystem, user: LoadUser, timeoutMs: number): Promise<void> {
  for (const [query, variables, field] of [[DASHBOARD, {}, 'dashboard'], [TREND, { b: 'glucose' }, 'biomarkerTrend'], [NEWEST_DAYS, {}, 'wearableDailies']] as const) {
    const result = await graphqlRequest<Record<string, unknown[] | { nodes: unknown[] }>>(system.graphqlUrl, user.token, query, variables, timeoutMs);
    const answer = result.data?.[field];
    const rows = Array.isArray(answer) ? answer : answer?.nodes;
    if (!result.ok || !rows?.length) throw new Error(`${field} answered no data before the run: ${result.status} ${result.code} ${result.message}`);
  }
}

function msBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? to.getTime() - from.getTime() : null;
}

export async function runLoadTest(options: LoadOptions, database: { url: string; mode: string; name: string }, log: (message: string) => void = () => {}): Promise<LoadResult> {
  const started = Date.now();
  const hardDeadline = started + options.deadlineSeconds * 1000;
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => {});
  let system: RunningSystem | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = { stopped: false };
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the load test passed its hard deadline of ${options.deadlineSeconds} s (LOAD_DEADLINE_SECONDS) and was stopped`)), options.deadlineSeconds * 1000);
  });
  const work = async (): Promise<LoadResult> => {
    const env = await environment(pool);
    system = await startSystem({ databaseUrl: database.url, workerConcurrency: options.workerConcurrency, log, apiInProcess: options.apiInProcess });
    const tokenSeconds = options.deadlineSeconds + 60;
    log(`creating ${options.users} users with sessions`);
    const users = await createLoadUsers(pool, system.config, options.users, tokenSeconds);
    const today = new Date().toISOString().slice(0, 10);
    log(`seeding ${options.seedDays} days of wearables and 8 lab panels per user`);
    await seedHistory({ pool, graphqlUrl: system.graphqlUrl, users, days: options.seedDays, today, timeoutMs: options.requestTimeoutMs });
    await verifyReads(system, users[0]!, options.requestTimeoutMs);

    const ledger = new Ledger();
    const runId = randomBytes(4).toString('hex');
    const windowStart = Date.now();
    const endAt = windowStart + options.seconds * 1000;
    // Reconciliation and cleanup keep 20 s of the hard deadline.
    const drainDeadline = Math.min(hardDeadline - 20_000, endAt + options.drainSeconds * 1000);
    log(`run ${runId}: ${options.clients} clients for ${options.seconds} s on ${system.origin}`);
    const random = mulberry32(options.seed);
    const stride = Math.ceil(options.clients / users.length);
    await Promise.all(
      Array.from({ length: options.clients }, (_, index) =>
        runClient(
          {
            index,
            user: users[index % users.length]!,
            userIndex: index % users.length,
            slot: Math.floor(index / users.length),
            stride,
            runId,
            origin: system!.origin,
            graphqlUrl: system!.graphqlUrl,
            options,
            ledger,
            random: mulberry32(Math.floor(random() * 2 ** 31)),
            drainDeadline,
            run,
            counters: { measurement: 0, mood: 0, daily: 0, activity: 0, strong: 0, appleHealth: 0 },
          },
          endAt,
        ),
      ),
    );
    const windowMs = Date.now() - windowStart;
    const userIds = users.map((u) => u.userId);
    log('waiting for the worker to finish the queued imports');
    const unfinished = await waitForJobs(pool, userIds, drainDeadline);
    const drainMs = Date.now() - windowStart - windowMs;
    log('reconciling the ledgers with the database');
    const reconciliation = await reconcile(pool, runId, userIds, ledger.writes);

    const operations: LoadResult['operations'] = {};
    const totals: LoadResult['totals'] = { requests: 0, perSecond: 0, statusClasses: {}, serverErrors: ledger.serverErrors.length };
    for (const [op, record] of ledger.operations) {
      operations[op] = {
        requests: record.latencies.length,
        ok: record.ok,
        perSecond: Math.round((record.latencies.length * 1000 * 10) / windowMs) / 10,
        latency: summarize(record.latencies),
        statusClasses: record.statusClasses,
        errors: record.errors,
        examples: record.examples,
      };
      totals.requests += record.latencies.length;
      for (const [cls, n] of Object.entries(record.statusClasses)) totals.statusClasses[cls as StatusClass] = (totals.statusClasses[cls as StatusClass] ?? 0) + n;
    }
    totals.perSecond = Math.round((totals.requests * 1000 * 10) / windowMs) / 10;

    const jobRows = (await pool.query<{ queued_at: Date; started_at: Date | null; completed_at: Date | null }>(
      `select queued_at, started_at, completed_at from vitalis.ingestion_jobs where user_id = any($1::uuid[]) and job_type = 'file_import'`,
      [userIds],
    )).rows;
    const finite = (values: Array<number | null>) => values.filter((v): v is number => v !== null);
    const uploads = ledger.writes.filter((w) => (w.kind === 'strongImport' || w.kind === 'appleHealthImport') && w.job);
    const mismatchOrErrors = ledger.serverErrors.length > 0 || !reconciliation.exact;
    return {
      version: 1,
      kind: 'load',
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      database: { mode: database.mode, name: database.name },
      environment: { ...env, loadAverage: { start: env.loadAverage.start, end: loadAverage() } },
      options,
      settings: system.settings,
      users: users.length,
      window: { seconds: Math.round(windowMs / 100) / 10, drainSeconds: Math.round(drainMs / 100) / 10 },
      operations,
      totals,
      imports: {
        uploaded: uploads.length,
        finished: uploads.filter((w) => w.job?.observedMs != null).length,
        jobLatency: {
          queueWait: summarize(finite(jobRows.map((j) => msBetween(j.queued_at, j.started_at)))),
          run: summarize(finite(jobRows.map((j) => msBetween(j.started_at, j.completed_at)))),
          total: summarize(finite(jobRows.map((j) => msBetween(j.queued_at, j.completed_at)))),
        },
        clientObserved: summarize(finite(uploads.map((w) => w.job?.observedMs ?? null))),
        unfinishedAtReconciliation: unfinished,
      },
      reconciliation,
      anomalies: ledger.anomalies,
      serverErrors: ledger.serverErrors.slice(0, 50),
      ...(mismatchOrErrors ? { processOutput: { api: system.output.api.join('').slice(-8000), worker: system.output.worker.join('').slice(-8000) } } : {}),
    };
  };
  const running = work();
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
    run.stopped = true;
    // Past the deadline the work may still be starting the processes: let it get that far (its
    // own start-up timeout bounds this), so that what it started is stopped too.
    await Promise.race([running.catch(() => {}), new Promise((r) => setTimeout(r, 130_000).unref())]);
    await (system as RunningSystem | undefined)?.stop();
    await endPool(pool);
  }
}
