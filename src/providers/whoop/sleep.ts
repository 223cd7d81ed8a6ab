import { z } from 'zod';
import { boundedRow, parseWith } from '../shared/rowTools';
import type { SleepRow } from '../types';
import { collection, dateTime, iso, localDate, msToMinutes, num, scoreState, tzOffset, unmappedKeys, unmappedWarning } from './common';

// WHOOP sleeps (GET /v2/activity/sleep) -> one wearable_sleep row per night. Stage durations are
// MILLISECONDS. sleep_date is the local day the sleep ended (under its timezone_offset). Naps
// (nap: true) never make the night's row: they go into that night's raw_data.naps; a nap on a day
// without a night is reported and not stored. Several non-nap sleeps ending on one day: the
// longest in bed is the night, the rest go into raw_data.other_sleeps.
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

export function mapSleep(json: unknown): { sleep: SleepRow[]; warnings: string[] } {
  const records = parseWith(collection(sleepRecord), json, 'whoop sleep').records;
  const warnings: string[] = [];
  const days = [...new Set(records.map(sleepDate))].sort();
  const sleep: SleepRow[] = [];
  for (const day of days) {
    const ofDay = records.filter((s) => sleepDate(s) === day).sort((a, b) => a.start.localeCompare(b.start));
    const nights = ofDay.filter((s) => !s.nap);
    const naps = ofDay.filter((s) => s.nap);
    if (nights.length === 0) {
      warnings.push(`whoop sleep ${day}: only naps (${naps.map((n) => n.id).join(', ')}), no night; not stored`);
      continue;
    }
    const night = nights.reduce((a, b) => (inBed(b) > inBed(a) ? b : a));
    const st = night.score?.stage_summary;
    const asleep = [st?.total_light_sleep_time_milli, st?.total_slow_wave_sleep_time_milli, st?.total_rem_sleep_time_milli];
    const values = boundedRow(
      'wearable_sleep',
      `whoop sleep ${night.id} (${day})`,
      {
        sleep_start: iso(night.start),
        sleep_end: iso(night.end),
        total_sleep_minutes: asleep.every((v) => typeof v === 'number') ? msToMinutes(asleep.reduce<number>((a, b) => a + (b ?? 0), 0)) : undefined,
        light_minutes: msToMinutes(st?.total_light_sleep_time_milli),
        deep_minutes: msToMinutes(st?.total_slow_wave_sleep_time_milli),
        rem_minutes: msToMinutes(st?.total_rem_sleep_time_milli),
        awake_minutes: msToMinutes(st?.total_awake_time_milli),
        interruptions: st?.disturbance_count,
        sleep_efficiency_pct: night.score?.sleep_efficiency_percentage,
        sleep_score: night.score?.sleep_performance_percentage,
        avg_respiratory_rate: night.score?.respiratory_rate,
      },
      warnings,
    );
    const stamps = ofDay.map((s) => s.updated_at).filter((s): s is string => !!s).map(iso).sort();
    sleep.push({
      sleep_date: day,
      source: 'whoop',
      ...values,
      raw_data: { sleep: night, naps, other_sleeps: nights.filter((s) => s !== night) },
      source_updated_at: stamps.at(-1),
    });
  }
  warnings.push(...unmappedWarning('whoop sleep', records.flatMap((r) => unmappedKeys(r, MAPPED))));
  return { sleep, warnings };
}
