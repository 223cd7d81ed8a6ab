// One user's insights refresh: read the daily series as the user, analyse them (pure, in
// src/insights/analyse), and store the findings in ONE transaction as the user: upsert by
// (user_id, insight_key), so a refresh replaces rather than duplicates and a dismissed finding
// stays dismissed; delete the earlier findings of these kinds that were not found again.
import type { Pool } from 'pg';
import type { Config } from '../config';
import { inRequestTransaction } from '../db/requestContext';
import { analyse } from './analyse';
import type { AnalysisOptions, AnalysisResult, CorrelationFinding, InterventionFinding } from './analyse/types';
import { readUserSeries, type UserSeries } from './series';

/** Days of history analysed: a year, enough for seasonal swings to average out. */
export const HISTORY_DAYS = 365;

/** What the refresh stores: correlations as 'correlation', before/after comparisons as 'trend'. */
export const REFRESHED_TYPES = ['correlation', 'trend'] as const;

export type InsightsConfig = Pick<Config, 'INSIGHTS_MIN_PAIRED_DAYS' | 'INSIGHTS_FDR' | 'INSIGHTS_VALID_DAYS'>;

export function analysisOptions(config: InsightsConfig): AnalysisOptions {
  return {
    minPairedDays: config.INSIGHTS_MIN_PAIRED_DAYS,
    maxLag: 3,
    fdr: config.INSIGHTS_FDR,
    interventionWindowDays: 28,
    minInterventionDays: 14,
  };
}

export interface RefreshOutcome {
  userId: string;
  testsRun: number;
  correlations: number;
  interventions: number;
  /** Earlier findings of these kinds not found again, deleted. */
  removed: number;
  series: number;
  /** Series beyond MAX_SERIES, not analysed (src/insights/series.ts). */
  omittedSeries: number;
  readMs: number;
  analyseMs: number;
  writeMs: number;
}

