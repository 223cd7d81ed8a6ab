import { z } from 'zod';
import { boundedRow, parseWith } from '../shared/rowTools';
import type { DailyRow } from '../types';
import { isoDate, meta, num, page, unmappedWarning, updatedAt } from './common';

// Oura v2 day summaries -> partial wearable_daily rows (merged per day by mergeDaily).
// Units per the 1.29 spec: calories kcal, distances metres, *_time seconds.
//
// not mapped (kept in raw_data):
//   daily_activity: score, contributors, average_met_minutes, met (1-minute MET samples), class_5_min,
//     high/medium/low_activity_met_minutes, sedentary_met_minutes, low_activity_time (only in active_minutes),
//     sedentary_time, resting_time, non_wear_time, inactivity_alerts, target_calories, target_meters,
//     meters_to_target, timestamp
//   daily_readiness: contributors, temperature_trend_deviation, timestamp
//   daily_spo2: breathing_disturbance_index
//   vO2_max: timestamp

const activityRecord = z
  .object({
    id: z.string(),
    day: isoDate,
    meta,
    steps: num,
    active_calories: num,
    total_calories: num,
    equivalent_walking_distance: num,
    high_activity_time: num,
    medium_activity_time: num,
    low_activity_time: num,
  })
  .loose();
const readinessRecord = z.object({ id: z.string(), day: isoDate, meta, score: num, temperature_deviation: num }).loose();
const spo2Record = z.object({ id: z.string(), day: isoDate, meta, spo2_percentage: z.object({ average: num }).loose().nullish() }).loose();
const vo2Record = z.object({ id: z.string(), day: isoDate, meta, vo2_max: num }).loose();

const minutes = (...seconds: (number | null | undefined)[]): number | undefined => {
  const known = seconds.filter((s): s is number => typeof s === 'number');
  return known.length === 0 ? undefined : Math.round(known.reduce((a, b) => a + b, 0) / 60);
};

export interface DailyParts {
  daily: DailyRow[];
  warnings: string[];
}

/**
 * GET /v2/usercollection/daily_activity. distance_m is Oura's equivalent_walking_distance (the
 * distance walking would have covered for the energy spent: Oura has no measured distance);
 * vigorous/moderate minutes are high/medium_activity_time; active_minutes adds low activity too.
 */
export function mapDailyActivity(json: unknown): DailyParts {
  const { data } = parseWith(page(activityRecord), json, 'oura daily_activity');
  const warnings: string[] = [];
  const daily = data.map((r) => {
    const where = `oura daily_activity ${r.day}`;
    const values = boundedRow(
      'wearable_daily',
      where,
      {
        steps: r.steps,
        active_calories_kcal: r.active_calories,
        total_calories_kcal: r.total_calories,
        distance_m: r.equivalent_walking_distance,
        vigorous_intensity_minutes: minutes(r.high_activity_time),
        moderate_intensity_minutes: minutes(r.medium_activity_time),
        active_minutes: minutes(r.high_activity_time, r.medium_activity_time, r.low_activity_time),
      },
      warnings,
    );
    return { date: r.day, source: 'oura', ...values, raw_data: { daily_activity: r }, source_updated_at: updatedAt(r) } as DailyRow;
  });
  const mapped = ['id', 'day', 'meta', 'steps', 'active_calories', 'total_calories', 'equivalent_walking_distance', 'high_activity_time', 'medium_activity_time', 'low_activity_time'];
  return { daily, warnings: [...warnings, ...unmappedWarning('oura daily_activity', data, mapped)] };
}

/** GET /v2/usercollection/daily_readiness: score, and temperature_deviation (from the personal baseline, degrees C). */
export function mapDailyReadiness(json: unknown): DailyParts {
  const { data } = parseWith(page(readinessRecord), json, 'oura daily_readiness');
  const warnings: string[] = [];
  const daily = data.map((r) => {
    const values = boundedRow('wearable_daily', `oura daily_readiness ${r.day}`, { readiness_score: r.score, skin_temp_deviation_c: r.temperature_deviation }, warnings);
    return { date: r.day, source: 'oura', ...values, raw_data: { daily_readiness: r }, source_updated_at: updatedAt(r) } as DailyRow;
  });
  return { daily, warnings: [...warnings, ...unmappedWarning('oura daily_readiness', data, ['id', 'day', 'meta', 'score', 'temperature_deviation'])] };
}

/** GET /v2/usercollection/daily_spo2: the night's average SpO2, percent. */
export function mapDailySpo2(json: unknown): DailyParts {
  const { data } = parseWith(page(spo2Record), json, 'oura daily_spo2');
  const warnings: string[] = [];
  const daily = data.map((r) => {
    const values = boundedRow('wearable_daily', `oura daily_spo2 ${r.day}`, { spo2_avg_pct: r.spo2_percentage?.average ?? undefined }, warnings);
    return { date: r.day, source: 'oura', ...values, raw_data: { daily_spo2: r }, source_updated_at: updatedAt(r) } as DailyRow;
  });
  return { daily, warnings: [...warnings, ...unmappedWarning('oura daily_spo2', data, ['id', 'day', 'meta', 'spo2_percentage'])] };
}

/** GET /v2/usercollection/vO2_max: Oura's estimate, ml/kg/min. */
export function mapVo2Max(json: unknown): DailyParts {
  const { data } = parseWith(page(vo2Record), json, 'oura vO2_max');
  const warnings: string[] = [];
  const daily = data.map((r) => {
    const values = boundedRow('wearable_daily', `oura vO2_max ${r.day}`, { vo2_max_ml_kg_min: r.vo2_max }, warnings);
    return { date: r.day, source: 'oura', ...values, raw_data: { vo2_max: r }, source_updated_at: updatedAt(r) } as DailyRow;
  });
  return { daily, warnings: [...warnings, ...unmappedWarning('oura vO2_max', data, ['id', 'day', 'meta', 'vo2_max'])] };
}
