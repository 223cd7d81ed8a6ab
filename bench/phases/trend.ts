// Phase 3, the biomarker trend: one user's one biomarker over two years (blood_markers joined to
// blood_panels), as vitalis_api under RLS and as superuser.

import type { Pool } from 'pg';
import type { BenchUser, Bloodwork } from '../generate';
import { measureQuery, protocolFloor } from '../measure';
import type { BenchOptions } from '../options';
import type { PlanSummary, QueryBenchResult } from '../result';
import { explainVariants } from '../explain';

/** One user's one biomarker over two years. */
export const TREND_SQL = `select p.collected_at, m.value_canonical, m.value_numeric, m.unit, m.flag, m.in_range,
       m.ref_range_low, m.ref_range_high
  from vitalis.blood_markers m
  join vitalis.blood_panels p on p.panel_id = m.panel_id
 where m.user_id = $1 and m.biomarker_id = $2
   and p.collected_at >= now() - interval '2 years' and p.deleted_at is null
 order by p.collected_at`;

/** Null when no user has blood work (the dictionary had no numeric markers). */
export async function runTrend(
  pool: Pool,
  users: readonly BenchUser[],
  bloodwork: readonly Bloodwork[],
  options: BenchOptions,
  log: (message: string) => void,
): Promise<(QueryBenchResult & { plans: PlanSummary[] }) | null> {
  const pairs = users.flatMap((u) => (bloodwork[u.index]?.coreMarkerIds ?? []).length ? [{ userId: u.userId, markers: bloodwork[u.index]?.coreMarkerIds ?? [] }] : []);
  let biomarkerTrend: (QueryBenchResult & { plans: PlanSummary[] }) | null = null;
  if (pairs.length > 0) {
    log(`biomarker trend: ${options.iterations} iterations (+${options.warmup} warm-up)`);
    const measured = await measureQuery(pool, TREND_SQL, {
      iterations: options.iterations,
      warmup: options.warmup,
      seed: `${options.seed}/trend`,
      pick: (rng) => {
        const pair = rng.pick(pairs);
        return { userId: pair.userId, params: [pair.userId, rng.pick(pair.markers)] };
      },
      countRows: (rows) => rows.length,
      extra: [
        { name: 'rls, prepared (generic plan)', mode: 'rls', sql: TREND_SQL, params: (p) => p.params, prepared: true },
        // For a household viewer (or without the API's cached answer): the household looked up too.
        { name: 'rls, prepared, household lookup', mode: 'rls-household', sql: TREND_SQL, params: (p) => p.params, prepared: true },
        { name: 'superuser, prepared (generic plan)', mode: 'superuser', sql: TREND_SQL, params: (p) => p.params, prepared: true },
        protocolFloor(),
      ],
    });
    const first = pairs[0] as { userId: string; markers: string[] };
    const params = [first.userId, first.markers[0]];
    const plans = await explainVariants(pool, [
      { mode: 'rls', variant: 'date parameter', sql: TREND_SQL, params },
      { mode: 'rls', variant: 'prepared, generic plan', sql: TREND_SQL, params, prepared: true },
      { mode: 'superuser', variant: 'prepared, generic plan', sql: TREND_SQL, params, prepared: true },
    ], first.userId, new Map(), new Map());
    biomarkerTrend = { ...measured, plans };
  }
  return biomarkerTrend;
}
