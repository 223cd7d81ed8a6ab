// The human-readable summary printed after a run. `npx tsx bench/report.ts <result.json>`
// prints it again for a saved result.
import fs from 'node:fs';
import { formatTargets, targetChecks } from './targets';
import type { BenchResult, QueryBenchResult, UpsertPhaseResult, CopyPhaseResult } from './result';
import { formatHttpReport } from './http';
import { formatHostileReport, type HostilePhaseResult } from './phases/hostile';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '-');

function table(headers: string[], rows: string[][], right: boolean[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function upsertRow(table: string, label: string, p: UpsertPhaseResult): string[] {
  return [table, label, int(p.rows), (p.ms / 1000).toFixed(2), int(p.rowsPerSec), int(p.inserted), int(p.updated), int(p.skipped), int(p.auditRows), `${ms(p.batchLatency.p50Ms)} / ${ms(p.batchLatency.p99Ms)}`];
}

function copyRow(p: CopyPhaseResult): string[] {
  const label = p.method === 'copy' ? 'COPY (superuser)' : p.method === 'copy_per_user' ? 'COPY, a transaction per user' : 'COPY, audit trigger off*';
  return ['', label, int(p.rows), (p.ms / 1000).toFixed(2), int(p.rowsPerSec), int(p.rows), '-', '-', int(p.auditRows), '-'];
}

function queryRows(label: string, q: QueryBenchResult): string[][] {
  const row = (name: string, mode: string, v: QueryBenchResult['rls']) => [name, mode, ms(v.latency.p50Ms), ms(v.latency.p95Ms), ms(v.latency.p99Ms), ms(v.latency.meanMs), ms(v.latency.maxMs), String(v.meanRows)];
  return [
    row(label, 'RLS (vitalis_api)', q.rls),
    row('', 'superuser (no RLS)', q.superuser),
    ...q.extra.map((v) => row('', v.mode === 'superuser' ? v.name : `RLS, ${v.name.replace(/^rls, /, '')}`, v)),
    ['', `RLS/superuser p50 x${q.rlsOverheadP50.toFixed(2)}`, '', '', '', '', '', q.mismatches ? `${q.mismatches} MISMATCHES` : ''],
  ];
}

export function formatReport(r: BenchResult & { hostile?: HostilePhaseResult }): string {
  const out: string[] = [];
  const s = r.environment.postgres.settings;
  out.push(`Vitalis benchmark ${r.startedAt}${r.config.smoke ? '  [SMOKE]' : ''}  (${r.database.mode}, database ${r.database.name}, ${(r.durationMs / 1000).toFixed(1)} s)`);
  out.push(`PostgreSQL ${s.server_version ?? r.environment.postgres.versionNum} (fsync=${s.fsync}, synchronous_commit=${s.synchronous_commit}, shared_buffers=${s.shared_buffers}) · Node ${r.environment.node} · ${r.environment.cpus} x ${r.environment.cpuModel}`);
  out.push(`Load average (1/5/15 min) at start ${r.environment.loadAverage.start.join(' / ')}, at end ${r.environment.loadAverage.end.join(' / ')} (${r.environment.cpus} CPUs)`);
  out.push(`${r.config.users} users x ${r.config.days} days (${r.config.years} years, ${r.config.startDate} .. ${r.config.endDate}), seed "${r.config.seed}"; upsert cohort ${r.data.upsertCohortUsers} users, COPY cohort ${r.data.copyCohortUsers} users`);
  const c = r.data.rowCounts;
  out.push(`Rows: ${['wearable_daily', 'wearable_sleep', 'wearable_activities', 'blood_panels', 'blood_markers', 'audit_log'].map((t) => `${t} ${int(c[t] ?? 0)}`).join(' · ')}`);
  const d = r.data.dictionary;
  out.push(`Blood panels: ${d.markersPerPanel} markers each from ${d.numericMarkers + d.fallbackInserted} numeric dictionary markers${d.fallbackInserted ? ` (dictionary had ${d.numericMarkers}: ${d.fallbackInserted} bench fallback markers inserted)` : ''}; database ${r.data.sizesMiB.database ?? '?'} MiB`);
  out.push('');
  out.push(`Ingestion (batches of ${r.ingestion.batchSize} rows per source; upserts: one transaction per user as vitalis_api; COPY: one statement as superuser, and for half its cohort one transaction per user)`);
  const rows: string[][] = [];
  for (const t of r.ingestion.tables) {
    rows.push(upsertRow(t.table, 'upsert', t.upsert));
    rows.push(upsertRow('', 'upsert re-run (no-op)', t.rerun));
    if (t.copy) rows.push(copyRow(t.copy));
    if (t.copyWithoutAudit) rows.push(copyRow(t.copyWithoutAudit));
    if (t.copyPerUser) rows.push(copyRow(t.copyPerUser));
  }
  const tot = r.ingestion.totals;
  out.push(table(['table', 'method', 'rows', 'time s', 'rows/s', 'inserted', 'updated', 'skipped', 'audit rows', 'batch p50/p99 ms'], rows, [false, false, true, true, true, true, true, true, true, true]));
  out.push(`All three tables, rows/s: upsert ${int(tot.upsertRowsPerSec)} · re-run ${int(tot.rerunRowsPerSec)} · COPY ${tot.copyRowsPerSec === null ? '-' : int(tot.copyRowsPerSec)}`);
  if (r.ingestion.tables.some((t) => t.copyWithoutAudit)) out.push('* the same COPY with the audit INSERT trigger disabled, rolled back: for the cost of auditing only');
  out.push('');
  const q = r.queries;
  out.push(`Queries (${q.dashboard.iterations} iterations after ${q.dashboard.warmup} warm-up, random users; statement latency in ms)`);
  out.push('All timings are the statement alone; dashboard variants run interleaved on the same random users.');
  const qrows = queryRows('dashboard, last 30 days', q.dashboard);
  if (q.biomarkerTrend) qrows.push(...queryRows('biomarker trend, 2 years', q.biomarkerTrend));
  out.push(table(['query', 'mode', 'p50', 'p95', 'p99', 'mean', 'max', 'rows'], qrows, [false, false, true, true, true, true, true, true]));
  out.push('');
  for (const p of q.dashboard.plans) {
    const scanned = p.tables.map((t) => `${t.table} ${t.partitionsExecuted}/${t.partitionsTotal}${t.partitions.length ? ` [${t.partitions.join(', ')}]` : ''}`).join('; ');
    const label = p.variant === 'upper bound' ? `${p.mode}, current_date - 30 with upper bound <= current_date (EXPLAIN only)` : `${p.mode}, ${p.variant}`;
    out.push(`Dashboard plan (${label}): ${p.partitionsScanned} of ${p.partitionsTotal} partitions scanned (${scanned}); planning ${ms(p.planningMs)} ms, execution ${ms(p.executionMs)} ms (medians)`);
  }
  out.push(`Dashboard scan nodes: ${q.dashboard.plans[0]?.scanNodes.join(', ') ?? '-'}`);
  if (r.http?.length) {
    out.push('');
    out.push('GraphQL over HTTP (keep-alive clients timed with hrtime, real sessions) vs the same SQL through a raw pg client, same role and RLS; ms');
    out.push(formatHttpReport(r.http));
  }
  const checks = targetChecks({ ingestion: r.ingestion.tables, dashboard: q.dashboard, trend: q.biomarkerTrend, http: r.http });
  if (checks.length) {
    out.push('');
    out.push('Targets (issue 15), each from this run alone');
    out.push(formatTargets(checks));
  }
  const a = r.appleHealth;
  if (a) {
    out.push('');
    out.push(`Apple Health import: generated export.xml of ${(a.file.xmlBytes / 1e6).toFixed(1)} MB (${int(a.file.elements)} elements, ${int(a.file.days)} days); parse-only and import each in a child process with a ${a.parseOnly.memory.heapCapMiB} MiB heap cap`);
    out.push(
      table(
        ['phase', 'MB/s', 'rows', 'rows/s', 'peak RSS MiB', 'time s'],
        [
          ['parse only (no database)', String(a.parseOnly.mbPerSec), '-', '-', String(a.parseOnly.memory.maxRssMiB), (a.parseOnly.ms / 1000).toFixed(2)],
          ['import (vitalis_api, one transaction)', String(a.import.mbPerSec), int(a.import.rowsWritten), int(a.import.rowsPerSec), String(a.import.memory.maxRssMiB), (a.import.ms / 1000).toFixed(2)],
          ['COPY of the same rows (superuser)', '-', int(a.copy.rows), int(a.copy.rowsPerSec), '-', (a.copy.ms / 1000).toFixed(2)],
        ],
        [false, true, true, true, true, true],
      ),
    );
  }
  if (r.hostile) {
    out.push('');
    out.push(`Hostile traffic: /healthz latency (ms, sequential probes) on a quiet server, then while ${r.hostile.connections} clients send each kind of worst-case document for ${r.hostile.seconds} s (production-mode server in its own process)`);
    out.push(formatHostileReport(r.hostile));
  }
  return out.join('\n');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: tsx bench/report.ts bench/results/<timestamp>.json ...');
    process.exit(2);
  }
  for (const file of files) process.stdout.write(`${formatReport(JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult)}\n\n`);
}
