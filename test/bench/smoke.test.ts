// Runs the benchmark in smoke mode against this file's test database and checks that the result
// has the documented shape and sane figures. The full benchmark is `npm run bench`, never a test.
import { runBenchmark } from '../../bench/benchmark';
import { PROTOCOL_FLOOR } from '../../bench/measure';
import { resolveOptions } from '../../bench/options';
import { DASHBOARD_BOUNDED_SQL, DASHBOARD_DATE_PARAM_SQL, DASHBOARD_SQL } from '../../bench/phases/dashboard';
import type { BenchResult } from '../../bench/result';
import { formatReport } from '../../bench/report';
import { resultFileName } from '../../bench/run';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let result: BenchResult;

beforeAll(async () => {
  const options = resolveOptions({ BENCH_SMOKE: '1' });
  result = await runBenchmark(options, { url: db.url, mode: 'test' });
}, 120_000);

test('smoke options are tiny', () => {
  const options = resolveOptions({ BENCH_SMOKE: '1' });
  expect(options).toMatchObject({ smoke: true, users: 4, days: 60, iterations: 20, batchSize: 365 });
  expect(resolveOptions({})).toMatchObject({ smoke: false, users: 100, days: 730, years: 2 });
  expect(resolveOptions({ BENCH_YEARS: '0.5', BENCH_USERS: '7' })).toMatchObject({ days: 183, users: 7 });
  expect(() => resolveOptions({ BENCH_USERS: 'many' })).toThrow(/BENCH_USERS/);
});

