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
    nap_minutes: int(0, 1440),
    nap_count: int(0, 48),
  },
  wearable_activities: {
    duration_seconds: int(0, 604800),
    distance_m: num(0, 5000000),
    calories_kcal: int(0, 30000),
    avg_hr_bpm: int(20, 300),
    max_hr_bpm: int(20, 300),
    training_effect_aerobic: num(0, 5),
    training_effect_anaerobic: num(0, 5),
    vo2_max_ml_kg_min: num(10, 100),
    avg_power_watts: int(0, 3000),
    normalized_power_watts: int(0, 3000),
    hr_zone_1_seconds: int(0, 604800),
    hr_zone_2_seconds: int(0, 604800),
    hr_zone_3_seconds: int(0, 604800),
    hr_zone_4_seconds: int(0, 604800),
    hr_zone_5_seconds: int(0, 604800),
    // Filled by the importers from device files and bounded by the column type, as
    // src/importers/fit.ts already does: an odd GPS reading is kept, never a batch refused.
    avg_pace_sec_per_km: num(0.01, 99999.99),
    avg_speed_kmh: num(0, 999.99),
    elevation_gain_m: num(0, 99999.99),
    training_stress_score: num(0, 99999.9),
  },
  dexa_scans: {
    total_body_fat_pct: num(1, 80),
    age_at_scan: num(0, 150),
    height_in: num(20, 110),
    weight_lbs: num(20, 1000),
    total_mass_lbs: num(20, 1000),
    total_fat_lbs: num(0, 1000),
    total_lean_lbs: num(0, 1000),
    total_bmc_lbs: num(0, 50),
    visceral_fat_lbs: num(0, 100),
    visceral_fat_in3: num(0, 1000),
    android_gynoid_ratio: num(0, 10),
  },
  dexa_regions: { body_fat_pct: num(1, 80), fat_lbs: num(0, 1000), lean_lbs: num(0, 1000), bmc_lbs: num(0, 50), total_mass_lbs: num(0, 1000) },
  dexa_bone_density: { bmd_g_cm2: num(0, 5), t_score: num(-10, 10), z_score: num(-10, 10) },
  epigenetic_tests: {
    pace_score: num(0.2, 3.0),
    chronological_age: num(0, 150),
    biological_age: num(0, 200),
    pace_percentile: num(0, 100),
    telomere_length: num(0, 100),
  },
  epigenetic_organ_ages: { biological_age: num(0, 200), chronological_age: num(0, 150), delta_years: num(-100, 100) },
  // Up to 7 days: a workout left running in the app is kept as the file says (issue 9).
  lifting_sessions: { duration_seconds: int(0, 604800) },
  lifting_sets: {
    weight_lbs: num(0, 2000),
    reps: int(1, 999),
    rpe: num(0, 10),
    set_number: int(1, 999),
    exercise_order: int(1, 999),
    distance_m: num(0, 1000000),
    duration_seconds: int(0, 86400),
  },
  mood_journal: { mood_score: int(1, 5), energy_score: int(1, 5), stress_score: int(1, 5) },
  menstrual_cycles: { flow_intensity: int(0, 4) },
  nutrition_logs: { calories_kcal: int(0, 20000), protein_g: num(0, 2000), carbs_g: num(0, 3000), fat_g: num(0, 2000), fiber_g: num(0, 500) },
  // A dose is positive: the smallest step of numeric(8,3) is the lower bound.
  supplements: { dose_amount: num(0.001, 50000) },
  supplement_logs: { dose_amount: num(0.001, 50000) },
  // User-defined scales: bounded so a typo cannot store 1e300.
  custom_metrics: { min_value: num(-1e9, 1e9), max_value: num(-1e9, 1e9) },
  custom_metric_entries: { value_numeric: num(-1e9, 1e9) },
  // Learned time-zone ranges: UTC offsets in minutes, from -12:00 to +14:00.
  user_timezones: { utc_offset_minutes: int(-720, 840) },
  // The confidence a parsed report needs to confirm itself: below one half is not a preference for review at all.
  user_preferences: { auto_confirm_documents_at: num(0.5, 1) },
} as const satisfies Record<string, Record<string, Range>>;

/**
 * Numeric columns with no sane range of their own (the metric decides the scale): any finite value
 * the column type holds. Their CHECK is <table>_<column>_finite (NaN and Infinity refused).
 */
