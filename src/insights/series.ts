// A user's daily series and interventions, read inside a transaction that acts as the user (role
// and app.current_user_id set by the caller): vitalis_private.insights_daily_values resolves one
// value per metric and local day under RLS; this file adds names, units, families and the
// interventions (supplements started or stopped, goals set) the analysis compares around.
import type { PoolClient } from 'pg';
import type { DailySeries, Day, Intervention } from './analyse/types';

interface MetricInfo {
  label: string;
  unit: string | null;
  family: string;
}

/**
 * The fixed metrics. Families keep trivially related metrics from being tested against each
 * other: sleep duration, score and deep sleep come from the same night; readiness and recovery
 * scores are computed by the devices from HRV and resting heart rate, so those four are one
 * family ("autonomic"); steps and training load both count the same movement; mood, energy and
 * stress are answers to the same check-in.
 */
export const FIXED_METRICS: Readonly<Record<string, MetricInfo>> = {
  'sleep.total_sleep_minutes': { label: 'sleep duration', unit: 'min', family: 'sleep' },
  'sleep.sleep_score': { label: 'sleep score', unit: null, family: 'sleep' },
  'sleep.deep_minutes': { label: 'deep sleep', unit: 'min', family: 'sleep' },
  'daily.hrv_rmssd_ms': { label: 'HRV', unit: 'ms', family: 'autonomic' },
  'daily.resting_hr_bpm': { label: 'resting heart rate', unit: 'bpm', family: 'autonomic' },
  'daily.readiness_score': { label: 'readiness score', unit: null, family: 'autonomic' },
  'daily.recovery_score': { label: 'recovery score', unit: null, family: 'autonomic' },
  'daily.steps': { label: 'steps', unit: 'steps', family: 'activity' },
  'training.load': { label: 'training load', unit: 'TSS', family: 'activity' },
  'lifting.volume': { label: 'lifting volume', unit: 'lbs', family: 'lifting' },
  'mood.mood_score': { label: 'mood', unit: null, family: 'mood' },
  'mood.energy_score': { label: 'energy', unit: null, family: 'mood' },
  'mood.stress_score': { label: 'stress', unit: null, family: 'mood' },
  'nutrition.calories_kcal': { label: 'calories eaten', unit: 'kcal', family: 'nutrition' },
  'nutrition.protein_g': { label: 'protein eaten', unit: 'g', family: 'nutrition' },
};

/** Goal metric names (goals.metric_name) that name one of the series above. */
const GOAL_METRICS: Readonly<Record<string, string>> = {
  total_sleep_minutes: 'sleep.total_sleep_minutes',
  sleep_score: 'sleep.sleep_score',
  deep_minutes: 'sleep.deep_minutes',
  hrv_rmssd_ms: 'daily.hrv_rmssd_ms',
  hrv: 'daily.hrv_rmssd_ms',
  resting_hr_bpm: 'daily.resting_hr_bpm',
  resting_hr: 'daily.resting_hr_bpm',
  readiness_score: 'daily.readiness_score',
  recovery_score: 'daily.recovery_score',
  steps: 'daily.steps',
  mood_score: 'mood.mood_score',
  energy_score: 'mood.energy_score',
  stress_score: 'mood.stress_score',
  calories_kcal: 'nutrition.calories_kcal',
  protein_g: 'nutrition.protein_g',
};

/**
 * A refresh tests every pair of series at seven lags, so its cost grows with the square of their
 * number: supplements and custom metrics a client can create without end are kept to the ones
 * with the most days of data, beside the fixed metrics, and to the most recent interventions.
 */
export const MAX_SERIES = 40;
export const MAX_INTERVENTIONS = 20;

export interface UserSeries {
  /** The user's today (user_preferences.timezone). */
  today: Day;
  from: Day;
  series: DailySeries[];
  interventions: Intervention[];
  /** Series left out by MAX_SERIES (the fewest days of data first). */
  omittedSeries: string[];
}

/** The fixed metrics, then the others with the most days of data, up to MAX_SERIES. */
function bounded(series: DailySeries[]): { kept: DailySeries[]; omitted: string[] } {
  if (series.length <= MAX_SERIES) return { kept: series, omitted: [] };
  const ranked = [...series].sort(
    (a, b) => Number(b.metric in FIXED_METRICS) - Number(a.metric in FIXED_METRICS) || b.values.size - a.values.size || (a.metric < b.metric ? -1 : 1),
  );
  const keep = new Set(ranked.slice(0, MAX_SERIES).map((s) => s.metric));
  return { kept: series.filter((s) => keep.has(s.metric)), omitted: ranked.slice(MAX_SERIES).map((s) => s.metric) };
}

