// One level of the scale benchmark, on its kept data set: new users arriving (upserts vs COPY
// into the loaded tables, with and without auditing; removed again afterwards so the data set
// stays as loaded), the dashboard and trend statements on random users of the whole data set,
// GraphQL over HTTP against the same SQL, and the size of every table and index.

import { Pool } from 'pg';
import { dayToIso, generateUsers, generateWearables, isoToDay, type Bloodwork } from '../generate';
import { runIngestion } from '../phases/ingestion';
import { runDashboard } from '../phases/dashboard';
import { runTrend } from '../phases/trend';
import { httpCases, runHttpPhase } from '../phases/http';
import type { HttpCaseResult } from '../http';
import type { BenchOptions } from '../options';
import type { PlanSummary, QueryBenchResult } from '../result';
import { seedUsers } from '../setup';
import type { Dataset } from './dataset';
import type { ScaleOptions } from './options';
import { relationSizes, type RelationSize } from './sizes';
import { removeUsers } from './removeUsers';

export interface ScaleLevelResult {
  users: number;
  days: number;
  dataset: { name: string; origin: Dataset['origin']; loadMs: number; loadedThisRun: Dataset['load'] };
  rowCounts: Record<string, number>;
  ingestion: { arrivals: number; days: number } & Awaited<ReturnType<typeof runIngestion>>;
  dashboard: QueryBenchResult & { plans: PlanSummary[] };
  biomarkerTrend: (QueryBenchResult & { plans: PlanSummary[] }) | null;
  http: HttpCaseResult[] | null;
  sizes: RelationSize[];
  databaseMiB: number;
}

const COUNTED = ['vitalis.users', 'vitalis.wearable_daily', 'vitalis.wearable_sleep', 'vitalis.wearable_activities', 'vitalis.blood_panels',
  'vitalis.blood_markers', 'vitalis.lifting_sessions', 'vitalis.lifting_sets', 'vitalis.measurements', 'vitalis.audit_log'];

/** Estimated row counts (pg_class.reltuples after ANALYZE): exact counts of 100M rows take minutes. */
export async function rowEstimates(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query(
    `select t, sum(greatest(c.reltuples, 0))::float8 as n
       from unnest($1::text[]) t
       left join lateral pg_partition_tree(t::regclass) p on true
       join pg_class c on c.oid = coalesce(p.relid, t::regclass)
      where p.relid is null or p.isleaf group by t`, [COUNTED]);
  return Object.fromEntries((rows as { t: string; n: number }[]).map((r) => [r.t.replace(/^vitalis\./, ''), Math.round(r.n)]));
}

/** For the trend statement: up to 500 users of the whole data set, each with the biomarkers they have results for. */
async function trendSample(pool: Pool, users: number): Promise<{ userIds: string[]; bloodwork: Bloodwork[] }> {
  const { rows } = await pool.query(
    `select u.user_id::text, array_agg(distinct m.biomarker_id::text) as markers
       from (select user_id from vitalis.users order by md5(user_id::text) limit $1) u
       join vitalis.blood_markers m on m.user_id = u.user_id
      group by u.user_id`, [Math.min(users, 500)]);
  const sampled = rows as { user_id: string; markers: string[] }[];
  return { userIds: sampled.map((r) => r.user_id), bloodwork: sampled.map((r) => ({ panels: [], markers: [], coreMarkerIds: r.markers })) };
}

export async function measureLevel(dataset: Dataset, options: ScaleOptions, log: (m: string) => void): Promise<ScaleLevelResult> {
  const { manifest } = dataset;
  const pool = new Pool({ connectionString: dataset.url, max: 3, application_name: 'vitalis-bench-scale' });
  pool.on('error', (error) => log(`idle connection error: ${error.message}`));
  const bench: BenchOptions = {
    smoke: false, users: manifest.users, days: manifest.days, years: Math.round((manifest.days / 365) * 100) / 100, seed: options.seed,
    batchSize: 365, iterations: options.iterations, warmup: options.warmup, markersPerPanel: options.markersPerPanel,
  };
  try {
    // New users arriving: a year each, half through the upsert functions, half by COPY.
    const arrivalDays = Math.min(365, manifest.days);
    const arrivalStart = dayToIso(isoToDay(manifest.endDate) - arrivalDays + 1);
    const arrivals = generateUsers({ seed: options.seed, users: options.arrivals, endDate: manifest.endDate, from: manifest.users });
    const ids = arrivals.map((u) => u.userId);
    await removeUsers(pool, ids); // left over from an interrupted run
    await seedUsers(pool, arrivals);
    let ingestion: Awaited<ReturnType<typeof runIngestion>>;
    try {
      const wearables = arrivals.map((u) => generateWearables(u, { seed: options.seed, startDate: arrivalStart, endDate: manifest.endDate }));
      // runIngestion indexes wearables by position among the users it is given.
      const indexed = arrivals.map((u, i) => ({ ...u, index: i }));
      ingestion = await runIngestion(pool, {
        wearables,
        upsertCohort: indexed.filter((u) => u.index % 2 === 0),
        copyCohort: indexed.filter((u) => u.index % 2 === 1),
        batchSize: 365,
        log: (m) => log(`${manifest.users} users: ${m}`),
      });
    } finally {
      await removeUsers(pool, ids);
    }
    await pool.query('vacuum (analyze) vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities, vitalis.users');

    const everyone = generateUsers({ seed: manifest.seed, users: manifest.users, endDate: manifest.endDate });
    log(`${manifest.users} users: dashboard`);
    const dashboard = await runDashboard(pool, everyone, bench, log);
    const sample = await trendSample(pool, manifest.users);
    // runTrend finds a user's biomarkers at bloodwork[user.index].
    const trendUsers = sample.userIds.map((userId, index) => ({ ...(everyone[0] as (typeof everyone)[number]), index, userId }));
    const biomarkerTrend = await runTrend(pool, trendUsers, sample.bloodwork, bench, log);
    const http = options.http ? await runHttpPhase(dataset.url, httpCases, { smoke: false, log, seconds: options.httpSeconds }) : null;
    const sizes = await relationSizes(pool);
    const databaseMiB = Number(((await pool.query(`select pg_database_size(current_database()) / 1048576.0 as m`)).rows[0] as { m: string }).m);
    return {
      users: manifest.users,
      days: manifest.days,
      dataset: { name: dataset.name, origin: dataset.origin, loadMs: manifest.loadMs, loadedThisRun: dataset.load },
      rowCounts: await rowEstimates(pool),
      ingestion: { arrivals: arrivals.length, days: arrivalDays, ...ingestion },
      dashboard,
      biomarkerTrend,
      http,
      sizes,
      databaseMiB: Math.round(databaseMiB),
    };
  } finally {
    await pool.end();
  }
}
