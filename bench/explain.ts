// EXPLAIN ANALYZE of statement variants (the dashboard's, the trend's): which partitions each plan keeps and scans, and the
// median planning and execution times over interleaved rounds.

import type { Pool } from 'pg';
import { settingsSqlOf, type Mode } from './measure';
import { withClient } from './pg';
import type { PartitionScan, PlanSummary } from './result';

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

/**
 * `params`: the statement's $n values (default: the user, then the dashboard's start date);
 * `prepared`: EXPLAIN EXECUTE of a prepared statement under plan_cache_mode = force_generic_plan.
 */
export type PlanVariant = { mode: Mode; variant: PlanSummary['variant']; sql: string; params?: unknown[]; prepared?: boolean };
type Explained = { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number };

/**
 * EXPLAIN ANALYZE of each dashboard variant on one connection: a discarded warm-up round, then
 * `rounds` rounds interleaving the variants (so load on the machine hits them alike); planning
 * and execution times are medians, the partitions come from the last plan.
 */
export async function explainVariants(
  pool: Pool,
  variants: readonly PlanVariant[],
  userId: string,
  parents: Map<string, string>,
  totals: Map<string, number>,
  rounds = 7,
): Promise<PlanSummary[]> {
  return withClient(pool, async (client) => {
    const { rows: since } = await client.query(`select (current_date - 30)::text as d`);
    const paramsOf = (v: PlanVariant) => v.params ?? [userId, (since[0] as { d: string }).d];
    const literal = (value: unknown) => client.escapeLiteral(String(value));
    const sqlFor = (v: PlanVariant) => v.sql.replace(/\$(\d+)/g, (_, n: string) => literal(paramsOf(v)[Number(n) - 1]));
    const explainOnce = async (v: PlanVariant, i: number): Promise<Explained> => {
      await client.query('begin');
      try {
        await client.query(settingsSqlOf(v.mode), [userId]);
        let statement = sqlFor(v);
        if (v.prepared) {
          // Prepared inside the transaction, under the variant's role, and dropped with it.
          const name = `bench_explain_${i}`;
          await client.query(`set local plan_cache_mode = force_generic_plan`);
          await client.query(`prepare ${name} as ${v.sql}`);
          statement = `execute ${name}(${paramsOf(v).map(literal).join(', ')})`;
        }
        const { rows } = await client.query(`explain (analyze, buffers off, format json) ${statement}`);
        if (v.prepared) await client.query(`deallocate bench_explain_${i}`);
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
        const plan = await explainOnce(variants[i] as PlanVariant, i);
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
