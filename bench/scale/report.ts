// The scale run as text: one column per level, then the growth from the smallest level and the
// issue's ratio targets, each with its measured value.

import type { ScaleLevelResult } from './level';
import type { ScaleResult } from './run';
import { ingestionRate, targetChecks } from '../targets';

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));
const int = (n: number | null | undefined) => (n === null || n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));

export interface LevelFigures {
  users: number;
  rows: number;
  databaseGiB: number;
  loadRowsPerSec: number | null;
  upsertRowsPerSec: number;
  copyRowsPerSec: number | null;
  copyWithoutAuditRowsPerSec: number | null;
  dashboardRlsP50: number;
  dashboardSuperuserP50: number;
  dashboardDateParamP50: number | null;
  dashboardPlanningMs: number | null;
  dashboardExecutionMs: number | null;
  trendRlsP50: number | null;
  trendSuperuserP50: number | null;
}

export function levelFigures(level: ScaleLevelResult): LevelFigures {
  const tables = level.ingestion.tables;
  const rate = (k: 'upsert' | 'copy' | 'copyWithoutAudit') => ingestionRate(tables, k);
  const plan = level.dashboard.plans.find((p) => p.mode === 'rls' && p.variant === 'current_date - 30');
  const load = level.dataset.loadedThisRun;
  return {
    users: level.users,
    rows: Object.entries(level.rowCounts).filter(([k]) => k !== 'users').reduce((n, [, v]) => n + v, 0),
    databaseGiB: level.databaseMiB / 1024,
    loadRowsPerSec: load && load.ms > 0 ? (load.rows / load.ms) * 1000 : null,
    upsertRowsPerSec: rate('upsert') ?? 0,
    copyRowsPerSec: rate('copy'),
    copyWithoutAuditRowsPerSec: rate('copyWithoutAudit'),
    dashboardRlsP50: level.dashboard.rls.latency.p50Ms,
    dashboardSuperuserP50: level.dashboard.superuser.latency.p50Ms,
    dashboardDateParamP50: level.dashboard.extra[0]?.latency.p50Ms ?? null,
    dashboardPlanningMs: plan?.planningMs ?? null,
    dashboardExecutionMs: plan?.executionMs ?? null,
    trendRlsP50: level.biomarkerTrend?.rls.latency.p50Ms ?? null,
    trendSuperuserP50: level.biomarkerTrend?.superuser.latency.p50Ms ?? null,
  };
}