export const finiteOnly: Record<string, readonly string[]> = {
  blood_markers: ['value_numeric', 'ref_range_low', 'ref_range_high'],
  goals: ['target_value', 'alert_threshold_low', 'alert_threshold_high'],
};

/** users.date_of_birth: the user must be 13 to 150 years old. */
export const ageYears = { min: 13, max: 150 } as const;

export type RangeTable = keyof typeof ranges;

// ---------------------------------------------------------------------------------------------
// measurements.value, by metric: CHECK measurements_value_range (vitalis_private.measurement_in_range).
// A metric of a convertible kind is judged in its canonical unit and refuses units it cannot
// convert; a metric of kind 'any' is judged on the value whatever the unit says.

export type MeasurementKind = 'mass_lb' | 'mass_kg' | 'length_cm' | 'temperature_c' | 'pressure_mmhg' | 'glucose_mgdl' | 'any';

/** Normalised unit -> value in the kind's canonical unit (the same conversions as the SQL). */
export const measurementUnits: Record<Exclude<MeasurementKind, 'any'>, Record<string, (v: number) => number>> = {
  mass_lb: { lb: (v) => v, kg: (v) => v / 0.45359237, g: (v) => v / 453.59237, st: (v) => v * 14 },
  mass_kg: { kg: (v) => v, lb: (v) => v * 0.45359237, g: (v) => v / 1000, st: (v) => v * 6.35029318 },
  length_cm: { cm: (v) => v, m: (v) => v * 100, mm: (v) => v / 10, in: (v) => v * 2.54, ft: (v) => v * 30.48 },
  temperature_c: { degc: (v) => v, degf: (v) => ((v - 32) * 5) / 9, k: (v) => v - 273.15 },
  pressure_mmhg: { mmhg: (v) => v, kpa: (v) => v * 7.50061683 },
  glucose_mgdl: { 'mg/dl': (v) => v, 'mmol/l': (v) => v * 18.0182 },
};

/** The units of each kind as messages list them (the SQL lists the same). */
const acceptedUnits: Record<Exclude<MeasurementKind, 'any'>, string> = {
  mass_lb: 'lb, kg, g, st',
  mass_kg: 'kg, lb, g, st',
  length_cm: 'cm, m, mm, in, ft',
  temperature_c: 'degC, degF, K',
  pressure_mmhg: 'mmHg, kPa',
  glucose_mgdl: 'mg/dL, mmol/L',
};

export interface MeasurementBound {
  kind: MeasurementKind;
  /** The unit the range is written in (for messages). */
  unit: string;
  range: Range;
}

const m = (kind: MeasurementKind, unit: string, min: number, max: number): MeasurementBound => ({ kind, unit, range: num(min, max) });

/** Every value of the measurement_metric enum (the test fails when one is missing). */
export const measurementBounds: Record<string, MeasurementBound> = {
  weight: m('mass_lb', 'lbs', 20, 1000),
  height: m('length_cm', 'cm', 30, 300),
  body_fat_pct: m('any', '%', 0, 100),
  lean_mass: m('mass_kg', 'kg', 0, 500),
  muscle_mass: m('mass_kg', 'kg', 0, 500),
  bone_mass: m('mass_kg', 'kg', 0, 100),
  body_water_pct: m('any', '%', 0, 100),
  visceral_fat_rating: m('any', '', 0, 100),
  bmi: m('any', 'kg/m2', 5, 150),
  waist_circumference: m('length_cm', 'cm', 10, 500),
  hip_circumference: m('length_cm', 'cm', 10, 500),
  neck_circumference: m('length_cm', 'cm', 10, 500),
  chest_circumference: m('length_cm', 'cm', 10, 500),
  blood_pressure_systolic: m('pressure_mmhg', 'mmHg', 40, 300),
  blood_pressure_diastolic: m('pressure_mmhg', 'mmHg', 20, 250),
  resting_heart_rate: m('any', 'bpm', 20, 300),
  heart_rate: m('any', 'bpm', 20, 300),
  body_temperature: m('temperature_c', '°C', 25, 45),
  spo2: m('any', '%', 50, 100),
  respiratory_rate: m('any', '/min', 4, 60),
  blood_glucose: m('glucose_mgdl', 'mg/dL', 10, 1000),
  blood_ketones: m('any', 'mmol/L', 0, 30),
  vo2_max: m('any', 'ml/kg/min', 10, 100),
  grip_strength: m('mass_kg', 'kg', 0, 200),
  pulse_wave_velocity: m('any', 'm/s', 0, 100),
};

