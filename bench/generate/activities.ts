// Activities: a weekly count drawn around the user's habit, types from the user's sport, and the
// load each day's activities add to its steps, calories and intensity minutes.

import { clamp, Random, round } from '../random';
import type { Row, Sport } from './rows';
import { DAY_MS, MINUTE_MS, dayToIso, isWeekend, timestamp } from './time';
import type { BenchUser } from './users';

type ActivityType =
  | 'running' | 'trail_running' | 'cycling' | 'indoor_cycling' | 'strength_training' | 'walking'
  | 'yoga' | 'hiit' | 'swimming' | 'hiking';

const SPORT_MIX: Record<Sport, readonly (readonly [ActivityType, number])[]> = {
  runner: [['running', 0.55], ['trail_running', 0.06], ['strength_training', 0.14], ['cycling', 0.08], ['walking', 0.1], ['yoga', 0.07]],
  cyclist: [['cycling', 0.5], ['indoor_cycling', 0.15], ['running', 0.1], ['strength_training', 0.13], ['walking', 0.08], ['hiking', 0.04]],
  lifter: [['strength_training', 0.55], ['hiit', 0.1], ['walking', 0.15], ['running', 0.1], ['yoga', 0.1]],
  mixed: [['running', 0.2], ['cycling', 0.15], ['strength_training', 0.2], ['walking', 0.15], ['swimming', 0.1], ['yoga', 0.1], ['hiit', 0.05], ['hiking', 0.05]],
};

interface TypeProfile {
  minutes: number; // mean duration
  intensity: number; // fraction of heart-rate reserve
  met: number;
  label: string;
}

const TYPE_PROFILE: Record<ActivityType, TypeProfile> = {
  running: { minutes: 45, intensity: 0.7, met: 10, label: 'Run' },
  trail_running: { minutes: 75, intensity: 0.72, met: 10.5, label: 'Trail Run' },
  cycling: { minutes: 85, intensity: 0.63, met: 8, label: 'Ride' },
  indoor_cycling: { minutes: 45, intensity: 0.68, met: 8.5, label: 'Indoor Ride' },
  strength_training: { minutes: 55, intensity: 0.45, met: 5, label: 'Strength' },
  walking: { minutes: 40, intensity: 0.33, met: 3.5, label: 'Walk' },
  yoga: { minutes: 50, intensity: 0.25, met: 2.5, label: 'Yoga' },
  hiit: { minutes: 30, intensity: 0.76, met: 8, label: 'HIIT' },
  swimming: { minutes: 40, intensity: 0.6, met: 7, label: 'Swim' },
  hiking: { minutes: 160, intensity: 0.5, met: 6, label: 'Hike' },
};

const NOTES = ['Felt strong', 'Legs heavy', 'Windy', 'New route', 'Easy recovery', 'Tempo in the middle', 'Hot and humid'];

export interface DayActivityLoad {
  steps: number;
  calories: number;
  minutes: number;
  vigorousMinutes: number;
  maxHr: number;
  distanceM: number;
}

function partOfDay(hour: number): string {
  if (hour < 12) return 'Morning';
  if (hour < 17) return 'Afternoon';
  if (hour < 21) return 'Evening';
  return 'Night';
}

/** Splits seconds over five heart-rate zones around the session's intensity. */
function hrZones(rng: Random, seconds: number, intensity: number): number[] {
  const center = clamp(intensity * 5 + 0.3, 1, 5);
  const weights = [1, 2, 3, 4, 5].map((z) => Math.exp(-((z - center) ** 2) / 1.4) * rng.uniform(0.7, 1.3));
  const total = weights.reduce((a, b) => a + b, 0);
  const zones = weights.map((w) => Math.floor((seconds * w) / total));
  zones[0] = (zones[0] as number) + seconds - zones.reduce((a, b) => a + b, 0);
  return zones;
}

