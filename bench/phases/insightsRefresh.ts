// The nightly insights refresh benchmark phase: BENCH_INSIGHTS_USERS (1000; smoke 3) users with
// BENCH_INSIGHTS_YEARS (2) of history each (the generator's daily summaries, sleep and
// activities from several sources, plus a mood check-in most days and a supplement started
// half-way with its intake log), then the nightly run as it happens in production:
// queueNightlyRefresh queues one job per active user, and each user's refresh
// (src/insights/refresh.ts: read the series as the user, analyse, write in one transaction) runs
// once at concurrency 1 and once at concurrency 2 (the worker's default, WORKER_CONCURRENCY).
// Reports seconds per user and whether 100K users fit in a night (6 hours) at the measured rates.
// The jobs are not run through graphile-worker: its per-job overhead is a few milliseconds, small
// beside a refresh; the task (tasks/insights__refresh.ts) only parses the payload and calls this.
// BENCH_INSIGHTS_REFRESH=0 skips the phase.

import { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { queueNightlyRefresh } from '../../src/insights/nightly';
import { refreshUserInsights, type RefreshOutcome } from '../../src/insights/refresh';
import { copyInto, copyLine } from '../copy';
import { ACTIVITY_COLUMNS, DAILY_COLUMNS, SLEEP_COLUMNS, dayToIso, generateUsers, generateWearables, isoToDay, type BenchUser } from '../generate';
import { seedUsers } from '../setup';
import { elapsedMs, summarize } from '../stats';

export interface InsightsBenchOptions {
  users: number;
  days: number;
  seed: string;
  /** A night: the time 100K users must fit in. */
  nightHours: number;
  targetUsers: number;
}

export function insightsBenchOptions(env: NodeJS.ProcessEnv, smoke: boolean): InsightsBenchOptions {
  const users = Number(env.BENCH_INSIGHTS_USERS ?? (smoke ? 3 : 1000));
  if (!Number.isInteger(users) || users < 1) throw new Error(`BENCH_INSIGHTS_USERS must be an integer >= 1, got "${env.BENCH_INSIGHTS_USERS}"`);
  const years = Number(env.BENCH_INSIGHTS_YEARS ?? 2);
  if (!(years > 0 && years <= 10)) throw new Error(`BENCH_INSIGHTS_YEARS must be a number in (0, 10], got "${env.BENCH_INSIGHTS_YEARS}"`);
  return { users, days: smoke ? 90 : Math.round(years * 365), seed: `${env.BENCH_SEED || 'vitalis'}/insights`, nightHours: 6, targetUsers: 100_000 };
}

export interface RefreshRun {
  concurrency: number;
  users: number;
  wallSeconds: number;
  /** Wall time per user at this concurrency: what sets the night's length. */
  secondsPerUser: number;
  /** One refresh, start to end (read + analyse + write), ms. */
  perUserMs: ReturnType<typeof summarize>;
  readMs: ReturnType<typeof summarize>;
  analyseMs: ReturnType<typeof summarize>;
  writeMs: ReturnType<typeof summarize>;
  /** Hours for targetUsers at this rate, and whether that fits nightHours. */
  hoursForTarget: number;
  fitsNight: boolean;
}

export interface InsightsBenchResult {
  options: InsightsBenchOptions;
  data: { rows: Record<string, number>; setupMs: number };
  queue: { queued: number; ms: number };
  findings: { testsRunMean: number; seriesMean: number; correlations: number; beforeAfter: number; usersWithFindings: number };
  runs: RefreshRun[];
  notes: string[];
}

async function loadUsers(pool: Pool, users: readonly BenchUser[], options: InsightsBenchOptions, endDate: string, log: (m: string) => void): Promise<Record<string, number>> {
  const startDate = dayToIso(isoToDay(endDate) - options.days + 1);
  const counts: Record<string, number> = { wearable_daily: 0, wearable_sleep: 0, wearable_activities: 0 };
  for (const [i, user] of users.entries()) {
    const data = generateWearables(user, { seed: options.seed, startDate, endDate });
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const [table, rows, columns] of [['wearable_daily', data.daily, DAILY_COLUMNS], ['wearable_sleep', data.sleep, SLEEP_COLUMNS], ['wearable_activities', data.activities, ACTIVITY_COLUMNS]] as const) {
        const lines = rows.map((r) => copyLine([user.userId], r, columns)).join('');
        counts[table]! += await copyInto(client, `vitalis.${table}`, ['user_id', ...columns], [Buffer.from(lines)]);
      }
      await client.query('commit');
    } finally {
      client.release();
    }
    if ((i + 1) % 100 === 0) log(`insights: loaded ${i + 1}/${users.length} users`);
  }
  // Mood most days and a supplement started half-way, logged most evenings, for every user at once.
  const ids = users.map((u) => u.userId);
  const mood = await pool.query(
    `insert into vitalis.mood_journal (user_id, journal_date, mood_score, energy_score, stress_score)
     select u, d::date, 1 + (abs(hashtext(u::text || d::text)) % 5), 1 + (abs(hashtext(d::text || u::text)) % 5), 1 + (abs(hashtext(u::text || 's' || d::text)) % 5)
       from unnest($1::uuid[]) u, generate_series($2::date, $3::date, interval '1 day') d
      where abs(hashtext(u::text || 'm' || d::text)) % 10 < 8`,
    [ids, startDate, endDate],
  );
  counts.mood_journal = mood.rowCount ?? 0;
  const supplements = await pool.query(
    `insert into vitalis.supplements (user_id, name, dose_amount, dose_unit, frequency, started_at)
     select u, 'Magnesium', 200, 'mg', 'daily', $2::date + ($3::date - $2::date) / 2 from unnest($1::uuid[]) u`,
    [ids, startDate, endDate],
  );
  counts.supplements = supplements.rowCount ?? 0;
  const logs = await pool.query(
    `insert into vitalis.supplement_logs (user_id, supplement_id, taken_at, dose_amount, dose_unit)
     select s.user_id, s.supplement_id, d + interval '21 hours', 200, 'mg'
       from vitalis.supplements s, generate_series(s.started_at, $2::date, interval '1 day') d
      where s.user_id = any($1::uuid[]) and abs(hashtext(s.supplement_id::text || d::text)) % 10 < 8`,
    [ids, endDate],
  );
  counts.supplement_logs = logs.rowCount ?? 0;
  // Active: signed in recently (the nightly run skips users who are not).
  await pool.query(`update vitalis.users set last_login_at = now() - interval '1 day' where user_id = any($1::uuid[])`, [ids]);
  return counts;
}