/** measurements.value for metric 'weight', expressed in pounds whatever the unit. */
export const weightLbs: Range = measurementBounds.weight!.range;

/** The part of vitalis.normalize_unit the measurement kinds need. */
export function normalizeMeasurementUnit(unit: string): string {
  // UCUM brackets ([degF], mm[Hg]) carry no meaning, as in SQL.
  const k = unit.trim().replace(/\s+/g, '').toLowerCase().replace(/[[\]]/g, '');
  const aliases: Record<string, string> = {
    lbs: 'lb', pound: 'lb', pounds: 'lb', '#': 'lb', kgs: 'kg', kilogram: 'kg', kilograms: 'kg', gram: 'g', grams: 'g', gm: 'g',
    inch: 'in', inches: 'in', '"': 'in', feet: 'ft', foot: 'ft',
    f: 'degf', '°f': 'degf', fahrenheit: 'degf', c: 'degc', '°c': 'degc', celsius: 'degc', cel: 'degc',
  };
  return aliases[k] ?? k;
}

/** Why a measurement is refused ({ field: 'unit' | 'value', message }), or undefined when it is fine. */
export function measurementProblem(metric: string, value: number, unit: string): { field: 'unit' | 'value'; message: string } | undefined {
  const bound = measurementBounds[metric];
  if (!bound) return undefined;
  if (!Number.isFinite(value)) return { field: 'value', message: 'value must be a finite number' };
  let canonical = value;
  if (bound.kind !== 'any') {
    const convert = measurementUnits[bound.kind][normalizeMeasurementUnit(unit)];
    if (!convert) {
      return { field: 'unit', message: `unit "${unit}" is not a unit for ${metric} (accepted: ${acceptedUnits[bound.kind]})` };
    }
    canonical = convert(value);
  }
  if (canonical < bound.range.min || canonical > bound.range.max) {
    const unitText = bound.unit ? ` ${bound.unit}` : '';
    return { field: 'value', message: `value for ${metric} must be between ${bound.range.min} and ${bound.range.max}${unitText}` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates: CHECK <table>_<column>_window on every user-entered date and timestamptz column.
// 'event' (something measured or done): from 2000-01-01 (where the wearable partitions start)
// up to the end of next year (the last wearable partition kept ready). 'plan' (a follow-up, a
// supplement course): the same start, up to ten years ahead. users.date_of_birth has its own rule.

export const dateWindowStart = '2000-01-01';
export const planYearsAhead = 10;

/** Columns of kind 'plan'; every other user-entered date is an 'event'. */
export const planDateColumns: Record<string, readonly string[]> = {
  doctor_visits: ['follow_up_date'],
  supplements: ['started_at', 'ended_at'],
};

/** The first day no longer accepted for a column of this kind, judged on `today` (UTC). */
export function dateWindowEnd(kind: 'event' | 'plan', today: Date = new Date()): string {
  const year = today.getUTCFullYear() + (kind === 'event' ? 2 : 2 + planYearsAhead);
  return `${year}-01-01`;
}

export function dateKind(table: string, column: string): 'event' | 'plan' {
  return planDateColumns[table]?.includes(column) ? 'plan' : 'event';
}

// ---------------------------------------------------------------------------------------------
// Sizes: CHECK <table>_<column>_length on user-writable text and text[] columns, and
// <table>_<column>_size on jsonb columns (bytes of the JSON text).

/** Free-text columns: notes and text values. Every other text column is a name or a code. */
export const longTextColumns: readonly string[] = ['notes', 'value_text'];
export const textLimits = { long: 10000, short: 200, arrayItems: 100 } as const;

export function textLimit(column: string): number {
  return longTextColumns.includes(column) ? textLimits.long : textLimits.short;
}

/** Provider payloads as received; everything else in jsonb is settings or cursors. */
export const largeJsonColumns: readonly string[] = ['raw_data', 'hypnogram'];
export const jsonLimits = { large: 512 * 1024, small: 64 * 1024 } as const;

export function jsonLimit(column: string): number {
  return largeJsonColumns.includes(column) ? jsonLimits.large : jsonLimits.small;
}
