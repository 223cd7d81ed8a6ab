// Pure statistics over number arrays (imports nothing of the project's): correlations, their
// inference at an effective n for autocorrelated daily series, Benjamini-Hochberg, Welch, Hedges' g.
export { averageRanks, averageRanksWithin, sortedOrder } from './ranks';
export { pearson, spearman } from './correlation';
export { lag1Autocorrelation } from './autocorrelation';
export { effectiveSampleSizeAr1, effectiveSampleSizeForCorrelation } from './effectiveSampleSize';
export { correlationInterval, correlationPValue, correlationTStatistic } from './correlationTest';
export { benjaminiHochberg } from './benjaminiHochberg';
export { simesCombination } from './simes';
export { welchTest, type GroupSummary, type WelchResult } from './welch';
export { hedgesG } from './hedges';
