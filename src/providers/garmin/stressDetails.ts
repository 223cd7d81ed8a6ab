import { z } from 'zod';
import type { DailyRow } from '../types';
import { boundedRow, parseWith } from '../shared/rowTools';
import { calendarDate, latestPerStart, mean, num, series, seriesValues, summaryFields } from './series';

// Garmin Health API stress details summaries (GET /stressDetails, GET /backfill/stressDetails,
// push and ping key "stressDetails"; Health API spec section 7.5): one per calendarDate, re-sent
// longer as the day is synced (same start time: the later replaces the earlier).
// timeOffsetStressLevelValues {"<offset s>": 3-minute stress level 1-100, negative = no value} and
// timeOffsetBodyBatteryValues {"<offset s>": Body Battery level 0-100}.
// body_battery_start is the day's first Body Battery level and body_battery_end its last (so far,
// for a day still being synced). stress_avg: averageStressLevel when the summary carries it (the
// portal schema shows it; it is the figure dailies has), else the mean of the non-negative 3-minute
// levels. The dailies summary's averageStressLevel wins over this one within a batch (see
// merge.ts); a later stressDetails-only batch can still replace a stored dailies value with the
// computed mean, which differs from Garmin's by rounding at most.
// Relied on: the spec's section 7.5 field table, the Health API portal's ClientStress schema
// (apis.garmin.com/tools/apiDocs/wellness-api) and the RADAR-base GarminStressDetailSummary notes.
// Not mapped (no column; kept in raw_data.stressDetails): the series themselves, maxStressLevel,
// bodyBatteryDynamicFeedbackEvent, bodyBatteryActivityEvents.

export const garminStressDetailsSchema = summaryFields.extend({
  calendarDate,
  averageStressLevel: num,
  timeOffsetStressLevelValues: series,
  timeOffsetBodyBatteryValues: series,
});

/** Maps a JSON array of Garmin stress details summaries to partial wearable_daily rows, one per calendarDate (the last summary of a day wins). */
export function mapGarminStressDetails(json: unknown, warnings: string[]): DailyRow[] {
  const items = parseWith(z.array(garminStressDetailsSchema), json, 'garmin stressDetails');
  const byDay = new Map(latestPerStart(items, json as unknown[]).map((e) => [e.item.calendarDate, e]));
  return [...byDay.values()].map(({ item, raw }) => {
    const battery = seriesValues(item.timeOffsetBodyBatteryValues);
    const stress = item.averageStressLevel != null && item.averageStressLevel >= 0 ? item.averageStressLevel : mean(seriesValues(item.timeOffsetStressLevelValues));
    return boundedRow(
      'wearable_daily',
      `garmin stressDetails ${item.calendarDate}`,
      {
        date: item.calendarDate,
        source: 'garmin' as const,
        stress_avg: stress,
        body_battery_start: battery[0],
        body_battery_end: battery.at(-1),
        raw_data: { stressDetails: raw },
      },
      warnings,
    );
  });
}