export function generateActivities(rng: Random, user: BenchUser, startDay: number, endDay: number): { rows: Row[]; load: Map<number, DayActivityLoad> } {
  const t = user.traits;
  const rows: Row[] = [];
  const load = new Map<number, DayActivityLoad>();
  let seq = 0;
  const idBase = (user.activitySource === 'garmin' ? 10_000_000_000 : 8_000_000_000) + user.index * 100_000;
  for (let weekStart = startDay; weekStart <= endDay; weekStart += 7) {
    const weekDays: number[] = [];
    for (let d = weekStart; d < weekStart + 7 && d <= endDay; d++) weekDays.push(d);
    const count = Math.min(weekDays.length, rng.poisson((t.activitiesPerWeek * weekDays.length) / 7));
    const chosen = rng.shuffle(weekDays).slice(0, count).sort((a, b) => a - b);
    for (const day of chosen) {
      let type = rng.weighted(SPORT_MIX[t.sport]);
      if (type === 'hiking' && !isWeekend(day)) type = 'walking';
      const profile = TYPE_PROFILE[type];
      const longDay = isWeekend(day) && (type === 'running' || type === 'cycling');
      const minutes = clamp(rng.gamma(8, (profile.minutes * (longDay ? 1.5 : 1)) / 8), 10, 420);
      const durationSeconds = Math.round(minutes * 60);
      const hour = isWeekend(day) ? rng.uniform(7.5, 11) : rng.chance(0.5) ? rng.uniform(6, 8.5) : rng.uniform(17, 20);
      const startMs = day * DAY_MS + Math.round(hour * 60) * MINUTE_MS + rng.int(0, 59) * 1000;
      const endMs = startMs + durationSeconds * 1000;
      const intensity = clamp(profile.intensity + rng.normal(0, 0.05), 0.15, 0.95);
      const avgHr = Math.round(clamp(t.restingHr + intensity * (t.maxHr - t.restingHr) + rng.normal(0, 4), 60, t.maxHr - 5));
      const maxHr = Math.round(clamp(avgHr + rng.gamma(4, 5), avgHr + 3, t.maxHr));
      const zones = hrZones(rng, durationSeconds, intensity);
      const calories = Math.round(clamp((profile.met * t.weightKg * minutes) / 60 * rng.normal(1, 0.08), 20, 6000));

      let distance: number | null = null;
      let pace: number | null = null;
      let speed: number | null = null;
      let elevation: number | null = null;
      let steps = 0;
      if (type === 'running' || type === 'trail_running') {
        const p = t.runPaceSecPerKm * rng.normal(1, 0.05) * (type === 'trail_running' ? 1.25 : 1);
        distance = (durationSeconds / p) * 1000;
        elevation = clamp(rng.normal(type === 'trail_running' ? 45 : 8, 5) * (distance / 1000), 0, 4000);
        steps = Math.round(distance / 1.1);
      } else if (type === 'walking' || type === 'hiking') {
        distance = (durationSeconds / 3600) * (type === 'hiking' ? rng.normal(3.6, 0.4) : rng.normal(5.2, 0.4)) * 1000;
        elevation = clamp(rng.normal(type === 'hiking' ? 60 : 5, 6) * (distance / 1000), 0, 3000);
        steps = Math.round(distance / 0.75);
      } else if (type === 'cycling') {
        distance = (durationSeconds / 3600) * t.cyclingSpeedKmh * rng.normal(1, 0.06) * 1000;
        elevation = clamp(rng.normal(8, 4) * (distance / 1000), 0, 5000);
      } else if (type === 'swimming') {
        distance = Math.round(((durationSeconds / 3600) * rng.normal(2.2, 0.25) * 1000) / 25) * 25;
      } else if (type === 'strength_training' || type === 'hiit') {
        steps = rng.int(400, 1500);
      }
      if (distance !== null) {
        distance = round(Math.max(distance, 0), 2);
        if (type === 'cycling') speed = round((distance / durationSeconds) * 3.6, 2);
        else if (distance > 0 && type !== 'swimming') pace = round((durationSeconds / distance) * 1000, 2);
      }
      const isCycling = type === 'cycling' || type === 'indoor_cycling';
      const power = isCycling && t.hasPowerMeter ? Math.round(clamp(rng.normal(190, 30), 80, 400)) : null;
      const normalized = power !== null ? Math.round(power * rng.uniform(1.03, 1.12)) : null;
      const tss = normalized !== null ? round((minutes / 60) * (normalized / 250) ** 2 * 100, 1) : null;

      seq++;
      const sourceActivityId = String(idBase + seq);
      const row: Row = {
        activity_date: dayToIso(day),
        source: user.activitySource,
        source_activity_id: sourceActivityId,
        activity_type: type,
        activity_name: `${partOfDay(hour)} ${profile.label}`,
        start_time: timestamp(startMs),
        end_time: timestamp(endMs),
        duration_seconds: durationSeconds,
        calories_kcal: calories,
        avg_hr_bpm: avgHr,
        max_hr_bpm: maxHr,
        hr_zone_1_seconds: zones[0] as number,
        hr_zone_2_seconds: zones[1] as number,
        hr_zone_3_seconds: zones[2] as number,
        hr_zone_4_seconds: zones[3] as number,
        hr_zone_5_seconds: zones[4] as number,
        source_updated_at: timestamp(endMs + rng.int(2, 90) * MINUTE_MS),
      };
      if (distance !== null) row.distance_m = distance;
      if (pace !== null) row.avg_pace_sec_per_km = pace;
      if (speed !== null) row.avg_speed_kmh = speed;
      if (elevation !== null) row.elevation_gain_m = round(elevation, 2);
      if (power !== null && normalized !== null && tss !== null) {
        row.avg_power_watts = power;
        row.normalized_power_watts = normalized;
        row.training_stress_score = tss;
      }
      if (user.activitySource === 'garmin') {
        row.training_effect_aerobic = round(clamp(1 + minutes / 45 + intensity * 1.5 + rng.normal(0, 0.3), 0, 5), 1);
        row.training_effect_anaerobic = round(clamp(intensity * 2.2 - 0.6 + rng.normal(0, 0.5), 0, 5), 1);
        if (type === 'running' && rng.chance(0.3)) row.vo2_max_ml_kg_min = round(clamp(t.vo2max + rng.normal(0, 0.8), 10, 100), 1);
      }
      if (rng.chance(0.05)) row.notes = rng.pick(NOTES);
      row.raw_data =
        user.activitySource === 'garmin'
          ? { activityId: Number(sourceActivityId), activityType: { typeKey: type }, startTimeGMT: timestamp(startMs), deviceId: 3_400_000_000 + user.index, lapCount: Math.max(1, Math.round((distance ?? 0) / 1000)), hasPolyline: distance !== null }
          : { id: Number(sourceActivityId), sport_type: profile.label.replace(' ', ''), start_date: timestamp(startMs), kudos_count: rng.int(0, 25), achievement_count: rng.int(0, 6), manual: false };
      rows.push(row);

      const dayLoad = load.get(day) ?? { steps: 0, calories: 0, minutes: 0, vigorousMinutes: 0, maxHr: 0, distanceM: 0 };
      dayLoad.steps += steps;
      dayLoad.calories += calories;
      dayLoad.minutes += Math.round(minutes);
      dayLoad.vigorousMinutes += Math.round(((zones[3] as number) + (zones[4] as number)) / 60);
      dayLoad.maxHr = Math.max(dayLoad.maxHr, maxHr);
      dayLoad.distanceM += type === 'cycling' || type === 'swimming' ? 0 : distance ?? 0;
      load.set(day, dayLoad);
    }
  }
  return { rows, load };
}
