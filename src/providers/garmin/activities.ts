import { z } from 'zod';
import { fitActivityType } from '../../importers/fit';
import type { ActivityRow } from '../types';
import { boundedRow, localDate, parseWith } from '../shared/rowTools';

// Garmin Health API activity summaries (GET /activities, backfill and push "activities").
// activity_date is the local start day (startTimeOffsetInSeconds). source_activity_id is the
// activityId when sent, else the summaryId.
// Not mapped (no column): deviceName, steps, averageBikeCadenceInRoundsPerMinute,
// averageRunCadenceInStepsPerMinute, averageSwimCadenceInStrokesPerMinute, numberOfActiveLengths,
// totalElevationLossInMeters, startingLatitudeInDegree/startingLongitudeInDegree, manual,
// isParent/parentSummaryId, averagePaceInMinutesPerKilometer (recomputed from the speed).

const num = z.number().nullish();
export const garminActivitySchema = z.object({
  userId: z.string().nullish(),
  summaryId: z.string(),
  activityId: z.union([z.number(), z.string()]).nullish(),
  activityName: z.string().nullish(),
  activityType: z.string().nullish(),
  startTimeInSeconds: z.number(),
  startTimeOffsetInSeconds: num,
  durationInSeconds: num,
  distanceInMeters: num,
  activeKilocalories: num,
  averageHeartRateInBeatsPerMinute: num,
  maxHeartRateInBeatsPerMinute: num,
  averageSpeedInMetersPerSecond: num,
  totalElevationGainInMeters: num,
});

/** Garmin activityType keys whose lower-case form is not already a FIT sport name fitActivityType knows. */
const TYPES: Record<string, string> = {
  LAP_SWIMMING: 'swimming',
  OPEN_WATER_SWIMMING: 'open_water_swimming',
  TREADMILL_RUNNING: 'treadmill_running',
  TRAIL_RUNNING: 'trail_running',
  STREET_RUNNING: 'running',
  TRACK_RUNNING: 'running',
  INDOOR_RUNNING: 'treadmill_running',
  INDOOR_CYCLING: 'indoor_cycling',
  VIRTUAL_RIDE: 'indoor_cycling',
  ROAD_BIKING: 'cycling',
  GRAVEL_CYCLING: 'cycling',
  MOUNTAIN_BIKING: 'mountain_biking',
  STRENGTH_TRAINING: 'strength_training',
  INDOOR_ROWING: 'indoor_rowing',
  ELLIPTICAL: 'elliptical',
  STAIR_CLIMBING: 'stair_climbing',
  INDOOR_CARDIO: 'functional_training',
  PILATES: 'pilates',
  BREATHWORK: 'breathwork',
  INDOOR_CLIMBING: 'climbing',
  BOULDERING: 'climbing',
  RESORT_SKIING_SNOWBOARDING: 'skiing',
  BACKCOUNTRY_SKIING_SNOWBOARDING: 'skiing',
  CROSS_COUNTRY_SKIING_WS: 'cross_country_skiing',
  STAND_UP_PADDLEBOARDING: 'paddling',
};

export const garminActivityType = (key: string | null | undefined): string => (key ? (TYPES[key.toUpperCase()] ?? fitActivityType(key.toLowerCase(), undefined)) : 'other');

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Maps a JSON array of Garmin activity summaries to wearable_activities rows. */
export function mapGarminActivities(json: unknown, warnings: string[]): ActivityRow[] {
  const items = parseWith(z.array(garminActivitySchema), json, 'garmin activities');
  return items.map((a, i) => {
    const start = a.startTimeInSeconds;
    const type = garminActivityType(a.activityType);
    const speed = a.averageSpeedInMetersPerSecond;
    return boundedRow(
      'wearable_activities',
      `garmin activities ${a.summaryId}`,
      {
        activity_date: localDate(start, a.startTimeOffsetInSeconds ?? 0),
        source: 'garmin' as const,
        source_activity_id: String(a.activityId ?? a.summaryId),
        start_time: new Date(start * 1000).toISOString(),
        end_time: a.durationInSeconds != null ? new Date((start + a.durationInSeconds) * 1000).toISOString() : undefined,
        activity_type: type,
        activity_name: a.activityName,
        duration_seconds: a.durationInSeconds,
        distance_m: a.distanceInMeters != null ? round2(a.distanceInMeters) : undefined,
        calories_kcal: a.activeKilocalories,
        avg_hr_bpm: a.averageHeartRateInBeatsPerMinute,
        max_hr_bpm: a.maxHeartRateInBeatsPerMinute,
        avg_speed_kmh: speed != null ? round2(speed * 3.6) : undefined,
        avg_pace_sec_per_km: speed != null && speed > 0 && type.endsWith('running') ? round2(1000 / speed) : undefined,
        elevation_gain_m: a.totalElevationGainInMeters != null ? round2(a.totalElevationGainInMeters) : undefined,
        raw_data: (json as unknown[])[i],
      },
      warnings,
    );
  });
}
