// The benchmark itself, independent of where the database comes from (bench/run.ts provisions
// one; test/bench/smoke.test.ts uses the test database): generation, then the phases in
// bench/phases/ in order, on one pg Pool of superuser connections. bench/run.ts adds the HTTP,
// Apple Health and hostile-traffic phases.

import { Pool } from 'pg';
import { environment, loadAverage, rowCounts, sizes } from './environment';
import { dayToIso, generateUsers, generateWearables, isoToDay } from './generate';
import type { BenchOptions } from './options';
import { runDashboard } from './phases/dashboard';
import { TABLES, runIngestion } from './phases/ingestion';
import { runTrend } from './phases/trend';
import type { BenchResult } from './result';
import { loadBloodwork, seedUsers, vacuumAnalyze } from './setup';
import { elapsedMs } from './stats';

export interface RunContext {
  /** Superuser connection string of the database to benchmark (migrated, dictionaries loaded). */
  url: string;
  /** How the database was provided (embedded, external, test); recorded in the result. */
  mode: string;
  log?: (message: string) => void;
}

export async function runBenchmark(options: BenchOptions, ctx: RunContext): Promise<BenchResult> {
  const log = ctx.log ?? (() => {});
  const started = new Date();
  const t0 = process.hrtime.bigint();
  const pool = new Pool({ connectionString: ctx.url, max: 3, application_name: 'vitalis-bench' });
  // An idle connection that the server closes must not crash the process; the next query on an
  // active one fails with the real error.
  pool.on('error', (error) => log(`idle connection error: ${error.message}`));
  try {
    const env = await environment(pool);
    const { rows: dbRows } = await pool.query('select current_database() as name, current_date::text as today');
    const { name: dbName, today } = dbRows[0] as { name: string; today: string };
    const endDate = today;
    const startDate = dayToIso(isoToDay(endDate) - options.days + 1);
    log(`PostgreSQL ${env.postgres.settings.server_version ?? env.postgres.versionNum}, ${options.users} users x ${options.days} days (${startDate} .. ${endDate})`);

    // Generate everything up front: generation is not what is measured.
    let tg = process.hrtime.bigint();
    const users = generateUsers({ seed: options.seed, users: options.users, endDate });
    const wearables = users.map((u) => generateWearables(u, { seed: options.seed, startDate, endDate }));
    const upsertCohort = users.filter((u) => u.index % 2 === 0);
    const copyCohort = users.filter((u) => u.index % 2 === 1);
    const generated = {
      wearable_daily: wearables.reduce((n, w) => n + w.daily.length, 0),
      wearable_sleep: wearables.reduce((n, w) => n + w.sleep.length, 0),
      wearable_activities: wearables.reduce((n, w) => n + w.activities.length, 0),
      blood_panels: 0,
      blood_markers: 0,
    };
    const generateMs = elapsedMs(tg);
    log(`generated ${generated.wearable_daily} daily, ${generated.wearable_sleep} sleep, ${generated.wearable_activities} activity rows in ${Math.round(generateMs)} ms`);

    tg = process.hrtime.bigint();
    await seedUsers(pool, users);
    for (const spec of TABLES) {
      await pool.query('select vitalis_private.ensure_partitions($1::regclass, $2::date, $3::date)', [`vitalis.${spec.table}`, startDate, endDate]);
    }
    const usersMs = elapsedMs(tg);

    // 1. Ingestion: per table, upserts as vitalis_api, the same batches again, then COPY.
    const ingestion = await runIngestion(pool, { wearables, upsertCohort, copyCohort, batchSize: options.batchSize, log });

    // Blood work (setup for the trend query; not measured).
    tg = process.hrtime.bigint();
    const blood = await loadBloodwork(pool, users, { seed: options.seed, startDate, endDate, markersPerPanel: options.markersPerPanel }, log);
    generated.blood_panels = blood.panels;
    generated.blood_markers = blood.markers;
    const bloodworkMs = elapsedMs(tg);

    tg = process.hrtime.bigint();
    await vacuumAnalyze(pool);
    const vacuumMs = elapsedMs(tg);

    // 2. Dashboard.
    const dashboard = await runDashboard(pool, users, options, log);

    // 3. Biomarker trend.
    const biomarkerTrend = await runTrend(pool, users, blood.bloodwork, options, log);

    const counts = await rowCounts(pool);
    const sizeInfo = await sizes(pool);
    const finished = new Date();
    env.loadAverage.end = loadAverage();
    return {
      version: 1,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: Math.round(elapsedMs(t0)),
      database: { mode: ctx.mode, name: dbName },
      environment: env,
      config: {
        ...options,
        startDate,
        endDate,
        order: [
          'per table: warm-up upserts (rolled back), vacuum, upserts as vitalis_api, re-run of the same batches, warm-up COPY (rolled back), COPY with the audit trigger disabled (rolled back), vacuum, COPY as superuser',
          'blood work load', 'vacuum analyze', 'dashboard (3 variants interleaved)', 'EXPLAIN ANALYZE (median of 7 interleaved rounds after a warm-up round)', 'biomarker trend',
        ],
        notes: [
          'Users with an even index are ingested through the upsert functions, odd ones by COPY, so keys never collide and row counts are comparable.',
          'Upserts: one transaction per user (role vitalis_api, app.current_user_id set), per-source batches of batchSize rows, JSON serialised before timing.',
          'COPY: one transaction and one COPY statement per table for the whole COPY cohort, text format encoded before timing; statement-level audit triggers fire for COPY too.',
          'COPY without audit: the same COPY with the statement-level audit INSERT trigger disabled inside a transaction that is rolled back (timed without the commit).',
          'Query latency is the statement alone (not BEGIN/set_config/COMMIT), through node-pg unnamed statements (planned on every execution); variants rotate order every iteration.',
          'Dashboard "rls, date parameter": the same SQL with `>= $2::date` (the start date computed once per run from current_date - 30) instead of `>= current_date - 30`.',
        ],
      },
      data: {
        generated,
        upsertCohortUsers: upsertCohort.length,
        copyCohortUsers: copyCohort.length,
        dictionary: { numericMarkers: blood.numericBefore, fallbackInserted: blood.fallbackInserted, markersPerPanel: Math.min(options.markersPerPanel, blood.markersAvailable) },
        setupMs: { generate: Math.round(generateMs), users: Math.round(usersMs), bloodwork: Math.round(bloodworkMs), vacuumAnalyze: Math.round(vacuumMs) },
        rowCounts: counts,
        sizesMiB: sizeInfo,
      },
      ingestion,
      queries: { dashboard, biomarkerTrend },
    };
  } finally {
    await pool.end();
  }
}

