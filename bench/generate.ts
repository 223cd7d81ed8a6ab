// Realistic, deterministic benchmark data: users with several wearables each (daily summaries,
// sleep, activities) and blood panels every few months. Every user draws from its own seeded
// stream (seed/kind/index), so user i's data does not depend on how many users are generated,
// and the smoke run's users are a prefix of the full run's.
//
// Rows are plain objects keyed by column name: the same object is sent as JSON to the upsert
// functions and written as a COPY line. Keys whose value would be NULL are left out (as a
// provider mapping would); user_id is never in a wearable row (the upsert functions default it
// to the current user; COPY adds it).

import { clamp, Random, round } from './random';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Row = Record<string, Json>;

export type DailySource = 'garmin' | 'oura' | 'apple_health' | 'whoop';
export type SleepSource = 'oura' | 'whoop' | 'garmin';
export type ActivitySource = 'garmin' | 'strava';
export type Sport = 'runner' | 'cyclist' | 'lifter' | 'mixed';

export const DAILY_COLUMNS = [
  'date', 'source', 'resting_hr_bpm', 'max_hr_bpm', 'hrv_rmssd_ms', 'steps', 'active_calories_kcal',
  'total_calories_kcal', 'active_minutes', 'moderate_intensity_minutes', 'vigorous_intensity_minutes',
  'distance_m', 'floors_climbed', 'spo2_avg_pct', 'spo2_min_pct', 'respiratory_rate_avg', 'stress_avg',
  'body_battery_start', 'body_battery_end', 'readiness_score', 'recovery_score', 'skin_temp_deviation_c',
  'vo2_max_ml_kg_min', 'raw_data', 'source_updated_at',
] as const;

export const SLEEP_COLUMNS = [
  'sleep_date', 'source', 'sleep_start', 'sleep_end', 'total_sleep_minutes', 'rem_minutes', 'deep_minutes',
  'light_minutes', 'awake_minutes', 'sleep_latency_minutes', 'sleep_efficiency_pct', 'sleep_score',
  'interruptions', 'avg_hr_bpm', 'min_hr_bpm', 'avg_hrv_ms', 'avg_respiratory_rate', 'avg_spo2_pct',
  'avg_skin_temp_deviation_c', 'hypnogram', 'raw_data', 'source_updated_at',
] as const;

export const ACTIVITY_COLUMNS = [
  'activity_date', 'source', 'source_activity_id', 'activity_type', 'activity_name', 'start_time', 'end_time',
  'duration_seconds', 'distance_m', 'calories_kcal', 'avg_hr_bpm', 'max_hr_bpm', 'hr_zone_1_seconds',
  'hr_zone_2_seconds', 'hr_zone_3_seconds', 'hr_zone_4_seconds', 'hr_zone_5_seconds', 'avg_pace_sec_per_km',
  'avg_speed_kmh', 'elevation_gain_m', 'avg_power_watts', 'normalized_power_watts', 'training_stress_score',
  'training_effect_aerobic', 'training_effect_anaerobic', 'vo2_max_ml_kg_min', 'notes', 'raw_data',
  'source_updated_at',
] as const;

export interface UserTraits {
  age: number;
  restingHr: number;
  hrvMedian: number;
  stepsMean: number;
  weekendStepsFactor: number;
  sleepHours: number;
  bedtimeHour: number;
  activitiesPerWeek: number;
  sport: Sport;
  runPaceSecPerKm: number;
  cyclingSpeedKmh: number;
  hasPowerMeter: boolean;
  weightKg: number;
  maxHr: number;
  vo2max: number;
  spo2: number;
  respiratoryRate: number;
  floorsMean: number;
}

export interface BenchUser {
  index: number;
  userId: string;
  accountId: string;
  email: string;
  displayName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  dailySources: DailySource[];
  sleepSources: SleepSource[];
  activitySource: ActivitySource;
  traits: UserTraits;
}

