import { mergeDailyRows, mergeSleepRows } from '../shared/mergeRows';
import type { DailyRow, SyncBatch } from '../types';

// Garmin sends one day in several summaries (dailies, hrv, pulse ox, respiration, stress details;
// sleeps and hrv for a night). The upserts keep one row per (day, source) of a batch, so a batch's
// pieces become one row per day and table here. Only stress_avg comes from two summary types:
// dailies' averageStressLevel is Garmin's own figure and wins over the one stress details give,
// so stress details pieces are merged first (a later piece's value wins).

const fromStressDetails = (row: DailyRow) => typeof row.raw_data === 'object' && row.raw_data !== null && 'stressDetails' in row.raw_data;

/** Merges the batch's wearable_daily and wearable_sleep pieces into one row per day. */
export function mergeGarminBatch(batch: SyncBatch): SyncBatch {
  batch.daily = mergeDailyRows([...batch.daily.filter(fromStressDetails), ...batch.daily.filter((r) => !fromStressDetails(r))]);
  batch.sleep = mergeSleepRows(batch.sleep);
  return batch;
}
