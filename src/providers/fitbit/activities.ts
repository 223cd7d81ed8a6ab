import { z } from 'zod';
import { type ActivityType, activityTypeOf } from '../../validation/activityTypes';
import { boundedRow, parseWith } from '../shared/rowTools';
import type { ActivityRow } from '../types';

// Fitbit Web API activity log list (GET /1/user/-/activities/list.json?afterDate=&sort=asc&limit=&offset=).
// startTime carries the local offset ("2024-03-10T07:30:00.000+01:00"): activity_date is its
// local day. Metric units (no Accept-Language): distance km, speed km/h, pace s/km. lastModified
// becomes source_updated_at. durations are milliseconds; activeDuration excludes pauses.
// Not mapped (no column): activityTypeId, logType, steps, heartRateZones (Fitbit's four
// Out of Range/Fat Burn/Cardio/Peak zones are not the five hr_zone columns), activityLevel,
// source, hasActiveZoneMinutes, activeZoneMinutes, originalDuration, originalStartTime.

const num = z.number().nullish();
export const fitbitActivitySchema = z.object({
  logId: z.number(),
  activityName: z.string().nullish(),
  startTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/, 'expected a date-time with offset'),
  duration: num,
  activeDuration: num,
  calories: num,
  distance: num,
  distanceUnit: z.string().nullish(),
  averageHeartRate: num,
  elevationGain: num,
  speed: num,
  pace: num,
  lastModified: z.string().nullish(),
});

/** Fitbit activityName values the shared vocabulary does not cover or reads otherwise. */
const TYPES: Record<string, ActivityType> = {
  treadmill: 'treadmill_running',
  outdoor_bike: 'cycling',
  circuit_training: 'functional_training',
  interval_workout: 'hiit',
  aerobic_workout: 'functional_training',
  stair_climber: 'stair_climbing',
  rowing_machine: 'indoor_rowing',
  kickboxing: 'martial_arts',
  // Fitbit lists Soccer separately: its (US English) Football is American football.
  football: 'american_football',
};
export const fitbitActivityType = (name: string | null | undefined): ActivityType => (name ? activityTypeOf(name, TYPES) : 'other');

const round2 = (v: number) => Math.round(v * 100) / 100;

export function mapFitbitActivities(json: unknown, warnings: string[]): ActivityRow[] {
  const body = parseWith(z.object({ activities: z.array(fitbitActivitySchema) }), json, 'fitbit activities');
  const raws = (json as { activities: unknown[] }).activities;
  return body.activities.map((a, i) => {
    const start = new Date(a.startTime);
    const type = fitbitActivityType(a.activityName);
    const km = a.distance != null && a.distanceUnit && a.distanceUnit !== 'Kilometer' ? undefined : a.distance;
    if (km === undefined && a.distance != null) warnings.push(`fitbit activities ${a.logId}: distance in ${a.distanceUnit}, expected Kilometer; dropped`);
    return boundedRow(
      'wearable_activities',
      `fitbit activities ${a.logId}`,
      {
        activity_date: a.startTime.slice(0, 10),
        source: 'fitbit' as const,
        source_activity_id: String(a.logId),
        activity_type: type,
        activity_name: a.activityName,
        start_time: start.toISOString(),
        end_time: a.duration != null ? new Date(start.getTime() + a.duration).toISOString() : undefined,
        duration_seconds: a.activeDuration != null ? Math.round(a.activeDuration / 1000) : a.duration != null ? Math.round(a.duration / 1000) : undefined,
        distance_m: km != null ? round2(km * 1000) : undefined,
        calories_kcal: a.calories,
        avg_hr_bpm: a.averageHeartRate,
        elevation_gain_m: a.elevationGain != null ? round2(a.elevationGain) : undefined,
        avg_speed_kmh: a.speed != null ? round2(a.speed) : undefined,
        avg_pace_sec_per_km: a.pace != null && a.pace > 0 && type.endsWith('running') ? round2(a.pace) : undefined,
        source_updated_at: a.lastModified ? new Date(a.lastModified).toISOString() : undefined,
        raw_data: raws[i],
      },
      warnings,
    );
  });
}
