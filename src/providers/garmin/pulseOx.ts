import { z } from 'zod';
import type { DailyRow } from '../types';
import { boundedRow, parseWith } from '../shared/rowTools';
import { calendarDate, groupBy, latestPerStart, mean, round1, series, seriesValues, summaryFields } from './series';

// Garmin Health API Pulse Ox summaries (GET /pulseOx, GET /backfill/pulseOx; push and ping key
// "pulseox"; Health API spec section 7.7): calendarDate, startTimeInSeconds,
// startTimeOffsetInSeconds, durationInSeconds (86400 once the day is complete, less when synced
// mid-day: the later summary with the same start replaces it; 0 for a spot check),
// timeOffsetSpo2Values {"<offset s>": SpO2 %} (a sample a minute) and onDemand (true: spot checks
// taken on request; false or absent: the device's all-day / acclimation readings).
// Decision: spo2_avg_pct and spo2_min_pct are the mean and lowest of the calendarDate's all-day
// values, over the whole day (the sleep window's SpO2 is already the sleeps summary's
// timeOffsetSleepSpo2 -> wearable_sleep.avg_spo2_pct). Spot checks are deliberate single readings
// that would skew a day's mean, so they count only on a day that has no all-day values.
// Relied on: the spec's section 7.7 field table and the RADAR-base GarminPulseOx schema notes.
// Not mapped (no column; kept in raw_data.pulseOx): the series itself, spot checks on a day with
// all-day values.

export const garminPulseOxSchema = summaryFields.extend({
  calendarDate,
  timeOffsetSpo2Values: series,
  onDemand: z.boolean().nullish(),
});

/** Maps a JSON array of Garmin Pulse Ox summaries to partial wearable_daily rows, one per calendarDate. */
export function mapGarminPulseOx(json: unknown, warnings: string[]): DailyRow[] {
  const items = parseWith(z.array(garminPulseOxSchema), json, 'garmin pulseOx');
  const days = groupBy(latestPerStart(items, json as unknown[]), (e) => e.item.calendarDate);
  return [...days].map(([date, entries]) => {
    const allDay = entries.filter((e) => !e.item.onDemand).flatMap((e) => seriesValues(e.item.timeOffsetSpo2Values));
    const values = allDay.length ? allDay : entries.flatMap((e) => seriesValues(e.item.timeOffsetSpo2Values));
    return boundedRow(
      'wearable_daily',
      `garmin pulseOx ${date}`,
      {
        date,
        source: 'garmin' as const,
        spo2_avg_pct: round1(mean(values)),
        spo2_min_pct: values.length ? Math.min(...values) : undefined,
        raw_data: { pulseOx: entries.map((e) => e.raw) },
      },
      warnings,
    );
  });
}
