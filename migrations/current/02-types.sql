/*
 * Enumerated types. Value sets are complete for what SCHEMA.md names and what the importers and
 * provider syncs produce; adding a value later is a cheap ALTER TYPE ... ADD VALUE.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create type vitalis.data_source as enum (
  'garmin', 'oura', 'whoop', 'apple_health', 'fitbit', 'withings', 'polar', 'coros', 'suunto',
  'google_fit', 'health_connect', 'samsung_health', 'eight_sleep', 'dexcom', 'libre', 'strava',
  'strong', 'hevy', 'myfitnesspal', 'cronometer', 'fit_file', 'csv_import', 'pdf_import',
  'lab', 'manual', 'system');
comment on type vitalis.data_source is 'Where a row came from: a provider sync (garmin, oura, whoop, apple_health, fitbit, withings, ...), a file import (fit_file, csv_import, pdf_import, strong, hevy), a lab, manual entry, or the system.';

create type vitalis.subscription_tier as enum ('free', 'pro', 'family');
create type vitalis.subscription_status as enum ('trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused');

create type vitalis.activity_type as enum (
  'running', 'trail_running', 'treadmill_running', 'walking', 'hiking', 'cycling', 'indoor_cycling',
  'mountain_biking', 'swimming', 'open_water_swimming', 'rowing', 'indoor_rowing', 'elliptical',
  'stair_climbing', 'strength_training', 'functional_training', 'hiit', 'crossfit', 'yoga',
  'pilates', 'stretching', 'mobility', 'martial_arts', 'boxing', 'dance', 'climbing',
  'skiing', 'snowboarding', 'cross_country_skiing', 'skating', 'surfing', 'paddling', 'kayaking',
  'tennis', 'padel', 'pickleball', 'squash', 'badminton', 'table_tennis', 'golf', 'soccer',
  'basketball', 'volleyball', 'baseball', 'hockey', 'rugby', 'american_football', 'cricket',
  'triathlon', 'multisport', 'meditation', 'breathwork', 'sauna', 'cold_plunge', 'other');

create type vitalis.biomarker_category as enum (
  'metabolic', 'lipids', 'lipids_advanced', 'fatty_acids', 'thyroid', 'hormones', 'hematology',
  'inflammation', 'vitamins_minerals', 'heavy_metals', 'immunology', 'urinalysis', 'other');

create type vitalis.dexa_region as enum (
  'total', 'arms', 'arm_left', 'arm_right', 'legs', 'leg_left', 'leg_right', 'trunk',
  'trunk_left', 'trunk_right', 'android', 'gynoid', 'head', 'ribs', 'pelvis', 'spine');

create type vitalis.bone_density_region as enum (
  'total', 'head', 'arms', 'arm_left', 'arm_right', 'legs', 'leg_left', 'leg_right', 'trunk',
  'ribs', 'pelvis', 'thoracic_spine', 'lumbar_spine', 'l1', 'l2', 'l3', 'l4', 'l1_l4',
  'femoral_neck_left', 'femoral_neck_right', 'total_hip_left', 'total_hip_right',
  'forearm_left', 'forearm_right');

create type vitalis.organ_system as enum (
  'brain', 'heart', 'lung', 'liver', 'kidney', 'metabolic', 'immune', 'inflammation',
  'hormone', 'musculoskeletal', 'blood', 'intestine');
comment on type vitalis.organ_system is 'Organ systems reported by epigenetic organ-age tests (TruDiagnostic SYMPHONYAge reports 11-12 of them).';

create type vitalis.measurement_metric as enum (
  'weight', 'height', 'body_fat_pct', 'lean_mass', 'muscle_mass', 'bone_mass', 'body_water_pct',
  'visceral_fat_rating', 'bmi', 'waist_circumference', 'hip_circumference', 'neck_circumference',
  'chest_circumference', 'blood_pressure_systolic', 'blood_pressure_diastolic', 'resting_heart_rate',
  'heart_rate', 'body_temperature', 'spo2', 'respiratory_rate', 'blood_glucose', 'blood_ketones',
  'vo2_max', 'grip_strength', 'pulse_wave_velocity');

create type vitalis.menstrual_phase as enum ('menstrual', 'follicular', 'ovulation', 'luteal');

create type vitalis.document_type as enum (
  'blood_work', 'dexa', 'epigenetics', 'imaging', 'genetics', 'prescription', 'visit_summary',
  'wearable_export', 'other');

create type vitalis.parse_status as enum (
  'pending', 'processing', 'parsed', 'needs_review', 'confirmed', 'failed', 'skipped');

create type vitalis.insight_type as enum (
  'correlation', 'trend', 'anomaly', 'recommendation', 'milestone', 'goal_progress', 'summary');

create type vitalis.goal_direction as enum ('minimize', 'maximize', 'target');

create type vitalis.job_type as enum (
  'daily_sync', 'backfill', 'webhook_sync', 'file_import', 'document_parse', 'data_export',
  'account_deletion', 'insight_refresh', 'partition_maintenance');

create type vitalis.job_status as enum ('queued', 'running', 'succeeded', 'failed', 'retrying', 'canceled');

create type vitalis.audit_action as enum ('INSERT', 'UPDATE', 'DELETE', 'LOGIN', 'LOGOUT', 'EXPORT');
