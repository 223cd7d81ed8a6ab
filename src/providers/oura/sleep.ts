import { z } from 'zod';
import { byStart, napColumns, napMinutes, type Nap } from '../shared/naps';
import { boundedRow, parseWith, secondsToMinutes } from '../shared/rowTools';
import type { DailyRow, SleepRow } from '../types';
import { dateTime, iso, isoDate, meta, num, page, unmappedWarning, updatedAt } from './common';

// Oura v2 sleep periods (GET /v2/usercollection/sleep) and daily sleep scores (daily_sleep) ->
// one wearable_sleep row per `day` (Oura's "day the sleep belongs to", i.e. the morning it ended).
// A day can hold several periods (type long_sleep / sleep / late_nap / rest / deleted): the row is
// the main period (the longest long_sleep, else the longest sleep). Every other period the user
// slept in (sleep, late_nap, a second long_sleep) is a nap of that `day`: nap_minutes / nap_count,
// each in raw_data.naps (src/providers/shared/naps.ts). A late_nap (ended after 6 pm) has the
// next day as its `day`, as Oura counts it towards that day's scores; keeping Oura's day also keeps
// a fetched day complete (src/providers/oura/index.ts). rest (a detection the user rejected) and
// deleted periods are no sleep: raw_data.other_periods. A day of naps only is a row without a night.
// Durations are SECONDS in the API. average_hrv is rMSSD in ms (Oura's documentation of its HRV).
// The main period's lowest_heart_rate is the day's resting_hr_bpm and its average_hrv the day's
// hrv_rmssd_ms: Oura's readiness uses exactly these as "resting heart rate" and "HRV balance".
//
// not mapped (kept in raw_data): heart_rate and hrv (5-minute samples), movement_30_sec,
//   sleep_phase_30_sec, app_sleep_phase_5_min, readiness (score and contributors; its
//   temperature_deviation is mapped), readiness_score_delta, sleep_score_delta, restless_periods,
//   low_battery_alert, period, time_in_bed, sleep_algorithm_version, sleep_analysis_reason, ring_id;
//   daily_sleep: contributors, timestamp.

const sample = z.object({ interval: z.number(), items: z.array(z.number().nullable()) }).loose().nullish();
const periodRecord = z
  .object({
    id: z.string(),
    day: isoDate,
    meta,
    type: z.string().nullish(),
    bedtime_start: dateTime,
    bedtime_end: dateTime,
    total_sleep_duration: num,
    rem_sleep_duration: num,
    deep_sleep_duration: num,
    light_sleep_duration: num,
    awake_time: num,
    latency: num,
    time_in_bed: num,
    efficiency: num,
    average_heart_rate: num,
    lowest_heart_rate: num,
    average_hrv: num,
    average_breath: num,
    sleep_phase_5_min: z.string().nullish(),
    readiness: z.object({ temperature_deviation: num }).loose().nullish(),
    heart_rate: sample,
    hrv: sample,
  })
  .loose();
const dailySleepRecord = z.object({ id: z.string(), day: isoDate, meta, score: num }).loose();
type Period = z.infer<typeof periodRecord>;

const STAGES: Record<string, string> = { '1': 'deep', '2': 'light', '3': 'rem', '4': 'awake' };
const EPOCH_MS = 5 * 60_000;

/** sleep_phase_5_min ('1' deep, '2' light, '3' REM, '4' awake, one per 5 minutes from bedtime_start) as stage changes. */
export function hypnogram(phases: string, bedtimeStart: string): { t: string; stage: string }[] {
  const start = Date.parse(bedtimeStart);
  const out: { t: string; stage: string }[] = [];
  [...phases].forEach((ch, i) => {
    const stage = STAGES[ch];
    if (stage && stage !== out.at(-1)?.stage) out.push({ t: new Date(start + i * EPOCH_MS).toISOString(), stage });
  });
  return out;
}

/** Wake events: runs of '4' between the first and the last sleep epoch. */
export function wakeEvents(phases: string): number {
  const asleep = phases.replace(/^4+|4+$/g, '');
  return asleep.match(/4+/g)?.length ?? 0;
}