async function refreshAll(pool: Pool, userIds: readonly string[], concurrency: number, options: InsightsBenchOptions): Promise<{ run: RefreshRun; outcomes: RefreshOutcome[] }> {
  // The INSIGHTS_* settings of this environment, the rest defaults.
  const config = loadConfig(Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('INSIGHTS_'))));
  const outcomes: RefreshOutcome[] = [];
  const perUser: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < userIds.length) {
        const userId = userIds[next++]!;
        const started = process.hrtime.bigint();
        outcomes.push(await refreshUserInsights(pool, config, userId));
        perUser.push(elapsedMs(started));
      }
    }),
  );
  const wallSeconds = elapsedMs(t0) / 1000;
  const secondsPerUser = wallSeconds / userIds.length;
  const hoursForTarget = (secondsPerUser * options.targetUsers) / 3600;
  return {
    outcomes,
    run: {
      concurrency,
      users: userIds.length,
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      secondsPerUser: Math.round(secondsPerUser * 10000) / 10000,
      perUserMs: summarize(perUser),
      readMs: summarize(outcomes.map((o) => o.readMs)),
      analyseMs: summarize(outcomes.map((o) => o.analyseMs)),
      writeMs: summarize(outcomes.map((o) => o.writeMs)),
      hoursForTarget: Math.round(hoursForTarget * 100) / 100,
      fitsNight: hoursForTarget <= options.nightHours,
    },
  };
}

