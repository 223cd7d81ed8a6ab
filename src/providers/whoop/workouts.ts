import { z } from 'zod';
import { type ActivityType, knownActivityType } from '../../validation/activityTypes';
import { activitySpan, boundedRow, parseWith } from '../shared/rowTools';
import type { ActivityRow } from '../types';
import { collection, dateTime, iso, kjToKcal, localDate, num, scoreState, tzOffset, unmappedKeys, unmappedWarning } from './common';

// WHOOP workouts (GET /v2/activity/workout) -> wearable_activities keyed by the v2 UUID.
// kilojoule -> calories_kcal (x 0.239006); zone_durations are MILLISECONDS -> hr_zone_N_seconds
// (WHOOP zones 1-5 are % of max heart rate bands like the table's). activity_date is the local day
// of the start under timezone_offset. sport_name is lower case with hyphens ("functional-fitness").
//
// not mapped (kept in raw_data): score.strain, score.percent_recorded, score.altitude_change_meter,
//   score.zone_durations.zone_zero_milli, sport_id (gone after 09/2025), v1_id, created_at.

const zones = z
  .object({ zone_zero_milli: num, zone_one_milli: num, zone_two_milli: num, zone_three_milli: num, zone_four_milli: num, zone_five_milli: num })
  .loose();
export const workoutRecord = z
  .object({
    id: z.string().min(1),
    user_id: z.number().int().nullish(),
    updated_at: dateTime.nullish(),
    start: dateTime,
    end: dateTime,
    timezone_offset: tzOffset,
    sport_name: z.string().nullish(),
    score_state: scoreState,
    score: z
      .object({ kilojoule: num, average_heart_rate: num, max_heart_rate: num, distance_meter: num, altitude_gain_meter: num, zone_durations: zones.nullish() })
      .loose()
      .nullish(),
  })
  .loose();

/** WHOOP sport names the shared vocabulary does not cover or reads otherwise (WHOOP's "football" is American). */
const TYPES: Record<string, ActivityType> = {
  hiking_rucking: 'hiking',
  rucking: 'hiking',
  stairmaster: 'stair_climbing',
  strength_trainer: 'strength_training',
  functional_fitness: 'functional_training',
  box_fitness: 'functional_training',
  paddle_tennis: 'padel',
  football: 'american_football',
  activity: 'other',
};

/** WHOOP's sport_name -> vitalis.activity_type, or undefined when unknown. */
export const whoopActivityType = (sportName: string): ActivityType | undefined => knownActivityType(sportName, TYPES);

const MAPPED = ['id', 'user_id', 'updated_at', 'start', 'end', 'timezone_offset', 'sport_name', 'score_state', 'score.kilojoule', 'score.average_heart_rate', 'score.max_heart_rate', 'score.distance_meter', 'score.altitude_gain_meter', 'score.zone_durations'];
const seconds = (ms: number | null | undefined) => (typeof ms === 'number' && ms >= 0 ? Math.round(ms / 1000) : undefined);
const metres = (m: number | null | undefined) => (typeof m === 'number' ? Math.round(m * 100) / 100 : undefined);

export function mapWorkouts(json: unknown): { activities: ActivityRow[]; warnings: string[] } {
  const records = parseWith(collection(workoutRecord), json, 'whoop workout').records;
  const warnings: string[] = [];
  const activities = records.map((w) => {
    const where = `whoop workout ${w.id}`;
    const type = w.sport_name ? whoopActivityType(w.sport_name) : undefined;
    if (!type) warnings.push(`${where}: sport "${w.sport_name ?? ''}" has no activity_type; stored as other`);
    const s = w.score;
    const zd = s?.zone_durations;
    const values = boundedRow(
      'wearable_activities',
      where,
      {
        activity_type: type ?? 'other',
        activity_name: w.sport_name ?? undefined,
        ...activitySpan(w.start, w.end),
        calories_kcal: kjToKcal(s?.kilojoule),
        avg_hr_bpm: s?.average_heart_rate,
        max_hr_bpm: s?.max_heart_rate,
        distance_m: metres(s?.distance_meter),
        elevation_gain_m: metres(s?.altitude_gain_meter),
        hr_zone_1_seconds: seconds(zd?.zone_one_milli),
        hr_zone_2_seconds: seconds(zd?.zone_two_milli),
        hr_zone_3_seconds: seconds(zd?.zone_three_milli),
        hr_zone_4_seconds: seconds(zd?.zone_four_milli),
        hr_zone_5_seconds: seconds(zd?.zone_five_milli),
      },
      warnings,
    );
    const updated = w.updated_at ? iso(w.updated_at) : undefined;
    return { activity_date: localDate(w.start, w.timezone_offset), source: 'whoop', source_activity_id: w.id, start_time: iso(w.start), ...values, raw_data: w, source_updated_at: updated } as ActivityRow;
  });
  const unmapped = records.flatMap((r) => [...unmappedKeys(r, MAPPED), ...Object.keys(r.score?.zone_durations ?? {}).filter((k) => k === 'zone_zero_milli').map((k) => `score.zone_durations.${k}`)]);
  return { activities, warnings: [...warnings, ...unmappedWarning('whoop workout', unmapped)] };
}
