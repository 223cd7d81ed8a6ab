// The contract between the insights refresh (which reads a user's daily series from the database
// and stores what it finds) and the analysis (pure functions over those series, also run by the
// simulation that proves the statistics honest). Nothing here touches the database.

/** A calendar day, YYYY-MM-DD, in the user's own time zone. */
export type Day = string;

/** One metric as one value per day (days without data are absent, never zero-filled). */
export interface DailySeries {
  /** Stable key, e.g. `sleep.total_sleep_minutes`, `supplement:<uuid>`, `custom:<uuid>`. */
  metric: string;
  /** Plain-language name for text, e.g. "sleep duration", "magnesium taken". */
  label: string;
  /** Unit for text, e.g. "min", "ms", "steps"; null for scores and yes/no series. */
  unit: string | null;
  /**
   * Metrics in one family measure the same thing in different ways (sleep duration and sleep
   * score; HRV and readiness): pairs within a family are not tested.
   */
  family: string;
  /** `binary`: 1 on days it happened, 0 on tracked days it did not (supplements taken). */
  kind: 'continuous' | 'binary';
  values: ReadonlyMap<Day, number>;
}

/** Something the user started or stopped on a day, to compare a metric before and after. */
export interface Intervention {
  key: string;
  label: string;
  kind: 'supplement_start' | 'supplement_stop' | 'goal_set';
  day: Day;
  /** Metrics to compare around it; empty means every continuous series. */
  metrics?: readonly string[];
}

export interface AnalysisOptions {
  /** Fewest paired days a correlation is tested on (INSIGHTS_MIN_PAIRED_DAYS). */
  minPairedDays: number;
  /**
   * Lags tested: 0..maxLag days in both directions (each series leading the other); a finding
   * names the leading series metricA, so its lagDays is 0..maxLag with B following A.
   */
  maxLag: number;
  /** Benjamini-Hochberg level across every test of this run (INSIGHTS_FDR). */
  fdr: number;
  /** Days compared on each side of an intervention. */
  interventionWindowDays: number;
  /** Fewest days with data on each side of an intervention. */
  minInterventionDays: number;
}

export interface CorrelationFinding {
  kind: 'correlation';
  /** Stable across refreshes: `corr:<metricA>|<metricB>` (the pair, whichever lag wins). */
  key: string;
  metricA: string;
  metricB: string;
  /** B's day minus A's day. */
  lagDays: number;
  /** Paired days. */
  n: number;
  /** n corrected for both series' autocorrelation; the p-value and interval use it. */
  nEffective: number;
  pearsonR: number;
  spearmanRho: number;
  /** Two-sided, from Spearman's rho (robust to outliers) at nEffective. */
  pValue: number;
  /** Benjamini-Hochberg adjusted across every test of the run. */
  pAdjusted: number;
  /** 95 % interval for rho (Fisher z at nEffective). */
  ciLow: number;
  ciHigh: number;
  title: string;
  body: string;
}

export interface InterventionFinding {
  kind: 'intervention';
  /** `before_after:<intervention key>|<metric>`. */
  key: string;
  metric: string;
  intervention: string;
  nBefore: number;
  nAfter: number;
  meanBefore: number;
  meanAfter: number;
  /** After minus before, in the metric's unit, with its 95 % interval. */
  difference: number;
  ciLow: number;
  ciHigh: number;
  /** Standardised difference (Hedges' g). */
  effectSize: number;
  pValue: number;
  pAdjusted: number;
  /** The test used, named for the text and the API, e.g. "Welch t-test, AR(1)-adjusted n". */
  method: string;
  title: string;
  body: string;
}

export interface AnalysisResult {
  /**
   * Every hypothesis tested (the Benjamini-Hochberg family size): one per pair of series (its lags
   * combined by Simes' test) plus one per before/after comparison.
   */
  testsRun: number;
  /** Only those with pAdjusted <= fdr, strongest first; one per pair (its best lag). */
  correlations: CorrelationFinding[];
  interventions: InterventionFinding[];
}
