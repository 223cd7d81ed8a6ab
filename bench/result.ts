// The result of a run, written as JSON to bench/results/<timestamp>.json and read by bench/report.ts.
// Its shape is the format of the files already written: change it only by adding fields.

import type { BenchOptions } from './options';
import type { HttpCaseResult } from './http';
import type { AppleHealthBenchResult } from './phases/appleHealth';
import type { LatencySummary } from './stats';

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
  /**
   * copy: the cohort's rows in one statement; copy_without_audit: the same COPY with the audit
   * INSERT trigger disabled, rolled back; copy_per_user: other users' rows, one COPY and one
   * committed transaction per user, as the upserts run (the same unit of work).
   */
  method: 'copy' | 'copy_without_audit' | 'copy_per_user';
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
  /** Absent in results written before it was measured. */
  copyPerUser?: CopyPhaseResult | null;
}

export interface QueryVariantResult {
  name: string;
  /** rls-household: RLS with the household lookup (no app.own_rows_only); absent before 2026-12-07. */
  mode: 'rls' | 'rls-household' | 'superuser';
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
  mode: 'rls' | 'rls-household' | 'superuser';
  /**
   * 'current_date - 30' is DASHBOARD_SQL; 'date parameter' is DASHBOARD_DATE_PARAM_SQL (the date
   * inlined as a literal, which plans like a bound parameter); 'upper bound' adds
   * `<= current_date` to DASHBOARD_SQL (EXPLAIN only); 'prepared, generic plan' is DASHBOARD_DATE_PARAM_SQL
   * (or the trend's statement) prepared and run with a generic plan, as the API's prepared statements run.
   */
  variant: 'current_date - 30' | 'date parameter' | 'upper bound' | 'prepared, generic plan';
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
  http?: HttpCaseResult[];
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
    biomarkerTrend: (QueryBenchResult & { plans?: PlanSummary[] }) | null;
  };
  /** The Apple Health import phase (bench/phases/appleHealth.ts), unless BENCH_APPLE=0. */
  appleHealth?: AppleHealthBenchResult;
}
