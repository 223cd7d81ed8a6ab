import { z } from 'zod';
import { byStart, napColumns, napMinutes, type Nap } from '../shared/naps';
import { localToUtcIso, type LocalClock } from '../../time/localTime';
import { boundedRow, parseWith } from '../shared/rowTools';
import type { SleepRow } from '../types';

// Fitbit Web API sleep logs (GET /1.2/user/-/sleep/date/<start>/<end>.json). dateOfSleep is the
// night's key (the day it ended). Times are the user's local wall-clock time without an offset:
// they become UTC with the zone the user was in then (src/time/localTime.ts). One row per dateOfSleep: the
// isMainSleep log (or the longest, for logs that do not say) is the night; every other log that
// day (isMainSleep: false) is a nap of that dateOfSleep: nap_minutes / nap_count, each in
// raw_data.naps (src/providers/shared/naps.ts). A day whose logs are all naps is a row without a
// night. The sleep endpoint is read by dateOfSleep range, so each row carries the day's whole set.
// "stages" logs give deep/light/rem/wake minutes; "classic" logs only asleep/restless/awake.
// hypnogram holds the column's stages (awake, light, deep, rem: the stage changes of a stages log's
// levels.data); a classic log has no stages (asleep and restless are none of them), so it gets no
// hypnogram and its levels stay in raw_data. A level Fitbit may add later is left out the same way.
// Not mapped (no column): timeInBed, minutesAfterWakeup, infoCode, logType, levels.shortData,
// thirtyDayAvgMinutes, restless minutes of classic logs.

const level = z.object({ count: z.number().nullish(), minutes: z.number().nullish() });
const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/, 'expected a local date-time YYYY-MM-DDThh:mm:ss.sss');
export const fitbitSleepSchema = z.object({
  logId: z.number(),
  dateOfSleep: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  startTime: localTime,
  endTime: localTime,
  duration: z.number().nullish(),
  efficiency: z.number().nullish(),
  isMainSleep: z.boolean().nullish(),
  minutesAsleep: z.number().nullish(),
  minutesAwake: z.number().nullish(),
  minutesToFallAsleep: z.number().nullish(),
  type: z.string().nullish(),
  levels: z
    .object({
      summary: z.record(z.string(), level).nullish(),
      data: z.array(z.object({ dateTime: localTime, level: z.string(), seconds: z.number() })).nullish(),
    })
    .nullish(),
});
type FitbitSleep = z.output<typeof fitbitSleepSchema>;

const STAGE: Record<string, string> = { wake: 'awake', light: 'light', deep: 'deep', rem: 'rem' };

/** Fitbit's offset-less local time to a UTC ISO string, with the user's zone history (or a fixed offset in ms). */
export const fitbitLocalToUtc = (local: string, clock: LocalClock) => localToUtcIso(local, clock);

function asNap(s: FitbitSleep, raw: unknown, clock: LocalClock): Nap {
  const start = fitbitLocalToUtc(s.startTime, clock);
  const end = fitbitLocalToUtc(s.endTime, clock);
  return { ...(raw as object), start, end, minutes: napMinutes(typeof s.minutesAsleep === 'number' ? s.minutesAsleep * 60 : undefined, start, end) };
}

function napsOnly(date: string, naps: Nap[], warnings: string[]): SleepRow {
  return { sleep_date: date, source: 'fitbit', ...boundedRow('wearable_sleep', `fitbit naps ${date}`, napColumns(naps), warnings), raw_data: { naps } };
}

function row(s: FitbitSleep, raw: unknown, naps: Nap[], clock: LocalClock, warnings: string[]): SleepRow {
  const summary = s.levels?.summary ?? {};
  const stages = s.type === 'stages';
  const hypnogram = stages ? s.levels?.data?.filter((d) => STAGE[d.level]).map((d) => ({ t: fitbitLocalToUtc(d.dateTime, clock), stage: STAGE[d.level]! })) : undefined;
  return boundedRow(
    'wearable_sleep',
    `fitbit sleep ${s.dateOfSleep}`,
    {
      sleep_date: s.dateOfSleep,
      source: 'fitbit' as const,
      sleep_start: fitbitLocalToUtc(s.startTime, clock),
      sleep_end: fitbitLocalToUtc(s.endTime, clock),
      total_sleep_minutes: s.minutesAsleep,
      deep_minutes: stages ? summary.deep?.minutes : undefined,
      light_minutes: stages ? summary.light?.minutes : undefined,
      rem_minutes: stages ? summary.rem?.minutes : undefined,
      awake_minutes: stages ? (summary.wake?.minutes ?? s.minutesAwake) : s.minutesAwake,
      interruptions: stages ? summary.wake?.count : summary.awake?.count,
      sleep_latency_minutes: s.minutesToFallAsleep,
      sleep_efficiency_pct: s.efficiency,
      hypnogram: hypnogram?.length ? hypnogram : undefined,
      ...napColumns(naps),
      raw_data: { ...(raw as object), naps },
    },
    warnings,
  );
}

/** Maps a sleep/date range response to wearable_sleep rows; clock places the local times (the user's zone history, or a fixed offset in ms). */
export function mapFitbitSleep(json: unknown, clock: LocalClock, warnings: string[]): SleepRow[] {
  const body = parseWith(z.object({ sleep: z.array(fitbitSleepSchema) }), json, 'fitbit sleep');
  const raws = (json as { sleep: unknown[] }).sleep;
  const byDate = new Map<string, number[]>();
  body.sleep.forEach((s, i) => byDate.set(s.dateOfSleep, [...(byDate.get(s.dateOfSleep) ?? []), i]));
  return [...byDate.values()].map((indexes) => {
    const allNaps = indexes.every((i) => body.sleep[i]!.isMainSleep === false);
    const main = indexes.find((i) => body.sleep[i]!.isMainSleep) ?? (allNaps ? undefined : indexes.reduce((best, i) => ((body.sleep[i]!.duration ?? 0) > (body.sleep[best]!.duration ?? 0) ? i : best)));
    const naps = indexes.filter((i) => i !== main).map((i) => asNap(body.sleep[i]!, raws[i], clock)).sort(byStart);
    return main === undefined ? napsOnly(body.sleep[indexes[0]!]!.dateOfSleep, naps, warnings) : row(body.sleep[main]!, raws[main], naps, clock, warnings);
  });
}
