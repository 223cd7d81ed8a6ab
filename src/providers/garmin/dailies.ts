import { z } from 'zod';
import type { DailyRow } from '../types';
import { boundedRow, parseWith, secondsToMinutes } from '../shared/rowTools';

// Garmin Health API daily summaries (GET /dailies, backfill and push "dailies").
// Not mapped (no column): activityType, durationInSeconds, activeTimeInSeconds as such (it feeds
// active_minutes), minHeartRateInBeatsPerMinute, averageHeartRateInBeatsPerMinute,
// timeOffsetHeartRateSamples, maxStressLevel, stress*DurationInSeconds, stressQualifier,
// stepsGoal, netKilocaloriesGoal, intensityDurationGoalInSeconds, floorsClimbedGoal,
// consumedCalories, bodyBatteryChargedValue, bodyBatteryDrainedValue (charge and drain, not the
// start/end levels body_battery_start/_end hold: those come from the stress details series,
// stressDetails.ts). HRV, SpO2 and respiration of the day come from their own summaries (hrv.ts,
// pulseOx.ts, respiration.ts) and are merged into this row per day (merge.ts).
// source_updated_at stays null: Garmin gives no modification time; a later upload of the same day
// replaces the earlier, less complete summary.

const num = z.number().nullish();
export const garminDailySchema = z.object({
  userId: z.string().nullish(),
  summaryId: z.string().nullish(),
  calendarDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  startTimeInSeconds: num,
  startTimeOffsetInSeconds: num,
  steps: num,
  distanceInMeters: num,
  activeTimeInSeconds: num,
  activeKilocalories: num,
  bmrKilocalories: num,
  moderateIntensityDurationInSeconds: num,
  vigorousIntensityDurationInSeconds: num,
  floorsClimbed: num,
  restingHeartRateInBeatsPerMinute: num,
  maxHeartRateInBeatsPerMinute: num,
  averageStressLevel: num,
});

/** Maps a JSON array of Garmin daily summaries to wearable_daily rows (one per calendarDate; the last summary of a day wins). */
export function mapGarminDailies(json: unknown, warnings: string[]): DailyRow[] {
  const items = parseWith(z.array(garminDailySchema), json, 'garmin dailies');
  const byDate = new Map<string, DailyRow>();
  (json as unknown[]).forEach((raw, i) => {
    const d = items[i]!;
    const where = `garmin dailies ${d.calendarDate}`;
    const total = d.activeKilocalories != null && d.bmrKilocalories != null ? d.activeKilocalories + d.bmrKilocalories : undefined;
    byDate.set(
      d.calendarDate,
      boundedRow(
        'wearable_daily',
        where,
        {
          date: d.calendarDate,
          source: 'garmin' as const,
          steps: d.steps,
          distance_m: d.distanceInMeters != null ? Math.round(d.distanceInMeters) : undefined,
          active_calories_kcal: d.activeKilocalories,
          total_calories_kcal: total,
          active_minutes: secondsToMinutes(d.activeTimeInSeconds),
          moderate_intensity_minutes: secondsToMinutes(d.moderateIntensityDurationInSeconds),
          vigorous_intensity_minutes: secondsToMinutes(d.vigorousIntensityDurationInSeconds),
          floors_climbed: d.floorsClimbed,
          resting_hr_bpm: d.restingHeartRateInBeatsPerMinute,
          max_hr_bpm: d.maxHeartRateInBeatsPerMinute,
          // Garmin writes -1 (and -2) when there was too little data for a stress level: not a value.
          stress_avg: d.averageStressLevel != null && d.averageStressLevel >= 0 ? d.averageStressLevel : undefined,
          raw_data: raw,
        },
        warnings,
      ),
    );
  });
  return [...byDate.values()];
}
