import { z } from 'zod';
import type { DailyRow, MeasurementRow, SleepRow } from '../types';
import { boundedRow, measurement, parseWith, secondsToMinutes } from '../shared/rowTools';

// Garmin CONNECT (the consumer site's connectapi.garmin.com JSON, as fetched by garth or saved
// from the browser), not the Health API: same data, other field names, weights also in grams.
// For importing such files; the Health API adapter does not use it.
// Not mapped: usersummary stress durations and percentages, bodyBattery* (charge, drain, highest,
// lowest, most recent: none is the day's start or end level), respiration values, spo2 latest,
// goals; dailySleepDTO unmeasurable seconds, SpO2/respiration lowest and highest, sleepMovement;
// weight bmi is kept, physiqueRating/visceralFat/metabolicAge when null are skipped, weightDelta.

const num = z.number().nullish();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

const summarySchema = z.object({
  calendarDate: date,
  totalSteps: num,
  totalDistanceMeters: num,
  activeKilocalories: num,
  totalKilocalories: num,
  activeSeconds: num,
  highlyActiveSeconds: num,
  moderateIntensityMinutes: num,
  vigorousIntensityMinutes: num,
  floorsAscended: num,
  restingHeartRate: num,
  maxHeartRate: num,
  averageStressLevel: num,
  averageSpo2: num,
  lowestSpo2: num,
});

/** usersummary-service/usersummary/daily -> one wearable_daily row. */
export function mapConnectDailySummary(json: unknown, warnings: string[]): DailyRow {
  const d = parseWith(summarySchema, json, 'garmin connect usersummary');
  const active = d.activeSeconds != null || d.highlyActiveSeconds != null ? (d.activeSeconds ?? 0) + (d.highlyActiveSeconds ?? 0) : undefined;
  return boundedRow(
    'wearable_daily',
    `garmin connect usersummary ${d.calendarDate}`,
    {
      date: d.calendarDate,
      source: 'garmin' as const,
      steps: d.totalSteps,
      distance_m: d.totalDistanceMeters != null ? Math.round(d.totalDistanceMeters) : undefined,
      active_calories_kcal: d.activeKilocalories,
      total_calories_kcal: d.totalKilocalories,
      active_minutes: secondsToMinutes(active),
      moderate_intensity_minutes: d.moderateIntensityMinutes,
      vigorous_intensity_minutes: d.vigorousIntensityMinutes,
      // Connect reports floors as a fraction (metres climbed / 3.048).
      floors_climbed: d.floorsAscended != null ? Math.floor(d.floorsAscended) : undefined,
      resting_hr_bpm: d.restingHeartRate,
      max_hr_bpm: d.maxHeartRate,
      stress_avg: d.averageStressLevel != null && d.averageStressLevel >= 0 ? d.averageStressLevel : undefined,
      spo2_avg_pct: d.averageSpo2,
      spo2_min_pct: d.lowestSpo2,
      raw_data: json,
    },
    warnings,
  );
}

const sleepSchema = z.object({
  dailySleepDTO: z.object({
    calendarDate: date,
    sleepTimeSeconds: num,
    sleepStartTimestampGMT: num,
    sleepEndTimestampGMT: num,
    deepSleepSeconds: num,
    lightSleepSeconds: num,
    remSleepSeconds: num,
    awakeSleepSeconds: num,
    napTimeSeconds: num,
    averageSpO2Value: num,
    averageRespirationValue: num,
  }),
});

/** wellness-service/wellness/dailySleepData -> one wearable_sleep row. */
export function mapConnectSleep(json: unknown, warnings: string[]): SleepRow {
  const s = parseWith(sleepSchema, json, 'garmin connect dailySleepData').dailySleepDTO;
  const iso = (ms: number | null | undefined) => (ms == null ? undefined : new Date(ms).toISOString());
  return boundedRow(
    'wearable_sleep',
    `garmin connect dailySleepData ${s.calendarDate}`,
    {
      sleep_date: s.calendarDate,
      source: 'garmin' as const,
      sleep_start: iso(s.sleepStartTimestampGMT),
      sleep_end: iso(s.sleepEndTimestampGMT),
      total_sleep_minutes: secondsToMinutes(s.sleepTimeSeconds),
      deep_minutes: secondsToMinutes(s.deepSleepSeconds),
      light_minutes: secondsToMinutes(s.lightSleepSeconds),
      rem_minutes: secondsToMinutes(s.remSleepSeconds),
      awake_minutes: secondsToMinutes(s.awakeSleepSeconds),
      // Naps as every adapter counts them (shared/naps.ts); Connect gives their total, not how many.
      nap_minutes: secondsToMinutes(s.napTimeSeconds),
      nap_count: s.napTimeSeconds === 0 ? 0 : undefined,
      avg_spo2_pct: s.averageSpO2Value,
      avg_respiratory_rate: s.averageRespirationValue,
      raw_data: json,
    },
    warnings,
  );
}

const weightSchema = z.object({
  dateWeightList: z.array(
    z.object({ timestampGMT: z.number(), weight: num, bmi: num, bodyFat: num, bodyWater: num, boneMass: num, muscleMass: num }),
  ),
});

/** weight-service/weight/dayview (or range) -> measurements; masses in grams become kg. */
export function mapConnectWeights(json: unknown, warnings: string[]): MeasurementRow[] {
  const kg = (g: number | null | undefined) => (g == null ? undefined : g / 1000);
  return parseWith(weightSchema, json, 'garmin connect weight').dateWeightList.flatMap((w) => {
    const at = new Date(w.timestampGMT);
    const where = `garmin connect weight ${at.toISOString()}`;
    return [
      measurement('garmin', 'weight', kg(w.weight), 'kg', at, warnings, where),
      measurement('garmin', 'bmi', w.bmi, 'kg/m2', at, warnings, where),
      measurement('garmin', 'body_fat_pct', w.bodyFat, '%', at, warnings, where),
      measurement('garmin', 'body_water_pct', w.bodyWater, '%', at, warnings, where),
      measurement('garmin', 'bone_mass', kg(w.boneMass), 'kg', at, warnings, where),
      measurement('garmin', 'muscle_mass', kg(w.muscleMass), 'kg', at, warnings, where),
    ].filter((m): m is MeasurementRow => m !== undefined);
  });
}