export function formatScaleReport(result: ScaleResult): string {
  const figures = result.levels.map(levelFigures);
  const lines: string[] = [];
  const header = ['', ...figures.map((f) => `${int(f.users)} users`)];
  const rowsOut: string[][] = [
    ['rows (estimated)', ...figures.map((f) => int(f.rows))],
    ['database GiB', ...figures.map((f) => fmt(f.databaseGiB, 1))],
    ['load rows/s (this run)', ...figures.map((f) => int(f.loadRowsPerSec))],
    ['arrivals: upsert rows/s', ...figures.map((f) => int(f.upsertRowsPerSec))],
    ['arrivals: COPY rows/s', ...figures.map((f) => int(f.copyRowsPerSec))],
    ['arrivals: COPY, no audit rows/s', ...figures.map((f) => int(f.copyWithoutAuditRowsPerSec))],
    ['dashboard p50 ms, RLS', ...figures.map((f) => fmt(f.dashboardRlsP50))],
    ['dashboard p50 ms, no RLS', ...figures.map((f) => fmt(f.dashboardSuperuserP50))],
    ['dashboard planning / execution ms', ...figures.map((f) => `${fmt(f.dashboardPlanningMs)} / ${fmt(f.dashboardExecutionMs)}`)],
    ['trend p50 ms, RLS / no RLS', ...figures.map((f) => `${fmt(f.trendRlsP50)} / ${fmt(f.trendSuperuserP50)}`)],
  ];
  // Issue 15's ratio targets per level, computed from each level's own figures.
  const checks = result.levels.map((l) => targetChecks({ ingestion: l.ingestion.tables, dashboard: l.dashboard, trend: l.biomarkerTrend, http: l.http }));
  for (const [i, c] of (checks[0] ?? []).entries()) {
    rowsOut.push([`${c.name} (${c.target})`, ...checks.map((level) => { const v = level[i]; return v ? `${fmt(v.value)}${v.met === false ? ' !' : ''}` : '-'; })]);
  }
  const base = figures[0];
  if (base && figures.length > 1) {
    for (const f of figures.slice(1)) {
      rowsOut.push([`growth ${int(base.users)} -> ${int(f.users)}: dashboard p50 (target <= 1.3)`, ...figures.map((g) => (g === f ? fmt(f.dashboardRlsP50 / base.dashboardRlsP50) : ''))]);
      if (base.trendRlsP50 && f.trendRlsP50) rowsOut.push([`growth ${int(base.users)} -> ${int(f.users)}: trend p50 (target <= 1.3)`, ...figures.map((g) => (g === f ? fmt(f.trendRlsP50! / base.trendRlsP50!) : ''))]);
    }
  }
  const largest = result.levels[result.levels.length - 1];
  const extrapolation = largest ? extrapolate(largest, 100_000) : [];
  const widths = header.map((_, c) => Math.max(...[header, ...rowsOut].map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0))).join('  ');
  lines.push(`Scale: ${result.levels.map((l) => `${l.users} users (${l.dataset.origin})`).join(', ')} x ${result.options.days} days, ${result.server} PostgreSQL; load average ${result.machine.loadAverage.start.map((v) => v.toFixed(1)).join(' ')}`);
  lines.push(line(header));
  lines.push('("!": a target not met)');
  for (const r of rowsOut) lines.push(line(r));
  if (largest && extrapolation.length) {
    lines.push('');
    lines.push(`Sizes at ${int(largest.users)} users and extrapolated to 100,000 users (linear: each user's rows are independent of the others'; GiB)`);
    for (const e of extrapolation) lines.push(`  ${e.table.padEnd(34)} ${fmt(e.measuredGiB, 2).padStart(8)} -> ${fmt(e.extrapolatedGiB, 0).padStart(6)}  (${fmt(e.mibPerUser, 2)} MiB per user; largest index ${e.largestIndex})`);
  }
  return lines.join('\n');
}

export interface Extrapolated {
  table: string;
  measuredGiB: number;
  mibPerUser: number;
  extrapolatedGiB: number;
  largestIndex: string;
}

/** Each table's size per user at a level, times `users`: the arithmetic behind docs/scaling.md. */
export function extrapolate(level: ScaleLevelResult, users: number): Extrapolated[] {
  const rows = level.sizes.filter((s) => s.totalMiB >= 1).map((s) => ({
    table: s.table,
    measuredGiB: s.totalMiB / 1024,
    mibPerUser: s.totalMiB / level.users,
    extrapolatedGiB: (s.totalMiB / level.users) * users / 1024,
    largestIndex: s.indexes[0] ? `${s.indexes[0].name} ${fmt(s.indexes[0].mib, 0)} MiB` : '-',
  }));
  const total = rows.reduce((n, r) => n + r.measuredGiB, 0);
  rows.push({ table: 'all tables above', measuredGiB: total, mibPerUser: (total * 1024) / level.users, extrapolatedGiB: ((total * 1024) / level.users) * users / 1024, largestIndex: '-' });
  return rows;
}

// `npx tsx bench/scale/report.ts bench/results/scale-<timestamp>.json`: the report of a kept result.
if (require.main === module) {
  const fs = require('node:fs') as typeof import('node:fs');
  for (const file of process.argv.slice(2)) process.stdout.write(`${formatScaleReport(JSON.parse(fs.readFileSync(file, 'utf8')) as ScaleResult)}\n\n`);
}
