import { z } from 'zod';
import type { DailyRow } from '../types';
import { boundedRow, localDate, parseWith } from '../shared/rowTools';
import { groupBy, latestPerStart, mean, round1, series, seriesValues, summaryFields } from './series';

// Garmin Health API respiration summaries (GET /respiration, GET /backfill/respiration; push and
// ping key "allDayRespiration"; Health API spec section 7.8): 15-minute records of
// startTimeInSeconds, startTimeOffsetInSeconds, durationInSeconds and timeOffsetEpochToBreaths
// {"<offset s>": breaths per minute}, all day (awake, asleep, during activities). They carry no
// calendarDate: the day is the local day of the record's start.
// respiratory_rate_avg is the mean of every value of that day's records in the batch. Records of
// one day arrive in several uploads; a push or ping of a later upload holds only that upload's
// records, so its mean replaces the stored one with the mean of that part of the day until a sync
// pulls the whole day again (the daily sync re-pulls the last days' uploads).
// Relied on: the spec's section 7.8 field table, the RADAR-base GarminRespiration schema notes,
// and the push key allDayRespiration used by published Garmin push handlers.
// Not mapped (no column; kept in raw_data.respiration): the series, durationInSeconds.

export const garminRespirationSchema = summaryFields.extend({
  timeOffsetEpochToBreaths: series,
});

/** Maps a JSON array of Garmin respiration summaries to partial wearable_daily rows, one per local day. */
export function mapGarminRespiration(json: unknown, warnings: string[]): DailyRow[] {
  const items = parseWith(z.array(garminRespirationSchema), json, 'garmin respiration');
  const days = groupBy(latestPerStart(items, json as unknown[]), (e) => localDate(e.item.startTimeInSeconds, e.item.startTimeOffsetInSeconds ?? 0));
  return [...days].map(([date, entries]) =>
    boundedRow(
      'wearable_daily',
      `garmin respiration ${date}`,
      {
        date,
        source: 'garmin' as const,
        respiratory_rate_avg: round1(mean(entries.flatMap((e) => seriesValues(e.item.timeOffsetEpochToBreaths)))),
        raw_data: { respiration: entries.map((e) => e.raw) },
      },
      warnings,
    ),
  );
}
