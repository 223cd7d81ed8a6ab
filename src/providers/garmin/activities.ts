import { z } from 'zod';
import { type ActivityType, activityTypeOf } from '../../validation/activityTypes';
import type { ActivityRow, SyncBatch } from '../types';
import { boundedRow, boundedSeconds, localDate, parseWith, epochSeconds } from '../shared/rowTools';
import { multisportParents } from './multisport';

// Garmin Health API activity summaries (GET /activities, backfill and push "activities").
// activity_date is the local start day (startTimeOffsetInSeconds). source_activity_id is the
// activityId when sent, else the summaryId; a summary with neither cannot be kept apart from the
// others or replaced by its own re-upload, so it is skipped with a warning (the rest of the answer
// is stored). A multisport parent is skipped with a warning and its legs are stored (multisport.ts).
// Not mapped (no column): deviceName, steps, averageBikeCadenceInRoundsPerMinute,
// averageRunCadenceInStepsPerMinute, averageSwimCadenceInStrokesPerMinute, numberOfActiveLengths,
// totalElevationLossInMeters, startingLatitudeInDegree/startingLongitudeInDegree, manual,
// a leg's parentSummaryId (kept in raw_data), averagePaceInMinutesPerKilometer (recomputed from the speed).

const num = z.number().nullish();
export const garminActivitySchema = z.object({
  userId: z.string().nullish(),
  summaryId: z.string().nullish(),
  activityId: z.union([z.number(), z.string()]).nullish(),
  activityName: z.string().nullish(),
  activityType: z.string().nullish(),
  startTimeInSeconds: epochSeconds,
  startTimeOffsetInSeconds: boundedSeconds.nullish(),
  durationInSeconds: boundedSeconds.nullish(),
  distanceInMeters: num,
  activeKilocalories: num,
  averageHeartRateInBeatsPerMinute: num,
  maxHeartRateInBeatsPerMinute: num,
  averageSpeedInMetersPerSecond: num,
  totalElevationGainInMeters: num,
  isParent: z.boolean().nullish(),
  // A string in the current API reference, an integer in older field notes.
  parentSummaryId: z.union([z.string(), z.number()]).nullish(),
});

/** Garmin activityType keys (upper snake case) that neither name an activity_type nor a shared synonym. */
const TYPES: Record<string, ActivityType> = {
  street_running: 'running',
  track_running: 'running',
  indoor_running: 'treadmill_running',
  virtual_ride: 'indoor_cycling',
  road_biking: 'cycling',
  gravel_cycling: 'cycling',
  indoor_cardio: 'functional_training',
  resort_skiing_snowboarding: 'skiing',
  backcountry_skiing_snowboarding: 'skiing',
  cross_country_skiing_ws: 'cross_country_skiing',
  training: 'strength_training',
  fitness_equipment: 'functional_training',
  multi_sport: 'multisport',
};

export const garminActivityType = (key: string | null | undefined): ActivityType => (key ? activityTypeOf(key, TYPES) : 'other');

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Maps a JSON array of Garmin activity summaries to wearable_activities rows; the ids of multisport parents go to superseded. */
export function mapGarminActivities(json: unknown, warnings: string[], superseded: NonNullable<SyncBatch['supersededActivities']> = []): ActivityRow[] {
  const items = parseWith(z.array(garminActivitySchema), json, 'garmin activities');
  const rows: ActivityRow[] = [];
  const parents = multisportParents(items);
  items.forEach((a, i) => {
    const id = a.activityId ?? a.summaryId;
    const hasId = id !== undefined && id !== null && id !== '';
    const what = `garmin activities [${i}] (${a.activityType ?? 'no type'} at ${new Date(a.startTimeInSeconds * 1000).toISOString()})`;
    if (parents.has(i)) {
      if (hasId) superseded.push({ source: 'garmin', source_activity_id: String(id) });
      warnings.push(`${what}: multisport parent${hasId ? ` ${String(id)}` : ''}${a.activityName ? ` "${a.activityName}"` : ''}; its legs are stored as activities of their own, so it is skipped (its time would count twice)`);
      return;
    }
    if (!hasId) {
      warnings.push(`${what}: no activityId or summaryId; skipped`);
      return;
    }
    const start = a.startTimeInSeconds;
    const type = garminActivityType(a.activityType);
    const speed = a.averageSpeedInMetersPerSecond;
    const row = boundedRow(
      'wearable_activities',
      `garmin activities ${String(id)}`,
      {
        activity_date: localDate(start, a.startTimeOffsetInSeconds ?? 0),
        source: 'garmin' as const,
        source_activity_id: String(id),
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
    rows.push(row);
  });
  return rows;
}