export async function runInsightsBench(url: string, options: InsightsBenchOptions, log: (message: string) => void): Promise<InsightsBenchResult> {
  const pool = new Pool({ connectionString: url, max: 4, application_name: 'vitalis-bench-insights' });
  try {
    const endDate = dayToIso(isoToDay(new Date().toISOString().slice(0, 10)) - 1);
    // Users of their own seed, so they never collide with the other phases' users.
    const users = generateUsers({ seed: options.seed, users: options.users, endDate }).map((u) => ({ ...u, email: `insights-${u.email}` }));
    log(`insights: ${options.users} users x ${options.days} days`);
    const t0 = process.hrtime.bigint();
    await seedUsers(pool, users);
    const rows = await loadUsers(pool, users, options, endDate, log);
    await pool.query('vacuum (analyze) vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities, vitalis.mood_journal, vitalis.supplements, vitalis.supplement_logs, vitalis.insights, vitalis.users');
    const setupMs = elapsedMs(t0);
    // The data triggers queued debounced refreshes while loading; the nightly run replaces them.
    await pool.query(`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'insights__refresh')`);

    const q0 = process.hrtime.bigint();
    const queued = await queueNightlyRefresh(pool);
    const queueMs = elapsedMs(q0);
    const { rows: jobs } = await pool.query<{ user_id: string }>(
      `select j.payload->>'userId' as user_id from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'insights__refresh' order by j.run_at, j.id`,
    );
    const mine = new Set(users.map((u) => u.userId));
    const userIds = jobs.map((j) => j.user_id).filter((id) => mine.has(id));
    log(`insights: nightly queued ${queued} refreshes in ${Math.round(queueMs)} ms; refreshing ${userIds.length} at concurrency 1`);

    const serial = await refreshAll(pool, userIds, 1, options);
    log(`insights: concurrency 1: ${serial.run.secondsPerUser} s/user`);
    const parallel = await refreshAll(pool, userIds, 2, options);
    log(`insights: concurrency 2: ${parallel.run.secondsPerUser} s/user`);
    await pool.query(`delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'insights__refresh')`);

    const outcomes = serial.outcomes;
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
    return {
      options,
      data: { rows, setupMs: Math.round(setupMs) },
      queue: { queued, ms: Math.round(queueMs) },
      findings: {
        testsRunMean: mean(outcomes.map((o) => o.testsRun)),
        seriesMean: mean(outcomes.map((o) => o.series)),
        correlations: outcomes.reduce((n, o) => n + o.correlations, 0),
        beforeAfter: outcomes.reduce((n, o) => n + o.interventions, 0),
        usersWithFindings: outcomes.filter((o) => o.correlations + o.interventions > 0).length,
      },
      runs: [serial.run, parallel.run],
      notes: [
        'Each refresh reads the last 365 days (HISTORY_DAYS) whatever the history; the second run (concurrency 2) re-refreshes the same users, updating their findings in place.',
        `${options.targetUsers} users in ${options.nightHours} h needs at most ${((options.nightHours * 3600) / options.targetUsers).toFixed(3)} s of wall time per user.`,
      ],
    };
  } finally {
    await pool.end();
  }
}

export function formatInsightsReport(r: InsightsBenchResult): string {
  const lines = [
    `Insights nightly refresh: ${r.options.users} users x ${r.options.days} days (setup ${(r.data.setupMs / 1000).toFixed(1)} s; queueing ${r.queue.queued} jobs ${r.queue.ms} ms)`,
    `  series per user ${r.findings.seriesMean}, tests per user ${r.findings.testsRunMean}; ${r.findings.correlations} correlations and ${r.findings.beforeAfter} before/after findings, ${r.findings.usersWithFindings} users with at least one`,
    '  concurrency | s/user (wall) | refresh p50 / p95 ms | read / analyse / write p50 ms | 100K users | fits 6 h',
  ];
  for (const run of r.runs) {
    lines.push(
      `  ${String(run.concurrency).padStart(11)} | ${run.secondsPerUser.toFixed(4).padStart(13)} | ${`${run.perUserMs.p50Ms} / ${run.perUserMs.p95Ms}`.padStart(20)} | ` +
        `${`${run.readMs.p50Ms} / ${run.analyseMs.p50Ms} / ${run.writeMs.p50Ms}`.padStart(29)} | ${`${run.hoursForTarget} h`.padStart(10)} | ${run.fitsNight ? 'yes' : 'no'}`,
    );
  }
  return lines.join('\n');
}
