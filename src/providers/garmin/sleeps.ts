import { z } from 'zod';
import type { SleepRow } from '../types';
import { boundedRow, parseWith, secondsToMinutes } from '../shared/rowTools';

// Garmin Health API sleep summaries (GET /sleeps, backfill and push "sleeps"). calendarDate is the
// day the sleep ended (Garmin's own night key); durationInSeconds spans the whole sleep window,
// awake time included. Several summaries for one date: the longest is the night, the others (naps,
// earlier uploads) go into raw_data.naps.
// Not mapped (no column): unmeasurableSleepDurationInSeconds, validation, sleepScores (the
// per-component qualifiers), napSeconds, timeOffsetSleepSpo2 and timeOffsetSleepRespiration as
// series (their means fill avg_spo2_pct and avg_respiratory_rate). avg_hrv_ms comes from the
// night's HRV summary (hrv.ts), merged into this row per calendarDate.

const num = z.number().nullish();
const span = z.object({ startTimeInSeconds: z.number(), endTimeInSeconds: z.number() });
export const garminSleepSchema = z.object({
  userId: z.string().nullish(),
  summaryId: z.string().nullish(),
  calendarDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  startTimeInSeconds: z.number(),
  startTimeOffsetInSeconds: num,
  durationInSeconds: num,
  deepSleepDurationInSeconds: num,
  lightSleepDurationInSeconds: num,
  remSleepInSeconds: num,
  awakeDurationInSeconds: num,
  sleepLevelsMap: z.record(z.string(), z.array(span).nullish()).nullish(),
  overallSleepScore: z.object({ value: num }).nullish(),
  timeOffsetSleepSpo2: z.record(z.string(), z.number()).nullish(),
  timeOffsetSleepRespiration: z.record(z.string(), z.number()).nullish(),
});
type GarminSleep = z.output<typeof garminSleepSchema>;

const STAGES: Record<string, string> = { deep: 'deep', light: 'light', rem: 'rem', awake: 'awake' };

function hypnogram(levels: GarminSleep['sleepLevelsMap']): { t: string; stage: string }[] | undefined {
  if (!levels) return undefined;
  const points = Object.entries(levels).flatMap(([level, spans]) => (STAGES[level] && spans ? spans.map((s) => ({ at: s.startTimeInSeconds, stage: STAGES[level]! })) : []));
  return points.length ? points.sort((a, b) => a.at - b.at).map((p) => ({ t: new Date(p.at * 1000).toISOString(), stage: p.stage })) : undefined;
}

const mean = (series: Record<string, number> | null | undefined): number | undefined => {
  const values = series ? Object.values(series) : [];
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : undefined;
};

function row(s: GarminSleep, raw: unknown, naps: unknown[], warnings: string[]): SleepRow {
  const stages = [s.deepSleepDurationInSeconds, s.lightSleepDurationInSeconds, s.remSleepInSeconds].filter((v): v is number => v != null);
  const asleep = stages.length ? stages.reduce((a, b) => a + b, 0) : s.durationInSeconds != null ? s.durationInSeconds - (s.awakeDurationInSeconds ?? 0) : undefined;
  return boundedRow(
    'wearable_sleep',
    `garmin sleeps ${s.calendarDate}`,
    {
      sleep_date: s.calendarDate,
      source: 'garmin' as const,
      sleep_start: new Date(s.startTimeInSeconds * 1000).toISOString(),
      sleep_end: s.durationInSeconds ? new Date((s.startTimeInSeconds + s.durationInSeconds) * 1000).toISOString() : undefined,
      total_sleep_minutes: secondsToMinutes(asleep),
      deep_minutes: secondsToMinutes(s.deepSleepDurationInSeconds),
      light_minutes: secondsToMinutes(s.lightSleepDurationInSeconds),
      rem_minutes: secondsToMinutes(s.remSleepInSeconds),
      awake_minutes: secondsToMinutes(s.awakeDurationInSeconds),
      sleep_score: s.overallSleepScore?.value,
      avg_spo2_pct: mean(s.timeOffsetSleepSpo2),
      avg_respiratory_rate: mean(s.timeOffsetSleepRespiration),
      hypnogram: hypnogram(s.sleepLevelsMap),
      raw_data: naps.length ? { ...(raw as object), naps } : raw,
    },
    warnings,
  );
}

/** Maps a JSON array of Garmin sleep summaries to wearable_sleep rows, one per calendarDate. */
export function mapGarminSleeps(json: unknown, warnings: string[]): SleepRow[] {
  const items = parseWith(z.array(garminSleepSchema), json, 'garmin sleeps');
  const raws = json as unknown[];
  const byDate = new Map<string, number[]>();
  items.forEach((s, i) => byDate.set(s.calendarDate, [...(byDate.get(s.calendarDate) ?? []), i]));
  return [...byDate.values()].map((indexes) => {
    const main = indexes.reduce((best, i) => ((items[i]!.durationInSeconds ?? 0) > (items[best]!.durationInSeconds ?? 0) ? i : best));
    return row(items[main]!, raws[main], indexes.filter((i) => i !== main).map((i) => raws[i]), warnings);
  });
}
