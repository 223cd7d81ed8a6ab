// The bench charts: which charts a result gives, that the measured figures and the target
// lines are in the specs, and (in a child process, because vega is ESM-only and jest runs
// CommonJS) that the CLI renders SVG files carrying the titles.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chartsFor, classifyResult } from '../../bench/charts/charts';
import type { Chart } from '../../bench/charts/common';
import { graphqlVsSqlChart, ratioRows, sideRows } from '../../bench/charts/graphqlVsSql';
import { growthChart, growthRows, sizeRows } from '../../bench/charts/growth';
import { ingestionChart, ingestionRows } from '../../bench/charts/ingestion';
import { latencyChart, latencyRows } from '../../bench/charts/latency';
import type { HttpCaseResult } from '../../bench/http';
import type { BenchResult, QueryBenchResult, TableIngestionResult } from '../../bench/result';
import type { ScaleLevelResult } from '../../bench/scale/level';
import type { ScaleResult } from '../../bench/scale/run';
import type { LatencySummary } from '../../bench/stats';

const ROOT = path.resolve(__dirname, '..', '..');

function latency(p50: number): LatencySummary {
  return { n: 100, minMs: p50 / 2, p50Ms: p50, p95Ms: p50 * 2, p99Ms: p50 * 3, maxMs: p50 * 4, meanMs: p50 * 1.2 };
}

function query(rlsP50: number, superuserP50: number, extra = false): QueryBenchResult & { plans: [] } {
  return {
    sql: 'select 1', iterations: 100, warmup: 10, distinctUsers: 20, rlsOverheadP50: rlsP50 / superuserP50, mismatches: 0, plans: [],
    rls: { name: 'rls', mode: 'rls', latency: latency(rlsP50), meanRows: 30 },
    superuser: { name: 'superuser', mode: 'superuser', latency: latency(superuserP50), meanRows: 30 },
    extra: extra ? [{ name: 'rls, date parameter', mode: 'rls', latency: latency(2.5), meanRows: 30, sql: 'select 2' }] : [],
  };
}

function table(name: TableIngestionResult['table'], upsert: number, copy: number | null, unaudited: number | null): TableIngestionResult {
  const phase = (rowsPerSec: number) => ({ users: 2, batches: 2, rows: 700, ms: 100, rowsPerSec, inserted: 700, updated: 0, skipped: 0, auditRows: 700, batchLatency: latency(20) });
  return {
    table: name,
    upsert: { method: 'upsert', ...phase(upsert) },
    rerun: { method: 'upsert_rerun', ...phase(upsert * 2) },
    copy: copy === null ? null : { method: 'copy', users: 2, rows: 700, bytes: 1e5, ms: 50, rowsPerSec: copy, auditRows: 700 },
    copyWithoutAudit: unaudited === null ? null : { method: 'copy_without_audit', users: 2, rows: 700, bytes: 1e5, ms: 20, rowsPerSec: unaudited, auditRows: 0 },
  };
}

function httpCase(name: string, connections: number, graphql: [number, number, number], sql: [number, number, number], floor?: [number, number, number]): HttpCaseResult {
  const side = ([p50, p99, rps]: [number, number, number]) => ({ p50, p99, mean: p50, requestsPerSecond: rps, requests: rps * 10, errors: 0 });
  return { name, connections, graphql: side(graphql), sql: side(sql),
    ratio: { p50: graphql[0] / sql[0], p99: graphql[1] / sql[1], requestsPerSecond: graphql[2] / sql[2] },
    ...(floor ? { floor: side(floor), floorRatio: { p50: floor[0] / sql[0], p99: floor[1] / sql[1], requestsPerSecond: floor[2] / sql[2] } } : {}) };
}

function benchResult(withHttp: boolean): BenchResult {
  return {
    version: 1,
    startedAt: '2026-12-06T12:27:02.000Z',
    finishedAt: '2026-12-06T12:30:00.000Z',
    durationMs: 178000,
    database: { mode: 'external', name: 'vitalis_bench_x' },
    environment: {
      postgres: { version: 'PostgreSQL 15.20 on x86_64-pc-linux-gnu', versionNum: 150020, settings: {} },
      node: 'v22', platform: 'linux', arch: 'x64', osRelease: '6', cpus: 2, cpuModel: 'cpu', memoryGiB: 8, loadAverage: { start: [1, 1, 1], end: [1, 1, 1] },
    },
    config: { smoke: false, users: 1234, days: 120, years: 0, seed: 's', batchSize: 365, iterations: 100, warmup: 10, markersPerPanel: 40,
      startDate: '2026-01-01', endDate: '2026-05-01', order: [], notes: [] },
    data: {} as BenchResult['data'],
    ingestion: {
      batchSize: 365,
      tables: [table('wearable_daily', 5989, 10388, 43945), table('wearable_sleep', 2418, null, null)],
      totals: { upsertRowsPerSec: 5000, rerunRowsPerSec: 9000, copyRowsPerSec: 10000 },
    },
    queries: { dashboard: query(4.56, 3.7, true), biomarkerTrend: query(1.64, 0.74) },
    ...(withHttp ? { http: [httpCase('dashboard', 1, [1.2, 3, 600], [1, 2, 1000]), httpCase('dashboard', 8, [4, 20, 500], [2, 4, 1200])] } : {}),
  };
}

