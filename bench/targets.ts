// Issue 15's ratio targets, each computed from one run's own figures, with whether it is met.

import type { HttpCaseResult } from './http';
import { PROTOCOL_FLOOR } from './measure';
import type { PlanSummary, QueryBenchResult, TableIngestionResult } from './result';

export interface TargetCheck {
  name: string;
  value: number | null;
  target: string;
  met: boolean | null;
}

type Query = (QueryBenchResult & { plans?: PlanSummary[] }) | null | undefined;

function check(name: string, value: number | null | undefined, op: '<=' | '>=', limit: number): TargetCheck {
  const v = value === undefined || value === null || !Number.isFinite(value) ? null : Math.round(value * 100) / 100;
  return { name, value: v, target: `${op} ${limit}`, met: v === null ? null : op === '<=' ? v <= limit : v >= limit };
}

const variant = (q: Query, name: string) => q?.extra.find((e) => e.name === name)?.latency.p50Ms;
const plan = (q: Query, mode: 'rls' | 'superuser') => q?.plans?.find((p) => p.mode === mode && p.variant === 'prepared, generic plan');

/** Rows per second of one method over all tables (null when a table lacks it). */
export function ingestionRate(tables: readonly TableIngestionResult[], key: 'upsert' | 'copy' | 'copyWithoutAudit' | 'copyPerUser'): number | null {
  let rows = 0;
  let ms = 0;
  for (const t of tables) {
    const phase = t[key];
    if (!phase) return null;
    rows += phase.rows;
    ms += phase.ms;
  }
  return ms > 0 ? (rows / ms) * 1000 : null;
}

export function targetChecks(input: { ingestion?: readonly TableIngestionResult[]; dashboard?: Query; trend?: Query; http?: readonly HttpCaseResult[] | null }): TargetCheck[] {
  const out: TargetCheck[] = [];
  if (input.ingestion?.length) {
    const upsert = ingestionRate(input.ingestion, 'upsert');
    const copy = ingestionRate(input.ingestion, 'copy');
    const bare = ingestionRate(input.ingestion, 'copyWithoutAudit');
    const perUser = ingestionRate(input.ingestion, 'copyPerUser');
    out.push(check('batch upserts / COPY into the same audited tables (rows/s)', upsert !== null && copy ? upsert / copy : null, '>=', 0.8));
    out.push(check('batch upserts / COPY, one committed transaction per user on both sides (rows/s)', upsert !== null && perUser ? upsert / perUser : null, '>=', 0.8));
    out.push(check('audited / unaudited write cost (COPY time)', bare !== null && copy ? bare / copy : null, '<=', 1.5));
  }
  for (const [label, q] of [['dashboard', input.dashboard], ['biomarker trend', input.trend]] as const) {
    if (!q) continue;
    const rls = variant(q, 'rls, prepared (generic plan)');
    const su = variant(q, 'superuser, prepared (generic plan)');
    out.push(check(`${label}: RLS / no RLS, p50 (prepared)`, rls && su ? rls / su : null, '<=', 1.1));
    const explained = plan(q, 'rls');
    out.push(check(`${label}: statement p50 / EXPLAIN execution (prepared, RLS)`, rls && explained?.executionMs ? rls / explained.executionMs : null, '<=', 2));
    // The same without the round trip every statement pays (client, socket, bind), which for a
    // statement that executes in 0.05 ms is most of its p50: whether planning dominates.
    const floor = variant(q, PROTOCOL_FLOOR);
    out.push(check(`${label}: statement p50 net of the protocol floor / EXPLAIN execution`, rls && floor !== undefined && explained?.executionMs ? (rls - floor) / explained.executionMs : null, '<=', 2));
  }
  for (const h of input.http ?? []) {
    const who = `${h.name}, ${h.connections} client${h.connections === 1 ? '' : 's'}`;
    out.push(check(`GraphQL / SQL p50: ${who}`, h.ratio.p50, '<=', 1.5));
    out.push(check(`GraphQL / SQL p99: ${who}`, h.ratio.p99, '<=', 2.5));
    out.push(check(`GraphQL / SQL throughput: ${who}`, h.ratio.requestsPerSecond, '>=', 0.6));
  }
  return out;
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length), 10);
  return checks.map((c) => `${c.name.padEnd(width)}  ${(c.value === null ? '-' : c.value.toFixed(2)).padStart(7)}  target ${c.target.padEnd(7)}  ${c.met === null ? 'not measured' : c.met ? 'met' : 'NOT MET'}`).join('\n');
}
