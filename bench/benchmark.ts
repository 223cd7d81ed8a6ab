// The benchmark itself, independent of where the database comes from (bench/run.ts provisions
// one; test/bench/smoke.test.ts uses the test database). One pg Pool of superuser connections;
// "as vitalis_api" means a transaction with set_config('role', 'vitalis_api', true) and
// set_config('app.current_user_id', <uuid>, true), exactly as the API and the worker do, so
// row-level security and the audit triggers apply.

import os from 'node:os';
import { Pool, type PoolClient } from 'pg';
import type { AppleHealthBenchResult } from './appleHealthBench';
import { copyInto, copyLine } from './copy';
import {
  ACTIVITY_COLUMNS, DAILY_COLUMNS, FALLBACK_MARKERS, SLEEP_COLUMNS, dayToIso, generateBloodwork, generateUsers,
  generateWearables, isoToDay, type BenchUser, type MarkerDefinition, type Row, type WearableData,
} from './generate';
import { Random } from './random';
import { elapsedMs, perSecond, summarize, type LatencySummary } from './stats';

export interface BenchOptions {
  smoke: boolean;
  users: number;
  days: number;
  years: number;
  seed: string;
  batchSize: number;
  iterations: number;
  warmup: number;
  markersPerPanel: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/** Sizes from the environment: BENCH_SMOKE, BENCH_USERS, BENCH_YEARS, BENCH_DAYS, BENCH_SEED, BENCH_BATCH, BENCH_ITERATIONS, BENCH_WARMUP. */
export function resolveOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const smoke = env.BENCH_SMOKE === '1' || env.BENCH_SMOKE === 'true';
  let days: number;
  if (env.BENCH_DAYS) {
    days = intFromEnv(env, 'BENCH_DAYS', 730, 1);
  } else if (env.BENCH_YEARS) {
    const years = Number(env.BENCH_YEARS);
    if (!Number.isFinite(years) || years <= 0 || years > 25) throw new Error(`BENCH_YEARS must be a number in (0, 25], got "${env.BENCH_YEARS}"`);
    days = Math.max(1, Math.round(years * 365));
  } else {
    days = smoke ? 60 : 730;
  }
  if (days > 25 * 365) throw new Error('at most 25 years of data (partitions start in 2000)');
  return {
    smoke,
    users: intFromEnv(env, 'BENCH_USERS', smoke ? 3 : 100, 1),
    days,
    years: Math.round((days / 365) * 100) / 100,
    seed: env.BENCH_SEED || 'vitalis',
    batchSize: intFromEnv(env, 'BENCH_BATCH', 365, 1),
    iterations: intFromEnv(env, 'BENCH_ITERATIONS', smoke ? 20 : 2000, 1),
    warmup: intFromEnv(env, 'BENCH_WARMUP', smoke ? 5 : 200, 0),
    markersPerPanel: intFromEnv(env, 'BENCH_MARKERS_PER_PANEL', 40, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Result shape (written as JSON)

export type WearableTable = 'wearable_daily' | 'wearable_sleep' | 'wearable_activities';

export interface UpsertPhaseResult {
  method: 'upsert' | 'upsert_rerun';
  users: number;
  batches: number;
  rows: number;
  ms: number;
  rowsPerSec: number;
  inserted: number;
  updated: number;
  skipped: number;
  auditRows: number;
  /** Latency of one upsert call (one batch). */
  batchLatency: LatencySummary;
}

export interface CopyPhaseResult {
  /** copy_without_audit: the same COPY with the audit INSERT trigger disabled, rolled back. */
  method: 'copy' | 'copy_without_audit';
  users: number;
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSec: number;
  auditRows: number;
}

export interface TableIngestionResult {
  table: WearableTable;
  upsert: UpsertPhaseResult;
  rerun: UpsertPhaseResult;
  copy: CopyPhaseResult | null;
  copyWithoutAudit: CopyPhaseResult | null;
}

export interface QueryVariantResult {
  name: string;
  mode: 'rls' | 'superuser';
  latency: LatencySummary;
  meanRows: number;
}

export interface PartitionScan {
  table: string;
  partitionsTotal: number;
  partitionsInPlan: number;
  partitionsExecuted: number;
  partitions: string[];
}

export interface PlanSummary {
  mode: 'rls' | 'superuser';
  /**
   * 'current_date - 30' is DASHBOARD_SQL; 'date parameter' is DASHBOARD_DATE_PARAM_SQL (the date
   * inlined as a literal, which plans like a bound parameter); 'upper bound' adds
   * `<= current_date` to DASHBOARD_SQL (EXPLAIN only).
   */
  variant: 'current_date - 30' | 'date parameter' | 'upper bound';
  partitionsScanned: number;
  partitionsTotal: number;
  subplansRemoved: number;
  tables: PartitionScan[];
  scanNodes: string[];
  /** Medians over 7 interleaved EXPLAIN ANALYZE rounds on one warm connection. */
  planningMs: number;
  executionMs: number;
}

export interface QueryBenchResult {
  sql: string;
  iterations: number;
  warmup: number;
  distinctUsers: number;
  rls: QueryVariantResult;
  superuser: QueryVariantResult;
  /** Further variants measured in the same loop (the dashboard's date-parameter form). */
  extra: (QueryVariantResult & { sql: string })[];
  /** RLS p50 / superuser p50. */
  rlsOverheadP50: number;
  /** Iterations where the variants returned different row counts (must be 0). */
  mismatches: number;
}

export interface BenchResult {
  version: 1;
  /** GraphQL over HTTP vs raw SQL (bench/http.ts), when run. */
  http?: import('./http').HttpCaseResult[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  database: { mode: string; name: string };
  environment: {
    postgres: { version: string; versionNum: number; settings: Record<string, string> };
    node: string;
    platform: string;
    arch: string;
    osRelease: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    /** os.loadavg() when the run started and ended: other work on the machine skews the figures. */
    loadAverage: { start: number[]; end: number[] };
  };
  config: BenchOptions & { startDate: string; endDate: string; order: string[]; notes: string[] };
  data: {
    generated: Record<WearableTable | 'blood_panels' | 'blood_markers', number>;
    upsertCohortUsers: number;
    copyCohortUsers: number;
    dictionary: { numericMarkers: number; fallbackInserted: number; markersPerPanel: number };
    setupMs: { generate: number; users: number; bloodwork: number; vacuumAnalyze: number };
    rowCounts: Record<string, number>;
    sizesMiB: Record<string, number>;
  };
  ingestion: {
    batchSize: number;
    tables: TableIngestionResult[];
    totals: { upsertRowsPerSec: number; rerunRowsPerSec: number; copyRowsPerSec: number | null };
  };
  queries: {
    dashboard: QueryBenchResult & { plans: PlanSummary[] };
    biomarkerTrend: QueryBenchResult | null;
  };
  /** The Apple Health import phase (bench/appleHealthBench.ts), unless BENCH_APPLE=0. */
  appleHealth?: AppleHealthBenchResult;
}

// ---------------------------------------------------------------------------------------------
// SQL

const SET_REQUEST_SQL = `select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true)`;
const SET_USER_ONLY_SQL = `select set_config('app.current_user_id', $1, true)`;

/** A user's last 30 days, one round trip; dates compared with dates (DESIGN.md section 4). */
export const DASHBOARD_SQL = `select
  (select coalesce(json_agg(d order by d.date desc, d.source), '[]'::json)
     from (select date, source, resting_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal,
                  distance_m, spo2_avg_pct, respiratory_rate_avg, stress_avg, body_battery_end, readiness_score,
                  recovery_score, vo2_max_ml_kg_min
             from vitalis.wearable_daily
            where user_id = $1 and date >= current_date - 30) d) as daily,
  (select coalesce(json_agg(s order by s.sleep_date desc, s.source), '[]'::json)
     from (select sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes,
                  light_minutes, awake_minutes, sleep_efficiency_pct, sleep_score, avg_hr_bpm, avg_hrv_ms
             from vitalis.wearable_sleep
            where user_id = $1 and sleep_date >= current_date - 30) s) as sleep,
  (select coalesce(json_agg(a order by a.start_time desc), '[]'::json)
     from (select activity_id, activity_date, source, activity_type, activity_name, start_time, duration_seconds,
                  distance_m, calories_kcal, avg_hr_bpm, training_effect_aerobic
             from vitalis.wearable_activities
            where user_id = $1 and activity_date >= current_date - 30) a) as activities`;

/**
 * The dashboard with an upper bound as well (`between current_date - 30 and current_date`): only
 * EXPLAINed, to show whether the next year's (empty, pre-created) partitions drop out of the plan.
 */
export const DASHBOARD_BOUNDED_SQL = DASHBOARD_SQL.replace(/(\w+) >= current_date - 30/g, '$1 between current_date - 30 and current_date');

/**
 * The dashboard with the start date sent by the client as a date parameter ($2): still a date
 * compared with a date, but a constant at plan time, so partitions are pruned while planning.
 */
export const DASHBOARD_DATE_PARAM_SQL = DASHBOARD_SQL.replace(/(\w+) >= current_date - 30/g, '$1 >= $2::date');

/** One user's one biomarker over two years. */
export const TREND_SQL = `select p.collected_at, m.value_canonical, m.value_numeric, m.unit, m.flag, m.in_range,
       m.ref_range_low, m.ref_range_high
  from vitalis.blood_markers m
  join vitalis.blood_panels p on p.panel_id = m.panel_id
 where m.user_id = $1 and m.biomarker_id = $2
   and p.collected_at >= now() - interval '2 years' and p.deleted_at is null
 order by p.collected_at`;

interface TableSpec {
  table: WearableTable;
  fn: string;
  columns: readonly string[];
  pick: (data: WearableData) => Row[];
}

const TABLES: readonly TableSpec[] = [
  { table: 'wearable_daily', fn: 'vitalis.upsert_wearable_daily', columns: DAILY_COLUMNS, pick: (d) => d.daily },
  { table: 'wearable_sleep', fn: 'vitalis.upsert_wearable_sleep', columns: SLEEP_COLUMNS, pick: (d) => d.sleep },
  { table: 'wearable_activities', fn: 'vitalis.upsert_wearable_activities', columns: ACTIVITY_COLUMNS, pick: (d) => d.activities },
];

// ---------------------------------------------------------------------------------------------
// Helpers

async function withClient<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

async function scalar(pool: Pool | PoolClient, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query(sql, params);
  return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
}

/** The statement-level audit INSERT trigger of a table, found by its function (names may change). */
async function auditInsertTrigger(pool: Pool, table: string): Promise<string | null> {
  const { rows } = await pool.query(
    `select t.tgname from pg_trigger t
      where t.tgrelid = $1::regclass and not t.tgisinternal
        and t.tgfoid = to_regproc('vitalis_private.tg__audit_insert')`,
    [`vitalis.${table}`],
  );
  return (rows[0] as { tgname: string } | undefined)?.tgname ?? null;
}

async function auditCount(pool: Pool): Promise<number> {
  return scalar(pool, 'select count(*) from vitalis.audit_log');
}

/** Per-source batches of at most batchSize rows, each already serialised to JSON. */
function batchesFor(rows: readonly Row[], batchSize: number): { json: string; rows: number }[] {
  const bySource = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row.source);
    const list = bySource.get(key) ?? [];
    list.push(row);
    bySource.set(key, list);
  }
  const batches: { json: string; rows: number }[] = [];
  for (const list of bySource.values()) {
    for (let i = 0; i < list.length; i += batchSize) {
      const chunk = list.slice(i, i + batchSize);
      batches.push({ json: JSON.stringify(chunk), rows: chunk.length });
    }
  }
  return batches;
}

interface UserBatches {
  userId: string;
  batches: { json: string; rows: number }[];
}

async function runUpserts(client: PoolClient, fn: string, users: readonly UserBatches[]): Promise<{ inserted: number; updated: number; skipped: number; batchMs: number[] }> {
  const totals = { inserted: 0, updated: 0, skipped: 0, batchMs: [] as number[] };
  const sql = `select inserted, updated, skipped from ${fn}($1::jsonb)`;
  for (const user of users) {
    await client.query('begin');
    try {
      await client.query(SET_REQUEST_SQL, [user.userId]);
      for (const batch of user.batches) {
        const t0 = process.hrtime.bigint();
        const { rows } = await client.query(sql, [batch.json]);
        totals.batchMs.push(elapsedMs(t0));
        const r = rows[0] as { inserted: number; updated: number; skipped: number };
        totals.inserted += r.inserted;
        totals.updated += r.updated;
        totals.skipped += r.skipped;
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  }
  return totals;
}

async function upsertPhase(pool: Pool, spec: TableSpec, users: readonly UserBatches[], method: UpsertPhaseResult['method']): Promise<UpsertPhaseResult> {
  const auditBefore = await auditCount(pool);
  const rows = users.reduce((n, u) => n + u.batches.reduce((m, b) => m + b.rows, 0), 0);
  const { ms, result } = await withClient(pool, async (client) => {
    const t0 = process.hrtime.bigint();
    const result = await runUpserts(client, spec.fn, users);
    return { ms: elapsedMs(t0), result };
  });
  return {
    method,
    users: users.length,
    batches: result.batchMs.length,
    rows,
    ms: Math.round(ms),
    rowsPerSec: perSecond(rows, ms),
    inserted: result.inserted,
    updated: result.updated,
    skipped: result.skipped,
    auditRows: (await auditCount(pool)) - auditBefore,
    batchLatency: summarize(result.batchMs),
  };
}

/** Runs the work in a transaction that is rolled back: warms plan and catalog caches. */
async function warmUp(pool: Pool, work: (client: PoolClient) => Promise<unknown>): Promise<void> {
  await withClient(pool, async (client) => {
    await client.query('begin');
    try {
      await work(client);
    } finally {
      await client.query('rollback');
    }
  });
}

async function warmUpUpserts(pool: Pool, fn: string, user: UserBatches): Promise<void> {
  await withClient(pool, async (client) => {
    // runUpserts commits; a savepoint-free rollback is simpler with its own transaction here.
    await client.query('begin');
    try {
      await client.query(SET_REQUEST_SQL, [user.userId]);
      for (const batch of user.batches) await client.query(`select * from ${fn}($1::jsonb)`, [batch.json]);
    } finally {
      await client.query('rollback');
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Setup steps

async function seedUsers(pool: Pool, users: readonly BenchUser[]): Promise<void> {
  for (let i = 0; i < users.length; i += 1000) {
    const chunk = users.slice(i, i + 1000);
    await withClient(pool, async (client) => {
      await client.query('begin');
      await client.query('insert into vitalis.accounts (account_id) select unnest($1::uuid[])', [chunk.map((u) => u.accountId)]);
      await client.query(
        `insert into vitalis.users (user_id, account_id, email, display_name, date_of_birth, biological_sex)
         select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[])`,
        [chunk.map((u) => u.userId), chunk.map((u) => u.accountId), chunk.map((u) => u.email), chunk.map((u) => u.displayName), chunk.map((u) => u.dateOfBirth), chunk.map((u) => u.sex)],
      );
      await client.query('commit');
    });
  }
}

async function numericMarkers(pool: Pool): Promise<MarkerDefinition[]> {
  const { rows } = await pool.query(
    `select biomarker_id, canonical_name, display_name, subcategory, canonical_unit,
            normal_low::float8 as normal_low, normal_high::float8 as normal_high
       from vitalis.biomarker_dictionary
      where not is_qualitative and btrim(coalesce(canonical_unit, '')) <> ''
      order by canonical_name`,
  );
  return rows.map((r: Record<string, unknown>) => ({
    biomarkerId: r.biomarker_id as string,
    canonicalName: r.canonical_name as string,
    displayName: r.display_name as string,
    subcategory: (r.subcategory as string | null) ?? null,
    unit: r.canonical_unit as string,
    normalLow: (r.normal_low as number | null) ?? null,
    normalHigh: (r.normal_high as number | null) ?? null,
  }));
}

async function insertFallbackMarkers(pool: Pool): Promise<number> {
  const payload = FALLBACK_MARKERS.map((m) => ({
    canonical_name: m.canonicalName, display_name: m.displayName, category: m.category, subcategory: m.subcategory,
    unit: m.unit, normal_low: m.normalLow, normal_high: m.normalHigh,
  }));
  const { rowCount } = await pool.query(
    `insert into vitalis.biomarker_dictionary (canonical_name, display_name, category, subcategory, canonical_unit, common_units, normal_low, normal_high)
     select x.canonical_name, x.display_name, x.category::vitalis.biomarker_category, x.subcategory, x.unit, array[x.unit], x.normal_low, x.normal_high
       from jsonb_to_recordset($1::jsonb) as x(canonical_name text, display_name text, category text, subcategory text, unit text, normal_low numeric, normal_high numeric)
     on conflict (canonical_name) do nothing`,
    [JSON.stringify(payload)],
  );
  return rowCount ?? 0;
}

async function insertBloodwork(pool: Pool, panels: readonly Row[], markers: readonly Row[]): Promise<void> {
  await withClient(pool, async (client) => {
    await client.query('begin');
    for (let i = 0; i < panels.length; i += 2000) {
      await client.query(
        `insert into vitalis.blood_panels (panel_id, user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id)
         select panel_id, user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id
           from jsonb_populate_recordset(null::vitalis.blood_panels, $1::jsonb)`,
        [JSON.stringify(panels.slice(i, i + 2000))],
      );
    }
    for (let i = 0; i < markers.length; i += 5000) {
      await client.query(
        `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, unit,
                                            ref_range_low, ref_range_high, ref_range_text, lab_code)
         select user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, unit,
                ref_range_low, ref_range_high, ref_range_text, lab_code
           from jsonb_populate_recordset(null::vitalis.blood_markers, $1::jsonb)`,
        [JSON.stringify(markers.slice(i, i + 5000))],
      );
    }
    await client.query('commit');
  });
}

// ---------------------------------------------------------------------------------------------
// Queries

type Mode = 'rls' | 'superuser';

async function runQuery(client: PoolClient, mode: Mode, userId: string, sql: string, params: unknown[]): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  await client.query('begin');
  try {
    await client.query(mode === 'rls' ? SET_REQUEST_SQL : SET_USER_ONLY_SQL, [userId]);
    const t0 = process.hrtime.bigint();
    const result = await client.query(sql, params);
    const ms = elapsedMs(t0);
    await client.query('commit');
    return { ms, rows: result.rows as Record<string, unknown>[] };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

interface VariantSpec {
  name: string;
  mode: Mode;
  sql: string;
  /** The statement's parameters from the picked user and parameters. */
  params: (picked: { userId: string; params: unknown[] }) => unknown[];
}

async function measureQuery(
  pool: Pool,
  sql: string,
  opts: {
    iterations: number;
    warmup: number;
    seed: string;
    pick: (rng: Random) => { userId: string; params: unknown[] };
    countRows: (rows: Record<string, unknown>[]) => number;
    extra?: VariantSpec[];
  },
): Promise<QueryBenchResult> {
  const variants: VariantSpec[] = [
    { name: 'rls', mode: 'rls', sql, params: (p) => p.params },
    { name: 'superuser', mode: 'superuser', sql, params: (p) => p.params },
    ...(opts.extra ?? []),
  ];
  const rng = new Random(opts.seed);
  const samples = variants.map(() => [] as number[]);
  const rowTotals = variants.map(() => 0);
  const users = new Set<string>();
  let mismatches = 0;
  await withClient(pool, async (client) => {
    for (let i = 0; i < opts.warmup + opts.iterations; i++) {
      const picked = opts.pick(rng);
      const counts = new Set<number>();
      // Rotate the order every iteration so no variant always runs first (or second).
      for (let k = 0; k < variants.length; k++) {
        const v = (i + k) % variants.length;
        const variant = variants[v] as VariantSpec;
        const { ms, rows } = await runQuery(client, variant.mode, picked.userId, variant.sql, variant.params(picked));
        const n = opts.countRows(rows);
        counts.add(n);
        if (i >= opts.warmup) {
          (samples[v] as number[]).push(ms);
          rowTotals[v] = (rowTotals[v] as number) + n;
        }
      }
      if (counts.size !== 1) mismatches++;
      if (i >= opts.warmup) users.add(picked.userId);
    }
  });
  const results = variants.map((v, i): QueryVariantResult => ({
    name: v.name,
    mode: v.mode,
    latency: summarize(samples[i] as number[]),
    meanRows: Math.round(((rowTotals[i] as number) / opts.iterations) * 10) / 10,
  }));
  const [rls, superuser, ...extra] = results as [QueryVariantResult, QueryVariantResult, ...QueryVariantResult[]];
  return {
    sql,
    iterations: opts.iterations,
    warmup: opts.warmup,
    distinctUsers: users.size,
    rls,
    superuser,
    extra: extra.map((r, i) => ({ ...r, sql: (opts.extra?.[i] as VariantSpec).sql })),
    rlsOverheadP50: Math.round((rls.latency.p50Ms / superuser.latency.p50Ms) * 100) / 100,
    mismatches,
  };
}

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

type PlanVariant = { mode: Mode; variant: PlanSummary['variant'] };
type Explained = { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number };

/**
 * EXPLAIN ANALYZE of each dashboard variant on one connection: a discarded warm-up round, then
 * `rounds` rounds interleaving the variants (so load on the machine hits them alike); planning
 * and execution times are medians, the partitions come from the last plan.
 */
async function explainDashboard(
  pool: Pool,
  variants: readonly PlanVariant[],
  userId: string,
  parents: Map<string, string>,
  totals: Map<string, number>,
  rounds = 7,
): Promise<PlanSummary[]> {
  return withClient(pool, async (client) => {
    const { rows: since } = await client.query(`select (current_date - 30)::text as d`);
    const sqlFor = (variant: PlanSummary['variant']) =>
      (variant === 'upper bound' ? DASHBOARD_BOUNDED_SQL : variant === 'date parameter' ? DASHBOARD_DATE_PARAM_SQL : DASHBOARD_SQL)
        .replace(/\$1/g, `${client.escapeLiteral(userId)}::uuid`)
        .replace(/\$2/g, client.escapeLiteral((since[0] as { d: string }).d));
    const explainOnce = async (v: PlanVariant): Promise<Explained> => {
      await client.query('begin');
      try {
        await client.query(v.mode === 'rls' ? SET_REQUEST_SQL : SET_USER_ONLY_SQL, [userId]);
        const { rows } = await client.query(`explain (analyze, buffers off, format json) ${sqlFor(v.variant)}`);
        const plan = (rows[0] as { 'QUERY PLAN': Explained[] })['QUERY PLAN'][0];
        if (!plan) throw new Error('EXPLAIN returned no plan');
        return plan;
      } finally {
        await client.query('rollback');
      }
    };
    const runs = variants.map(() => [] as Explained[]);
    for (let round = 0; round <= rounds; round++) {
      for (let i = 0; i < variants.length; i++) {
        const plan = await explainOnce(variants[i] as PlanVariant);
        if (round > 0) (runs[i] as Explained[]).push(plan);
      }
    }
    return variants.map((v, i) => {
      const plans = runs[i] as Explained[];
      return summarizePlan(v, plans[plans.length - 1] as Explained, median(plans.map((p) => p['Planning Time'])), median(plans.map((p) => p['Execution Time'])), parents, totals);
    });
  });
}

function summarizePlan(v: PlanVariant, explained: Explained, planningMs: number, executionMs: number, parents: Map<string, string>, totals: Map<string, number>): PlanSummary {
  const { mode, variant } = v;
  const inPlan = new Map<string, Set<string>>();
  const executed = new Map<string, Set<string>>();
  const scanNodes = new Set<string>();
  let subplansRemoved = 0;
  const walk = (node: PlanNode) => {
    subplansRemoved += node['Subplans Removed'] ?? 0;
    const relation = node['Relation Name'];
    if (relation) {
      scanNodes.add(`${node['Node Type'] ?? '?'} on ${relation}`);
      const parent = parents.get(relation);
      if (parent) {
        if (!inPlan.has(parent)) inPlan.set(parent, new Set());
        inPlan.get(parent)?.add(relation);
        if ((node['Actual Loops'] ?? 0) > 0) {
          if (!executed.has(parent)) executed.set(parent, new Set());
          executed.get(parent)?.add(relation);
        }
      }
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(explained.Plan);
  const tables: PartitionScan[] = [...totals.entries()].map(([table, total]) => ({
    table,
    partitionsTotal: total,
    partitionsInPlan: inPlan.get(table)?.size ?? 0,
    partitionsExecuted: executed.get(table)?.size ?? 0,
    partitions: [...(inPlan.get(table) ?? [])].sort(),
  }));
  return {
    mode,
    variant,
    partitionsScanned: tables.reduce((n, t) => n + t.partitionsExecuted, 0),
    partitionsTotal: tables.reduce((n, t) => n + t.partitionsTotal, 0),
    subplansRemoved,
    tables,
    scanNodes: [...scanNodes].sort(),
    planningMs: Math.round(planningMs * 1000) / 1000,
    executionMs: Math.round(executionMs * 1000) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Environment and totals

function loadAverage(): number[] {
  return os.loadavg().map((n) => Math.round(n * 100) / 100);
}

async function environment(pool: Pool): Promise<BenchResult['environment']> {
  const { rows } = await pool.query(
    `select version() as version, current_setting('server_version_num')::int as num,
            json_object_agg(name, setting || coalesce(unit, '')) as settings
       from pg_settings
      where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'fsync', 'synchronous_commit',
                     'full_page_writes', 'max_wal_size', 'jit', 'random_page_cost', 'max_connections', 'TimeZone',
                     'wal_level', 'autovacuum', 'server_version')`,
  );
  const row = rows[0] as { version: string; num: number; settings: Record<string, string> };
  const cpus = os.cpus();
  return {
    postgres: { version: row.version, versionNum: row.num, settings: row.settings },
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: { start: loadAverage(), end: [] },
  };
}

const COUNTED_TABLES = [
  'vitalis.accounts', 'vitalis.users', 'vitalis.user_preferences', 'vitalis.wearable_daily', 'vitalis.wearable_sleep',
  'vitalis.wearable_activities', 'vitalis_private.activity_source_keys', 'vitalis.blood_panels', 'vitalis.blood_markers',
  'vitalis.biomarker_dictionary', 'vitalis.audit_log',
];

async function rowCounts(pool: Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) counts[table.replace(/^[a-z_]+\./, '')] = await scalar(pool, `select count(*) from ${table}`);
  return counts;
}

async function sizes(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query(
    `select t as table, round(sum(pg_total_relation_size(p.relid)) / 1048576.0, 1)::float8 as mib
       from unnest(array['vitalis.wearable_daily', 'vitalis.wearable_sleep', 'vitalis.wearable_activities',
                         'vitalis.blood_panels', 'vitalis.blood_markers', 'vitalis.audit_log']) t,
            lateral pg_partition_tree(t::regclass) p
      group by t
     union all
     select 'database', round(pg_database_size(current_database()) / 1048576.0, 1)::float8`,
  );
  const out: Record<string, number> = {};
  for (const r of rows as { table: string; mib: number }[]) out[r.table.replace(/^vitalis\./, '')] = r.mib;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The run

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
    const tables: TableIngestionResult[] = [];
    for (const spec of TABLES) {
      const batches: UserBatches[] = upsertCohort.map((u) => ({ userId: u.userId, batches: batchesFor(spec.pick(wearables[u.index] as WearableData), options.batchSize) }));
      const first = batches[0];
      if (first) {
        await warmUpUpserts(pool, spec.fn, first);
        await pool.query(`vacuum vitalis.${spec.table}`);
      }
      log(`${spec.table}: upsert ${upsertCohort.length} users`);
      const upsert = await upsertPhase(pool, spec, batches, 'upsert');
      log(`${spec.table}: upsert ${upsert.rows} rows in ${upsert.ms} ms (${upsert.rowsPerSec} rows/s); re-run`);
      const rerun = await upsertPhase(pool, spec, batches, 'upsert_rerun');
      log(`${spec.table}: re-run ${rerun.rowsPerSec} rows/s`);

      let copy: CopyPhaseResult | null = null;
      let copyWithoutAudit: CopyPhaseResult | null = null;
      if (copyCohort.length > 0) {
        const columns = ['user_id', ...spec.columns];
        const chunks = copyCohort.map((u) => Buffer.from(spec.pick(wearables[u.index] as WearableData).map((row) => copyLine([u.userId], row, spec.columns)).join('')));
        const rows = copyCohort.reduce((n, u) => n + spec.pick(wearables[u.index] as WearableData).length, 0);
        const bytes = chunks.reduce((n, c) => n + c.length, 0);
        const firstChunk = chunks[0];
        if (firstChunk) await warmUp(pool, (client) => copyInto(client, `vitalis.${spec.table}`, columns, [firstChunk]));
        // The same COPY without the audit INSERT trigger, rolled back: what auditing costs.
        const auditTrigger = await auditInsertTrigger(pool, spec.table);
        if (auditTrigger) {
          const noAuditMs = await withClient(pool, async (client) => {
            await client.query('begin');
            try {
              await client.query(`alter table vitalis.${spec.table} disable trigger ${client.escapeIdentifier(auditTrigger)}`);
              const tc = process.hrtime.bigint();
              const copied = await copyInto(client, `vitalis.${spec.table}`, columns, chunks);
              const took = elapsedMs(tc);
              if (copied !== rows) throw new Error(`COPY into ${spec.table} wrote ${copied} rows, expected ${rows}`);
              return took;
            } finally {
              await client.query('rollback');
            }
          });
          copyWithoutAudit = { method: 'copy_without_audit', users: copyCohort.length, rows, bytes, ms: Math.round(noAuditMs), rowsPerSec: perSecond(rows, noAuditMs), auditRows: 0 };
          log(`${spec.table}: COPY without audit trigger (rolled back) ${copyWithoutAudit.rowsPerSec} rows/s`);
        }
        // Rolled-back rows leave dead index entries on the very keys about to be loaded.
        await pool.query(`vacuum vitalis.${spec.table}`);
        const auditBefore = await auditCount(pool);
        const { ms, copied } = await withClient(pool, async (client) => {
          const tc = process.hrtime.bigint();
          await client.query('begin');
          const copied = await copyInto(client, `vitalis.${spec.table}`, columns, chunks);
          await client.query('commit');
          return { ms: elapsedMs(tc), copied };
        });
        if (copied !== rows) throw new Error(`COPY into ${spec.table} wrote ${copied} rows, expected ${rows}`);
        copy = { method: 'copy', users: copyCohort.length, rows, bytes, ms: Math.round(ms), rowsPerSec: perSecond(rows, ms), auditRows: (await auditCount(pool)) - auditBefore };
        log(`${spec.table}: COPY ${rows} rows in ${copy.ms} ms (${copy.rowsPerSec} rows/s)`);
      }
      tables.push({ table: spec.table, upsert, rerun, copy, copyWithoutAudit });
    }
    const sum = (pick: (t: TableIngestionResult) => { rows: number; ms: number } | null) => {
      const parts = tables.map(pick).filter((p): p is { rows: number; ms: number } => p !== null);
      return parts.length ? perSecond(parts.reduce((n, p) => n + p.rows, 0), parts.reduce((n, p) => n + p.ms, 0)) : null;
    };

    // Blood work (setup for the trend query; not measured).
    tg = process.hrtime.bigint();
    let markers = await numericMarkers(pool);
    const numericBefore = markers.length;
    let fallbackInserted = 0;
    if (markers.length === 0) {
      fallbackInserted = await insertFallbackMarkers(pool);
      markers = await numericMarkers(pool);
      log(`biomarker_dictionary has no numeric markers: inserted ${fallbackInserted} bench fallback markers`);
    }
    const bloodwork = users.map((u) => generateBloodwork(u, markers, { seed: options.seed, startDate, endDate, markersPerPanel: options.markersPerPanel }));
    const panels = bloodwork.flatMap((b) => b.panels);
    const markerRows = bloodwork.flatMap((b) => b.markers);
    generated.blood_panels = panels.length;
    generated.blood_markers = markerRows.length;
    await insertBloodwork(pool, panels, markerRows);
    const bloodworkMs = elapsedMs(tg);
    log(`blood work: ${panels.length} panels, ${markerRows.length} markers (${markers.length} numeric markers in the dictionary)`);

    tg = process.hrtime.bigint();
    await pool.query(`vacuum (analyze) vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities,
                        vitalis_private.activity_source_keys, vitalis.blood_panels, vitalis.blood_markers, vitalis.audit_log,
                        vitalis.users, vitalis.biomarker_dictionary`);
    const vacuumMs = elapsedMs(tg);

    // 2. Dashboard.
    const { rows: partRows } = await pool.query(
      `select c.relname as child, p.relname as parent
         from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
         join pg_namespace n on n.oid = p.relnamespace
        where n.nspname = 'vitalis' and p.relname = any($1)`,
      [TABLES.map((t) => t.table)],
    );
    const parents = new Map<string, string>();
    const totals = new Map<string, number>(TABLES.map((t) => [t.table, 0]));
    for (const r of partRows as { child: string; parent: string }[]) {
      parents.set(r.child, r.parent);
      totals.set(r.parent, (totals.get(r.parent) ?? 0) + 1);
    }
    log(`dashboard: ${options.iterations} iterations (+${options.warmup} warm-up)`);
    const { rows: sinceRows } = await pool.query(`select (current_date - 30)::text as d`);
    const since = (sinceRows[0] as { d: string }).d;
    const dashboard = await measureQuery(pool, DASHBOARD_SQL, {
      iterations: options.iterations,
      warmup: options.warmup,
      seed: `${options.seed}/dashboard`,
      pick: (rng) => {
        const userId = rng.pick(users).userId;
        return { userId, params: [userId] };
      },
      countRows: (rows) => {
        const r = rows[0] as { daily: unknown[]; sleep: unknown[]; activities: unknown[] };
        return r.daily.length + r.sleep.length + r.activities.length;
      },
      extra: [{ name: 'rls, date parameter', mode: 'rls', sql: DASHBOARD_DATE_PARAM_SQL, params: (p) => [p.userId, since] }],
    });
    // After the measurement, so the plans are taken on a warm cache.
    const sampleUser = (users[0] as BenchUser).userId;
    const plans = await explainDashboard(
      pool,
      [
        { mode: 'rls', variant: 'current_date - 30' },
        { mode: 'superuser', variant: 'current_date - 30' },
        { mode: 'rls', variant: 'date parameter' },
        { mode: 'rls', variant: 'upper bound' },
      ],
      sampleUser,
      parents,
      totals,
    );

    // 3. Biomarker trend.
    const pairs = users.flatMap((u) => (bloodwork[u.index]?.coreMarkerIds ?? []).length ? [{ userId: u.userId, markers: bloodwork[u.index]?.coreMarkerIds ?? [] }] : []);
    let biomarkerTrend: QueryBenchResult | null = null;
    if (pairs.length > 0) {
      log(`biomarker trend: ${options.iterations} iterations (+${options.warmup} warm-up)`);
      biomarkerTrend = await measureQuery(pool, TREND_SQL, {
        iterations: options.iterations,
        warmup: options.warmup,
        seed: `${options.seed}/trend`,
        pick: (rng) => {
          const pair = rng.pick(pairs);
          return { userId: pair.userId, params: [pair.userId, rng.pick(pair.markers)] };
        },
        countRows: (rows) => rows.length,
      });
    }

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
        dictionary: { numericMarkers: numericBefore, fallbackInserted, markersPerPanel: Math.min(options.markersPerPanel, markers.length) },
        setupMs: { generate: Math.round(generateMs), users: Math.round(usersMs), bloodwork: Math.round(bloodworkMs), vacuumAnalyze: Math.round(vacuumMs) },
        rowCounts: counts,
        sizesMiB: sizeInfo,
      },
      ingestion: {
        batchSize: options.batchSize,
        tables,
        totals: {
          upsertRowsPerSec: sum((t) => t.upsert) ?? 0,
          rerunRowsPerSec: sum((t) => t.rerun) ?? 0,
          copyRowsPerSec: sum((t) => t.copy),
        },
      },
      queries: { dashboard: { ...dashboard, plans }, biomarkerTrend },
    };
  } finally {
    await pool.end();
  }
}