function level(users: number, dashboardP50: number, trendP50: number | null, databaseMiB: number): ScaleLevelResult {
  return { users, days: 1825, databaseMiB, dashboard: query(dashboardP50, dashboardP50 * 0.8), biomarkerTrend: trendP50 === null ? null : query(trendP50, trendP50),
    http: null, sizes: [], rowCounts: {} } as unknown as ScaleLevelResult;
}

function scaleResult(levels: ScaleLevelResult[]): ScaleResult {
  return {
    kind: 'scale', startedAt: '2026-12-06T12:20:12.668Z', finishedAt: '2026-12-06T13:20:12.668Z',
    machine: { cpus: 2, memoryGiB: 8, loadAverage: { start: [1], end: [1] } }, server: 'external',
    options: { levels: levels.map((l) => l.users), days: 1825, seed: 's', chunkUsers: 10, jobs: 2, arrivals: 4, iterations: 50, warmup: 5, http: false, httpSeconds: 10, markersPerPanel: 40, diskCheck: true },
    levels,
  };
}

/** Every layer (at any depth) of a spec whose mark is of the type, with the data values it carries. */
function layersWithMark(spec: unknown, mark: string, inherited: unknown[] = []): { values: unknown[] }[] {
  if (typeof spec !== 'object' || spec === null) return [];
  const node = spec as Record<string, unknown>;
  const data = (node.data as { values?: unknown[] } | undefined)?.values ?? inherited;
  const type = typeof node.mark === 'string' ? node.mark : (node.mark as { type?: string } | undefined)?.type;
  const found = type === mark ? [{ values: data }] : [];
  for (const key of ['layer', 'hconcat', 'vconcat']) {
    for (const child of (node[key] as unknown[] | undefined) ?? []) found.push(...layersWithMark(child, mark, data));
  }
  return found;
}

function targets(chart: Chart | null): number[] {
  return layersWithMark(chart?.spec, 'rule').flatMap((l) => l.values.map((v) => (v as { target?: number }).target)).filter((t): t is number => t !== undefined);
}

