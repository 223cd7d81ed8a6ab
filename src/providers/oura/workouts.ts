import { z } from 'zod';
import { activitySpan, boundedRow, parseWith } from '../shared/rowTools';
import type { ActivityRow } from '../types';
import { dateTime, iso, isoDate, meta, num, page, unmappedWarning, updatedAt } from './common';

// Oura v2 workouts (GET /v2/usercollection/workout) -> wearable_activities, keyed by Oura's id.
// `activity` is a free string in the 1.29 spec (no enum); Oura spells it in lower snake or camel
// case ("walking", "strengthTraining"), so it is normalised to snake case before the lookup.
// calories are kcal, distance metres.
//
// not mapped (kept in raw_data): intensity (easy / moderate / hard), source (manual, autodetected, ...).

const workoutRecord = z
  .object({
    id: z.string().min(1),
    day: isoDate,
    meta,
    activity: z.string(),
    label: z.string().nullish(),
    calories: num,
    distance: num,
    start_datetime: dateTime,
    end_datetime: dateTime,
  })
  .loose();

const TYPES: Record<string, string> = {
  running: 'running',
  trail_running: 'trail_running',
  treadmill_running: 'treadmill_running',
  walking: 'walking',
  hiking: 'hiking',
  cycling: 'cycling',
  indoor_cycling: 'indoor_cycling',
  mountain_biking: 'mountain_biking',
  swimming: 'swimming',
  rowing: 'rowing',
  indoor_rowing: 'indoor_rowing',
  elliptical: 'elliptical',
  stair_exercise: 'stair_climbing',
  stair_climbing: 'stair_climbing',
  strength_training: 'strength_training',
  weight_training: 'strength_training',
  functional_training: 'functional_training',
  cross_training: 'functional_training',
  hiit: 'hiit',
  crossfit: 'crossfit',
  yoga: 'yoga',
  pilates: 'pilates',
  stretching: 'stretching',
  martial_arts: 'martial_arts',
  boxing: 'boxing',
  dance: 'dance',
  dancing: 'dance',
  climbing: 'climbing',
  bouldering: 'climbing',
  downhill_skiing: 'skiing',
  skiing: 'skiing',
  snowboarding: 'snowboarding',
  cross_country_skiing: 'cross_country_skiing',
  ice_skating: 'skating',
  skating: 'skating',
  surfing: 'surfing',
  paddling: 'paddling',
  stand_up_paddling: 'paddling',
  kayaking: 'kayaking',
  tennis: 'tennis',
  padel: 'padel',
  pickleball: 'pickleball',
  squash: 'squash',
  badminton: 'badminton',
  table_tennis: 'table_tennis',
  golf: 'golf',
  soccer: 'soccer',
  football: 'soccer',
  basketball: 'basketball',
  volleyball: 'volleyball',
  baseball: 'baseball',
  hockey: 'hockey',
  rugby: 'rugby',
  american_football: 'american_football',
  cricket: 'cricket',
  meditation: 'meditation',
  other: 'other',
};

/** Oura's activity string -> vitalis.activity_type ('other' when unknown). */
export function ouraActivityType(activity: string): string | undefined {
  const key = activity
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return TYPES[key];
}

export function mapWorkouts(json: unknown): { activities: ActivityRow[]; warnings: string[] } {
  const { data } = parseWith(page(workoutRecord), json, 'oura workout');
  const warnings: string[] = [];
  const activities = data.map((w) => {
    const where = `oura workout ${w.id}`;
    const type = ouraActivityType(w.activity);
    if (!type) warnings.push(`${where}: activity "${w.activity}" has no activity_type; stored as other`);
    const values = boundedRow(
      'wearable_activities',
      where,
      {
        activity_type: type ?? 'other',
        activity_name: w.label ?? undefined,
        ...activitySpan(w.start_datetime, w.end_datetime),
        calories_kcal: w.calories,
        distance_m: w.distance === null || w.distance === undefined ? undefined : Math.round(w.distance * 100) / 100,
      },
      warnings,
    );
    return { activity_date: w.day, source: 'oura', source_activity_id: w.id, start_time: iso(w.start_datetime), ...values, raw_data: w, source_updated_at: updatedAt(w) } as ActivityRow;
  });
  const mapped = ['id', 'day', 'meta', 'activity', 'label', 'calories', 'distance', 'start_datetime', 'end_datetime'];
  return { activities, warnings: [...warnings, ...unmappedWarning('oura workout', data, mapped)] };
}