const length = (p: Period) => p.total_sleep_duration ?? p.time_in_bed ?? 0;
/** Periods the user slept in; rest (rejected by the user) and deleted ones are not. */
const ASLEEP = new Set(['long_sleep', 'sleep', 'late_nap']);
const asNap = (p: Period): Nap => ({ start: iso(p.bedtime_start), end: iso(p.bedtime_end), minutes: napMinutes(p.total_sleep_duration, p.bedtime_start, p.bedtime_end), ...p });
function mainPeriod(periods: Period[]): Period | undefined {
  for (const type of ['long_sleep', 'sleep']) {
    const of = periods.filter((p) => (p.type ?? 'sleep') === type);
    if (of.length > 0) return of.reduce((a, b) => (length(b) > length(a) ? b : a));
  }
  return undefined;
}

export interface SleepParts {
  sleep: SleepRow[];
  daily: DailyRow[];
  warnings: string[];
}

const MAPPED = ['id', 'day', 'meta', 'type', 'bedtime_start', 'bedtime_end', 'total_sleep_duration', 'rem_sleep_duration', 'deep_sleep_duration', 'light_sleep_duration', 'awake_time', 'latency', 'efficiency', 'average_heart_rate', 'lowest_heart_rate', 'average_hrv', 'average_breath', 'sleep_phase_5_min'];

/** Maps the sleep periods and the daily_sleep scores of the same window. */
export function mapSleep(periodsJson: unknown, dailySleepJson: unknown): SleepParts {
  const { data: periods } = parseWith(page(periodRecord), periodsJson, 'oura sleep');
  const { data: scores } = parseWith(page(dailySleepRecord), dailySleepJson, 'oura daily_sleep');
  const warnings: string[] = [];
  const days = [...new Set([...periods.map((p) => p.day), ...scores.map((s) => s.day)])].sort();
  const sleep: SleepRow[] = [];
  const daily: DailyRow[] = [];
  for (const day of days) {
    const ofDay = periods.filter((p) => p.day === day);
    const main = mainPeriod(ofDay);
    const score = scores.find((s) => s.day === day);
    const naps = ofDay.filter((p) => p !== main && ASLEEP.has(p.type ?? 'sleep')).map(asNap).sort(byStart);
    if (!main && !score && naps.length === 0) continue; // only rest / deleted periods: no sleep
    const where = `oura sleep ${day}`;
    const phases = main?.sleep_phase_5_min ?? undefined;
    const values = main
      ? boundedRow(
          'wearable_sleep',
          where,
          {
            sleep_start: iso(main.bedtime_start),
            sleep_end: iso(main.bedtime_end),
            total_sleep_minutes: secondsToMinutes(main.total_sleep_duration),
            rem_minutes: secondsToMinutes(main.rem_sleep_duration),
            deep_minutes: secondsToMinutes(main.deep_sleep_duration),
            light_minutes: secondsToMinutes(main.light_sleep_duration),
            awake_minutes: secondsToMinutes(main.awake_time),
            sleep_latency_minutes: secondsToMinutes(main.latency),
            sleep_efficiency_pct: main.efficiency,
            interruptions: phases ? wakeEvents(phases) : undefined,
            avg_hr_bpm: main.average_heart_rate,
            min_hr_bpm: main.lowest_heart_rate,
            avg_hrv_ms: main.average_hrv,
            avg_respiratory_rate: main.average_breath,
            avg_skin_temp_deviation_c: main.readiness?.temperature_deviation,
            hypnogram: phases ? hypnogram(phases, main.bedtime_start) : undefined,
          },
          warnings,
        )
      : {};
    const scoreValue = boundedRow('wearable_sleep', `oura daily_sleep ${day}`, { sleep_score: score?.score, ...napColumns(naps) }, warnings);
    const stamps = [...ofDay.map(updatedAt), score && updatedAt(score)].filter((s): s is string => !!s).sort();
    sleep.push({
      sleep_date: day,
      source: 'oura',
      ...values,
      ...scoreValue,
      raw_data: { sleep: main ?? null, naps, other_periods: ofDay.filter((p) => p !== main && !ASLEEP.has(p.type ?? 'sleep')), daily_sleep: score ?? null },
      source_updated_at: stamps.at(-1),
    });
    if (main) {
      const dayValues = boundedRow('wearable_daily', where, { resting_hr_bpm: main.lowest_heart_rate, hrv_rmssd_ms: main.average_hrv }, warnings);
      daily.push({ date: day, source: 'oura', ...dayValues, raw_data: { sleep_id: main.id }, source_updated_at: updatedAt(main) });
    }
  }
  warnings.push(...unmappedWarning('oura sleep', periods, MAPPED), ...unmappedWarning('oura daily_sleep', scores, ['id', 'day', 'meta', 'score']));
  return { sleep, daily, warnings };
}
