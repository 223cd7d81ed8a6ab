// The validation bounds of SCHEMA.md section 6 and the schema's other range CHECKs, in one place.
// Each entry mirrors a CHECK constraint named <table>_<column>_range in the migrations;
// test/db/validation.test.ts proves the two agree at every boundary and that neither side has
// a bound the other lacks.

export interface Range {
  min: number;
  max: number;
  /** Whole numbers only (SMALLINT/INTEGER columns, 1-5 scores). */
  integer?: boolean;
}

const int = (min: number, max: number): Range => ({ min, max, integer: true });
const num = (min: number, max: number): Range => ({ min, max });

export const ranges = {
  wearable_daily: {
    resting_hr_bpm: int(20, 300),
    max_hr_bpm: int(20, 300),
    hrv_rmssd_ms: num(1, 300),
    steps: int(0, 100000),
    active_calories_kcal: int(0, 15000),
    total_calories_kcal: int(0, 20000),
    active_minutes: int(0, 1440),
    moderate_intensity_minutes: int(0, 1440),
    vigorous_intensity_minutes: int(0, 1440),
    distance_m: int(0, 500000),
    floors_climbed: int(0, 2000),
    spo2_avg_pct: num(70, 100),
    spo2_min_pct: num(50, 100),
    respiratory_rate_avg: num(4, 60),
    stress_avg: int(0, 100),
    body_battery_start: int(0, 100),
    body_battery_end: int(0, 100),
    readiness_score: int(0, 100),
    recovery_score: int(0, 100),
    skin_temp_deviation_c: num(-10, 10),
    vo2_max_ml_kg_min: num(10, 100),
  },
  wearable_sleep: {
    total_sleep_minutes: int(0, 1440),
    rem_minutes: int(0, 1440),
    deep_minutes: int(0, 1440),
    light_minutes: int(0, 1440),
    awake_minutes: int(0, 1440),
    sleep_latency_minutes: int(0, 1440),
    sleep_efficiency_pct: num(0, 100),
    sleep_score: int(0, 100),
    interruptions: int(0, 500),
    avg_hr_bpm: int(20, 300),
    min_hr_bpm: int(20, 300),
    avg_hrv_ms: num(1, 300),
    avg_respiratory_rate: num(4, 60),
    avg_spo2_pct: num(70, 100),
    avg_skin_temp_deviation_c: num(-10, 10),
  },
  wearable_activities: {
    duration_seconds: int(0, 604800),
    distance_m: num(0, 5000000),
    calories_kcal: int(0, 30000),
    avg_hr_bpm: int(20, 300),
    max_hr_bpm: int(20, 300),
    training_effect_aerobic: num(0, 5),
    training_effect_anaerobic: num(0, 5),
  },
  dexa_scans: { total_body_fat_pct: num(1, 80) },
  dexa_regions: { body_fat_pct: num(1, 80) },
  epigenetic_tests: { pace_score: num(0.2, 3.0) },
  lifting_sets: { weight_lbs: num(0, 2000), reps: int(1, 999), rpe: num(0, 10) },
  mood_journal: { mood_score: int(1, 5), energy_score: int(1, 5), stress_score: int(1, 5) },
  menstrual_cycles: { flow_intensity: int(0, 4) },
} as const satisfies Record<string, Record<string, Range>>;

/** measurements.value for metric 'weight', expressed in pounds whatever the unit. */
export const weightLbs: Range = num(20, 1000);

/** users.date_of_birth: the user must be 13 to 150 years old. */
export const ageYears = { min: 13, max: 150 } as const;

export type RangeTable = keyof typeof ranges;
