// Daily summaries: one row per source and day the source reported, each source measuring the
// shared body state its own way (Garmin, Oura, Apple Health, WHOOP).

import { clamp, Random, round } from '../random';
import type { DayActivityLoad } from './activities';
import type { DayState } from './bodyState';
import type { Row } from './rows';
import { DAY_MS, MINUTE_MS, dayToIso, presence, timestamp } from './time';
import type { BenchUser } from './users';

/** Draws from `rng` after the body states, in the order the single generator did. */
export function dailyRows(rng: Random, user: BenchUser, states: readonly DayState[], load: Map<number, DayActivityLoad>, startDay: number, days: number): Row[] {
  const t = user.traits;
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
  return daily;
}
