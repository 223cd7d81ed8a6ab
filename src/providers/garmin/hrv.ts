import { z } from 'zod';
import type { DailyRow, SleepRow } from '../types';
import { boundedRow, parseWith } from '../shared/rowTools';
import { calendarDate, latestPerStart, num, series, summaryFields } from './series';

// Garmin Health API HRV summaries (GET /hrv, GET /backfill/hrv, push and ping key "hrv"; Health API
// spec section 7.10). One per night: calendarDate is the day the night ended (the key sleeps use
// too), startTimeInSeconds/durationInSeconds the overnight measuring window, lastNightAvg the
// night's average and lastNight5MinHigh the highest 5-minute value, in ms, and hrvValues
// {"<offset s>": 5-minute value}. Garmin's overnight HRV (Firstbeat) is RMSSD: the spec types
// hrvValues as "rmssd (ms)" and its Health Snapshot names its HRV kinds rmssd_hrv and sdrr_hrv
// apart. So lastNightAvg fills wearable_daily.hrv_rmssd_ms and the night's
// wearable_sleep.avg_hrv_ms (a row holding only that: the upsert merges it into the night the
// sleeps summary gives).
// Relied on: the Health API portal's ClientHRVSummary schema
// (apis.garmin.com/tools/apiDocs/wellness-api), the spec's section 7.10 field table (ms, RMSSD),
// and the MyDataHelps Garmin HRV Summary export format (field meanings).
// Not mapped (no column; kept in raw_data.hrv of the daily row): lastNight5MinHigh, hrvValues,
// startTimeInSeconds, durationInSeconds.

export const garminHrvSchema = summaryFields.extend({
  calendarDate,
  lastNightAvg: num,
  lastNight5MinHigh: num,
  hrvValues: series,
});

/** Maps a JSON array of Garmin HRV summaries to partial wearable_daily and wearable_sleep rows, one per calendarDate (the last summary of a night wins). */
export function mapGarminHrv(json: unknown, warnings: string[]): { daily: DailyRow[]; sleep: SleepRow[] } {
  const items = parseWith(z.array(garminHrvSchema), json, 'garmin hrv');
  const byNight = new Map(latestPerStart(items, json as unknown[]).map((e) => [e.item.calendarDate, e]));
  const daily: DailyRow[] = [];
  const sleep: SleepRow[] = [];
  for (const { item, raw } of byNight.values()) {
    const where = `garmin hrv ${item.calendarDate}`;
    const d = boundedRow('wearable_daily', where, { date: item.calendarDate, source: 'garmin' as const, hrv_rmssd_ms: item.lastNightAvg, raw_data: { hrv: raw } }, warnings);
    daily.push(d);
    // The warning for an out-of-range value is given once, by the daily row.
    if (d.hrv_rmssd_ms !== undefined) sleep.push({ sleep_date: item.calendarDate, source: 'garmin', avg_hrv_ms: d.hrv_rmssd_ms });
  }
  return { daily, sleep };
}