interface InsightRow {
  insight_key: string;
  insight_type: (typeof REFRESHED_TYPES)[number];
  title: string;
  body: string;
  metric_a: string;
  metric_b: string;
  correlation_r: number | null;
  spearman_rho: number | null;
  p_value: number;
  p_adjusted: number;
  data_points: number;
  lag_days: number | null;
  ci_low: number;
  ci_high: number;
  effect_size: number;
  tests_run: number;
  method: string;
  details: Record<string, unknown>;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const clampUnit = (x: number) => Math.min(1, Math.max(-1, x));
const probability = (p: number) => Math.min(1, Math.max(0, round(p, 6)));

function correlationRow(f: CorrelationFinding, testsRun: number, data: UserSeries): InsightRow {
  const label = (metric: string) => data.series.find((s) => s.metric === metric);
  return {
    insight_key: f.key,
    insight_type: 'correlation',
    title: f.title,
    body: f.body,
    metric_a: f.metricA,
    metric_b: f.metricB,
    correlation_r: round(clampUnit(f.pearsonR), 3),
    spearman_rho: round(clampUnit(f.spearmanRho), 3),
    p_value: probability(f.pValue),
    p_adjusted: probability(f.pAdjusted),
    data_points: f.n,
    lag_days: f.lagDays,
    ci_low: round(f.ciLow, 4),
    ci_high: round(f.ciHigh, 4),
    effect_size: round(f.spearmanRho, 4),
    tests_run: testsRun,
    method: 'Spearman rank correlation (Pearson r alongside); p-value and 95 % interval at the effective n after correcting for autocorrelation; Benjamini-Hochberg across every test',
    details: {
      nEffective: round(f.nEffective, 1),
      labelA: label(f.metricA)?.label ?? f.metricA,
      labelB: label(f.metricB)?.label ?? f.metricB,
      unitA: label(f.metricA)?.unit ?? null,
      unitB: label(f.metricB)?.unit ?? null,
      from: data.from,
      to: data.today,
    },
  };
}

function interventionRow(f: InterventionFinding, testsRun: number, data: UserSeries): InsightRow {
  const intervention = data.interventions.find((i) => i.key === f.intervention);
  const series = data.series.find((s) => s.metric === f.metric);
  return {
    insight_key: f.key,
    insight_type: 'trend',
    title: f.title,
    body: f.body,
    metric_a: f.metric,
    metric_b: f.intervention,
    correlation_r: null,
    spearman_rho: null,
    p_value: probability(f.pValue),
    p_adjusted: probability(f.pAdjusted),
    data_points: f.nBefore + f.nAfter,
    lag_days: null,
    ci_low: round(f.ciLow, 4),
    ci_high: round(f.ciHigh, 4),
    effect_size: round(f.effectSize, 4),
    tests_run: testsRun,
    method: f.method,
    details: {
      intervention: intervention ? { key: intervention.key, label: intervention.label, kind: intervention.kind, day: intervention.day } : { key: f.intervention },
      label: series?.label ?? f.metric,
      unit: series?.unit ?? null,
      nBefore: f.nBefore,
      nAfter: f.nAfter,
      meanBefore: round(f.meanBefore, 4),
      meanAfter: round(f.meanAfter, 4),
      difference: round(f.difference, 4),
    },
  };
}

export function insightRows(result: AnalysisResult, data: UserSeries): InsightRow[] {
  return [
    ...result.correlations.map((f) => correlationRow(f, result.testsRun, data)),
    ...result.interventions.map((f) => interventionRow(f, result.testsRun, data)),
  ];
}

/** Refreshes one user's correlation and before/after insights now. */
export async function refreshUserInsights(pool: Pool, config: InsightsConfig, userId: string): Promise<RefreshOutcome> {
  const started = performance.now();
  const data = await inRequestTransaction(pool, { role: 'vitalis_worker', userId }, (client) => readUserSeries(client, HISTORY_DAYS), false);
  const read = performance.now();
  const result = analyse(data.series, data.interventions, analysisOptions(config));
  const analysed = performance.now();
  const rows = insightRows(result, data);
  const removed = await inRequestTransaction(pool, { role: 'vitalis_worker', userId }, async (client) => {
    await client.query(
      `insert into vitalis.insights (user_id, insight_key, insight_type, title, body, metric_a, metric_b, correlation_r, spearman_rho,
                                     p_value, p_adjusted, data_points, lag_days, ci_low, ci_high, effect_size, tests_run, method, details,
                                     valid_from, valid_until)
       select vitalis.current_user_id(), r.insight_key, r.insight_type, r.title, r.body, r.metric_a, r.metric_b, r.correlation_r, r.spearman_rho,
              r.p_value, r.p_adjusted, r.data_points, r.lag_days, r.ci_low, r.ci_high, r.effect_size, r.tests_run, r.method, r.details,
              $2::date, $2::date + $3::int
         from jsonb_to_recordset($1::jsonb) as r(insight_key text, insight_type vitalis.insight_type, title text, body text, metric_a text,
              metric_b text, correlation_r numeric, spearman_rho numeric, p_value numeric, p_adjusted numeric, data_points integer,
              lag_days smallint, ci_low numeric, ci_high numeric, effect_size numeric, tests_run integer, method text, details jsonb)
       on conflict (user_id, insight_key) do update
          set insight_type = excluded.insight_type, title = excluded.title, body = excluded.body, metric_a = excluded.metric_a,
              metric_b = excluded.metric_b, correlation_r = excluded.correlation_r, spearman_rho = excluded.spearman_rho,
              p_value = excluded.p_value, p_adjusted = excluded.p_adjusted, data_points = excluded.data_points,
              lag_days = excluded.lag_days, ci_low = excluded.ci_low, ci_high = excluded.ci_high, effect_size = excluded.effect_size,
              tests_run = excluded.tests_run, method = excluded.method, details = excluded.details,
              valid_from = excluded.valid_from, valid_until = excluded.valid_until`,
      [JSON.stringify(rows), data.today, config.INSIGHTS_VALID_DAYS],
    );
    // Findings of these kinds not found again are gone; a dismissed one is kept (hidden anyway), so
    // that the dismissal still holds if the finding comes back.
    const { rowCount } = await client.query(
      `delete from vitalis.insights
        where user_id = vitalis.current_user_id() and insight_type = any($1::vitalis.insight_type[])
          and insight_key is not null and insight_key <> all($2::text[]) and not coalesce(is_dismissed, false)`,
      [REFRESHED_TYPES, rows.map((r) => r.insight_key)],
    );
    return rowCount ?? 0;
  });
  const written = performance.now();
  return {
    userId,
    testsRun: result.testsRun,
    correlations: result.correlations.length,
    interventions: result.interventions.length,
    removed,
    series: data.series.length,
    omittedSeries: data.omittedSeries.length,
    readMs: read - started,
    analyseMs: analysed - read,
    writeMs: written - analysed,
  };
}
