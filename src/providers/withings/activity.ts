import { z } from 'zod';
import { boundedRow, epochSeconds, parseWith, secondsToMinutes } from '../shared/rowTools';
import type { DailyRow } from '../types';

// Withings Measure v2 - Getactivity (POST /v2/measure action=getactivity): one aggregate per local
// day (date + timezone). Durations in seconds, distance in metres, elevation in floors climbed,
// calories = active kcal. modified -> source_updated_at. Withings returns only the data_fields
// asked for ("Use 'data_fields' to request this data" on every value but totalcalories), so the
// fetch names them (WITHINGS_ACTIVITY_FIELDS).
// Not mapped (no column): hr_average, hr_min (no daily columns for them), hr_zone_0..3, soft
// (light activity seconds), deviceid, hash_deviceid, brand, is_tracker, timezone.

const num = z.number().nullish();
export const WITHINGS_ACTIVITY_FIELDS = ['steps', 'distance', 'elevation', 'soft', 'moderate', 'intense', 'active', 'calories', 'totalcalories', 'hr_average', 'hr_min', 'hr_max', 'hr_zone_0', 'hr_zone_1', 'hr_zone_2', 'hr_zone_3'];
export const withingsActivitySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  modified: epochSeconds.nullish(),
  steps: num,
  distance: num,
  elevation: num,
  moderate: num,
  intense: num,
  active: num,
  calories: num,
  totalcalories: num,
  hr_max: num,
});
export const withingsActivityBodySchema = z.object({ activities: z.array(withingsActivitySchema), more: z.union([z.boolean(), z.number()]).nullish(), offset: z.number().nullish() });

export function mapWithingsActivity(body: unknown, warnings: string[]): DailyRow[] {
  const parsed = parseWith(withingsActivityBodySchema, body, 'withings getactivity');
  const raws = (body as { activities: unknown[] }).activities;
  return parsed.activities.map((a, i) =>
    boundedRow(
      'wearable_daily',
      `withings activity ${a.date}`,
      {
        date: a.date,
        source: 'withings' as const,
        steps: a.steps,
        distance_m: a.distance != null ? Math.round(a.distance) : undefined,
        floors_climbed: a.elevation != null ? Math.floor(a.elevation) : undefined,
        active_calories_kcal: a.calories,
        total_calories_kcal: a.totalcalories,
        active_minutes: secondsToMinutes(a.active),
        moderate_intensity_minutes: secondsToMinutes(a.moderate),
        vigorous_intensity_minutes: secondsToMinutes(a.intense),
        max_hr_bpm: a.hr_max,
        source_updated_at: a.modified != null ? new Date(a.modified * 1000).toISOString() : undefined,
        raw_data: raws[i],
      },
      warnings,
    ),
  );
}
