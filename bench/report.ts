// The human-readable summary printed after a run.
import type { BenchResult, QueryBenchResult, UpsertPhaseResult, CopyPhaseResult } from './benchmark';

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
  return ['', 'COPY (superuser)', int(p.rows), (p.ms / 1000).toFixed(2), int(p.rowsPerSec), int(p.rows), '-', '-', int(p.auditRows), '-'];
}

function queryRows(label: string, q: QueryBenchResult): string[][] {
  const row = (name: string, mode: string, v: QueryBenchResult['rls']) => [name, mode, ms(v.latency.p50Ms), ms(v.latency.p95Ms), ms(v.latency.p99Ms), ms(v.latency.meanMs), ms(v.latency.maxMs), String(v.meanRows)];
  return [
    row(label, 'RLS (vitalis_api)', q.rls),
    row('', 'superuser (no RLS)', q.superuser),
    ['', `RLS/superuser p50 x${q.rlsOverheadP50.toFixed(2)}`, '', '', '', '', '', q.mismatches ? `${q.mismatches} MISMATCHES` : ''],
  ];
}

export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  const s = r.environment.postgres.settings;
  out.push(`Vitalis benchmark ${r.startedAt}${r.config.smoke ? '  [SMOKE]' : ''}  (${r.database.mode}, database ${r.database.name}, ${(r.durationMs / 1000).toFixed(1)} s)`);
  out.push(`PostgreSQL ${s.server_version ?? r.environment.postgres.versionNum} (fsync=${s.fsync}, synchronous_commit=${s.synchronous_commit}, shared_buffers=${s.shared_buffers}) · Node ${r.environment.node} · ${r.environment.cpus} x ${r.environment.cpuModel}`);
  out.push(`${r.config.users} users x ${r.config.days} days (${r.config.years} years, ${r.config.startDate} .. ${r.config.endDate}), seed "${r.config.seed}"; upsert cohort ${r.data.upsertCohortUsers} users, COPY cohort ${r.data.copyCohortUsers} users`);
  const c = r.data.rowCounts;
  out.push(`Rows: ${['wearable_daily', 'wearable_sleep', 'wearable_activities', 'blood_panels', 'blood_markers', 'audit_log'].map((t) => `${t} ${int(c[t] ?? 0)}`).join(' · ')}`);
  const d = r.data.dictionary;
  out.push(`Blood panels: ${d.markersPerPanel} markers each from ${d.numericMarkers + d.fallbackInserted} numeric dictionary markers${d.fallbackInserted ? ` (dictionary had ${d.numericMarkers}: ${d.fallbackInserted} bench fallback markers inserted)` : ''}; database ${r.data.sizesMiB.database ?? '?'} MiB`);
  out.push('');
  out.push(`Ingestion (batches of ${r.ingestion.batchSize} rows per source; upserts: one transaction per user as vitalis_api; COPY: one statement as superuser)`);
  const rows: string[][] = [];
  for (const t of r.ingestion.tables) {
    rows.push(upsertRow(t.table, 'upsert', t.upsert));
    rows.push(upsertRow('', 'upsert re-run (no-op)', t.rerun));
    if (t.copy) rows.push(copyRow(t.copy));
  }
  const tot = r.ingestion.totals;
  rows.push(['all three tables', `rows/s: upsert ${int(tot.upsertRowsPerSec)} · re-run ${int(tot.rerunRowsPerSec)} · COPY ${tot.copyRowsPerSec === null ? '-' : int(tot.copyRowsPerSec)}`, '', '', '', '', '', '', '', '']);
  out.push(table(['table', 'method', 'rows', 'time s', 'rows/s', 'inserted', 'updated', 'skipped', 'audit rows', 'batch p50/p99 ms'], rows, [false, false, true, true, true, true, true, true, true, true]));
  out.push('');
  const q = r.queries;
  out.push(`Queries (${q.dashboard.iterations} iterations after ${q.dashboard.warmup} warm-up, random users; statement latency in ms)`);
  const qrows = queryRows('dashboard, last 30 days', q.dashboard);
  if (q.biomarkerTrend) qrows.push(...queryRows('biomarker trend, 2 years', q.biomarkerTrend));
  out.push(table(['query', 'mode', 'p50', 'p95', 'p99', 'mean', 'max', 'rows'], qrows, [false, false, true, true, true, true, true, true]));
  out.push('');
  for (const p of q.dashboard.plans) {
    const scanned = p.tables.map((t) => `${t.table} ${t.partitionsExecuted}/${t.partitionsTotal}${t.partitions.length ? ` [${t.partitions.join(', ')}]` : ''}`).join('; ');
    out.push(`Dashboard plan, ${p.mode}${p.variant === 'upper bound' ? ' (with upper bound <= current_date, EXPLAIN only)' : ''}: ${p.partitionsScanned} of ${p.partitionsTotal} partitions scanned (${scanned}); planning ${ms(p.planningMs)} ms, execution ${ms(p.executionMs)} ms`);
  }
  out.push(`Dashboard scan nodes: ${q.dashboard.plans[0]?.scanNodes.join(', ') ?? '-'}`);
  return out.join('\n');
}
