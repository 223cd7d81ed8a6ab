// Phase 2, the dashboard: one statement returning a user's last 30 days of daily summaries, sleep
// and activities, as vitalis_api under RLS and as superuser, interleaved on the same random users,
// with a third variant taking the start date as a parameter; then EXPLAIN ANALYZE of each form.

import type { Pool } from 'pg';
import { explainVariants } from '../explain';
import type { BenchUser } from '../generate';
import { measureQuery, protocolFloor } from '../measure';
import type { BenchOptions } from '../options';
import type { PlanSummary, QueryBenchResult } from '../result';
import { TABLES } from './ingestion';

/** A user's last 30 days, one round trip; dates compared with dates (DESIGN.md section 4). */
export const DASHBOARD_SQL = `select
  (select coalesce(json_agg(d order by d.date desc, d.source), '[]'::json)
     from (select date, source, resting_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal,
                  distance_m, spo2_avg_pct, respiratory_rate_avg, stress_avg, body_battery_end, readiness_score,
                  recovery_score, vo2_max_ml_kg_min
             from vitalis.wearable_daily
            where user_id = $1 and date >= current_date - 30) d) as daily,
  (select coalesce(json_agg(s order by s.sleep_date desc, s.source), '[]'::json)
     from (select sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes,
                  light_minutes, awake_minutes, sleep_efficiency_pct, sleep_score, avg_hr_bpm, avg_hrv_ms
             from vitalis.wearable_sleep
            where user_id = $1 and sleep_date >= current_date - 30) s) as sleep,
  (select coalesce(json_agg(a order by a.start_time desc), '[]'::json)
     from (select activity_id, activity_date, source, activity_type, activity_name, start_time, duration_seconds,
                  distance_m, calories_kcal, avg_hr_bpm, training_effect_aerobic
             from vitalis.wearable_activities
            where user_id = $1 and activity_date >= current_date - 30) a) as activities`;

/**
 * The dashboard with an upper bound as well (`between current_date - 30 and current_date`): only
 * EXPLAINed, to show whether the next year's (empty, pre-created) partitions drop out of the plan.
 */
export const DASHBOARD_BOUNDED_SQL = DASHBOARD_SQL.replace(/(\w+) >= current_date - 30/g, '$1 between current_date - 30 and current_date');

/**
 * The dashboard with the start date sent by the client as a date parameter ($2): still a date
 * compared with a date, but a constant at plan time, so partitions are pruned while planning.
 */
export const DASHBOARD_DATE_PARAM_SQL = DASHBOARD_SQL.replace(/(\w+) >= current_date - 30/g, '$1 >= $2::date');

export async function runDashboard(
  pool: Pool,
  users: readonly BenchUser[],
  options: BenchOptions,
  log: (message: string) => void,
): Promise<QueryBenchResult & { plans: PlanSummary[] }> {
  // Each wearable table's partitions, to tell which ones a plan keeps.
  const { rows: partRows } = await pool.query(
    `select c.relname as child, p.relname as parent
       from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
       join pg_namespace n on n.oid = p.relnamespace
      where n.nspname = 'vitalis' and p.relname = any($1)`,
    [TABLES.map((t) => t.table)],
  );
  const parents = new Map<string, string>();
  const totals = new Map<string, number>(TABLES.map((t) => [t.table, 0]));
  for (const r of partRows as { child: string; parent: string }[]) {
    parents.set(r.child, r.parent);
    totals.set(r.parent, (totals.get(r.parent) ?? 0) + 1);
  }
  log(`dashboard: ${options.iterations} iterations (+${options.warmup} warm-up)`);
  const { rows: sinceRows } = await pool.query(`select (current_date - 30)::text as d`);
  const since = (sinceRows[0] as { d: string }).d;
  const dashboard = await measureQuery(pool, DASHBOARD_SQL, {
    iterations: options.iterations,
    warmup: options.warmup,
    seed: `${options.seed}/dashboard`,
    pick: (rng) => {
      const userId = rng.pick(users).userId;
      return { userId, params: [userId] };
    },
    countRows: (rows) => {
      const r = rows[0] as { daily: unknown[]; sleep: unknown[]; activities: unknown[] };
      return r.daily.length + r.sleep.length + r.activities.length;
    },
    extra: [
      { name: 'rls, date parameter', mode: 'rls', sql: DASHBOARD_DATE_PARAM_SQL, params: (p) => [p.userId, since] },
      // As the API runs its statements: prepared, planned once per connection, pruned at run time.
      { name: 'rls, prepared (generic plan)', mode: 'rls', sql: DASHBOARD_DATE_PARAM_SQL, params: (p) => [p.userId, since], prepared: true },
      // For a household viewer (or without the API's cached answer): the household looked up too.
      { name: 'rls, prepared, household lookup', mode: 'rls-household', sql: DASHBOARD_DATE_PARAM_SQL, params: (p) => [p.userId, since], prepared: true },
      { name: 'superuser, prepared (generic plan)', mode: 'superuser', sql: DASHBOARD_DATE_PARAM_SQL, params: (p) => [p.userId, since], prepared: true },
      protocolFloor(),
    ],
  });
  // After the measurement, so the plans are taken on a warm cache.
  const sampleUser = (users[0] as BenchUser).userId;
  const plans = await explainVariants(
    pool,
    [
      { mode: 'rls', variant: 'current_date - 30', sql: DASHBOARD_SQL },
      { mode: 'superuser', variant: 'current_date - 30', sql: DASHBOARD_SQL },
      { mode: 'rls', variant: 'date parameter', sql: DASHBOARD_DATE_PARAM_SQL },
      { mode: 'rls', variant: 'upper bound', sql: DASHBOARD_BOUNDED_SQL },
      { mode: 'rls', variant: 'prepared, generic plan', sql: DASHBOARD_DATE_PARAM_SQL, prepared: true },
      { mode: 'superuser', variant: 'prepared, generic plan', sql: DASHBOARD_DATE_PARAM_SQL, prepared: true },
    ],
    sampleUser,
    parents,
    totals,
  );
  return { ...dashboard, plans };
}