describe('bench charts: specs', () => {
  it('draws latency, GraphQL vs SQL and ingestion for a normal run, and growth for a scale run of two or more levels', () => {
    expect(chartsFor({ kind: 'bench', result: benchResult(true) }).map((c) => c.name)).toEqual(['latency', 'graphql-vs-sql', 'ingestion']);
    expect(chartsFor({ kind: 'scale', result: scaleResult([level(1000, 4, 2, 700), level(10000, 5, 2.2, 6900)]) }).map((c) => c.name)).toEqual(['growth']);
  });

  it('skips the charts of missing sections instead of failing', () => {
    expect(chartsFor({ kind: 'bench', result: benchResult(false) }).map((c) => c.name)).toEqual(['latency', 'ingestion']);
    const bare = { ...benchResult(false), ingestion: undefined, queries: { dashboard: undefined, biomarkerTrend: null } } as unknown as BenchResult;
    expect(chartsFor({ kind: 'bench', result: bare })).toEqual([]);
    expect(chartsFor({ kind: 'scale', result: scaleResult([level(1000, 4, 2, 700)]) })).toEqual([]);
  });

  it('carries every query variant and its percentiles into the latency chart, titled with the unit and the run', () => {
    const result = benchResult(false);
    const rows = latencyRows(result);
    expect(rows.map((r) => r.label)).toEqual(['dashboard · rls', 'dashboard · superuser', 'dashboard · rls, date parameter', 'biomarker trend · rls', 'biomarker trend · superuser']);
    expect(rows[0]).toMatchObject({ p50Ms: 4.56, p95Ms: 9.12, p99Ms: 13.68, maxMs: 18.24, minMs: 2.28 });
    const title = latencyChart(result)!.spec.title as { text: string; subtitle: string };
    expect(title.text).toContain('in ms');
    expect(title.subtitle).toContain('2026-12-06 12:27 UTC · 1,234 users × 120 days · PostgreSQL 15.20');
  });

  it('compares GraphQL with SQL against the 1.5x / 2.5x / 60 % targets', () => {
    const result = benchResult(true);
    const ratios = ratioRows(result.http!);
    expect(ratios.filter((r) => r.group === 'dashboard, 1 client').map((r) => [r.measure, r.ratio, r.met])).toEqual([
      ['p50', 1.2, 'target met'], ['p99', 1.5, 'target met'], ['throughput', 0.6, 'target met'],
    ]);
    expect(ratios.filter((r) => r.group === 'dashboard, 8 clients').map((r) => [r.measure, Number(r.ratio.toFixed(3)), r.met])).toEqual([
      ['p50', 2, 'target missed'], ['p99', 5, 'target missed'], ['throughput', 0.417, 'target missed'],
    ]);
    expect(targets(graphqlVsSqlChart(result)).sort()).toEqual([0.6, 1.5, 2.5]);
    const bars = layersWithMark(graphqlVsSqlChart(result)!.spec, 'bar').flatMap((l) => l.values);
    expect(bars).toContainEqual({ group: 'dashboard, 8 clients', side: 'SQL', p50: 2, p99: 4, requestsPerSecond: 1200 });
    expect(bars.some((b) => (b as { side?: string }).side === 'bare HTTP')).toBe(false);
  });

  it('puts the bare HTTP server between GraphQL and SQL when the run measured it', () => {
    const result = { ...benchResult(true), http: [httpCase('trend', 8, [7, 17, 1000], [2.7, 9, 2900], [4.2, 12, 1750])] };
    expect(sideRows(result.http).map((r) => [r.side, r.p50])).toEqual([['GraphQL', 7], ['bare HTTP', 4.2], ['SQL', 2.7]]);
    const bars = layersWithMark(graphqlVsSqlChart(result)!.spec, 'bar').flatMap((l) => l.values);
    expect(bars).toContainEqual({ group: 'trend, 8 clients', side: 'bare HTTP', p50: 4.2, p99: 12, requestsPerSecond: 1750 });
    // The targets stay GraphQL's: the floor is drawn, not judged.
    expect(ratioRows(result.http).map((r) => r.ratio)).toEqual([7 / 2.7, 17 / 9, 1000 / 2900]);
  });

  it('shows growth relative to the smallest level with the 1.3x target, and the database size per level', () => {
    const result = scaleResult([level(10000, 5, null, 6900), level(1000, 4, 2, 700)]);
    expect(growthRows(result).map((r) => [r.query, r.users, r.relative])).toEqual([['dashboard', 1000, 1], ['dashboard', 10000, 1.25]]);
    expect(sizeRows(result).map((r) => r.label)).toEqual(['700 MiB', '6.7 GiB']);
    const chart = growthChart(result)!;
    expect(targets(chart)).toEqual([1.3]);
    expect((chart.spec.title as { text: string }).text).toContain('from 1,000 to 10,000 users');
  });

  it('draws ingestion per table and method, leaving out COPY where it was not measured', () => {
    const rows = ingestionRows(benchResult(false).ingestion.tables);
    expect(rows.map((r) => [r.table, r.method, r.rowsPerSec])).toEqual([
      ['wearable_daily', 'upsert', 5989], ['wearable_daily', 'COPY', 10388], ['wearable_daily', 'COPY without audit', 43945], ['wearable_sleep', 'upsert', 2418],
    ]);
    expect((ingestionChart(benchResult(false))!.spec.title as { text: string }).text).toContain('rows/s');
  });

  it('refuses files that are neither result', () => {
    expect(() => classifyResult([], 'x.json')).toThrow('x.json: neither a bench result');
    expect(() => classifyResult({ kind: 'scale' }, 'y.json')).toThrow('y.json: a scale result needs levels and startedAt');
    expect(classifyResult(benchResult(false), 'z.json').kind).toBe('bench');
  });
});

describe('bench charts: rendering', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vitalis-charts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one SVG per chart through the CLI, each with its title', async () => {
    const bench = path.join(dir, '20261206T122702Z.json');
    const scale = path.join(dir, 'scale-20261206T122012Z.json');
    await writeFile(bench, JSON.stringify(benchResult(true)));
    await writeFile(scale, JSON.stringify(scaleResult([level(1000, 4, 2, 700), level(10000, 5, 2.2, 6900)])));
    const out = path.join(dir, 'out');
    const { stdout } = await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'bench/charts/run.ts', '--out', out, bench, scale], { cwd: ROOT });
    expect(stdout).toContain('graphql-vs-sql.svg');
    expect((await readdir(out)).sort()).toEqual(['graphql-vs-sql.svg', 'growth.svg', 'ingestion.svg', 'latency.svg']);
    const titles: Record<string, string> = {
      'latency.svg': 'Query latency in ms',
      'graphql-vs-sql.svg': 'GraphQL over HTTP vs the same SQL',
      'growth.svg': 'Growth from 1,000 to 10,000 users',
      'ingestion.svg': 'Ingestion in rows/s per table',
    };
    for (const [file, title] of Object.entries(titles)) {
      const svg = await readFile(path.join(out, file), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(title);
    }
  });
});