test('the result is plain JSON with environment and config', () => {
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  expect(result.version).toBe(1);
  expect(result.database.mode).toBe('test');
  expect(result.config.smoke).toBe(true);
  expect(result.environment.postgres.versionNum).toBeGreaterThanOrEqual(150000);
  expect(result.environment.node).toMatch(/^v\d+/);
  expect(result.config.endDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(result.durationMs).toBeGreaterThan(0);
  expect(resultFileName(new Date('2026-11-25T09:30:05.123Z'))).toBe('20261125T093005Z.json');
});

test('ingestion: upserts insert every generated row, the re-run skips them all, COPY loads the rest in one statement and a transaction per user', () => {
  expect(result.ingestion.tables.map((t) => t.table)).toEqual(['wearable_daily', 'wearable_sleep', 'wearable_activities']);
  for (const t of result.ingestion.tables) {
    const { upsert, rerun, copy } = t;
    expect(upsert.rows).toBeGreaterThan(0);
    expect(upsert).toMatchObject({ method: 'upsert', inserted: upsert.rows, updated: 0, skipped: 0, users: 2 });
    // Statement-level audit: one audit row per inserted row, none for a no-op re-run.
    expect(upsert.auditRows).toBe(upsert.rows);
    expect(rerun).toMatchObject({ method: 'upsert_rerun', rows: upsert.rows, inserted: 0, updated: 0, skipped: upsert.rows, auditRows: 0 });
    expect(rerun.batches).toBe(upsert.batches);
    expect(copy).not.toBeNull();
    expect(copy?.rows).toBeGreaterThan(0);
    expect(copy?.auditRows).toBe(copy?.rows);
    // Half the COPY cohort in one statement, the other half one committed transaction per user.
    expect(t.copyPerUser).toMatchObject({ method: 'copy_per_user', users: 1 });
    expect(t.copyPerUser?.auditRows).toBe(t.copyPerUser?.rows);
    expect(upsert.rows + (copy?.rows ?? 0) + (t.copyPerUser?.rows ?? 0)).toBe(result.data.generated[t.table]);
    expect(result.data.rowCounts[t.table]).toBe(result.data.generated[t.table]);
    // Measured with the audit trigger off inside a rolled-back transaction: nothing audited, nothing kept.
    expect(t.copyWithoutAudit).toMatchObject({ method: 'copy_without_audit', rows: copy?.rows, auditRows: 0 });
    for (const phase of [upsert, rerun, copy, t.copyPerUser]) expect(phase?.rowsPerSec).toBeGreaterThan(0);
    expect(upsert.batchLatency.p50Ms).toBeLessThanOrEqual(upsert.batchLatency.p99Ms);
  }
  expect(result.data.rowCounts.activity_source_keys).toBe(result.data.generated.wearable_activities);
  expect(result.ingestion.totals.upsertRowsPerSec).toBeGreaterThan(0);
  expect(result.ingestion.totals.copyRowsPerSec).toBeGreaterThan(0);
});

test('blood work is loaded from numeric dictionary markers', () => {
  expect(result.data.generated.blood_panels).toBeGreaterThanOrEqual(3);
  expect(result.data.rowCounts.blood_panels).toBe(result.data.generated.blood_panels);
  expect(result.data.rowCounts.blood_markers).toBe(result.data.generated.blood_markers);
  expect(result.data.dictionary.markersPerPanel).toBeGreaterThan(0);
  expect(result.data.generated.blood_markers).toBeGreaterThanOrEqual(result.data.generated.blood_panels * result.data.dictionary.markersPerPanel * 0.9);
});

test('query latencies are sane and RLS returns what the superuser sees', () => {
  const queries = [result.queries.dashboard, result.queries.biomarkerTrend];
  for (const q of queries) {
    expect(q).not.toBeNull();
    if (!q) continue;
    expect(q.iterations).toBe(20);
    expect(q.mismatches).toBe(0);
    expect(q.rls.meanRows).toBe(q.superuser.meanRows);
    expect(q.rls.meanRows).toBeGreaterThan(0);
    // The protocol floor is a one-row statement beside them, not a variant of the query.
    const floor = q.extra.filter((v) => v.name === PROTOCOL_FLOOR);
    expect(floor.map((v) => v.meanRows)).toEqual([1]);
    for (const v of [q.rls, q.superuser, ...q.extra]) {
      if (v.name !== PROTOCOL_FLOOR) expect(v.meanRows).toBe(q.rls.meanRows);
      expect(v.latency.n).toBe(20);
      expect(v.latency.minMs).toBeGreaterThan(0);
      expect(v.latency.minMs).toBeLessThanOrEqual(v.latency.p50Ms);
      expect(v.latency.p50Ms).toBeLessThanOrEqual(v.latency.p99Ms);
      expect(v.latency.p99Ms).toBeLessThanOrEqual(v.latency.maxMs);
      expect(v.latency.meanMs).toBeGreaterThan(0);
    }
    expect(q.rlsOverheadP50).toBeGreaterThan(0);
  }
  expect(result.queries.dashboard.sql).toBe(DASHBOARD_SQL);
  expect(DASHBOARD_SQL).toContain('date >= current_date - 30');
  expect(DASHBOARD_SQL).not.toMatch(/now\(\)/);
  expect(DASHBOARD_BOUNDED_SQL).toContain('sleep_date between current_date - 30 and current_date');
  expect(DASHBOARD_DATE_PARAM_SQL).toContain('activity_date >= $2::date');
  const prepared = ['rls, prepared (generic plan)', 'rls, prepared, household lookup', 'superuser, prepared (generic plan)'];
  expect(result.queries.dashboard.extra.map((v) => v.name)).toEqual(['rls, date parameter', ...prepared, PROTOCOL_FLOOR]);
  expect(result.queries.biomarkerTrend?.extra.map((v) => v.name)).toEqual([...prepared, PROTOCOL_FLOOR]);
});

test('the dashboard plan prunes partitions', () => {
  const plans = result.queries.dashboard.plans;
  expect(plans.map((p) => `${p.mode}/${p.variant}`)).toEqual([
    'rls/current_date - 30', 'superuser/current_date - 30', 'rls/date parameter', 'rls/upper bound', 'rls/prepared, generic plan', 'superuser/prepared, generic plan',
  ]);
  const year = result.config.endDate.slice(0, 4);
  for (const plan of plans) {
    expect(plan.tables).toHaveLength(3);
    expect(plan.partitionsScanned).toBeGreaterThanOrEqual(3);
    expect(plan.partitionsScanned).toBeLessThan(plan.partitionsTotal);
    for (const t of plan.tables) {
      expect(t.partitionsExecuted).toBeGreaterThanOrEqual(1);
      expect(t.partitionsExecuted).toBeLessThanOrEqual(t.partitionsTotal);
      expect(t.partitions).toContain(`${t.table}_y${year}`);
    }
    expect(plan.executionMs).toBeGreaterThan(0);
  }
  // The bounded variant never needs more partitions than the query as measured.
  expect(plans[3]?.partitionsScanned).toBeLessThanOrEqual(plans[0]?.partitionsScanned ?? 0);
});

test('the summary table names every measurement', () => {
  const text = formatReport(result);
  for (const word of ['wearable_daily', 'wearable_sleep', 'wearable_activities', 'upsert re-run', 'COPY', 'dashboard, last 30 days', 'biomarker trend', 'partitions scanned', 'Targets (issue 15)', 'audited / unaudited write cost', 'net of the protocol floor']) {
    expect(text).toContain(word);
  }
});
