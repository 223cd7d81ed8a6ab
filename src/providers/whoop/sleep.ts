import { z } from 'zod';
import { byStart, napColumns, napMinutes, type Nap } from '../shared/naps';
import { boundedRow, parseWith } from '../shared/rowTools';
import type { SleepRow } from '../types';
import { collection, dateTime, iso, localDate, msToMinutes, num, scoreState, tzOffset, unmappedKeys, unmappedWarning } from './common';

// WHOOP sleeps (GET /v2/activity/sleep) -> one wearable_sleep row per night. Stage durations are
// MILLISECONDS. sleep_date is the local day the sleep ended (under its timezone_offset), for naps
// too. The night is the longest in bed of the day's non-nap sleeps; naps (nap: true) and any other
// sleep ending that day are the day's naps: nap_minutes / nap_count, each in raw_data.naps
// (src/providers/shared/naps.ts). A day of naps only is a row without a night. The sync re-fetches
// whole days (index.ts), so each row carries the day's complete set.
// sleep_score is WHOOP's Sleep Performance (asleep vs needed, 0-100 %), the number its app shows.
//
// not mapped (kept in raw_data): score.stage_summary.total_in_bed_time_milli (only in the choice of
//   the night), total_no_data_time_milli, sleep_cycle_count, score.sleep_needed (baseline and debt),
//   score.sleep_consistency_percentage, cycle_id, v1_id, created_at. WHOOP v2 has no hypnogram and
//   no latency.

const stageSummary = z
  .object({
    total_in_bed_time_milli: num,
    total_awake_time_milli: num,
    total_light_sleep_time_milli: num,
    total_slow_wave_sleep_time_milli: num,
    total_rem_sleep_time_milli: num,
    disturbance_count: num,
  })
  .loose();
export const sleepRecord = z
  .object({
    id: z.string().min(1),
    cycle_id: z.number().int().nullish(),
    user_id: z.number().int().nullish(),
    updated_at: dateTime.nullish(),
    start: dateTime,
    end: dateTime,
    timezone_offset: tzOffset,
    nap: z.boolean(),
    score_state: scoreState,
    score: z
      .object({ stage_summary: stageSummary.nullish(), respiratory_rate: num, sleep_performance_percentage: num, sleep_efficiency_percentage: num })
      .loose()
      .nullish(),
  })
  .loose();
type Sleep = z.infer<typeof sleepRecord>;

const MAPPED = ['id', 'user_id', 'updated_at', 'start', 'end', 'timezone_offset', 'nap', 'score_state', 'score.stage_summary', 'score.respiratory_rate', 'score.sleep_performance_percentage', 'score.sleep_efficiency_percentage'];
const inBed = (s: Sleep) => s.score?.stage_summary?.total_in_bed_time_milli ?? Date.parse(s.end) - Date.parse(s.start);
const sleepDate = (s: Sleep) => localDate(s.end, s.timezone_offset);
/** Light + slow wave + REM, when WHOOP scored all three. */
function asleepMilli(s: Sleep): number | undefined {
  const st = s.score?.stage_summary;
  const parts = [st?.total_light_sleep_time_milli, st?.total_slow_wave_sleep_time_milli, st?.total_rem_sleep_time_milli];
  return parts.every((v) => typeof v === 'number') ? parts.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined;
}
const asNap = (s: Sleep): Nap => {
  const asleep = asleepMilli(s);
  return { ...s, start: iso(s.start), end: iso(s.end), minutes: napMinutes(asleep === undefined ? undefined : asleep / 1000, s.start, s.end) };
};

export function mapSleep(json: unknown): { sleep: SleepRow[]; warnings: string[] } {
  const records = parseWith(collection(sleepRecord), json, 'whoop sleep').records;
  const warnings: string[] = [];
  const days = [...new Set(records.map(sleepDate))].sort();
  const sleep: SleepRow[] = [];
  for (const day of days) {
    const ofDay = records.filter((s) => sleepDate(s) === day);
    const nights = ofDay.filter((s) => !s.nap);
    const night = nights.length ? nights.reduce((a, b) => (inBed(b) > inBed(a) ? b : a)) : undefined;
    const naps = ofDay.filter((s) => s !== night).map(asNap).sort(byStart);
    const st = night?.score?.stage_summary;
    const values = boundedRow(
      'wearable_sleep',
      night ? `whoop sleep ${night.id} (${day})` : `whoop naps ${day}`,
      {
        ...(night && {
          sleep_start: iso(night.start),
          sleep_end: iso(night.end),
          total_sleep_minutes: msToMinutes(asleepMilli(night)),
          light_minutes: msToMinutes(st?.total_light_sleep_time_milli),
          deep_minutes: msToMinutes(st?.total_slow_wave_sleep_time_milli),
          rem_minutes: msToMinutes(st?.total_rem_sleep_time_milli),
          awake_minutes: msToMinutes(st?.total_awake_time_milli),
          interruptions: st?.disturbance_count,
          sleep_efficiency_pct: night.score?.sleep_efficiency_percentage,
          sleep_score: night.score?.sleep_performance_percentage,
          avg_respiratory_rate: night.score?.respiratory_rate,
        }),
        ...napColumns(naps),
      },
      warnings,
    );
    const stamps = ofDay.map((s) => s.updated_at).filter((s): s is string => !!s).map(iso).sort();
    sleep.push({
      sleep_date: day,
      source: 'whoop',
      ...values,
      raw_data: night ? { sleep: night, naps } : { naps },
      source_updated_at: stamps.at(-1),
    });
  }
  warnings.push(...unmappedWarning('whoop sleep', records.flatMap((r) => unmappedKeys(r, MAPPED))));
  return { sleep, warnings };
}