/** Every series with at least one value, and the interventions, over the last `days` days up to today. */
export async function readUserSeries(client: PoolClient, days: number): Promise<UserSeries> {
  const { rows: span } = await client.query<{ today: string; from: string; kg: boolean }>(
    `select t.today::text as today, (t.today - ($1::int - 1))::text as "from", coalesce(p.weight_unit = 'kg', false) as kg
       from (select (now() at time zone coalesce((select timezone from vitalis.user_preferences where user_id = vitalis.current_user_id()), 'UTC'))::date as today) t
       left join vitalis.user_preferences p on p.user_id = vitalis.current_user_id()`,
    [days],
  );
  const { today, from, kg } = span[0]!;
  const { rows } = await client.query<{ metric: string; day: string; value: number }>(
    'select metric, day::text as day, value from vitalis_private.insights_daily_values($1::date, $2::date) order by metric, day',
    [from, today],
  );
  const values = new Map<string, Map<Day, number>>();
  for (const r of rows) {
    let m = values.get(r.metric);
    if (!m) values.set(r.metric, (m = new Map()));
    m.set(r.day, r.value);
  }

  const { rows: supplements } = await client.query<{ id: string; name: string; started: string | null; ended: string | null }>(
    `select supplement_id as id, name, started_at::text as started, ended_at::text as ended
       from vitalis.supplements where deleted_at is null order by name, supplement_id`,
  );
  const { rows: customs } = await client.query<{ id: string; name: string; unit: string | null }>(
    'select metric_id as id, name, unit from vitalis.custom_metrics order by name, metric_id',
  );
  const { rows: goals } = await client.query<{ id: string; metric: string | null; day: string }>(
    `select g.goal_id as id, g.metric_name as metric,
            (g.created_at at time zone coalesce((select timezone from vitalis.user_preferences where user_id = vitalis.current_user_id()), 'UTC'))::date::text as day
       from vitalis.goals g where coalesce(g.is_active, true) order by g.created_at, g.goal_id`,
  );

  const info = new Map<string, MetricInfo & { kind: DailySeries['kind'] }>();
  for (const [metric, m] of Object.entries(FIXED_METRICS)) {
    info.set(metric, { ...m, unit: metric === 'lifting.volume' && kg ? 'kg' : m.unit, kind: 'continuous' });
  }
  for (const s of supplements) info.set(`supplement:${s.id}`, { label: `${s.name} taken`, unit: null, family: `supplement:${s.id}`, kind: 'binary' });
  for (const c of customs) info.set(`custom:${c.id}`, { label: c.name, unit: c.unit, family: `custom:${c.id}`, kind: 'continuous' });

  const all: DailySeries[] = [];
  for (const [metric, dayValues] of values) {
    const i = info.get(metric);
    if (!i) continue;
    all.push({ metric, label: i.label, unit: i.unit, family: i.family, kind: i.kind, values: dayValues });
  }
  const { kept: series, omitted: omittedSeries } = bounded(all);

  // Labels complete the analysis' wording: "after you started <name>", "after you set the goal for <metric>".
  const interventions: Intervention[] = [];
  const inRange = (day: string | null): day is string => day !== null && day > from && day <= today;
  for (const s of supplements) {
    if (inRange(s.started)) interventions.push({ key: `supplement_start:${s.id}`, label: s.name, kind: 'supplement_start', day: s.started });
    if (inRange(s.ended)) interventions.push({ key: `supplement_stop:${s.id}`, label: s.name, kind: 'supplement_stop', day: s.ended });
  }
  // A goal is compared on its own metric only; a goal on a metric without a daily series is not.
  for (const g of goals) {
    const metric = g.metric ? GOAL_METRICS[g.metric] ?? (values.has(g.metric) ? g.metric : undefined) : undefined;
    if (metric && inRange(g.day)) {
      interventions.push({ key: `goal_set:${g.id}`, label: `for ${info.get(metric)?.label ?? metric}`, kind: 'goal_set', day: g.day, metrics: [metric] });
    }
  }
  const recent = interventions.sort((a, b) => (a.day > b.day ? -1 : a.day < b.day ? 1 : 0)).slice(0, MAX_INTERVENTIONS);
  return { today, from, series, interventions: recent, omittedSeries };
}
