import { z } from 'zod';
import { type ActivityType, knownActivityType } from '../../validation/activityTypes';
import { activitySpan, boundedRow, parseWith } from '../shared/rowTools';
import type { ActivityRow } from '../types';
import { dateTime, iso, isoDate, meta, num, page, unmappedWarning, updatedAt } from './common';

// Oura v2 workouts (GET /v2/usercollection/workout) -> wearable_activities, keyed by Oura's id.
// `activity` is a free string in the 1.29 spec (no enum); Oura spells it in lower snake or camel
// case ("walking", "strengthTraining"); knownActivityType normalises both to snake case.
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

/** Oura activity names the shared vocabulary does not cover. */
const TYPES: Record<string, ActivityType> = {
  stair_exercise: 'stair_climbing',
};

/** Oura's activity string -> vitalis.activity_type, or undefined when unknown. */
export const ouraActivityType = (activity: string): ActivityType | undefined => knownActivityType(activity, TYPES);

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
