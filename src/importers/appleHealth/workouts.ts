import { createHash } from 'node:crypto';
import { type ActivityType, activityTypeOf } from '../../validation/activityTypes';
import { ranges } from '../../validation/bounds';
import type { Attrs } from './reader';
import { acceptedMs, parseAppleMs, parseAppleTime } from './time';
import type { Tally } from './tally';
import { round, toBpm, toKcal, toMetres, toMinutes } from './units';

const T = 'HKWorkoutActivityType';
const KEY_MAX = 200; // wearable_activities.source_activity_id

/**
 * The key as it is, or, past the column's 200 characters (a source name of megabytes, found by
 * fuzzing: the database refused the whole import), its sha256: still the same for the same workout.
 */
function workoutKey(key: string): string {
  return key.length <= KEY_MAX ? key : `apple:sha256:${createHash('sha256').update(key).digest('hex')}`;
}
/** HKWorkoutActivityType names (prefix stripped, snake-cased) the shared vocabulary does not cover. */
const TYPES: Record<string, ActivityType> = {
  stairs: 'stair_climbing', step_training: 'stair_climbing', traditional_strength_training: 'strength_training',
  functional_strength_training: 'functional_training', core_training: 'functional_training', mixed_cardio: 'functional_training',
  mixed_metabolic_cardio_training: 'functional_training', flexibility: 'stretching', cooldown: 'stretching',
  preparation_and_recovery: 'mobility', mind_and_body: 'meditation', social_dance: 'dance', cardio_dance: 'dance',
  dance_inspired_training: 'dance', skating_sports: 'skating', surfing_sports: 'surfing', paddle_sports: 'paddling',
  sailing: 'paddling', swim_bike_run: 'triathlon', transition: 'multisport',
};
const INDOOR: Partial<Record<ActivityType, ActivityType>> = { running: 'treadmill_running', cycling: 'indoor_cycling', rowing: 'indoor_rowing' };
const RUNNING = new Set(['running', 'trail_running', 'treadmill_running']);

export function appleActivityType(workoutActivityType: string | undefined, metadata: Attrs[] = []): ActivityType {
  const base = workoutActivityType?.startsWith(T) ? activityTypeOf(workoutActivityType.slice(T.length), TYPES) : 'other';
  const meta = (key: string) => metadata.find((m) => m.key === key)?.value;
  if (meta('HKIndoorWorkout') === '1' && INDOOR[base]) return INDOOR[base]!;
  // HKSwimmingLocationType: 1 pool, 2 open water.
  if (base === 'swimming' && meta('HKSwimmingLocationType') === '2') return 'open_water_swimming';
  return base;
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s.trim() === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
};
/** "1234 cm", "12.5 m": MetadataEntry quantities carry their unit after a space. */
const quantity = (s: string | undefined): { value: number; unit: string } | undefined => {
  const m = s === undefined ? null : /^(-?[\d.]+)\s*(\S+)$/.exec(s);
  return m && Number.isFinite(Number(m[1])) ? { value: Number(m[1]), unit: m[2]! } : undefined;
};

/** One <Workout> to a wearable_activities row (undefined when it has no usable start). */
export function workoutRow(a: Attrs, statistics: Attrs[], metadata: Attrs[], tally: Tally): Record<string, unknown> | undefined {
  const start = parseAppleTime(a.startDate);
  const end = parseAppleTime(a.endDate);
  const created = acceptedMs(parseAppleMs(a.creationDate));
  if (!start) {
    tally.skip('Workout without a readable startDate', a.startDate ?? '(none)');
    return undefined;
  }
  const where = `${a.workoutActivityType ?? 'Workout'} ${a.startDate}`;
  const stat = (type: string) => statistics.find((s) => s.type === `HKQuantityTypeIdentifier${type}`);
  const r = ranges.wearable_activities;
  const b = (column: keyof typeof r, v: number | undefined) => tally.bounded('wearable_activities', column, v !== undefined && Number.isFinite(v) ? v : undefined, r[column], where);
  const type = appleActivityType(a.workoutActivityType, metadata);
  const durationMin = toMinutes(num(a.duration) ?? NaN, a.durationUnit ?? 'min');
  const durationS = durationMin !== undefined && Number.isFinite(durationMin) ? durationMin * 60 : end ? (end.ms - start.ms) / 1000 : undefined;
  // Newer exports move totals into WorkoutStatistics; older ones have the attributes.
  const distanceStat = stat('DistanceWalkingRunning') ?? stat('DistanceCycling') ?? stat('DistanceSwimming') ?? stat('DistanceDownhillSnowSports');
  const distance = num(a.totalDistance) !== undefined ? toMetres(num(a.totalDistance)!, a.totalDistanceUnit) : distanceStat ? toMetres(num(distanceStat.sum) ?? NaN, distanceStat.unit) : undefined;
  const energyStat = stat('ActiveEnergyBurned');
  const energy = num(a.totalEnergyBurned) !== undefined ? toKcal(num(a.totalEnergyBurned)!, a.totalEnergyBurnedUnit) : energyStat ? toKcal(num(energyStat.sum) ?? NaN, energyStat.unit) : undefined;
  const hr = stat('HeartRate');
  const elevation = quantity(metadata.find((m) => m.key === 'HKElevationAscended')?.value);
  const elevationM = elevation ? toMetres(elevation.value, elevation.unit) : undefined;
  const distanceM = distance !== undefined && Number.isFinite(distance) ? b('distance_m', round(distance, 2)) : undefined;
  const duration = b('duration_seconds', durationS);
  const speedKmh = distanceM && duration ? round(distanceM / 1000 / (duration / 3600), 2) : undefined;
  const row: Record<string, unknown> = {
    activity_date: start.localDate,
    source: 'apple_health',
    // Apple exports carry no workout UUID: source + start + type identifies a workout across re-exports.
    source_activity_id: workoutKey(`apple:${a.sourceName ?? ''}:${a.startDate}:${a.workoutActivityType ?? ''}`),
    activity_type: type,
    start_time: new Date(start.ms).toISOString(),
    end_time: end && end.ms >= start.ms ? new Date(end.ms).toISOString() : undefined,
    duration_seconds: duration,
    distance_m: distanceM,
    calories_kcal: energy !== undefined && Number.isFinite(energy) ? b('calories_kcal', energy) : undefined,
    avg_hr_bpm: hr ? b('avg_hr_bpm', toBpm(num(hr.average) ?? NaN, hr.unit)) : undefined,
    max_hr_bpm: hr ? b('max_hr_bpm', toBpm(num(hr.maximum) ?? NaN, hr.unit)) : undefined,
    elevation_gain_m: elevationM !== undefined && elevationM >= 0 && elevationM < 100_000 ? round(elevationM, 2) : undefined,
    avg_speed_kmh: speedKmh !== undefined && speedKmh < 1000 ? speedKmh : undefined,
    avg_pace_sec_per_km: RUNNING.has(type) && distanceM && duration ? Math.min(99999.99, round(duration / (distanceM / 1000), 2)) : undefined,
    source_updated_at: created === undefined ? undefined : new Date(created).toISOString(),
    raw_data: { workout: a, statistics, metadata },
  };
  for (const k of Object.keys(row)) if (row[k] === undefined || (typeof row[k] === 'number' && !Number.isFinite(row[k]))) delete row[k];
  return row;
}
