// Query latency: each variant of a statement run on the same random users, interleaved, as
// vitalis_api under RLS or as superuser; the statement alone is timed.

import type { Pool, PoolClient } from 'pg';
import { SET_HOUSEHOLD_REQUEST_SQL, SET_REQUEST_SQL, SET_USER_ONLY_SQL, withClient } from './pg';
import { Random } from './random';
import type { QueryBenchResult, QueryVariantResult } from './result';
import { elapsedMs, summarize } from './stats';

/** rls: as the API reads for a caller who views nobody else; rls-household: the household lookup too (SET_HOUSEHOLD_REQUEST_SQL). */
export type Mode = 'rls' | 'rls-household' | 'superuser';

/** The transaction settings of a mode. */
export function settingsSqlOf(mode: Mode): string {
  return mode === 'rls' ? SET_REQUEST_SQL : mode === 'rls-household' ? SET_HOUSEHOLD_REQUEST_SQL : SET_USER_ONLY_SQL;
}

/**
 * `prepared`: a named statement (as PostGraphile sends its queries) under plan_cache_mode =
 * force_generic_plan, so it is planned once per connection and pruned at run time; otherwise an
 * unnamed statement, planned on every execution.
 */
async function runQuery(client: PoolClient, mode: Mode, userId: string, sql: string, params: unknown[], prepared?: string): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  await client.query('begin');
  try {
    await client.query(settingsSqlOf(mode), [userId]);
    if (prepared) await client.query(`set local plan_cache_mode = force_generic_plan`);
    const t0 = process.hrtime.bigint();
    const result = prepared ? await client.query({ name: prepared, text: sql, values: params }) : await client.query(sql, params);
    const ms = elapsedMs(t0);
    await client.query('commit');
    return { ms, rows: result.rows as Record<string, unknown>[] };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

export interface VariantSpec {
  name: string;
  mode: Mode;
  sql: string;
  /** The statement's parameters from the picked user and parameters. */
  params: (picked: { userId: string; params: unknown[] }) => unknown[];
  /** Run as a named prepared statement with a generic plan (see runQuery). */
  prepared?: boolean;
  /**
   * A trivial statement sent the same way (the protocol's floor: a round trip, a bind, one row):
   * what a statement's p50 costs before PostgreSQL plans or runs anything. Its rows are not
   * compared with the others'.
   */
  floor?: boolean;
}

/** The floor variant of a statement whose first parameter is the user: see VariantSpec.floor. */
export function protocolFloor(): VariantSpec {
  return { name: PROTOCOL_FLOOR, mode: 'rls', sql: 'select $1::text as user_id', params: (p) => [p.userId], prepared: true, floor: true };
}
export const PROTOCOL_FLOOR = 'protocol floor, prepared';

export async function measureQuery(
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
        const name = variant.prepared ? `bench_${v}_${variant.name.replace(/[^a-z0-9]+/gi, '_')}` : undefined;
        const { ms, rows } = await runQuery(client, variant.mode, picked.userId, variant.sql, variant.params(picked), name);
        const n = variant.floor ? rows.length : opts.countRows(rows);
        if (!variant.floor) counts.add(n);
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