export interface WearableData {
  daily: Row[];
  sleep: Row[];
  activities: Row[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export function isoToDay(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${iso}`);
  return Math.floor(ms / DAY_MS);
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

function timestamp(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Robin', 'Kim', 'Noa', 'Luca', 'Mira', 'Ines'];
const LAST_NAMES = ['Berg', 'Novak', 'Silva', 'Okafor', 'Tanaka', 'Müller', 'Haddad', 'Larsen', 'Costa', 'Kowalski', 'Nguyen', 'Rossi'];

// ---------------------------------------------------------------------------------------------
// Users

export function generateUsers(options: { seed: string; users: number; endDate: string }): BenchUser[] {
  const endDay = isoToDay(options.endDate);
  const users: BenchUser[] = [];
  for (let index = 0; index < options.users; index++) {
    const rng = new Random(`${options.seed}/user/${index}`);
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const age = rng.int(24, 68);
    const dateOfBirth = dayToIso(endDay - Math.round(age * 365.25) - rng.int(0, 364));

    const dailySources: DailySource[] = [];
    if (rng.chance(0.6)) dailySources.push('garmin');
    if (rng.chance(0.5)) dailySources.push('oura');
    if (rng.chance(0.8)) dailySources.push('apple_health');
    // Several sources per user: at least two.
    for (const fill of ['apple_health', 'garmin', 'oura'] as const) {
      if (dailySources.length >= 2) break;
      if (!dailySources.includes(fill)) dailySources.push(fill);
    }
    const sleepSources: SleepSource[] = [];
    if (dailySources.includes('oura')) sleepSources.push('oura');
    if (rng.chance(0.3)) sleepSources.push('whoop');
    if (dailySources.includes('garmin') && rng.chance(0.6)) sleepSources.push('garmin');
    if (sleepSources.length === 0) sleepSources.push(dailySources.includes('garmin') ? 'garmin' : 'whoop');
    // WHOOP reports a daily recovery summary as well as sleep.
    if (sleepSources.includes('whoop')) dailySources.push('whoop');

    const sport = rng.weighted<Sport>([['runner', 0.35], ['cyclist', 0.2], ['lifter', 0.2], ['mixed', 0.25]]);
    const male = sex === 'male';
    const traits: UserTraits = {
      age,
      restingHr: clamp(rng.normal(58, 7) + (male ? 0 : 2), 40, 85),
      hrvMedian: clamp(rng.lognormal(Math.log(45) - (age - 40) * 0.012, 0.35), 12, 160),
      stepsMean: clamp(rng.lognormal(Math.log(8000), 0.35), 2500, 20000),
      weekendStepsFactor: rng.uniform(0.75, 1.25),
      sleepHours: clamp(rng.normal(7.3, 0.45), 6.3, 8.5),
      bedtimeHour: clamp(rng.normal(23, 0.7), 21.5, 25),
      activitiesPerWeek: clamp(rng.normal(4, 1.2), 1.5, 7),
      sport,
      runPaceSecPerKm: clamp(rng.normal(sport === 'runner' ? 320 : 360, 40), 220, 480),
      cyclingSpeedKmh: clamp(rng.normal(sport === 'cyclist' ? 27 : 22, 3), 15, 36),
      hasPowerMeter: sport === 'cyclist' && rng.chance(0.7),
      weightKg: clamp(male ? rng.normal(80, 11) : rng.normal(66, 10), 45, 130),
      maxHr: Math.round(clamp(208 - 0.7 * age + rng.normal(0, 6), 150, 205)),
      vo2max: clamp(rng.normal(45 - (age - 40) * 0.3 + (male ? 4 : 0), 6), 25, 70),
      spo2: clamp(rng.normal(96.8, 0.8), 95, 98.5),
      respiratoryRate: clamp(rng.normal(14.5, 1.5), 10, 20),
      floorsMean: clamp(rng.lognormal(Math.log(8), 0.5), 1, 40),
    };
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    users.push({
      index,
      userId: rng.uuid(),
      accountId: rng.uuid(),
      email: `bench-${options.seed.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${index}@example.com`,
      displayName: `${first} ${last}`,
      sex,
      dateOfBirth,
      dailySources,
      sleepSources,
      activitySource: dailySources.includes('garmin') ? 'garmin' : 'strava',
      traits,
    });
  }
  return users;
}

// ---------------------------------------------------------------------------------------------
// Wearables

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

interface DayActivityLoad {
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

function presence(rng: Random, days: number, pMissing: number, pGapStart: number): boolean[] {
  const present: boolean[] = [];
  let gap = 0;
  for (let i = 0; i < days; i++) {
    if (gap === 0 && rng.chance(pGapStart)) gap = rng.int(2, 10);
    if (gap > 0) {
      gap--;
      present.push(false);
    } else {
      present.push(!rng.chance(pMissing));
    }
  }
  return present;
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

function generateActivities(rng: Random, user: BenchUser, startDay: number, endDay: number): { rows: Row[]; load: Map<number, DayActivityLoad> } {
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

interface DayState {
  restingHr: number;
  hrv: number;
  steps: number;
  respiratoryRate: number;
  skinTemp: number;
  illness: boolean;
}

function hypnogram(rng: Random, startMs: number, latency: number, deep: number, rem: number, light: number, awake: number): Json[] {
  const entries: Json[] = [];
  let at = startMs;
  const push = (stage: string, minutes: number) => {
    if (minutes <= 0) return;
    entries.push({ t: timestamp(at), stage });
    at += Math.round(minutes) * MINUTE_MS;
  };
  push('awake', latency);
  const asleep = deep + rem + light;
  const cycles = clamp(Math.round(asleep / 90), 3, 6);
  const deepWeights = [0.38, 0.28, 0.18, 0.1, 0.04, 0.02].slice(0, cycles);
  const remWeights = [0.08, 0.14, 0.2, 0.24, 0.2, 0.14].slice(0, cycles);
  const dw = deepWeights.reduce((a, b) => a + b, 0);
  const rw = remWeights.reduce((a, b) => a + b, 0);
  const wakeAfter = new Set<number>();
  for (let i = 0; i < Math.min(cycles - 1, Math.round(awake / 10)); i++) wakeAfter.add(rng.int(0, cycles - 2));
  const wakeMinutes = wakeAfter.size > 0 ? awake / wakeAfter.size : 0;
  for (let c = 0; c < cycles; c++) {
    const lightPart = light / cycles;
    push('light', lightPart * 0.6);
    push('deep', (deep * (deepWeights[c] as number)) / dw);
    push('light', lightPart * 0.4);
    push('rem', (rem * (remWeights[c] as number)) / rw);
    if (wakeAfter.has(c)) push('awake', wakeMinutes);
  }
  return entries;
}

export function generateWearables(user: BenchUser, options: { seed: string; startDate: string; endDate: string }): WearableData {
  const rng = new Random(`${options.seed}/wearables/${user.index}`);
  const t = user.traits;
  const startDay = isoToDay(options.startDate);
  const endDay = isoToDay(options.endDate);
  const days = endDay - startDay + 1;

  const { rows: activities, load } = generateActivities(rng, user, startDay, endDay);

  // The body's state, shared by every device that measures it.
  const states: DayState[] = [];
  const seasonPhase = rng.uniform(0, 2 * Math.PI);
  let illnessLeft = 0;
  let fitnessWalk = 0;
  for (let i = 0; i < days; i++) {
    const day = startDay + i;
    if (illnessLeft === 0 && rng.chance(0.004)) illnessLeft = rng.int(3, 7);
    const ill = illnessLeft > 0;
    if (ill) illnessLeft--;
    fitnessWalk = clamp(fitnessWalk + rng.normal(0, 0.15), -3, 3);
    const season = 1 + 0.12 * Math.sin((2 * Math.PI * day) / 365.25 + seasonPhase);
    const weekendFactor = isWeekend(day) ? t.weekendStepsFactor : 1;
    const baseSteps = rng.gamma(5, (t.stepsMean * 0.8 * weekendFactor * season * (ill ? 0.55 : 1)) / 5);
    states.push({
      restingHr: t.restingHr + fitnessWalk + rng.normal(0, 1.8) + (ill ? rng.uniform(4, 9) : 0),
      hrv: clamp(t.hrvMedian * Math.exp(rng.normal(0, 0.22) - fitnessWalk * 0.03) * (ill ? 0.7 : 1), 5, 250),
      steps: baseSteps + (load.get(day)?.steps ?? 0),
      respiratoryRate: t.respiratoryRate + rng.normal(0, 0.4) + (ill ? 1.5 : 0),
      skinTemp: rng.normal(0, 0.18) + (ill ? rng.uniform(0.4, 1.2) : 0),
      illness: ill,
    });
  }

  const daily: Row[] = [];
  const bmr = t.weightKg * (user.sex === 'male' ? 23.5 : 22) + rng.normal(0, 60);
  const vo2Offset = rng.int(0, 6);
  for (const source of user.dailySources) {
    const here =
      source === 'apple_health' ? presence(rng, days, 0.01, 0.002)
      : source === 'garmin' ? presence(rng, days, 0.03, 0.004)
      : source === 'oura' ? presence(rng, days, 0.04, 0.004)
      : presence(rng, days, 0.03, 0.003);
    for (let i = 0; i < days; i++) {
      if (!here[i]) continue;
      const day = startDay + i;
      const s = states[i] as DayState;
      const dayLoad = load.get(day);
      const date = dayToIso(day);
      const row: Row = { date, source };
      const sync = timestamp((day + 1) * DAY_MS + rng.int(5 * 60, 9 * 60) * MINUTE_MS + rng.int(0, 59) * 1000);
      const hrvRatio = s.hrv / t.hrvMedian;
      const activeMinutes = (steps: number) => Math.round(clamp(steps / 220 + (dayLoad?.minutes ?? 0), 0, 1440));
      const activeCalories = (steps: number) => Math.round(clamp((steps * 0.04 * t.weightKg) / 75 + (dayLoad?.calories ?? 0), 0, 15000));
      if (source === 'garmin') {
        const steps = Math.round(clamp(s.steps * rng.normal(1, 0.03), 0, 100000));
        const active = activeCalories(steps);
        const stress = Math.round(clamp(rng.normal(32 - (hrvRatio - 1) * 25 + (s.illness ? 15 : 0), 7), 5, 95));
        const batteryStart = Math.round(clamp(rng.normal(68 + (hrvRatio - 1) * 40 - (s.illness ? 20 : 0), 10), 5, 100));
        Object.assign(row, {
          resting_hr_bpm: Math.round(s.restingHr + rng.normal(0, 1)),
          max_hr_bpm: dayLoad ? dayLoad.maxHr : Math.round(clamp(s.restingHr + 55 + rng.gamma(4, 6), 80, t.maxHr)),
          hrv_rmssd_ms: round(clamp(s.hrv * Math.exp(rng.normal(0, 0.08)), 1, 300), 2),
          steps,
          active_calories_kcal: active,
          total_calories_kcal: Math.round(bmr + active),
          active_minutes: activeMinutes(steps),
          moderate_intensity_minutes: Math.round(clamp(steps / 600 + ((dayLoad?.minutes ?? 0) - (dayLoad?.vigorousMinutes ?? 0)), 0, 1440)),
          vigorous_intensity_minutes: dayLoad?.vigorousMinutes ?? 0,
          distance_m: Math.round(clamp(steps * 0.76, 0, 500000)),
          floors_climbed: Math.round(clamp(rng.gamma(2, t.floorsMean / 2), 0, 2000)),
          spo2_avg_pct: round(clamp(t.spo2 + rng.normal(0, 0.6), 94, 99), 1),
          respiratory_rate_avg: round(clamp(s.respiratoryRate + rng.normal(0, 0.3), 4, 60), 1),
          stress_avg: stress,
          body_battery_start: batteryStart,
          body_battery_end: Math.round(clamp(batteryStart - rng.gamma(6, 8), 5, batteryStart)),
          source_updated_at: sync,
        });
        row.spo2_min_pct = round(clamp((row.spo2_avg_pct as number) - Math.abs(rng.normal(3, 1.2)), 85, row.spo2_avg_pct as number), 1);
        if ((i + vo2Offset) % 7 === 0) row.vo2_max_ml_kg_min = round(clamp(t.vo2max + rng.normal(0, 0.5), 10, 100), 1);
        row.raw_data = { summaryId: `x${(user.index * 100000 + i).toString(16)}-${date}`, calendarDate: date, durationInSeconds: 86400, bmrKilocalories: Math.round(bmr), averageStressLevel: stress, intensityDurationGoalInSeconds: 9000, floorsClimbedGoal: 10 };
      } else if (source === 'oura') {
        const steps = Math.round(clamp(s.steps * rng.normal(0.92, 0.05), 0, 100000));
        const active = activeCalories(steps);
        const readiness = Math.round(clamp(76 + 18 * Math.log(hrvRatio) - 2 * (s.restingHr - t.restingHr) + rng.normal(0, 4), 20, 100));
        Object.assign(row, {
          resting_hr_bpm: Math.round(s.restingHr - 2 + rng.normal(0, 1)),
          hrv_rmssd_ms: round(clamp(s.hrv * 1.05 * Math.exp(rng.normal(0, 0.1)), 1, 300), 2),
          steps,
          active_calories_kcal: active,
          total_calories_kcal: Math.round(bmr + active),
          active_minutes: activeMinutes(steps),
          spo2_avg_pct: round(clamp(t.spo2 + rng.normal(0, 0.7), 94, 99), 1),
          respiratory_rate_avg: round(clamp(s.respiratoryRate + rng.normal(0, 0.3), 4, 60), 1),
          readiness_score: readiness,
          skin_temp_deviation_c: round(clamp(s.skinTemp + rng.normal(0, 0.05), -10, 10), 2),
          source_updated_at: sync,
          raw_data: { id: `${user.index}-${date}-readiness`, day: date, score: readiness, contributors: { hrv_balance: Math.round(clamp(70 + 25 * Math.log(hrvRatio), 1, 100)), resting_heart_rate: Math.round(clamp(90 - 4 * (s.restingHr - t.restingHr), 1, 100)), body_temperature: Math.round(clamp(95 - Math.abs(s.skinTemp) * 30, 1, 100)) } },
        });
      } else if (source === 'apple_health') {
        const steps = Math.round(clamp(s.steps * rng.normal(1.03, 0.05), 0, 100000));
        const active = activeCalories(steps);
        Object.assign(row, {
          resting_hr_bpm: Math.round(s.restingHr + 1 + rng.normal(0, 1.5)),
          steps,
          active_calories_kcal: active,
          total_calories_kcal: Math.round(bmr + active),
          active_minutes: activeMinutes(steps),
          distance_m: Math.round(clamp(steps * 0.74 + (dayLoad?.distanceM ?? 0) * 0.05, 0, 500000)),
          floors_climbed: Math.round(clamp(rng.gamma(2, t.floorsMean / 2), 0, 2000)),
        });
        if (rng.chance(0.1)) row.vo2_max_ml_kg_min = round(clamp(t.vo2max - 1 + rng.normal(0, 1), 10, 100), 1);
        if (rng.chance(0.6)) row.spo2_avg_pct = round(clamp(t.spo2 + rng.normal(0, 0.8), 94, 99), 1);
      } else {
        const recovery = Math.round(clamp(60 + 35 * Math.log(hrvRatio) - 2.5 * (s.restingHr - t.restingHr) + rng.normal(0, 6), 1, 100));
        Object.assign(row, {
          resting_hr_bpm: Math.round(s.restingHr - 1 + rng.normal(0, 1)),
          hrv_rmssd_ms: round(clamp(s.hrv * Math.exp(rng.normal(0, 0.09)), 1, 300), 2),
          spo2_avg_pct: round(clamp(t.spo2 + rng.normal(0, 0.6), 94, 99), 1),
          recovery_score: recovery,
          skin_temp_deviation_c: round(clamp(s.skinTemp + rng.normal(0, 0.08), -10, 10), 2),
          source_updated_at: sync,
          raw_data: { cycle_id: 90_000_000 + user.index * 10_000 + i, score_state: 'SCORED', score: { recovery_score: recovery, user_calibrating: false } },
        });
      }
      daily.push(row);
    }
  }

  const sleep: Row[] = [];
  for (const source of user.sleepSources) {
    const here = presence(rng, days, source === 'whoop' ? 0.02 : 0.04, 0.004);
    for (let i = 0; i < days; i++) {
      if (!here[i]) continue;
      const day = startDay + i;
      const s = states[i] as DayState;
      const weekendNight = isWeekend(day);
      // Total sleep 6-9 h, shared by every device that night; each device scores it its own way.
      const total = clamp(rng.normal(t.sleepHours * 60 + (weekendNight ? 25 : 0) + (s.illness ? 20 : 0), 30), 360, 540);
      const latency = Math.round(clamp(rng.gamma(2, 6), 1, 60));
      const awake = Math.round(clamp(rng.gamma(3, 11) * (source === 'whoop' ? 1.15 : 1), 3, 150));
      const deepShare = clamp(rng.normal(0.19 - (t.age - 40) * 0.0015, 0.03), 0.06, 0.3);
      const remShare = clamp(rng.normal(0.22, 0.03), 0.12, 0.32);
      const deep = Math.round(total * deepShare);
      const rem = Math.round(total * remShare);
      const light = Math.round(total) - deep - rem;
      const totalMinutes = deep + rem + light;
      const inBed = totalMinutes + awake + latency;
      const bedtime = t.bedtimeHour + rng.normal(0, 0.4) + (weekendNight ? 0.6 : 0);
      const startMs = (day - 1) * DAY_MS + Math.round(bedtime * 60) * MINUTE_MS + rng.int(0, 59) * 1000;
      const endMs = startMs + inBed * MINUTE_MS;
      const efficiency = round((totalMinutes / inBed) * 100, 1);
      const score = Math.round(clamp(45 + (totalMinutes / 60 - 5) * 11 + (deep / totalMinutes - 0.1) * 60 - latency / 5 - awake / 10 + rng.normal(0, 4), 1, 100));
      const row: Row = {
        sleep_date: dayToIso(day),
        source,
        sleep_start: timestamp(startMs),
        sleep_end: timestamp(endMs),
        total_sleep_minutes: totalMinutes,
        rem_minutes: rem,
        deep_minutes: deep,
        light_minutes: light,
        awake_minutes: awake,
        sleep_latency_minutes: latency,
        sleep_efficiency_pct: efficiency,
        sleep_score: score,
        interruptions: Math.min(500, rng.poisson(awake / 12)),
        avg_hr_bpm: Math.round(s.restingHr + 4 + rng.normal(0, 1)),
        min_hr_bpm: Math.round(s.restingHr - 3 + rng.normal(0, 1)),
        avg_hrv_ms: round(clamp(s.hrv * Math.exp(rng.normal(0, 0.07)), 1, 300), 2),
        avg_respiratory_rate: round(clamp(s.respiratoryRate + rng.normal(0, 0.3), 4, 60), 1),
        source_updated_at: timestamp(endMs + rng.int(10, 240) * MINUTE_MS),
      };
      if (source !== 'whoop') row.avg_spo2_pct = round(clamp(t.spo2 + rng.normal(0, 0.6), 94, 99), 1);
      if (source === 'oura') row.avg_skin_temp_deviation_c = round(clamp(s.skinTemp, -10, 10), 2);
      if (source !== 'whoop') row.hypnogram = hypnogram(rng, startMs, latency, deep, rem, light, awake);
      row.raw_data =
        source === 'oura' ? { id: `${user.index}-${row.sleep_date as string}-long`, type: 'long_sleep', period: 0, lowest_heart_rate: row.min_hr_bpm as number, readiness_score_delta: round(rng.normal(0, 2), 1) }
        : source === 'whoop' ? { id: 70_000_000 + user.index * 10_000 + i, nap: false, score_state: 'SCORED', score: { sleep_performance_percentage: score, sleep_consistency_percentage: Math.round(clamp(rng.normal(75, 10), 1, 100)), disturbance_count: row.interruptions as number } }
        : { dailySleepDTO: { calendarDate: row.sleep_date as string, sleepScores: { overall: { value: score } }, sleepWindowConfirmed: true } };
      sleep.push(row);
    }
  }

  return { daily, sleep, activities };
}

// ---------------------------------------------------------------------------------------------
// Blood work

export interface MarkerDefinition {
  biomarkerId: string;
  canonicalName: string;
  displayName: string;
  subcategory: string | null;
  unit: string;
  normalLow: number | null;
  normalHigh: number | null;
}

export interface Bloodwork {
  panels: Row[];
  markers: Row[];
  /** The markers this user has results for (every panel has most of them). */
  coreMarkerIds: string[];
}

const LABS = [
  { lab: 'Quest Diagnostics', code: 'QD' },
  { lab: 'Labcorp', code: 'LC' },
  { lab: 'BioReference', code: 'BR' },
] as const;

function decimalsFor(value: number): number {
  const a = Math.abs(value);
  if (a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

function markerBaseline(rng: Random, m: MarkerDefinition): { center: number; sd: number; floor: number } {
  const { normalLow: low, normalHigh: high } = m;
  if (low !== null && high !== null && high > low) {
    const span = high - low;
    // Most people sit inside the range, some near or past an edge.
    const position = rng.chance(0.1) ? rng.uniform(-0.25, 1.25) : rng.beta(2.2, 2.2);
    return { center: low + span * position, sd: span * 0.07, floor: Math.min(low, high) * 0.2 };
  }
  if (high !== null && high > 0) return { center: high * rng.uniform(0.3, 0.95), sd: high * 0.08, floor: high * 0.02 };
  if (low !== null && low > 0) return { center: low * rng.uniform(1.1, 1.9), sd: low * 0.1, floor: low * 0.2 };
  return { center: rng.uniform(1, 100), sd: 3, floor: 0.1 };
}

export function generateBloodwork(
  user: BenchUser,
  markers: readonly MarkerDefinition[],
  options: { seed: string; startDate: string; endDate: string; markersPerPanel: number },
): Bloodwork {
  const rng = new Random(`${options.seed}/blood/${user.index}`);
  const startDay = isoToDay(options.startDate);
  const endDay = isoToDay(options.endDate);
  const panels: Row[] = [];
  const rows: Row[] = [];
  if (markers.length === 0) return { panels, markers: rows, coreMarkerIds: [] };

  const perPanel = Math.min(options.markersPerPanel, markers.length);
  const order = rng.shuffle(markers.map((_, i) => i));
  const coreCount = Math.max(1, Math.min(perPanel, Math.round(perPanel * 0.9)));
  const core = order.slice(0, coreCount);
  const extras = order.slice(coreCount);
  const baselines = new Map<number, { center: number; sd: number; floor: number }>();
  const lab = rng.pick(LABS);
  const fastingHabit = rng.chance(0.8);

  // First draw within the first four months (or within the window, for short smoke runs).
  let day = startDay + rng.int(0, Math.min(120, Math.max(0, endDay - startDay)));
  let n = 0;
  while (day <= endDay) {
    n++;
    const panelId = rng.uuid();
    const collectedMs = day * DAY_MS + rng.int(7 * 60, 10 * 60 + 30) * MINUTE_MS;
    panels.push({
      panel_id: panelId,
      user_id: user.userId,
      lab_name: lab.lab,
      lab_provider: rng.pick(['Dr. A. Patel', 'Dr. M. Schneider', 'Dr. L. Chen', 'Dr. R. Alvarez']),
      panel_name: 'Comprehensive health panel',
      collected_at: timestamp(collectedMs),
      reported_at: timestamp(collectedMs + rng.int(20, 72) * 60 * MINUTE_MS),
      fasting: fastingHabit ? rng.chance(0.9) : rng.chance(0.3),
      specimen_id: `${lab.code}${String(user.index).padStart(5, '0')}${String(n).padStart(3, '0')}${rng.int(100, 999)}`,
    });
    const chosen = [...core];
    const extraCount = Math.min(extras.length, perPanel - core.length);
    if (extraCount > 0) chosen.push(...rng.shuffle([...extras]).slice(0, extraCount));
    for (const index of chosen) {
      const m = markers[index] as MarkerDefinition;
      let base = baselines.get(index);
      if (!base) {
        base = markerBaseline(rng, m);
        baselines.set(index, base);
      }
      const raw = Math.max(base.floor, rng.normal(base.center, base.sd));
      const value = round(raw, decimalsFor(raw));
      const marker: Row = {
        user_id: user.userId,
        panel_id: panelId,
        biomarker_id: m.biomarkerId,
        raw_name: m.displayName,
        value_numeric: value > 0 ? value : 0.001,
        unit: m.unit,
        lab_code: lab.code,
      };
      if (m.subcategory) marker.sub_panel = m.subcategory;
      if (m.normalLow !== null) marker.ref_range_low = m.normalLow;
      if (m.normalHigh !== null) marker.ref_range_high = m.normalHigh;
      marker.ref_range_text =
        m.normalLow !== null && m.normalHigh !== null ? `${m.normalLow}-${m.normalHigh}`
        : m.normalHigh !== null ? `<${m.normalHigh}`
        : m.normalLow !== null ? `>${m.normalLow}`
        : 'Not Estab.';
      rows.push(marker);
    }
    day += rng.int(90, 183);
  }
  return { panels, markers: rows, coreMarkerIds: core.map((i) => (markers[i] as MarkerDefinition).biomarkerId) };
}

/**
 * Used only when the database's biomarker dictionary has no numeric markers yet (it is seeded
 * separately): common US-conventional markers with typical adult reference ranges, enough for
 * ~40-marker panels.
 */
export const FALLBACK_MARKERS: readonly {
  canonicalName: string;
  displayName: string;
  category: string;
  subcategory: string;
  unit: string;
  normalLow: number | null;
  normalHigh: number | null;
}[] = [
  { canonicalName: 'glucose', displayName: 'Glucose', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 65, normalHigh: 99 },
  { canonicalName: 'bun', displayName: 'Urea Nitrogen (BUN)', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 7, normalHigh: 25 },
  { canonicalName: 'creatinine', displayName: 'Creatinine', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 0.6, normalHigh: 1.29 },
  { canonicalName: 'egfr', displayName: 'eGFR', category: 'metabolic', subcategory: 'CMP', unit: 'mL/min/1.73m2', normalLow: 60, normalHigh: null },
  { canonicalName: 'sodium', displayName: 'Sodium', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 135, normalHigh: 146 },
  { canonicalName: 'potassium', displayName: 'Potassium', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 3.5, normalHigh: 5.3 },
  { canonicalName: 'chloride', displayName: 'Chloride', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 98, normalHigh: 110 },
  { canonicalName: 'carbon_dioxide', displayName: 'Carbon Dioxide', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 20, normalHigh: 32 },
  { canonicalName: 'calcium', displayName: 'Calcium', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 8.6, normalHigh: 10.3 },
  { canonicalName: 'total_protein', displayName: 'Protein, Total', category: 'metabolic', subcategory: 'CMP', unit: 'g/dL', normalLow: 6.1, normalHigh: 8.1 },
  { canonicalName: 'albumin', displayName: 'Albumin', category: 'metabolic', subcategory: 'CMP', unit: 'g/dL', normalLow: 3.6, normalHigh: 5.1 },
  { canonicalName: 'globulin', displayName: 'Globulin', category: 'metabolic', subcategory: 'CMP', unit: 'g/dL', normalLow: 1.9, normalHigh: 3.7 },
  { canonicalName: 'bilirubin_total', displayName: 'Bilirubin, Total', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 0.2, normalHigh: 1.2 },
  { canonicalName: 'alkaline_phosphatase', displayName: 'Alkaline Phosphatase', category: 'metabolic', subcategory: 'CMP', unit: 'U/L', normalLow: 36, normalHigh: 130 },
  { canonicalName: 'ast', displayName: 'AST', category: 'metabolic', subcategory: 'CMP', unit: 'U/L', normalLow: 10, normalHigh: 40 },
  { canonicalName: 'alt', displayName: 'ALT', category: 'metabolic', subcategory: 'CMP', unit: 'U/L', normalLow: 9, normalHigh: 46 },
  { canonicalName: 'hemoglobin_a1c', displayName: 'Hemoglobin A1c', category: 'metabolic', subcategory: 'Diabetes', unit: '%', normalLow: 4, normalHigh: 5.6 },
  { canonicalName: 'insulin', displayName: 'Insulin', category: 'metabolic', subcategory: 'Diabetes', unit: 'uIU/mL', normalLow: 2, normalHigh: 19.6 },
  { canonicalName: 'total_cholesterol', displayName: 'Cholesterol, Total', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 200 },
  { canonicalName: 'hdl_cholesterol', displayName: 'HDL Cholesterol', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: 40, normalHigh: null },
  { canonicalName: 'ldl_cholesterol', displayName: 'LDL Cholesterol', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 100 },
  { canonicalName: 'triglycerides', displayName: 'Triglycerides', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 150 },
  { canonicalName: 'non_hdl_cholesterol', displayName: 'Non-HDL Cholesterol', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 130 },
  { canonicalName: 'apolipoprotein_b', displayName: 'Apolipoprotein B', category: 'lipids_advanced', subcategory: 'Cardio IQ', unit: 'mg/dL', normalLow: null, normalHigh: 90 },
  { canonicalName: 'lipoprotein_a', displayName: 'Lipoprotein (a)', category: 'lipids_advanced', subcategory: 'Cardio IQ', unit: 'nmol/L', normalLow: null, normalHigh: 75 },
  { canonicalName: 'wbc', displayName: 'White Blood Cell Count', category: 'hematology', subcategory: 'CBC', unit: '10^3/uL', normalLow: 3.8, normalHigh: 10.8 },
  { canonicalName: 'rbc', displayName: 'Red Blood Cell Count', category: 'hematology', subcategory: 'CBC', unit: '10^6/uL', normalLow: 4.2, normalHigh: 5.8 },
  { canonicalName: 'hemoglobin', displayName: 'Hemoglobin', category: 'hematology', subcategory: 'CBC', unit: 'g/dL', normalLow: 13.2, normalHigh: 17.1 },
  { canonicalName: 'hematocrit', displayName: 'Hematocrit', category: 'hematology', subcategory: 'CBC', unit: '%', normalLow: 38.5, normalHigh: 50 },
  { canonicalName: 'mcv', displayName: 'MCV', category: 'hematology', subcategory: 'CBC', unit: 'fL', normalLow: 80, normalHigh: 100 },
  { canonicalName: 'mch', displayName: 'MCH', category: 'hematology', subcategory: 'CBC', unit: 'pg', normalLow: 27, normalHigh: 33 },
  { canonicalName: 'mchc', displayName: 'MCHC', category: 'hematology', subcategory: 'CBC', unit: 'g/dL', normalLow: 32, normalHigh: 36 },
  { canonicalName: 'rdw', displayName: 'RDW', category: 'hematology', subcategory: 'CBC', unit: '%', normalLow: 11, normalHigh: 15 },
  { canonicalName: 'platelets', displayName: 'Platelet Count', category: 'hematology', subcategory: 'CBC', unit: '10^3/uL', normalLow: 140, normalHigh: 400 },
  { canonicalName: 'neutrophils_absolute', displayName: 'Absolute Neutrophils', category: 'hematology', subcategory: 'CBC', unit: 'cells/uL', normalLow: 1500, normalHigh: 7800 },
  { canonicalName: 'lymphocytes_absolute', displayName: 'Absolute Lymphocytes', category: 'hematology', subcategory: 'CBC', unit: 'cells/uL', normalLow: 850, normalHigh: 3900 },
  { canonicalName: 'tsh', displayName: 'TSH', category: 'thyroid', subcategory: 'Thyroid Panel', unit: 'mIU/L', normalLow: 0.4, normalHigh: 4.5 },
  { canonicalName: 'free_t4', displayName: 'T4, Free', category: 'thyroid', subcategory: 'Thyroid Panel', unit: 'ng/dL', normalLow: 0.8, normalHigh: 1.8 },
  { canonicalName: 'free_t3', displayName: 'T3, Free', category: 'thyroid', subcategory: 'Thyroid Panel', unit: 'pg/mL', normalLow: 2.3, normalHigh: 4.2 },
  { canonicalName: 'testosterone_total', displayName: 'Testosterone, Total', category: 'hormones', subcategory: 'Hormones', unit: 'ng/dL', normalLow: 250, normalHigh: 1100 },
  { canonicalName: 'shbg', displayName: 'Sex Hormone Binding Globulin', category: 'hormones', subcategory: 'Hormones', unit: 'nmol/L', normalLow: 10, normalHigh: 50 },
  { canonicalName: 'dhea_sulfate', displayName: 'DHEA Sulfate', category: 'hormones', subcategory: 'Hormones', unit: 'ug/dL', normalLow: 110, normalHigh: 510 },
  { canonicalName: 'cortisol', displayName: 'Cortisol, AM', category: 'hormones', subcategory: 'Hormones', unit: 'ug/dL', normalLow: 4, normalHigh: 22 },
  { canonicalName: 'hs_crp', displayName: 'hs-CRP', category: 'inflammation', subcategory: 'Inflammation', unit: 'mg/L', normalLow: null, normalHigh: 1 },
  { canonicalName: 'homocysteine', displayName: 'Homocysteine', category: 'inflammation', subcategory: 'Inflammation', unit: 'umol/L', normalLow: null, normalHigh: 11 },
  { canonicalName: 'ferritin', displayName: 'Ferritin', category: 'vitamins_minerals', subcategory: 'Iron Panel', unit: 'ng/mL', normalLow: 38, normalHigh: 380 },
  { canonicalName: 'iron', displayName: 'Iron, Total', category: 'vitamins_minerals', subcategory: 'Iron Panel', unit: 'ug/dL', normalLow: 50, normalHigh: 180 },
  { canonicalName: 'vitamin_d_25_oh', displayName: 'Vitamin D, 25-OH', category: 'vitamins_minerals', subcategory: 'Vitamins', unit: 'ng/mL', normalLow: 30, normalHigh: 100 },
  { canonicalName: 'vitamin_b12', displayName: 'Vitamin B12', category: 'vitamins_minerals', subcategory: 'Vitamins', unit: 'pg/mL', normalLow: 200, normalHigh: 1100 },
  { canonicalName: 'folate', displayName: 'Folate, Serum', category: 'vitamins_minerals', subcategory: 'Vitamins', unit: 'ng/mL', normalLow: 5.4, normalHigh: null },
  { canonicalName: 'magnesium', displayName: 'Magnesium', category: 'vitamins_minerals', subcategory: 'Minerals', unit: 'mg/dL', normalLow: 1.5, normalHigh: 2.5 },
  { canonicalName: 'zinc', displayName: 'Zinc', category: 'vitamins_minerals', subcategory: 'Minerals', unit: 'ug/dL', normalLow: 60, normalHigh: 130 },
  { canonicalName: 'uric_acid', displayName: 'Uric Acid', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 4, normalHigh: 8 },
];
