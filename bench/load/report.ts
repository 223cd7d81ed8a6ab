// The printed summary of a load run: per operation throughput, latency and status classes; the
// import jobs' latency; the reconciliation per kind of write, and every mismatch.
import type { LatencySummary } from '../stats';
import type { LoadResult } from './loadTest';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
const latency = (l: LatencySummary) => `${ms(l.p50Ms)} / ${ms(l.p95Ms)} / ${ms(l.p99Ms)}`;

export function formatLoadReport(r: LoadResult): string {
  const lines: string[] = [];
  lines.push(
    `Load: ${r.options.clients} clients, ${r.window.seconds} s (+${r.window.drainSeconds} s drain), ${r.users} users, PostgreSQL ${r.environment.postgres.versionNum}, ${r.environment.cpus} × ${r.environment.cpuModel}, load average ${r.environment.loadAverage.start[0]} -> ${r.environment.loadAverage.end[0]}`,
  );
  lines.push('');
  lines.push(`${'operation'.padEnd(26)}${'requests'.padStart(9)}${'ok'.padStart(8)}${'req/s'.padStart(8)}  ${'p50 / p95 / p99 ms'.padStart(26)}${'2xx'.padStart(7)}${'4xx'.padStart(6)}${'5xx'.padStart(6)}${'t/o'.padStart(6)}  errors`);
  for (const [op, o] of Object.entries(r.operations)) {
    const c = o.statusClasses;
    const errors = Object.entries(o.errors).map(([code, n]) => `${code} ×${n}`).join(', ');
    lines.push(
      `${op.padEnd(26)}${String(o.requests).padStart(9)}${String(o.ok).padStart(8)}${o.perSecond.toFixed(1).padStart(8)}  ${latency(o.latency).padStart(26)}${String(c['2xx'] ?? 0).padStart(7)}${String(c['4xx'] ?? 0).padStart(6)}${String(c['5xx'] ?? 0).padStart(6)}${String((c.timeout ?? 0) + (c.network ?? 0)).padStart(6)}  ${errors}`,
    );
  }
  lines.push(`${'all'.padEnd(26)}${String(r.totals.requests).padStart(9)}${''.padStart(8)}${r.totals.perSecond.toFixed(1).padStart(8)}`);
  lines.push('');
  const j = r.imports.jobLatency;
  lines.push(`imports: ${r.imports.uploaded} queued, ${r.imports.finished} seen finished by their client; job latency p50 / p95 / p99 ms: queue wait ${latency(j.queueWait)}, run ${latency(j.run)}, total ${latency(j.total)}; upload to done as the client saw it ${latency(r.imports.clientObserved)}`);
  lines.push('');
  lines.push(`${'reconciliation'.padEnd(24)}${'sent'.padStart(8)}${'acked'.padStart(8)}${'exact'.padStart(8)}${'lost'.padStart(6)}${'dup'.padStart(6)}${'value'.padStart(7)}${'unacked, present'.padStart(18)}${'phantom'.padStart(9)}`);
  for (const [kind, k] of Object.entries(r.reconciliation.kinds)) {
    lines.push(
      `${kind.padEnd(24)}${String(k.sent).padStart(8)}${String(k.acknowledged).padStart(8)}${String(k.confirmed).padStart(8)}${String(k.lost).padStart(6)}${String(k.duplicated + k.unacknowledgedDuplicated).padStart(6)}${String(k.wrongValue).padStart(7)}${String(k.unacknowledgedPresent).padStart(18)}${String(k.phantom).padStart(9)}`,
    );
  }
  const im = r.reconciliation.imports;
  lines.push(`import jobs: ${im.succeeded}/${im.acknowledged} succeeded with their file's rows${im.rowCountMismatches ? `, ${im.rowCountMismatches} row-count mismatches` : ''}${Object.keys(im.notSucceeded).length ? `, not succeeded: ${JSON.stringify(im.notSucceeded)}` : ''}${im.extraJobs ? `, ${im.extraJobs} extra jobs` : ''}`);
  lines.push(r.reconciliation.exact ? 'RECONCILED: every acknowledged write is there exactly once.' : `NOT RECONCILED: ${r.reconciliation.mismatchCount} mismatch(es):`);
  for (const m of r.reconciliation.mismatches.slice(0, 30)) lines.push(`  ${m}`);
  lines.push(`5xx: ${r.totals.serverErrors}${r.serverErrors.length ? ` (${r.serverErrors.slice(0, 5).map((e) => `${e.operation} ${e.status}: ${e.message}`).join('; ')})` : ''}`);
  for (const a of r.anomalies.slice(0, 10)) lines.push(`anomaly: ${a}`);
  return lines.join('\n');
}
