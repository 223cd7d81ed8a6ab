// The shape of generated rows: plain objects keyed by column name, the same object sent as JSON to
// the upsert functions and written as a COPY line. Keys whose value would be NULL are left out (as a
// provider mapping would); user_id is never in a wearable row (the upsert functions default it to
// the current user; COPY adds it).

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

export interface WearableData {
  daily: Row[];
  sleep: Row[];
  activities: Row[];
}
