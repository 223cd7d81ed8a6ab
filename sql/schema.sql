--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: analytics; Type: SCHEMA; Schema: -; Owner: vitalis_owner
--

CREATE SCHEMA analytics;


ALTER SCHEMA analytics OWNER TO vitalis_owner;

--
-- Name: SCHEMA analytics; Type: COMMENT; Schema: -; Owner: vitalis_owner
--

COMMENT ON SCHEMA analytics IS 'Pseudonymised views for analysts (role vitalis_readonly); no PII.';


--
-- Name: vitalis; Type: SCHEMA; Schema: -; Owner: vitalis_owner
--

CREATE SCHEMA vitalis;


ALTER SCHEMA vitalis OWNER TO vitalis_owner;

--
-- Name: SCHEMA vitalis; Type: COMMENT; Schema: -; Owner: vitalis_owner
--

COMMENT ON SCHEMA vitalis IS 'Vitalis: one person''s health data, isolated per user by row-level security.';


--
-- Name: vitalis_private; Type: SCHEMA; Schema: -; Owner: vitalis_owner
--

CREATE SCHEMA vitalis_private;


ALTER SCHEMA vitalis_private OWNER TO vitalis_owner;

--
-- Name: SCHEMA vitalis_private; Type: COMMENT; Schema: -; Owner: vitalis_owner
--

COMMENT ON SCHEMA vitalis_private IS 'Internal functions and secrets; never exposed through the API.';


--
-- Name: activity_type; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.activity_type AS ENUM (
    'running',
    'trail_running',
    'treadmill_running',
    'walking',
    'hiking',
    'cycling',
    'indoor_cycling',
    'mountain_biking',
    'swimming',
    'open_water_swimming',
    'rowing',
    'indoor_rowing',
    'elliptical',
    'stair_climbing',
    'strength_training',
    'functional_training',
    'hiit',
    'crossfit',
    'yoga',
    'pilates',
    'stretching',
    'mobility',
    'martial_arts',
    'boxing',
    'dance',
    'climbing',
    'skiing',
    'snowboarding',
    'cross_country_skiing',
    'skating',
    'surfing',
    'paddling',
    'kayaking',
    'tennis',
    'padel',
    'pickleball',
    'squash',
    'badminton',
    'table_tennis',
    'golf',
    'soccer',
    'basketball',
    'volleyball',
    'baseball',
    'hockey',
    'rugby',
    'american_football',
    'cricket',
    'triathlon',
    'multisport',
    'meditation',
    'breathwork',
    'sauna',
    'cold_plunge',
    'other'
);


ALTER TYPE vitalis.activity_type OWNER TO vitalis_owner;

--
-- Name: audit_action; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.audit_action AS ENUM (
    'INSERT',
    'UPDATE',
    'DELETE',
    'LOGIN',
    'LOGOUT',
    'EXPORT'
);


ALTER TYPE vitalis.audit_action OWNER TO vitalis_owner;

--
-- Name: biomarker_category; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.biomarker_category AS ENUM (
    'metabolic',
    'lipids',
    'lipids_advanced',
    'fatty_acids',
    'thyroid',
    'hormones',
    'hematology',
    'inflammation',
    'vitamins_minerals',
    'heavy_metals',
    'immunology',
    'urinalysis',
    'other'
);


ALTER TYPE vitalis.biomarker_category OWNER TO vitalis_owner;

--
-- Name: biomarker_result; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.biomarker_result AS (
	biomarker_id uuid,
	canonical_name text,
	display_name text,
	category vitalis.biomarker_category,
	marker_id uuid,
	panel_id uuid,
	collected_at timestamp with time zone,
	value_canonical numeric,
	value_text text,
	unit text,
	normal_low numeric,
	normal_high numeric,
	optimal_low numeric,
	optimal_high numeric,
	flag text,
	in_range boolean
);


ALTER TYPE vitalis.biomarker_result OWNER TO vitalis_owner;

--
-- Name: TYPE biomarker_result; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TYPE vitalis.biomarker_result IS 'One lab result of one biomarker, in the marker''s canonical unit, with its reference and optimal bands.';


--
-- Name: COLUMN biomarker_result.canonical_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.canonical_name IS 'The biomarker''s slug, e.g. glucose.';


--
-- Name: COLUMN biomarker_result.marker_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.marker_id IS 'The blood_markers row (bloodMarkerById).';


--
-- Name: COLUMN biomarker_result.panel_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.panel_id IS 'The panel (lab visit) the result belongs to (bloodPanelById).';


--
-- Name: COLUMN biomarker_result.collected_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.collected_at IS 'When the sample was collected.';


--
-- Name: COLUMN biomarker_result.value_canonical; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.value_canonical IS 'The value converted to unit.';


--
-- Name: COLUMN biomarker_result.value_text; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.value_text IS 'Qualitative or censored result as printed (NEGATIVE, <5.0).';


--
-- Name: COLUMN biomarker_result.unit; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.unit IS 'The canonical unit of the biomarker (US conventional, e.g. mg/dL).';


--
-- Name: COLUMN biomarker_result.normal_low; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.normal_low IS 'General-population reference range low, in unit.';


--
-- Name: COLUMN biomarker_result.normal_high; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.normal_high IS 'General-population reference range high, in unit.';


--
-- Name: COLUMN biomarker_result.optimal_low; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.optimal_low IS 'Optimal range low for the person''s biological sex, in unit; when the sex is unknown, the range stored with the result.';


--
-- Name: COLUMN biomarker_result.optimal_high; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.optimal_high IS 'Optimal range high for the person''s biological sex, in unit; when the sex is unknown, the range stored with the result.';


--
-- Name: COLUMN biomarker_result.flag; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.flag IS 'H, L, HH, LL or ABNORMAL as printed by the lab (or computed from the ranges); null when in range.';


--
-- Name: COLUMN biomarker_result.in_range; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_result.in_range IS 'Whether the value lies within the reference range.';


--
-- Name: bone_density_region; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.bone_density_region AS ENUM (
    'total',
    'head',
    'arms',
    'arm_left',
    'arm_right',
    'legs',
    'leg_left',
    'leg_right',
    'trunk',
    'ribs',
    'pelvis',
    'thoracic_spine',
    'lumbar_spine',
    'l1',
    'l2',
    'l3',
    'l4',
    'l1_l4',
    'femoral_neck_left',
    'femoral_neck_right',
    'total_hip_left',
    'total_hip_right',
    'forearm_left',
    'forearm_right'
);


ALTER TYPE vitalis.bone_density_region OWNER TO vitalis_owner;

--
-- Name: data_source; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.data_source AS ENUM (
    'garmin',
    'oura',
    'whoop',
    'apple_health',
    'fitbit',
    'withings',
    'polar',
    'coros',
    'suunto',
    'google_fit',
    'health_connect',
    'samsung_health',
    'eight_sleep',
    'dexcom',
    'libre',
    'strava',
    'strong',
    'hevy',
    'myfitnesspal',
    'cronometer',
    'fit_file',
    'csv_import',
    'pdf_import',
    'lab',
    'manual',
    'system'
);


ALTER TYPE vitalis.data_source OWNER TO vitalis_owner;

--
-- Name: TYPE data_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TYPE vitalis.data_source IS 'Where a row came from: a provider sync (garmin, oura, whoop, apple_health, fitbit, withings, ...), a file import (fit_file, csv_import, pdf_import, strong, hevy), a lab, manual entry, or the system.';


--
-- Name: dashboard_day; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.dashboard_day AS (
	date date,
	steps integer,
	steps_source vitalis.data_source,
	distance_m integer,
	distance_m_source vitalis.data_source,
	active_calories_kcal smallint,
	active_calories_kcal_source vitalis.data_source,
	resting_hr_bpm smallint,
	resting_hr_bpm_source vitalis.data_source,
	hrv_rmssd_ms numeric,
	hrv_rmssd_ms_source vitalis.data_source,
	readiness_score smallint,
	readiness_score_source vitalis.data_source,
	recovery_score smallint,
	recovery_score_source vitalis.data_source,
	total_sleep_minutes smallint,
	total_sleep_minutes_source vitalis.data_source,
	sleep_score smallint,
	sleep_score_source vitalis.data_source,
	activities_count integer,
	activities_duration_seconds integer,
	nap_minutes integer,
	nap_minutes_source vitalis.data_source
);


ALTER TYPE vitalis.dashboard_day OWNER TO vitalis_owner;

--
-- Name: TYPE dashboard_day; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TYPE vitalis.dashboard_day IS 'One day of the dashboard: each metric resolved to one value across sources, with the source it came from (see sourcePriority). Metrics without data that day are null; activitiesCount is 0.';


--
-- Name: COLUMN dashboard_day.date; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.date IS 'The calendar day, in the user''s time zone.';


--
-- Name: COLUMN dashboard_day.steps; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.steps IS 'Steps, from the best source that reported steps that day (steps priority).';


--
-- Name: COLUMN dashboard_day.steps_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.steps_source IS 'Which source steps came from.';


--
-- Name: COLUMN dashboard_day.distance_m; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.distance_m IS 'Distance in metres (steps priority).';


--
-- Name: COLUMN dashboard_day.distance_m_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.distance_m_source IS 'Which source distanceM came from.';


--
-- Name: COLUMN dashboard_day.active_calories_kcal; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.active_calories_kcal IS 'Active calories, kcal (steps priority).';


--
-- Name: COLUMN dashboard_day.active_calories_kcal_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.active_calories_kcal_source IS 'Which source activeCaloriesKcal came from.';


--
-- Name: COLUMN dashboard_day.resting_hr_bpm; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.resting_hr_bpm IS 'Resting heart rate, bpm (heart_rate priority).';


--
-- Name: COLUMN dashboard_day.resting_hr_bpm_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.resting_hr_bpm_source IS 'Which source restingHrBpm came from.';


--
-- Name: COLUMN dashboard_day.hrv_rmssd_ms; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.hrv_rmssd_ms IS 'Heart rate variability (RMSSD), ms (hrv priority).';


--
-- Name: COLUMN dashboard_day.hrv_rmssd_ms_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.hrv_rmssd_ms_source IS 'Which source hrvRmssdMs came from.';


--
-- Name: COLUMN dashboard_day.readiness_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.readiness_score IS 'Readiness, 0-100 (readiness priority).';


--
-- Name: COLUMN dashboard_day.readiness_score_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.readiness_score_source IS 'Which source readinessScore came from.';


--
-- Name: COLUMN dashboard_day.recovery_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.recovery_score IS 'Recovery, 0-100 (recovery priority).';


--
-- Name: COLUMN dashboard_day.recovery_score_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.recovery_score_source IS 'Which source recoveryScore came from.';


--
-- Name: COLUMN dashboard_day.total_sleep_minutes; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.total_sleep_minutes IS 'Sleep that ended on this morning, minutes (sleep priority).';


--
-- Name: COLUMN dashboard_day.total_sleep_minutes_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.total_sleep_minutes_source IS 'Which source totalSleepMinutes came from.';


--
-- Name: COLUMN dashboard_day.sleep_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.sleep_score IS 'Sleep score, 0-100, as the source scores it (sleep priority).';


--
-- Name: COLUMN dashboard_day.sleep_score_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.sleep_score_source IS 'Which source sleepScore came from.';


--
-- Name: COLUMN dashboard_day.activities_count; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.activities_count IS 'Workouts that day. A workout recorded by two sources (overlapping in time) counts once, from the better source (activities priority).';


--
-- Name: COLUMN dashboard_day.activities_duration_seconds; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.activities_duration_seconds IS 'Total duration of those workouts, seconds.';


--
-- Name: COLUMN dashboard_day.nap_minutes; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.nap_minutes IS 'Minutes asleep in naps that day, not counted in totalSleepMinutes (sleep priority: the best source that reported naps, normally the night''s). 0 when that source reported none.';


--
-- Name: COLUMN dashboard_day.nap_minutes_source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dashboard_day.nap_minutes_source IS 'Which source napMinutes came from.';


--
-- Name: dexa_region; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.dexa_region AS ENUM (
    'total',
    'arms',
    'arm_left',
    'arm_right',
    'legs',
    'leg_left',
    'leg_right',
    'trunk',
    'trunk_left',
    'trunk_right',
    'android',
    'gynoid',
    'head',
    'ribs',
    'pelvis',
    'spine'
);


ALTER TYPE vitalis.dexa_region OWNER TO vitalis_owner;

--
-- Name: TYPE dexa_region; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TYPE vitalis.dexa_region IS '@name dexa_body_region
Anatomical region of a DEXA body-composition result: total, arms, legs, trunk, android, gynoid, ...';


--
-- Name: display_value; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.display_value AS (
	value numeric,
	unit text
);


ALTER TYPE vitalis.display_value OWNER TO vitalis_owner;

--
-- Name: TYPE display_value; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TYPE vitalis.display_value IS 'A value converted to the signed-in user''s preferred unit (userPreference), rounded for display. unit is spelled as in the preferences: lbs or kg, in or cm, miles or km, F or C; other metrics keep their stored unit.';


--
-- Name: COLUMN display_value.value; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.display_value.value IS 'The value in unit, rounded for display.';


--
-- Name: COLUMN display_value.unit; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.display_value.unit IS 'lbs, kg, in, cm, miles, km, F, C, or the stored unit.';


--
-- Name: document_type; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.document_type AS ENUM (
    'blood_work',
    'dexa',
    'epigenetics',
    'imaging',
    'genetics',
    'prescription',
    'visit_summary',
    'wearable_export',
    'other'
);


ALTER TYPE vitalis.document_type OWNER TO vitalis_owner;

--
-- Name: goal_direction; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.goal_direction AS ENUM (
    'minimize',
    'maximize',
    'target'
);


ALTER TYPE vitalis.goal_direction OWNER TO vitalis_owner;

--
-- Name: insight_type; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.insight_type AS ENUM (
    'correlation',
    'trend',
    'anomaly',
    'recommendation',
    'milestone',
    'goal_progress',
    'summary'
);


ALTER TYPE vitalis.insight_type OWNER TO vitalis_owner;

--
-- Name: job_status; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.job_status AS ENUM (
    'queued',
    'running',
    'succeeded',
    'failed',
    'retrying',
    'canceled'
);


ALTER TYPE vitalis.job_status OWNER TO vitalis_owner;

--
-- Name: job_type; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.job_type AS ENUM (
    'daily_sync',
    'backfill',
    'webhook_sync',
    'file_import',
    'document_parse',
    'data_export',
    'account_deletion',
    'insight_refresh',
    'partition_maintenance'
);


ALTER TYPE vitalis.job_type OWNER TO vitalis_owner;

--
-- Name: measurement_metric; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.measurement_metric AS ENUM (
    'weight',
    'height',
    'body_fat_pct',
    'lean_mass',
    'muscle_mass',
    'bone_mass',
    'body_water_pct',
    'visceral_fat_rating',
    'bmi',
    'waist_circumference',
    'hip_circumference',
    'neck_circumference',
    'chest_circumference',
    'blood_pressure_systolic',
    'blood_pressure_diastolic',
    'resting_heart_rate',
    'heart_rate',
    'body_temperature',
    'spo2',
    'respiratory_rate',
    'blood_glucose',
    'blood_ketones',
    'vo2_max',
    'grip_strength',
    'pulse_wave_velocity'
);


ALTER TYPE vitalis.measurement_metric OWNER TO vitalis_owner;

--
-- Name: menstrual_phase; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.menstrual_phase AS ENUM (
    'menstrual',
    'follicular',
    'ovulation',
    'luteal'
);


ALTER TYPE vitalis.menstrual_phase OWNER TO vitalis_owner;

--
-- Name: organ_system; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.organ_system AS ENUM (
    'brain',
    'heart',
    'lung',
    'liver',
    'kidney',
    'metabolic',
    'immune',
    'inflammation',
    'hormone',
    'musculoskeletal',
    'blood',
    'intestine'
);


ALTER TYPE vitalis.organ_system OWNER TO vitalis_owner;

--
-- Name: TYPE organ_system; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TYPE vitalis.organ_system IS 'Organ systems reported by epigenetic organ-age tests (TruDiagnostic SYMPHONYAge reports 11-12 of them).';


--
-- Name: parse_status; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.parse_status AS ENUM (
    'pending',
    'processing',
    'parsed',
    'needs_review',
    'confirmed',
    'failed',
    'skipped'
);


ALTER TYPE vitalis.parse_status OWNER TO vitalis_owner;

--
-- Name: subscription_status; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.subscription_status AS ENUM (
    'trialing',
    'active',
    'past_due',
    'canceled',
    'unpaid',
    'paused'
);


ALTER TYPE vitalis.subscription_status OWNER TO vitalis_owner;

--
-- Name: subscription_tier; Type: TYPE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TYPE vitalis.subscription_tier AS ENUM (
    'free',
    'pro',
    'family'
);


ALTER TYPE vitalis.subscription_tier OWNER TO vitalis_owner;

--
-- Name: accept_household_invite(text); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.accept_household_invite(token text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_invite vitalis.household_invites;
  v_user vitalis.users;
  v_old vitalis.accounts;
  v_target vitalis.accounts;
begin
  if v_me is null then
    raise exception 'sign in to accept an invitation' using errcode = '42501';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select i.* into v_invite from vitalis.household_invites i
   where i.token_hash = sha256(convert_to(coalesce(token, ''), 'UTF8')) for update;
  if not found then
    raise exception 'token: this invitation is not valid' using errcode = '22023', column = 'token';
  elsif v_invite.accepted_at is not null then
    raise exception 'token: this invitation has already been used' using errcode = '22023', column = 'token';
  elsif v_invite.revoked_at is not null then
    raise exception 'token: this invitation was withdrawn' using errcode = '22023', column = 'token';
  elsif v_invite.expires_at <= now() then
    raise exception 'token: this invitation has expired' using errcode = '22023', column = 'token';
  end if;
  select u.* into v_user from vitalis.users u where u.user_id = v_me for update;
  if v_user.email is distinct from v_invite.email then
    raise exception 'token: this invitation was sent to a different email address' using errcode = '42501';
  end if;
  if v_user.account_id = v_invite.account_id then
    raise exception 'token: you are already a member of this account' using errcode = '23505', column = 'token';
  end if;
  -- Lock both accounts in a fixed order, so two acceptances cannot deadlock.
  perform 1 from vitalis.accounts a where a.account_id in (v_user.account_id, v_invite.account_id) order by a.account_id for update;
  select a.* into v_old from vitalis.accounts a where a.account_id = v_user.account_id;
  select a.* into v_target from vitalis.accounts a where a.account_id = v_invite.account_id;
  if exists (select 1 from vitalis.users u where u.account_id = v_old.account_id and u.user_id <> v_me) then
    raise exception 'token: your account has other members; only a user alone in their account can join another one' using errcode = '23514', column = 'token';
  end if;
  if v_old.subscription_tier <> 'free' and v_old.subscription_status in ('active', 'trialing', 'past_due') then
    raise exception 'token: cancel your % subscription before joining a family account', v_old.subscription_tier using errcode = '23514', column = 'token';
  end if;
  if v_target.subscription_tier <> 'family' or v_target.subscription_status not in ('active', 'trialing') then
    raise exception 'token: the inviting account is no longer an active family account' using errcode = '23514', column = 'token';
  end if;
  -- The max_users trigger refuses the move if the account filled up meanwhile.
  update vitalis.users u set account_id = v_invite.account_id where u.user_id = v_me;
  update vitalis.household_invites i set accepted_at = now(), accepted_by = v_me where i.invite_id = v_invite.invite_id;
  delete from vitalis.accounts a where a.account_id = v_old.account_id
     and not exists (select 1 from vitalis.users u where u.account_id = a.account_id);
  perform vitalis_private.household_gate_close(v_gate);
  return v_invite.account_id;
end $$;


ALTER FUNCTION vitalis.accept_household_invite(token text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION accept_household_invite(token text); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.accept_household_invite(token text) IS 'The signed-in user, whose email the invitation was sent to, joins the inviting family account. Allowed only while they are alone in their current account, which is then deleted (their own data stays theirs). Returns the account id.';


--
-- Name: current_user_id(); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select vitalis_private.try_uuid(current_setting('app.current_user_id', true))
$$;


ALTER FUNCTION vitalis.current_user_id() OWNER TO vitalis_owner;

--
-- Name: FUNCTION current_user_id(); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.current_user_id() IS 'The signed-in user''s id, from the transaction-local setting app.current_user_id; NULL when nobody is signed in.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: goal_alerts; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.goal_alerts (
    alert_id uuid DEFAULT gen_random_uuid() NOT NULL,
    goal_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    triggered_at timestamp with time zone NOT NULL,
    trigger_value numeric(12,4),
    message text,
    acknowledged_at timestamp with time zone
);

ALTER TABLE ONLY vitalis.goal_alerts FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.goal_alerts OWNER TO vitalis_owner;

--
-- Name: TABLE goal_alerts; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.goal_alerts IS 'An alert fired when a goal''s threshold was crossed.';


--
-- Name: acknowledge_goal_alert(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.acknowledge_goal_alert(alert_id uuid) RETURNS vitalis.goal_alerts
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_alert vitalis.goal_alerts;
begin
  update vitalis.goal_alerts a set acknowledged_at = coalesce(a.acknowledged_at, now())
   where a.alert_id = acknowledge_goal_alert.alert_id and a.user_id = vitalis.current_user_id()
  returning a.* into v_alert;
  if v_alert.alert_id is null then
    raise exception 'alertId: no goal alert of yours has this id' using errcode = 'P0002', column = 'alert_id';
  end if;
  return v_alert;
end $$;


ALTER FUNCTION vitalis.acknowledge_goal_alert(alert_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION acknowledge_goal_alert(alert_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.acknowledge_goal_alert(alert_id uuid) IS 'Marks one of your goal alerts as seen (acknowledgedAt is when you first did). Acknowledging again changes nothing.';


--
-- Name: biomarker_trend(text, date, uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.biomarker_trend(biomarker text, since date DEFAULT (CURRENT_DATE - 730), for_user uuid DEFAULT NULL::uuid) RETURNS SETOF vitalis.biomarker_result
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  d vitalis.biomarker_dictionary;
begin
  perform vitalis_private.assert_may_read(for_user);
  select * into d from vitalis.biomarker_dictionary b where b.canonical_name = lower(btrim(biomarker));
  if not found then
    raise exception 'biomarker: no biomarker is named "%" (use a canonicalName from biomarkerDictionaries, e.g. glucose)', biomarker
      using errcode = '22023', column = 'biomarker', hint = 'Use a canonicalName from biomarkerDictionaries, e.g. glucose, hdl_cholesterol, ldl_cholesterol.';
  end if;
  return query
  select d.biomarker_id, d.canonical_name, d.display_name, d.category,
         m.marker_id, m.panel_id, p.collected_at, m.value_canonical::numeric, m.value_text, d.canonical_unit,
         d.normal_low::numeric, d.normal_high::numeric,
         case u.biological_sex when 'female' then d.optimal_low_female when 'male' then d.optimal_low_male else m.optimal_low end::numeric,
         case u.biological_sex when 'female' then d.optimal_high_female when 'male' then d.optimal_high_male else m.optimal_high end::numeric,
         m.flag, m.in_range
    from vitalis.blood_markers m
    join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
    left join vitalis.users u on u.user_id = m.user_id
   where m.user_id = v_user
     and m.biomarker_id = d.biomarker_id
     and p.deleted_at is null
     and p.collected_at >= coalesce(since, '-infinity'::date)
   order by p.collected_at, m.marker_id;
end $$;


ALTER FUNCTION vitalis.biomarker_trend(biomarker text, since date, for_user uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION biomarker_trend(biomarker text, since date, for_user uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.biomarker_trend(biomarker text, since date, for_user uuid) IS '@behavior +list -connection
@listSuffix omit
Every result of one biomarker (its canonicalName, e.g. "glucose") collected since `since` (default: two years ago), oldest first, in the canonical unit with the reference band and the optimal band for the person''s biological sex. Results of deleted panels are left out. An unknown biomarker is an error. forUser reads another person''s results you have been given access to.';


--
-- Name: deletion_requests; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.deletion_requests (
    request_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id(),
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    grace_period_ends_at timestamp with time zone,
    status text DEFAULT 'pending'::text NOT NULL,
    completed_at timestamp with time zone,
    tables_deleted text[],
    CONSTRAINT deletion_requests_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'completed'::text, 'canceled'::text])))
);

ALTER TABLE ONLY vitalis.deletion_requests FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.deletion_requests OWNER TO vitalis_owner;

--
-- Name: TABLE deletion_requests; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.deletion_requests IS 'A GDPR/CCPA erasure request. The data goes after a 30-day grace period during which the user can cancel; the completed request outlives the user (user_id becomes NULL).';


--
-- Name: COLUMN deletion_requests.grace_period_ends_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.deletion_requests.grace_period_ends_at IS 'requested_at + 30 days; set automatically.';


--
-- Name: COLUMN deletion_requests.tables_deleted; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.deletion_requests.tables_deleted IS 'Which tables rows were erased from, as evidence.';


--
-- Name: cancel_account_deletion(); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.cancel_account_deletion() RETURNS vitalis.deletion_requests
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_request vitalis.deletion_requests;
begin
  update vitalis.deletion_requests r set status = 'canceled'
   where r.user_id = vitalis.current_user_id() and r.status = 'pending'
  returning r.* into v_request;
  if v_request.request_id is null then
    raise exception 'no pending deletion request of yours to cancel' using errcode = 'P0002';
  end if;
  return v_request;
end $$;


ALTER FUNCTION vitalis.cancel_account_deletion() OWNER TO vitalis_owner;

--
-- Name: FUNCTION cancel_account_deletion(); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.cancel_account_deletion() IS 'Cancels your pending account deletion during its grace period.';


--
-- Name: ingestion_jobs; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.ingestion_jobs (
    job_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id(),
    source vitalis.data_source,
    job_type vitalis.job_type,
    status vitalis.job_status DEFAULT 'queued'::vitalis.job_status,
    priority smallint DEFAULT 5,
    payload jsonb,
    result jsonb,
    error_message text,
    attempts smallint DEFAULT 0,
    max_attempts smallint DEFAULT 3,
    queued_at timestamp with time zone DEFAULT now() NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    next_retry_at timestamp with time zone,
    CONSTRAINT ingestion_jobs_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT ingestion_jobs_max_attempts_check CHECK ((max_attempts >= 1)),
    CONSTRAINT ingestion_jobs_priority_check CHECK (((priority >= 1) AND (priority <= 10)))
);

ALTER TABLE ONLY vitalis.ingestion_jobs FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.ingestion_jobs OWNER TO vitalis_owner;

--
-- Name: TABLE ingestion_jobs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.ingestion_jobs IS 'Every asynchronous job (sync, import, parse, export, deletion) as the user sees it: status, progress, attempts and result.';


--
-- Name: COLUMN ingestion_jobs.user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.ingestion_jobs.user_id IS 'The user the job acts for; NULL for system jobs.';


--
-- Name: COLUMN ingestion_jobs.priority; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.ingestion_jobs.priority IS '1 is highest, 10 lowest.';


--
-- Name: COLUMN ingestion_jobs.payload; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.ingestion_jobs.payload IS 'Input parameters (ids only; the task re-reads current data).';


--
-- Name: COLUMN ingestion_jobs.result; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.ingestion_jobs.result IS 'Outcome summary: rows inserted, updated, skipped with reasons; progress while running.';


--
-- Name: cancel_ingestion_job(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.cancel_ingestion_job(job_id uuid) RETURNS vitalis.ingestion_jobs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public'
    AS $$
declare
  v_job vitalis.ingestion_jobs;
begin
  -- RLS (forced, also for this definer) limits the lookup to the signed-in user's jobs.
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = cancel_ingestion_job.job_id for update;
  if not found then
    raise exception 'jobId: no such job' using errcode = '23514', column = 'job_id';
  end if;
  if v_job.status not in ('queued', 'retrying') then
    raise exception 'jobId: a % job cannot be cancelled (only queued or retrying ones)', v_job.status using errcode = '23514', column = 'job_id';
  end if;
  -- A job a worker has already locked is starting: it is running, not cancellable.
  if not vitalis_private.worker_remove_job('ingestion:' || v_job.job_id) then
    raise exception 'jobId: the job has just started and cannot be cancelled' using errcode = '23514', column = 'job_id';
  end if;
  update vitalis.ingestion_jobs j set status = 'canceled', completed_at = now(), next_retry_at = null
   where j.job_id = v_job.job_id returning * into v_job;
  return v_job;
end
$$;


ALTER FUNCTION vitalis.cancel_ingestion_job(job_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION cancel_ingestion_job(job_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.cancel_ingestion_job(job_id uuid) IS '@resultFieldName ingestionJob
Cancels one of your queued (or waiting to retry) jobs; a running job finishes.';


--
-- Name: refuse(text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.refuse(p_message text, p_column text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
begin
  raise exception '%', p_message using errcode = '23514', column = p_column;
end $$;


ALTER FUNCTION vitalis_private.refuse(p_message text, p_column text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION refuse(p_message text, p_column text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.refuse(p_message text, p_column text) IS 'Called as the last arm of a CHECK (`ok or refuse(...)`): turns a failed rule into a message that names the column and the rule.';


--
-- Name: documents; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.documents (
    document_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    document_type vitalis.document_type NOT NULL,
    provider_name text,
    original_filename text,
    s3_key text NOT NULL,
    file_size_bytes integer,
    mime_type text DEFAULT 'application/pdf'::text,
    parse_status vitalis.parse_status DEFAULT 'pending'::vitalis.parse_status,
    parse_confidence numeric(3,2),
    parse_result jsonb,
    parsed_at timestamp with time zone,
    confirmed_at timestamp with time zone,
    confirmed_by uuid,
    linked_record_id uuid,
    linked_record_type text,
    error_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    sha256 text,
    parse_job_id uuid,
    CONSTRAINT documents_file_size_bytes_check CHECK ((file_size_bytes >= 0)),
    CONSTRAINT documents_linked_record_type_check CHECK ((linked_record_type = ANY (ARRAY['blood_panel'::text, 'dexa_scan'::text, 'epigenetic_test'::text]))),
    CONSTRAINT documents_mime_type_check CHECK (((mime_type IS NULL) OR (mime_type = ANY (ARRAY['application/pdf'::text, 'image/png'::text, 'image/jpeg'::text, 'image/heic'::text, 'application/json'::text])) OR vitalis_private.refuse('mimeType must be application/pdf, image/png, image/jpeg, image/heic or application/json'::text, 'mime_type'::text))),
    CONSTRAINT documents_original_filename_length CHECK (((original_filename IS NULL) OR (length(original_filename) <= 200) OR vitalis_private.refuse('originalFilename must be at most 200 characters'::text, 'original_filename'::text))),
    CONSTRAINT documents_parse_confidence_check CHECK (((parse_confidence >= (0)::numeric) AND (parse_confidence <= (1)::numeric))),
    CONSTRAINT documents_provider_name_length CHECK (((provider_name IS NULL) OR (length(provider_name) <= 200) OR vitalis_private.refuse('providerName must be at most 200 characters'::text, 'provider_name'::text))),
    CONSTRAINT documents_sha256_format CHECK (((sha256 IS NULL) OR (sha256 ~ '^[0-9a-f]{64}$'::text) OR vitalis_private.refuse('sha256 must be 64 lower-case hex digits'::text, 'sha256'::text)))
);

ALTER TABLE ONLY vitalis.documents FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.documents OWNER TO vitalis_owner;

--
-- Name: TABLE documents; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.documents IS 'A file the user uploaded (lab PDF, DEXA report, epigenetic report), kept in object storage, and what parsing made of it.';


--
-- Name: COLUMN documents.s3_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.documents.s3_key IS 'Object key in the storage bucket.';


--
-- Name: COLUMN documents.parse_result; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.documents.parse_result IS 'The draft read from the file, for review: header (provider, dates), items (each with its confidence, page and position, and the extractor that read it), unread lines (rows that looked like results but could not be read, listed rather than dropped), and how the text was read (text layer or OCR, per page). Change it with reviseDocumentItem / reviseDocumentHeader; confirmDocument turns it into records.';


--
-- Name: COLUMN documents.confirmed_by; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.documents.confirmed_by IS 'Who confirmed the parsed values (may be another member of the household).';


--
-- Name: COLUMN documents.linked_record_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.documents.linked_record_id IS 'The panel, scan or test created from this document.';


--
-- Name: COLUMN documents.sha256; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.documents.sha256 IS 'SHA-256 of the file''s bytes (hex): the same file uploaded again is recognised and answered with this document instead of a second one.';


--
-- Name: COLUMN documents.parse_job_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.documents.parse_job_id IS 'The document_parse ingestion job that reads this file: follow its status and progress there.';


--
-- Name: confirm_document(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.confirm_document(document_id uuid) RETURNS vitalis.documents
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_reviewer uuid := vitalis_private.act_for_document(confirm_document.document_id);
  v_doc vitalis.documents;
begin
  select d.* into v_doc from vitalis.documents d where d.document_id = confirm_document.document_id for update;
  if v_doc.parse_status <> 'confirmed' then
    v_doc := vitalis_private.confirm_draft(v_doc, v_reviewer);
  end if;
  perform vitalis_private.restore_reviewer(v_reviewer);
  return v_doc;
end $$;


ALTER FUNCTION vitalis.confirm_document(document_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION confirm_document(document_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.confirm_document(document_id uuid) IS 'Confirms a reviewed report: creates the blood panel (with every result not rejected; unmatched ones without a biomarker), the DEXA scan (regions, bone density) or the epigenetic test (organ ages) in one transaction, links it (linkedRecordId, linkedRecordType) and records who confirmed it and when. A result already stored for the same panel and biomarker is replaced (a confirmed re-import wins). Confirming again changes nothing.';


--
-- Name: confirm_document_upload(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.confirm_document_upload(document_id uuid) RETURNS vitalis.ingestion_jobs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_doc vitalis.documents;
  v_job vitalis.ingestion_jobs;
begin
  select d.* into v_doc from vitalis.documents d
   where d.document_id = confirm_document_upload.document_id and d.user_id = vitalis.current_user_id() and d.deleted_at is null
     for update;
  if v_doc.document_id is null then
    raise exception 'documentId: no such document' using errcode = 'VT404', column = 'document_id';
  end if;
  if v_doc.parse_job_id is null then
    perform vitalis_private.queue_document_parse(v_doc);
    select d.* into v_doc from vitalis.documents d where d.document_id = v_doc.document_id;
  end if;
  select j.* into v_job from vitalis.ingestion_jobs j where j.job_id = v_doc.parse_job_id;
  return v_job;
end $$;


ALTER FUNCTION vitalis.confirm_document_upload(document_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION confirm_document_upload(document_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.confirm_document_upload(document_id uuid) IS 'Call after PUTting a report''s bytes to the URL from requestDocumentUpload: queues its parse and returns the job to follow. Calling it again returns the same job. The worker checks the bytes (type, size, SHA-256) before it reads them.';


--
-- Name: convert_unit(numeric, text, text, uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid DEFAULT NULL::uuid) RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
declare
  f text := vitalis.normalize_unit(p_from);
  t text := vitalis.normalize_unit(p_to);
  r record;
begin
  if p_value is null then
    return null;
  end if;
  if f = t then
    return p_value;
  end if;
  -- A marker's own row for exactly this pair wins over general factors (calcium mEq/L is not mmol/L).
  if p_biomarker_id is not null then
    select case when vitalis.normalize_unit(c.from_unit) = f then (p_value + c.offset_before) * c.factor
                else p_value / c.factor - c.offset_before end as v into r
      from vitalis.unit_conversions c
     where c.biomarker_id = p_biomarker_id
       and ((vitalis.normalize_unit(c.from_unit), vitalis.normalize_unit(c.to_unit)) = (f, t)
         or (vitalis.normalize_unit(c.from_unit), vitalis.normalize_unit(c.to_unit)) = (t, f))
     limit 1;
    if found then
      return r.v;
    end if;
  end if;
  -- Same dimension: through the base unit.
  select (((p_value + fb.offset_before) * fb.factor) / tb.factor) - tb.offset_before as v into r
    from vitalis_private.unit_bases(f) fb join vitalis_private.unit_bases(t) tb on fb.base = tb.base
   limit 1;
  if found then
    return r.v;
  end if;
  if p_biomarker_id is null then
    return null;
  end if;
  -- Across dimensions: a marker's bridge row, used in either direction, with base hops at both ends.
  for r in
    select vitalis.normalize_unit(c.from_unit) as a, vitalis.normalize_unit(c.to_unit) as b, c.factor, c.offset_before, false as inverse
      from vitalis.unit_conversions c where c.biomarker_id = p_biomarker_id
    union all
    select vitalis.normalize_unit(c.to_unit), vitalis.normalize_unit(c.from_unit), c.factor, c.offset_before, true
      from vitalis.unit_conversions c where c.biomarker_id = p_biomarker_id
  loop
    declare
      v_a numeric := case when f = r.a then p_value else vitalis.convert_unit(p_value, f, r.a) end;
      v_b numeric;
    begin
      if v_a is null then
        continue;
      end if;
      v_b := case when r.inverse then v_a / r.factor - r.offset_before else (v_a + r.offset_before) * r.factor end;
      if t = r.b then
        return v_b;
      end if;
      v_b := vitalis.convert_unit(v_b, r.b, t);
      if v_b is not null then
        return v_b;
      end if;
    end;
  end loop;
  return null;
end $$;


ALTER FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) IS 'Converts a value between units: within a dimension through its base unit, across mass and molar units with the biomarker''s molar factor. NULL when no conversion is known.';


--
-- Name: create_file_import(text, text, text); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.create_file_import(file_type text, object_key text, weight_unit text DEFAULT NULL::text) RETURNS vitalis.ingestion_jobs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
  v_source vitalis.data_source;
  v_job vitalis.ingestion_jobs;
  v_job_id uuid;
begin
  if v_user is null then
    raise exception 'no signed-in user' using errcode = '28000';
  end if;
  v_source := case file_type
    when 'apple-health' then 'apple_health'
    when 'fit' then 'fit_file'
    when 'strong' then 'strong'
    when 'hevy' then 'hevy'
  end;
  if v_source is null then
    raise exception 'fileType must be one of apple-health, fit, strong, hevy (got "%")', file_type using errcode = '23514', column = 'file_type';
  end if;
  -- Uploads land under imports/<user id>/ (POST /imports/<type>): nobody imports another user's file.
  if object_key is null or object_key not like 'imports/' || v_user || '/%' or object_key like '%..%' then
    raise exception 'objectKey must be a key under imports/%/ returned by the upload', v_user using errcode = '23514', column = 'object_key';
  end if;
  if weight_unit is not null and weight_unit not in ('kg', 'lbs') then
    raise exception 'weightUnit must be kg or lbs' using errcode = '23514', column = 'weight_unit';
  end if;
  if weight_unit is not null and file_type not in ('strong', 'hevy') then
    raise exception 'weightUnit applies to strong and hevy files only' using errcode = '23514', column = 'weight_unit';
  end if;
  v_job_id := vitalis_private.enqueue_ingestion_job(v_user, 'file_import', v_source,
                                                    jsonb_strip_nulls(jsonb_build_object('fileType', file_type, 'objectKey', object_key, 'weightUnit', weight_unit)));
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = v_job_id;
  return v_job;
end
$$;


ALTER FUNCTION vitalis.create_file_import(file_type text, object_key text, weight_unit text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION create_file_import(file_type text, object_key text, weight_unit text); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.create_file_import(file_type text, object_key text, weight_unit text) IS '@resultFieldName ingestionJob
Queues the import of a file uploaded with POST /imports/{fileType}: apple-health (export.zip or export.xml), fit, strong or hevy (weightUnit kg or lbs for CSVs without units). Returns the job to follow; importing the same file again changes nothing.';


--
-- Name: current_account_id(); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.current_account_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select account_id from vitalis.users where user_id = vitalis.current_user_id()
$$;


ALTER FUNCTION vitalis.current_account_id() OWNER TO vitalis_owner;

--
-- Name: FUNCTION current_account_id(); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.current_account_id() IS 'The signed-in user''s account id, or NULL.';


--
-- Name: dashboard(integer, uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.dashboard(days integer DEFAULT 30, for_user uuid DEFAULT NULL::uuid) RETURNS SETOF vitalis.dashboard_day
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
declare
  v_user uuid := coalesce(for_user, vitalis.current_user_id());
  v_tz text;
  v_to date;
  v_from date;
  -- Each category's source order, resolved once per call (the signed-in user's own order first):
  -- as plain array values the per-row ranking below costs no function call.
  v_steps vitalis.data_source[] := vitalis.source_priority('steps');
  v_heart_rate vitalis.data_source[] := vitalis.source_priority('heart_rate');
  v_hrv vitalis.data_source[] := vitalis.source_priority('hrv');
  v_readiness vitalis.data_source[] := vitalis.source_priority('readiness');
  v_recovery vitalis.data_source[] := vitalis.source_priority('recovery');
  v_sleep vitalis.data_source[] := vitalis.source_priority('sleep');
  v_activities vitalis.data_source[] := vitalis.source_priority('activities');
begin
  perform vitalis_private.assert_may_read(for_user);
  if days is null or days < 1 or days > 366 then
    raise exception 'days: must be between 1 and 366, got %', coalesce(days::text, 'null')
      using errcode = '22023', column = 'days', hint = 'Ask for at most a year (366 days); use the wearableDailies connection with aggregates for longer ranges.';
  end if;
  if v_user is null then
    return;
  end if;
  -- "Today" is the data owner's today; a viewer who may not read the owner's preferences gets
  -- their own time zone.
  select p.timezone into v_tz from vitalis.user_preferences p where p.user_id = v_user;
  if v_tz is null then
    select p.timezone into v_tz from vitalis.user_preferences p where p.user_id = vitalis.current_user_id();
  end if;
  v_to := (now() at time zone coalesce(v_tz, 'UTC'))::date;
  v_from := v_to - (days - 1);
  -- Dates compared with dates (plain values here), so partitions are pruned at plan time.
  return query
  with daily as (
    select d.date,
      (array_agg(d.steps order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.steps is not null))[1] as steps,
      (array_agg(d.source order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.steps is not null))[1] as steps_source,
      (array_agg(d.distance_m order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.distance_m is not null))[1] as distance_m,
      (array_agg(d.source order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.distance_m is not null))[1] as distance_m_source,
      (array_agg(d.active_calories_kcal order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.active_calories_kcal is not null))[1] as active_calories_kcal,
      (array_agg(d.source order by coalesce(array_position(v_steps, d.source), 1000), d.source) filter (where d.active_calories_kcal is not null))[1] as active_calories_kcal_source,
      (array_agg(d.resting_hr_bpm order by coalesce(array_position(v_heart_rate, d.source), 1000), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr_bpm,
      (array_agg(d.source order by coalesce(array_position(v_heart_rate, d.source), 1000), d.source) filter (where d.resting_hr_bpm is not null))[1] as resting_hr_bpm_source,
      (array_agg(d.hrv_rmssd_ms order by coalesce(array_position(v_hrv, d.source), 1000), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv_rmssd_ms,
      (array_agg(d.source order by coalesce(array_position(v_hrv, d.source), 1000), d.source) filter (where d.hrv_rmssd_ms is not null))[1] as hrv_rmssd_ms_source,
      (array_agg(d.readiness_score order by coalesce(array_position(v_readiness, d.source), 1000), d.source) filter (where d.readiness_score is not null))[1] as readiness_score,
      (array_agg(d.source order by coalesce(array_position(v_readiness, d.source), 1000), d.source) filter (where d.readiness_score is not null))[1] as readiness_score_source,
      (array_agg(d.recovery_score order by coalesce(array_position(v_recovery, d.source), 1000), d.source) filter (where d.recovery_score is not null))[1] as recovery_score,
      (array_agg(d.source order by coalesce(array_position(v_recovery, d.source), 1000), d.source) filter (where d.recovery_score is not null))[1] as recovery_score_source
    from vitalis.wearable_daily d
    where d.user_id = v_user and d.date between v_from and v_to
    group by d.date
  ), sleep as (
    select s.sleep_date as date,
      (array_agg(s.total_sleep_minutes order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes,
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.total_sleep_minutes is not null))[1] as total_sleep_minutes_source,
      (array_agg(s.sleep_score order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score,
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score_source,
      (array_agg(s.nap_minutes order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.nap_minutes is not null))[1] as nap_minutes,
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.nap_minutes is not null))[1] as nap_minutes_source
    from vitalis.wearable_sleep s
    where s.user_id = v_user and s.sleep_date between v_from and v_to
    group by s.sleep_date
  ), acts as materialized (
    select a.activity_id, a.activity_date, a.source, a.start_time,
           coalesce(a.end_time, a.start_time + make_interval(secs => coalesce(a.duration_seconds, 0))) as end_time,
           a.duration_seconds, coalesce(array_position(v_activities, a.source), 1000) as rank
    from vitalis.wearable_activities a
    where a.user_id = v_user and a.activity_date between v_from and v_to
  ), activities as (
    -- The same workout synced from two sources overlaps in time: keep the better source's.
    select a.activity_date as date, count(*)::integer as activities_count,
           coalesce(sum(a.duration_seconds), 0)::integer as activities_duration_seconds
    from acts a
    where not exists (
      select 1 from acts b
      where b.activity_date = a.activity_date and b.source <> a.source
        and (b.rank, b.source) < (a.rank, a.source)
        and b.start_time < a.end_time and a.start_time < b.end_time)
    group by a.activity_date
  )
  select g.day::date,
         daily.steps, daily.steps_source, daily.distance_m, daily.distance_m_source,
         daily.active_calories_kcal, daily.active_calories_kcal_source,
         daily.resting_hr_bpm, daily.resting_hr_bpm_source, daily.hrv_rmssd_ms::numeric, daily.hrv_rmssd_ms_source,
         daily.readiness_score, daily.readiness_score_source, daily.recovery_score, daily.recovery_score_source,
         sleep.total_sleep_minutes, sleep.total_sleep_minutes_source, sleep.sleep_score, sleep.sleep_score_source,
         coalesce(activities.activities_count, 0), coalesce(activities.activities_duration_seconds, 0),
         sleep.nap_minutes, sleep.nap_minutes_source
    from generate_series(v_from, v_to, interval '1 day') as g(day)
    left join daily on daily.date = g.day::date
    left join sleep on sleep.date = g.day::date
    left join activities on activities.date = g.day::date
   order by g.day;
end $$;


ALTER FUNCTION vitalis.dashboard(days integer, for_user uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION dashboard(days integer, for_user uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.dashboard(days integer, for_user uuid) IS '@behavior +list -connection
@listSuffix omit
The last `days` days (1-366, default 30, today included; "today" in the user''s time zone from their preferences), oldest first, one row per day even without data. Each metric is taken from the best source that reported it that day, by the default source priority (see sourcePriority); the matching *Source field says which. Pass forUser to read another person''s dashboard you have been given access to (household sharing); without access the days come back empty.';


--
-- Name: date_window_end(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.date_window_end(p_kind text) RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select case p_kind when 'plan' then make_date(extract(year from current_date)::int + 12, 1, 1)
                     else vitalis_private.partition_window_end() + 1 end
$$;


ALTER FUNCTION vitalis_private.date_window_end(p_kind text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION date_window_end(p_kind text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.date_window_end(p_kind text) IS 'First day refused: 1 January two years ahead (events: the end of next year, as the wearable partitions) or twelve (plans).';


--
-- Name: refuse_date(text, text, text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
begin
  raise exception '% must be on or after 2000-01-01 and before % (got %)', p_field, vitalis_private.date_window_end(p_kind), p_value
    using errcode = '23514', column = p_column;
end $$;


ALTER FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION refuse_date(p_field text, p_column text, p_kind text, p_value text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) IS 'The message of a failed <table>_<column>_window CHECK.';


--
-- Name: dexa_scans; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.dexa_scans (
    scan_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    provider text,
    scan_date date NOT NULL,
    age_at_scan numeric(4,1),
    height_in numeric(5,2),
    weight_lbs numeric(6,2),
    total_mass_lbs numeric(6,2),
    total_fat_lbs numeric(6,2),
    total_lean_lbs numeric(6,2),
    total_bmc_lbs numeric(6,2),
    total_body_fat_pct numeric(4,1),
    visceral_fat_lbs numeric(6,3),
    visceral_fat_in3 numeric(7,2),
    android_gynoid_ratio numeric(4,2),
    document_id uuid,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT dexa_scans_age_at_scan_range CHECK (((age_at_scan >= (0)::numeric) AND (age_at_scan <= (150)::numeric))),
    CONSTRAINT dexa_scans_android_gynoid_ratio_range CHECK (((android_gynoid_ratio >= (0)::numeric) AND (android_gynoid_ratio <= (10)::numeric))),
    CONSTRAINT dexa_scans_height_in_range CHECK (((height_in >= (20)::numeric) AND (height_in <= (110)::numeric))),
    CONSTRAINT dexa_scans_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT dexa_scans_provider_length CHECK (((provider IS NULL) OR (length(provider) <= 200) OR vitalis_private.refuse('provider must be at most 200 characters'::text, 'provider'::text))),
    CONSTRAINT dexa_scans_scan_date_window CHECK (((scan_date IS NULL) OR ((scan_date >= '2000-01-01'::date) AND (scan_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('scanDate'::text, 'scan_date'::text, 'event'::text, (scan_date)::text))),
    CONSTRAINT dexa_scans_total_bmc_lbs_range CHECK (((total_bmc_lbs >= (0)::numeric) AND (total_bmc_lbs <= (50)::numeric))),
    CONSTRAINT dexa_scans_total_body_fat_pct_range CHECK (((total_body_fat_pct >= (1)::numeric) AND (total_body_fat_pct <= (80)::numeric))),
    CONSTRAINT dexa_scans_total_fat_lbs_range CHECK (((total_fat_lbs >= (0)::numeric) AND (total_fat_lbs <= (1000)::numeric))),
    CONSTRAINT dexa_scans_total_lean_lbs_range CHECK (((total_lean_lbs >= (0)::numeric) AND (total_lean_lbs <= (1000)::numeric))),
    CONSTRAINT dexa_scans_total_mass_lbs_range CHECK (((total_mass_lbs >= (20)::numeric) AND (total_mass_lbs <= (1000)::numeric))),
    CONSTRAINT dexa_scans_visceral_fat_in3_range CHECK (((visceral_fat_in3 >= (0)::numeric) AND (visceral_fat_in3 <= (1000)::numeric))),
    CONSTRAINT dexa_scans_visceral_fat_lbs_range CHECK (((visceral_fat_lbs >= (0)::numeric) AND (visceral_fat_lbs <= (100)::numeric))),
    CONSTRAINT dexa_scans_weight_lbs_range CHECK (((weight_lbs >= (20)::numeric) AND (weight_lbs <= (1000)::numeric)))
);

ALTER TABLE ONLY vitalis.dexa_scans FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.dexa_scans OWNER TO vitalis_owner;

--
-- Name: TABLE dexa_scans; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.dexa_scans IS 'One DEXA scan session: whole-body composition totals. Regions and bone density are in dexa_regions and dexa_bone_density.';


--
-- Name: COLUMN dexa_scans.provider; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.provider IS 'Scan provider, e.g. DexaFit, BodySpec.';


--
-- Name: COLUMN dexa_scans.height_in; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.height_in IS 'Height in inches as measured at the scan.';


--
-- Name: COLUMN dexa_scans.weight_lbs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.weight_lbs IS 'Scale weight the same day, in pounds.';


--
-- Name: COLUMN dexa_scans.total_mass_lbs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.total_mass_lbs IS 'Total mass measured by DEXA (may differ from the scale).';


--
-- Name: COLUMN dexa_scans.total_bmc_lbs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.total_bmc_lbs IS 'Bone mineral content, in pounds.';


--
-- Name: COLUMN dexa_scans.visceral_fat_in3; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.visceral_fat_in3 IS 'Visceral adipose tissue volume, in cubic inches.';


--
-- Name: COLUMN dexa_scans.android_gynoid_ratio; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_scans.android_gynoid_ratio IS 'Android (belly) to gynoid (hip) fat ratio.';


--
-- Name: dexa_scans_height_display(vitalis.dexa_scans); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select vitalis_private.display_value(s.height_in, 'in', 'height', 1)
$$;


ALTER FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) OWNER TO vitalis_owner;

--
-- Name: FUNCTION dexa_scans_height_display(s vitalis.dexa_scans); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) IS 'heightIn in the signed-in user''s height unit (in or cm), 1 decimal.';


--
-- Name: dexa_scans_weight_display(vitalis.dexa_scans); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select vitalis_private.display_value(s.weight_lbs, 'lb', 'weight', 1)
$$;


ALTER FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) OWNER TO vitalis_owner;

--
-- Name: FUNCTION dexa_scans_weight_display(s vitalis.dexa_scans); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) IS 'weightLbs (scale weight) in the signed-in user''s weight unit (lbs or kg), 1 decimal.';


--
-- Name: insights; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.insights (
    insight_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    insight_type vitalis.insight_type,
    title text NOT NULL,
    body text NOT NULL,
    metric_a text,
    metric_b text,
    correlation_r numeric(4,3),
    p_value numeric(8,6),
    data_points integer,
    valid_from date,
    valid_until date,
    is_dismissed boolean DEFAULT false,
    dismissed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT insights_correlation_r_check CHECK (((correlation_r >= ('-1'::integer)::numeric) AND (correlation_r <= (1)::numeric))),
    CONSTRAINT insights_data_points_check CHECK ((data_points >= 0)),
    CONSTRAINT insights_p_value_check CHECK (((p_value >= (0)::numeric) AND (p_value <= (1)::numeric)))
);

ALTER TABLE ONLY vitalis.insights FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.insights OWNER TO vitalis_owner;

--
-- Name: TABLE insights; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.insights IS 'A computed correlation, trend or recommendation, cached for the dashboard and refreshed nightly.';


--
-- Name: COLUMN insights.correlation_r; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.insights.correlation_r IS 'Pearson r, when the insight is a correlation.';


--
-- Name: COLUMN insights.data_points; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.insights.data_points IS 'Number of observations the analysis used.';


--
-- Name: COLUMN insights.valid_until; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.insights.valid_until IS 'Cache expiry; new data invalidates earlier.';


--
-- Name: dismiss_insight(uuid, boolean); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.dismiss_insight(insight_id uuid, dismissed boolean DEFAULT true) RETURNS vitalis.insights
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_insight vitalis.insights;
begin
  update vitalis.insights i
     set is_dismissed = coalesce(dismiss_insight.dismissed, true),
         dismissed_at = case when coalesce(dismiss_insight.dismissed, true) then coalesce(i.dismissed_at, now()) end
   where i.insight_id = dismiss_insight.insight_id and i.user_id = vitalis.current_user_id()
  returning i.* into v_insight;
  if v_insight.insight_id is null then
    raise exception 'insightId: no insight of yours has this id' using errcode = 'P0002', column = 'insight_id';
  end if;
  return v_insight;
end $$;


ALTER FUNCTION vitalis.dismiss_insight(insight_id uuid, dismissed boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION dismiss_insight(insight_id uuid, dismissed boolean); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.dismiss_insight(insight_id uuid, dismissed boolean) IS 'Hides one of your insights (dismissed: false shows it again); dismissedAt is when you dismissed it.';


--
-- Name: profile_shares; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.profile_shares (
    share_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    viewer_user_id uuid,
    granted_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    may_review_documents boolean DEFAULT false NOT NULL,
    CONSTRAINT profile_shares_not_self CHECK ((viewer_user_id <> user_id)),
    CONSTRAINT profile_shares_revoked_after_granted CHECK (((revoked_at IS NULL) OR (revoked_at >= granted_at)))
);

ALTER TABLE ONLY vitalis.profile_shares FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.profile_shares OWNER TO vitalis_owner;

--
-- Name: TABLE profile_shares; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.profile_shares IS 'Read-only profile sharing inside a household: the owner (user_id) lets a member of the same account (viewer_user_id) read their data. Written by grant_profile_view and revoke_profile_view only; a revoked share stays as history.';


--
-- Name: COLUMN profile_shares.user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.profile_shares.user_id IS 'The profile owner whose data is shared.';


--
-- Name: COLUMN profile_shares.viewer_user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.profile_shares.viewer_user_id IS 'The member who may read it; NULL once that user was erased (the share then grants nothing).';


--
-- Name: COLUMN profile_shares.revoked_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.profile_shares.revoked_at IS 'When the owner withdrew the share; effective from the next request.';


--
-- Name: COLUMN profile_shares.may_review_documents; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.profile_shares.may_review_documents IS 'The viewer may also review, correct and confirm the owner''s uploaded reports (a parent for a child, a carer): granted with grantDocumentReview.';


--
-- Name: grant_document_review(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.grant_document_review(reviewer uuid) RETURNS vitalis.profile_shares
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_share vitalis.profile_shares;
begin
  v_share := vitalis.grant_profile_view(reviewer);
  update vitalis.profile_shares s set may_review_documents = true where s.share_id = v_share.share_id returning * into v_share;
  return v_share;
end $$;


ALTER FUNCTION vitalis.grant_document_review(reviewer uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION grant_document_review(reviewer uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.grant_document_review(reviewer uuid) IS 'Lets another member of your household account read your data and also review, correct and confirm your uploaded reports.';


--
-- Name: grant_profile_view(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.grant_profile_view(viewer uuid) RETURNS vitalis.profile_shares
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_me uuid := vitalis.current_user_id();
  v_gate text;
  v_share vitalis.profile_shares;
begin
  if v_me is null then
    raise exception 'sign in to share your profile' using errcode = '42501';
  end if;
  if viewer is null or viewer = v_me then
    raise exception 'viewer: choose another member of your household to share with' using errcode = '22023', column = 'viewer';
  end if;
  v_gate := vitalis_private.household_gate_open();
  -- Same message whether the user does not exist or is in another account: no probing.
  if not exists (select 1 from vitalis.users me join vitalis.users v on v.account_id = me.account_id
                  where me.user_id = v_me and v.user_id = viewer and v.deleted_at is null) then
    raise exception 'viewer: you can only share your profile with members of your own household account' using errcode = '22023', column = 'viewer';
  end if;
  select s.* into v_share from vitalis.profile_shares s
   where s.user_id = v_me and s.viewer_user_id = viewer and s.revoked_at is null;
  if not found then
    insert into vitalis.profile_shares (user_id, viewer_user_id) values (v_me, viewer) returning * into v_share;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return v_share;
end $$;


ALTER FUNCTION vitalis.grant_profile_view(viewer uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION grant_profile_view(viewer uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.grant_profile_view(viewer uuid) IS 'Lets another member of your household account read (never change) your data. Granting twice keeps the existing share.';


--
-- Name: invite_household_member(text); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.invite_household_member(email text, OUT invite_id uuid, OUT token text) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $_$
declare
  v_me uuid := vitalis.current_user_id();
  v_email text := lower(btrim(email));
  v_gate text;
  v_account vitalis.accounts;
  v_members integer;
begin
  if v_me is null then
    raise exception 'sign in to invite members' using errcode = '42501';
  end if;
  if v_email is null or v_email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(v_email) > 320 then
    raise exception 'email: % is not an email address', coalesce(quote_literal(email), 'NULL') using errcode = '22023', column = 'email';
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.* into v_account from vitalis.accounts a
   where a.account_id = (select u.account_id from vitalis.users u where u.user_id = v_me) for update;
  if v_account.owner_user_id is distinct from v_me then
    raise exception 'only the owner of the account may invite members' using errcode = '42501';
  end if;
  if v_account.subscription_tier <> 'family' then
    raise exception 'email: only a family account can have members; this account is on the % tier', v_account.subscription_tier
      using errcode = '23514', column = 'email', hint = 'Upgrade to the family tier first.';
  end if;
  if v_account.subscription_status not in ('active', 'trialing') then
    raise exception 'email: the family subscription is %', v_account.subscription_status using errcode = '23514', column = 'email';
  end if;
  if exists (select 1 from vitalis.users u where u.account_id = v_account.account_id and u.email = v_email) then
    raise exception 'email: % is already a member of this account', v_email using errcode = '23505', column = 'email';
  end if;
  select count(*) into v_members from vitalis.users u where u.account_id = v_account.account_id;
  if v_members >= v_account.max_users then
    raise exception 'email: the account is full (a % account holds at most % %)', v_account.subscription_tier, v_account.max_users,
      case when v_account.max_users = 1 then 'user' else 'users' end
      using errcode = '23514', column = 'email';
  end if;
  -- A new invitation to the same address replaces the previous one.
  update vitalis.household_invites i set revoked_at = now()
   where i.account_id = v_account.account_id and i.email = v_email and i.accepted_at is null and i.revoked_at is null;
  token := encode(public.gen_random_bytes(32), 'hex');
  insert into vitalis.household_invites (user_id, account_id, email, token_hash)
  values (v_me, v_account.account_id, v_email, sha256(convert_to(token, 'UTF8')))
  returning household_invites.invite_id into invite_id;
  perform vitalis_private.household_gate_close(v_gate);
end $_$;


ALTER FUNCTION vitalis.invite_household_member(email text, OUT invite_id uuid, OUT token text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION invite_household_member(email text, OUT invite_id uuid, OUT token text); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.invite_household_member(email text, OUT invite_id uuid, OUT token text) IS 'The owner of a family account invites someone by email. Returns the invitation id and its token, once: send the token by email; only its hash is stored. Refused when the account is not family tier or is full.';


--
-- Name: latest_biomarkers(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.latest_biomarkers(for_user uuid DEFAULT NULL::uuid) RETURNS SETOF vitalis.biomarker_result
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
begin
  perform vitalis_private.assert_may_read(for_user);
  return query
  select l.biomarker_id, l.canonical_name, l.display_name, l.category, l.marker_id, l.panel_id, l.collected_at,
         l.value_canonical, l.value_text, l.unit, l.normal_low, l.normal_high, l.optimal_low, l.optimal_high, l.flag, l.in_range
    from (
      select distinct on (d.biomarker_id)
             d.biomarker_id, d.canonical_name, d.display_name, d.category,
             m.marker_id, m.panel_id, p.collected_at, m.value_canonical::numeric as value_canonical, m.value_text, d.canonical_unit as unit,
             d.normal_low::numeric as normal_low, d.normal_high::numeric as normal_high,
             case u.biological_sex when 'female' then d.optimal_low_female when 'male' then d.optimal_low_male else m.optimal_low end::numeric as optimal_low,
             case u.biological_sex when 'female' then d.optimal_high_female when 'male' then d.optimal_high_male else m.optimal_high end::numeric as optimal_high,
             m.flag, m.in_range, d.sort_order
        from vitalis.blood_markers m
        join vitalis.blood_panels p on p.panel_id = m.panel_id and p.user_id = m.user_id
        join vitalis.biomarker_dictionary d on d.biomarker_id = m.biomarker_id
        left join vitalis.users u on u.user_id = m.user_id
       where m.user_id = coalesce(latest_biomarkers.for_user, vitalis.current_user_id())
         and p.deleted_at is null
       order by d.biomarker_id, p.collected_at desc nulls last, m.created_at desc
    ) l
   order by l.category, l.sort_order nulls last, l.canonical_name;
end $$;


ALTER FUNCTION vitalis.latest_biomarkers(for_user uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION latest_biomarkers(for_user uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.latest_biomarkers(for_user uuid) IS '@behavior +list -connection
@listSuffix omit
The most recent result of every biomarker the person has, by dictionary category and order, in canonical units with reference and optimal bands and the lab flag. forUser reads another person''s results you have been given access to.';


--
-- Name: lifting_sets; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.lifting_sets (
    set_id uuid DEFAULT gen_random_uuid() NOT NULL,
    session_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    exercise_id uuid,
    set_number smallint,
    exercise_order smallint,
    weight_lbs numeric(6,2),
    reps smallint,
    rpe numeric(3,1),
    is_warmup boolean DEFAULT false,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    distance_m numeric(9,2),
    duration_seconds integer,
    CONSTRAINT lifting_sets_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (1000000)::numeric))),
    CONSTRAINT lifting_sets_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 86400))),
    CONSTRAINT lifting_sets_exercise_order_range CHECK (((exercise_order >= 1) AND (exercise_order <= 999))),
    CONSTRAINT lifting_sets_has_measure CHECK (((reps IS NOT NULL) OR (distance_m IS NOT NULL) OR (duration_seconds IS NOT NULL) OR vitalis_private.refuse('a set needs reps, distanceM or durationSeconds'::text, 'reps'::text))),
    CONSTRAINT lifting_sets_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT lifting_sets_reps_range CHECK (((reps >= 1) AND (reps <= 999))),
    CONSTRAINT lifting_sets_rpe_range CHECK (((rpe >= (0)::numeric) AND (rpe <= (10)::numeric))),
    CONSTRAINT lifting_sets_set_number_range CHECK (((set_number >= 1) AND (set_number <= 999))),
    CONSTRAINT lifting_sets_weight_lbs_range CHECK (((weight_lbs >= (0)::numeric) AND (weight_lbs <= (2000)::numeric)))
);

ALTER TABLE ONLY vitalis.lifting_sets FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.lifting_sets OWNER TO vitalis_owner;

--
-- Name: TABLE lifting_sets; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.lifting_sets IS 'One set within a lifting session.';


--
-- Name: COLUMN lifting_sets.set_number; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sets.set_number IS 'Order of the set within its exercise block.';


--
-- Name: COLUMN lifting_sets.exercise_order; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sets.exercise_order IS 'Order of the exercise within the session.';


--
-- Name: COLUMN lifting_sets.reps; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sets.reps IS 'Repetitions; null for a set measured only by distance or time (a set needs reps, a distance or a duration).';


--
-- Name: COLUMN lifting_sets.rpe; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sets.rpe IS 'Rate of perceived exertion, 0-10.';


--
-- Name: COLUMN lifting_sets.distance_m; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sets.distance_m IS 'Distance of a distance set (rowing machine, treadmill, sled push, carry), in metres; null when the set has none.';


--
-- Name: COLUMN lifting_sets.duration_seconds; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sets.duration_seconds IS 'Time of a timed set (plank, bike, treadmill), in seconds; null when the set has none.';


--
-- Name: CONSTRAINT lifting_sets_has_measure ON lifting_sets; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON CONSTRAINT lifting_sets_has_measure ON vitalis.lifting_sets IS 'A set records what was done: reps, a distance or a duration (weight alone says nothing).';


--
-- Name: lifting_sets_distance_display(vitalis.lifting_sets); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select vitalis_private.display_value(s.distance_m, 'm', 'distance', 2)
$$;


ALTER FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) OWNER TO vitalis_owner;

--
-- Name: FUNCTION lifting_sets_distance_display(s vitalis.lifting_sets); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) IS 'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';


--
-- Name: lifting_sets_weight_display(vitalis.lifting_sets); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select vitalis_private.display_value(s.weight_lbs, 'lb', 'weight', 1)
$$;


ALTER FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) OWNER TO vitalis_owner;

--
-- Name: FUNCTION lifting_sets_weight_display(s vitalis.lifting_sets); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) IS 'weightLbs (the load lifted) in the signed-in user''s weight unit (lbs or kg), 1 decimal.';


--
-- Name: measurement_in_range(vitalis.measurement_metric, numeric, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select coalesce(c.v between b.min_value and b.max_value, false)
    from vitalis_private.measurement_bounds(p_metric) b,
         (select vitalis_private.measurement_canonical(p_metric, p_value, p_unit) as v) c
$$;


ALTER FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) IS 'CHECK measurements_value_range: the value, in a unit of the metric''s kind, within the metric''s range.';


--
-- Name: refuse_measurement(vitalis.measurement_metric, numeric, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
  b record;
begin
  select * into b from vitalis_private.measurement_bounds(p_metric);
  if p_value is not null and vitalis_private.measurement_canonical(p_metric, p_value, p_unit) is null then
    raise exception 'unit "%" is not a unit for % (accepted: %)', p_unit, p_metric, case b.kind
        when 'mass_lb' then 'lb, kg, g, st' when 'mass_kg' then 'kg, lb, g, st' when 'length_cm' then 'cm, m, mm, in, ft'
        when 'temperature_c' then 'degC, degF, K' when 'pressure_mmhg' then 'mmHg, kPa' when 'glucose_mgdl' then 'mg/dL, mmol/L' end
      using errcode = '23514', column = 'unit';
  end if;
  raise exception '%', format('value for %s must be between %s and %s%s', p_metric, b.min_value, b.max_value,
    case when b.unit = '' then '' else ' ' || b.unit end) using errcode = '23514', column = 'value';
end $$;


ALTER FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) IS 'The message of a failed measurements_value_range: names the unit or the value and the metric''s range.';


--
-- Name: measurements; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.measurements (
    measurement_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    metric vitalis.measurement_metric NOT NULL,
    value numeric(10,3) NOT NULL,
    unit text NOT NULL,
    measured_at timestamp with time zone NOT NULL,
    source vitalis.data_source,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT measurements_measured_at_window CHECK (((measured_at IS NULL) OR ((measured_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (measured_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('measuredAt'::text, 'measured_at'::text, 'event'::text, (measured_at)::text))),
    CONSTRAINT measurements_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT measurements_unit_length CHECK (((unit IS NULL) OR (length(unit) <= 200) OR vitalis_private.refuse('unit must be at most 200 characters'::text, 'unit'::text))),
    CONSTRAINT measurements_value_finite CHECK ((value <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric]))),
    CONSTRAINT measurements_value_range CHECK ((vitalis_private.measurement_in_range(metric, value, unit) OR vitalis_private.refuse_measurement(metric, value, unit)))
);

ALTER TABLE ONLY vitalis.measurements FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.measurements OWNER TO vitalis_owner;

--
-- Name: TABLE measurements; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.measurements IS 'A body measurement at a point in time: weight, blood pressure, temperature, body fat, ...';


--
-- Name: COLUMN measurements.value; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.measurements.value IS 'The value in unit, within its metric''s range (e.g. weight 20-1000 lbs in any mass unit, height 30-300 cm, spo2 50-100 %, body temperature 25-45 degC).';


--
-- Name: COLUMN measurements.unit; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.measurements.unit IS 'Unit of value, e.g. lbs, kg, mmHg, degF, %.';


--
-- Name: measurements_value_display(vitalis.measurements); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.measurements_value_display(m vitalis.measurements) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
           vitalis_private.display_value(m.value, m.unit,
             case
               when m.metric in ('weight', 'lean_mass', 'muscle_mass', 'bone_mass') then 'weight'
               when m.metric in ('height', 'waist_circumference', 'hip_circumference', 'neck_circumference', 'chest_circumference') then 'height'
               when m.metric = 'body_temperature' then 'temperature'
             end,
             1),
           -- Other metrics, and units that cannot be converted, are shown as stored.
           row(m.value, m.unit)::vitalis.display_value)
$$;


ALTER FUNCTION vitalis.measurements_value_display(m vitalis.measurements) OWNER TO vitalis_owner;

--
-- Name: FUNCTION measurements_value_display(m vitalis.measurements); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.measurements_value_display(m vitalis.measurements) IS 'value in the signed-in user''s units: weight, lean/muscle/bone mass in lbs or kg; height and circumferences in in or cm; body temperature in F or C (1 decimal). Other metrics as stored.';


--
-- Name: normalize_unit(text); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.normalize_unit(p_unit text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$
  select case
      when k in ('', 'none', 'n/a', 'na') then ''
      when k in ('lb', 'lbs', 'pound', 'pounds', '#') then 'lb'
      when k in ('kg', 'kgs', 'kilogram', 'kilograms') then 'kg'
      when k in ('g', 'gram', 'grams', 'gm') then 'g'
      when k in ('in', 'inch', 'inches', '"') then 'in'
      when k in ('ft', 'feet', 'foot') then 'ft'
      when k in ('mi', 'mile', 'miles') then 'mi'
      when k in ('f', 'degf', '°f', 'fahrenheit', '[degf]') then 'degf'
      when k in ('c', 'degc', '°c', 'celsius', 'cel') then 'degc'
      when k in ('percent', 'pct', '%') then '%'
      when k in ('mm[hg]', 'mmhg') then 'mmhg'
      when k in ('bpm', '/min', 'beats/min', '{beats}/min') then 'bpm'
      when k in ('ml/min/1.73', 'ml/min/1.73m2', 'ml/min/{1.73_m2}', 'ml/min/1.73m^2') then 'ml/min/1.73m2'
      when k in ('a', 'å', 'angstrom', 'angstroms') then 'angstrom'
      when k in ('mm/h', 'mm/hr', 'mm/hour') then 'mm/h'
      when k in ('mg/gcreat', 'mg/g{creat}', 'mg/gcreatinine') then 'mg/g'
      else k
    end
  from (
    select regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
             -- UCUM brackets ([IU], [degF]) carry no meaning for matching
             translate(lower(regexp_replace(btrim(p_unit), '\s+', '', 'g')), 'µμ×[]', 'uux'),
             'mcg', 'ug', 'g'),
             '/mm3$', '/ul'),
             -- x10E3/uL, x10^3/uL, 10*3/uL, x10(3)/uL, 10e3/uL -> 10^3/ul (also 6, 9, 12)
             '^x?10(\^|e|\*|\()?(\d+)\)?/', '10^\2/'),
             '^(k|thou|thousand)/', '10^3/'),
             '^(m|mil|million|mill)/ul$', '10^6/ul'),
             '^x1000/', '10^3/') as k
  ) s
$_$;


ALTER FUNCTION vitalis.normalize_unit(p_unit text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION normalize_unit(p_unit text); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.normalize_unit(p_unit text) IS 'Normalised comparison key for a unit spelling: case, spaces, micro signs and count notations folded (x10E3/uL = 10^3/uL = K/uL).';


--
-- Name: request_account_deletion(); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.request_account_deletion() RETURNS vitalis.deletion_requests
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_request vitalis.deletion_requests;
begin
  if vitalis.current_user_id() is null then
    raise exception 'sign in to request the deletion of your account' using errcode = '42501';
  end if;
  -- Asking again returns the request already running its grace period.
  select r.* into v_request from vitalis.deletion_requests r
   where r.user_id = vitalis.current_user_id() and r.status = 'pending' order by r.requested_at desc limit 1;
  if v_request.request_id is null then
    insert into vitalis.deletion_requests (user_id) values (vitalis.current_user_id()) returning * into v_request;
  end if;
  return v_request;
end $$;


ALTER FUNCTION vitalis.request_account_deletion() OWNER TO vitalis_owner;

--
-- Name: FUNCTION request_account_deletion(); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.request_account_deletion() IS 'Records a request to erase your account and all its data once its 30-day grace period (gracePeriodEndsAt) has passed; asking again returns the pending request. The erasure itself is not processed yet.';


--
-- Name: request_provider_sync(vitalis.data_source, boolean); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.request_provider_sync(source vitalis.data_source, backfill boolean DEFAULT false) RETURNS vitalis.ingestion_jobs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
  v_type vitalis.job_type := case when backfill then 'backfill' else 'daily_sync' end;
  v_job vitalis.ingestion_jobs;
  v_job_id uuid;
begin
  if v_user is null then
    raise exception 'no signed-in user' using errcode = '28000';
  end if;
  if not exists (select 1 from vitalis.connected_devices d where d.user_id = v_user and d.source = request_provider_sync.source and d.is_active) then
    raise exception 'source: % is not connected for this user (connect it first)', request_provider_sync.source using errcode = '23514', column = 'source';
  end if;
  -- One sync of a kind at a time: asking again while one is waiting returns that one.
  select * into v_job from vitalis.ingestion_jobs j
   where j.user_id = v_user and j.source = request_provider_sync.source and j.job_type = v_type
     and j.status in ('queued', 'running', 'retrying')
   order by j.queued_at desc limit 1;
  if found then
    return v_job;
  end if;
  v_job_id := vitalis_private.enqueue_ingestion_job(v_user, v_type, request_provider_sync.source,
                                                    jsonb_build_object('mode', case when backfill then 'backfill' else 'daily' end));
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = v_job_id;
  return v_job;
end
$$;


ALTER FUNCTION vitalis.request_provider_sync(source vitalis.data_source, backfill boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION request_provider_sync(source vitalis.data_source, backfill boolean); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.request_provider_sync(source vitalis.data_source, backfill boolean) IS '@resultFieldName ingestionJob
Queues a sync of a connected provider (backfill: its whole history window; otherwise since the last sync). Returns the job to follow; while one is already waiting or running, returns that one.';


--
-- Name: revise_document_header(uuid, jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.revise_document_header(document_id uuid, changes jsonb) RETURNS vitalis.documents
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_reviewer uuid := vitalis_private.act_for_document(revise_document_header.document_id);
  v_doc vitalis.documents;
begin
  select d.* into v_doc from vitalis.documents d where d.document_id = revise_document_header.document_id for update;
  perform vitalis_private.assert_reviewable(v_doc);
  update vitalis.documents d
     set parse_result = jsonb_set(d.parse_result, '{header}', vitalis_private.apply_revision(coalesce(d.parse_result -> 'header', '{}'), 'header', changes)),
         provider_name = coalesce(changes ->> 'provider', d.provider_name)
   where d.document_id = v_doc.document_id
  returning * into v_doc;
  perform vitalis_private.restore_reviewer(v_reviewer);
  return v_doc;
end $$;


ALTER FUNCTION vitalis.revise_document_header(document_id uuid, changes jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revise_document_header(document_id uuid, changes jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.revise_document_header(document_id uuid, changes jsonb) IS 'Corrects a parsed report''s header before it is confirmed: provider (the lab or company), orderingProvider, panelName, collectedAt, reportedAt (YYYY-MM-DD or an ISO timestamp), specimenId, kitId, fasting, methylationClock.';


--
-- Name: revise_document_item(uuid, text, jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) RETURNS vitalis.documents
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_reviewer uuid := vitalis_private.act_for_document(revise_document_item.document_id);
  v_index integer;
  v_item jsonb;
  v_doc vitalis.documents;
begin
  select d.* into v_doc from vitalis.documents d where d.document_id = revise_document_item.document_id for update;
  perform vitalis_private.assert_reviewable(v_doc);
  select (e.ordinality - 1)::integer, e.value into v_index, v_item
    from jsonb_array_elements(v_doc.parse_result -> 'items') with ordinality e
   where e.value ->> 'id' = item_id;
  if v_item is null then
    raise exception 'itemId: no such item in this report''s draft' using errcode = 'VT404', column = 'item_id';
  end if;
  update vitalis.documents d
     set parse_result = jsonb_set(d.parse_result, array['items', v_index::text], vitalis_private.apply_revision(v_item, v_item ->> 'type', changes))
   where d.document_id = v_doc.document_id
  returning * into v_doc;
  perform vitalis_private.restore_reviewer(v_reviewer);
  return v_doc;
end $$;


ALTER FUNCTION vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revise_document_item(document_id uuid, item_id text, changes jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) IS 'Corrects one item of a parsed report''s draft before it is confirmed: changes is an object of the fields to change (a lab result''s value, unit, range, flag, name or biomarkerId; a DEXA or epigenetic value; "rejected": true strikes the item). Each changed field is listed in the item''s corrected list. The owner, or a household member granted review, may call it.';


--
-- Name: revoke_document_review(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.revoke_document_review(reviewer uuid) RETURNS vitalis.profile_shares
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_share vitalis.profile_shares;
begin
  update vitalis.profile_shares s set may_review_documents = false
   where s.user_id = vitalis.current_user_id() and s.viewer_user_id = reviewer and s.revoked_at is null
  returning * into v_share;
  if v_share.share_id is null then
    raise exception 'reviewer: you have not shared your profile with this member' using errcode = 'VT404', column = 'reviewer';
  end if;
  return v_share;
end $$;


ALTER FUNCTION vitalis.revoke_document_review(reviewer uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revoke_document_review(reviewer uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.revoke_document_review(reviewer uuid) IS 'Takes back the right to review your reports; the member can still read your data until you revoke the profile view.';


--
-- Name: revoke_household_invite(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.revoke_household_invite(invite_id uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  update vitalis.household_invites i set revoked_at = now()
   where i.invite_id = revoke_household_invite.invite_id and i.user_id = vitalis.current_user_id()
     and i.accepted_at is null and i.revoked_at is null;
  return found;
end $$;


ALTER FUNCTION vitalis.revoke_household_invite(invite_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revoke_household_invite(invite_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.revoke_household_invite(invite_id uuid) IS 'Withdraws an invitation the signed-in user sent, if it is still open. Returns whether one was withdrawn.';


--
-- Name: revoke_profile_view(uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.revoke_profile_view(viewer uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  update vitalis.profile_shares s set revoked_at = now()
   where s.user_id = vitalis.current_user_id() and s.viewer_user_id = viewer and s.revoked_at is null;
  return found;
end $$;


ALTER FUNCTION vitalis.revoke_profile_view(viewer uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revoke_profile_view(viewer uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.revoke_profile_view(viewer uuid) IS 'Withdraws a profile share; it stops working from the next request. Returns whether a live share was withdrawn.';


--
-- Name: user_timezones; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.user_timezones (
    timezone_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    utc_offset_minutes smallint,
    valid_from timestamp with time zone DEFAULT now() NOT NULL,
    valid_to timestamp with time zone,
    source text DEFAULT 'user'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_timezones_learned_offset CHECK (((source = 'learned'::text) = (utc_offset_minutes IS NOT NULL))),
    CONSTRAINT user_timezones_source_check CHECK ((source = ANY (ARRAY['user'::text, 'client'::text, 'learned'::text]))),
    CONSTRAINT user_timezones_timezone_check CHECK (((length(timezone) <= 64) AND (timezone ~ '^[A-Za-z][A-Za-z0-9_/+-]*$'::text) AND ((now() AT TIME ZONE timezone) IS NOT NULL))),
    CONSTRAINT user_timezones_utc_offset_minutes_range CHECK (((utc_offset_minutes >= '-720'::integer) AND (utc_offset_minutes <= 840))),
    CONSTRAINT user_timezones_valid_to_after_from CHECK (((valid_to IS NULL) OR (valid_to > valid_from)))
);

ALTER TABLE ONLY vitalis.user_timezones FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.user_timezones OWNER TO vitalis_owner;

--
-- Name: TABLE user_timezones; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.user_timezones IS 'Where the user was, as time-zone ranges: set by the user or a client app, or learned from data that carries UTC offsets (Apple Health, Garmin). Offset-less data (Fitbit local times) is placed with the zone valid at that time. Ranges of one user never overlap.';


--
-- Name: COLUMN user_timezones.timezone; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_timezones.timezone IS 'IANA time zone name in force during the range. A learned range holds a fixed-offset zone with the observed offset (Etc/GMT-5 for UTC+05:00).';


--
-- Name: COLUMN user_timezones.utc_offset_minutes; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_timezones.utc_offset_minutes IS 'Learned ranges only: the UTC offset observed in the data, in minutes east of UTC (+330 for +05:30); the evidence the timezone was chosen from.';


--
-- Name: COLUMN user_timezones.valid_from; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_timezones.valid_from IS 'First instant the zone applies (inclusive).';


--
-- Name: COLUMN user_timezones.valid_to; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_timezones.valid_to IS 'Instant the zone stops applying (exclusive); NULL while it still applies.';


--
-- Name: COLUMN user_timezones.source; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_timezones.source IS 'user (set by the person), client (set by an app, e.g. from the phone''s zone), learned (from offsets in imported or synced data; never overrides the other two).';


--
-- Name: set_timezone(text, timestamp with time zone, text); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.set_timezone(timezone text, valid_from timestamp with time zone DEFAULT now(), source text DEFAULT 'user'::text) RETURNS vitalis.user_timezones
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
  v_from timestamptz := coalesce(set_timezone.valid_from, now());
  v_current vitalis.user_timezones;
  v_next timestamptz;
  v_row vitalis.user_timezones;
begin
  if v_user is null then
    raise exception 'sign in to set a time zone' using errcode = '42501';
  end if;
  if not vitalis_private.is_time_zone_name(set_timezone.timezone) then
    raise exception 'timezone must be a known time zone name, e.g. Europe/Paris' using errcode = '23514', column = 'timezone';
  end if;
  if set_timezone.source is null or set_timezone.source not in ('user', 'client') then
    raise exception 'source must be user or client' using errcode = '23514', column = 'source';
  end if;
  if v_from < '1900-01-01' or v_from > now() + interval '1 year' then
    raise exception 'validFrom must be between 1900-01-01 and a year from now' using errcode = '23514', column = 'valid_from';
  end if;

  -- One user's ranges change one at a time.
  perform pg_advisory_xact_lock(hashtext('vitalis.user_timezones'), hashtext(v_user::text));

  select t.* into v_current from vitalis.user_timezones t
   where t.user_id = v_user and t.source <> 'learned' and t.valid_from <= v_from and (t.valid_to is null or v_from < t.valid_to);
  if found and v_current.timezone = set_timezone.timezone then
    return v_current; -- already in force: nothing changes
  end if;
  -- The new range runs until the next user- or client-set range (or stays open).
  select min(t.valid_from) into v_next from vitalis.user_timezones t
   where t.user_id = v_user and t.source <> 'learned' and t.valid_from > v_from;
  if v_current.timezone_id is not null then
    if v_current.valid_from = v_from then
      delete from vitalis.user_timezones t where t.timezone_id = v_current.timezone_id;
    else
      update vitalis.user_timezones t set valid_to = v_from where t.timezone_id = v_current.timezone_id;
    end if;
  end if;
  perform vitalis_private.clear_learned(v_user, tstzrange(v_from, v_next));
  insert into vitalis.user_timezones (user_id, timezone, valid_from, valid_to, source)
  values (v_user, set_timezone.timezone, v_from, v_next, set_timezone.source)
  returning * into v_row;

  if v_from <= now() and (v_next is null or now() < v_next) then
    update vitalis.user_preferences p set timezone = set_timezone.timezone where p.user_id = v_user and p.timezone is distinct from set_timezone.timezone;
  end if;
  return v_row;
end $$;


ALTER FUNCTION vitalis.set_timezone(timezone text, valid_from timestamp with time zone, source text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION set_timezone(timezone text, valid_from timestamp with time zone, source text); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.set_timezone(timezone text, valid_from timestamp with time zone, source text) IS '@resultFieldName userTimezone
Sets the zone the signed-in user is in from valid_from on (default now): closes the range in force then and opens one that lasts until the next user- or client-set range. Learned ranges in that span give way. When the new range is the current one, user_preferences.timezone follows. source: user (default) or client (an app that follows the device''s zone).';


--
-- Name: source_priority(text); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.source_priority(category text) RETURNS vitalis.data_source[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  with mine as (
    select coalesce(array(select jsonb_array_elements_text(p.source_priority -> category)), '{}')::vitalis.data_source[] as sources
      from vitalis.user_preferences p where p.user_id = vitalis.current_user_id()
  ), defaults as (
    select (case category
      when 'sleep' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'steps' then array['garmin', 'fitbit', 'apple_health', 'oura']
      when 'hrv' then array['oura', 'whoop', 'garmin']
      when 'heart_rate' then array['oura', 'whoop', 'garmin', 'fitbit', 'withings', 'apple_health']
      when 'readiness' then array['oura', 'whoop', 'garmin']
      when 'recovery' then array['whoop', 'oura', 'garmin']
      when 'activities' then array['garmin', 'polar', 'coros', 'suunto', 'whoop', 'fitbit', 'apple_health', 'oura', 'strava']
    end)::vitalis.data_source[] as sources
  )
  select case when d.sources is null then null
              else coalesce(m.sources, '{}') || array(select s from unnest(d.sources) with ordinality u(s, n)
                                                     where s <> all (coalesce(m.sources, '{}')) order by n) end
    from defaults d left join mine m on true
$$;


ALTER FUNCTION vitalis.source_priority(category text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION source_priority(category text); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.source_priority(category text) IS 'The order in which sources are trusted for a metric category, best first: your own order from user_preferences.source_priority, then the defaults you did not name. Categories: sleep (total sleep, sleep score), steps (steps, distance, active calories), hrv, heart_rate (resting heart rate), readiness, recovery, activities (which of two overlapping workouts from different sources is kept). Sources not listed rank after the listed ones. NULL for an unknown category.';


--
-- Name: timezone_at(timestamp with time zone, uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid DEFAULT NULL::uuid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog'
    AS $$
  select coalesce(
    (select t.timezone from vitalis.user_timezones t
      where t.user_id = coalesce(for_user, vitalis.current_user_id()) and t.valid_from <= "at" and (t.valid_to is null or "at" < t.valid_to)),
    (select p.timezone from vitalis.user_preferences p where p.user_id = coalesce(for_user, vitalis.current_user_id())),
    'UTC')
$$;


ALTER FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION timezone_at(at timestamp with time zone, for_user uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid) IS 'The IANA zone the user (default: the signed-in one) was in at that instant: the range covering it, else user_preferences.timezone, else UTC.';


--
-- Name: to_canonical(numeric, text, uuid); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) RETURNS numeric
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select vitalis.convert_unit(p_value, p_from_unit, d.canonical_unit, d.biomarker_id)
    from vitalis.biomarker_dictionary d where d.biomarker_id = p_biomarker_id
$$;


ALTER FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) IS 'A biomarker value converted to the marker''s canonical unit; NULL when the unit cannot be converted.';


--
-- Name: upsert_blood_panels(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{markers}'), 'blood_panels');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_blood_panel(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;


ALTER FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_blood_panels(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) IS 'Idempotent batch upsert of lab reports: a JSON array of blood panels (lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes), each with "markers" (biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code) and optionally "confirmed". A panel is found by (lab_name, collected_at) and gains the fields it lacked; a result by its marker, or its printed name when unmatched. A stored result that differs is kept unless the row is "confirmed": true, which replaces it (and the panel''s given fields). The same report again changes nothing. Counts panels and markers together: rows inserted, updated and skipped (unchanged, kept, or repeated in the report). One bad row fails the whole call, its field named.';


--
-- Name: upsert_dexa_scans(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{regions, bone_density}'), 'dexa_scans');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_dexa_scan(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;


ALTER FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_dexa_scans(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) IS 'Idempotent batch upsert of DEXA reports: a JSON array of scans (dexa_scans columns in snake_case, scan_date required), each with "regions" (region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs), "bone_density" (region, bmd_g_cm2, t_score, z_score) and optionally "confirmed". A scan is found by (scan_date, provider) and gains the fields it lacked; a stored region or density that differs is kept unless the row is "confirmed": true, which replaces it. The same report again changes nothing. Counts scans, regions and densities together: rows inserted, updated and skipped. One bad row fails the whole call, its field named.';


--
-- Name: upsert_epigenetic_tests(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{organ_ages}'), 'epigenetic_tests');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_epigenetic_test(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;


ALTER FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_epigenetic_tests(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) IS 'Idempotent batch upsert of epigenetic reports: a JSON array of tests (provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data), each with "organ_ages" (organ_system, biological_age, chronological_age, delta_years, direction) and optionally "confirmed". A test is found by (provider, kit_id, collected_at) and gains the fields it lacked; an organ age takes the test''s chronological age when it has none, its delta and direction are computed when absent; a stored one that differs is kept unless the row is "confirmed": true, which replaces it. The same report again changes nothing. Counts tests and organ ages together: rows inserted, updated and skipped. One bad row fails the whole call, its field named.';


--
-- Name: upsert_measurements(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_measurements(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_total integer;
begin
  perform vitalis_private.check_batch(p_rows, 'measurements');
  v_total := jsonb_array_length(p_rows);
  return query
  with input as (
    select distinct on (coalesce(m.user_id, vitalis.current_user_id()), m.metric, m.measured_at, m.source)
           coalesce(m.user_id, vitalis.current_user_id()) as user_id, m.metric, m.value, m.unit, m.measured_at, m.source, m.notes
      from jsonb_populate_recordset(null::vitalis.measurements, p_rows) m
     order by coalesce(m.user_id, vitalis.current_user_id()), m.metric, m.measured_at, m.source
  ), written as (
    insert into vitalis.measurements as t (user_id, metric, value, unit, measured_at, source, notes)
    select i.user_id, i.metric, i.value, i.unit, i.measured_at, i.source, i.notes from input i
    on conflict (user_id, metric, measured_at, source) do update set value = excluded.value, unit = excluded.unit, notes = coalesce(excluded.notes, t.notes)
     where (t.value, t.unit, t.notes) is distinct from (excluded.value, excluded.unit, coalesce(excluded.notes, t.notes))
    returning (xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer,
         (count(*) filter (where not was_inserted))::integer,
         v_total - count(*)::integer
    from written;
end $$;


ALTER FUNCTION vitalis.upsert_measurements(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_measurements(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_measurements(p_rows jsonb) IS 'Idempotent batch upsert into measurements keyed by (user_id, metric, measured_at, source): a JSON array of row objects (user_id defaults to you). A new value for a stored measurement replaces it; the same one again changes nothing. Returns rows inserted, updated and skipped.';


--
-- Name: upsert_wearable_activities(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
    declare
      v_total integer;
      v_min date;
      v_max date;
      v_inserted integer;
      v_updated integer;
    begin
      perform vitalis_private.check_batch(p_rows, 'wearable_activities');
      -- CREATE TABLE AS copies no NOT NULL constraints: user_id is filled in below.
      if to_regclass('pg_temp.activity_batch') is null then
        create temporary table activity_batch on commit drop as select * from vitalis.wearable_activities with no data;
      else
        truncate pg_temp.activity_batch;
      end if;
      insert into pg_temp.activity_batch
      select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text)) r.*
        from jsonb_populate_recordset(null::vitalis.wearable_activities, p_rows) r
       order by coalesce(r.user_id, vitalis.current_user_id()), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text), r.source_updated_at desc nulls last;
      update pg_temp.activity_batch set user_id = vitalis.current_user_id() where user_id is null;
      select jsonb_array_length(p_rows), min(activity_date), max(activity_date) into v_total, v_min, v_max from pg_temp.activity_batch;
      if v_total = 0 then
        return query select 0, 0, 0;
        return;
      end if;
      perform vitalis_private.check_partition_dates('wearable_activities', 'activity_date', v_min, v_max);
      perform vitalis_private.ensure_partitions('vitalis.wearable_activities', v_min, v_max);

      update vitalis.wearable_activities t set activity_date = i.activity_date, activity_type = i.activity_type, activity_name = i.activity_name, start_time = i.start_time, end_time = i.end_time, duration_seconds = i.duration_seconds, distance_m = i.distance_m, calories_kcal = i.calories_kcal, avg_hr_bpm = i.avg_hr_bpm, max_hr_bpm = i.max_hr_bpm, hr_zone_1_seconds = i.hr_zone_1_seconds, hr_zone_2_seconds = i.hr_zone_2_seconds, hr_zone_3_seconds = i.hr_zone_3_seconds, hr_zone_4_seconds = i.hr_zone_4_seconds, hr_zone_5_seconds = i.hr_zone_5_seconds, avg_pace_sec_per_km = i.avg_pace_sec_per_km, avg_speed_kmh = i.avg_speed_kmh, elevation_gain_m = i.elevation_gain_m, avg_power_watts = i.avg_power_watts, normalized_power_watts = i.normalized_power_watts, training_stress_score = i.training_stress_score, training_effect_aerobic = i.training_effect_aerobic, training_effect_anaerobic = i.training_effect_anaerobic, vo2_max_ml_kg_min = i.vo2_max_ml_kg_min, notes = i.notes, raw_data = i.raw_data, source_updated_at = i.source_updated_at
        from pg_temp.activity_batch i
       where i.source_activity_id is not null
         and (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id)
         and (t.source_updated_at is null or i.source_updated_at >= t.source_updated_at)
         and (t.activity_date, t.activity_type, t.activity_name, t.start_time, t.end_time, t.duration_seconds, t.distance_m, t.calories_kcal, t.avg_hr_bpm, t.max_hr_bpm, t.hr_zone_1_seconds, t.hr_zone_2_seconds, t.hr_zone_3_seconds, t.hr_zone_4_seconds, t.hr_zone_5_seconds, t.avg_pace_sec_per_km, t.avg_speed_kmh, t.elevation_gain_m, t.avg_power_watts, t.normalized_power_watts, t.training_stress_score, t.training_effect_aerobic, t.training_effect_anaerobic, t.vo2_max_ml_kg_min, t.notes, t.raw_data) is distinct from (i.activity_date, i.activity_type, i.activity_name, i.start_time, i.end_time, i.duration_seconds, i.distance_m, i.calories_kcal, i.avg_hr_bpm, i.max_hr_bpm, i.hr_zone_1_seconds, i.hr_zone_2_seconds, i.hr_zone_3_seconds, i.hr_zone_4_seconds, i.hr_zone_5_seconds, i.avg_pace_sec_per_km, i.avg_speed_kmh, i.elevation_gain_m, i.avg_power_watts, i.normalized_power_watts, i.training_stress_score, i.training_effect_aerobic, i.training_effect_anaerobic, i.vo2_max_ml_kg_min, i.notes, i.raw_data);
      get diagnostics v_updated = row_count;

      insert into vitalis.wearable_activities (user_id, activity_date, source, source_activity_id, activity_type, activity_name, start_time, end_time, duration_seconds, distance_m, calories_kcal, avg_hr_bpm, max_hr_bpm, hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds, avg_pace_sec_per_km, avg_speed_kmh, elevation_gain_m, avg_power_watts, normalized_power_watts, training_stress_score, training_effect_aerobic, training_effect_anaerobic, vo2_max_ml_kg_min, notes, raw_data, source_updated_at)
      select user_id, activity_date, source, source_activity_id, activity_type, activity_name, start_time, end_time, duration_seconds, distance_m, calories_kcal, avg_hr_bpm, max_hr_bpm, hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds, avg_pace_sec_per_km, avg_speed_kmh, elevation_gain_m, avg_power_watts, normalized_power_watts, training_stress_score, training_effect_aerobic, training_effect_anaerobic, vo2_max_ml_kg_min, notes, raw_data, source_updated_at from pg_temp.activity_batch i
       where i.source_activity_id is null
          or not exists (select 1 from vitalis.wearable_activities t
                          where (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id));
      get diagnostics v_inserted = row_count;

      return query select v_inserted, v_updated, v_total - v_inserted - v_updated;
    end $$;


ALTER FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_wearable_activities(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) IS 'Idempotent batch upsert into wearable_activities keyed by (user_id, source, source_activity_id) across all years: an activity whose date moved is updated, not duplicated. Returns rows inserted, updated and skipped.';


--
-- Name: upsert_wearable_daily(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
      declare
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, 'wearable_daily');
        select count(*), min(r.date), max(r.date) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.wearable_daily, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates('wearable_daily', 'date', v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.wearable_daily', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_daily, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_daily as t (user_id, date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at)
          select coalesce(i.user_id, vitalis.current_user_id()), date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at from input i
          on conflict (user_id, date, source) do update set resting_hr_bpm = coalesce(excluded.resting_hr_bpm, t.resting_hr_bpm), max_hr_bpm = coalesce(excluded.max_hr_bpm, t.max_hr_bpm), hrv_rmssd_ms = coalesce(excluded.hrv_rmssd_ms, t.hrv_rmssd_ms), steps = coalesce(excluded.steps, t.steps), active_calories_kcal = coalesce(excluded.active_calories_kcal, t.active_calories_kcal), total_calories_kcal = coalesce(excluded.total_calories_kcal, t.total_calories_kcal), active_minutes = coalesce(excluded.active_minutes, t.active_minutes), moderate_intensity_minutes = coalesce(excluded.moderate_intensity_minutes, t.moderate_intensity_minutes), vigorous_intensity_minutes = coalesce(excluded.vigorous_intensity_minutes, t.vigorous_intensity_minutes), distance_m = coalesce(excluded.distance_m, t.distance_m), floors_climbed = coalesce(excluded.floors_climbed, t.floors_climbed), spo2_avg_pct = coalesce(excluded.spo2_avg_pct, t.spo2_avg_pct), spo2_min_pct = coalesce(excluded.spo2_min_pct, t.spo2_min_pct), respiratory_rate_avg = coalesce(excluded.respiratory_rate_avg, t.respiratory_rate_avg), stress_avg = coalesce(excluded.stress_avg, t.stress_avg), body_battery_start = coalesce(excluded.body_battery_start, t.body_battery_start), body_battery_end = coalesce(excluded.body_battery_end, t.body_battery_end), readiness_score = coalesce(excluded.readiness_score, t.readiness_score), recovery_score = coalesce(excluded.recovery_score, t.recovery_score), skin_temp_deviation_c = coalesce(excluded.skin_temp_deviation_c, t.skin_temp_deviation_c), vo2_max_ml_kg_min = coalesce(excluded.vo2_max_ml_kg_min, t.vo2_max_ml_kg_min), raw_data = case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, source_updated_at = coalesce(excluded.source_updated_at, t.source_updated_at)
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (t.resting_hr_bpm, t.max_hr_bpm, t.hrv_rmssd_ms, t.steps, t.active_calories_kcal, t.total_calories_kcal, t.active_minutes, t.moderate_intensity_minutes, t.vigorous_intensity_minutes, t.distance_m, t.floors_climbed, t.spo2_avg_pct, t.spo2_min_pct, t.respiratory_rate_avg, t.stress_avg, t.body_battery_start, t.body_battery_end, t.readiness_score, t.recovery_score, t.skin_temp_deviation_c, t.vo2_max_ml_kg_min, t.raw_data) is distinct from (coalesce(excluded.resting_hr_bpm, t.resting_hr_bpm), coalesce(excluded.max_hr_bpm, t.max_hr_bpm), coalesce(excluded.hrv_rmssd_ms, t.hrv_rmssd_ms), coalesce(excluded.steps, t.steps), coalesce(excluded.active_calories_kcal, t.active_calories_kcal), coalesce(excluded.total_calories_kcal, t.total_calories_kcal), coalesce(excluded.active_minutes, t.active_minutes), coalesce(excluded.moderate_intensity_minutes, t.moderate_intensity_minutes), coalesce(excluded.vigorous_intensity_minutes, t.vigorous_intensity_minutes), coalesce(excluded.distance_m, t.distance_m), coalesce(excluded.floors_climbed, t.floors_climbed), coalesce(excluded.spo2_avg_pct, t.spo2_avg_pct), coalesce(excluded.spo2_min_pct, t.spo2_min_pct), coalesce(excluded.respiratory_rate_avg, t.respiratory_rate_avg), coalesce(excluded.stress_avg, t.stress_avg), coalesce(excluded.body_battery_start, t.body_battery_start), coalesce(excluded.body_battery_end, t.body_battery_end), coalesce(excluded.readiness_score, t.readiness_score), coalesce(excluded.recovery_score, t.recovery_score), coalesce(excluded.skin_temp_deviation_c, t.skin_temp_deviation_c), coalesce(excluded.vo2_max_ml_kg_min, t.vo2_max_ml_kg_min), case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end)
          returning 1
        ), existing as (
          -- Sees the table as it was before this statement: rows already there can only be
          -- updated or skipped, every other input row is inserted.
          select count(*)::integer as n
            from input i join vitalis.wearable_daily t
              on (t.user_id, t.date, t.source) = (coalesce(i.user_id, vitalis.current_user_id()), i.date, i.source)
        )
        select (select count(*) from input)::integer - e.n,
               (select count(*) from written)::integer - ((select count(*) from input)::integer - e.n),
               v_total - (select count(*) from written)::integer
          from existing e;
      end $$;


ALTER FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_wearable_daily(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) IS 'Idempotent batch upsert into wearable_daily keyed by (user_id, date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';


--
-- Name: upsert_wearable_sleep(jsonb); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) RETURNS TABLE(inserted integer, updated integer, skipped integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
      declare
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, 'wearable_sleep');
        select count(*), min(r.sleep_date), max(r.sleep_date) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.wearable_sleep, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates('wearable_sleep', 'sleep_date', v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.wearable_sleep', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.sleep_date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_sleep, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.sleep_date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_sleep as t (user_id, sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count)
          select coalesce(i.user_id, vitalis.current_user_id()), sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count from input i
          on conflict (user_id, sleep_date, source) do update set sleep_start = coalesce(excluded.sleep_start, t.sleep_start), sleep_end = coalesce(excluded.sleep_end, t.sleep_end), total_sleep_minutes = coalesce(excluded.total_sleep_minutes, t.total_sleep_minutes), rem_minutes = coalesce(excluded.rem_minutes, t.rem_minutes), deep_minutes = coalesce(excluded.deep_minutes, t.deep_minutes), light_minutes = coalesce(excluded.light_minutes, t.light_minutes), awake_minutes = coalesce(excluded.awake_minutes, t.awake_minutes), sleep_latency_minutes = coalesce(excluded.sleep_latency_minutes, t.sleep_latency_minutes), sleep_efficiency_pct = coalesce(excluded.sleep_efficiency_pct, t.sleep_efficiency_pct), sleep_score = coalesce(excluded.sleep_score, t.sleep_score), interruptions = coalesce(excluded.interruptions, t.interruptions), avg_hr_bpm = coalesce(excluded.avg_hr_bpm, t.avg_hr_bpm), min_hr_bpm = coalesce(excluded.min_hr_bpm, t.min_hr_bpm), avg_hrv_ms = coalesce(excluded.avg_hrv_ms, t.avg_hrv_ms), avg_respiratory_rate = coalesce(excluded.avg_respiratory_rate, t.avg_respiratory_rate), avg_spo2_pct = coalesce(excluded.avg_spo2_pct, t.avg_spo2_pct), avg_skin_temp_deviation_c = coalesce(excluded.avg_skin_temp_deviation_c, t.avg_skin_temp_deviation_c), hypnogram = coalesce(excluded.hypnogram, t.hypnogram), raw_data = case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, source_updated_at = coalesce(excluded.source_updated_at, t.source_updated_at), nap_minutes = coalesce(excluded.nap_minutes, t.nap_minutes), nap_count = coalesce(excluded.nap_count, t.nap_count)
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (t.sleep_start, t.sleep_end, t.total_sleep_minutes, t.rem_minutes, t.deep_minutes, t.light_minutes, t.awake_minutes, t.sleep_latency_minutes, t.sleep_efficiency_pct, t.sleep_score, t.interruptions, t.avg_hr_bpm, t.min_hr_bpm, t.avg_hrv_ms, t.avg_respiratory_rate, t.avg_spo2_pct, t.avg_skin_temp_deviation_c, t.hypnogram, t.raw_data, t.nap_minutes, t.nap_count) is distinct from (coalesce(excluded.sleep_start, t.sleep_start), coalesce(excluded.sleep_end, t.sleep_end), coalesce(excluded.total_sleep_minutes, t.total_sleep_minutes), coalesce(excluded.rem_minutes, t.rem_minutes), coalesce(excluded.deep_minutes, t.deep_minutes), coalesce(excluded.light_minutes, t.light_minutes), coalesce(excluded.awake_minutes, t.awake_minutes), coalesce(excluded.sleep_latency_minutes, t.sleep_latency_minutes), coalesce(excluded.sleep_efficiency_pct, t.sleep_efficiency_pct), coalesce(excluded.sleep_score, t.sleep_score), coalesce(excluded.interruptions, t.interruptions), coalesce(excluded.avg_hr_bpm, t.avg_hr_bpm), coalesce(excluded.min_hr_bpm, t.min_hr_bpm), coalesce(excluded.avg_hrv_ms, t.avg_hrv_ms), coalesce(excluded.avg_respiratory_rate, t.avg_respiratory_rate), coalesce(excluded.avg_spo2_pct, t.avg_spo2_pct), coalesce(excluded.avg_skin_temp_deviation_c, t.avg_skin_temp_deviation_c), coalesce(excluded.hypnogram, t.hypnogram), case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, coalesce(excluded.nap_minutes, t.nap_minutes), coalesce(excluded.nap_count, t.nap_count))
          returning 1
        ), existing as (
          -- Sees the table as it was before this statement: rows already there can only be
          -- updated or skipped, every other input row is inserted.
          select count(*)::integer as n
            from input i join vitalis.wearable_sleep t
              on (t.user_id, t.sleep_date, t.source) = (coalesce(i.user_id, vitalis.current_user_id()), i.sleep_date, i.source)
        )
        select (select count(*) from input)::integer - e.n,
               (select count(*) from written)::integer - ((select count(*) from input)::integer - e.n),
               v_total - (select count(*) from written)::integer
          from existing e;
      end $$;


ALTER FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_wearable_sleep(p_rows jsonb); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) IS 'Idempotent batch upsert into wearable_sleep keyed by (user_id, sleep_date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';


--
-- Name: viewable_user_ids(); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.viewable_user_ids() RETURNS uuid[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_me uuid := vitalis.current_user_id();
  v_owners uuid[];
  v_account uuid;
begin
  if v_me is null then
    return '{}';
  end if;
  select array_agg(s.user_id) into v_owners
    from vitalis.profile_shares s where s.viewer_user_id = v_me and s.revoked_at is null;
  if v_owners is null then
    return array[v_me];
  end if;
  -- Both still in the same account, now: a member who left sees nothing of it any more.
  select u.account_id into v_account from vitalis.users u where u.user_id = v_me and u.deleted_at is null;
  return array_prepend(v_me, array(
    select o.user_id from vitalis.users o
     where o.user_id = any (v_owners) and o.account_id = v_account and o.deleted_at is null));
end $$;


ALTER FUNCTION vitalis.viewable_user_ids() OWNER TO vitalis_owner;

--
-- Name: FUNCTION viewable_user_ids(); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.viewable_user_ids() IS 'The users whose data the signed-in user may read: themselves, and the members of their own account who shared their profile with them.';


--
-- Name: wearable_activities; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
)
PARTITION BY RANGE (activity_date);

ALTER TABLE ONLY vitalis.wearable_activities FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.wearable_activities OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities IS 'One workout or activity. A provider''s activity is identified by (user, source, source_activity_id) across all years: a re-synced activity whose date moved is updated, not duplicated.';


--
-- Name: COLUMN wearable_activities.activity_date; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.activity_date IS 'The local date the activity started (partition key).';


--
-- Name: COLUMN wearable_activities.source_activity_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.source_activity_id IS 'The provider''s id for the activity; unique per user and source.';


--
-- Name: COLUMN wearable_activities.activity_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.activity_name IS 'The label the user sees, e.g. "Morning Run".';


--
-- Name: COLUMN wearable_activities.training_effect_aerobic; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.training_effect_aerobic IS 'Garmin/Firstbeat aerobic training effect, 0.0-5.0.';


--
-- Name: COLUMN wearable_activities.training_effect_anaerobic; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.training_effect_anaerobic IS 'Garmin/Firstbeat anaerobic training effect, 0.0-5.0.';


--
-- Name: COLUMN wearable_activities.raw_data; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.raw_data IS 'The provider''s payload as received. Not copied into the audit log.';


--
-- Name: COLUMN wearable_activities.source_updated_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_activities.source_updated_at IS 'When the provider last changed this record; a payload older than the stored one is ignored.';


--
-- Name: wearable_activities_distance_display(vitalis.wearable_activities); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select vitalis_private.display_value(a.distance_m, 'm', 'distance', 2)
$$;


ALTER FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) OWNER TO vitalis_owner;

--
-- Name: FUNCTION wearable_activities_distance_display(a vitalis.wearable_activities); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) IS 'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';


--
-- Name: wearable_daily; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
)
PARTITION BY RANGE (date);

ALTER TABLE ONLY vitalis.wearable_daily FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.wearable_daily OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily IS 'One day''s summary from one source. Several sources for the same day are separate rows; daily_metrics resolves one value per metric.';


--
-- Name: COLUMN wearable_daily.date; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.date IS 'The local calendar day the summary covers.';


--
-- Name: COLUMN wearable_daily.hrv_rmssd_ms; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.hrv_rmssd_ms IS 'Heart rate variability as RMSSD, in ms. Sources that report SDNN (Apple Health) do not go here.';


--
-- Name: COLUMN wearable_daily.stress_avg; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.stress_avg IS 'Average stress score 0-100 (Garmin).';


--
-- Name: COLUMN wearable_daily.body_battery_start; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.body_battery_start IS 'Garmin Body Battery at the start of the day, 0-100.';


--
-- Name: COLUMN wearable_daily.body_battery_end; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.body_battery_end IS 'Garmin Body Battery at the end of the day, 0-100.';


--
-- Name: COLUMN wearable_daily.readiness_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.readiness_score IS 'Oura readiness (or similar), 0-100.';


--
-- Name: COLUMN wearable_daily.recovery_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.recovery_score IS 'WHOOP recovery, 0-100.';


--
-- Name: COLUMN wearable_daily.skin_temp_deviation_c; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.skin_temp_deviation_c IS 'Skin temperature deviation from the personal baseline, in degrees Celsius (Oura).';


--
-- Name: COLUMN wearable_daily.vo2_max_ml_kg_min; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.vo2_max_ml_kg_min IS 'VO2 max estimate, if one was made that day.';


--
-- Name: COLUMN wearable_daily.raw_data; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.raw_data IS 'The provider''s payload as received, for re-processing. Not copied into the audit log.';


--
-- Name: COLUMN wearable_daily.source_updated_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_daily.source_updated_at IS 'When the provider last changed this record; a payload older than the stored one is ignored.';


--
-- Name: wearable_daily_distance_display(vitalis.wearable_daily); Type: FUNCTION; Schema: vitalis; Owner: vitalis_owner
--

CREATE FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) RETURNS vitalis.display_value
    LANGUAGE sql STABLE
    AS $$
  select vitalis_private.display_value(d.distance_m, 'm', 'distance', 2)
$$;


ALTER FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) OWNER TO vitalis_owner;

--
-- Name: FUNCTION wearable_daily_distance_display(d vitalis.wearable_daily); Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) IS 'distanceM in the signed-in user''s distance unit (miles or km), 2 decimals; null without a distance.';


--
-- Name: act_for_document(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.act_for_document(p_document_id uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_owner uuid;
  v_candidate uuid;
  reviewer uuid;
begin
  reviewer := vitalis.current_user_id();
  if reviewer is null then
    raise exception 'authorization: sign in to review a report' using errcode = '28000';
  end if;
  -- The caller's own, or one of the owners who shared their profile with them (RLS, forced,
  -- binds this function too: look as each of them in turn).
  foreach v_candidate in array vitalis.viewable_user_ids() loop
    perform set_config('app.current_user_id', v_candidate::text, true);
    select d.user_id into v_owner from vitalis.documents d where d.document_id = p_document_id and d.deleted_at is null;
    exit when v_owner is not null;
  end loop;
  if v_owner is null then
    perform set_config('app.current_user_id', reviewer::text, true);
    raise exception 'documentId: no such document' using errcode = 'VT404', column = 'document_id';
  end if;
  if v_owner <> reviewer and not exists (
       select 1 from vitalis.profile_shares s
        where s.user_id = v_owner and s.viewer_user_id = reviewer and s.revoked_at is null and s.may_review_documents) then
    perform set_config('app.current_user_id', reviewer::text, true);
    raise exception 'documentId: you may read this report but not review it; its owner can grant that with grantDocumentReview'
      using errcode = 'VT403', column = 'document_id';
  end if;
  return reviewer;
end $$;


ALTER FUNCTION vitalis_private.act_for_document(p_document_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION act_for_document(p_document_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.act_for_document(p_document_id uuid) IS 'Finds a report the caller may review and acts as its owner for the rest of the transaction step (restore with restore_reviewer). Security definer: reading another user''s shares is not the caller''s to do.';


--
-- Name: add_household_read_policy(regclass); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.add_household_read_policy(p_table regclass) RETURNS boolean
    LANGUAGE plpgsql
    AS $_$
declare
  v_name text;
begin
  select c.relname into v_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.oid = p_table and n.nspname = 'vitalis' and not c.relispartition
     and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped);
  if v_name is null or v_name = any (vitalis_private.household_read_excluded()) then
    return false;
  end if;
  if exists (select 1 from pg_policy p where p.polrelid = p_table and p.polname = 'household_read') then
    execute format('drop policy household_read on %s', p_table);
  end if;
  -- vitalis_worker is a member of vitalis_api, so the policy names the role it is for: the worker
  -- acting for a user (exports, insights, syncs) keeps seeing that one user's rows only.
  execute format($f$create policy household_read on %s for select to vitalis_api
    using (current_user = 'vitalis_api' and user_id = any ((select vitalis.viewable_user_ids())::uuid[]))$f$, p_table);
  return true;
end $_$;


ALTER FUNCTION vitalis_private.add_household_read_policy(p_table regclass) OWNER TO vitalis_owner;

--
-- Name: FUNCTION add_household_read_policy(p_table regclass); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.add_household_read_policy(p_table regclass) IS 'Adds the SELECT-only household_read policy (owners who shared their profile with the caller) to a user-data table, unless it is one of household_read_excluded().';


--
-- Name: add_updated_at_trigger(regclass); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.add_updated_at_trigger(p_table regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  execute format('create trigger _100_set_updated_at before update on %s for each row execute function vitalis_private.tg__set_updated_at()', p_table);
end $$;


ALTER FUNCTION vitalis_private.add_updated_at_trigger(p_table regclass) OWNER TO vitalis_owner;

--
-- Name: anonymise_audit_log(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_pii constant text[] := array['email', 'date_of_birth', 'display_name', 'first_name', 'last_name', 'name',
                                 'provider_name', 'lab_provider', 'external_user_id', 'provider_user_id', 'notes'];
  v_email text := lower(nullif(current_setting('vitalis.erasing_email', true), ''));
  v_rows integer;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  perform set_config('vitalis.audit_rewrite', 'gdpr_anonymise', true);
  -- Their own rows, and other rows that name them: what they did (action_by) and images that hold
  -- their id (another user's share with them, their account's owner column).
  update vitalis.audit_log
     set user_id = case when user_id = p_user_id then null else user_id end,
         action_by = case when action_by = p_user_id then null else action_by end,
         record_id = case when record_id = p_user_id then '00000000-0000-0000-0000-000000000000'::uuid else record_id end,
         old_values = vitalis_private.without_mentions(case when user_id = p_user_id then old_values - v_pii - 'user_id' else old_values end, p_user_id, v_email),
         new_values = vitalis_private.without_mentions(case when user_id = p_user_id then new_values - v_pii - 'user_id' else new_values end, p_user_id, v_email),
         ip_address = case when user_id = p_user_id or action_by = p_user_id then null else ip_address end,
         user_agent = case when user_id = p_user_id or action_by = p_user_id then null else user_agent end
   where user_id = p_user_id or action_by = p_user_id or record_id = p_user_id
      or strpos(old_values::text, p_user_id::text) > 0 or strpos(new_values::text, p_user_id::text) > 0;
  get diagnostics v_rows = row_count;
  perform set_config('vitalis.audit_rewrite', '', true);
  return v_rows;
end $$;


ALTER FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION anonymise_audit_log(p_user_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid) IS 'GDPR: detaches a user''s audit rows from them (user_id NULL) and strips PII from the row images; in every audit row (theirs or another user''s) drops the values that hold their id or email and forgets that they acted. Returns how many rows it rewrote. The rows themselves are kept.';


--
-- Name: apply_revision(jsonb, text, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.apply_revision(p_target jsonb, p_target_type text, p_changes jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
declare
  v_allowed jsonb := vitalis_private.revisable_fields(p_target_type);
  v_key text;
  v_value jsonb;
  v_result jsonb := p_target;
  v_corrected jsonb := coalesce(p_target -> 'corrected', '[]');
begin
  if p_changes is null or jsonb_typeof(p_changes) <> 'object' or p_changes = '{}' then
    raise exception 'changes: must be an object of the fields to change' using errcode = '22023', column = 'changes';
  end if;
  for v_key, v_value in select * from jsonb_each(p_changes) loop
    if not v_allowed ? v_key then
      raise exception 'changes: % cannot be revised on a % (revisable: %)', v_key, replace(p_target_type, '_', ' '),
        (select string_agg(k, ', ') from jsonb_object_keys(v_allowed) k) using errcode = '22023', column = 'changes';
    end if;
    v_result := jsonb_set(v_result, array[v_key], vitalis_private.revised_value(v_key, v_allowed ->> v_key, v_value), true);
    if v_key = 'biomarkerId' then
      v_result := v_result || jsonb_build_object(
        'canonicalName', (select d.canonical_name from vitalis.biomarker_dictionary d where d.biomarker_id::text = v_value #>> '{}'),
        'matchedBy', case when jsonb_typeof(v_value) = 'null' then null else 'user' end);
    end if;
    if p_target_type <> 'header' and v_key <> 'rejected' and not v_corrected ? v_key then
      v_corrected := v_corrected || to_jsonb(v_key);
    end if;
  end loop;
  if p_target_type <> 'header' then
    v_result := v_result || jsonb_build_object('corrected', v_corrected);
  end if;
  return v_result;
end $$;


ALTER FUNCTION vitalis_private.apply_revision(p_target jsonb, p_target_type text, p_changes jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION apply_revision(p_target jsonb, p_target_type text, p_changes jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.apply_revision(p_target jsonb, p_target_type text, p_changes jsonb) IS 'One reviewed item (or the header) with the changes applied after validation, its corrected list extended.';


--
-- Name: assert_ingestion_job_move(vitalis.ingestion_jobs, text, vitalis.job_status[]); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
  if not (p_job.status = any (p_from)) then
    raise exception 'status: a % job cannot %', p_job.status, p_move using errcode = '55000', column = 'status';
  end if;
end $$;


ALTER FUNCTION vitalis_private.assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]) OWNER TO vitalis_owner;

--
-- Name: FUNCTION assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]) IS 'Refuses (55000) a state change the job''s status does not allow: the one place the allowed moves are spelled out.';


--
-- Name: assert_may_read(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.assert_may_read(p_for_user uuid) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
begin
  if p_for_user is not null and not (p_for_user = any (vitalis.viewable_user_ids())) then
    raise exception 'forUser: you may not read this person''s data (they have not shared their profile with you)'
      using errcode = '42501', column = 'for_user';
  end if;
end $$;


ALTER FUNCTION vitalis_private.assert_may_read(p_for_user uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION assert_may_read(p_for_user uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.assert_may_read(p_for_user uuid) IS 'Refuses (42501, naming forUser) a for_user argument that is neither the caller nor a household member who shared their profile with the caller.';


--
-- Name: assert_reviewable(vitalis.documents); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.assert_reviewable(p_document vitalis.documents) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
  if p_document.parse_status = 'confirmed' then
    raise exception 'documentId: the report is confirmed; change its records (the linked panel, scan or test) instead' using errcode = '23514', column = 'document_id';
  end if;
  if p_document.parse_status not in ('parsed', 'needs_review') or p_document.parse_result is null then
    raise exception 'documentId: the report is %; only a parsed report can be reviewed', p_document.parse_status using errcode = '23514', column = 'document_id';
  end if;
end $$;


ALTER FUNCTION vitalis_private.assert_reviewable(p_document vitalis.documents) OWNER TO vitalis_owner;

--
-- Name: FUNCTION assert_reviewable(p_document vitalis.documents); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.assert_reviewable(p_document vitalis.documents) IS 'Refuses review of a report that is not (or no longer) a draft.';


--
-- Name: audit_redacted_columns(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.audit_redacted_columns() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select array['raw_data', 'updated_at']
$$;


ALTER FUNCTION vitalis_private.audit_redacted_columns() OWNER TO vitalis_owner;

--
-- Name: FUNCTION audit_redacted_columns(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.audit_redacted_columns() IS 'Columns never copied into audit images: bulky payloads, and updated_at (it changes on every write). Secrets are not listed: they live in vitalis_private tables, which are not audited.';


--
-- Name: audit_security_event(vitalis.audit_action, uuid, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb DEFAULT NULL::jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if p_action not in ('LOGIN', 'LOGOUT', 'EXPORT') then
    raise exception 'action: must be LOGIN, LOGOUT or EXPORT, not %', p_action using errcode = '22023', column = 'action';
  end if;
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  values (p_user_id, coalesce(vitalis.current_user_id(), p_user_id), 'users', p_user_id, p_action, p_details,
          vitalis_private.try_inet(current_setting('app.ip_address', true)),
          nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id());
end $$;


ALTER FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb) IS 'Appends a security event (LOGIN, LOGOUT or EXPORT) about a user to the audit log, with the request''s IP, user agent and id. Server code only.';


--
-- Name: auth_change_password(uuid, text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text) RETURNS TABLE(status text, sessions_revoked integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
  v_old text;
  v_family uuid;
begin
  perform vitalis_private.auth_check_password(p_new_password);
  select p.password_hash into v_old
    from vitalis.users u join vitalis_private.user_passwords p on p.user_id = u.user_id
   where u.user_id = v_user and u.deleted_at is null;
  if v_old is null or v_old is distinct from public.crypt(coalesce(p_current_password, ''), v_old) then
    return query select 'invalid'::text, null::integer;
    return;
  end if;
  select x.family_id into v_family from vitalis_private.sessions x where x.session_id = p_session_id and x.user_id = v_user;
  update vitalis_private.user_passwords set password_hash = vitalis_private.auth_hash_password(p_new_password), updated_at = now()
   where user_id = v_user;
  return query select 'ok'::text, vitalis_private.auth_revoke_sessions(v_user, 'password_changed', v_family);
end $$;


ALTER FUNCTION vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_change_password(p_session_id uuid, p_current_password text, p_new_password text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text) IS 'The signed-in user replaces their password after proving the current one; every other session is revoked (the calling one''s family stays). status invalid when the current password is wrong or there is none. Definer: the hash is in vitalis_private.';


--
-- Name: auth_check_password(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_check_password(p_password text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if p_password is null or char_length(p_password) < 10 or char_length(p_password) > 200 then
    raise exception 'password must be 10 to 200 characters long' using errcode = '22023', column = 'password';
  end if;
end $$;


ALTER FUNCTION vitalis_private.auth_check_password(p_password text) OWNER TO vitalis_owner;

--
-- Name: auth_hash_password(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_hash_password(p_password text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
begin
  perform vitalis_private.auth_check_password(p_password);
  return public.crypt(p_password, public.gen_salt('bf', 11));
end $$;


ALTER FUNCTION vitalis_private.auth_hash_password(p_password text) OWNER TO vitalis_owner;

--
-- Name: auth_ip_bucket(inet); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_ip_bucket(p_ip inet) RETURNS inet
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
  select case when p_ip is null then null
              when family(p_ip) = 6 then network(set_masklen(p_ip, 64))::inet
              else host(p_ip)::inet end
$$;


ALTER FUNCTION vitalis_private.auth_ip_bucket(p_ip inet) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_ip_bucket(p_ip inet); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_ip_bucket(p_ip inet) IS 'The unit rate limits count per client: an IPv4 address, or an IPv6 /64 (a subscriber gets at least a /64, so counting single IPv6 addresses would be no limit at all).';


--
-- Name: auth_issue_session(uuid, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_issue_session(p_user_id uuid, p_refresh_ttl_seconds integer) RETURNS TABLE(session_id uuid, refresh_token text, refresh_expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  return query select s.session_id, s.refresh_token, s.expires_at from vitalis_private.auth_new_session(p_user_id, p_refresh_ttl_seconds) s;
end $$;


ALTER FUNCTION vitalis_private.auth_issue_session(p_user_id uuid, p_refresh_ttl_seconds integer) OWNER TO vitalis_owner;

--
-- Name: auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer) RETURNS TABLE(status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamp with time zone, retry_after integer, limited_by text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_email text := lower(btrim(p_email));
  v_ip inet := vitalis_private.auth_ip_bucket(vitalis_private.try_inet(current_setting('app.ip_address', true)));
  v_window interval := make_interval(secs => p_window_seconds);
  v_account_window interval := make_interval(secs => p_account_window_seconds);
  v_previous text := current_setting('app.current_user_id', true);
  v_known boolean := false;
  v_count bigint;
  v_last timestamptz;
  v_delay double precision;
  v_retry integer := 0;
  v_scope text;
  v_user record;
  s record;
begin
  -- Serialise attempts on one account, then on one IP (always in that order), so concurrent
  -- guesses cannot slip past a limit.
  perform pg_advisory_xact_lock(hashtextextended('vitalis.login:' || v_email, 0));
  if v_ip is not null then
    perform pg_advisory_xact_lock(hashtextextended('vitalis.login-ip:' || v_ip::text, 0));
  end if;
  delete from vitalis_private.login_attempts a
   where a.attempted_at < now() - greatest(v_window, v_account_window, interval '1 day') and (a.email = v_email or a.ip_address = v_ip);

  -- No password check yet: only whether this IP is one the account has signed in from.
  select * into v_user from vitalis_private.auth_user_by_email(v_email);
  if v_user.user_id is not null then
    delete from vitalis_private.login_known_sources k where k.user_id = v_user.user_id and k.last_success_at < now() - interval '90 days';
    v_known := v_ip is not null and exists (select 1 from vitalis_private.login_known_sources k where k.user_id = v_user.user_id and k.ip_bucket = v_ip);
  end if;

  -- 1. This account from this IP: a lock for that pair only (Retry-After: when the oldest failure
  --    that keeps the count at the limit leaves the window).
  select count(*) into v_count from vitalis_private.login_attempts a
   where a.email = v_email and a.ip_address is not distinct from v_ip and a.attempted_at > now() - v_window;
  if v_count >= p_max_per_account_ip then
    select ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer into v_retry
      from vitalis_private.login_attempts a
     where a.email = v_email and a.ip_address is not distinct from v_ip and a.attempted_at > now() - v_window
     order by a.attempted_at offset v_count - p_max_per_account_ip limit 1;
    v_scope := 'account_ip';
  end if;
  -- 2. This IP across accounts (password spraying), unless the account knows the IP.
  if v_retry <= 0 and not v_known and v_ip is not null then
    select count(*) into v_count from vitalis_private.login_attempts a where a.ip_address = v_ip and a.attempted_at > now() - v_window;
    if v_count >= p_max_per_ip then
      select ceil(extract(epoch from (a.attempted_at + v_window - now())))::integer into v_retry
        from vitalis_private.login_attempts a where a.ip_address = v_ip and a.attempted_at > now() - v_window
       order by a.attempted_at offset v_count - p_max_per_ip limit 1;
      v_scope := 'ip';
    end if;
  end if;
  -- 3. The account from everywhere: after p_max_per_account failures within the account window,
  --    each further attempt waits base * 2^(failures - max) seconds (at most p_max_delay_seconds)
  --    after the latest failure. A throttle, not a lock: it bounds guesses from many IPs, and known
  --    IPs skip it.
  if v_retry <= 0 and not v_known then
    select count(*), max(a.attempted_at) into v_count, v_last from vitalis_private.login_attempts a
     where a.email = v_email and a.attempted_at > now() - v_account_window;
    if v_count >= p_max_per_account then
      v_delay := least(p_base_delay_seconds * power(2::double precision, least(v_count - p_max_per_account, 40)), p_max_delay_seconds::double precision);
      v_retry := ceil(extract(epoch from (v_last + make_interval(secs => v_delay) - now())))::integer;
      v_scope := 'account';
    end if;
  end if;
  if v_retry > 0 then
    return query select 'rate_limited'::text, null::uuid, null::uuid, null::text, null::timestamptz, v_retry, v_scope;
    return;
  end if;

  if v_user.user_id is null or v_user.password_hash is null then
    -- Same work as a real check, so the response time does not tell whether the email exists.
    perform public.crypt(coalesce(p_password, ''), public.gen_salt('bf', 11));
  end if;
  if v_user.user_id is null or v_user.password_hash is null
     or v_user.password_hash is distinct from public.crypt(coalesce(p_password, ''), v_user.password_hash) then
    insert into vitalis_private.login_attempts (email, ip_address) values (v_email, v_ip);
    -- A known IP that reaches the pair limit is known no more: from then on it is limited like any other.
    if v_known and (select count(*) from vitalis_private.login_attempts a
                     where a.email = v_email and a.ip_address = v_ip and a.attempted_at > now() - v_window) >= p_max_per_account_ip then
      delete from vitalis_private.login_known_sources k where k.user_id = v_user.user_id and k.ip_bucket = v_ip;
    end if;
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz, null::integer, null::text;
    return;
  end if;

  -- Success clears this IP's failures on the account only: clearing all of them would reset the
  -- throttle for an attacker elsewhere.
  delete from vitalis_private.login_attempts a where a.email = v_email and a.ip_address is not distinct from v_ip;
  if v_ip is not null then
    insert into vitalis_private.login_known_sources (user_id, ip_bucket) values (v_user.user_id, v_ip)
    on conflict on constraint login_known_sources_pkey do update set last_success_at = now();
  end if;
  select * into s from vitalis_private.auth_sign_in(v_user.user_id, p_refresh_ttl_seconds, jsonb_build_object('method', 'password'));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select 'ok'::text, v_user.user_id, s.session_id, s.refresh_token, s.expires_at, null::integer, null::text;
end $$;


ALTER FUNCTION vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer) IS 'Password login. Failures lock the (account, IP) pair and the IP for a window; past a threshold the account as a whole is throttled with an exponential delay, which IPs the account signed in from before skip. Records failures, clears the pair''s on success, writes the LOGIN audit row.';


--
-- Name: auth_logout(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_logout(p_session_id uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
begin
  update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout'
   where session_id = p_session_id and user_id = v_user and revoked_at is null;
  if not found then
    return false;
  end if;
  perform vitalis_private.audit_security_event('LOGOUT', v_user, jsonb_build_object('reason', 'logout', 'session_id', p_session_id));
  return true;
end $$;


ALTER FUNCTION vitalis_private.auth_logout(p_session_id uuid) OWNER TO vitalis_owner;

--
-- Name: auth_new_session(uuid, integer, uuid, uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_new_session(p_user_id uuid, p_ttl_seconds integer, p_family_id uuid DEFAULT NULL::uuid, p_rotated_from uuid DEFAULT NULL::uuid, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if p_ttl_seconds is null or p_ttl_seconds < 60 then
    raise exception 'refresh token lifetime must be at least 60 seconds' using errcode = '22023';
  end if;
  session_id := gen_random_uuid();
  refresh_token := vitalis_private.auth_random_token();
  expires_at := now() + make_interval(secs => p_ttl_seconds);
  insert into vitalis_private.sessions (session_id, family_id, user_id, refresh_token_hash, expires_at, ip_address, user_agent, rotated_from)
  values (session_id, coalesce(p_family_id, session_id), p_user_id, vitalis_private.auth_token_hash(refresh_token), expires_at,
          vitalis_private.try_inet(current_setting('app.ip_address', true)),
          left(nullif(current_setting('app.user_agent', true), ''), 512), p_rotated_from);
end $$;


ALTER FUNCTION vitalis_private.auth_new_session(p_user_id uuid, p_ttl_seconds integer, p_family_id uuid, p_rotated_from uuid, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: auth_oauth_sign_in(text, text, text, boolean, text, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_oauth_sign_in(p_provider text, p_subject text, p_email text, p_email_verified boolean, p_display_name text, p_refresh_ttl_seconds integer) RETURNS TABLE(status text, user_id uuid, created boolean, linked boolean, session_id uuid, refresh_token text, refresh_expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_email text := lower(btrim(p_email));
  v_user uuid;
  v_created boolean := false;
  v_linked boolean := false;
  v_account uuid;
  v_found record;
  s record;
begin
  perform set_config('vitalis.auth_provider', p_provider, true);
  perform set_config('vitalis.auth_subject', p_subject, true);
  select i.user_id into v_user from vitalis.oauth_identities i where i.provider = p_provider and i.provider_user_id = p_subject;
  perform set_config('vitalis.auth_provider', '', true);
  perform set_config('vitalis.auth_subject', '', true);

  if v_user is not null then
    perform set_config('app.current_user_id', v_user::text, true);
    if not exists (select 1 from vitalis.users u where u.user_id = v_user and u.deleted_at is null) then
      perform set_config('app.current_user_id', '', true);
      return query select 'deleted'::text, null::uuid, false, false, null::uuid, null::text, null::timestamptz;
      return;
    end if;
  else
    if v_email is null or v_email = '' then
      return query select 'no_email'::text, null::uuid, false, false, null::uuid, null::text, null::timestamptz;
      return;
    end if;
    select * into v_found from vitalis_private.auth_user_by_email(v_email);
    if v_found.user_id is not null then
      if not coalesce(p_email_verified, false) then
        return query select 'email_conflict'::text, null::uuid, false, false, null::uuid, null::text, null::timestamptz;
        return;
      end if;
      v_user := v_found.user_id;
      v_linked := true;
      perform set_config('app.current_user_id', v_user::text, true);
      update vitalis.users u set email_verified_at = now() where u.user_id = v_user and u.email_verified_at is null;
    else
      v_user := gen_random_uuid();
      v_account := gen_random_uuid();
      v_created := true;
      perform set_config('app.current_user_id', v_user::text, true);
      insert into vitalis.accounts (account_id, subscription_tier, max_users) values (v_account, 'free', 1);
      insert into vitalis.users (user_id, account_id, email, email_verified_at, display_name)
      values (v_user, v_account, v_email, case when p_email_verified then now() end,
              coalesce(nullif(left(btrim(p_display_name), 200), ''), split_part(v_email, '@', 1)));
    end if;
    insert into vitalis.oauth_identities (user_id, provider, provider_user_id) values (v_user, p_provider, p_subject);
  end if;

  select * into s from vitalis_private.auth_sign_in(v_user, p_refresh_ttl_seconds,
    jsonb_build_object('method', p_provider, 'created', v_created, 'linked', v_linked));
  perform set_config('app.current_user_id', '', true);
  return query select 'ok'::text, v_user, v_created, v_linked, s.session_id, s.refresh_token, s.expires_at;
end $$;


ALTER FUNCTION vitalis_private.auth_oauth_sign_in(p_provider text, p_subject text, p_email text, p_email_verified boolean, p_display_name text, p_refresh_ttl_seconds integer) OWNER TO vitalis_owner;

--
-- Name: auth_random_token(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_random_token() RETURNS text
    LANGUAGE sql PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
  select encode(public.gen_random_bytes(32), 'hex')
$$;


ALTER FUNCTION vitalis_private.auth_random_token() OWNER TO vitalis_owner;

--
-- Name: auth_rate_limit(text, text, integer, integer, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer) RETURNS TABLE(retry_after integer, limited_by text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_address text := nullif(lower(btrim(p_address)), '');
  v_ip inet := vitalis_private.auth_ip_bucket(vitalis_private.try_inet(current_setting('app.ip_address', true)));
  v_window interval;
  v_count bigint;
  v_retry integer := 0;
  v_scope text;
  v_key bigint;
begin
  if p_action is null or p_action not in ('register', 'password_reset', 'verify_email') then
    raise exception 'unknown rate-limited action %', coalesce(quote_literal(p_action), 'NULL') using errcode = '22023';
  end if;
  if p_window_seconds is null or p_window_seconds < 1 or p_max_per_address is null or p_max_per_address < 1
     or p_max_per_ip is null or p_max_per_ip < 1 then
    raise exception 'rate limit window and maxima must be positive' using errcode = '22023';
  end if;
  v_window := make_interval(secs => p_window_seconds);

  -- Serialise requests on one address and on one IP, always in key order so that two requests
  -- never wait on each other crosswise; concurrent requests cannot slip past a limit.
  for v_key in
    select k from unnest(array[hashtextextended('vitalis.rate:' || p_action || ':address:' || v_address, 0),
                               hashtextextended('vitalis.rate:' || p_action || ':ip:' || v_ip::text, 0)]) k
     where k is not null order by k
  loop
    perform pg_advisory_xact_lock(v_key);
  end loop;

  delete from vitalis_private.auth_rate_events e
   where e.event_id in (select x.event_id from vitalis_private.auth_rate_events x
                         where x.occurred_at < now() - greatest(v_window, interval '1 day') limit 100);

  -- Retry-After: when the oldest event that keeps the count at the limit leaves the window.
  if v_address is not null then
    select count(*) into v_count from vitalis_private.auth_rate_events e
     where e.action = p_action and e.address = v_address and e.occurred_at > now() - v_window;
    if v_count >= p_max_per_address then
      select ceil(extract(epoch from (e.occurred_at + v_window - now())))::integer into v_retry
        from vitalis_private.auth_rate_events e
       where e.action = p_action and e.address = v_address and e.occurred_at > now() - v_window
       order by e.occurred_at offset v_count - p_max_per_address limit 1;
      v_scope := 'address';
    end if;
  end if;
  if v_ip is not null and v_retry <= 0 then
    select count(*) into v_count from vitalis_private.auth_rate_events e
     where e.action = p_action and e.ip_bucket = v_ip and e.occurred_at > now() - v_window;
    if v_count >= p_max_per_ip then
      select ceil(extract(epoch from (e.occurred_at + v_window - now())))::integer into v_retry
        from vitalis_private.auth_rate_events e
       where e.action = p_action and e.ip_bucket = v_ip and e.occurred_at > now() - v_window
       order by e.occurred_at offset v_count - p_max_per_ip limit 1;
      v_scope := 'ip';
    end if;
  end if;
  if v_retry > 0 then
    return query select v_retry, v_scope;
    return;
  end if;
  insert into vitalis_private.auth_rate_events (action, address, ip_bucket) values (p_action, v_address, v_ip);
  return query select 0, null::text;
end $$;


ALTER FUNCTION vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer) IS 'Counts a request that sends mail or creates an account (register, password_reset, verify_email) against limits per target address and per client IP (app.ip_address) over a window. Returns retry_after 0 when allowed (and recorded), otherwise the seconds until it would be and which limit refused it. Unknown addresses count like real ones.';


--
-- Name: auth_refresh(text, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer) RETURNS TABLE(status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_old vitalis_private.sessions;
  v_count integer;
  s record;
begin
  select * into v_old from vitalis_private.sessions x
   where x.refresh_token_hash = vitalis_private.auth_token_hash(p_refresh_token) for update;
  if not found then
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  if v_old.revoked_at is not null then
    update vitalis_private.sessions x set revoked_at = now(), revoked_reason = 'refresh_token_reuse'
     where x.family_id = v_old.family_id and x.revoked_at is null;
    get diagnostics v_count = row_count;
    if v_old.revoked_reason = 'rotated' or v_count > 0 then
      perform set_config('app.current_user_id', v_old.user_id::text, true);
      perform vitalis_private.audit_security_event('LOGOUT', v_old.user_id,
        jsonb_build_object('reason', 'refresh_token_reuse', 'family_id', v_old.family_id, 'sessions_revoked', v_count));
      perform set_config('app.current_user_id', '', true);
    end if;
    return query select 'reused'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  perform set_config('app.current_user_id', v_old.user_id::text, true);
  if v_old.expires_at <= now()
     or not exists (select 1 from vitalis.users u where u.user_id = v_old.user_id and u.deleted_at is null) then
    perform set_config('app.current_user_id', '', true);
    return query select 'invalid'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  perform set_config('app.current_user_id', '', true);
  update vitalis_private.sessions x set revoked_at = now(), revoked_reason = 'rotated', last_used_at = now()
   where x.session_id = v_old.session_id;
  select * into s from vitalis_private.auth_new_session(v_old.user_id, p_refresh_ttl_seconds, v_old.family_id, v_old.session_id);
  return query select 'ok'::text, v_old.user_id, s.session_id, s.refresh_token, s.expires_at;
end $$;


ALTER FUNCTION vitalis_private.auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer) IS 'Rotates a refresh token: the old session is revoked and a successor issued. Presenting a revoked token again revokes the whole family (token theft).';


--
-- Name: auth_register(text, text, text, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer) RETURNS TABLE(status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_email text := lower(btrim(p_email));
  v_hash text := vitalis_private.auth_hash_password(p_password);
  v_account uuid := gen_random_uuid();
  v_user uuid := gen_random_uuid();
  v_previous text := current_setting('app.current_user_id', true);
  s record;
begin
  perform set_config('app.current_user_id', v_user::text, true);
  begin
    insert into vitalis.accounts (account_id, subscription_tier, max_users) values (v_account, 'free', 1);
    insert into vitalis.users (user_id, account_id, email, display_name)
    values (v_user, v_account, v_email, btrim(p_display_name));
    insert into vitalis_private.user_passwords (user_id, password_hash) values (v_user, v_hash);
  exception when unique_violation then
    perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
    return query select 'email_taken'::text, null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end;
  select * into s from vitalis_private.auth_sign_in(v_user, p_refresh_ttl_seconds, jsonb_build_object('method', 'register'));
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return query select 'ok'::text, v_user, s.session_id, s.refresh_token, s.expires_at;
end $$;


ALTER FUNCTION vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer) IS 'Creates an account, a user (and, by trigger, their preferences) with a bcrypt password (vitalis_private.user_passwords), and signs them in. status email_taken when the email is in use.';


--
-- Name: auth_request_email_verification(integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_request_email_verification(p_ttl_seconds integer) RETURNS TABLE(status text, email text, token text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
  v_email text;
  v_verified timestamptz;
  v_token text := vitalis_private.auth_random_token();
begin
  select u.email, u.email_verified_at into v_email, v_verified from vitalis.users u where u.user_id = v_user and u.deleted_at is null;
  if v_email is null then
    raise exception 'no signed-in user' using errcode = '28000';
  end if;
  if v_verified is not null then
    return query select 'already_verified'::text, v_email, null::text;
    return;
  end if;
  insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at)
  values (vitalis_private.auth_token_hash(v_token), v_user, 'verify_email', v_email, now() + make_interval(secs => p_ttl_seconds));
  return query select 'ok'::text, v_email, v_token;
end $$;


ALTER FUNCTION vitalis_private.auth_request_email_verification(p_ttl_seconds integer) OWNER TO vitalis_owner;

--
-- Name: auth_request_password_reset(text, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_request_password_reset(p_email text, p_ttl_seconds integer) RETURNS TABLE(user_id uuid, email text, token text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_email text := lower(btrim(p_email));
  v_user record;
  v_token text := vitalis_private.auth_random_token();
begin
  select * into v_user from vitalis_private.auth_user_by_email(v_email);
  if v_user.user_id is null then
    return;
  end if;
  -- Only the newest reset link works.
  update vitalis_private.email_tokens t set used_at = now()
   where t.user_id = v_user.user_id and t.purpose = 'password_reset' and t.used_at is null;
  insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at)
  values (vitalis_private.auth_token_hash(v_token), v_user.user_id, 'password_reset', v_email, now() + make_interval(secs => p_ttl_seconds));
  return query select v_user.user_id, v_email, v_token;
end $$;


ALTER FUNCTION vitalis_private.auth_request_password_reset(p_email text, p_ttl_seconds integer) OWNER TO vitalis_owner;

--
-- Name: auth_reset_password(text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_reset_password(p_token text, p_new_password text) RETURNS TABLE(status text, user_id uuid, sessions_revoked integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_hash text := vitalis_private.auth_hash_password(p_new_password);
  v_token vitalis_private.email_tokens;
  v_revoked integer;
begin
  update vitalis_private.email_tokens t set used_at = now()
   where t.token_hash = vitalis_private.auth_token_hash(p_token) and t.purpose = 'password_reset'
     and t.used_at is null and t.expires_at > now()
  returning * into v_token;
  if not found then
    return query select 'invalid'::text, null::uuid, null::integer;
    return;
  end if;
  perform set_config('app.current_user_id', v_token.user_id::text, true);
  -- The link reached this address, so it is verified too (unless the email changed since).
  update vitalis.users u
     set email_verified_at = case when u.email = v_token.email then coalesce(u.email_verified_at, now()) else u.email_verified_at end
   where u.user_id = v_token.user_id and u.deleted_at is null;
  if not found then
    perform set_config('app.current_user_id', '', true);
    return query select 'invalid'::text, null::uuid, null::integer;
    return;
  end if;
  -- A Google or Apple account gains a password this way.
  insert into vitalis_private.user_passwords (user_id, password_hash) values (v_token.user_id, v_hash)
  on conflict on constraint user_passwords_pkey do update set password_hash = excluded.password_hash, updated_at = now();
  v_revoked := vitalis_private.auth_revoke_sessions(v_token.user_id, 'password_reset');
  delete from vitalis_private.login_attempts a where a.email = v_token.email;
  perform set_config('app.current_user_id', '', true);
  return query select 'ok'::text, v_token.user_id, v_revoked;
end $$;


ALTER FUNCTION vitalis_private.auth_reset_password(p_token text, p_new_password text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_reset_password(p_token text, p_new_password text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_reset_password(p_token text, p_new_password text) IS 'Sets a new password from an emailed single-use reset token (which also verifies the address it reached) and revokes every session. status invalid for an unknown, used or expired token or a deleted user. Definer: the caller is not signed in.';


--
-- Name: auth_revoke_sessions(uuid, text, uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_revoke_sessions(p_user_id uuid, p_reason text, p_keep_family uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_count integer;
begin
  update vitalis_private.sessions set revoked_at = now(), revoked_reason = p_reason
   where user_id = p_user_id and revoked_at is null and family_id is distinct from p_keep_family;
  get diagnostics v_count = row_count;
  if v_count > 0 then
    perform vitalis_private.audit_security_event('LOGOUT', p_user_id, jsonb_build_object('reason', p_reason, 'sessions_revoked', v_count));
  end if;
  return v_count;
end $$;


ALTER FUNCTION vitalis_private.auth_revoke_sessions(p_user_id uuid, p_reason text, p_keep_family uuid) OWNER TO vitalis_owner;

--
-- Name: auth_session_is_live(uuid, uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_session_is_live(p_session_id uuid, p_user_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
  select exists (select 1 from vitalis_private.sessions
                  where session_id = p_session_id and user_id = p_user_id and revoked_at is null and expires_at > now())
$$;


ALTER FUNCTION vitalis_private.auth_session_is_live(p_session_id uuid, p_user_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_session_is_live(p_session_id uuid, p_user_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_session_is_live(p_session_id uuid, p_user_id uuid) IS 'Whether an access token''s session (sid) is live for its user (sub): checked on every authenticated request.';


--
-- Name: auth_sign_in(uuid, integer, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_sign_in(p_user_id uuid, p_ttl_seconds integer, p_details jsonb, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  perform set_config('app.current_user_id', p_user_id::text, true);
  update vitalis.users set last_login_at = now() where user_id = p_user_id;
  select s.session_id, s.refresh_token, s.expires_at into session_id, refresh_token, expires_at
    from vitalis_private.auth_new_session(p_user_id, p_ttl_seconds) s;
  perform vitalis_private.audit_security_event('LOGIN', p_user_id, coalesce(p_details, '{}'::jsonb) || jsonb_build_object('session_id', session_id));
end $$;


ALTER FUNCTION vitalis_private.auth_sign_in(p_user_id uuid, p_ttl_seconds integer, p_details jsonb, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: auth_tg_users__revoke_sessions(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_tg_users__revoke_sessions() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'user_deleted'
   where user_id = new.user_id and revoked_at is null;
  return null;
end $$;


ALTER FUNCTION vitalis_private.auth_tg_users__revoke_sessions() OWNER TO vitalis_owner;

--
-- Name: auth_token_hash(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_token_hash(p_token text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
  select sha256(convert_to(p_token, 'UTF8'))
$$;


ALTER FUNCTION vitalis_private.auth_token_hash(p_token text) OWNER TO vitalis_owner;

--
-- Name: auth_user_by_email(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_user_by_email(p_email text, OUT user_id uuid, OUT password_hash text, OUT email_verified_at timestamp with time zone) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  perform set_config('vitalis.auth_email', coalesce(p_email, ''), true);
  select u.user_id, p.password_hash, u.email_verified_at into user_id, password_hash, email_verified_at
    from vitalis.users u left join vitalis_private.user_passwords p on p.user_id = u.user_id
   where u.email = p_email and u.deleted_at is null;
  perform set_config('vitalis.auth_email', '', true);
end $$;


ALTER FUNCTION vitalis_private.auth_user_by_email(p_email text, OUT user_id uuid, OUT password_hash text, OUT email_verified_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: FUNCTION auth_user_by_email(p_email text, OUT user_id uuid, OUT password_hash text, OUT email_verified_at timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.auth_user_by_email(p_email text, OUT user_id uuid, OUT password_hash text, OUT email_verified_at timestamp with time zone) IS 'The live user with this email and their password hash (null without a password), for auth_login. Definer: the caller is not signed in yet, and the hash is in vitalis_private.';


--
-- Name: auth_verify_email(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.auth_verify_email(p_token text) RETURNS TABLE(status text, user_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_token vitalis_private.email_tokens;
  v_previous text := current_setting('app.current_user_id', true);
begin
  update vitalis_private.email_tokens t set used_at = now()
   where t.token_hash = vitalis_private.auth_token_hash(p_token) and t.purpose = 'verify_email'
     and t.used_at is null and t.expires_at > now()
  returning * into v_token;
  if not found then
    return query select 'invalid'::text, null::uuid;
    return;
  end if;
  perform set_config('app.current_user_id', v_token.user_id::text, true);
  update vitalis.users u set email_verified_at = coalesce(u.email_verified_at, now())
   where u.user_id = v_token.user_id and u.email = v_token.email and u.deleted_at is null;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  if not found then
    return query select 'invalid'::text, null::uuid;
    return;
  end if;
  return query select 'ok'::text, v_token.user_id;
end $$;


ALTER FUNCTION vitalis_private.auth_verify_email(p_token text) OWNER TO vitalis_owner;

--
-- Name: begin_document_upload(vitalis.document_type, text, text, bigint, text, bigint); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_me uuid := vitalis.current_user_id();
  v_doc vitalis.documents;
  v_id uuid := gen_random_uuid();
begin
  if v_me is null then
    raise exception 'authorization: sign in to upload a report' using errcode = '28000';
  end if;
  perform vitalis_private.check_document_upload(p_document_type, p_mime_type, p_file_size_bytes, p_sha256, p_max_bytes);
  v_doc := vitalis_private.existing_document(p_sha256);
  if v_doc.document_id is null then
    insert into vitalis.documents (document_id, user_id, document_type, original_filename, s3_key, file_size_bytes, mime_type, sha256)
    values (v_id, v_me, p_document_type, left(p_original_filename, 200), vitalis_private.document_key(v_me, v_id, p_original_filename),
            p_file_size_bytes, p_mime_type, p_sha256)
    returning * into v_doc;
    duplicate := false;
  else
    duplicate := true;
  end if;
  document_id := v_doc.document_id;
  s3_key := v_doc.s3_key;
  -- A document whose bytes never arrived may be uploaded again (a fresh URL for the same key).
  awaiting_upload := v_doc.parse_job_id is null and v_doc.parse_status = 'pending';
end $$;


ALTER FUNCTION vitalis_private.begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean) IS 'Creates the document a presigned upload will fill (or finds the one with the same bytes) and returns its object key. Security definer: documents are server-written.';


--
-- Name: check_batch(jsonb, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
declare
  v_columns text[];
  v_unknown text;
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception 'rows: must be a JSON array of objects' using errcode = '22023', column = 'rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception 'rows: every row must be a JSON object' using errcode = '22023', column = 'rows';
  end if;
  select array_agg(a.attname::text) into v_columns
    from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped;
  select string_agg(format('rows[%s].%s', e.i - 1, k.key), ', ' order by e.i, k.key) into v_unknown
    from (select * from jsonb_array_elements(p_rows) with ordinality x(r, i)) e
    cross join lateral jsonb_object_keys(e.r) k(key)
   where k.key <> all (v_columns);
  if v_unknown is not null then
    raise exception '% %', v_unknown,
      case when v_unknown like '%,%' then 'are not known fields' else 'is not a known field' end using errcode = '22023', column = 'rows';
  end if;
end $$;


ALTER FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION check_batch(p_rows jsonb, p_table text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) IS 'Batch upsert input: a JSON array of objects whose keys are all columns of the table; an unknown key is named with its row index (from 0).';


--
-- Name: check_document_upload(vitalis.document_type, text, bigint, text, bigint); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
begin
  if p_document_type is null then
    raise exception 'documentType: is required (blood_work, dexa, epigenetics or other)' using errcode = '22023', column = 'document_type';
  end if;
  if p_document_type not in ('blood_work', 'dexa', 'epigenetics', 'other') then
    raise exception 'documentType: % reports are not parsed; upload blood_work, dexa, epigenetics or other', p_document_type using errcode = '22023', column = 'document_type';
  end if;
  if p_mime_type is null or p_mime_type not in ('application/pdf', 'image/png', 'image/jpeg', 'image/heic', 'application/json') then
    raise exception 'mimeType: must be application/pdf, image/png, image/jpeg, image/heic or application/json' using errcode = '22023', column = 'mime_type';
  end if;
  if p_file_size_bytes is null or p_file_size_bytes < 1 or p_file_size_bytes > p_max_bytes then
    raise exception 'byteSize: must be between 1 and % bytes', p_max_bytes using errcode = '22023', column = 'file_size_bytes';
  end if;
  if p_sha256 is null or p_sha256 !~ '^[0-9a-f]{64}$' then
    raise exception 'sha256: must be the file''s SHA-256 as 64 lower-case hex digits' using errcode = '22023', column = 'sha256';
  end if;
end $_$;


ALTER FUNCTION vitalis_private.check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint) OWNER TO vitalis_owner;

--
-- Name: FUNCTION check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint) IS 'The rules every report upload meets, whichever way it arrives.';


--
-- Name: check_partition_dates(text, text, date, date); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
  if p_min < vitalis_private.partition_window_start() or p_max > vitalis_private.partition_window_end() then
    raise exception '%: % is outside the accepted range % to %', vitalis_private.field_name(p_column),
      case when p_min < vitalis_private.partition_window_start() then p_min else p_max end,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', column = p_column, table = p_table, schema = 'vitalis';
  end if;
end $$;


ALTER FUNCTION vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) OWNER TO vitalis_owner;

--
-- Name: check_report_part(jsonb, regclass, text[], text[], text, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog'
    AS $_$
declare
  v_root text := substring(p_at from '^[A-Za-z_]+');
  v_items jsonb;
  v_item jsonb;
  v_n bigint;
  v_path text;
  v_key text;
  v_value jsonb;
  v_type oid;
  v_typmod integer;
  v_rule text;
  v_limit numeric;
begin
  if p_part is null or jsonb_typeof(p_part) = 'null' then
    if p_list then
      return;
    end if;
    raise exception using message = format('%s: %s must be a JSON object', v_root, p_at), errcode = '22023', column = v_root;
  end if;
  if p_list and jsonb_typeof(p_part) <> 'array' then
    raise exception using message = format('%s: %s must be a JSON array of objects', v_root, p_at), errcode = '22023', column = v_root;
  end if;
  v_items := case when p_list then p_part else jsonb_build_array(p_part) end;
  for v_item, v_n in select e.j, e.n - 1 from jsonb_array_elements(v_items) with ordinality e(j, n) loop
    v_path := case when p_list then format('%s[%s]', p_at, v_n) else p_at end;
    if jsonb_typeof(v_item) <> 'object' then
      raise exception using message = format('%s: %s must be a JSON object', v_root, v_path), errcode = '22023', column = v_root;
    end if;
    select k into v_key from jsonb_object_keys(v_item) k where k <> all (p_allowed) order by k limit 1;
    if found then
      raise exception using message = format('%s: %s.%s is not a known field', v_root, v_path, v_key), errcode = '22023', column = v_root;
    end if;
    select r into v_key from unnest(p_required) r where jsonb_typeof(coalesce(v_item -> r, 'null')) = 'null' limit 1;
    if found then
      raise exception using message = format('%s: must be given (%s)', vitalis_private.field_name(v_key), v_path), errcode = '22023', column = v_key;
    end if;
  end loop;
  -- Every value must read as its column's type. One attempt for the whole part; only when it
  -- fails are the values tried one by one, to name the field (each try is a subtransaction).
  begin
    execute format('select count(*) from jsonb_populate_recordset(null::%s, $1)', p_table) using v_items;
  exception when others then
    for v_item, v_n in select e.j, e.n - 1 from jsonb_array_elements(v_items) with ordinality e(j, n) loop
      for v_key, v_value in select k.key, k.value from jsonb_each(v_item) k where jsonb_typeof(k.value) <> 'null' loop
        begin
          execute format('select jsonb_populate_record(null::%s, $1)', p_table) using jsonb_build_object(v_key, v_value);
        exception when others then
          v_limit := null;
          select a.atttypid, a.atttypmod into v_type, v_typmod
            from pg_attribute a where a.attrelid = p_table and a.attname = v_key and not a.attisdropped;
          if v_type is null then
            -- A key that is no column (a part's child list): its own check names it.
            continue;
          end if;
          if v_type = 'numeric'::regtype and v_typmod >= 4 and sqlstate = '22003' then
            v_limit := trim_scale(10::numeric ^ (((v_typmod - 4) >> 16) - ((v_typmod - 4) & 65535)) - 10::numeric ^ (-((v_typmod - 4) & 65535)));
          end if;
          v_rule := case
            when exists (select 1 from pg_type t where t.oid = v_type and t.typtype = 'e') then
              'must be one of ' || (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = v_type)
            when v_limit is not null then format('must be a number from -%s to %s', v_limit, v_limit)
            when v_type in ('numeric'::regtype, 'int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype) then 'must be a number'
            when v_type = 'date'::regtype then 'must be a date (YYYY-MM-DD)'
            when v_type = 'timestamptz'::regtype then 'must be a date and time (ISO 8601)'
            when v_type = 'bool'::regtype then 'must be true or false'
            when v_type = 'uuid'::regtype then 'must be a UUID'
            else 'must be a ' || format_type(v_type, v_typmod)
          end;
          v_path := case when p_list then format('%s[%s]', p_at, v_n) else p_at end;
          raise exception using message = format('%s: %s (%s)', vitalis_private.field_name(v_key), v_rule, v_path), errcode = '22023', column = v_key;
        end;
      end loop;
    end loop;
    raise;
  end;
end $_$;


ALTER FUNCTION vitalis_private.check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean) IS 'Checks one part of a report before anything is written: a JSON object (or, p_list, an array of them) at path p_at, whose keys are all allowed, required ones given, and every value readable as its column''s type. Messages name the field and where it is: "valueNumeric: must be a number (rows[0].markers[2])".';


--
-- Name: clear_learned(uuid, tstzrange); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.clear_learned(p_user uuid, p_span tstzrange) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
declare
  r vitalis.user_timezones;
  piece tstzrange;
begin
  -- Removes the span from every learned range it touches, keeping what lies outside it.
  for r in delete from vitalis.user_timezones t
            where t.user_id = p_user and t.source = 'learned' and tstzrange(t.valid_from, t.valid_to) && p_span returning t.* loop
    for piece in select unnest(tstzmultirange(tstzrange(r.valid_from, r.valid_to)) - tstzmultirange(p_span)) loop
      insert into vitalis.user_timezones (user_id, timezone, utc_offset_minutes, valid_from, valid_to, source, created_at)
      values (p_user, r.timezone, r.utc_offset_minutes, lower(piece), upper(piece), 'learned', r.created_at);
    end loop;
  end loop;
end $$;


ALTER FUNCTION vitalis_private.clear_learned(p_user uuid, p_span tstzrange) OWNER TO vitalis_owner;

--
-- Name: FUNCTION clear_learned(p_user uuid, p_span tstzrange); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.clear_learned(p_user uuid, p_span tstzrange) IS 'Cuts a span out of the user''s learned ranges (a user-set range or newer evidence replaces them there).';


--
-- Name: confirm_dexa_draft(vitalis.documents); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.confirm_dexa_draft(p_document vitalis.documents) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
declare
  d jsonb := p_document.parse_result;
  h jsonb := coalesce(p_document.parse_result -> 'header', '{}');
  s jsonb := vitalis_private.draft_summary(p_document.parse_result, 'dexa_summary');
begin
  if h ->> 'collectedAt' is null then
    raise exception 'collectedAt: a DEXA scan needs its scan date; set it with reviseDocumentHeader' using errcode = '23514', column = 'collected_at';
  end if;
  return vitalis_private.upsert_dexa_scan(jsonb_build_object(
    'provider', h ->> 'provider', 'scan_date', left(h ->> 'collectedAt', 10), 'document_id', p_document.document_id,
    'age_at_scan', s -> 'ageAtScan', 'height_in', s -> 'heightIn', 'weight_lbs', s -> 'weightLbs', 'total_mass_lbs', s -> 'totalMassLbs',
    'total_fat_lbs', s -> 'totalFatLbs', 'total_lean_lbs', s -> 'totalLeanLbs', 'total_bmc_lbs', s -> 'totalBmcLbs',
    'total_body_fat_pct', s -> 'totalBodyFatPct', 'visceral_fat_lbs', s -> 'visceralFatLbs', 'visceral_fat_in3', s -> 'visceralFatIn3',
    'android_gynoid_ratio', s -> 'androidGynoidRatio',
    'regions', coalesce((
      select jsonb_agg(jsonb_build_object('region', i ->> 'region', 'body_fat_pct', i -> 'bodyFatPct', 'fat_lbs', i -> 'fatLbs',
                                          'lean_lbs', i -> 'leanLbs', 'bmc_lbs', i -> 'bmcLbs', 'total_mass_lbs', i -> 'totalMassLbs'))
        from vitalis_private.draft_items(d, 'dexa_region') i), '[]'),
    'bone_density', coalesce((
      select jsonb_agg(jsonb_build_object('region', i ->> 'region', 'bmd_g_cm2', i -> 'bmdGCm2', 't_score', i -> 'tScore', 'z_score', i -> 'zScore'))
        from vitalis_private.draft_items(d, 'bone_density') i), '[]')), true);
end $$;


ALTER FUNCTION vitalis_private.confirm_dexa_draft(p_document vitalis.documents) OWNER TO vitalis_owner;

--
-- Name: FUNCTION confirm_dexa_draft(p_document vitalis.documents); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.confirm_dexa_draft(p_document vitalis.documents) IS 'Writes a DEXA draft as a scan with its regions and bone densities; returns the scan.';


--
-- Name: confirm_draft(vitalis.documents, uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.confirm_draft(p_document vitalis.documents, p_confirmed_by uuid) RETURNS vitalis.documents
    LANGUAGE plpgsql
    AS $$
declare
  v_kind text := p_document.parse_result ->> 'kind';
  v_record uuid;
  v_doc vitalis.documents;
begin
  perform vitalis_private.assert_reviewable(p_document);
  v_record := case v_kind
    when 'lab' then vitalis_private.confirm_lab_draft(p_document)
    when 'dexa' then vitalis_private.confirm_dexa_draft(p_document)
    when 'epigenetic' then vitalis_private.confirm_epigenetic_draft(p_document)
  end;
  if v_record is null then
    raise exception 'documentId: the draft has no report kind that can be confirmed' using errcode = '23514', column = 'document_id';
  end if;
  update vitalis.documents d
     set parse_status = 'confirmed', confirmed_at = now(), confirmed_by = p_confirmed_by, linked_record_id = v_record,
         linked_record_type = case v_kind when 'lab' then 'blood_panel' when 'dexa' then 'dexa_scan' else 'epigenetic_test' end
   where d.document_id = p_document.document_id
  returning * into v_doc;
  return v_doc;
end $$;


ALTER FUNCTION vitalis_private.confirm_draft(p_document vitalis.documents, p_confirmed_by uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION confirm_draft(p_document vitalis.documents, p_confirmed_by uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.confirm_draft(p_document vitalis.documents, p_confirmed_by uuid) IS 'Turns a reviewed draft into its records in one transaction and links them to the document.';


--
-- Name: confirm_epigenetic_draft(vitalis.documents); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.confirm_epigenetic_draft(p_document vitalis.documents) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
declare
  d jsonb := p_document.parse_result;
  h jsonb := coalesce(p_document.parse_result -> 'header', '{}');
  s jsonb := vitalis_private.draft_summary(p_document.parse_result, 'epigenetic_summary');
begin
  return vitalis_private.upsert_epigenetic_test(jsonb_build_object(
    'provider', h ->> 'provider', 'kit_id', h ->> 'kitId', 'collected_at', left(h ->> 'collectedAt', 10), 'reported_at', left(h ->> 'reportedAt', 10),
    'methylation_clock', h ->> 'methylationClock', 'document_id', p_document.document_id,
    'chronological_age', s -> 'chronologicalAge', 'biological_age', s -> 'biologicalAge', 'pace_score', s -> 'paceScore',
    'pace_percentile', s -> 'pacePercentile', 'telomere_length', s -> 'telomereLength',
    'raw_data', jsonb_build_object('draft', d -> 'family', 'items', d -> 'items'),
    'organ_ages', coalesce((
      select jsonb_agg(jsonb_build_object('organ_system', i ->> 'organSystem', 'biological_age', i -> 'biologicalAge', 'chronological_age', i -> 'chronologicalAge'))
        from vitalis_private.draft_items(d, 'organ_age') i), '[]')), true);
end $$;


ALTER FUNCTION vitalis_private.confirm_epigenetic_draft(p_document vitalis.documents) OWNER TO vitalis_owner;

--
-- Name: FUNCTION confirm_epigenetic_draft(p_document vitalis.documents); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.confirm_epigenetic_draft(p_document vitalis.documents) IS 'Writes an epigenetic draft as a test with its organ-system ages; returns the test.';


--
-- Name: confirm_lab_draft(vitalis.documents); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.confirm_lab_draft(p_document vitalis.documents) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
declare
  d jsonb := p_document.parse_result;
  h jsonb := coalesce(p_document.parse_result -> 'header', '{}');
begin
  if vitalis_private.draft_timestamp(h ->> 'reportedAt') < vitalis_private.draft_timestamp(h ->> 'collectedAt') then
    raise exception 'reportedAt: the report date (%) is before the collection date (%); correct one with reviseDocumentHeader', h ->> 'reportedAt', h ->> 'collectedAt'
      using errcode = '23514', column = 'reported_at';
  end if;
  return vitalis_private.upsert_blood_panel(jsonb_build_object(
    'lab_name', h ->> 'provider', 'lab_provider', h ->> 'orderingProvider', 'panel_name', h ->> 'panelName',
    'collected_at', vitalis_private.draft_timestamp(h ->> 'collectedAt'), 'reported_at', vitalis_private.draft_timestamp(h ->> 'reportedAt'),
    'fasting', h -> 'fasting', 'specimen_id', h ->> 'specimenId', 'document_id', p_document.document_id,
    'markers', coalesce((
      select jsonb_agg(jsonb_build_object(
               'biomarker_id', i ->> 'biomarkerId', 'raw_name', i ->> 'printedName', 'sub_panel', i ->> 'subPanel',
               'value_numeric', i -> 'value',
               'value_text', coalesce(i ->> 'valueText', case when jsonb_typeof(i -> 'value') <> 'number' then 'not read' end),
               'unit', i ->> 'unit', 'ref_range_low', i -> 'refLow', 'ref_range_high', i -> 'refHigh', 'ref_range_text', i ->> 'refRangeText',
               'flag', i ->> 'flag', 'parse_confidence', round((i ->> 'confidence')::numeric, 2)))
        from vitalis_private.draft_items(d, 'lab_result') i), '[]')), true);
end $$;


ALTER FUNCTION vitalis_private.confirm_lab_draft(p_document vitalis.documents) OWNER TO vitalis_owner;

--
-- Name: FUNCTION confirm_lab_draft(p_document vitalis.documents); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.confirm_lab_draft(p_document vitalis.documents) IS 'Writes a lab draft as a blood panel and its markers (unmatched results with biomarker_id null); returns the panel.';


--
-- Name: consume_provider_oauth_state(bytea, vitalis.data_source); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source) RETURNS TABLE(status text, user_id uuid, code_verifier text, redirect_uri text, return_to text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_row vitalis_private.provider_oauth_states;
begin
  select * into v_row from vitalis_private.provider_oauth_states s where s.state_hash = p_state_hash for update;
  if not found then
    return query select 'unknown'::text, null::uuid, null::text, null::text, null::text;
    return;
  end if;
  if v_row.consumed_at is not null then
    return query select 'reused'::text, null::uuid, null::text, null::text, v_row.return_to;
    return;
  end if;
  -- Single use whatever the outcome: a state that failed once cannot be tried again.
  update vitalis_private.provider_oauth_states s set consumed_at = now() where s.state_hash = p_state_hash;
  if v_row.expires_at <= now() then
    return query select 'expired'::text, null::uuid, null::text, null::text, v_row.return_to;
  elsif v_row.source <> p_source then
    return query select 'wrong_provider'::text, null::uuid, null::text, null::text, null::text;
  else
    return query select 'ok'::text, v_row.user_id, v_row.code_verifier, v_row.redirect_uri, v_row.return_to;
  end if;
end $$;


ALTER FUNCTION vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source) OWNER TO vitalis_owner;

--
-- Name: FUNCTION consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source) IS 'Uses an OAuth state once (the provider callback has no session): status ok with the user, PKCE verifier, redirect_uri and return address, or unknown, reused, expired, wrong_provider.';


--
-- Name: create_partitions(regclass, date, date); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_schema text;
  v_parent text;
  v_period interval := vitalis_private.partition_period(p_table);
  v_start date;
  v_end date;
  v_name text;
  v_created integer := 0;
begin
  select n.nspname, c.relname into v_schema, v_parent
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.oid = p_table and c.relkind = 'p';
  if not found then
    raise exception 'table: % is not a partitioned table', p_table using errcode = '22023';
  end if;
  if p_from is null or p_to is null or p_from > p_to then
    raise exception 'from: invalid range % to %', p_from, p_to using errcode = '22023';
  end if;
  if p_from < vitalis_private.partition_window_start() or p_to > vitalis_private.partition_window_end() then
    raise exception 'date: % to % (%) is outside the accepted window % to %', p_from, p_to, v_parent,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', hint = 'Dates must lie between 2000-01-01 and the end of next year.';
  end if;
  -- One creator at a time: two imports backfilling the same year must not race.
  perform pg_advisory_xact_lock(hashtext('vitalis_private.create_partitions'));
  v_start := case when v_period = interval '1 year' then date_trunc('year', p_from)::date
                  else date_trunc('quarter', p_from)::date end;
  while v_start <= p_to loop
    v_end := (v_start + v_period)::date;
    v_name := v_parent || case when v_period = interval '1 year' then '_y' || to_char(v_start, 'YYYY')
                               else '_' || to_char(v_start, 'YYYY"q"Q') end;
    if to_regclass(format('%I.%I', v_schema, v_name)) is null then
      -- Bounds written with an explicit UTC offset so timestamptz keys do not depend on TimeZone.
      execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        v_schema, v_name, v_schema, v_parent, v_start || ' 00:00:00+00', v_end || ' 00:00:00+00');
      execute format('comment on table %I.%I is %L', v_schema, v_name,
        format('Partition of %s for %s to %s.', v_parent, v_start, v_end - 1));
      v_created := v_created + 1;
    end if;
    v_start := v_end;
  end loop;
  return v_created;
end $$;


ALTER FUNCTION vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) OWNER TO vitalis_owner;

--
-- Name: FUNCTION create_partitions(p_table regclass, p_from date, p_to date); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) IS 'Creates the missing partitions of a partitioned table for a date range (yearly, or quarterly for audit_log); returns how many it created. Rejects dates outside 2000-01-01 .. end of next year.';


--
-- Name: create_provider_oauth_state(bytea, vitalis.data_source, text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text) RETURNS timestamp with time zone
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_user_id uuid := vitalis.current_user_id();
  v_expires_at timestamptz;
begin
  if v_user_id is null then
    raise exception 'authorization: sign in to connect a provider' using errcode = '42501';
  end if;
  delete from vitalis_private.provider_oauth_states where created_at < now() - interval '1 day';
  insert into vitalis_private.provider_oauth_states (state_hash, user_id, source, code_verifier, redirect_uri)
  values (p_state_hash, v_user_id, p_source, p_code_verifier, p_redirect_uri)
  returning expires_at into v_expires_at;
  return v_expires_at;
end $$;


ALTER FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text) IS 'Records a connect started by the signed-in user: the sha256 of the OAuth state, the provider, the PKCE verifier and redirect_uri. Returns when it expires (10 minutes).';


--
-- Name: create_provider_oauth_state(bytea, vitalis.data_source, text, text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text) RETURNS timestamp with time zone
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_expires_at timestamptz;
begin
  v_expires_at := vitalis_private.create_provider_oauth_state(p_state_hash, p_source, p_code_verifier, p_redirect_uri);
  update vitalis_private.provider_oauth_states s set return_to = p_return_to where s.state_hash = p_state_hash;
  return v_expires_at;
end $$;


ALTER FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text) IS 'create_provider_oauth_state with the app address to return the browser to after the callback.';


--
-- Name: current_request_id(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.current_request_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select vitalis_private.try_uuid(current_setting('app.request_id', true))
$$;


ALTER FUNCTION vitalis_private.current_request_id() OWNER TO vitalis_owner;

--
-- Name: describe_table(regclass); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.describe_table(p_table regclass) RETURNS TABLE(section text, name text, detail text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with t as (
    select c.oid, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl from pg_class c where c.oid = p_table
  ), facts as (
    select 1 as ord, 'table'::text as section, p_table::text as name,
           concat_ws('; ',
             case t.relkind when 'p' then 'partitioned table, ' || pg_get_partkeydef(t.oid) when 'r' then 'table' when 'v' then 'view' else t.relkind::text end,
             case when t.relrowsecurity then 'RLS enabled' || case when t.relforcerowsecurity then ' and forced' else '' end else 'RLS off' end,
             'comment: ' || obj_description(t.oid, 'pg_class')) as detail, 0 as sub
      from t
    union all
    select 2, 'column', a.attname::text,
           concat_ws('; ', format_type(a.atttypid, a.atttypmod),
             case when a.attnotnull then 'not null' else 'null' end,
             case when a.attgenerated = 's' then 'generated as ' || pg_get_expr(d.adbin, d.adrelid)
                  when a.attidentity <> '' then 'identity'
                  when d.adbin is not null then 'default ' || pg_get_expr(d.adbin, d.adrelid) end,
             'comment: ' || col_description(a.attrelid, a.attnum)), a.attnum
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    union all
    select 3, 'constraint', c.conname::text, pg_get_constraintdef(c.oid), 0
      from pg_constraint c where c.conrelid = p_table
    union all
    select 4, 'index', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 0
      from pg_index i where i.indrelid = p_table
    union all
    select 5, 'policy', p.polname::text,
           concat_ws('; ',
             case when p.polpermissive then 'permissive' else 'restrictive' end || ' for ' ||
               case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end,
             'to ' || coalesce((select string_agg(case when r = 0 then 'public' else pg_get_userbyid(r) end, ', ' order by 1) from unnest(p.polroles) r), 'public'),
             'using (' || pg_get_expr(p.polqual, p.polrelid) || ')',
             'with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')'), 0
      from pg_policy p where p.polrelid = p_table
    union all
    select 6, 'grant', case when g.grantee = 0 then 'public' else pg_get_userbyid(g.grantee) end,
           string_agg(g.privilege_type, ', ' order by g.privilege_type), 0
      from t, aclexplode(t.relacl) g
     group by g.grantee
    union all
    select 7, 'column grant', case when g.grantee = 0 then 'public' else pg_get_userbyid(g.grantee) end,
           g.privilege_type || ' (' || string_agg(a.attname::text, ', ' order by a.attnum) || ')', 0
      from pg_attribute a, aclexplode(a.attacl) g
     where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.attacl is not null
     group by g.grantee, g.privilege_type
    union all
    select 8, 'trigger', tg.tgname::text, pg_get_triggerdef(tg.oid) || case when tg.tgenabled = 'D' then ' (disabled)' else '' end, 0
      from pg_trigger tg where tg.tgrelid = p_table and not tg.tgisinternal
    union all
    select 9, 'partition', i.inhrelid::regclass::text, pg_get_expr(c.relpartbound, c.oid), 0
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = p_table
  )
  select f.section, f.name, f.detail from facts f order by f.ord, f.sub, f.name, f.detail
$$;


ALTER FUNCTION vitalis_private.describe_table(p_table regclass) OWNER TO vitalis_owner;

--
-- Name: FUNCTION describe_table(p_table regclass); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.describe_table(p_table regclass) IS 'One table as a DBA reads it, one row per fact: the table (kind, partition key, RLS, comment), columns (type, nullability, default, comment), constraints, indexes, policies, table and column grants, triggers and partitions. For vitalis_admin; sql/describe_table.sql runs it from psql.';


--
-- Name: device_has_token(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.device_has_token(p_device_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
  select exists (select 1 from vitalis_private.device_tokens t where t.device_id = p_device_id and t.access_token_enc is not null)
$$;


ALTER FUNCTION vitalis_private.device_has_token(p_device_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION device_has_token(p_device_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.device_has_token(p_device_id uuid) IS 'Whether a connection holds an access token, for enqueue_daily_syncs, which runs as the worker across users. Says nothing about the token itself.';


--
-- Name: disconnect_device(vitalis.data_source); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.disconnect_device(p_source vitalis.data_source) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_device uuid;
begin
  update vitalis.connected_devices d set is_active = false, token_expires_at = null
   where d.user_id = vitalis.current_user_id() and d.source = p_source
  returning d.device_id into v_device;
  if v_device is null then
    return false;
  end if;
  delete from vitalis_private.device_tokens t where t.device_id = v_device;
  return true;
end $$;


ALTER FUNCTION vitalis_private.disconnect_device(p_source vitalis.data_source) OWNER TO vitalis_owner;

--
-- Name: FUNCTION disconnect_device(p_source vitalis.data_source); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.disconnect_device(p_source vitalis.data_source) IS 'Disconnect flow: the signed-in user''s connection stops syncing and its tokens are erased. Server code only.';


--
-- Name: display_value(numeric, text, text, integer); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) RETURNS vitalis.display_value
    LANGUAGE plpgsql STABLE
    AS $$
declare
  v_cache jsonb;
  v_prefs_key text;
  v_unit text;
  v_target text;
  v_key text;
  v0 numeric;
  v1 numeric;
begin
  if p_value is null then
    return null;
  end if;
  v_cache := coalesce(nullif(current_setting('vitalis.display_cache', true), '')::jsonb, '{}');
  v_prefs_key := 'units ' || coalesce(vitalis.current_user_id()::text, '');
  if not v_cache ? v_prefs_key then
    v_cache := v_cache || jsonb_build_object(v_prefs_key, (
      select jsonb_build_object('weight', coalesce(p.weight_unit, 'lbs'), 'height', coalesce(p.height_unit, 'in'),
                                'distance', coalesce(p.distance_unit, 'miles'), 'temperature', coalesce(p.temperature_unit, 'F'))
        from (select 1) one left join vitalis.user_preferences p on p.user_id = vitalis.current_user_id()));
    perform set_config('vitalis.display_cache', v_cache::text, true);
  end if;
  v_unit := v_cache -> v_prefs_key ->> p_kind;
  if v_unit is null then
    return null;
  end if;
  v_target := case v_unit when 'miles' then 'mi' when 'F' then 'degF' when 'C' then 'degC' else v_unit end;
  v_key := 'map ' || coalesce(p_from, '') || ' > ' || v_target;
  if not v_cache ? v_key then
    v0 := vitalis.convert_unit(0, p_from, v_target);
    v1 := vitalis.convert_unit(1, p_from, v_target);
    v_cache := v_cache || jsonb_build_object(v_key, case when v0 is null or v1 is null then null else jsonb_build_array(v0, v1 - v0) end);
    perform set_config('vitalis.display_cache', v_cache::text, true);
  end if;
  if jsonb_typeof(v_cache -> v_key) is distinct from 'array' then
    return null;
  end if;
  return row(round((v_cache -> v_key ->> 0)::numeric + p_value * (v_cache -> v_key ->> 1)::numeric, p_digits), v_unit)::vitalis.display_value;
end $$;


ALTER FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION display_value(p_value numeric, p_from text, p_kind text, p_digits integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) IS 'A value in unit p_from, converted to the signed-in user''s preferred unit for p_kind (distance, weight, height, temperature) and rounded to p_digits; NULL for a NULL value or an unconvertible unit. Backs the *_display computed columns; conversions and preferences are cached per transaction.';


--
-- Name: document_key(uuid, uuid, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.document_key(p_user_id uuid, p_folder uuid, p_filename text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select 'documents/' || p_user_id || '/' || p_folder || '/' ||
         coalesce(nullif(regexp_replace(coalesce(p_filename, ''), '[^A-Za-z0-9._() -]', '_', 'g'), ''), 'report')
$$;


ALTER FUNCTION vitalis_private.document_key(p_user_id uuid, p_folder uuid, p_filename text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION document_key(p_user_id uuid, p_folder uuid, p_filename text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.document_key(p_user_id uuid, p_folder uuid, p_filename text) IS 'The object key of an uploaded report: documents/<user>/<folder>/<filename with unsafe characters replaced>.';


--
-- Name: draft_items(jsonb, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.draft_items(p_draft jsonb, p_type text) RETURNS SETOF jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select i from jsonb_array_elements(coalesce(p_draft -> 'items', '[]')) i
   where i ->> 'type' = p_type and not coalesce((i ->> 'rejected')::boolean, false)
$$;


ALTER FUNCTION vitalis_private.draft_items(p_draft jsonb, p_type text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION draft_items(p_draft jsonb, p_type text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.draft_items(p_draft jsonb, p_type text) IS 'The items of one type in a draft, without those rejected in review.';


--
-- Name: draft_summary(jsonb, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.draft_summary(p_draft jsonb, p_type text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select coalesce(jsonb_object_agg(i ->> 'field', i -> 'value'), '{}') from vitalis_private.draft_items(p_draft, p_type) i
$$;


ALTER FUNCTION vitalis_private.draft_summary(p_draft jsonb, p_type text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION draft_summary(p_draft jsonb, p_type text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.draft_summary(p_draft jsonb, p_type text) IS 'A draft''s summary items (DEXA or epigenetic) as one object: field name to value.';


--
-- Name: draft_timestamp(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.draft_timestamp(p_value text) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    AS $_$
  select case
    when p_value is null then null
    when p_value ~ '^\d{4}-\d{2}-\d{2}$' then
      p_value::date::timestamp at time zone coalesce((select p.timezone from vitalis.user_preferences p where p.user_id = vitalis.current_user_id()), 'UTC')
    else p_value::timestamptz
  end
$_$;


ALTER FUNCTION vitalis_private.draft_timestamp(p_value text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION draft_timestamp(p_value text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.draft_timestamp(p_value text) IS 'A draft''s date or timestamp as timestamptz; a bare date is the start of that day where the user lives.';


--
-- Name: drop_check(regclass, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.drop_check(p_table regclass, p_name text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  if exists (select 1 from pg_constraint where conrelid = p_table and conname = p_name) then
    execute format('alter table %s drop constraint %I', p_table, p_name);
  end if;
end $$;


ALTER FUNCTION vitalis_private.drop_check(p_table regclass, p_name text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION drop_check(p_table regclass, p_name text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.drop_check(p_table regclass, p_name text) IS 'Migration helper: drops a constraint if it is there (without a notice when it is not).';


--
-- Name: enqueue_daily_syncs(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.enqueue_daily_syncs() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public'
    AS $$
declare
  v_device record;
  v_queued integer := 0;
begin
  for v_device in
    select d.user_id, d.source from vitalis.connected_devices d
     where d.is_active and vitalis_private.device_has_token(d.device_id)
       and not exists (select 1 from vitalis.ingestion_jobs j
                        where j.user_id = d.user_id and j.source = d.source and j.job_type in ('daily_sync', 'backfill')
                          and (j.status in ('queued', 'running', 'retrying') or j.queued_at > now() - interval '20 hours'))
     order by d.last_sync_at nulls first
  loop
    perform vitalis_private.enqueue_ingestion_job(v_device.user_id, 'daily_sync', v_device.source, jsonb_build_object('mode', 'daily'), 7::smallint);
    v_queued := v_queued + 1;
  end loop;
  return v_queued;
end
$$;


ALTER FUNCTION vitalis_private.enqueue_daily_syncs() OWNER TO vitalis_owner;

--
-- Name: FUNCTION enqueue_daily_syncs(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.enqueue_daily_syncs() IS 'Queues the daily sync of every active provider connection holding a token (priority 7: user-requested work goes first); skips connections with a sync waiting, running, or queued in the last 20 hours. Returns how many were queued.';


--
-- Name: enqueue_ingestion_job(uuid, vitalis.job_type, vitalis.data_source, jsonb, smallint, smallint); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint DEFAULT 5, p_max_attempts smallint DEFAULT 3) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public'
    AS $$
declare
  v_task text := vitalis_private.ingestion_task(p_job_type);
  v_previous_user text := current_setting('app.current_user_id', true);
  v_job_id uuid;
begin
  if v_task is null then
    raise exception 'job_type % cannot be queued (no task runs it)', p_job_type using errcode = '23514', column = 'job_type';
  end if;
  if p_payload is null or jsonb_typeof(p_payload) <> 'object' then
    raise exception 'payload must be a JSON object' using errcode = '23514', column = 'payload';
  end if;
  -- The row is the user's (RLS and the audit trail see that user), whoever queues it: the API,
  -- a provider's webhook or the daily cron.
  perform set_config('app.current_user_id', p_user_id::text, true);
  insert into vitalis.ingestion_jobs (user_id, source, job_type, payload, priority, max_attempts)
    values (p_user_id, p_source, p_job_type, p_payload, p_priority, p_max_attempts)
    returning job_id into v_job_id;
  perform set_config('app.current_user_id', coalesce(v_previous_user, ''), true);
  perform vitalis_private.worker_add_job(v_task, json_build_object('ingestionJobId', v_job_id), 'ingestion:' || v_job_id, p_max_attempts, p_priority);
  return v_job_id;
end
$$;


ALTER FUNCTION vitalis_private.enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint, p_max_attempts smallint) OWNER TO vitalis_owner;

--
-- Name: FUNCTION enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint, p_max_attempts smallint); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint, p_max_attempts smallint) IS 'Creates an ingestion_jobs row for the user and the graphile-worker job that runs it, in the caller''s transaction. The single way jobs are queued.';


--
-- Name: enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_device record;
  v_count integer := 0;
begin
  perform set_config('vitalis.webhook_source', p_source::text, true);
  perform set_config('vitalis.webhook_external_user_id', p_external_user_id, true);
  for v_device in
    select d.device_id, d.user_id from vitalis.connected_devices d
     where d.source = p_source and d.external_user_id = p_external_user_id and d.is_active
  loop
    -- enqueue_ingestion_job acts as that user (RLS, audit) while it writes the job.
    perform vitalis_private.enqueue_ingestion_job(v_device.user_id, 'webhook_sync', p_source,
      coalesce(p_payload, '{}'::jsonb) || jsonb_build_object('device_id', v_device.device_id));
    v_count := v_count + 1;
  end loop;
  perform set_config('vitalis.webhook_source', '', true);
  perform set_config('vitalis.webhook_external_user_id', '', true);
  return v_count;
end $$;


ALTER FUNCTION vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb) IS 'Queues a webhook_sync job for every active connection to p_source whose external_user_id matches (a verified webhook has no user session). Returns how many were queued; 0 for an unknown user.';


--
-- Name: ensure_future_partitions(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.ensure_future_partitions() RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
  select sum(vitalis_private.ensure_partitions(t, current_date, (date_trunc('year', current_date) + interval '1 year')::date))::integer
       + vitalis_private.ensure_partitions('vitalis.audit_log', current_date, (date_trunc('quarter', current_date) + interval '1 year')::date)
    from unnest(array['vitalis.wearable_daily', 'vitalis.wearable_sleep', 'vitalis.wearable_activities']::regclass[]) t
$$;


ALTER FUNCTION vitalis_private.ensure_future_partitions() OWNER TO vitalis_owner;

--
-- Name: ensure_partitions(regclass, date, date); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_day date;
  v_period interval := vitalis_private.partition_period(p_table);
  v_missing boolean := false;
begin
  if p_from is null then
    return 0;
  end if;
  v_day := case when v_period = interval '1 year' then date_trunc('year', p_from)::date else date_trunc('quarter', p_from)::date end;
  while v_day <= p_to loop
    if not exists (
      select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = p_table
         and c.relname = (select relname from pg_class where oid = p_table)
           || case when v_period = interval '1 year' then '_y' || to_char(v_day, 'YYYY') else '_' || to_char(v_day, 'YYYY"q"Q') end
    ) then
      v_missing := true;
      exit;
    end if;
    v_day := (v_day + v_period)::date;
  end loop;
  if not v_missing then
    return 0;
  end if;
  return vitalis_private.create_partitions(p_table, p_from, p_to);
end $$;


ALTER FUNCTION vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) OWNER TO vitalis_owner;

--
-- Name: FUNCTION ensure_partitions(p_table regclass, p_from date, p_to date); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) IS 'Like create_partitions, but returns at once without locking when every partition exists.';


--
-- Name: erase_user(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.erase_user(p_user_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $_$
declare
  v_previous text := current_setting('app.current_user_id', true);
  v_account uuid;
  v_counts jsonb := '{}';
  v_rows bigint;
  v_requests uuid[];
  v_gate text;
  v_audit integer;
  t record;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  -- Forced RLS binds this function too: act as the user being erased.
  perform set_config('app.current_user_id', p_user_id::text, true);
  select u.account_id into v_account from vitalis.users u where u.user_id = p_user_id;
  if not found then
    perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
    raise exception 'userId: no such user' using errcode = 'VT404', column = 'user_id';
  end if;
  for t in
    select c.oid::regclass as tbl, c.relname as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
       and c.relname not in ('users', 'audit_log', 'deletion_requests')
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
     order by c.relname
  loop
    execute format('select count(*) from %s where user_id = $1', t.tbl) into v_rows using p_user_id;
    if v_rows > 0 then
      v_counts := v_counts || jsonb_build_object(t.name, v_rows);
    end if;
  end loop;
  -- The request row outlives the user (its user_id becomes null, and RLS then hides it): complete
  -- it before the user goes; it is one transaction, so it is completed only if everything goes.
  with done as (
    update vitalis.deletion_requests r
       set status = 'completed', completed_at = now(),
           tables_deleted = array(select k from jsonb_object_keys(v_counts) k order by k)
     where r.user_id = p_user_id and r.status in ('pending', 'processing')
    returning r.request_id
  )
  select array_agg(d.request_id) into v_requests from done d;
  perform set_config('vitalis.erasing_email', (select u.email from vitalis.users u where u.user_id = p_user_id), true);
  delete from vitalis.users u where u.user_id = p_user_id;
  -- An account nobody belongs to any more goes with its last user.
  v_gate := vitalis_private.household_gate_open();
  delete from vitalis.accounts a where a.account_id = v_account
     and not exists (select 1 from vitalis.users u where u.account_id = v_account);
  perform vitalis_private.household_gate_close(v_gate);
  -- Last, so that it also covers the audit rows this erasure wrote.
  v_audit := vitalis_private.anonymise_audit_log(p_user_id);
  perform set_config('vitalis.erasing_email', '', true);
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return jsonb_build_object('rows', v_counts, 'auditRowsAnonymised', v_audit, 'requests', coalesce(array_length(v_requests, 1), 0));
end $_$;


ALTER FUNCTION vitalis_private.erase_user(p_user_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION erase_user(p_user_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.erase_user(p_user_id uuid) IS 'GDPR erasure, database part: deletes every row the user owns (all user-data tables, partitions included, in one transaction), anonymises their audit rows, completes their deletion request with the tables emptied, and removes their account when no member is left. Returns row counts per table, without PII.';


--
-- Name: existing_document(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.existing_document(p_sha256 text) RETURNS vitalis.documents
    LANGUAGE sql STABLE
    AS $$
  select d.* from vitalis.documents d
   where d.user_id = vitalis.current_user_id() and d.sha256 = p_sha256 and d.deleted_at is null
$$;


ALTER FUNCTION vitalis_private.existing_document(p_sha256 text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION existing_document(p_sha256 text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.existing_document(p_sha256 text) IS 'The caller''s live document with these bytes, if any.';


--
-- Name: fail_document_parse(uuid, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.fail_document_parse(p_document_id uuid, p_message text) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
  update vitalis.documents d set parse_status = 'failed', error_message = left(p_message, 2000), parse_result = null, parse_confidence = null
   where d.document_id = p_document_id and d.parse_status in ('pending', 'processing')
$$;


ALTER FUNCTION vitalis_private.fail_document_parse(p_document_id uuid, p_message text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION fail_document_parse(p_document_id uuid, p_message text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.fail_document_parse(p_document_id uuid, p_message text) IS 'The file could not be read: the document says why and holds no draft.';


--
-- Name: fail_ingestion_job(uuid, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.fail_ingestion_job(p_job_id uuid, p_error text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform vitalis_private.assert_ingestion_job_move(vitalis_private.lock_ingestion_job(p_job_id), 'fail', '{running}');
  update vitalis.ingestion_jobs j set status = 'failed', error_message = p_error, completed_at = now(), next_retry_at = null, result = null
   where j.job_id = p_job_id;
end $$;


ALTER FUNCTION vitalis_private.fail_ingestion_job(p_job_id uuid, p_error text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION fail_ingestion_job(p_job_id uuid, p_error text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.fail_ingestion_job(p_job_id uuid, p_error text) IS 'A running job failed for good (a permanent error, or its last attempt), with the message its user reads.';


--
-- Name: field_name(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.field_name(p_column text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select string_agg(case when u.i = 1 then u.w else upper(left(u.w, 1)) || substr(u.w, 2) end, '' order by u.i)
    from unnest(string_to_array(p_column, '_')) with ordinality u(w, i) where u.w <> ''
$$;


ALTER FUNCTION vitalis_private.field_name(p_column text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION field_name(p_column text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.field_name(p_column text) IS 'A column as the API names it (hr_zone_1_seconds -> hrZone1Seconds): the field the CHECK messages start with.';


--
-- Name: household_gate_close(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.household_gate_close(p_previous text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform set_config('vitalis.household_gate', coalesce(p_previous, ''), true);
end $$;


ALTER FUNCTION vitalis_private.household_gate_close(p_previous text) OWNER TO vitalis_owner;

--
-- Name: household_gate_is_open(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.household_gate_is_open() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select coalesce(current_setting('vitalis.household_gate', true) = (select key from vitalis_private.household_gate_key), false)
$$;


ALTER FUNCTION vitalis_private.household_gate_is_open() OWNER TO vitalis_owner;

--
-- Name: FUNCTION household_gate_is_open(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.household_gate_is_open() IS 'True while a household function has opened the gate (policies household_internal, vitalis_owner only).';


--
-- Name: household_gate_open(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.household_gate_open() RETURNS text
    LANGUAGE plpgsql
    AS $$
declare
  v_previous text := coalesce(current_setting('vitalis.household_gate', true), '');
begin
  perform set_config('vitalis.household_gate', (select key from vitalis_private.household_gate_key), true);
  return v_previous;
end $$;


ALTER FUNCTION vitalis_private.household_gate_open() OWNER TO vitalis_owner;

--
-- Name: household_read_excluded(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.household_read_excluded() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select array['audit_log', 'profile_shares', 'household_invites', 'oauth_identities', 'connected_devices',
               'ingestion_jobs', 'deletion_requests', 'data_export_requests']
$$;


ALTER FUNCTION vitalis_private.household_read_excluded() OWNER TO vitalis_owner;

--
-- Name: ingestion_task(vitalis.job_type); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.ingestion_task(job_type vitalis.job_type) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case job_type
    when 'file_import' then 'imports__file'
    when 'daily_sync' then 'providers__sync'
    when 'backfill' then 'providers__sync'
    when 'webhook_sync' then 'providers__sync'
    when 'document_parse' then 'documents__parse'
  end
$$;


ALTER FUNCTION vitalis_private.ingestion_task(job_type vitalis.job_type) OWNER TO vitalis_owner;

--
-- Name: FUNCTION ingestion_task(job_type vitalis.job_type); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.ingestion_task(job_type vitalis.job_type) IS 'The graphile-worker task that runs an ingestion job type; null for types no task runs yet.';


--
-- Name: is_time_zone_name(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.is_time_zone_name(p_zone text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog'
    AS $_$
  select p_zone is not null and length(p_zone) <= 64 and p_zone ~ '^[A-Za-z][A-Za-z0-9_/+-]*$'
     and p_zone not like 'posix/%' and p_zone not like 'right/%'
     and exists (select 1 from pg_timezone_names n where n.name = p_zone)
$_$;


ALTER FUNCTION vitalis_private.is_time_zone_name(p_zone text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION is_time_zone_name(p_zone text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.is_time_zone_name(p_zone text) IS 'Whether p_zone names a zone of the time-zone database (not a POSIX offset string such as UTC+5, which PostgreSQL and JavaScript read with opposite signs).';


--
-- Name: learn_timezone_offsets(jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_user uuid := vitalis.current_user_id();
  v_run record;
  v_piece tstzrange;
  v_zone text;
  v_written integer := 0;
begin
  if v_user is null then
    raise exception 'userId: no user in the request context' using errcode = '42501';
  end if;
  if p_observations is null or jsonb_typeof(p_observations) <> 'array' or jsonb_array_length(p_observations) = 0 then
    return 0;
  end if;
  perform pg_advisory_xact_lock(hashtext('vitalis.user_timezones'), hashtext(v_user::text));

  -- Observations -> runs of one offset (split where the set zone changes too); each run spans
  -- from its first observation to the next run's first one (the last run: to its own end).
  for v_run in
    with obs as (
      select (((o->>'local')::timestamp - make_interval(mins => (o->>'offset_minutes')::integer)) at time zone 'UTC') as at_utc,
             (o->>'offset_minutes')::integer as off,
             coalesce((o->>'duration_minutes')::integer, 0) as dur
        from jsonb_array_elements(p_observations) o
       where (o->>'offset_minutes')::integer between -720 and 840
    ), judged as (
      select at_utc, off, dur, off <> vitalis_private.zone_offset_minutes(vitalis_private.set_zone_known(v_user, at_utc), at_utc) as differs
        from obs
    ), marked as (
      select *, case when lag(off) over w is distinct from off or lag(differs) over w is distinct from differs then 1 else 0 end as starts
        from judged window w as (order by at_utc, off)
    ), grouped as (
      select *, sum(starts) over (order by at_utc, off rows unbounded preceding) as run from marked
    ), runs as (
      select run, min(off) as off, bool_or(differs) as differs, min(at_utc) as first_at, max(at_utc + make_interval(mins => dur)) as last_end
        from grouped group by run
    )
    select r.off, r.differs, r.first_at,
           greatest(coalesce(lead(r.first_at) over (order by r.run), r.last_end), r.first_at + interval '1 second') as end_at
      from runs r order by r.run
  loop
    -- Learned already, exactly so (a re-import): nothing to change.
    continue when v_run.differs and (
      select count(*) = 1 and bool_and(t.valid_from = v_run.first_at and t.valid_to = v_run.end_at and t.utc_offset_minutes = v_run.off)
        from vitalis.user_timezones t
       where t.user_id = v_user and tstzrange(t.valid_from, t.valid_to) && tstzrange(v_run.first_at, v_run.end_at));
    -- Newer evidence replaces what was learned over the span; only disagreeing runs are kept.
    perform vitalis_private.clear_learned(v_user, tstzrange(v_run.first_at, v_run.end_at));
    continue when not v_run.differs;
    v_zone := vitalis_private.zone_for_offset(v_run.off, v_run.first_at, v_run.end_at);
    continue when v_zone is null;
    for v_piece in
      select unnest(tstzmultirange(tstzrange(v_run.first_at, v_run.end_at))
                    - coalesce((select range_agg(tstzrange(t.valid_from, t.valid_to)) from vitalis.user_timezones t
                                 where t.user_id = v_user and t.source <> 'learned' and tstzrange(t.valid_from, t.valid_to) && tstzrange(v_run.first_at, v_run.end_at)),
                               '{}'::tstzmultirange))
    loop
      insert into vitalis.user_timezones (user_id, timezone, utc_offset_minutes, valid_from, valid_to, source)
      values (v_user, v_zone, v_run.off, lower(v_piece), upper(v_piece), 'learned');
      v_written := v_written + 1;
    end loop;
  end loop;
  return v_written;
end $$;


ALTER FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION learn_timezone_offsets(p_observations jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb) IS 'For importers and provider adapters: observed [{local: "2024-03-10T08:00:00", offset_minutes: -300, duration_minutes?: 1440}] pairs of the signed-in user. Where the offset differs from the zone the user set for that time (else the preference), a learned range with a fixed-offset zone is recorded; observations that agree clear learned ranges over their span. Never touches user- or client-set ranges. Returns the learned ranges written.';


--
-- Name: lock_ingestion_job(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.lock_ingestion_job(p_job_id uuid) RETURNS vitalis.ingestion_jobs
    LANGUAGE plpgsql
    AS $$
declare
  v_job vitalis.ingestion_jobs;
begin
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = p_job_id for update;
  if not found then
    raise exception 'jobId: no such job' using errcode = 'VT404', column = 'job_id';
  end if;
  return v_job;
end $$;


ALTER FUNCTION vitalis_private.lock_ingestion_job(p_job_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION lock_ingestion_job(p_job_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.lock_ingestion_job(p_job_id uuid) IS 'An ingestion job row locked for a state change, or VT404 when the acting user has no such job.';


--
-- Name: longest_item(text[]); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.longest_item(p_items text[]) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select coalesce(max(length(i)), 0) from unnest(p_items) i
$$;


ALTER FUNCTION vitalis_private.longest_item(p_items text[]) OWNER TO vitalis_owner;

--
-- Name: FUNCTION longest_item(p_items text[]); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.longest_item(p_items text[]) IS 'Length of the longest element: for the text[] size CHECKs.';


--
-- Name: mass_in_lbs(numeric, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case vitalis.normalize_unit(p_unit)
    when 'lb' then p_value
    when 'kg' then p_value / 0.45359237
    when 'g' then p_value / 453.59237
    when 'st' then p_value * 14
  end
$$;


ALTER FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) OWNER TO vitalis_owner;

--
-- Name: max_users_message(vitalis.subscription_tier, smallint); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.max_users_message(p_tier vitalis.subscription_tier, p_max smallint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select format('maxUsers: a %s account holds at most %s %s', p_tier, p_max, case when p_max = 1 then 'user' else 'users' end)
$$;


ALTER FUNCTION vitalis_private.max_users_message(p_tier vitalis.subscription_tier, p_max smallint) OWNER TO vitalis_owner;

--
-- Name: FUNCTION max_users_message(p_tier vitalis.subscription_tier, p_max smallint); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.max_users_message(p_tier vitalis.subscription_tier, p_max smallint) IS 'The message a full account gets: the maxUsers field and the tier''s limit (raised by the users and accounts max_users triggers).';


--
-- Name: max_waiting_documents(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.max_waiting_documents() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select 10 $$;


ALTER FUNCTION vitalis_private.max_waiting_documents() OWNER TO vitalis_owner;

--
-- Name: FUNCTION max_waiting_documents(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.max_waiting_documents() IS 'How many of one user''s reports may wait to be read at once; the next upload is refused until one is done.';


--
-- Name: measurement_bounds(vitalis.measurement_metric); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) RETURNS record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select b.kind, b.unit, b.lo, b.hi from (values
    ('weight', 'mass_lb', 'lbs', 20, 1000), ('height', 'length_cm', 'cm', 30, 300),
    ('body_fat_pct', 'any', '%', 0, 100), ('lean_mass', 'mass_kg', 'kg', 0, 500), ('muscle_mass', 'mass_kg', 'kg', 0, 500),
    ('bone_mass', 'mass_kg', 'kg', 0, 100), ('body_water_pct', 'any', '%', 0, 100), ('visceral_fat_rating', 'any', '', 0, 100),
    ('bmi', 'any', 'kg/m2', 5, 150), ('waist_circumference', 'length_cm', 'cm', 10, 500),
    ('hip_circumference', 'length_cm', 'cm', 10, 500), ('neck_circumference', 'length_cm', 'cm', 10, 500),
    ('chest_circumference', 'length_cm', 'cm', 10, 500), ('blood_pressure_systolic', 'pressure_mmhg', 'mmHg', 40, 300),
    ('blood_pressure_diastolic', 'pressure_mmhg', 'mmHg', 20, 250), ('resting_heart_rate', 'any', 'bpm', 20, 300),
    ('heart_rate', 'any', 'bpm', 20, 300), ('body_temperature', 'temperature_c', '°C', 25, 45), ('spo2', 'any', '%', 50, 100),
    ('respiratory_rate', 'any', '/min', 4, 60), ('blood_glucose', 'glucose_mgdl', 'mg/dL', 10, 1000),
    ('blood_ketones', 'any', 'mmol/L', 0, 30), ('vo2_max', 'any', 'ml/kg/min', 10, 100), ('grip_strength', 'mass_kg', 'kg', 0, 200),
    ('pulse_wave_velocity', 'any', 'm/s', 0, 100)
  ) b(metric, kind, unit, lo, hi) where b.metric = p_metric::text
$$;


ALTER FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) OWNER TO vitalis_owner;

--
-- Name: FUNCTION measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) IS 'Plausible range of each measurement metric, in its canonical unit; twin of bounds.ts measurementBounds.';


--
-- Name: measurement_canonical(vitalis.measurement_metric, numeric, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case b.kind
      when 'any' then p_value
      when 'mass_lb' then vitalis_private.mass_in_lbs(p_value, p_unit)
      when 'mass_kg' then vitalis_private.mass_in_lbs(p_value, p_unit) * 0.45359237
      when 'length_cm' then case u.k when 'cm' then p_value when 'm' then p_value * 100 when 'mm' then p_value / 10
                                      when 'in' then p_value * 2.54 when 'ft' then p_value * 30.48 end
      when 'temperature_c' then case u.k when 'degc' then p_value when 'degf' then (p_value - 32) * 5 / 9 when 'k' then p_value - 273.15 end
      when 'pressure_mmhg' then case u.k when 'mmhg' then p_value when 'kpa' then p_value * 7.50061683 end
      when 'glucose_mgdl' then case u.k when 'mg/dl' then p_value when 'mmol/l' then p_value * 18.0182 end
    end
  from vitalis_private.measurement_bounds(p_metric) b, (select vitalis.normalize_unit(p_unit) as k) u
$$;


ALTER FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) IS 'A measurement in its metric''s canonical unit (lbs, kg, cm, °C, mmHg, mg/dL, or as given); null for a unit of the wrong kind.';


--
-- Name: merge_blood_panel(jsonb, boolean, text, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean, OUT panel_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
declare
  c_header constant text[] := '{lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes}';
  c_marker constant text[] := '{biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_markers jsonb := coalesce(p_panel -> 'markers', '[]');
  g vitalis.blood_panels;
  t vitalis.blood_panels;
  m vitalis.blood_panels;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_panel, 'vitalis.blood_panels', v_header || '{markers}'::text[], '{}', p_at, false);
  perform vitalis_private.check_report_part(v_markers, 'vitalis.blood_markers',
    c_marker || case when p_trusted then '{parse_confidence}'::text[] else '{}' end, '{raw_name}', p_at || '.markers', true);
  g := jsonb_populate_record(null::vitalis.blood_panels, p_panel);

  -- The panel: by its key, else (no collection time, or none stored yet) by the document it came from.
  if g.collected_at is not null then
    select b.* into t from vitalis.blood_panels b
     where b.user_id = v_user and coalesce(b.lab_name, '') = coalesce(g.lab_name, '') and b.collected_at = g.collected_at and b.deleted_at is null
       for update;
  end if;
  if t.panel_id is null and p_trusted and g.document_id is not null then
    select b.* into t from vitalis.blood_panels b
     where b.user_id = v_user and b.document_id = g.document_id and b.deleted_at is null
       and (b.collected_at is null or b.collected_at = g.collected_at)
     order by b.created_at limit 1
       for update;
  end if;
  if t.panel_id is null then
    insert into vitalis.blood_panels as b (user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, document_id, notes)
    values (v_user, g.lab_name, g.lab_provider, g.panel_name, g.collected_at, g.reported_at, g.fasting, g.specimen_id,
            case when p_trusted then g.document_id end, g.notes)
    on conflict (user_id, (coalesce(lab_name, '')), collected_at) where collected_at is not null and deleted_at is null do nothing
    returning b.panel_id into merge_blood_panel.panel_id;
    if merge_blood_panel.panel_id is not null then
      inserted := 1; updated := 0; skipped := 0;
    else
      -- Another transaction stored the same panel since we looked: merge into theirs.
      select b.* into strict t from vitalis.blood_panels b
       where b.user_id = v_user and coalesce(b.lab_name, '') = coalesce(g.lab_name, '') and b.collected_at = g.collected_at and b.deleted_at is null
         for update;
    end if;
  end if;
  if t.panel_id is not null then
    merge_blood_panel.panel_id := t.panel_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_panel, v_header, p_override));
    if m is distinct from t then
      update vitalis.blood_panels b
         set lab_name = m.lab_name, lab_provider = m.lab_provider, panel_name = m.panel_name, collected_at = m.collected_at,
             reported_at = m.reported_at, fasting = m.fasting, specimen_id = m.specimen_id, document_id = m.document_id, notes = m.notes
       where b.panel_id = t.panel_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  -- Its results: one per dictionary marker, or per printed name when unmatched; the first of a
  -- repeated one counts. The lab's flag left out is "not printed": the stored (or derived) one stays.
  -- A changed parse_confidence alone is no new result.
  with given as (
    select distinct on (r.biomarker_id, case when r.biomarker_id is null then lower(r.raw_name) end) r.*
      from jsonb_array_elements(v_markers) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.blood_markers, e.j) r
     order by r.biomarker_id, case when r.biomarker_id is null then lower(r.raw_name) end, e.n
  ), paired as (
    select g2.*, s.marker_id as stored_id,
           (s.raw_name, s.sub_panel, s.value_numeric, s.value_text, s.unit, s.ref_range_low, s.ref_range_high, s.ref_range_text, s.flag, s.lab_code)
             is distinct from
           (g2.raw_name, g2.sub_panel, g2.value_numeric, g2.value_text, g2.unit, g2.ref_range_low, g2.ref_range_high, g2.ref_range_text, coalesce(g2.flag, s.flag), g2.lab_code)
             as differs
      from given g2
      left join vitalis.blood_markers s
        on s.panel_id = merge_blood_panel.panel_id
       and (s.biomarker_id = g2.biomarker_id or (g2.biomarker_id is null and s.biomarker_id is null and lower(s.raw_name) = lower(g2.raw_name)))
  ), added as (
    insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit,
                                       ref_range_low, ref_range_high, ref_range_text, flag, lab_code, parse_confidence)
    select v_user, merge_blood_panel.panel_id, p.biomarker_id, p.raw_name, p.sub_panel, p.value_numeric, p.value_text, p.unit,
           p.ref_range_low, p.ref_range_high, p.ref_range_text, p.flag, p.lab_code, p.parse_confidence
      from paired p where p.stored_id is null
    returning 1
  ), replaced as (
    update vitalis.blood_markers s
       set raw_name = p.raw_name, sub_panel = p.sub_panel, value_numeric = p.value_numeric, value_text = p.value_text, unit = p.unit,
           ref_range_low = p.ref_range_low, ref_range_high = p.ref_range_high, ref_range_text = p.ref_range_text, flag = p.flag,
           lab_code = p.lab_code, parse_confidence = p.parse_confidence
      from paired p
     where p_override and p.differs and s.marker_id = p.stored_id
    returning 1
  )
  select (select count(*) from added)::integer, (select count(*) from replaced)::integer into v_ins, v_upd;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_markers) - v_ins - v_upd;
end $$;


ALTER FUNCTION vitalis_private.merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean, OUT panel_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean, OUT panel_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean, OUT panel_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) IS 'One lab panel and its markers, upserted for the signed-in user (p_at says where the panel sits in the caller''s input, for messages; p_trusted admits the server-owned document_id and parse_confidence). Returns the panel and how many header and marker rows were inserted, updated and skipped. The body of upsert_blood_panel and vitalis.upsert_blood_panels.';


--
-- Name: merge_dexa_scan(jsonb, boolean, text, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean, OUT scan_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
declare
  c_header constant text[] := '{provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs, total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, notes}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_regions jsonb := coalesce(p_scan -> 'regions', '[]');
  v_density jsonb := coalesce(p_scan -> 'bone_density', '[]');
  g vitalis.dexa_scans;
  t vitalis.dexa_scans;
  m vitalis.dexa_scans;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_scan, 'vitalis.dexa_scans', v_header || '{regions, bone_density}'::text[], '{scan_date}', p_at, false);
  perform vitalis_private.check_report_part(v_regions, 'vitalis.dexa_regions',
    '{region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs}', '{region}', p_at || '.regions', true);
  perform vitalis_private.check_report_part(v_density, 'vitalis.dexa_bone_density',
    '{region, bmd_g_cm2, t_score, z_score}', '{region}', p_at || '.bone_density', true);
  g := jsonb_populate_record(null::vitalis.dexa_scans, p_scan);

  select d.* into t from vitalis.dexa_scans d
   where d.user_id = v_user and d.scan_date = g.scan_date and coalesce(d.provider, '') = coalesce(g.provider, '') and d.deleted_at is null
     for update;
  if t.scan_id is null then
    insert into vitalis.dexa_scans as d (user_id, provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs,
                                         total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, document_id, notes)
    values (v_user, g.provider, g.scan_date, g.age_at_scan, g.height_in, g.weight_lbs, g.total_mass_lbs, g.total_fat_lbs, g.total_lean_lbs,
            g.total_bmc_lbs, g.total_body_fat_pct, g.visceral_fat_lbs, g.visceral_fat_in3, g.android_gynoid_ratio,
            case when p_trusted then g.document_id end, g.notes)
    on conflict (user_id, scan_date, (coalesce(provider, ''))) where deleted_at is null do nothing
    returning d.scan_id into merge_dexa_scan.scan_id;
    if merge_dexa_scan.scan_id is not null then
      inserted := 1; updated := 0; skipped := 0;
    else
      select d.* into strict t from vitalis.dexa_scans d
       where d.user_id = v_user and d.scan_date = g.scan_date and coalesce(d.provider, '') = coalesce(g.provider, '') and d.deleted_at is null
         for update;
    end if;
  end if;
  if t.scan_id is not null then
    merge_dexa_scan.scan_id := t.scan_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_scan, v_header, p_override));
    if m is distinct from t then
      update vitalis.dexa_scans d
         set provider = m.provider, scan_date = m.scan_date, age_at_scan = m.age_at_scan, height_in = m.height_in, weight_lbs = m.weight_lbs, total_mass_lbs = m.total_mass_lbs,
             total_fat_lbs = m.total_fat_lbs, total_lean_lbs = m.total_lean_lbs, total_bmc_lbs = m.total_bmc_lbs,
             total_body_fat_pct = m.total_body_fat_pct, visceral_fat_lbs = m.visceral_fat_lbs, visceral_fat_in3 = m.visceral_fat_in3,
             android_gynoid_ratio = m.android_gynoid_ratio, document_id = m.document_id, notes = m.notes
       where d.scan_id = t.scan_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  with given as (
    select distinct on (r.region) r.*
      from jsonb_array_elements(v_regions) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.dexa_regions, e.j) r
     order by r.region, e.n
  ), written as (
    insert into vitalis.dexa_regions as s (user_id, scan_id, region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs)
    select v_user, merge_dexa_scan.scan_id, g2.region, g2.body_fat_pct, g2.fat_lbs, g2.lean_lbs, g2.bmc_lbs, g2.total_mass_lbs from given g2
    on conflict on constraint dexa_regions_scan_id_region_key do update
       set body_fat_pct = excluded.body_fat_pct, fat_lbs = excluded.fat_lbs, lean_lbs = excluded.lean_lbs, bmc_lbs = excluded.bmc_lbs,
           total_mass_lbs = excluded.total_mass_lbs
     where p_override
       and (s.body_fat_pct, s.fat_lbs, s.lean_lbs, s.bmc_lbs, s.total_mass_lbs)
           is distinct from (excluded.body_fat_pct, excluded.fat_lbs, excluded.lean_lbs, excluded.bmc_lbs, excluded.total_mass_lbs)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_regions) - v_ins - v_upd;

  with given as (
    select distinct on (r.region) r.*
      from jsonb_array_elements(v_density) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.dexa_bone_density, e.j) r
     order by r.region, e.n
  ), written as (
    insert into vitalis.dexa_bone_density as s (user_id, scan_id, region, bmd_g_cm2, t_score, z_score)
    select v_user, merge_dexa_scan.scan_id, g2.region, g2.bmd_g_cm2, g2.t_score, g2.z_score from given g2
    on conflict on constraint dexa_bone_density_scan_id_region_key do update
       set bmd_g_cm2 = excluded.bmd_g_cm2, t_score = excluded.t_score, z_score = excluded.z_score
     where p_override
       and (s.bmd_g_cm2, s.t_score, s.z_score) is distinct from (excluded.bmd_g_cm2, excluded.t_score, excluded.z_score)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_density) - v_ins - v_upd;
end $$;


ALTER FUNCTION vitalis_private.merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean, OUT scan_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean, OUT scan_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean, OUT scan_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) IS 'One DEXA scan with its regions and bone densities, upserted for the signed-in user (p_at and p_trusted as in merge_blood_panel). Returns the scan and how many header and child rows were inserted, updated and skipped. The body of upsert_dexa_scan and vitalis.upsert_dexa_scans.';


--
-- Name: merge_epigenetic_test(jsonb, boolean, text, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean, OUT test_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog'
    AS $$
declare
  c_header constant text[] := '{provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_organs jsonb := coalesce(p_test -> 'organ_ages', '[]');
  g vitalis.epigenetic_tests;
  t vitalis.epigenetic_tests;
  m vitalis.epigenetic_tests;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_test, 'vitalis.epigenetic_tests', v_header || '{organ_ages}'::text[], '{}', p_at, false);
  perform vitalis_private.check_report_part(v_organs, 'vitalis.epigenetic_organ_ages',
    '{organ_system, biological_age, chronological_age, delta_years, direction}', '{organ_system}', p_at || '.organ_ages', true);
  g := jsonb_populate_record(null::vitalis.epigenetic_tests, p_test);

  if g.collected_at is not null then
    select x.* into t from vitalis.epigenetic_tests x
     where x.user_id = v_user and coalesce(x.provider, '') = coalesce(g.provider, '') and coalesce(x.kit_id, '') = coalesce(g.kit_id, '')
       and x.collected_at = g.collected_at and x.deleted_at is null
       for update;
  end if;
  if t.test_id is null and p_trusted and g.document_id is not null then
    select x.* into t from vitalis.epigenetic_tests x
     where x.user_id = v_user and x.document_id = g.document_id and x.deleted_at is null
       and (x.collected_at is null or x.collected_at = g.collected_at)
     order by x.created_at limit 1
       for update;
  end if;
  if t.test_id is null then
    insert into vitalis.epigenetic_tests as x (user_id, provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score,
                                               pace_percentile, telomere_length, methylation_clock, document_id, raw_data)
    values (v_user, g.provider, g.kit_id, g.collected_at, g.reported_at, g.chronological_age, g.biological_age, g.pace_score,
            g.pace_percentile, g.telomere_length, g.methylation_clock, case when p_trusted then g.document_id end, g.raw_data)
    on conflict (user_id, (coalesce(provider, '')), (coalesce(kit_id, '')), collected_at) where deleted_at is null do nothing
    returning x.test_id into merge_epigenetic_test.test_id;
    if merge_epigenetic_test.test_id is not null then
      inserted := 1; updated := 0; skipped := 0;
      select x.* into t from vitalis.epigenetic_tests x where x.test_id = merge_epigenetic_test.test_id;
      m := t;
      t := null;
    else
      select x.* into strict t from vitalis.epigenetic_tests x
       where x.user_id = v_user and coalesce(x.provider, '') = coalesce(g.provider, '') and coalesce(x.kit_id, '') = coalesce(g.kit_id, '')
         and x.collected_at = g.collected_at and x.deleted_at is null
         for update;
    end if;
  end if;
  if t.test_id is not null then
    merge_epigenetic_test.test_id := t.test_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_test, v_header, p_override));
    if m is distinct from t then
      update vitalis.epigenetic_tests x
         set provider = m.provider, kit_id = m.kit_id, collected_at = m.collected_at, reported_at = m.reported_at, chronological_age = m.chronological_age, biological_age = m.biological_age,
             pace_score = m.pace_score, pace_percentile = m.pace_percentile, telomere_length = m.telomere_length,
             methylation_clock = m.methylation_clock, document_id = m.document_id, raw_data = m.raw_data
       where x.test_id = t.test_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  -- An organ's age left without its chronological age takes the test's; the difference and its
  -- direction are worked out when not given, so the same report again compares equal.
  with given as (
    select distinct on (r.organ_system) r.organ_system, r.biological_age,
           coalesce(r.chronological_age, m.chronological_age) as chronological_age, r.delta_years, r.direction
      from jsonb_array_elements(v_organs) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.epigenetic_organ_ages, e.j) r
     order by r.organ_system, e.n
  ), derived as (
    select g2.organ_system, g2.biological_age, g2.chronological_age,
           coalesce(g2.delta_years, g2.biological_age - g2.chronological_age)::numeric(4,1) as delta_years, g2.direction
      from given g2
  ), written as (
    insert into vitalis.epigenetic_organ_ages as s (user_id, test_id, organ_system, biological_age, chronological_age, delta_years, direction)
    select v_user, merge_epigenetic_test.test_id, d.organ_system, d.biological_age, d.chronological_age, d.delta_years,
           coalesce(d.direction, case when d.delta_years < 0 then 'younger' when d.delta_years > 0 then 'older' when d.delta_years = 0 then 'same' end)
      from derived d
    on conflict on constraint epigenetic_organ_ages_test_id_organ_system_key do update
       set biological_age = excluded.biological_age, chronological_age = excluded.chronological_age,
           delta_years = excluded.delta_years, direction = excluded.direction
     where p_override
       and (s.biological_age, s.chronological_age, s.delta_years, s.direction)
           is distinct from (excluded.biological_age, excluded.chronological_age, excluded.delta_years, excluded.direction)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_organs) - v_ins - v_upd;
end $$;


ALTER FUNCTION vitalis_private.merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean, OUT test_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) OWNER TO vitalis_owner;

--
-- Name: FUNCTION merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean, OUT test_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean, OUT test_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) IS 'One epigenetic test with its organ-system ages, upserted for the signed-in user (p_at and p_trusted as in merge_blood_panel). Returns the test and how many header and organ-age rows were inserted, updated and skipped. The body of upsert_epigenetic_test and vitalis.upsert_epigenetic_tests.';


--
-- Name: partition_period(regclass); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.partition_period(p_table regclass) RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when p_table::text in ('vitalis.audit_log', 'audit_log') then interval '3 months' else interval '1 year' end
$$;


ALTER FUNCTION vitalis_private.partition_period(p_table regclass) OWNER TO vitalis_owner;

--
-- Name: partition_window_end(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.partition_window_end() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select (date_trunc('year', current_date) + interval '2 years' - interval '1 day')::date $$;


ALTER FUNCTION vitalis_private.partition_window_end() OWNER TO vitalis_owner;

--
-- Name: partition_window_start(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.partition_window_start() RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select date '2000-01-01' $$;


ALTER FUNCTION vitalis_private.partition_window_start() OWNER TO vitalis_owner;

--
-- Name: progress_ingestion_job(uuid, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.progress_ingestion_job(p_job_id uuid, p_progress jsonb) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
begin
  if p_progress is null or jsonb_typeof(p_progress) <> 'object' then
    raise exception 'progress: must be a JSON object' using errcode = '22023', column = 'result';
  end if;
  update vitalis.ingestion_jobs j set result = jsonb_build_object('progress', p_progress)
   where j.job_id = p_job_id and j.status = 'running';
  return found;
end $$;


ALTER FUNCTION vitalis_private.progress_ingestion_job(p_job_id uuid, p_progress jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION progress_ingestion_job(p_job_id uuid, p_progress jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.progress_ingestion_job(p_job_id uuid, p_progress jsonb) IS 'Records a running job''s progress (result.progress) where its user can read it; false when the job is not running.';


--
-- Name: pseudonym(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.pseudonym(p_user_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public'
    AS $$
  select encode(hmac(p_user_id::text, (select salt from vitalis_private.analytics_salt), 'sha256'), 'hex')
$$;


ALTER FUNCTION vitalis_private.pseudonym(p_user_id uuid) OWNER TO vitalis_owner;

--
-- Name: put_check(regclass, text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.put_check(p_table regclass, p_name text, p_expr text) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform vitalis_private.drop_check(p_table, p_name);
  execute format('alter table %s add constraint %I check (%s) not valid', p_table, p_name, p_expr);
  begin
    execute format('alter table %s validate constraint %I', p_table, p_name);
  exception when check_violation or raise_exception then
    raise notice '%: existing rows break %, left NOT VALID (new rows are checked)', p_table, p_name;
  end;
end $$;


ALTER FUNCTION vitalis_private.put_check(p_table regclass, p_name text, p_expr text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION put_check(p_table regclass, p_name text, p_expr text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.put_check(p_table regclass, p_name text, p_expr text) IS 'Migration helper: (re)creates a CHECK without a blocking scan, then validates it if the existing rows allow.';


--
-- Name: queue_document_parse(vitalis.documents); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.queue_document_parse(p_document vitalis.documents) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_job uuid;
begin
  -- Reading a report can take a minute of OCR: one user may keep a bounded number waiting.
  if (select count(*) from vitalis.documents d
       where d.user_id = p_document.user_id and d.parse_job_id is not null and d.deleted_at is null
         and d.parse_status in ('pending', 'processing')) >= vitalis_private.max_waiting_documents() then
    raise exception 'file: % of your reports are still waiting to be read; upload more once they are done', vitalis_private.max_waiting_documents()
      using errcode = '23514', column = 'file';
  end if;
  v_job := vitalis_private.enqueue_ingestion_job(p_document.user_id, 'document_parse', 'pdf_import',
                                                 jsonb_build_object('documentId', p_document.document_id), 3::smallint, 3::smallint);
  update vitalis.documents d set parse_job_id = v_job, parse_status = 'pending', error_message = null
   where d.document_id = p_document.document_id;
  return v_job;
end $$;


ALTER FUNCTION vitalis_private.queue_document_parse(p_document vitalis.documents) OWNER TO vitalis_owner;

--
-- Name: FUNCTION queue_document_parse(p_document vitalis.documents); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.queue_document_parse(p_document vitalis.documents) IS 'Queues the document_parse job for a document and links it, refusing when the owner already has max_waiting_documents() reports waiting (security definer: the job queue is not the client''s to write).';


--
-- Name: read_device_tokens(uuid, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.read_device_tokens(p_device_id uuid, p_for_update boolean) RETURNS TABLE(access_token_enc text, refresh_token_enc text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if not exists (select 1 from vitalis.connected_devices d where d.device_id = p_device_id and d.user_id = vitalis.current_user_id()) then
    raise exception 'deviceId: no such connection for the acting user' using errcode = 'VT404', column = 'device_id';
  end if;
  if p_for_update then
    return query select t.access_token_enc, t.refresh_token_enc from vitalis_private.device_tokens t where t.device_id = p_device_id for update;
  else
    return query select t.access_token_enc, t.refresh_token_enc from vitalis_private.device_tokens t where t.device_id = p_device_id;
  end if;
end $$;


ALTER FUNCTION vitalis_private.read_device_tokens(p_device_id uuid, p_for_update boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION read_device_tokens(p_device_id uuid, p_for_update boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.read_device_tokens(p_device_id uuid, p_for_update boolean) IS 'The worker reads the encrypted tokens of a connection of the user it acts for (no row once disconnected); p_for_update locks them until the transaction ends, so concurrent refreshes of one connection queue. Volatile: it may lock.';


--
-- Name: record_document_upload(vitalis.document_type, text, text, text, bigint, text, bigint); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_me uuid := vitalis.current_user_id();
  v_doc vitalis.documents;
begin
  if v_me is null then
    raise exception 'authorization: sign in to upload a report' using errcode = '28000';
  end if;
  perform vitalis_private.check_document_upload(p_document_type, p_mime_type, p_file_size_bytes, p_sha256, p_max_bytes);
  if p_s3_key is null or p_s3_key not like 'documents/' || v_me || '/%' or p_s3_key like '%..%' then
    raise exception 's3Key: must be under documents/%/', v_me using errcode = '22023', column = 's3_key';
  end if;
  v_doc := vitalis_private.existing_document(p_sha256);
  if v_doc.document_id is not null then
    document_id := v_doc.document_id; job_id := v_doc.parse_job_id; duplicate := true;
    return;
  end if;
  insert into vitalis.documents (user_id, document_type, original_filename, s3_key, file_size_bytes, mime_type, sha256)
  values (v_me, p_document_type, left(p_original_filename, 200), p_s3_key, p_file_size_bytes, p_mime_type, p_sha256)
  returning * into v_doc;
  document_id := v_doc.document_id;
  job_id := vitalis_private.queue_document_parse(v_doc);
  duplicate := false;
end $$;


ALTER FUNCTION vitalis_private.record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean) IS 'Records a report streamed to storage and queues its parse in the same transaction; the same bytes again answer with the existing document (duplicate = true). Security definer: documents are server-written.';


--
-- Name: photos; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.photos (
    photo_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    photo_date date NOT NULL,
    photo_type text,
    s3_key text NOT NULL,
    s3_thumbnail_key text,
    file_size_bytes integer,
    linked_scan_id uuid,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT photos_file_size_bytes_check CHECK ((file_size_bytes >= 0)),
    CONSTRAINT photos_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT photos_photo_date_window CHECK (((photo_date IS NULL) OR ((photo_date >= '2000-01-01'::date) AND (photo_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('photoDate'::text, 'photo_date'::text, 'event'::text, (photo_date)::text))),
    CONSTRAINT photos_photo_type_check CHECK ((photo_type = ANY (ARRAY['front'::text, 'back'::text, 'left'::text, 'right'::text, 'other'::text]))),
    CONSTRAINT photos_photo_type_length CHECK (((photo_type IS NULL) OR (length(photo_type) <= 200) OR vitalis_private.refuse('photoType must be at most 200 characters'::text, 'photo_type'::text)))
);

ALTER TABLE ONLY vitalis.photos FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.photos OWNER TO vitalis_owner;

--
-- Name: TABLE photos; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.photos IS 'A progress photo, stored in object storage, optionally linked to a DEXA scan.';


--
-- Name: COLUMN photos.s3_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.photos.s3_key IS 'Object key of the image in the storage bucket.';


--
-- Name: record_photo(date, text, text, text, integer, uuid, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text) RETURNS vitalis.photos
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $_$
declare
  v_me uuid := vitalis.current_user_id();
  v_prefix text;
  v_photo vitalis.photos;
begin
  if v_me is null then
    raise exception 'authorization: sign in to add a photo' using errcode = '42501';
  end if;
  -- Keys the server made for this user (src/photos/store.ts): never another user's object.
  v_prefix := 'photos/' || v_me::text || '/';
  if p_s3_key is null or left(p_s3_key, length(v_prefix)) <> v_prefix or p_s3_key !~ '^photos/[0-9a-f-]+/[A-Za-z0-9._-]+$' then
    raise exception 's3Key: must be a key under photos/%/', v_me using errcode = '23514', column = 's3_key';
  end if;
  if p_s3_thumbnail_key is not null
     and (left(p_s3_thumbnail_key, length(v_prefix)) <> v_prefix or p_s3_thumbnail_key !~ '^photos/[0-9a-f-]+/[A-Za-z0-9._-]+$') then
    raise exception 's3ThumbnailKey: must be a key under photos/%/', v_me using errcode = '23514', column = 's3_thumbnail_key';
  end if;
  if p_photo_date is null then
    raise exception 'photoDate: is required' using errcode = '22004', column = 'photo_date';
  end if;
  if p_photo_type is not null and p_photo_type not in ('front', 'back', 'left', 'right', 'other') then
    raise exception 'photoType: must be one of front, back, left, right, other' using errcode = '23514', column = 'photo_type';
  end if;
  if p_file_size_bytes is not null and p_file_size_bytes < 0 then
    raise exception 'fileSizeBytes: must not be negative' using errcode = '23514', column = 'file_size_bytes';
  end if;
  -- The (scan, user) foreign key would refuse another user's scan too, but as a constraint
  -- violation; this says "not found" (as for a scan RLS hides) and refuses a deleted scan.
  if p_linked_scan_id is not null and not exists (
    select 1 from vitalis.dexa_scans s where s.scan_id = p_linked_scan_id and s.user_id = v_me and s.deleted_at is null) then
    raise exception 'linkedScanId: no such DEXA scan' using errcode = 'VT404', column = 'linked_scan_id';
  end if;

  insert into vitalis.photos (user_id, photo_date, photo_type, s3_key, s3_thumbnail_key, file_size_bytes, linked_scan_id, notes)
  values (v_me, p_photo_date, p_photo_type, p_s3_key, p_s3_thumbnail_key, p_file_size_bytes, p_linked_scan_id, p_notes)
  returning * into v_photo;
  return v_photo;
end $_$;


ALTER FUNCTION vitalis_private.record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text) IS 'Records a progress photo of the signed-in user once the server has stored its metadata-free image and thumbnail under photos/<user id>/; the linked scan must be one of the user''s own DEXA scans. Definer: clients may not write photo keys or sizes (vitalis.photos grants them no insert), only the upload paths may.';


--
-- Name: report_batch_headers(jsonb, text[]); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.report_batch_headers(p_rows jsonb, p_children text[]) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
  select case when jsonb_typeof(p_rows) = 'array' then
    (select coalesce(jsonb_agg(case when jsonb_typeof(e.r) = 'object' then e.r - p_children - 'confirmed' else e.r end order by e.n), '[]')
       from jsonb_array_elements(p_rows) with ordinality e(r, n))
  else p_rows end
$$;


ALTER FUNCTION vitalis_private.report_batch_headers(p_rows jsonb, p_children text[]) OWNER TO vitalis_owner;

--
-- Name: FUNCTION report_batch_headers(p_rows jsonb, p_children text[]); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.report_batch_headers(p_rows jsonb, p_children text[]) IS 'A report batch''s rows without their child lists and "confirmed", for check_batch to check the batch''s shape and header keys the way it checks the wearable batches.';


--
-- Name: report_confirmed(jsonb, bigint); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.report_confirmed(p_row jsonb, p_index bigint) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if jsonb_typeof(coalesce(p_row -> 'confirmed', 'null')) not in ('boolean', 'null') then
    raise exception 'confirmed: must be true or false (rows[%])', p_index using errcode = '22023', column = 'confirmed';
  end if;
  return coalesce((p_row ->> 'confirmed')::boolean, false);
end $$;


ALTER FUNCTION vitalis_private.report_confirmed(p_row jsonb, p_index bigint) OWNER TO vitalis_owner;

--
-- Name: FUNCTION report_confirmed(p_row jsonb, p_index bigint); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.report_confirmed(p_row jsonb, p_index bigint) IS 'A batch row''s "confirmed": true is a confirmed re-import, whose values replace the stored ones.';


--
-- Name: report_header_patch(jsonb, jsonb, text[], boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
  select coalesce(jsonb_object_agg(g.key, g.value), '{}')
    from jsonb_each(p_given) g
   where g.key = any (p_columns) and jsonb_typeof(g.value) <> 'null'
     and (p_override or jsonb_typeof(coalesce(p_stored -> g.key, 'null')) = 'null')
$$;


ALTER FUNCTION vitalis_private.report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean) IS 'What a stored report header takes from the same report sent again: the given non-null values of the fields it lacks, or of every field when the re-import is confirmed (override). A value left out never erases one.';


--
-- Name: reschedule_ingestion_job(uuid, timestamp with time zone); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public'
    AS $$
declare
  v_job vitalis.ingestion_jobs;
begin
  -- RLS (forced, also for this definer) limits this to the acting user's jobs.
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = p_job_id;
  if not found then
    raise exception 'jobId: no such job' using errcode = '23514', column = 'job_id';
  end if;
  perform vitalis_private.worker_add_job(vitalis_private.ingestion_task(v_job.job_type), json_build_object('ingestionJobId', v_job.job_id),
                                         'ingestion:' || v_job.job_id, v_job.max_attempts, v_job.priority, p_run_at);
  update vitalis.ingestion_jobs j set status = 'retrying', next_retry_at = p_run_at where j.job_id = p_job_id;
end
$$;


ALTER FUNCTION vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: FUNCTION reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone) IS 'Puts a job back in the queue to run at p_run_at (a provider''s Retry-After), status retrying. For the worker, acting as the job''s user.';


--
-- Name: restore_reviewer(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.restore_reviewer(p_reviewer uuid) RETURNS void
    LANGUAGE sql
    AS $$
  select set_config('app.current_user_id', p_reviewer::text, true)
$$;


ALTER FUNCTION vitalis_private.restore_reviewer(p_reviewer uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION restore_reviewer(p_reviewer uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.restore_reviewer(p_reviewer uuid) IS 'Ends act_for_document: the caller is the current user again.';


--
-- Name: retry_ingestion_job(uuid, text, integer, timestamp with time zone); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform vitalis_private.assert_ingestion_job_move(vitalis_private.lock_ingestion_job(p_job_id), 'retry', '{running}');
  update vitalis.ingestion_jobs j
     set status = 'retrying', error_message = p_error, result = null,
         next_retry_at = coalesce(p_run_at, now() + exp(least(p_worker_attempts, 10)) * interval '1 second')
   where j.job_id = p_job_id;
  if p_run_at is not null then
    perform vitalis_private.reschedule_ingestion_job(p_job_id, p_run_at);
  end if;
end $$;


ALTER FUNCTION vitalis_private.retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: FUNCTION retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone) IS 'A running job''s attempt failed and will be tried again: at graphile-worker''s backoff, or at p_run_at (rescheduled).';


--
-- Name: revisable_fields(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.revisable_fields(p_item_type text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case p_item_type
    when 'lab_result' then '{"printedName":"text!","subPanel":"text","value":"number","valueText":"text","comparator":"comparator","unit":"text",
                             "refLow":"number","refHigh":"number","refRangeText":"text","flag":"flag","biomarkerId":"biomarker","rejected":"boolean"}'
    when 'dexa_summary' then '{"value":"number","rejected":"boolean"}'
    when 'epigenetic_summary' then '{"value":"number","rejected":"boolean"}'
    when 'dexa_region' then '{"region":"dexa_region","bodyFatPct":"number","fatLbs":"number","leanLbs":"number","bmcLbs":"number","totalMassLbs":"number","rejected":"boolean"}'
    when 'bone_density' then '{"region":"bone_density_region","bmdGCm2":"number","tScore":"number","zScore":"number","rejected":"boolean"}'
    when 'organ_age' then '{"organSystem":"organ_system","biologicalAge":"number","chronologicalAge":"number","rejected":"boolean"}'
    when 'header' then '{"provider":"text","orderingProvider":"text","panelName":"text","collectedAt":"date","reportedAt":"date","specimenId":"text",
                         "kitId":"text","fasting":"boolean","methylationClock":"text"}'
  end::jsonb
$$;


ALTER FUNCTION vitalis_private.revisable_fields(p_item_type text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revisable_fields(p_item_type text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.revisable_fields(p_item_type text) IS 'The fields review may change on an item of this type (or the header), with the kind of value each takes.';


--
-- Name: revised_value(text, text, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.revised_value(p_field text, p_kind text, p_value jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $_$
declare
  v_type text := jsonb_typeof(p_value);
  v_name text;
begin
  if v_type = 'null' then
    if p_kind in ('text!', 'boolean') then
      raise exception 'changes: % cannot be null', p_field using errcode = '22023', column = 'changes';
    end if;
    return p_value;
  end if;
  case p_kind
    when 'number' then
      if v_type <> 'number' then
        raise exception 'changes: % must be a number', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'boolean' then
      if v_type <> 'boolean' then
        raise exception 'changes: % must be true or false', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'text', 'text!' then
      if v_type <> 'string' or length(p_value #>> '{}') > 200 or (p_kind = 'text!' and btrim(p_value #>> '{}') = '') then
        raise exception 'changes: % must be a non-empty text of at most 200 characters', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'comparator' then
      if p_value #>> '{}' not in ('<', '<=', '>', '>=') then
        raise exception 'changes: % must be <, <=, > or >=', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'flag' then
      if p_value #>> '{}' not in ('H', 'L', 'HH', 'LL', 'ABNORMAL') then
        raise exception 'changes: % must be H, L, HH, LL or ABNORMAL', p_field using errcode = '22023', column = 'changes';
      end if;
    when 'date' then
      if v_type <> 'string' or p_value #>> '{}' !~ '^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$' then
        raise exception 'changes: % must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with an offset', p_field using errcode = '22023', column = 'changes';
      end if;
      begin
        perform (p_value #>> '{}')::timestamptz;
      exception when others then
        raise exception 'changes: % is not a real date', p_field using errcode = '22023', column = 'changes';
      end;
    when 'biomarker' then
      select d.canonical_name into v_name from vitalis.biomarker_dictionary d where d.biomarker_id::text = p_value #>> '{}';
      if v_name is null then
        raise exception 'changes: % is not a biomarker of the dictionary', p_field using errcode = 'VT404', column = 'changes';
      end if;
    when 'dexa_region', 'bone_density_region', 'organ_system' then
      if not exists (select 1 from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid
                      join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                     where n.nspname = 'vitalis' and t.typname = p_kind and e.enumlabel = p_value #>> '{}') then
        raise exception 'changes: % must be one of %', p_field,
          (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid
            join pg_catalog.pg_namespace n on n.oid = t.typnamespace where n.nspname = 'vitalis' and t.typname = p_kind)
          using errcode = '22023', column = 'changes';
      end if;
  end case;
  return p_value;
end $_$;


ALTER FUNCTION vitalis_private.revised_value(p_field text, p_kind text, p_value jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION revised_value(p_field text, p_kind text, p_value jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.revised_value(p_field text, p_kind text, p_value jsonb) IS 'Validates one reviewed value against the kind revisable_fields gives its field.';


--
-- Name: save_device_connection(vitalis.data_source, text, text, text, timestamp with time zone, text[], text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_me uuid := vitalis.current_user_id();
  v_device uuid;
begin
  if v_me is null then
    raise exception 'authorization: sign in to connect a provider' using errcode = '42501';
  end if;
  insert into vitalis.connected_devices (user_id, source, display_name) values (v_me, p_source, p_display_name)
    on conflict (user_id, source) do nothing;
  -- The sync cursor is kept, so reconnecting does not download again what is stored.
  update vitalis.connected_devices d
     set token_expires_at = p_token_expires_at, scope = p_scope,
         external_user_id = coalesce(p_external_user_id, d.external_user_id), is_active = true, last_sync_error = null
   where d.user_id = v_me and d.source = p_source
  returning d.device_id into v_device;
  -- The refresh token is kept when the provider does not rotate it.
  insert into vitalis_private.device_tokens as t (device_id, access_token_enc, refresh_token_enc)
  values (v_device, p_access_token_enc, p_refresh_token_enc)
  on conflict (device_id) do update
    set access_token_enc = excluded.access_token_enc, refresh_token_enc = coalesce(excluded.refresh_token_enc, t.refresh_token_enc);
  return v_device;
end $$;


ALTER FUNCTION vitalis_private.save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text) IS 'Connect flow: creates or re-activates the signed-in user''s connection to a provider with fresh (encrypted) tokens (vitalis_private.device_tokens) and the provider''s user id. Server code only.';


--
-- Name: save_document_draft(uuid, jsonb, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text) RETURNS vitalis.documents
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_doc vitalis.documents;
  v_auto numeric;
  v_clean boolean;
  v_confidence numeric := round((p_draft ->> 'confidence')::numeric, 2);
begin
  if p_draft ->> 'kind' not in ('lab', 'dexa', 'epigenetic') or jsonb_typeof(p_draft -> 'items') <> 'array' then
    raise exception 'parseResult: a draft needs a kind (lab, dexa, epigenetic) and an items array' using errcode = '22023', column = 'parse_result';
  end if;
  -- Clean: every row read, every lab result mapped to the dictionary, nothing confirmation would refuse.
  v_clean := jsonb_array_length(coalesce(p_draft -> 'unreadLines', '[]')) = 0
         and not exists (select 1 from vitalis_private.draft_items(p_draft, 'lab_result') i where i ->> 'biomarkerId' is null)
         and jsonb_array_length(p_draft -> 'items') > 0
         -- A scan cannot be confirmed without its date (a provider's JSON does not carry one).
         and (p_draft ->> 'kind' <> 'dexa' or p_draft -> 'header' ->> 'collectedAt' is not null);
  update vitalis.documents d
     set parse_result = p_draft, parse_confidence = v_confidence, parsed_at = now(), error_message = null,
         parse_status = case when v_clean and v_confidence >= 0.9 then 'parsed' else 'needs_review' end::vitalis.parse_status,
         sha256 = coalesce(d.sha256, p_sha256),
         provider_name = coalesce(p_draft -> 'header' ->> 'provider', d.provider_name),
         -- What the file turned out to be, whatever it was uploaded as (the draft's warnings say so).
         document_type = (case p_draft ->> 'kind' when 'lab' then 'blood_work' when 'dexa' then 'dexa' else 'epigenetics' end)::vitalis.document_type
   where d.document_id = p_document_id and d.parse_status in ('pending', 'processing')
  returning * into v_doc;
  if v_doc.document_id is null then
    return null;
  end if;
  select p.auto_confirm_documents_at into v_auto from vitalis.user_preferences p where p.user_id = v_doc.user_id;
  if v_auto is not null and v_clean and v_confidence >= v_auto then
    begin
      v_doc := vitalis_private.confirm_draft(v_doc, v_doc.user_id);
    exception when others then
      -- The records refused something (a unit the marker does not accept): the user reviews it.
      update vitalis.documents d set parse_status = 'needs_review',
             parse_result = jsonb_set(d.parse_result, '{warnings}', coalesce(d.parse_result -> 'warnings', '[]') || to_jsonb('not confirmed automatically: ' || sqlerrm))
       where d.document_id = p_document_id returning * into v_doc;
    end;
  end if;
  return v_doc;
end $$;


ALTER FUNCTION vitalis_private.save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text) IS 'Stores the draft the worker read: parsed when clean (every row read, every result mapped, a DEXA scan dated) and confident, needs_review otherwise; confirmed at once when the owner''s auto_confirm_documents_at allows it.';


--
-- Name: secure_user_table(regclass, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text) RETURNS void
    LANGUAGE sql
    AS $$
  select vitalis_private.secure_user_table(p_table, p_record_column, '{}'::text[], '{}'::text[]);
$$;


ALTER FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION secure_user_table(p_table regclass, p_record_column text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text) IS 'secure_user_table with no client-writable column (kept for the committed migrations that call it); name the columns with the four-argument form.';


--
-- Name: secure_user_table(regclass, text, text[], text[]); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]) RETURNS void
    LANGUAGE plpgsql
    AS $_$
begin
  if not exists (select 1 from pg_constraint c where c.conrelid = p_table and c.contype = 'p') then
    raise exception 'table: % has no primary key; secure_user_table needs one (audit rows and upserts key rows by it)', p_table
      using errcode = '42P16';
  end if;
  if not exists (select 1 from pg_attribute a where a.attrelid = p_table and a.attname = p_record_column and a.attnum > 0 and not a.attisdropped) then
    raise exception 'record_column: % has no column %', p_table, p_record_column using errcode = '42703';
  end if;
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format('drop policy if exists user_isolation on %s', p_table);
  execute format($f$create policy user_isolation on %s for all to vitalis_api, vitalis_worker, vitalis_owner
    using (user_id = (select vitalis.current_user_id())) with check (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format('drop policy if exists admin_all on %s', p_table);
  execute format('create policy admin_all on %s for all to vitalis_admin using (true) with check (true)', p_table);
  -- Clients read and delete their rows; they insert and update only the columns named here.
  execute format('grant select, delete on %s to vitalis_api', p_table);
  execute format('grant select, insert, update, delete on %s to vitalis_worker, vitalis_admin', p_table);
  perform vitalis_private.set_client_columns(p_table, coalesce(p_insert, '{}'), coalesce(p_update, '{}'));
  -- The owner comes from the request, never from the client (vitalis.users is the owner itself).
  if p_table <> 'vitalis.users'::regclass then
    execute format('alter table %s alter column user_id set default vitalis.current_user_id()', p_table);
  end if;
  execute format('drop trigger if exists _900_audit_insert on %s', p_table);
  execute format('drop trigger if exists _901_audit_update on %s', p_table);
  execute format('drop trigger if exists _902_audit_delete on %s', p_table);
  execute format('create trigger _900_audit_insert after insert on %s referencing new table as new_rows for each statement execute function vitalis_private.tg__audit_insert(%L)', p_table, p_record_column);
  execute format('create trigger _901_audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg__audit_update(%L)', p_table, p_record_column);
  execute format('create trigger _902_audit_delete after delete on %s referencing old table as old_rows for each statement execute function vitalis_private.tg__audit_delete(%L)', p_table, p_record_column);
  perform vitalis_private.add_household_read_policy(p_table);
end $_$;


ALTER FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]) OWNER TO vitalis_owner;

--
-- Name: FUNCTION secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]) IS 'Secures a user-data table: forced RLS with the owner, admin and household policies, role grants, exactly p_insert/p_update writable by clients (vitalis_api), user_id defaulting to the requesting user, audit triggers keyed by p_record_column. Refuses a table without a primary key; safe to run again.';


--
-- Name: set_client_columns(regclass, text[]); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.set_client_columns(p_table regclass, p_columns text[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  v_soft_delete boolean := exists (select 1 from pg_attribute a where a.attrelid = p_table and a.attname = 'deleted_at' and not a.attisdropped);
begin
  perform vitalis_private.set_client_columns(p_table, p_columns, case when v_soft_delete then p_columns || '{deleted_at}'::text[] else p_columns end);
end $$;


ALTER FUNCTION vitalis_private.set_client_columns(p_table regclass, p_columns text[]) OWNER TO vitalis_owner;

--
-- Name: FUNCTION set_client_columns(p_table regclass, p_columns text[]); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.set_client_columns(p_table regclass, p_columns text[]) IS 'set_client_columns with the same columns on insert and update; deleted_at is added to the update columns where the table soft-deletes.';


--
-- Name: set_client_columns(regclass, text[], text[]); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.set_client_columns(p_table regclass, p_insert text[], p_update text[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  -- Revoking the table-level privilege also revokes every column-level one: start from nothing.
  execute format('revoke insert, update on %s from vitalis_api', p_table);
  if cardinality(p_insert) > 0 then
    execute format('grant insert (%s) on %s to vitalis_api', (select string_agg(quote_ident(c), ', ') from unnest(p_insert) c), p_table);
  end if;
  if cardinality(p_update) > 0 then
    execute format('grant update (%s) on %s to vitalis_api', (select string_agg(quote_ident(c), ', ') from unnest(p_update) c), p_table);
  end if;
end $$;


ALTER FUNCTION vitalis_private.set_client_columns(p_table regclass, p_insert text[], p_update text[]) OWNER TO vitalis_owner;

--
-- Name: FUNCTION set_client_columns(p_table regclass, p_insert text[], p_update text[]); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.set_client_columns(p_table regclass, p_insert text[], p_update text[]) IS 'Makes exactly these columns of a user-data table writable by signed-in clients (vitalis_api): INSERT and UPDATE column grants, nothing else. Safe to run again.';


--
-- Name: set_zone_known(uuid, timestamp with time zone); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.set_zone_known(p_user uuid, p_at timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog'
    AS $$
  -- The zone that user- and client-set ranges (or the preference) give: what learned offsets are compared with.
  select coalesce(
    (select t.timezone from vitalis.user_timezones t
      where t.user_id = p_user and t.source <> 'learned' and t.valid_from <= p_at and (t.valid_to is null or p_at < t.valid_to)),
    (select p.timezone from vitalis.user_preferences p where p.user_id = p_user),
    'UTC')
$$;


ALTER FUNCTION vitalis_private.set_zone_known(p_user uuid, p_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: FUNCTION set_zone_known(p_user uuid, p_at timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.set_zone_known(p_user uuid, p_at timestamp with time zone) IS 'The zone at an instant from user- and client-set ranges only (else the preference, else UTC).';


--
-- Name: source_rank(text, vitalis.data_source); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select coalesce(array_position(vitalis.source_priority(category), source), 1000)
$$;


ALTER FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) OWNER TO vitalis_owner;

--
-- Name: FUNCTION source_rank(category text, source vitalis.data_source); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) IS 'Position of a source in source_priority(category) (1 = most trusted); 1000 for sources the category does not list.';


--
-- Name: start_document_parse(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.start_document_parse(p_document_id uuid) RETURNS vitalis.documents
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
  update vitalis.documents d set parse_status = 'processing', error_message = null
   where d.document_id = p_document_id and d.parse_status in ('pending', 'processing', 'failed')
  returning *
$$;


ALTER FUNCTION vitalis_private.start_document_parse(p_document_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION start_document_parse(p_document_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.start_document_parse(p_document_id uuid) IS 'The worker starts reading a document; a document already parsed or confirmed is left alone (null).';


--
-- Name: start_ingestion_job(uuid); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.start_ingestion_job(p_job_id uuid) RETURNS SETOF vitalis.ingestion_jobs
    LANGUAGE plpgsql
    AS $$
declare
  v_job vitalis.ingestion_jobs := vitalis_private.lock_ingestion_job(p_job_id);
begin
  if v_job.status in ('succeeded', 'failed', 'canceled') then
    return;
  end if;
  perform vitalis_private.assert_ingestion_job_move(v_job, 'start', '{queued, retrying, running}');
  return query
    update vitalis.ingestion_jobs j
       set status = 'running', attempts = least(j.attempts + 1, 32767), started_at = now(), next_retry_at = null,
           error_message = null, result = jsonb_build_object('progress', '{}'::jsonb)
     where j.job_id = p_job_id
    returning j.*;
end $$;


ALTER FUNCTION vitalis_private.start_ingestion_job(p_job_id uuid) OWNER TO vitalis_owner;

--
-- Name: FUNCTION start_ingestion_job(p_job_id uuid); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.start_ingestion_job(p_job_id uuid) IS 'Marks a queued, retrying or (crashed) running job running and counts the attempt; returns it, or no row when the job is already over.';


--
-- Name: succeed_ingestion_job(uuid, jsonb); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.succeed_ingestion_job(p_job_id uuid, p_result jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
  perform vitalis_private.assert_ingestion_job_move(vitalis_private.lock_ingestion_job(p_job_id), 'succeed', '{running}');
  update vitalis.ingestion_jobs j set status = 'succeeded', result = p_result, completed_at = now(), error_message = null
   where j.job_id = p_job_id;
end $$;


ALTER FUNCTION vitalis_private.succeed_ingestion_job(p_job_id uuid, p_result jsonb) OWNER TO vitalis_owner;

--
-- Name: FUNCTION succeed_ingestion_job(p_job_id uuid, p_result jsonb); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.succeed_ingestion_job(p_job_id uuid, p_result jsonb) IS 'A running job succeeded with this result (the import or sync summary).';


--
-- Name: tg__audit_delete(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg__audit_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, ip_address, user_agent, request_id)
  select vitalis_private.try_uuid(j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         (j ->> tg_argv[0])::uuid, 'DELETE', j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from (select to_jsonb(o) as j from old_rows o) r;
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg__audit_delete() OWNER TO vitalis_owner;

--
-- Name: tg__audit_insert(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg__audit_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  select vitalis_private.try_uuid(j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         (j ->> tg_argv[0])::uuid, 'INSERT', j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from (select to_jsonb(n) as j from new_rows n) r;
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg__audit_insert() OWNER TO vitalis_owner;

--
-- Name: tg__audit_update(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg__audit_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, new_values, ip_address, user_agent, request_id)
  with o as materialized (
    select (to_jsonb(x) ->> tg_argv[0])::uuid as k, to_jsonb(x) as j from old_rows x
  ), n as materialized (
    select (to_jsonb(x) ->> tg_argv[0])::uuid as k, to_jsonb(x) as j from new_rows x
  )
  select vitalis_private.try_uuid(n.j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         n.k, 'UPDATE',
         o.j - vitalis_private.audit_redacted_columns(), n.j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from o join n on n.k = o.k
   -- A write that changed nothing but updated_at is not a change.
   where (o.j - vitalis_private.audit_redacted_columns()) is distinct from (n.j - vitalis_private.audit_redacted_columns())
      or (o.j -> 'raw_data') is distinct from (n.j -> 'raw_data');
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg__audit_update() OWNER TO vitalis_owner;

--
-- Name: tg__set_updated_at(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg__set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  new.updated_at := now();
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg__set_updated_at() OWNER TO vitalis_owner;

--
-- Name: FUNCTION tg__set_updated_at(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.tg__set_updated_at() IS 'Keeps updated_at current on every UPDATE.';


--
-- Name: tg__stamp_deleted_at(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg__stamp_deleted_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if new.deleted_at is distinct from old.deleted_at and new.deleted_at is not null then
    new.deleted_at := now();
  end if;
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg__stamp_deleted_at() OWNER TO vitalis_owner;

--
-- Name: FUNCTION tg__stamp_deleted_at(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.tg__stamp_deleted_at() IS 'deleted_at records when the row was deleted, whatever time the client sent.';


--
-- Name: tg_accounts__max_users(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_accounts__max_users() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_gate text;
  v_count integer;
begin
  if new.max_users >= old.max_users then
    return new;
  end if;
  v_gate := vitalis_private.household_gate_open();
  select count(*) into v_count from vitalis.users u where u.account_id = new.account_id;
  perform vitalis_private.household_gate_close(v_gate);
  if v_count > new.max_users then
    raise exception '%', vitalis_private.max_users_message(new.subscription_tier, new.max_users)
      using errcode = '23514', table = 'accounts', column = 'max_users',
            detail = format('The account holds %s users.', v_count), hint = 'Remove members before changing the tier.';
  end if;
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_accounts__max_users() OWNER TO vitalis_owner;

--
-- Name: tg_audit_log__append_only(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_audit_log__append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if current_setting('vitalis.audit_rewrite', true) = 'gdpr_anonymise' and current_user = 'vitalis_owner' and tg_op = 'UPDATE' then
    return new;
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end $$;


ALTER FUNCTION vitalis_private.tg_audit_log__append_only() OWNER TO vitalis_owner;

--
-- Name: tg_blood_markers__derive(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_blood_markers__derive() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  d vitalis.biomarker_dictionary;
  v_sex text;
  v_accepted text[];
  v_low numeric;
  v_high numeric;
begin
  if new.value_numeric is null or new.biomarker_id is null then
    new.value_canonical := case when new.biomarker_id is null then new.value_numeric end;
    if new.value_numeric is not null and new.in_range is null and (new.ref_range_low is not null or new.ref_range_high is not null) then
      new.in_range := new.value_numeric >= coalesce(new.ref_range_low, new.value_numeric)
                  and new.value_numeric <= coalesce(new.ref_range_high, new.value_numeric);
    end if;
    return new;
  end if;
  select * into d from vitalis.biomarker_dictionary where biomarker_id = new.biomarker_id;
  v_accepted := array_append(coalesce(d.common_units, '{}'), d.canonical_unit);
  -- A dimensionless marker (a ratio, an index, a pH, a titer) printed without a unit is in its
  -- canonical unit: lab reports print "BUN/Creatinine Ratio 18" with an empty unit column.
  if new.unit is null and lower(coalesce(d.canonical_unit, '')) in ('ratio', 'index', 'ph', 'titer', 'qualitative', '') then
    null;
  elsif coalesce(vitalis.normalize_unit(new.unit), '') not in (select coalesce(vitalis.normalize_unit(u), '') from unnest(v_accepted) u) then
    raise exception 'unit: "%" is not an accepted unit for %; accepted units: %',
      coalesce(new.unit, '(none)'), d.display_name, array_to_string(v_accepted, ', ')
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  new.value_canonical := vitalis.convert_unit(new.value_numeric, coalesce(new.unit, d.canonical_unit), d.canonical_unit, d.biomarker_id);
  if new.value_canonical is null then
    raise exception 'unit: no conversion from "%" to % is known for %', new.unit, d.canonical_unit, d.display_name
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  if new.optimal_low is null and new.optimal_high is null then
    select biological_sex into v_sex from vitalis.users where user_id = new.user_id;
    new.optimal_low := case when v_sex = 'female' then d.optimal_low_female else d.optimal_low_male end;
    new.optimal_high := case when v_sex = 'female' then d.optimal_high_female else d.optimal_high_male end;
  end if;
  -- The lab's own range (in the reported unit) wins; otherwise the dictionary's normal range.
  if new.ref_range_low is not null or new.ref_range_high is not null then
    v_low := new.ref_range_low; v_high := new.ref_range_high;
    if new.in_range is null then
      new.in_range := new.value_numeric >= coalesce(v_low, new.value_numeric) and new.value_numeric <= coalesce(v_high, new.value_numeric);
    end if;
    if new.flag is null then
      new.flag := case when new.value_numeric < v_low then 'L' when new.value_numeric > v_high then 'H' end;
    end if;
  elsif d.normal_low is not null or d.normal_high is not null then
    if new.in_range is null then
      new.in_range := new.value_canonical >= coalesce(d.normal_low, new.value_canonical) and new.value_canonical <= coalesce(d.normal_high, new.value_canonical);
    end if;
    if new.flag is null then
      new.flag := case when new.value_canonical < d.normal_low then 'L' when new.value_canonical > d.normal_high then 'H' end;
    end if;
  end if;
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_blood_markers__derive() OWNER TO vitalis_owner;

--
-- Name: FUNCTION tg_blood_markers__derive(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.tg_blood_markers__derive() IS 'Derives a marker''s canonical value, in-range verdict, flag and optimal range from the dictionary, and refuses a unit the marker does not accept (a dimensionless marker may be given without one).';


--
-- Name: tg_blood_markers__reset_derived(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_blood_markers__reset_derived() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if (new.value_numeric, new.unit, new.biomarker_id, new.ref_range_low, new.ref_range_high)
     is distinct from (old.value_numeric, old.unit, old.biomarker_id, old.ref_range_low, old.ref_range_high) then
    new.in_range := null;
    new.optimal_low := null;
    new.optimal_high := null;
    -- A flag the lab printed stays when the client sends it again; one derived from the old value does not.
    if new.flag is not distinct from old.flag then
      new.flag := null;
    end if;
  end if;
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_blood_markers__reset_derived() OWNER TO vitalis_owner;

--
-- Name: FUNCTION tg_blood_markers__reset_derived(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.tg_blood_markers__reset_derived() IS 'Clears the derived verdicts of an edited blood marker so _300_derive computes them again from the new value.';


--
-- Name: tg_custom_metric_entries__validate(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_custom_metric_entries__validate() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  m vitalis.custom_metrics;
begin
  select * into m from vitalis.custom_metrics where metric_id = new.metric_id;
  if m.data_type in ('numeric', 'scale_1_5') and new.value_numeric is null then
    raise exception 'valueNumeric: metric "%" needs a numeric value', m.name using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'scale_1_5' and (new.value_numeric not between 1 and 5 or new.value_numeric <> trunc(new.value_numeric)) then
    raise exception 'valueNumeric: metric "%" takes a whole number from 1 to 5, not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'boolean' and new.value_numeric is not null and new.value_numeric not in (0, 1) then
    raise exception 'valueNumeric: metric "%" is yes/no (0 or 1), not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if new.value_numeric < m.min_value or new.value_numeric > m.max_value then
    raise exception 'valueNumeric: % is outside % to % for metric "%"', new.value_numeric, m.min_value, m.max_value, m.name using errcode = '23514', column = 'value_numeric';
  end if;
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_custom_metric_entries__validate() OWNER TO vitalis_owner;

--
-- Name: tg_deletion_requests__grace_period(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_deletion_requests__grace_period() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  new.grace_period_ends_at := new.requested_at + interval '30 days';
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_deletion_requests__grace_period() OWNER TO vitalis_owner;

--
-- Name: tg_user_preferences__clear_display_cache(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  perform set_config('vitalis.display_cache', '', true);
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() OWNER TO vitalis_owner;

--
-- Name: FUNCTION tg_user_preferences__clear_display_cache(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() IS 'Clears the display-unit cache of display_value when user_preferences change, so a changed unit shows at once, within the same transaction too.';


--
-- Name: tg_user_preferences__validate_source_priority(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_user_preferences__validate_source_priority() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  v_category text;
  v_sources jsonb;
  v_source jsonb;
begin
  if jsonb_typeof(new.source_priority) <> 'object' then
    raise exception 'sourcePriority: must be an object of category: [sources]' using errcode = '22023', column = 'source_priority';
  end if;
  for v_category, v_sources in select key, value from jsonb_each(new.source_priority) loop
    if v_category not in ('sleep', 'steps', 'hrv', 'heart_rate', 'readiness', 'recovery', 'activities') then
      raise exception 'sourcePriority: unknown category "%" (sleep, steps, hrv, heart_rate, readiness, recovery, activities)', v_category
        using errcode = '22023', column = 'source_priority';
    end if;
    if jsonb_typeof(v_sources) <> 'array' then
      raise exception 'sourcePriority.%: must be a list of sources', v_category using errcode = '22023', column = 'source_priority';
    end if;
    for v_source in select value from jsonb_array_elements(v_sources) loop
      if jsonb_typeof(v_source) <> 'string' or not (v_source #>> '{}') = any (enum_range(null::vitalis.data_source)::text[]) then
        raise exception 'sourcePriority.%: "%" is not a data source', v_category, v_source #>> '{}'
          using errcode = '22023', column = 'source_priority';
      end if;
    end loop;
  end loop;
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_user_preferences__validate_source_priority() OWNER TO vitalis_owner;

--
-- Name: tg_users__account_owner(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_users__account_owner() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_gate text := vitalis_private.household_gate_open();
begin
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and new.account_id is distinct from old.account_id) then
    update vitalis.accounts a
       set owner_user_id = (select u.user_id from vitalis.users u where u.account_id = a.account_id order by u.created_at, u.user_id limit 1)
     where a.account_id = old.account_id and (a.owner_user_id = old.user_id or a.owner_user_id is null);
  end if;
  if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.account_id is distinct from old.account_id) then
    update vitalis.accounts set owner_user_id = new.user_id where account_id = new.account_id and owner_user_id is null;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg_users__account_owner() OWNER TO vitalis_owner;

--
-- Name: tg_users__create_preferences(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_users__create_preferences() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_previous text := current_setting('app.current_user_id', true);
begin
  -- Acts as the new user so RLS and audit see the right owner, then restores the caller's context.
  perform set_config('app.current_user_id', new.user_id::text, true);
  insert into vitalis.user_preferences (user_id) values (new.user_id) on conflict do nothing;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg_users__create_preferences() OWNER TO vitalis_owner;

--
-- Name: tg_users__max_users(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_users__max_users() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
declare
  v_gate text;
  v_tier vitalis.subscription_tier;
  v_max smallint;
  v_count integer;
begin
  if tg_op = 'UPDATE' and new.account_id is not distinct from old.account_id then
    return new;
  end if;
  v_gate := vitalis_private.household_gate_open();
  select a.subscription_tier, a.max_users into v_tier, v_max
    from vitalis.accounts a where a.account_id = new.account_id for update;
  if found then
    select count(*) into v_count from vitalis.users u where u.account_id = new.account_id and u.user_id <> new.user_id;
    if v_count >= v_max then
      raise exception '%', vitalis_private.max_users_message(v_tier, v_max)
        using errcode = '23514', table = 'users', column = 'account_id',
              hint = case when v_tier = 'family' then 'Remove a member first.' else 'Only a family account holds more than one user.' end;
    end if;
  end if;
  perform vitalis_private.household_gate_close(v_gate);
  return new;
end $$;


ALTER FUNCTION vitalis_private.tg_users__max_users() OWNER TO vitalis_owner;

--
-- Name: tg_wearable_activities__source_key(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.tg_wearable_activities__source_key() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  -- A cross-partition UPDATE may arrive as DELETE + INSERT of the same activity_id: every
  -- branch is idempotent for the same activity_id so either form leaves one correct key.
  if tg_op in ('UPDATE', 'DELETE') then
    delete from vitalis_private.activity_source_keys k
     where k.activity_id = old.activity_id
       and (tg_op = 'DELETE' or (k.user_id, k.source, k.source_activity_id) is distinct from (new.user_id, new.source, new.source_activity_id));
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.source_activity_id is not null then
    insert into vitalis_private.activity_source_keys (user_id, source, source_activity_id, activity_id)
    values (new.user_id, new.source, new.source_activity_id, new.activity_id)
    on conflict (user_id, source, source_activity_id) do nothing;
    if not exists (select 1 from vitalis_private.activity_source_keys k
                    where (k.user_id, k.source, k.source_activity_id) = (new.user_id, new.source, new.source_activity_id)
                      and k.activity_id = new.activity_id) then
      raise exception 'duplicate key value violates unique constraint "wearable_activities_user_id_source_source_activity_id_key"'
        using errcode = '23505', constraint = 'wearable_activities_user_id_source_source_activity_id_key',
              table = 'wearable_activities', schema = 'vitalis',
              detail = format('Key (user_id, source, source_activity_id)=(%s, %s, %s) already exists.', new.user_id, new.source, new.source_activity_id);
    end if;
  end if;
  return null;
end $$;


ALTER FUNCTION vitalis_private.tg_wearable_activities__source_key() OWNER TO vitalis_owner;

--
-- Name: try_inet(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.try_inet(value text) RETURNS inet
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
begin
  return nullif(value, '')::inet;
exception when invalid_text_representation then
  return null;
end $$;


ALTER FUNCTION vitalis_private.try_inet(value text) OWNER TO vitalis_owner;

--
-- Name: try_uuid(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.try_uuid(value text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
begin
  return nullif(value, '')::uuid;
exception when invalid_text_representation then
  return null;
end $$;


ALTER FUNCTION vitalis_private.try_uuid(value text) OWNER TO vitalis_owner;

--
-- Name: unit_bases(text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.unit_bases(p_key text) RETURNS TABLE(base text, factor numeric, offset_before numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select vitalis.normalize_unit(c.to_unit), c.factor, c.offset_before
    from vitalis.unit_conversions c
   where c.biomarker_id is null and vitalis.normalize_unit(c.from_unit) = p_key
  union
  select p_key, 1::numeric, 0::numeric
   where exists (select 1 from vitalis.unit_conversions c where c.biomarker_id is null and vitalis.normalize_unit(c.to_unit) = p_key)
      or not exists (select 1 from vitalis.unit_conversions c where c.biomarker_id is null and vitalis.normalize_unit(c.from_unit) = p_key)
$$;


ALTER FUNCTION vitalis_private.unit_bases(p_key text) OWNER TO vitalis_owner;

--
-- Name: upsert_blood_panel(jsonb, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.upsert_blood_panel(p_panel jsonb, p_override boolean) RETURNS uuid
    LANGUAGE sql
    SET search_path TO 'pg_catalog'
    AS $$
  select m.panel_id from vitalis_private.merge_blood_panel(p_panel, coalesce(p_override, false), 'panel', true) m
$$;


ALTER FUNCTION vitalis_private.upsert_blood_panel(p_panel jsonb, p_override boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_blood_panel(p_panel jsonb, p_override boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.upsert_blood_panel(p_panel jsonb, p_override boolean) IS 'Stores a lab report (blood_panels columns in snake_case plus "markers", blood_markers columns) for the signed-in user and returns its panel: found by (lab_name, collected_at), or without a collection time by its document_id; header fields it lacked are filled; a stored marker that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id and parse_confidence.';


--
-- Name: upsert_dexa_scan(jsonb, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.upsert_dexa_scan(p_scan jsonb, p_override boolean) RETURNS uuid
    LANGUAGE sql
    SET search_path TO 'pg_catalog'
    AS $$
  select m.scan_id from vitalis_private.merge_dexa_scan(p_scan, coalesce(p_override, false), 'scan', true) m
$$;


ALTER FUNCTION vitalis_private.upsert_dexa_scan(p_scan jsonb, p_override boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_dexa_scan(p_scan jsonb, p_override boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.upsert_dexa_scan(p_scan jsonb, p_override boolean) IS 'Stores a DEXA report (dexa_scans columns in snake_case plus "regions" and "bone_density" arrays) for the signed-in user and returns its scan, found by (scan_date, provider); header fields it lacked are filled; a stored region or density that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id.';


--
-- Name: upsert_epigenetic_test(jsonb, boolean); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.upsert_epigenetic_test(p_test jsonb, p_override boolean) RETURNS uuid
    LANGUAGE sql
    SET search_path TO 'pg_catalog'
    AS $$
  select m.test_id from vitalis_private.merge_epigenetic_test(p_test, coalesce(p_override, false), 'test', true) m
$$;


ALTER FUNCTION vitalis_private.upsert_epigenetic_test(p_test jsonb, p_override boolean) OWNER TO vitalis_owner;

--
-- Name: FUNCTION upsert_epigenetic_test(p_test jsonb, p_override boolean); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.upsert_epigenetic_test(p_test jsonb, p_override boolean) IS 'Stores an epigenetic report (epigenetic_tests columns in snake_case plus "organ_ages") for the signed-in user and returns its test, found by (provider, kit_id, collected_at), or without a collection date by its document_id; header fields it lacked are filled; an organ age without chronological_age takes the test''s, and delta_years and direction are computed when absent; a stored organ age that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id.';


--
-- Name: user_written_columns(); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.user_written_columns() RETURNS TABLE(tbl regclass, table_name text, column_name text, type_name text)
    LANGUAGE sql STABLE
    AS $$
  select c.oid::regclass, c.relname::text, a.attname::text, format_type(a.atttypid, null)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
   where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
     and exists (select 1 from pg_attribute u where u.attrelid = c.oid and u.attname = 'user_id' and not u.attisdropped)
     and a.attname not in ('user_id', 'created_at', 'updated_at', 'deleted_at')
     and (has_column_privilege('vitalis_api', c.oid, a.attnum, 'INSERT') or has_column_privilege('vitalis_api', c.oid, a.attnum, 'UPDATE')
          or (c.relname in ('wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements')
              and a.attname not in ('daily_id', 'sleep_id', 'activity_id', 'measurement_id')))
   order by 2, a.attnum
$$;


ALTER FUNCTION vitalis_private.user_written_columns() OWNER TO vitalis_owner;

--
-- Name: FUNCTION user_written_columns(); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.user_written_columns() IS 'The columns users write (client grants plus the batch upserts'' inputs): what the size, date and finite-number CHECKs cover.';


--
-- Name: without_mentions(jsonb, uuid, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.without_mentions(p_image jsonb, p_user_id uuid, p_email text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when p_image is null or jsonb_typeof(p_image) <> 'object' then p_image else
    coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(p_image) e
               where strpos(lower(e.value::text), lower(p_user_id::text)) = 0
                 and (p_email is null or strpos(lower(e.value::text), p_email) = 0)), '{}') end
$$;


ALTER FUNCTION vitalis_private.without_mentions(p_image jsonb, p_user_id uuid, p_email text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION without_mentions(p_image jsonb, p_user_id uuid, p_email text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.without_mentions(p_image jsonb, p_user_id uuid, p_email text) IS 'An audit row image without the keys whose value names the user (their id or email).';


--
-- Name: worker_add_job(text, json, text, integer, integer, timestamp with time zone); Type: FUNCTION; Schema: vitalis_private; Owner: postgres
--

CREATE FUNCTION vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select graphile_worker.add_job(task, payload, job_key => job_key, max_attempts => max_attempts, priority => priority, run_at => run_at);
$$;


ALTER FUNCTION vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone) OWNER TO postgres;

--
-- Name: FUNCTION worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: postgres
--

COMMENT ON FUNCTION vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone) IS 'Adds (or, for an existing job_key, replaces) a graphile-worker job, as the owner of graphile-worker''s tables. Created by sql/worker_bridge.sql, run after graphile-worker''s own migrations.';


--
-- Name: worker_remove_job(text); Type: FUNCTION; Schema: vitalis_private; Owner: postgres
--

CREATE FUNCTION vitalis_private.worker_remove_job(job_key text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- A locked job is being run by a worker: leave it alone and say so.
  if exists (select 1 from graphile_worker._private_jobs j where j.key = job_key and j.locked_at is not null) then
    return false;
  end if;
  perform graphile_worker.remove_job(job_key);
  return true;
end
$$;


ALTER FUNCTION vitalis_private.worker_remove_job(job_key text) OWNER TO postgres;

--
-- Name: FUNCTION worker_remove_job(job_key text); Type: COMMENT; Schema: vitalis_private; Owner: postgres
--

COMMENT ON FUNCTION vitalis_private.worker_remove_job(job_key text) IS 'Removes a graphile-worker job by key unless a worker is running it (then false). Created by sql/worker_bridge.sql.';


--
-- Name: write_device_tokens(uuid, text, text); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog'
    AS $$
begin
  if not exists (select 1 from vitalis.connected_devices d where d.device_id = p_device_id and d.user_id = vitalis.current_user_id()) then
    raise exception 'deviceId: no such connection for the acting user' using errcode = 'VT404', column = 'device_id';
  end if;
  update vitalis_private.device_tokens t
     set access_token_enc = coalesce(p_access_token_enc, t.access_token_enc), refresh_token_enc = coalesce(p_refresh_token_enc, t.refresh_token_enc)
   where t.device_id = p_device_id;
  return found;
end $$;


ALTER FUNCTION vitalis_private.write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text) OWNER TO vitalis_owner;

--
-- Name: FUNCTION write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text) IS 'The worker stores re-encrypted or refreshed tokens of a connection of the user it acts for; a null keeps the stored value (providers that do not rotate refresh tokens). False when the connection was disconnected meanwhile: tokens are not brought back.';


--
-- Name: zone_for_offset(integer, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.zone_for_offset(p_minutes integer, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog'
    AS $_$
  -- Whole hours: the fixed Etc zone (POSIX sign: Etc/GMT-5 is UTC+05:00). Otherwise the first
  -- zone that had exactly this offset at both ends of the range (Asia/Kolkata for +05:30).
  select case
    when p_minutes % 60 = 0 and p_minutes between -720 and 840 then
      case when p_minutes = 0 then 'Etc/GMT' when p_minutes > 0 then 'Etc/GMT-' || (p_minutes / 60) else 'Etc/GMT+' || (-p_minutes / 60) end
    else (select c.name from (
            -- The usual zone of each non-whole-hour offset first, then any other that fits.
            select z.name, 0 as rank from (values ('Pacific/Marquesas'), ('America/St_Johns'), ('Asia/Tehran'), ('Asia/Kabul'), ('Asia/Kolkata'),
                   ('Asia/Kathmandu'), ('Asia/Yangon'), ('Australia/Eucla'), ('Australia/Darwin'), ('Australia/Adelaide'), ('Australia/Lord_Howe'), ('Pacific/Chatham')) z(name)
            union all
            select n.name, 1 from pg_timezone_names n where n.name ~ '^(Asia|Australia|America|Pacific|Atlantic|Indian|Africa|Europe)/[A-Za-z_]+$'
          ) c
           where vitalis_private.zone_offset_minutes(c.name, p_from) = p_minutes
             and vitalis_private.zone_offset_minutes(c.name, p_to) = p_minutes
           order by c.rank, c.name limit 1)
  end
$_$;


ALTER FUNCTION vitalis_private.zone_for_offset(p_minutes integer, p_from timestamp with time zone, p_to timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: FUNCTION zone_for_offset(p_minutes integer, p_from timestamp with time zone, p_to timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.zone_for_offset(p_minutes integer, p_from timestamp with time zone, p_to timestamp with time zone) IS 'A zone name with this fixed UTC offset over the range, for storing a learned offset as a zone both PostgreSQL and JavaScript read alike.';


--
-- Name: zone_offset_minutes(text, timestamp with time zone); Type: FUNCTION; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE FUNCTION vitalis_private.zone_offset_minutes(p_zone text, p_at timestamp with time zone) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog'
    AS $$
  select (extract(epoch from (p_at at time zone p_zone) - (p_at at time zone 'UTC')) / 60)::integer
$$;


ALTER FUNCTION vitalis_private.zone_offset_minutes(p_zone text, p_at timestamp with time zone) OWNER TO vitalis_owner;

--
-- Name: FUNCTION zone_offset_minutes(p_zone text, p_at timestamp with time zone); Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON FUNCTION vitalis_private.zone_offset_minutes(p_zone text, p_at timestamp with time zone) IS 'The UTC offset (minutes east) of a zone at an instant.';


--
-- Name: activity_metrics; Type: VIEW; Schema: analytics; Owner: vitalis_analytics
--

CREATE VIEW analytics.activity_metrics AS
 SELECT vitalis_private.pseudonym(a.user_id) AS subject,
    a.activity_date,
    a.source,
    a.activity_type,
    a.duration_seconds,
    a.distance_m,
    a.calories_kcal,
    a.avg_hr_bpm,
    a.max_hr_bpm
   FROM vitalis.wearable_activities a;


ALTER TABLE analytics.activity_metrics OWNER TO vitalis_analytics;

--
-- Name: VIEW activity_metrics; Type: COMMENT; Schema: analytics; Owner: vitalis_analytics
--

COMMENT ON VIEW analytics.activity_metrics IS 'Workouts under a pseudonymous subject key, without names or notes.';


--
-- Name: blood_markers; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.blood_markers (
    marker_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    panel_id uuid NOT NULL,
    biomarker_id uuid,
    raw_name text NOT NULL,
    sub_panel text,
    value_numeric numeric(12,4),
    value_text text,
    unit text,
    value_canonical numeric(12,4),
    ref_range_low numeric(12,4),
    ref_range_high numeric(12,4),
    ref_range_text text,
    flag text,
    in_range boolean,
    optimal_low numeric(12,4),
    optimal_high numeric(12,4),
    lab_code text,
    parse_confidence numeric(3,2),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT blood_markers_flag_check CHECK ((flag = ANY (ARRAY['H'::text, 'L'::text, 'HH'::text, 'LL'::text, 'ABNORMAL'::text]))),
    CONSTRAINT blood_markers_flag_length CHECK (((flag IS NULL) OR (length(flag) <= 200) OR vitalis_private.refuse('flag must be at most 200 characters'::text, 'flag'::text))),
    CONSTRAINT blood_markers_has_value CHECK (((value_numeric IS NOT NULL) OR (value_text IS NOT NULL))),
    CONSTRAINT blood_markers_lab_code_length CHECK (((lab_code IS NULL) OR (length(lab_code) <= 200) OR vitalis_private.refuse('labCode must be at most 200 characters'::text, 'lab_code'::text))),
    CONSTRAINT blood_markers_parse_confidence_check CHECK (((parse_confidence >= (0)::numeric) AND (parse_confidence <= (1)::numeric))),
    CONSTRAINT blood_markers_raw_name_check CHECK ((length(btrim(raw_name)) > 0)),
    CONSTRAINT blood_markers_raw_name_length CHECK (((raw_name IS NULL) OR (length(raw_name) <= 200) OR vitalis_private.refuse('rawName must be at most 200 characters'::text, 'raw_name'::text))),
    CONSTRAINT blood_markers_ref_range_high_finite CHECK (((ref_range_high IS NULL) OR (ref_range_high <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric])) OR vitalis_private.refuse('refRangeHigh must be a finite number'::text, 'ref_range_high'::text))),
    CONSTRAINT blood_markers_ref_range_low_finite CHECK (((ref_range_low IS NULL) OR (ref_range_low <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric])) OR vitalis_private.refuse('refRangeLow must be a finite number'::text, 'ref_range_low'::text))),
    CONSTRAINT blood_markers_ref_range_text_length CHECK (((ref_range_text IS NULL) OR (length(ref_range_text) <= 200) OR vitalis_private.refuse('refRangeText must be at most 200 characters'::text, 'ref_range_text'::text))),
    CONSTRAINT blood_markers_sub_panel_length CHECK (((sub_panel IS NULL) OR (length(sub_panel) <= 200) OR vitalis_private.refuse('subPanel must be at most 200 characters'::text, 'sub_panel'::text))),
    CONSTRAINT blood_markers_unit_length CHECK (((unit IS NULL) OR (length(unit) <= 200) OR vitalis_private.refuse('unit must be at most 200 characters'::text, 'unit'::text))),
    CONSTRAINT blood_markers_value_numeric_finite CHECK ((value_numeric <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric]))),
    CONSTRAINT blood_markers_value_text_length CHECK (((value_text IS NULL) OR (length(value_text) <= 10000) OR vitalis_private.refuse('valueText must be at most 10000 characters'::text, 'value_text'::text)))
);

ALTER TABLE ONLY vitalis.blood_markers FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.blood_markers OWNER TO vitalis_owner;

--
-- Name: TABLE blood_markers; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.blood_markers IS 'One result line of a lab panel, matched to the biomarker dictionary and converted to the canonical unit.';


--
-- Name: COLUMN blood_markers.user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.user_id IS 'Owner (denormalised from the panel for row-level security).';


--
-- Name: COLUMN blood_markers.biomarker_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.biomarker_id IS 'The dictionary marker; NULL when the line could not be matched.';


--
-- Name: COLUMN blood_markers.raw_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.raw_name IS 'The test name exactly as printed on the report.';


--
-- Name: COLUMN blood_markers.sub_panel; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.sub_panel IS 'Section of the report, e.g. CBC, CMP, Cardio IQ.';


--
-- Name: COLUMN blood_markers.value_numeric; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.value_numeric IS 'The value as reported, in unit. Must be finite.';


--
-- Name: COLUMN blood_markers.value_text; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.value_text IS 'Qualitative result (NEGATIVE, POSITIVE, A, ...), or the printed text of a censored value such as <5.0.';


--
-- Name: COLUMN blood_markers.unit; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.unit IS 'Unit as reported; must be one the marker accepts (biomarker_dictionary.common_units).';


--
-- Name: COLUMN blood_markers.value_canonical; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.value_canonical IS 'value_numeric converted to the marker''s canonical unit (filled automatically).';


--
-- Name: COLUMN blood_markers.ref_range_text; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.ref_range_text IS 'Reference range exactly as printed, e.g. "<200", "Not Estab.".';


--
-- Name: COLUMN blood_markers.flag; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.flag IS 'H, L, HH, LL or ABNORMAL as printed by the lab; computed from the ranges when the lab printed none.';


--
-- Name: COLUMN blood_markers.in_range; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.in_range IS 'Whether the value lies within the lab''s reference range (or the dictionary''s, when the lab gave none).';


--
-- Name: COLUMN blood_markers.optimal_low; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.optimal_low IS 'Optimal range low for the user''s sex, copied from the dictionary at entry.';


--
-- Name: COLUMN blood_markers.optimal_high; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.optimal_high IS 'Optimal range high for the user''s sex, copied from the dictionary at entry.';


--
-- Name: COLUMN blood_markers.parse_confidence; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_markers.parse_confidence IS '0.00-1.00 when the value was extracted automatically.';


--
-- Name: blood_panels; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.blood_panels (
    panel_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    lab_name text,
    lab_provider text,
    panel_name text,
    collected_at timestamp with time zone,
    reported_at timestamp with time zone,
    fasting boolean,
    specimen_id text,
    document_id uuid,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT blood_panels_check CHECK (((reported_at IS NULL) OR (collected_at IS NULL) OR (reported_at >= collected_at))),
    CONSTRAINT blood_panels_collected_at_window CHECK (((collected_at IS NULL) OR ((collected_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (collected_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('collectedAt'::text, 'collected_at'::text, 'event'::text, (collected_at)::text))),
    CONSTRAINT blood_panels_lab_name_length CHECK (((lab_name IS NULL) OR (length(lab_name) <= 200) OR vitalis_private.refuse('labName must be at most 200 characters'::text, 'lab_name'::text))),
    CONSTRAINT blood_panels_lab_provider_length CHECK (((lab_provider IS NULL) OR (length(lab_provider) <= 200) OR vitalis_private.refuse('labProvider must be at most 200 characters'::text, 'lab_provider'::text))),
    CONSTRAINT blood_panels_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT blood_panels_panel_name_length CHECK (((panel_name IS NULL) OR (length(panel_name) <= 200) OR vitalis_private.refuse('panelName must be at most 200 characters'::text, 'panel_name'::text))),
    CONSTRAINT blood_panels_reported_at_window CHECK (((reported_at IS NULL) OR ((reported_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (reported_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('reportedAt'::text, 'reported_at'::text, 'event'::text, (reported_at)::text))),
    CONSTRAINT blood_panels_specimen_id_length CHECK (((specimen_id IS NULL) OR (length(specimen_id) <= 200) OR vitalis_private.refuse('specimenId must be at most 200 characters'::text, 'specimen_id'::text)))
);

ALTER TABLE ONLY vitalis.blood_panels FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.blood_panels OWNER TO vitalis_owner;

--
-- Name: TABLE blood_panels; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.blood_panels IS 'One lab visit or panel order: when it was collected and by which lab.';


--
-- Name: COLUMN blood_panels.lab_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_panels.lab_name IS 'The lab: Quest, Labcorp, ...';


--
-- Name: COLUMN blood_panels.lab_provider; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_panels.lab_provider IS 'The ordering provider.';


--
-- Name: COLUMN blood_panels.specimen_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_panels.specimen_id IS 'The lab''s specimen identifier.';


--
-- Name: COLUMN blood_panels.document_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.blood_panels.document_id IS 'The PDF this panel was parsed from.';


--
-- Name: biomarker_results; Type: VIEW; Schema: analytics; Owner: vitalis_analytics
--

CREATE VIEW analytics.biomarker_results AS
 SELECT vitalis_private.pseudonym(m.user_id) AS subject,
    m.biomarker_id,
    (p.collected_at)::date AS collected_on,
    m.value_canonical,
    m.in_range,
    m.flag
   FROM (vitalis.blood_markers m
     JOIN vitalis.blood_panels p USING (panel_id))
  WHERE (m.biomarker_id IS NOT NULL);


ALTER TABLE analytics.biomarker_results OWNER TO vitalis_analytics;

--
-- Name: VIEW biomarker_results; Type: COMMENT; Schema: analytics; Owner: vitalis_analytics
--

COMMENT ON VIEW analytics.biomarker_results IS 'Lab results in canonical units under a pseudonymous subject key; join biomarker_dictionary for names.';


--
-- Name: daily_metrics; Type: VIEW; Schema: analytics; Owner: vitalis_analytics
--

CREATE VIEW analytics.daily_metrics AS
 SELECT vitalis_private.pseudonym(d.user_id) AS subject,
    d.date,
    d.source,
    d.resting_hr_bpm,
    d.max_hr_bpm,
    d.hrv_rmssd_ms,
    d.steps,
    d.active_calories_kcal,
    d.total_calories_kcal,
    d.active_minutes,
    d.distance_m,
    d.spo2_avg_pct,
    d.respiratory_rate_avg,
    d.readiness_score,
    d.recovery_score,
    d.vo2_max_ml_kg_min
   FROM vitalis.wearable_daily d;


ALTER TABLE analytics.daily_metrics OWNER TO vitalis_analytics;

--
-- Name: VIEW daily_metrics; Type: COMMENT; Schema: analytics; Owner: vitalis_analytics
--

COMMENT ON VIEW analytics.daily_metrics IS 'Daily wearable summaries under a pseudonymous subject key; no PII.';


--
-- Name: wearable_sleep; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
)
PARTITION BY RANGE (sleep_date);

ALTER TABLE ONLY vitalis.wearable_sleep FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.wearable_sleep OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep IS 'One night''s sleep from one source. Several devices for the same night are separate rows.';


--
-- Name: COLUMN wearable_sleep.sleep_date; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.sleep_date IS 'The local date the sleep ended (the morning of).';


--
-- Name: COLUMN wearable_sleep.sleep_latency_minutes; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.sleep_latency_minutes IS 'Minutes from going to bed to falling asleep.';


--
-- Name: COLUMN wearable_sleep.interruptions; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.interruptions IS 'Number of wake events.';


--
-- Name: COLUMN wearable_sleep.avg_hrv_ms; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.avg_hrv_ms IS 'Average overnight HRV as RMSSD, in ms.';


--
-- Name: COLUMN wearable_sleep.hypnogram; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.hypnogram IS 'Stage timeline: [{"t": "2026-01-01T23:10:00Z", "stage": "light"}, ...]; stages awake, light, deep, rem.';


--
-- Name: COLUMN wearable_sleep.raw_data; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.raw_data IS 'The provider''s payload as received. Not copied into the audit log.';


--
-- Name: COLUMN wearable_sleep.source_updated_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.source_updated_at IS 'When the provider last changed this record; a payload older than the stored one is ignored.';


--
-- Name: COLUMN wearable_sleep.nap_minutes; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.nap_minutes IS 'Minutes asleep in the day''s other sleep periods (naps, a second sleep), ending on sleep_date; not in total_sleep_minutes. NULL: the source reported nothing about naps; 0: it reported none. Each nap is in raw_data.naps.';


--
-- Name: COLUMN wearable_sleep.nap_count; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.wearable_sleep.nap_count IS 'How many periods nap_minutes adds up (NULL and 0 as for nap_minutes).';


--
-- Name: sleep_metrics; Type: VIEW; Schema: analytics; Owner: vitalis_analytics
--

CREATE VIEW analytics.sleep_metrics AS
 SELECT vitalis_private.pseudonym(s.user_id) AS subject,
    s.sleep_date,
    s.source,
    s.total_sleep_minutes,
    s.rem_minutes,
    s.deep_minutes,
    s.light_minutes,
    s.awake_minutes,
    s.sleep_efficiency_pct,
    s.sleep_score,
    s.avg_hr_bpm,
    s.avg_hrv_ms
   FROM vitalis.wearable_sleep s;


ALTER TABLE analytics.sleep_metrics OWNER TO vitalis_analytics;

--
-- Name: VIEW sleep_metrics; Type: COMMENT; Schema: analytics; Owner: vitalis_analytics
--

COMMENT ON VIEW analytics.sleep_metrics IS 'Nightly sleep summaries under a pseudonymous subject key; no PII.';


--
-- Name: users; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.users (
    user_id uuid DEFAULT gen_random_uuid() NOT NULL,
    account_id uuid NOT NULL,
    email text NOT NULL,
    email_verified_at timestamp with time zone,
    display_name text NOT NULL,
    date_of_birth date,
    biological_sex text,
    role text DEFAULT 'user'::text NOT NULL,
    last_login_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT users_biological_sex_check CHECK ((biological_sex = ANY (ARRAY['male'::text, 'female'::text, 'other'::text]))),
    CONSTRAINT users_biological_sex_length CHECK (((biological_sex IS NULL) OR (length(biological_sex) <= 200) OR vitalis_private.refuse('biologicalSex must be at most 200 characters'::text, 'biological_sex'::text))),
    CONSTRAINT users_date_of_birth_age CHECK (((date_of_birth <= ((CURRENT_DATE - '13 years'::interval))::date) AND (date_of_birth > ((CURRENT_DATE - '150 years'::interval))::date))),
    CONSTRAINT users_display_name_check CHECK (((length(btrim(display_name)) >= 1) AND (length(btrim(display_name)) <= 200))),
    CONSTRAINT users_display_name_length CHECK (((display_name IS NULL) OR (length(display_name) <= 200) OR vitalis_private.refuse('displayName must be at most 200 characters'::text, 'display_name'::text))),
    CONSTRAINT users_email_format CHECK (((email = lower(btrim(email))) AND (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text) AND (length(email) <= 320))),
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['user'::text, 'admin'::text])))
);

ALTER TABLE ONLY vitalis.users FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.users OWNER TO vitalis_owner;

--
-- Name: TABLE users; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.users IS 'A person (profile) and their sign-in identity. Contains PII.';


--
-- Name: COLUMN users.email; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.users.email IS 'Sign-in email, stored lowercase.';


--
-- Name: COLUMN users.date_of_birth; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.users.date_of_birth IS 'PII. Must make the user 13 to 150 years old.';


--
-- Name: COLUMN users.biological_sex; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.users.biological_sex IS 'male, female or other; chooses sex-specific optimal biomarker ranges.';


--
-- Name: COLUMN users.deleted_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.users.deleted_at IS 'Soft delete; setting it starts the GDPR deletion grace period.';


--
-- Name: subjects; Type: VIEW; Schema: analytics; Owner: vitalis_analytics
--

CREATE VIEW analytics.subjects AS
 SELECT vitalis_private.pseudonym(u.user_id) AS subject,
    u.biological_sex,
    (((EXTRACT(year FROM age((u.date_of_birth)::timestamp with time zone)))::integer / 10) * 10) AS age_decade,
    (date_trunc('month'::text, u.created_at))::date AS joined_month
   FROM vitalis.users u
  WHERE (u.deleted_at IS NULL);


ALTER TABLE analytics.subjects OWNER TO vitalis_analytics;

--
-- Name: VIEW subjects; Type: COMMENT; Schema: analytics; Owner: vitalis_analytics
--

COMMENT ON VIEW analytics.subjects IS 'One row per active user: pseudonym, sex and age decade only.';


--
-- Name: accounts; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.accounts (
    account_id uuid DEFAULT gen_random_uuid() NOT NULL,
    stripe_customer_id text,
    subscription_tier vitalis.subscription_tier DEFAULT 'free'::vitalis.subscription_tier NOT NULL,
    subscription_status vitalis.subscription_status DEFAULT 'active'::vitalis.subscription_status NOT NULL,
    subscription_expires_at timestamp with time zone,
    max_users smallint DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    owner_user_id uuid,
    CONSTRAINT accounts_max_users_check CHECK (((max_users >= 1) AND (max_users <= 4))),
    CONSTRAINT accounts_max_users_matches_tier CHECK ((max_users =
CASE subscription_tier
    WHEN 'family'::vitalis.subscription_tier THEN 4
    ELSE 1
END))
);

ALTER TABLE ONLY vitalis.accounts FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.accounts OWNER TO vitalis_owner;

--
-- Name: TABLE accounts; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.accounts IS 'Billing entity. A free or pro account holds one user profile; a family account up to four.';


--
-- Name: COLUMN accounts.stripe_customer_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.accounts.stripe_customer_id IS 'Stripe customer id; NULL until a payment method is added.';


--
-- Name: COLUMN accounts.max_users; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.accounts.max_users IS 'How many user profiles the tier allows: 1 for free and pro, 4 for family.';


--
-- Name: COLUMN accounts.deleted_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.accounts.deleted_at IS 'Soft delete: set when the account is closed; the rows go after the grace period.';


--
-- Name: COLUMN accounts.owner_user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.accounts.owner_user_id IS 'The account owner: the first user who joined it. Only the owner of a family account may invite members.';


--
-- Name: audit_log; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.audit_log (
    audit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    action_by uuid,
    table_name text NOT NULL,
    record_id uuid NOT NULL,
    action vitalis.audit_action NOT NULL,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    request_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_check CHECK (((action <> 'DELETE'::vitalis.audit_action) OR (old_values IS NOT NULL)))
)
PARTITION BY RANGE (created_at);

ALTER TABLE ONLY vitalis.audit_log FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.audit_log OWNER TO vitalis_owner;

--
-- Name: TABLE audit_log; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.audit_log IS 'Append-only record of every change to user data and of security events (LOGIN, LOGOUT, EXPORT). Never deleted; anonymised when a user is erased.';


--
-- Name: COLUMN audit_log.user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.audit_log.user_id IS 'Whose data changed. Set to NULL when that user is erased (GDPR).';


--
-- Name: COLUMN audit_log.action_by; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.audit_log.action_by IS 'Who made the change (the signed-in user, or the user a job acted for); NULL for system changes.';


--
-- Name: COLUMN audit_log.record_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.audit_log.record_id IS 'Primary key of the changed row (for link tables, the first key column).';


--
-- Name: COLUMN audit_log.old_values; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.audit_log.old_values IS 'Row image before the change, without raw provider payloads and secrets.';


--
-- Name: COLUMN audit_log.new_values; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.audit_log.new_values IS 'Row image after the change, without raw provider payloads and secrets.';


--
-- Name: COLUMN audit_log.request_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.audit_log.request_id IS 'The API request that made the change (also in the server logs).';


--
-- Name: audit_log_2026q4; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.audit_log_2026q4 (
    audit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    action_by uuid,
    table_name text NOT NULL,
    record_id uuid NOT NULL,
    action vitalis.audit_action NOT NULL,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    request_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_check CHECK (((action <> 'DELETE'::vitalis.audit_action) OR (old_values IS NOT NULL)))
);


ALTER TABLE vitalis.audit_log_2026q4 OWNER TO vitalis_owner;

--
-- Name: TABLE audit_log_2026q4; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.audit_log_2026q4 IS 'Partition of audit_log for 2026-10-01 to 2026-12-31.';


--
-- Name: audit_log_2027q1; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.audit_log_2027q1 (
    audit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    action_by uuid,
    table_name text NOT NULL,
    record_id uuid NOT NULL,
    action vitalis.audit_action NOT NULL,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    request_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_check CHECK (((action <> 'DELETE'::vitalis.audit_action) OR (old_values IS NOT NULL)))
);


ALTER TABLE vitalis.audit_log_2027q1 OWNER TO vitalis_owner;

--
-- Name: TABLE audit_log_2027q1; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.audit_log_2027q1 IS 'Partition of audit_log for 2027-01-01 to 2027-03-31.';


--
-- Name: audit_log_2027q2; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.audit_log_2027q2 (
    audit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    action_by uuid,
    table_name text NOT NULL,
    record_id uuid NOT NULL,
    action vitalis.audit_action NOT NULL,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    request_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_check CHECK (((action <> 'DELETE'::vitalis.audit_action) OR (old_values IS NOT NULL)))
);


ALTER TABLE vitalis.audit_log_2027q2 OWNER TO vitalis_owner;

--
-- Name: TABLE audit_log_2027q2; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.audit_log_2027q2 IS 'Partition of audit_log for 2027-04-01 to 2027-06-30.';


--
-- Name: audit_log_2027q3; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.audit_log_2027q3 (
    audit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    action_by uuid,
    table_name text NOT NULL,
    record_id uuid NOT NULL,
    action vitalis.audit_action NOT NULL,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    request_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_check CHECK (((action <> 'DELETE'::vitalis.audit_action) OR (old_values IS NOT NULL)))
);


ALTER TABLE vitalis.audit_log_2027q3 OWNER TO vitalis_owner;

--
-- Name: TABLE audit_log_2027q3; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.audit_log_2027q3 IS 'Partition of audit_log for 2027-07-01 to 2027-09-30.';


--
-- Name: audit_log_2027q4; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.audit_log_2027q4 (
    audit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    action_by uuid,
    table_name text NOT NULL,
    record_id uuid NOT NULL,
    action vitalis.audit_action NOT NULL,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    request_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_log_check CHECK (((action <> 'DELETE'::vitalis.audit_action) OR (old_values IS NOT NULL)))
);


ALTER TABLE vitalis.audit_log_2027q4 OWNER TO vitalis_owner;

--
-- Name: TABLE audit_log_2027q4; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.audit_log_2027q4 IS 'Partition of audit_log for 2027-10-01 to 2027-12-31.';


--
-- Name: biomarker_dictionary; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.biomarker_dictionary (
    biomarker_id uuid DEFAULT gen_random_uuid() NOT NULL,
    canonical_name text NOT NULL,
    display_name text NOT NULL,
    category vitalis.biomarker_category NOT NULL,
    subcategory text,
    canonical_unit text NOT NULL,
    common_units text[],
    loinc_code text,
    description text,
    aliases text[],
    sex_specific_ranges boolean DEFAULT false NOT NULL,
    optimal_low_male numeric(12,4),
    optimal_high_male numeric(12,4),
    optimal_low_female numeric(12,4),
    optimal_high_female numeric(12,4),
    normal_low numeric(12,4),
    normal_high numeric(12,4),
    is_qualitative boolean DEFAULT false NOT NULL,
    sort_order integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT biomarker_dictionary_canonical_name_check CHECK ((canonical_name ~ '^[a-z0-9]+(_[a-z0-9]+)*$'::text)),
    CONSTRAINT biomarker_dictionary_check CHECK (((normal_low IS NULL) OR (normal_high IS NULL) OR (normal_low <= normal_high))),
    CONSTRAINT biomarker_dictionary_check1 CHECK (((optimal_low_male IS NULL) OR (optimal_high_male IS NULL) OR (optimal_low_male <= optimal_high_male))),
    CONSTRAINT biomarker_dictionary_check2 CHECK (((optimal_low_female IS NULL) OR (optimal_high_female IS NULL) OR (optimal_low_female <= optimal_high_female))),
    CONSTRAINT biomarker_dictionary_loinc_code_check CHECK ((loinc_code ~ '^[0-9]{1,7}-[0-9]$'::text))
);


ALTER TABLE vitalis.biomarker_dictionary OWNER TO vitalis_owner;

--
-- Name: TABLE biomarker_dictionary; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.biomarker_dictionary IS 'Canonical list of lab biomarkers, shared by all users: names, aliases for matching lab reports, LOINC codes, units, reference and optimal ranges.';


--
-- Name: COLUMN biomarker_dictionary.canonical_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.canonical_name IS 'Stable slug, e.g. glucose, hdl_cholesterol, testosterone_total.';


--
-- Name: COLUMN biomarker_dictionary.canonical_unit; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.canonical_unit IS 'The unit value_canonical is stored in (US conventional units, as Quest and Labcorp print them).';


--
-- Name: COLUMN biomarker_dictionary.common_units; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.common_units IS 'Every unit a lab result for this marker may be reported in; others are rejected.';


--
-- Name: COLUMN biomarker_dictionary.loinc_code; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.loinc_code IS 'LOINC code for interoperability with EHRs.';


--
-- Name: COLUMN biomarker_dictionary.aliases; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.aliases IS 'Lowercase spellings used by labs (Quest, Labcorp, Epic) for matching report lines.';


--
-- Name: COLUMN biomarker_dictionary.sex_specific_ranges; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.sex_specific_ranges IS 'True when optimal ranges differ between men and women.';


--
-- Name: COLUMN biomarker_dictionary.normal_low; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.normal_low IS 'General-population reference range low, in the canonical unit.';


--
-- Name: COLUMN biomarker_dictionary.normal_high; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.normal_high IS 'General-population reference range high, in the canonical unit.';


--
-- Name: COLUMN biomarker_dictionary.is_qualitative; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.biomarker_dictionary.is_qualitative IS 'True for results that are words (NEGATIVE, POSITIVE, CLEAR) rather than numbers.';


--
-- Name: connected_devices; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.connected_devices (
    device_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    source vitalis.data_source NOT NULL,
    display_name text,
    token_expires_at timestamp with time zone,
    scope text[],
    external_user_id text,
    last_sync_at timestamp with time zone,
    last_sync_status text,
    last_sync_error text,
    sync_cursor jsonb DEFAULT '{}'::jsonb NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT connected_devices_display_name_length CHECK (((display_name IS NULL) OR (length(display_name) <= 200) OR vitalis_private.refuse('displayName must be at most 200 characters'::text, 'display_name'::text))),
    CONSTRAINT connected_devices_last_sync_status_check CHECK ((last_sync_status = ANY (ARRAY['success'::text, 'error'::text, 'partial'::text]))),
    CONSTRAINT connected_devices_sync_cursor_check CHECK ((jsonb_typeof(sync_cursor) = 'object'::text))
);

ALTER TABLE ONLY vitalis.connected_devices FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.connected_devices OWNER TO vitalis_owner;

--
-- Name: TABLE connected_devices; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.connected_devices IS 'A user''s connection to a provider (Garmin, Oura, WHOOP, Fitbit, Withings, ...): encrypted OAuth tokens and sync state. One connection per provider.';


--
-- Name: COLUMN connected_devices.display_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.connected_devices.display_name IS 'What the user calls the device, e.g. "Garmin Forerunner 965".';


--
-- Name: COLUMN connected_devices.scope; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.connected_devices.scope IS 'OAuth scopes the user granted.';


--
-- Name: COLUMN connected_devices.external_user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.connected_devices.external_user_id IS 'The user''s id at the provider (matches webhook notifications to users).';


--
-- Name: COLUMN connected_devices.last_sync_status; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.connected_devices.last_sync_status IS 'Outcome of the last sync: success, error or partial.';


--
-- Name: COLUMN connected_devices.sync_cursor; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.connected_devices.sync_cursor IS 'Provider-specific checkpoint (next page token, last synced date) so a sync resumes where it stopped.';


--
-- Name: custom_metric_entries; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.custom_metric_entries (
    entry_id uuid DEFAULT gen_random_uuid() NOT NULL,
    metric_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    value_numeric numeric,
    value_text text,
    measured_at timestamp with time zone NOT NULL,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT custom_metric_entries_check CHECK (((value_numeric IS NOT NULL) OR (value_text IS NOT NULL))),
    CONSTRAINT custom_metric_entries_measured_at_window CHECK (((measured_at IS NULL) OR ((measured_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (measured_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('measuredAt'::text, 'measured_at'::text, 'event'::text, (measured_at)::text))),
    CONSTRAINT custom_metric_entries_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT custom_metric_entries_value_numeric_range CHECK (((value_numeric >= ('-1000000000'::integer)::numeric) AND (value_numeric <= (1000000000)::numeric))),
    CONSTRAINT custom_metric_entries_value_text_length CHECK (((value_text IS NULL) OR (length(value_text) <= 10000) OR vitalis_private.refuse('valueText must be at most 10000 characters'::text, 'value_text'::text)))
);

ALTER TABLE ONLY vitalis.custom_metric_entries FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.custom_metric_entries OWNER TO vitalis_owner;

--
-- Name: TABLE custom_metric_entries; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.custom_metric_entries IS 'One recorded value of a custom metric.';


--
-- Name: custom_metrics; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.custom_metrics (
    metric_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    name text NOT NULL,
    unit text,
    data_type text,
    min_value numeric,
    max_value numeric,
    is_active boolean DEFAULT true,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT custom_metrics_check CHECK (((min_value IS NULL) OR (max_value IS NULL) OR (min_value <= max_value))),
    CONSTRAINT custom_metrics_data_type_check CHECK ((data_type = ANY (ARRAY['numeric'::text, 'boolean'::text, 'text'::text, 'scale_1_5'::text]))),
    CONSTRAINT custom_metrics_data_type_length CHECK (((data_type IS NULL) OR (length(data_type) <= 200) OR vitalis_private.refuse('dataType must be at most 200 characters'::text, 'data_type'::text))),
    CONSTRAINT custom_metrics_max_value_range CHECK (((max_value >= ('-1000000000'::integer)::numeric) AND (max_value <= (1000000000)::numeric))),
    CONSTRAINT custom_metrics_min_value_range CHECK (((min_value >= ('-1000000000'::integer)::numeric) AND (min_value <= (1000000000)::numeric))),
    CONSTRAINT custom_metrics_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT custom_metrics_name_length CHECK (((name IS NULL) OR (length(name) <= 200) OR vitalis_private.refuse('name must be at most 200 characters'::text, 'name'::text))),
    CONSTRAINT custom_metrics_unit_length CHECK (((unit IS NULL) OR (length(unit) <= 200) OR vitalis_private.refuse('unit must be at most 200 characters'::text, 'unit'::text)))
);

ALTER TABLE ONLY vitalis.custom_metrics FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.custom_metrics OWNER TO vitalis_owner;

--
-- Name: TABLE custom_metrics; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.custom_metrics IS 'A metric the user defined, e.g. "Caffeine cups" or "Back pain (1-5)".';


--
-- Name: COLUMN custom_metrics.data_type; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.custom_metrics.data_type IS 'numeric, boolean, text or scale_1_5; entries are validated against it.';


--
-- Name: COLUMN custom_metrics.min_value; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.custom_metrics.min_value IS 'Lowest accepted numeric entry.';


--
-- Name: COLUMN custom_metrics.max_value; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.custom_metrics.max_value IS 'Highest accepted numeric entry.';


--
-- Name: data_export_requests; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.data_export_requests (
    export_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    status text DEFAULT 'queued'::text NOT NULL,
    format text DEFAULT 'json'::text NOT NULL,
    s3_key text,
    expires_at timestamp with time zone,
    completed_at timestamp with time zone,
    file_size_bytes bigint,
    CONSTRAINT data_export_requests_file_size_bytes_check CHECK ((file_size_bytes >= 0)),
    CONSTRAINT data_export_requests_format_check CHECK ((format = ANY (ARRAY['json'::text, 'csv'::text]))),
    CONSTRAINT data_export_requests_format_length CHECK (((format IS NULL) OR (length(format) <= 200) OR vitalis_private.refuse('format must be at most 200 characters'::text, 'format'::text))),
    CONSTRAINT data_export_requests_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'processing'::text, 'ready'::text, 'downloaded'::text, 'expired'::text])))
);

ALTER TABLE ONLY vitalis.data_export_requests FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.data_export_requests OWNER TO vitalis_owner;

--
-- Name: TABLE data_export_requests; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.data_export_requests IS 'A GDPR portability request: the worker writes all the user''s data as JSON or CSV to storage; the link expires after 7 days.';


--
-- Name: COLUMN data_export_requests.s3_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.data_export_requests.s3_key IS 'Where the finished export is stored.';


--
-- Name: COLUMN data_export_requests.expires_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.data_export_requests.expires_at IS 'When the download link stops working (7 days after completion).';


--
-- Name: dexa_bone_density; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.dexa_bone_density (
    density_id uuid DEFAULT gen_random_uuid() NOT NULL,
    scan_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    region vitalis.bone_density_region NOT NULL,
    bmd_g_cm2 numeric(6,3),
    t_score numeric(4,1),
    z_score numeric(4,1),
    CONSTRAINT dexa_bone_density_bmd_g_cm2_range CHECK (((bmd_g_cm2 >= (0)::numeric) AND (bmd_g_cm2 <= (5)::numeric))),
    CONSTRAINT dexa_bone_density_t_score_range CHECK (((t_score >= ('-10'::integer)::numeric) AND (t_score <= (10)::numeric))),
    CONSTRAINT dexa_bone_density_z_score_range CHECK (((z_score >= ('-10'::integer)::numeric) AND (z_score <= (10)::numeric)))
);

ALTER TABLE ONLY vitalis.dexa_bone_density FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.dexa_bone_density OWNER TO vitalis_owner;

--
-- Name: TABLE dexa_bone_density; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.dexa_bone_density IS 'Bone mineral density of one skeletal region of a DEXA scan, with T- and Z-scores.';


--
-- Name: COLUMN dexa_bone_density.bmd_g_cm2; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_bone_density.bmd_g_cm2 IS 'Bone mineral density, g/cm².';


--
-- Name: COLUMN dexa_bone_density.t_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_bone_density.t_score IS 'Standard deviations from a young adult (30-35 year) peak.';


--
-- Name: COLUMN dexa_bone_density.z_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_bone_density.z_score IS 'Standard deviations from people of the same age and sex.';


--
-- Name: dexa_regions; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.dexa_regions (
    region_id uuid DEFAULT gen_random_uuid() NOT NULL,
    scan_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    region vitalis.dexa_region NOT NULL,
    body_fat_pct numeric(4,1),
    fat_lbs numeric(6,2),
    lean_lbs numeric(6,2),
    bmc_lbs numeric(5,3),
    total_mass_lbs numeric(6,2),
    CONSTRAINT dexa_regions_bmc_lbs_range CHECK (((bmc_lbs >= (0)::numeric) AND (bmc_lbs <= (50)::numeric))),
    CONSTRAINT dexa_regions_body_fat_pct_range CHECK (((body_fat_pct >= (1)::numeric) AND (body_fat_pct <= (80)::numeric))),
    CONSTRAINT dexa_regions_fat_lbs_range CHECK (((fat_lbs >= (0)::numeric) AND (fat_lbs <= (1000)::numeric))),
    CONSTRAINT dexa_regions_lean_lbs_range CHECK (((lean_lbs >= (0)::numeric) AND (lean_lbs <= (1000)::numeric))),
    CONSTRAINT dexa_regions_total_mass_lbs_range CHECK (((total_mass_lbs >= (0)::numeric) AND (total_mass_lbs <= (1000)::numeric)))
);

ALTER TABLE ONLY vitalis.dexa_regions FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.dexa_regions OWNER TO vitalis_owner;

--
-- Name: TABLE dexa_regions; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.dexa_regions IS 'Body composition of one anatomical region of a DEXA scan.';


--
-- Name: COLUMN dexa_regions.bmc_lbs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.dexa_regions.bmc_lbs IS 'Bone mineral content of the region, in pounds.';


--
-- Name: doctor_visit_panels; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.doctor_visit_panels (
    visit_id uuid NOT NULL,
    panel_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL
);

ALTER TABLE ONLY vitalis.doctor_visit_panels FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.doctor_visit_panels OWNER TO vitalis_owner;

--
-- Name: TABLE doctor_visit_panels; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.doctor_visit_panels IS 'Links a doctor visit to the blood panels ordered at it.';


--
-- Name: COLUMN doctor_visit_panels.user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.doctor_visit_panels.user_id IS 'Owner (both the visit and the panel must be theirs).';


--
-- Name: doctor_visits; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.doctor_visits (
    visit_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    visit_date date NOT NULL,
    provider_name text,
    specialty text,
    notes text,
    follow_up_date date,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT doctor_visits_follow_up_date_window CHECK (((follow_up_date IS NULL) OR ((follow_up_date >= '2000-01-01'::date) AND (follow_up_date < vitalis_private.date_window_end('plan'::text))) OR vitalis_private.refuse_date('followUpDate'::text, 'follow_up_date'::text, 'plan'::text, (follow_up_date)::text))),
    CONSTRAINT doctor_visits_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT doctor_visits_provider_name_length CHECK (((provider_name IS NULL) OR (length(provider_name) <= 200) OR vitalis_private.refuse('providerName must be at most 200 characters'::text, 'provider_name'::text))),
    CONSTRAINT doctor_visits_specialty_length CHECK (((specialty IS NULL) OR (length(specialty) <= 200) OR vitalis_private.refuse('specialty must be at most 200 characters'::text, 'specialty'::text))),
    CONSTRAINT doctor_visits_visit_date_window CHECK (((visit_date IS NULL) OR ((visit_date >= '2000-01-01'::date) AND (visit_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('visitDate'::text, 'visit_date'::text, 'event'::text, (visit_date)::text)))
);

ALTER TABLE ONLY vitalis.doctor_visits FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.doctor_visits OWNER TO vitalis_owner;

--
-- Name: TABLE doctor_visits; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.doctor_visits IS 'A medical appointment and its notes.';


--
-- Name: COLUMN doctor_visits.specialty; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.doctor_visits.specialty IS 'Primary Care, Cardiology, ...';


--
-- Name: epigenetic_organ_ages; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.epigenetic_organ_ages (
    organ_age_id uuid DEFAULT gen_random_uuid() NOT NULL,
    test_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    organ_system vitalis.organ_system NOT NULL,
    biological_age numeric(4,1),
    chronological_age numeric(4,1),
    delta_years numeric(4,1),
    direction text,
    CONSTRAINT epigenetic_organ_ages_biological_age_range CHECK (((biological_age >= (0)::numeric) AND (biological_age <= (200)::numeric))),
    CONSTRAINT epigenetic_organ_ages_chronological_age_range CHECK (((chronological_age >= (0)::numeric) AND (chronological_age <= (150)::numeric))),
    CONSTRAINT epigenetic_organ_ages_delta_years_range CHECK (((delta_years >= ('-100'::integer)::numeric) AND (delta_years <= (100)::numeric))),
    CONSTRAINT epigenetic_organ_ages_direction_check CHECK ((direction = ANY (ARRAY['younger'::text, 'older'::text, 'same'::text]))),
    CONSTRAINT epigenetic_organ_ages_direction_length CHECK (((direction IS NULL) OR (length(direction) <= 200) OR vitalis_private.refuse('direction must be at most 200 characters'::text, 'direction'::text)))
);

ALTER TABLE ONLY vitalis.epigenetic_organ_ages FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.epigenetic_organ_ages OWNER TO vitalis_owner;

--
-- Name: TABLE epigenetic_organ_ages; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.epigenetic_organ_ages IS 'Biological age of one organ system from an epigenetic test (11-12 rows per test).';


--
-- Name: COLUMN epigenetic_organ_ages.delta_years; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_organ_ages.delta_years IS 'biological_age - chronological_age; negative is younger.';


--
-- Name: COLUMN epigenetic_organ_ages.direction; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_organ_ages.direction IS 'younger, older or same, relative to chronological age.';


--
-- Name: epigenetic_tests; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.epigenetic_tests (
    test_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    provider text,
    kit_id text,
    collected_at date,
    reported_at date,
    chronological_age numeric(4,1),
    biological_age numeric(4,1),
    pace_score numeric(4,2),
    pace_percentile numeric(5,2),
    telomere_length numeric(6,3),
    methylation_clock text,
    document_id uuid,
    raw_data jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT epigenetic_tests_biological_age_range CHECK (((biological_age >= (0)::numeric) AND (biological_age <= (200)::numeric))),
    CONSTRAINT epigenetic_tests_check CHECK (((reported_at IS NULL) OR (collected_at IS NULL) OR (reported_at >= collected_at))),
    CONSTRAINT epigenetic_tests_chronological_age_range CHECK (((chronological_age >= (0)::numeric) AND (chronological_age <= (150)::numeric))),
    CONSTRAINT epigenetic_tests_collected_at_window CHECK (((collected_at IS NULL) OR ((collected_at >= '2000-01-01'::date) AND (collected_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('collectedAt'::text, 'collected_at'::text, 'event'::text, (collected_at)::text))),
    CONSTRAINT epigenetic_tests_kit_id_length CHECK (((kit_id IS NULL) OR (length(kit_id) <= 200) OR vitalis_private.refuse('kitId must be at most 200 characters'::text, 'kit_id'::text))),
    CONSTRAINT epigenetic_tests_methylation_clock_length CHECK (((methylation_clock IS NULL) OR (length(methylation_clock) <= 200) OR vitalis_private.refuse('methylationClock must be at most 200 characters'::text, 'methylation_clock'::text))),
    CONSTRAINT epigenetic_tests_pace_percentile_range CHECK (((pace_percentile >= (0)::numeric) AND (pace_percentile <= (100)::numeric))),
    CONSTRAINT epigenetic_tests_pace_score_range CHECK (((pace_score >= 0.2) AND (pace_score <= 3.0))),
    CONSTRAINT epigenetic_tests_provider_length CHECK (((provider IS NULL) OR (length(provider) <= 200) OR vitalis_private.refuse('provider must be at most 200 characters'::text, 'provider'::text))),
    CONSTRAINT epigenetic_tests_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT epigenetic_tests_reported_at_window CHECK (((reported_at IS NULL) OR ((reported_at >= '2000-01-01'::date) AND (reported_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('reportedAt'::text, 'reported_at'::text, 'event'::text, (reported_at)::text))),
    CONSTRAINT epigenetic_tests_telomere_length_range CHECK (((telomere_length >= (0)::numeric) AND (telomere_length <= (100)::numeric)))
);

ALTER TABLE ONLY vitalis.epigenetic_tests FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.epigenetic_tests OWNER TO vitalis_owner;

--
-- Name: TABLE epigenetic_tests; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.epigenetic_tests IS 'One epigenetic test kit result (Blueprint, TruDiagnostic, ...): biological age and pace of aging.';


--
-- Name: COLUMN epigenetic_tests.kit_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_tests.kit_id IS 'The provider''s kit identifier.';


--
-- Name: COLUMN epigenetic_tests.biological_age; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_tests.biological_age IS 'Overall epigenetic age, in years.';


--
-- Name: COLUMN epigenetic_tests.pace_score; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_tests.pace_score IS 'DunedinPACE: years of biological aging per calendar year (1.0 = average).';


--
-- Name: COLUMN epigenetic_tests.pace_percentile; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_tests.pace_percentile IS 'Percentage of the population aging slower.';


--
-- Name: COLUMN epigenetic_tests.telomere_length; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_tests.telomere_length IS 'Estimated telomere length in kb, if measured.';


--
-- Name: COLUMN epigenetic_tests.methylation_clock; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.epigenetic_tests.methylation_clock IS 'Algorithm used: dunedinpace, horvath, grimage, phenoage, ...';


--
-- Name: exercise_dictionary; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.exercise_dictionary (
    exercise_id uuid DEFAULT gen_random_uuid() NOT NULL,
    canonical_name text NOT NULL,
    display_name text NOT NULL,
    aliases text[],
    primary_muscle text,
    secondary_muscles text[],
    equipment text,
    category text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT exercise_dictionary_canonical_name_check CHECK ((canonical_name ~ '^[a-z0-9]+(_[a-z0-9]+)*$'::text)),
    CONSTRAINT exercise_dictionary_category_check CHECK ((category = ANY (ARRAY['compound'::text, 'isolation'::text, 'cardio'::text])))
);


ALTER TABLE vitalis.exercise_dictionary OWNER TO vitalis_owner;

--
-- Name: TABLE exercise_dictionary; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.exercise_dictionary IS 'Canonical exercise catalogue, shared by all users. Aliases hold the names Strong, Hevy and gyms use.';


--
-- Name: COLUMN exercise_dictionary.aliases; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.exercise_dictionary.aliases IS 'Lowercase names matched exactly by importers, e.g. "bench press (barbell)".';


--
-- Name: COLUMN exercise_dictionary.category; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.exercise_dictionary.category IS 'compound, isolation or cardio.';


--
-- Name: goals; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.goals (
    goal_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    metric_type text,
    biomarker_id uuid,
    metric_name text,
    target_value numeric(12,4),
    target_unit text,
    direction vitalis.goal_direction,
    alert_threshold_low numeric(12,4),
    alert_threshold_high numeric(12,4),
    alert_enabled boolean DEFAULT true,
    notes text,
    is_active boolean DEFAULT true,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT goals_alert_threshold_high_finite CHECK (((alert_threshold_high IS NULL) OR (alert_threshold_high <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric])) OR vitalis_private.refuse('alertThresholdHigh must be a finite number'::text, 'alert_threshold_high'::text))),
    CONSTRAINT goals_alert_threshold_low_finite CHECK (((alert_threshold_low IS NULL) OR (alert_threshold_low <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric])) OR vitalis_private.refuse('alertThresholdLow must be a finite number'::text, 'alert_threshold_low'::text))),
    CONSTRAINT goals_check CHECK (((metric_type <> 'blood_marker'::text) OR (biomarker_id IS NOT NULL))),
    CONSTRAINT goals_check1 CHECK (((alert_threshold_low IS NULL) OR (alert_threshold_high IS NULL) OR (alert_threshold_low <= alert_threshold_high))),
    CONSTRAINT goals_metric_name_length CHECK (((metric_name IS NULL) OR (length(metric_name) <= 200) OR vitalis_private.refuse('metricName must be at most 200 characters'::text, 'metric_name'::text))),
    CONSTRAINT goals_metric_type_check CHECK ((metric_type = ANY (ARRAY['blood_marker'::text, 'measurement'::text, 'wearable'::text, 'custom'::text]))),
    CONSTRAINT goals_metric_type_length CHECK (((metric_type IS NULL) OR (length(metric_type) <= 200) OR vitalis_private.refuse('metricType must be at most 200 characters'::text, 'metric_type'::text))),
    CONSTRAINT goals_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT goals_target_unit_length CHECK (((target_unit IS NULL) OR (length(target_unit) <= 200) OR vitalis_private.refuse('targetUnit must be at most 200 characters'::text, 'target_unit'::text))),
    CONSTRAINT goals_target_value_finite CHECK (((target_value IS NULL) OR (target_value <> ALL (ARRAY['NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric])) OR vitalis_private.refuse('targetValue must be a finite number'::text, 'target_value'::text)))
);

ALTER TABLE ONLY vitalis.goals FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.goals OWNER TO vitalis_owner;

--
-- Name: TABLE goals; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.goals IS 'A target for any tracked metric, with optional alert thresholds.';


--
-- Name: COLUMN goals.metric_type; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.goals.metric_type IS 'blood_marker, measurement, wearable or custom.';


--
-- Name: COLUMN goals.metric_name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.goals.metric_name IS 'Canonical metric name, e.g. resting_hr_bpm, weight, ldl_cholesterol.';


--
-- Name: COLUMN goals.direction; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.goals.direction IS 'minimize, maximize, or target (stay near target_value).';


--
-- Name: household_invites; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.household_invites (
    invite_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    account_id uuid NOT NULL,
    email text NOT NULL,
    token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone DEFAULT (now() + '7 days'::interval) NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    revoked_at timestamp with time zone,
    CONSTRAINT household_invites_accepted_or_revoked CHECK (((accepted_at IS NULL) OR (revoked_at IS NULL))),
    CONSTRAINT household_invites_email_check CHECK (((email = lower(btrim(email))) AND ((length(email) >= 3) AND (length(email) <= 320))))
);

ALTER TABLE ONLY vitalis.household_invites FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.household_invites OWNER TO vitalis_owner;

--
-- Name: TABLE household_invites; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.household_invites IS 'An invitation into a family account, sent by its owner (user_id) to an email address. Created by invite_household_member, used by accept_household_invite; the token itself is never stored.';


--
-- Name: COLUMN household_invites.user_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.household_invites.user_id IS 'The inviting user (the account owner).';


--
-- Name: COLUMN household_invites.email; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.household_invites.email IS 'Who may accept: the signed-in user with this email (lowercase).';


--
-- Name: COLUMN household_invites.token_hash; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.household_invites.token_hash IS 'sha256 of the token that was emailed; the token is single-use.';


--
-- Name: COLUMN household_invites.accepted_by; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.household_invites.accepted_by IS 'The user who accepted; NULL until then.';


--
-- Name: lifting_sessions; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.lifting_sessions (
    session_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    session_date date NOT NULL,
    source vitalis.data_source,
    source_session_id text,
    name text,
    duration_seconds integer,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT lifting_sessions_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT lifting_sessions_name_length CHECK (((name IS NULL) OR (length(name) <= 200) OR vitalis_private.refuse('name must be at most 200 characters'::text, 'name'::text))),
    CONSTRAINT lifting_sessions_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT lifting_sessions_session_date_window CHECK (((session_date IS NULL) OR ((session_date >= '2000-01-01'::date) AND (session_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sessionDate'::text, 'session_date'::text, 'event'::text, (session_date)::text))),
    CONSTRAINT lifting_sessions_source_session_id_length CHECK (((source_session_id IS NULL) OR (length(source_session_id) <= 200) OR vitalis_private.refuse('sourceSessionId must be at most 200 characters'::text, 'source_session_id'::text)))
);

ALTER TABLE ONLY vitalis.lifting_sessions FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.lifting_sessions OWNER TO vitalis_owner;

--
-- Name: TABLE lifting_sessions; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.lifting_sessions IS 'One strength-training session.';


--
-- Name: COLUMN lifting_sessions.source_session_id; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sessions.source_session_id IS 'Importer''s key for the session (re-imports update it instead of duplicating).';


--
-- Name: COLUMN lifting_sessions.name; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.lifting_sessions.name IS 'e.g. "Upper A", "Push Day".';


--
-- Name: menstrual_cycles; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.menstrual_cycles (
    cycle_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    cycle_date date NOT NULL,
    phase vitalis.menstrual_phase,
    flow_intensity smallint,
    symptoms text[],
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT menstrual_cycles_cycle_date_window CHECK (((cycle_date IS NULL) OR ((cycle_date >= '2000-01-01'::date) AND (cycle_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('cycleDate'::text, 'cycle_date'::text, 'event'::text, (cycle_date)::text))),
    CONSTRAINT menstrual_cycles_flow_intensity_range CHECK (((flow_intensity >= 0) AND (flow_intensity <= 4))),
    CONSTRAINT menstrual_cycles_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT menstrual_cycles_symptoms_length CHECK (((symptoms IS NULL) OR ((cardinality(symptoms) <= 100) AND (vitalis_private.longest_item(symptoms) <= 200)) OR vitalis_private.refuse('symptoms must have at most 100 items of at most 200 characters'::text, 'symptoms'::text)))
);

ALTER TABLE ONLY vitalis.menstrual_cycles FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.menstrual_cycles OWNER TO vitalis_owner;

--
-- Name: TABLE menstrual_cycles; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.menstrual_cycles IS 'One day of cycle tracking: phase, flow and symptoms.';


--
-- Name: COLUMN menstrual_cycles.flow_intensity; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.menstrual_cycles.flow_intensity IS '0 none, 1 spotting, 2 light, 3 medium, 4 heavy.';


--
-- Name: COLUMN menstrual_cycles.symptoms; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.menstrual_cycles.symptoms IS 'e.g. {cramps,headache,bloating}.';


--
-- Name: mood_journal; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.mood_journal (
    journal_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    journal_date date NOT NULL,
    mood_score smallint,
    energy_score smallint,
    stress_score smallint,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT mood_journal_energy_score_range CHECK (((energy_score >= 1) AND (energy_score <= 5))),
    CONSTRAINT mood_journal_journal_date_window CHECK (((journal_date IS NULL) OR ((journal_date >= '2000-01-01'::date) AND (journal_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('journalDate'::text, 'journal_date'::text, 'event'::text, (journal_date)::text))),
    CONSTRAINT mood_journal_mood_score_range CHECK (((mood_score >= 1) AND (mood_score <= 5))),
    CONSTRAINT mood_journal_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT mood_journal_stress_score_range CHECK (((stress_score >= 1) AND (stress_score <= 5)))
);

ALTER TABLE ONLY vitalis.mood_journal FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.mood_journal OWNER TO vitalis_owner;

--
-- Name: TABLE mood_journal; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.mood_journal IS 'Daily check-in: mood, energy and stress, each 1-5, and free-text notes.';


--
-- Name: nutrition_logs; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.nutrition_logs (
    nutrition_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    log_date date NOT NULL,
    meal_type text,
    calories_kcal smallint,
    protein_g numeric(6,2),
    carbs_g numeric(6,2),
    fat_g numeric(6,2),
    fiber_g numeric(6,2),
    source vitalis.data_source,
    raw_data jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT nutrition_logs_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 20000))),
    CONSTRAINT nutrition_logs_carbs_g_range CHECK (((carbs_g >= (0)::numeric) AND (carbs_g <= (3000)::numeric))),
    CONSTRAINT nutrition_logs_fat_g_range CHECK (((fat_g >= (0)::numeric) AND (fat_g <= (2000)::numeric))),
    CONSTRAINT nutrition_logs_fiber_g_range CHECK (((fiber_g >= (0)::numeric) AND (fiber_g <= (500)::numeric))),
    CONSTRAINT nutrition_logs_log_date_window CHECK (((log_date IS NULL) OR ((log_date >= '2000-01-01'::date) AND (log_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('logDate'::text, 'log_date'::text, 'event'::text, (log_date)::text))),
    CONSTRAINT nutrition_logs_meal_type_check CHECK ((meal_type = ANY (ARRAY['breakfast'::text, 'lunch'::text, 'dinner'::text, 'snack'::text, 'fast'::text]))),
    CONSTRAINT nutrition_logs_meal_type_length CHECK (((meal_type IS NULL) OR (length(meal_type) <= 200) OR vitalis_private.refuse('mealType must be at most 200 characters'::text, 'meal_type'::text))),
    CONSTRAINT nutrition_logs_protein_g_range CHECK (((protein_g >= (0)::numeric) AND (protein_g <= (2000)::numeric))),
    CONSTRAINT nutrition_logs_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text)))
);

ALTER TABLE ONLY vitalis.nutrition_logs FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.nutrition_logs OWNER TO vitalis_owner;

--
-- Name: TABLE nutrition_logs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.nutrition_logs IS 'A meal or fast: calories and macronutrients, with the source''s full record in raw_data.';


--
-- Name: COLUMN nutrition_logs.raw_data; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.nutrition_logs.raw_data IS 'Full record from the nutrition source (MyFitnessPal, Cronometer, ...). Not copied into the audit log.';


--
-- Name: oauth_identities; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.oauth_identities (
    identity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    provider text NOT NULL,
    provider_user_id text NOT NULL,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT oauth_identities_provider_check CHECK ((provider = ANY (ARRAY['google'::text, 'apple'::text])))
);

ALTER TABLE ONLY vitalis.oauth_identities FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.oauth_identities OWNER TO vitalis_owner;

--
-- Name: TABLE oauth_identities; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.oauth_identities IS 'Links a user to a Google or Apple sign-in.';


--
-- Name: supplement_logs; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.supplement_logs (
    log_id uuid DEFAULT gen_random_uuid() NOT NULL,
    supplement_id uuid NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    dose_amount numeric(8,3),
    dose_unit text,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT supplement_logs_dose_amount_range CHECK (((dose_amount >= 0.001) AND (dose_amount <= (50000)::numeric))),
    CONSTRAINT supplement_logs_dose_unit_length CHECK (((dose_unit IS NULL) OR (length(dose_unit) <= 200) OR vitalis_private.refuse('doseUnit must be at most 200 characters'::text, 'dose_unit'::text))),
    CONSTRAINT supplement_logs_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT supplement_logs_taken_at_window CHECK (((taken_at IS NULL) OR ((taken_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (taken_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('takenAt'::text, 'taken_at'::text, 'event'::text, (taken_at)::text)))
);

ALTER TABLE ONLY vitalis.supplement_logs FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.supplement_logs OWNER TO vitalis_owner;

--
-- Name: TABLE supplement_logs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.supplement_logs IS 'One intake of a supplement, for correlating with other data.';


--
-- Name: COLUMN supplement_logs.dose_amount; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.supplement_logs.dose_amount IS 'The dose taken, when it differs from the supplement''s usual dose.';


--
-- Name: supplements; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.supplements (
    supplement_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    name text NOT NULL,
    brand text,
    dose_amount numeric(8,3),
    dose_unit text,
    frequency text,
    timing text,
    started_at date,
    ended_at date,
    purpose text,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT supplements_brand_length CHECK (((brand IS NULL) OR (length(brand) <= 200) OR vitalis_private.refuse('brand must be at most 200 characters'::text, 'brand'::text))),
    CONSTRAINT supplements_check CHECK (((ended_at IS NULL) OR (started_at IS NULL) OR (ended_at >= started_at))),
    CONSTRAINT supplements_dose_amount_range CHECK (((dose_amount >= 0.001) AND (dose_amount <= (50000)::numeric))),
    CONSTRAINT supplements_dose_unit_length CHECK (((dose_unit IS NULL) OR (length(dose_unit) <= 200) OR vitalis_private.refuse('doseUnit must be at most 200 characters'::text, 'dose_unit'::text))),
    CONSTRAINT supplements_ended_at_window CHECK (((ended_at IS NULL) OR ((ended_at >= '2000-01-01'::date) AND (ended_at < vitalis_private.date_window_end('plan'::text))) OR vitalis_private.refuse_date('endedAt'::text, 'ended_at'::text, 'plan'::text, (ended_at)::text))),
    CONSTRAINT supplements_frequency_length CHECK (((frequency IS NULL) OR (length(frequency) <= 200) OR vitalis_private.refuse('frequency must be at most 200 characters'::text, 'frequency'::text))),
    CONSTRAINT supplements_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT supplements_name_length CHECK (((name IS NULL) OR (length(name) <= 200) OR vitalis_private.refuse('name must be at most 200 characters'::text, 'name'::text))),
    CONSTRAINT supplements_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT supplements_purpose_length CHECK (((purpose IS NULL) OR (length(purpose) <= 200) OR vitalis_private.refuse('purpose must be at most 200 characters'::text, 'purpose'::text))),
    CONSTRAINT supplements_started_at_window CHECK (((started_at IS NULL) OR ((started_at >= '2000-01-01'::date) AND (started_at < vitalis_private.date_window_end('plan'::text))) OR vitalis_private.refuse_date('startedAt'::text, 'started_at'::text, 'plan'::text, (started_at)::text))),
    CONSTRAINT supplements_timing_length CHECK (((timing IS NULL) OR (length(timing) <= 200) OR vitalis_private.refuse('timing must be at most 200 characters'::text, 'timing'::text)))
);

ALTER TABLE ONLY vitalis.supplements FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.supplements OWNER TO vitalis_owner;

--
-- Name: TABLE supplements; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.supplements IS 'A supplement or medication the user takes or took.';


--
-- Name: COLUMN supplements.dose_unit; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.supplements.dose_unit IS 'mg, g, IU, mcg, ml, ...';


--
-- Name: COLUMN supplements.frequency; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.supplements.frequency IS 'daily, 2x_daily, weekly, as_needed, ...';


--
-- Name: COLUMN supplements.timing; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.supplements.timing IS 'morning, evening, with_meal, ...';


--
-- Name: COLUMN supplements.ended_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.supplements.ended_at IS 'NULL while still taking it.';


--
-- Name: unit_conversions; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.unit_conversions (
    conversion_id uuid DEFAULT gen_random_uuid() NOT NULL,
    biomarker_id uuid,
    from_unit text NOT NULL,
    to_unit text NOT NULL,
    factor numeric NOT NULL,
    offset_before numeric DEFAULT 0 NOT NULL,
    CONSTRAINT unit_conversions_factor_check CHECK ((factor > (0)::numeric))
);


ALTER TABLE vitalis.unit_conversions OWNER TO vitalis_owner;

--
-- Name: TABLE unit_conversions; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.unit_conversions IS 'Conversion factors: value in to_unit = (value in from_unit + offset_before) * factor. Rows without a biomarker map a unit to its dimension''s base unit; rows with one bridge mass and molar units by molar mass.';


--
-- Name: COLUMN unit_conversions.offset_before; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.unit_conversions.offset_before IS 'Added before multiplying, for affine scales (degF -> degC: offset -32, factor 5/9).';


--
-- Name: user_preferences; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.user_preferences (
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    weight_unit text DEFAULT 'lbs'::text NOT NULL,
    height_unit text DEFAULT 'in'::text NOT NULL,
    distance_unit text DEFAULT 'miles'::text NOT NULL,
    temperature_unit text DEFAULT 'F'::text NOT NULL,
    energy_unit text DEFAULT 'kcal'::text NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    notifications_enabled boolean DEFAULT true NOT NULL,
    notification_prefs jsonb DEFAULT '{}'::jsonb NOT NULL,
    dashboard_layout jsonb DEFAULT '{}'::jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    source_priority jsonb DEFAULT '{}'::jsonb NOT NULL,
    auto_confirm_documents_at numeric(3,2),
    CONSTRAINT user_preferences_auto_confirm_documents_at_range CHECK (((auto_confirm_documents_at >= 0.5) AND (auto_confirm_documents_at <= (1)::numeric))),
    CONSTRAINT user_preferences_dashboard_layout_check CHECK ((jsonb_typeof(dashboard_layout) = ANY (ARRAY['object'::text, 'array'::text]))),
    CONSTRAINT user_preferences_dashboard_layout_size CHECK (((dashboard_layout IS NULL) OR (octet_length((dashboard_layout)::text) <= 65536) OR vitalis_private.refuse('dashboardLayout must be at most 64 KB of JSON'::text, 'dashboard_layout'::text))),
    CONSTRAINT user_preferences_distance_unit_check CHECK ((distance_unit = ANY (ARRAY['miles'::text, 'km'::text]))),
    CONSTRAINT user_preferences_distance_unit_length CHECK (((distance_unit IS NULL) OR (length(distance_unit) <= 200) OR vitalis_private.refuse('distanceUnit must be at most 200 characters'::text, 'distance_unit'::text))),
    CONSTRAINT user_preferences_energy_unit_check CHECK ((energy_unit = ANY (ARRAY['kcal'::text, 'kJ'::text]))),
    CONSTRAINT user_preferences_energy_unit_length CHECK (((energy_unit IS NULL) OR (length(energy_unit) <= 200) OR vitalis_private.refuse('energyUnit must be at most 200 characters'::text, 'energy_unit'::text))),
    CONSTRAINT user_preferences_height_unit_check CHECK ((height_unit = ANY (ARRAY['in'::text, 'cm'::text]))),
    CONSTRAINT user_preferences_height_unit_length CHECK (((height_unit IS NULL) OR (length(height_unit) <= 200) OR vitalis_private.refuse('heightUnit must be at most 200 characters'::text, 'height_unit'::text))),
    CONSTRAINT user_preferences_notification_prefs_check CHECK ((jsonb_typeof(notification_prefs) = 'object'::text)),
    CONSTRAINT user_preferences_notification_prefs_size CHECK (((notification_prefs IS NULL) OR (octet_length((notification_prefs)::text) <= 65536) OR vitalis_private.refuse('notificationPrefs must be at most 64 KB of JSON'::text, 'notification_prefs'::text))),
    CONSTRAINT user_preferences_source_priority_size CHECK (((source_priority IS NULL) OR (octet_length((source_priority)::text) <= 65536) OR vitalis_private.refuse('sourcePriority must be at most 64 KB of JSON'::text, 'source_priority'::text))),
    CONSTRAINT user_preferences_temperature_unit_check CHECK ((temperature_unit = ANY (ARRAY['F'::text, 'C'::text]))),
    CONSTRAINT user_preferences_temperature_unit_length CHECK (((temperature_unit IS NULL) OR (length(temperature_unit) <= 200) OR vitalis_private.refuse('temperatureUnit must be at most 200 characters'::text, 'temperature_unit'::text))),
    CONSTRAINT user_preferences_timezone_check CHECK (((now() AT TIME ZONE timezone) IS NOT NULL)),
    CONSTRAINT user_preferences_timezone_length CHECK (((timezone IS NULL) OR (length(timezone) <= 200) OR vitalis_private.refuse('timezone must be at most 200 characters'::text, 'timezone'::text))),
    CONSTRAINT user_preferences_weight_unit_check CHECK ((weight_unit = ANY (ARRAY['lbs'::text, 'kg'::text]))),
    CONSTRAINT user_preferences_weight_unit_length CHECK (((weight_unit IS NULL) OR (length(weight_unit) <= 200) OR vitalis_private.refuse('weightUnit must be at most 200 characters'::text, 'weight_unit'::text)))
);

ALTER TABLE ONLY vitalis.user_preferences FORCE ROW LEVEL SECURITY;


ALTER TABLE vitalis.user_preferences OWNER TO vitalis_owner;

--
-- Name: TABLE user_preferences; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.user_preferences IS 'Display units, time zone and notification settings; one row per user, created with the user.';


--
-- Name: COLUMN user_preferences.timezone; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_preferences.timezone IS 'IANA time zone name, e.g. Europe/Berlin; decides what "today" means for the user.';


--
-- Name: COLUMN user_preferences.notification_prefs; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_preferences.notification_prefs IS 'Per-category notification settings, e.g. {"goal_alerts": true}.';


--
-- Name: COLUMN user_preferences.dashboard_layout; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_preferences.dashboard_layout IS 'Widget order and visibility, as the client stores it.';


--
-- Name: COLUMN user_preferences.source_priority; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_preferences.source_priority IS 'Your own order of trust per metric category, best first, e.g. {"sleep": ["whoop", "oura"], "steps": ["apple_health"]}. Categories: sleep, steps, hrv, heart_rate, readiness, recovery, activities. Sources you leave out keep the default order after yours.';


--
-- Name: COLUMN user_preferences.auto_confirm_documents_at; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis.user_preferences.auto_confirm_documents_at IS 'Confirm a parsed report without review when its confidence reaches this value (0.5-1) and every result was read and mapped; null (the default) always asks for review.';


--
-- Name: wearable_activities_y2020; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2020 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2020 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2020; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2020 IS 'Partition of wearable_activities for 2020-01-01 to 2020-12-31.';


--
-- Name: wearable_activities_y2021; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2021 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2021 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2021; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2021 IS 'Partition of wearable_activities for 2021-01-01 to 2021-12-31.';


--
-- Name: wearable_activities_y2022; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2022 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2022 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2022; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2022 IS 'Partition of wearable_activities for 2022-01-01 to 2022-12-31.';


--
-- Name: wearable_activities_y2023; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2023 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2023 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2023; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2023 IS 'Partition of wearable_activities for 2023-01-01 to 2023-12-31.';


--
-- Name: wearable_activities_y2024; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2024 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2024 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2024; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2024 IS 'Partition of wearable_activities for 2024-01-01 to 2024-12-31.';


--
-- Name: wearable_activities_y2025; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2025 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2025 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2025; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2025 IS 'Partition of wearable_activities for 2025-01-01 to 2025-12-31.';


--
-- Name: wearable_activities_y2026; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2026 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2026 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2026; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2026 IS 'Partition of wearable_activities for 2026-01-01 to 2026-12-31.';


--
-- Name: wearable_activities_y2027; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_activities_y2027 (
    activity_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    activity_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text,
    activity_type vitalis.activity_type NOT NULL,
    activity_name text,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    duration_seconds integer,
    distance_m numeric(10,2),
    calories_kcal smallint,
    avg_hr_bpm smallint,
    max_hr_bpm smallint,
    hr_zone_1_seconds integer,
    hr_zone_2_seconds integer,
    hr_zone_3_seconds integer,
    hr_zone_4_seconds integer,
    hr_zone_5_seconds integer,
    avg_pace_sec_per_km numeric(7,2),
    avg_speed_kmh numeric(5,2),
    elevation_gain_m numeric(7,2),
    avg_power_watts smallint,
    normalized_power_watts smallint,
    training_stress_score numeric(6,1),
    training_effect_aerobic numeric(3,1),
    training_effect_anaerobic numeric(3,1),
    vo2_max_ml_kg_min numeric(4,1),
    notes text,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_activities_activity_date_window CHECK (((activity_date IS NULL) OR ((activity_date >= '2000-01-01'::date) AND (activity_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('activityDate'::text, 'activity_date'::text, 'event'::text, (activity_date)::text))),
    CONSTRAINT wearable_activities_activity_name_length CHECK (((activity_name IS NULL) OR (length(activity_name) <= 200) OR vitalis_private.refuse('activityName must be at most 200 characters'::text, 'activity_name'::text))),
    CONSTRAINT wearable_activities_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_avg_pace_sec_per_km_range CHECK (((avg_pace_sec_per_km >= 0.01) AND (avg_pace_sec_per_km <= 99999.99))),
    CONSTRAINT wearable_activities_avg_power_watts_range CHECK (((avg_power_watts >= 0) AND (avg_power_watts <= 3000))),
    CONSTRAINT wearable_activities_avg_speed_kmh_range CHECK (((avg_speed_kmh >= (0)::numeric) AND (avg_speed_kmh <= 999.99))),
    CONSTRAINT wearable_activities_calories_kcal_range CHECK (((calories_kcal >= 0) AND (calories_kcal <= 30000))),
    CONSTRAINT wearable_activities_distance_m_range CHECK (((distance_m >= (0)::numeric) AND (distance_m <= (5000000)::numeric))),
    CONSTRAINT wearable_activities_duration_seconds_range CHECK (((duration_seconds >= 0) AND (duration_seconds <= 604800))),
    CONSTRAINT wearable_activities_elevation_gain_m_range CHECK (((elevation_gain_m >= (0)::numeric) AND (elevation_gain_m <= 99999.99))),
    CONSTRAINT wearable_activities_end_after_start CHECK (((end_time IS NULL) OR (start_time IS NULL) OR (end_time >= start_time))),
    CONSTRAINT wearable_activities_end_time_window CHECK (((end_time IS NULL) OR ((end_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (end_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('endTime'::text, 'end_time'::text, 'event'::text, (end_time)::text))),
    CONSTRAINT wearable_activities_hr_zone_1_seconds_range CHECK (((hr_zone_1_seconds >= 0) AND (hr_zone_1_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_2_seconds_range CHECK (((hr_zone_2_seconds >= 0) AND (hr_zone_2_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_3_seconds_range CHECK (((hr_zone_3_seconds >= 0) AND (hr_zone_3_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_4_seconds_range CHECK (((hr_zone_4_seconds >= 0) AND (hr_zone_4_seconds <= 604800))),
    CONSTRAINT wearable_activities_hr_zone_5_seconds_range CHECK (((hr_zone_5_seconds >= 0) AND (hr_zone_5_seconds <= 604800))),
    CONSTRAINT wearable_activities_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_activities_normalized_power_watts_range CHECK (((normalized_power_watts >= 0) AND (normalized_power_watts <= 3000))),
    CONSTRAINT wearable_activities_notes_length CHECK (((notes IS NULL) OR (length(notes) <= 10000) OR vitalis_private.refuse('notes must be at most 10000 characters'::text, 'notes'::text))),
    CONSTRAINT wearable_activities_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_activities_source_activity_id_length CHECK (((source_activity_id IS NULL) OR (length(source_activity_id) <= 200) OR vitalis_private.refuse('sourceActivityId must be at most 200 characters'::text, 'source_activity_id'::text))),
    CONSTRAINT wearable_activities_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_activities_start_time_window CHECK (((start_time IS NULL) OR ((start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (start_time < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('startTime'::text, 'start_time'::text, 'event'::text, (start_time)::text))),
    CONSTRAINT wearable_activities_training_effect_aerobic_range CHECK (((training_effect_aerobic >= (0)::numeric) AND (training_effect_aerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_effect_anaerobic_range CHECK (((training_effect_anaerobic >= (0)::numeric) AND (training_effect_anaerobic <= (5)::numeric))),
    CONSTRAINT wearable_activities_training_stress_score_range CHECK (((training_stress_score >= (0)::numeric) AND (training_stress_score <= 99999.9))),
    CONSTRAINT wearable_activities_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_activities_y2027 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_activities_y2027; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_activities_y2027 IS 'Partition of wearable_activities for 2027-01-01 to 2027-12-31.';


--
-- Name: wearable_daily_y2020; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2020 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2020 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2020; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2020 IS 'Partition of wearable_daily for 2020-01-01 to 2020-12-31.';


--
-- Name: wearable_daily_y2021; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2021 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2021 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2021; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2021 IS 'Partition of wearable_daily for 2021-01-01 to 2021-12-31.';


--
-- Name: wearable_daily_y2022; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2022 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2022 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2022; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2022 IS 'Partition of wearable_daily for 2022-01-01 to 2022-12-31.';


--
-- Name: wearable_daily_y2023; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2023 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2023 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2023; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2023 IS 'Partition of wearable_daily for 2023-01-01 to 2023-12-31.';


--
-- Name: wearable_daily_y2024; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2024 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2024 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2024; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2024 IS 'Partition of wearable_daily for 2024-01-01 to 2024-12-31.';


--
-- Name: wearable_daily_y2025; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2025 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2025 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2025; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2025 IS 'Partition of wearable_daily for 2025-01-01 to 2025-12-31.';


--
-- Name: wearable_daily_y2026; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2026 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2026 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2026; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2026 IS 'Partition of wearable_daily for 2026-01-01 to 2026-12-31.';


--
-- Name: wearable_daily_y2027; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_daily_y2027 (
    daily_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    date date NOT NULL,
    source vitalis.data_source NOT NULL,
    resting_hr_bpm smallint,
    max_hr_bpm smallint,
    hrv_rmssd_ms numeric(6,2),
    steps integer,
    active_calories_kcal smallint,
    total_calories_kcal smallint,
    active_minutes smallint,
    moderate_intensity_minutes smallint,
    vigorous_intensity_minutes smallint,
    distance_m integer,
    floors_climbed smallint,
    spo2_avg_pct numeric(4,1),
    spo2_min_pct numeric(4,1),
    respiratory_rate_avg numeric(4,1),
    stress_avg smallint,
    body_battery_start smallint,
    body_battery_end smallint,
    readiness_score smallint,
    recovery_score smallint,
    skin_temp_deviation_c numeric(4,2),
    vo2_max_ml_kg_min numeric(4,1),
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT wearable_daily_active_calories_kcal_range CHECK (((active_calories_kcal >= 0) AND (active_calories_kcal <= 15000))),
    CONSTRAINT wearable_daily_active_minutes_range CHECK (((active_minutes >= 0) AND (active_minutes <= 1440))),
    CONSTRAINT wearable_daily_body_battery_end_range CHECK (((body_battery_end >= 0) AND (body_battery_end <= 100))),
    CONSTRAINT wearable_daily_body_battery_start_range CHECK (((body_battery_start >= 0) AND (body_battery_start <= 100))),
    CONSTRAINT wearable_daily_date_window CHECK (((date IS NULL) OR ((date >= '2000-01-01'::date) AND (date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('date'::text, 'date'::text, 'event'::text, (date)::text))),
    CONSTRAINT wearable_daily_distance_m_range CHECK (((distance_m >= 0) AND (distance_m <= 500000))),
    CONSTRAINT wearable_daily_floors_climbed_range CHECK (((floors_climbed >= 0) AND (floors_climbed <= 2000))),
    CONSTRAINT wearable_daily_hrv_rmssd_ms_range CHECK (((hrv_rmssd_ms >= (1)::numeric) AND (hrv_rmssd_ms <= (300)::numeric))),
    CONSTRAINT wearable_daily_max_hr_bpm_range CHECK (((max_hr_bpm >= 20) AND (max_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_moderate_intensity_minutes_range CHECK (((moderate_intensity_minutes >= 0) AND (moderate_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_daily_readiness_score_range CHECK (((readiness_score >= 0) AND (readiness_score <= 100))),
    CONSTRAINT wearable_daily_recovery_score_range CHECK (((recovery_score >= 0) AND (recovery_score <= 100))),
    CONSTRAINT wearable_daily_respiratory_rate_avg_range CHECK (((respiratory_rate_avg >= (4)::numeric) AND (respiratory_rate_avg <= (60)::numeric))),
    CONSTRAINT wearable_daily_resting_hr_bpm_range CHECK (((resting_hr_bpm >= 20) AND (resting_hr_bpm <= 300))),
    CONSTRAINT wearable_daily_skin_temp_deviation_c_range CHECK (((skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_daily_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_daily_spo2_avg_pct_range CHECK (((spo2_avg_pct >= (70)::numeric) AND (spo2_avg_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_spo2_min_pct_range CHECK (((spo2_min_pct >= (50)::numeric) AND (spo2_min_pct <= (100)::numeric))),
    CONSTRAINT wearable_daily_steps_range CHECK (((steps >= 0) AND (steps <= 100000))),
    CONSTRAINT wearable_daily_stress_avg_range CHECK (((stress_avg >= 0) AND (stress_avg <= 100))),
    CONSTRAINT wearable_daily_total_calories_kcal_range CHECK (((total_calories_kcal >= 0) AND (total_calories_kcal <= 20000))),
    CONSTRAINT wearable_daily_vigorous_intensity_minutes_range CHECK (((vigorous_intensity_minutes >= 0) AND (vigorous_intensity_minutes <= 1440))),
    CONSTRAINT wearable_daily_vo2_max_ml_kg_min_range CHECK (((vo2_max_ml_kg_min >= (10)::numeric) AND (vo2_max_ml_kg_min <= (100)::numeric)))
);


ALTER TABLE vitalis.wearable_daily_y2027 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_daily_y2027; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_daily_y2027 IS 'Partition of wearable_daily for 2027-01-01 to 2027-12-31.';


--
-- Name: wearable_sleep_y2020; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2020 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2020 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2020; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2020 IS 'Partition of wearable_sleep for 2020-01-01 to 2020-12-31.';


--
-- Name: wearable_sleep_y2021; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2021 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2021 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2021; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2021 IS 'Partition of wearable_sleep for 2021-01-01 to 2021-12-31.';


--
-- Name: wearable_sleep_y2022; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2022 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2022 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2022; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2022 IS 'Partition of wearable_sleep for 2022-01-01 to 2022-12-31.';


--
-- Name: wearable_sleep_y2023; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2023 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2023 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2023; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2023 IS 'Partition of wearable_sleep for 2023-01-01 to 2023-12-31.';


--
-- Name: wearable_sleep_y2024; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2024 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2024 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2024; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2024 IS 'Partition of wearable_sleep for 2024-01-01 to 2024-12-31.';


--
-- Name: wearable_sleep_y2025; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2025 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2025 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2025; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2025 IS 'Partition of wearable_sleep for 2025-01-01 to 2025-12-31.';


--
-- Name: wearable_sleep_y2026; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2026 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2026 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2026; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2026 IS 'Partition of wearable_sleep for 2026-01-01 to 2026-12-31.';


--
-- Name: wearable_sleep_y2027; Type: TABLE; Schema: vitalis; Owner: vitalis_owner
--

CREATE TABLE vitalis.wearable_sleep_y2027 (
    sleep_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT vitalis.current_user_id() NOT NULL,
    sleep_date date NOT NULL,
    source vitalis.data_source NOT NULL,
    sleep_start timestamp with time zone,
    sleep_end timestamp with time zone,
    total_sleep_minutes smallint,
    rem_minutes smallint,
    deep_minutes smallint,
    light_minutes smallint,
    awake_minutes smallint,
    sleep_latency_minutes smallint,
    sleep_efficiency_pct numeric(4,1),
    sleep_score smallint,
    interruptions smallint,
    avg_hr_bpm smallint,
    min_hr_bpm smallint,
    avg_hrv_ms numeric(6,2),
    avg_respiratory_rate numeric(4,1),
    avg_spo2_pct numeric(4,1),
    avg_skin_temp_deviation_c numeric(4,2),
    hypnogram jsonb,
    raw_data jsonb,
    source_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    nap_minutes integer,
    nap_count smallint,
    CONSTRAINT wearable_sleep_avg_hr_bpm_range CHECK (((avg_hr_bpm >= 20) AND (avg_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_avg_hrv_ms_range CHECK (((avg_hrv_ms >= (1)::numeric) AND (avg_hrv_ms <= (300)::numeric))),
    CONSTRAINT wearable_sleep_avg_respiratory_rate_range CHECK (((avg_respiratory_rate >= (4)::numeric) AND (avg_respiratory_rate <= (60)::numeric))),
    CONSTRAINT wearable_sleep_avg_skin_temp_deviation_c_range CHECK (((avg_skin_temp_deviation_c >= ('-10'::integer)::numeric) AND (avg_skin_temp_deviation_c <= (10)::numeric))),
    CONSTRAINT wearable_sleep_avg_spo2_pct_range CHECK (((avg_spo2_pct >= (70)::numeric) AND (avg_spo2_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_awake_minutes_range CHECK (((awake_minutes >= 0) AND (awake_minutes <= 1440))),
    CONSTRAINT wearable_sleep_deep_minutes_range CHECK (((deep_minutes >= 0) AND (deep_minutes <= 1440))),
    CONSTRAINT wearable_sleep_end_after_start CHECK (((sleep_end IS NULL) OR (sleep_start IS NULL) OR (sleep_end > sleep_start))),
    CONSTRAINT wearable_sleep_hypnogram_check CHECK (((hypnogram IS NULL) OR (jsonb_typeof(hypnogram) = 'array'::text))),
    CONSTRAINT wearable_sleep_hypnogram_size CHECK (((hypnogram IS NULL) OR (octet_length((hypnogram)::text) <= 524288) OR vitalis_private.refuse('hypnogram must be at most 512 KB of JSON'::text, 'hypnogram'::text))),
    CONSTRAINT wearable_sleep_interruptions_range CHECK (((interruptions >= 0) AND (interruptions <= 500))),
    CONSTRAINT wearable_sleep_light_minutes_range CHECK (((light_minutes >= 0) AND (light_minutes <= 1440))),
    CONSTRAINT wearable_sleep_min_hr_bpm_range CHECK (((min_hr_bpm >= 20) AND (min_hr_bpm <= 300))),
    CONSTRAINT wearable_sleep_nap_count_range CHECK (((nap_count >= 0) AND (nap_count <= 48))),
    CONSTRAINT wearable_sleep_nap_minutes_range CHECK (((nap_minutes >= 0) AND (nap_minutes <= 1440))),
    CONSTRAINT wearable_sleep_raw_data_size CHECK (((raw_data IS NULL) OR (octet_length((raw_data)::text) <= 524288) OR vitalis_private.refuse('rawData must be at most 512 KB of JSON'::text, 'raw_data'::text))),
    CONSTRAINT wearable_sleep_rem_minutes_range CHECK (((rem_minutes >= 0) AND (rem_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_date_window CHECK (((sleep_date IS NULL) OR ((sleep_date >= '2000-01-01'::date) AND (sleep_date < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepDate'::text, 'sleep_date'::text, 'event'::text, (sleep_date)::text))),
    CONSTRAINT wearable_sleep_sleep_efficiency_pct_range CHECK (((sleep_efficiency_pct >= (0)::numeric) AND (sleep_efficiency_pct <= (100)::numeric))),
    CONSTRAINT wearable_sleep_sleep_end_window CHECK (((sleep_end IS NULL) OR ((sleep_end >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_end < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepEnd'::text, 'sleep_end'::text, 'event'::text, (sleep_end)::text))),
    CONSTRAINT wearable_sleep_sleep_latency_minutes_range CHECK (((sleep_latency_minutes >= 0) AND (sleep_latency_minutes <= 1440))),
    CONSTRAINT wearable_sleep_sleep_score_range CHECK (((sleep_score >= 0) AND (sleep_score <= 100))),
    CONSTRAINT wearable_sleep_sleep_start_window CHECK (((sleep_start IS NULL) OR ((sleep_start >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (sleep_start < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sleepStart'::text, 'sleep_start'::text, 'event'::text, (sleep_start)::text))),
    CONSTRAINT wearable_sleep_source_updated_at_window CHECK (((source_updated_at IS NULL) OR ((source_updated_at >= '2000-01-01 00:00:00+00'::timestamp with time zone) AND (source_updated_at < vitalis_private.date_window_end('event'::text))) OR vitalis_private.refuse_date('sourceUpdatedAt'::text, 'source_updated_at'::text, 'event'::text, (source_updated_at)::text))),
    CONSTRAINT wearable_sleep_total_sleep_minutes_range CHECK (((total_sleep_minutes >= 0) AND (total_sleep_minutes <= 1440)))
);


ALTER TABLE vitalis.wearable_sleep_y2027 OWNER TO vitalis_owner;

--
-- Name: TABLE wearable_sleep_y2027; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis.wearable_sleep_y2027 IS 'Partition of wearable_sleep for 2027-01-01 to 2027-12-31.';


--
-- Name: activity_source_keys; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.activity_source_keys (
    user_id uuid NOT NULL,
    source vitalis.data_source NOT NULL,
    source_activity_id text NOT NULL,
    activity_id uuid NOT NULL
);


ALTER TABLE vitalis_private.activity_source_keys OWNER TO vitalis_owner;

--
-- Name: TABLE activity_source_keys; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.activity_source_keys IS 'Enforces wearable_activities (user_id, source, source_activity_id) uniqueness across partitions.';


--
-- Name: analytics_salt; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.analytics_salt (
    singleton boolean DEFAULT true NOT NULL,
    salt text DEFAULT encode(public.gen_random_bytes(32), 'hex'::text) NOT NULL,
    CONSTRAINT analytics_salt_singleton_check CHECK (singleton)
);


ALTER TABLE vitalis_private.analytics_salt OWNER TO vitalis_owner;

--
-- Name: auth_rate_events; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.auth_rate_events (
    event_id bigint NOT NULL,
    action text NOT NULL,
    address text,
    ip_bucket inet,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT auth_rate_events_action CHECK ((action = ANY (ARRAY['register'::text, 'password_reset'::text, 'verify_email'::text])))
);


ALTER TABLE vitalis_private.auth_rate_events OWNER TO vitalis_owner;

--
-- Name: TABLE auth_rate_events; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.auth_rate_events IS 'One row per accepted request that sends mail or creates an account, for limits per target address and per client IP across API processes. Refused requests are not recorded, so the table holds at most the allowed volume; rows older than the window (at least a day) are pruned as requests arrive.';


--
-- Name: COLUMN auth_rate_events.address; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.auth_rate_events.address IS 'The target email address, trimmed and lowercased, whether or not an account has it.';


--
-- Name: COLUMN auth_rate_events.ip_bucket; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.auth_rate_events.ip_bucket IS 'vitalis_private.auth_ip_bucket of the client IP.';


--
-- Name: auth_rate_events_event_id_seq; Type: SEQUENCE; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE vitalis_private.auth_rate_events ALTER COLUMN event_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vitalis_private.auth_rate_events_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: device_tokens; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.device_tokens (
    device_id uuid NOT NULL,
    access_token_enc text,
    refresh_token_enc text
);


ALTER TABLE vitalis_private.device_tokens OWNER TO vitalis_owner;

--
-- Name: TABLE device_tokens; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.device_tokens IS 'A provider connection''s encrypted tokens; no row once disconnected. Reached through save_device_connection, disconnect_device, read_device_tokens and write_device_tokens only.';


--
-- Name: COLUMN device_tokens.device_id; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.device_tokens.device_id IS 'The connection (vitalis.connected_devices); the row goes with it.';


--
-- Name: COLUMN device_tokens.access_token_enc; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.device_tokens.access_token_enc IS 'AES-256-GCM ciphertext with key version prefix. The column name is part of the associated data (src/providers/engine/tokenCrypto.ts): renaming it would make every stored token undecryptable.';


--
-- Name: COLUMN device_tokens.refresh_token_enc; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.device_tokens.refresh_token_enc IS 'AES-256-GCM ciphertext with key version prefix; associated data as for access_token_enc.';


--
-- Name: email_tokens; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.email_tokens (
    token_hash bytea NOT NULL,
    user_id uuid NOT NULL,
    purpose text NOT NULL,
    email text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT email_tokens_purpose_check CHECK ((purpose = ANY (ARRAY['verify_email'::text, 'password_reset'::text]))),
    CONSTRAINT email_tokens_token_hash_check CHECK ((length(token_hash) = 32))
);


ALTER TABLE vitalis_private.email_tokens OWNER TO vitalis_owner;

--
-- Name: TABLE email_tokens; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.email_tokens IS 'Single-use tokens sent by email (verification, password reset), stored as sha256 hashes.';


--
-- Name: household_gate_key; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.household_gate_key (
    singleton boolean DEFAULT true NOT NULL,
    key text DEFAULT encode(public.gen_random_bytes(32), 'hex'::text) NOT NULL,
    CONSTRAINT household_gate_key_singleton_check CHECK (singleton)
);


ALTER TABLE vitalis_private.household_gate_key OWNER TO vitalis_owner;

--
-- Name: TABLE household_gate_key; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.household_gate_key IS 'Secret that opens the household_internal policies for the household functions; never granted to anyone.';


--
-- Name: login_attempts; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.login_attempts (
    attempt_id bigint NOT NULL,
    email text NOT NULL,
    ip_address inet,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE vitalis_private.login_attempts OWNER TO vitalis_owner;

--
-- Name: TABLE login_attempts; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.login_attempts IS 'Failed password logins, for rate limiting per account (email) and per IP across processes. A successful login deletes the account''s rows; rows older than a day are pruned on each attempt.';


--
-- Name: login_attempts_attempt_id_seq; Type: SEQUENCE; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE vitalis_private.login_attempts ALTER COLUMN attempt_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME vitalis_private.login_attempts_attempt_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: login_known_sources; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.login_known_sources (
    user_id uuid NOT NULL,
    ip_bucket inet NOT NULL,
    last_success_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE vitalis_private.login_known_sources OWNER TO vitalis_owner;

--
-- Name: TABLE login_known_sources; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.login_known_sources IS 'IPs (auth_ip_bucket) a user signed in from with the right password in the last 90 days. Logins from them skip the per-IP limit and the account throttle, so an attacker elsewhere cannot keep the owner out; a source that reaches the per-pair failure limit is forgotten.';


--
-- Name: oauth_identity_tokens; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.oauth_identity_tokens (
    identity_id uuid NOT NULL,
    access_token_enc text,
    refresh_token_enc text
);


ALTER TABLE vitalis_private.oauth_identity_tokens OWNER TO vitalis_owner;

--
-- Name: TABLE oauth_identity_tokens; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.oauth_identity_tokens IS 'Tokens a Google or Apple sign-in returned, kept apart from vitalis.oauth_identities so no application role can read them.';


--
-- Name: COLUMN oauth_identity_tokens.identity_id; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.oauth_identity_tokens.identity_id IS 'The sign-in identity (vitalis.oauth_identities); the row goes with it.';


--
-- Name: COLUMN oauth_identity_tokens.access_token_enc; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.oauth_identity_tokens.access_token_enc IS 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';


--
-- Name: COLUMN oauth_identity_tokens.refresh_token_enc; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.oauth_identity_tokens.refresh_token_enc IS 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';


--
-- Name: provider_oauth_states; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.provider_oauth_states (
    state_hash bytea NOT NULL,
    user_id uuid NOT NULL,
    source vitalis.data_source NOT NULL,
    code_verifier text,
    redirect_uri text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone DEFAULT (now() + '00:10:00'::interval) NOT NULL,
    consumed_at timestamp with time zone,
    return_to text,
    CONSTRAINT provider_oauth_states_code_verifier_check CHECK (((length(code_verifier) >= 43) AND (length(code_verifier) <= 128))),
    CONSTRAINT provider_oauth_states_state_hash_check CHECK ((length(state_hash) = 32))
);


ALTER TABLE vitalis_private.provider_oauth_states OWNER TO vitalis_owner;

--
-- Name: TABLE provider_oauth_states; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.provider_oauth_states IS 'One row per provider connect in progress: the OAuth state (sha256 only), who started it, the PKCE code_verifier and redirect_uri. Single use (consumed_at), valid 10 minutes; rows older than a day are pruned whenever a state is created.';


--
-- Name: COLUMN provider_oauth_states.state_hash; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.provider_oauth_states.state_hash IS 'sha256 of the state parameter; the state itself is never stored.';


--
-- Name: COLUMN provider_oauth_states.code_verifier; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.provider_oauth_states.code_verifier IS 'PKCE code_verifier (RFC 7636) for providers that support it; useless without the authorization code, which only the provider''s redirect carries.';


--
-- Name: COLUMN provider_oauth_states.consumed_at; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.provider_oauth_states.consumed_at IS 'When the callback used the state; a second use is refused as reused.';


--
-- Name: COLUMN provider_oauth_states.return_to; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.provider_oauth_states.return_to IS 'Where the callback sends the browser afterwards (an app address the connect request named, checked against the allowed origins); NULL answers JSON.';


--
-- Name: sessions; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.sessions (
    session_id uuid DEFAULT gen_random_uuid() NOT NULL,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL,
    refresh_token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    revoked_reason text,
    ip_address inet,
    user_agent text,
    rotated_from uuid,
    CONSTRAINT sessions_refresh_token_hash_check CHECK ((length(refresh_token_hash) = 32)),
    CONSTRAINT sessions_revoked_reason_check CHECK ((revoked_reason = ANY (ARRAY['logout'::text, 'rotated'::text, 'refresh_token_reuse'::text, 'password_changed'::text, 'password_reset'::text, 'user_deleted'::text]))),
    CONSTRAINT sessions_revoked_with_reason CHECK (((revoked_at IS NULL) = (revoked_reason IS NULL)))
);


ALTER TABLE vitalis_private.sessions OWNER TO vitalis_owner;

--
-- Name: TABLE sessions; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.sessions IS 'One row per refresh token. An access token (JWT) names its session in `sid` and is accepted only while that row is live (not revoked, not expired). Refreshing revokes the row and creates its successor (rotated_from) in the same family.';


--
-- Name: COLUMN sessions.refresh_token_hash; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.sessions.refresh_token_hash IS 'sha256 of the refresh token; the token itself is never stored.';


--
-- Name: user_passwords; Type: TABLE; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE TABLE vitalis_private.user_passwords (
    user_id uuid NOT NULL,
    password_hash text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE vitalis_private.user_passwords OWNER TO vitalis_owner;

--
-- Name: TABLE user_passwords; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON TABLE vitalis_private.user_passwords IS 'A user''s bcrypt password hash; no row for accounts that only sign in with Google or Apple. Read and written only by the vitalis_private.auth_* functions.';


--
-- Name: COLUMN user_passwords.user_id; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.user_passwords.user_id IS 'The user (vitalis.users); the row goes with them.';


--
-- Name: COLUMN user_passwords.password_hash; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.user_passwords.password_hash IS 'bcrypt hash (pgcrypto crypt with gen_salt(''bf'', 11)).';


--
-- Name: COLUMN user_passwords.updated_at; Type: COMMENT; Schema: vitalis_private; Owner: vitalis_owner
--

COMMENT ON COLUMN vitalis_private.user_passwords.updated_at IS 'When the password was last set (register, change, reset).';


--
-- Name: audit_log_2026q4; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log ATTACH PARTITION vitalis.audit_log_2026q4 FOR VALUES FROM ('2026-10-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');


--
-- Name: audit_log_2027q1; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log ATTACH PARTITION vitalis.audit_log_2027q1 FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-04-01 00:00:00+00');


--
-- Name: audit_log_2027q2; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log ATTACH PARTITION vitalis.audit_log_2027q2 FOR VALUES FROM ('2027-04-01 00:00:00+00') TO ('2027-07-01 00:00:00+00');


--
-- Name: audit_log_2027q3; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log ATTACH PARTITION vitalis.audit_log_2027q3 FOR VALUES FROM ('2027-07-01 00:00:00+00') TO ('2027-10-01 00:00:00+00');


--
-- Name: audit_log_2027q4; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log ATTACH PARTITION vitalis.audit_log_2027q4 FOR VALUES FROM ('2027-10-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');


--
-- Name: wearable_activities_y2020; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');


--
-- Name: wearable_activities_y2021; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');


--
-- Name: wearable_activities_y2022; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');


--
-- Name: wearable_activities_y2023; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: wearable_activities_y2024; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: wearable_activities_y2025; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


--
-- Name: wearable_activities_y2026; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');


--
-- Name: wearable_activities_y2027; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities ATTACH PARTITION vitalis.wearable_activities_y2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');


--
-- Name: wearable_daily_y2020; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');


--
-- Name: wearable_daily_y2021; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');


--
-- Name: wearable_daily_y2022; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');


--
-- Name: wearable_daily_y2023; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: wearable_daily_y2024; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: wearable_daily_y2025; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


--
-- Name: wearable_daily_y2026; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');


--
-- Name: wearable_daily_y2027; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily ATTACH PARTITION vitalis.wearable_daily_y2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');


--
-- Name: wearable_sleep_y2020; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');


--
-- Name: wearable_sleep_y2021; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');


--
-- Name: wearable_sleep_y2022; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');


--
-- Name: wearable_sleep_y2023; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: wearable_sleep_y2024; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: wearable_sleep_y2025; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


--
-- Name: wearable_sleep_y2026; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');


--
-- Name: wearable_sleep_y2027; Type: TABLE ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep ATTACH PARTITION vitalis.wearable_sleep_y2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');


--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (account_id);


--
-- Name: accounts accounts_stripe_customer_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.accounts
    ADD CONSTRAINT accounts_stripe_customer_id_key UNIQUE (stripe_customer_id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (audit_id, created_at);


--
-- Name: audit_log_2026q4 audit_log_2026q4_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log_2026q4
    ADD CONSTRAINT audit_log_2026q4_pkey PRIMARY KEY (audit_id, created_at);


--
-- Name: audit_log_2027q1 audit_log_2027q1_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log_2027q1
    ADD CONSTRAINT audit_log_2027q1_pkey PRIMARY KEY (audit_id, created_at);


--
-- Name: audit_log_2027q2 audit_log_2027q2_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log_2027q2
    ADD CONSTRAINT audit_log_2027q2_pkey PRIMARY KEY (audit_id, created_at);


--
-- Name: audit_log_2027q3 audit_log_2027q3_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log_2027q3
    ADD CONSTRAINT audit_log_2027q3_pkey PRIMARY KEY (audit_id, created_at);


--
-- Name: audit_log_2027q4 audit_log_2027q4_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.audit_log_2027q4
    ADD CONSTRAINT audit_log_2027q4_pkey PRIMARY KEY (audit_id, created_at);


--
-- Name: biomarker_dictionary biomarker_dictionary_canonical_name_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.biomarker_dictionary
    ADD CONSTRAINT biomarker_dictionary_canonical_name_key UNIQUE (canonical_name);


--
-- Name: biomarker_dictionary biomarker_dictionary_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.biomarker_dictionary
    ADD CONSTRAINT biomarker_dictionary_pkey PRIMARY KEY (biomarker_id);


--
-- Name: blood_markers blood_markers_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_markers
    ADD CONSTRAINT blood_markers_pkey PRIMARY KEY (marker_id);


--
-- Name: blood_panels blood_panels_panel_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_panels
    ADD CONSTRAINT blood_panels_panel_id_user_id_key UNIQUE (panel_id, user_id);


--
-- Name: blood_panels blood_panels_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_panels
    ADD CONSTRAINT blood_panels_pkey PRIMARY KEY (panel_id);


--
-- Name: connected_devices connected_devices_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.connected_devices
    ADD CONSTRAINT connected_devices_pkey PRIMARY KEY (device_id);


--
-- Name: connected_devices connected_devices_user_id_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.connected_devices
    ADD CONSTRAINT connected_devices_user_id_source_key UNIQUE (user_id, source);


--
-- Name: custom_metric_entries custom_metric_entries_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metric_entries
    ADD CONSTRAINT custom_metric_entries_pkey PRIMARY KEY (entry_id);


--
-- Name: custom_metrics custom_metrics_metric_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metrics
    ADD CONSTRAINT custom_metrics_metric_id_user_id_key UNIQUE (metric_id, user_id);


--
-- Name: custom_metrics custom_metrics_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metrics
    ADD CONSTRAINT custom_metrics_pkey PRIMARY KEY (metric_id);


--
-- Name: custom_metrics custom_metrics_user_id_name_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metrics
    ADD CONSTRAINT custom_metrics_user_id_name_key UNIQUE (user_id, name);


--
-- Name: data_export_requests data_export_requests_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.data_export_requests
    ADD CONSTRAINT data_export_requests_pkey PRIMARY KEY (export_id);


--
-- Name: deletion_requests deletion_requests_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.deletion_requests
    ADD CONSTRAINT deletion_requests_pkey PRIMARY KEY (request_id);


--
-- Name: dexa_bone_density dexa_bone_density_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_bone_density
    ADD CONSTRAINT dexa_bone_density_pkey PRIMARY KEY (density_id);


--
-- Name: dexa_bone_density dexa_bone_density_scan_id_region_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_bone_density
    ADD CONSTRAINT dexa_bone_density_scan_id_region_key UNIQUE (scan_id, region);


--
-- Name: dexa_regions dexa_regions_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_regions
    ADD CONSTRAINT dexa_regions_pkey PRIMARY KEY (region_id);


--
-- Name: dexa_regions dexa_regions_scan_id_region_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_regions
    ADD CONSTRAINT dexa_regions_scan_id_region_key UNIQUE (scan_id, region);


--
-- Name: dexa_scans dexa_scans_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_scans
    ADD CONSTRAINT dexa_scans_pkey PRIMARY KEY (scan_id);


--
-- Name: dexa_scans dexa_scans_scan_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_scans
    ADD CONSTRAINT dexa_scans_scan_id_user_id_key UNIQUE (scan_id, user_id);


--
-- Name: doctor_visit_panels doctor_visit_panels_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visit_panels
    ADD CONSTRAINT doctor_visit_panels_pkey PRIMARY KEY (visit_id, panel_id);


--
-- Name: doctor_visits doctor_visits_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visits
    ADD CONSTRAINT doctor_visits_pkey PRIMARY KEY (visit_id);


--
-- Name: doctor_visits doctor_visits_visit_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visits
    ADD CONSTRAINT doctor_visits_visit_id_user_id_key UNIQUE (visit_id, user_id);


--
-- Name: documents documents_document_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.documents
    ADD CONSTRAINT documents_document_id_user_id_key UNIQUE (document_id, user_id);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (document_id);


--
-- Name: epigenetic_organ_ages epigenetic_organ_ages_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_organ_ages
    ADD CONSTRAINT epigenetic_organ_ages_pkey PRIMARY KEY (organ_age_id);


--
-- Name: epigenetic_organ_ages epigenetic_organ_ages_test_id_organ_system_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_organ_ages
    ADD CONSTRAINT epigenetic_organ_ages_test_id_organ_system_key UNIQUE (test_id, organ_system);


--
-- Name: epigenetic_tests epigenetic_tests_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_tests
    ADD CONSTRAINT epigenetic_tests_pkey PRIMARY KEY (test_id);


--
-- Name: epigenetic_tests epigenetic_tests_test_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_tests
    ADD CONSTRAINT epigenetic_tests_test_id_user_id_key UNIQUE (test_id, user_id);


--
-- Name: exercise_dictionary exercise_dictionary_canonical_name_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.exercise_dictionary
    ADD CONSTRAINT exercise_dictionary_canonical_name_key UNIQUE (canonical_name);


--
-- Name: exercise_dictionary exercise_dictionary_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.exercise_dictionary
    ADD CONSTRAINT exercise_dictionary_pkey PRIMARY KEY (exercise_id);


--
-- Name: goal_alerts goal_alerts_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goal_alerts
    ADD CONSTRAINT goal_alerts_pkey PRIMARY KEY (alert_id);


--
-- Name: goals goals_goal_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goals
    ADD CONSTRAINT goals_goal_id_user_id_key UNIQUE (goal_id, user_id);


--
-- Name: goals goals_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goals
    ADD CONSTRAINT goals_pkey PRIMARY KEY (goal_id);


--
-- Name: household_invites household_invites_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.household_invites
    ADD CONSTRAINT household_invites_pkey PRIMARY KEY (invite_id);


--
-- Name: household_invites household_invites_token_hash_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.household_invites
    ADD CONSTRAINT household_invites_token_hash_key UNIQUE (token_hash);


--
-- Name: ingestion_jobs ingestion_jobs_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.ingestion_jobs
    ADD CONSTRAINT ingestion_jobs_pkey PRIMARY KEY (job_id);


--
-- Name: insights insights_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.insights
    ADD CONSTRAINT insights_pkey PRIMARY KEY (insight_id);


--
-- Name: lifting_sessions lifting_sessions_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sessions
    ADD CONSTRAINT lifting_sessions_pkey PRIMARY KEY (session_id);


--
-- Name: lifting_sessions lifting_sessions_session_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sessions
    ADD CONSTRAINT lifting_sessions_session_id_user_id_key UNIQUE (session_id, user_id);


--
-- Name: lifting_sets lifting_sets_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sets
    ADD CONSTRAINT lifting_sets_pkey PRIMARY KEY (set_id);


--
-- Name: measurements measurements_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.measurements
    ADD CONSTRAINT measurements_pkey PRIMARY KEY (measurement_id);


--
-- Name: menstrual_cycles menstrual_cycles_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.menstrual_cycles
    ADD CONSTRAINT menstrual_cycles_pkey PRIMARY KEY (cycle_id);


--
-- Name: menstrual_cycles menstrual_cycles_user_id_cycle_date_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.menstrual_cycles
    ADD CONSTRAINT menstrual_cycles_user_id_cycle_date_key UNIQUE (user_id, cycle_date);


--
-- Name: mood_journal mood_journal_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.mood_journal
    ADD CONSTRAINT mood_journal_pkey PRIMARY KEY (journal_id);


--
-- Name: mood_journal mood_journal_user_id_journal_date_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.mood_journal
    ADD CONSTRAINT mood_journal_user_id_journal_date_key UNIQUE (user_id, journal_date);


--
-- Name: nutrition_logs nutrition_logs_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.nutrition_logs
    ADD CONSTRAINT nutrition_logs_pkey PRIMARY KEY (nutrition_id);


--
-- Name: oauth_identities oauth_identities_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.oauth_identities
    ADD CONSTRAINT oauth_identities_pkey PRIMARY KEY (identity_id);


--
-- Name: oauth_identities oauth_identities_provider_provider_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.oauth_identities
    ADD CONSTRAINT oauth_identities_provider_provider_user_id_key UNIQUE (provider, provider_user_id);


--
-- Name: photos photos_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.photos
    ADD CONSTRAINT photos_pkey PRIMARY KEY (photo_id);


--
-- Name: profile_shares profile_shares_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.profile_shares
    ADD CONSTRAINT profile_shares_pkey PRIMARY KEY (share_id);


--
-- Name: supplement_logs supplement_logs_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.supplement_logs
    ADD CONSTRAINT supplement_logs_pkey PRIMARY KEY (log_id);


--
-- Name: supplements supplements_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.supplements
    ADD CONSTRAINT supplements_pkey PRIMARY KEY (supplement_id);


--
-- Name: supplements supplements_supplement_id_user_id_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.supplements
    ADD CONSTRAINT supplements_supplement_id_user_id_key UNIQUE (supplement_id, user_id);


--
-- Name: unit_conversions unit_conversions_biomarker_id_from_unit_to_unit_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.unit_conversions
    ADD CONSTRAINT unit_conversions_biomarker_id_from_unit_to_unit_key UNIQUE NULLS NOT DISTINCT (biomarker_id, from_unit, to_unit);


--
-- Name: unit_conversions unit_conversions_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.unit_conversions
    ADD CONSTRAINT unit_conversions_pkey PRIMARY KEY (conversion_id);


--
-- Name: user_preferences user_preferences_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.user_preferences
    ADD CONSTRAINT user_preferences_pkey PRIMARY KEY (user_id);


--
-- Name: user_timezones user_timezones_no_overlap; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.user_timezones
    ADD CONSTRAINT user_timezones_no_overlap EXCLUDE USING gist (user_id WITH =, tstzrange(valid_from, valid_to) WITH &&);


--
-- Name: user_timezones user_timezones_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.user_timezones
    ADD CONSTRAINT user_timezones_pkey PRIMARY KEY (timezone_id);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (user_id);


--
-- Name: wearable_activities wearable_activities_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities
    ADD CONSTRAINT wearable_activities_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2020 wearable_activities_y2020_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2020
    ADD CONSTRAINT wearable_activities_y2020_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2021 wearable_activities_y2021_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2021
    ADD CONSTRAINT wearable_activities_y2021_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2022 wearable_activities_y2022_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2022
    ADD CONSTRAINT wearable_activities_y2022_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2023 wearable_activities_y2023_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2023
    ADD CONSTRAINT wearable_activities_y2023_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2024 wearable_activities_y2024_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2024
    ADD CONSTRAINT wearable_activities_y2024_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2025 wearable_activities_y2025_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2025
    ADD CONSTRAINT wearable_activities_y2025_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2026 wearable_activities_y2026_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2026
    ADD CONSTRAINT wearable_activities_y2026_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_activities_y2027 wearable_activities_y2027_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_activities_y2027
    ADD CONSTRAINT wearable_activities_y2027_pkey PRIMARY KEY (activity_id, activity_date);


--
-- Name: wearable_daily wearable_daily_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily
    ADD CONSTRAINT wearable_daily_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily wearable_daily_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily
    ADD CONSTRAINT wearable_daily_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2020 wearable_daily_y2020_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2020
    ADD CONSTRAINT wearable_daily_y2020_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2020 wearable_daily_y2020_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2020
    ADD CONSTRAINT wearable_daily_y2020_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2021 wearable_daily_y2021_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2021
    ADD CONSTRAINT wearable_daily_y2021_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2021 wearable_daily_y2021_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2021
    ADD CONSTRAINT wearable_daily_y2021_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2022 wearable_daily_y2022_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2022
    ADD CONSTRAINT wearable_daily_y2022_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2022 wearable_daily_y2022_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2022
    ADD CONSTRAINT wearable_daily_y2022_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2023 wearable_daily_y2023_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2023
    ADD CONSTRAINT wearable_daily_y2023_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2023 wearable_daily_y2023_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2023
    ADD CONSTRAINT wearable_daily_y2023_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2024 wearable_daily_y2024_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2024
    ADD CONSTRAINT wearable_daily_y2024_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2024 wearable_daily_y2024_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2024
    ADD CONSTRAINT wearable_daily_y2024_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2025 wearable_daily_y2025_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2025
    ADD CONSTRAINT wearable_daily_y2025_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2025 wearable_daily_y2025_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2025
    ADD CONSTRAINT wearable_daily_y2025_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2026 wearable_daily_y2026_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2026
    ADD CONSTRAINT wearable_daily_y2026_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2026 wearable_daily_y2026_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2026
    ADD CONSTRAINT wearable_daily_y2026_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_daily_y2027 wearable_daily_y2027_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2027
    ADD CONSTRAINT wearable_daily_y2027_pkey PRIMARY KEY (daily_id, date);


--
-- Name: wearable_daily_y2027 wearable_daily_y2027_user_id_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_daily_y2027
    ADD CONSTRAINT wearable_daily_y2027_user_id_date_source_key UNIQUE (user_id, date, source);


--
-- Name: wearable_sleep wearable_sleep_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep
    ADD CONSTRAINT wearable_sleep_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep wearable_sleep_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep
    ADD CONSTRAINT wearable_sleep_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2020 wearable_sleep_y2020_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2020
    ADD CONSTRAINT wearable_sleep_y2020_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2020 wearable_sleep_y2020_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2020
    ADD CONSTRAINT wearable_sleep_y2020_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2021 wearable_sleep_y2021_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2021
    ADD CONSTRAINT wearable_sleep_y2021_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2021 wearable_sleep_y2021_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2021
    ADD CONSTRAINT wearable_sleep_y2021_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2022 wearable_sleep_y2022_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2022
    ADD CONSTRAINT wearable_sleep_y2022_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2022 wearable_sleep_y2022_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2022
    ADD CONSTRAINT wearable_sleep_y2022_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2023 wearable_sleep_y2023_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2023
    ADD CONSTRAINT wearable_sleep_y2023_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2023 wearable_sleep_y2023_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2023
    ADD CONSTRAINT wearable_sleep_y2023_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2024 wearable_sleep_y2024_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2024
    ADD CONSTRAINT wearable_sleep_y2024_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2024 wearable_sleep_y2024_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2024
    ADD CONSTRAINT wearable_sleep_y2024_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2025 wearable_sleep_y2025_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2025
    ADD CONSTRAINT wearable_sleep_y2025_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2025 wearable_sleep_y2025_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2025
    ADD CONSTRAINT wearable_sleep_y2025_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2026 wearable_sleep_y2026_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2026
    ADD CONSTRAINT wearable_sleep_y2026_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2026 wearable_sleep_y2026_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2026
    ADD CONSTRAINT wearable_sleep_y2026_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: wearable_sleep_y2027 wearable_sleep_y2027_pkey; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2027
    ADD CONSTRAINT wearable_sleep_y2027_pkey PRIMARY KEY (sleep_id, sleep_date);


--
-- Name: wearable_sleep_y2027 wearable_sleep_y2027_user_id_sleep_date_source_key; Type: CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.wearable_sleep_y2027
    ADD CONSTRAINT wearable_sleep_y2027_user_id_sleep_date_source_key UNIQUE (user_id, sleep_date, source);


--
-- Name: activity_source_keys activity_source_keys_activity_id_key; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.activity_source_keys
    ADD CONSTRAINT activity_source_keys_activity_id_key UNIQUE (activity_id);


--
-- Name: activity_source_keys activity_source_keys_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.activity_source_keys
    ADD CONSTRAINT activity_source_keys_pkey PRIMARY KEY (user_id, source, source_activity_id);


--
-- Name: analytics_salt analytics_salt_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.analytics_salt
    ADD CONSTRAINT analytics_salt_pkey PRIMARY KEY (singleton);


--
-- Name: auth_rate_events auth_rate_events_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.auth_rate_events
    ADD CONSTRAINT auth_rate_events_pkey PRIMARY KEY (event_id);


--
-- Name: device_tokens device_tokens_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.device_tokens
    ADD CONSTRAINT device_tokens_pkey PRIMARY KEY (device_id);


--
-- Name: email_tokens email_tokens_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.email_tokens
    ADD CONSTRAINT email_tokens_pkey PRIMARY KEY (token_hash);


--
-- Name: household_gate_key household_gate_key_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.household_gate_key
    ADD CONSTRAINT household_gate_key_pkey PRIMARY KEY (singleton);


--
-- Name: login_attempts login_attempts_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.login_attempts
    ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (attempt_id);


--
-- Name: login_known_sources login_known_sources_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.login_known_sources
    ADD CONSTRAINT login_known_sources_pkey PRIMARY KEY (user_id, ip_bucket);


--
-- Name: oauth_identity_tokens oauth_identity_tokens_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.oauth_identity_tokens
    ADD CONSTRAINT oauth_identity_tokens_pkey PRIMARY KEY (identity_id);


--
-- Name: provider_oauth_states provider_oauth_states_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.provider_oauth_states
    ADD CONSTRAINT provider_oauth_states_pkey PRIMARY KEY (state_hash);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (session_id);


--
-- Name: sessions sessions_refresh_token_hash_key; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.sessions
    ADD CONSTRAINT sessions_refresh_token_hash_key UNIQUE (refresh_token_hash);


--
-- Name: user_passwords user_passwords_pkey; Type: CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.user_passwords
    ADD CONSTRAINT user_passwords_pkey PRIMARY KEY (user_id);


--
-- Name: accounts_owner_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX accounts_owner_user_id_idx ON vitalis.accounts USING btree (owner_user_id);


--
-- Name: audit_log_action_by_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_action_by_created_at_idx ON ONLY vitalis.audit_log USING btree (action_by, created_at DESC);


--
-- Name: audit_log_2026q4_action_by_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2026q4_action_by_created_at_idx ON vitalis.audit_log_2026q4 USING btree (action_by, created_at DESC);


--
-- Name: audit_log_table_name_record_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_table_name_record_id_idx ON ONLY vitalis.audit_log USING btree (table_name, record_id);


--
-- Name: audit_log_2026q4_table_name_record_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2026q4_table_name_record_id_idx ON vitalis.audit_log_2026q4 USING btree (table_name, record_id);


--
-- Name: audit_log_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_user_id_created_at_idx ON ONLY vitalis.audit_log USING btree (user_id, created_at DESC);


--
-- Name: audit_log_2026q4_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2026q4_user_id_created_at_idx ON vitalis.audit_log_2026q4 USING btree (user_id, created_at DESC);


--
-- Name: audit_log_2027q1_action_by_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q1_action_by_created_at_idx ON vitalis.audit_log_2027q1 USING btree (action_by, created_at DESC);


--
-- Name: audit_log_2027q1_table_name_record_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q1_table_name_record_id_idx ON vitalis.audit_log_2027q1 USING btree (table_name, record_id);


--
-- Name: audit_log_2027q1_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q1_user_id_created_at_idx ON vitalis.audit_log_2027q1 USING btree (user_id, created_at DESC);


--
-- Name: audit_log_2027q2_action_by_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q2_action_by_created_at_idx ON vitalis.audit_log_2027q2 USING btree (action_by, created_at DESC);


--
-- Name: audit_log_2027q2_table_name_record_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q2_table_name_record_id_idx ON vitalis.audit_log_2027q2 USING btree (table_name, record_id);


--
-- Name: audit_log_2027q2_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q2_user_id_created_at_idx ON vitalis.audit_log_2027q2 USING btree (user_id, created_at DESC);


--
-- Name: audit_log_2027q3_action_by_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q3_action_by_created_at_idx ON vitalis.audit_log_2027q3 USING btree (action_by, created_at DESC);


--
-- Name: audit_log_2027q3_table_name_record_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q3_table_name_record_id_idx ON vitalis.audit_log_2027q3 USING btree (table_name, record_id);


--
-- Name: audit_log_2027q3_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q3_user_id_created_at_idx ON vitalis.audit_log_2027q3 USING btree (user_id, created_at DESC);


--
-- Name: audit_log_2027q4_action_by_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q4_action_by_created_at_idx ON vitalis.audit_log_2027q4 USING btree (action_by, created_at DESC);


--
-- Name: audit_log_2027q4_table_name_record_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q4_table_name_record_id_idx ON vitalis.audit_log_2027q4 USING btree (table_name, record_id);


--
-- Name: audit_log_2027q4_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX audit_log_2027q4_user_id_created_at_idx ON vitalis.audit_log_2027q4 USING btree (user_id, created_at DESC);


--
-- Name: biomarker_dictionary_aliases_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX biomarker_dictionary_aliases_idx ON vitalis.biomarker_dictionary USING gin (aliases);


--
-- Name: biomarker_dictionary_canonical_name_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX biomarker_dictionary_canonical_name_idx ON vitalis.biomarker_dictionary USING btree (canonical_name);


--
-- Name: biomarker_dictionary_category_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX biomarker_dictionary_category_idx ON vitalis.biomarker_dictionary USING btree (category);


--
-- Name: blood_markers_biomarker_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX blood_markers_biomarker_id_idx ON vitalis.blood_markers USING btree (biomarker_id);


--
-- Name: blood_markers_panel_id_biomarker_id_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX blood_markers_panel_id_biomarker_id_key ON vitalis.blood_markers USING btree (panel_id, biomarker_id) WHERE (biomarker_id IS NOT NULL);


--
-- Name: blood_markers_panel_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX blood_markers_panel_id_idx ON vitalis.blood_markers USING btree (panel_id);


--
-- Name: blood_markers_panel_id_raw_name_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX blood_markers_panel_id_raw_name_key ON vitalis.blood_markers USING btree (panel_id, lower(raw_name)) WHERE (biomarker_id IS NULL);


--
-- Name: INDEX blood_markers_panel_id_raw_name_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON INDEX vitalis.blood_markers_panel_id_raw_name_key IS 'An unmatched result (no dictionary entry) is known within its panel by its printed name, case aside; matched ones by blood_markers_panel_id_biomarker_id_key.';


--
-- Name: blood_markers_user_id_biomarker_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX blood_markers_user_id_biomarker_id_idx ON vitalis.blood_markers USING btree (user_id, biomarker_id);


--
-- Name: blood_markers_user_id_biomarker_id_panel_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX blood_markers_user_id_biomarker_id_panel_id_idx ON vitalis.blood_markers USING btree (user_id, biomarker_id, panel_id);


--
-- Name: blood_panels_document_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX blood_panels_document_id_idx ON vitalis.blood_panels USING btree (document_id);


--
-- Name: blood_panels_user_id_collected_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX blood_panels_user_id_collected_at_idx ON vitalis.blood_panels USING btree (user_id, collected_at DESC);


--
-- Name: blood_panels_user_id_lab_name_collected_at_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX blood_panels_user_id_lab_name_collected_at_key ON vitalis.blood_panels USING btree (user_id, COALESCE(lab_name, ''::text), collected_at) WHERE ((collected_at IS NOT NULL) AND (deleted_at IS NULL));


--
-- Name: INDEX blood_panels_user_id_lab_name_collected_at_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON INDEX vitalis.blood_panels_user_id_lab_name_collected_at_key IS 'A panel is one lab''s collection at one moment: the key report upserts find it by. Panels without a collection time are matched by their document instead.';


--
-- Name: connected_devices_source_external_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX connected_devices_source_external_user_id_idx ON vitalis.connected_devices USING btree (source, external_user_id);


--
-- Name: connected_devices_source_last_sync_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX connected_devices_source_last_sync_at_idx ON vitalis.connected_devices USING btree (source, last_sync_at);


--
-- Name: custom_metric_entries_metric_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX custom_metric_entries_metric_id_idx ON vitalis.custom_metric_entries USING btree (metric_id);


--
-- Name: custom_metric_entries_user_id_metric_id_measured_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX custom_metric_entries_user_id_metric_id_measured_at_idx ON vitalis.custom_metric_entries USING btree (user_id, metric_id, measured_at DESC);


--
-- Name: data_export_requests_user_id_requested_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX data_export_requests_user_id_requested_at_idx ON vitalis.data_export_requests USING btree (user_id, requested_at DESC);


--
-- Name: deletion_requests_pending_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX deletion_requests_pending_idx ON vitalis.deletion_requests USING btree (grace_period_ends_at) WHERE (status = 'pending'::text);


--
-- Name: deletion_requests_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX deletion_requests_user_id_idx ON vitalis.deletion_requests USING btree (user_id);


--
-- Name: dexa_bone_density_user_id_scan_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX dexa_bone_density_user_id_scan_id_idx ON vitalis.dexa_bone_density USING btree (user_id, scan_id);


--
-- Name: dexa_regions_user_id_scan_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX dexa_regions_user_id_scan_id_idx ON vitalis.dexa_regions USING btree (user_id, scan_id);


--
-- Name: dexa_scans_document_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX dexa_scans_document_id_idx ON vitalis.dexa_scans USING btree (document_id);


--
-- Name: dexa_scans_user_id_scan_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX dexa_scans_user_id_scan_date_idx ON vitalis.dexa_scans USING btree (user_id, scan_date DESC);


--
-- Name: dexa_scans_user_id_scan_date_provider_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX dexa_scans_user_id_scan_date_provider_key ON vitalis.dexa_scans USING btree (user_id, scan_date, COALESCE(provider, ''::text)) WHERE (deleted_at IS NULL);


--
-- Name: INDEX dexa_scans_user_id_scan_date_provider_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON INDEX vitalis.dexa_scans_user_id_scan_date_provider_key IS 'One scan per provider and day: the key report upserts find a DEXA scan by.';


--
-- Name: doctor_visit_panels_panel_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX doctor_visit_panels_panel_id_idx ON vitalis.doctor_visit_panels USING btree (panel_id);


--
-- Name: doctor_visit_panels_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX doctor_visit_panels_user_id_idx ON vitalis.doctor_visit_panels USING btree (user_id);


--
-- Name: doctor_visits_user_id_visit_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX doctor_visits_user_id_visit_date_idx ON vitalis.doctor_visits USING btree (user_id, visit_date DESC);


--
-- Name: documents_confirmed_by_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX documents_confirmed_by_idx ON vitalis.documents USING btree (confirmed_by);


--
-- Name: documents_parse_job_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX documents_parse_job_id_idx ON vitalis.documents USING btree (parse_job_id);


--
-- Name: documents_parse_status_pending_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX documents_parse_status_pending_idx ON vitalis.documents USING btree (parse_status) WHERE (parse_status = 'pending'::vitalis.parse_status);


--
-- Name: documents_user_id_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX documents_user_id_created_at_idx ON vitalis.documents USING btree (user_id, created_at DESC);


--
-- Name: documents_user_id_sha256_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX documents_user_id_sha256_key ON vitalis.documents USING btree (user_id, sha256) WHERE ((deleted_at IS NULL) AND (sha256 IS NOT NULL));


--
-- Name: epigenetic_organ_ages_user_id_test_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX epigenetic_organ_ages_user_id_test_id_idx ON vitalis.epigenetic_organ_ages USING btree (user_id, test_id);


--
-- Name: epigenetic_tests_document_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX epigenetic_tests_document_id_idx ON vitalis.epigenetic_tests USING btree (document_id);


--
-- Name: epigenetic_tests_user_id_collected_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX epigenetic_tests_user_id_collected_at_idx ON vitalis.epigenetic_tests USING btree (user_id, collected_at DESC);


--
-- Name: epigenetic_tests_user_id_provider_kit_id_collected_at_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX epigenetic_tests_user_id_provider_kit_id_collected_at_key ON vitalis.epigenetic_tests USING btree (user_id, COALESCE(provider, ''::text), COALESCE(kit_id, ''::text), collected_at) WHERE (deleted_at IS NULL);


--
-- Name: INDEX epigenetic_tests_user_id_provider_kit_id_collected_at_key; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON INDEX vitalis.epigenetic_tests_user_id_provider_kit_id_collected_at_key IS 'One result per provider, kit and collection date: the key report upserts find a test by. Tests without a collection date are matched by their document instead.';


--
-- Name: exercise_dictionary_aliases_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX exercise_dictionary_aliases_idx ON vitalis.exercise_dictionary USING gin (aliases);


--
-- Name: goal_alerts_goal_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX goal_alerts_goal_id_idx ON vitalis.goal_alerts USING btree (goal_id);


--
-- Name: goal_alerts_user_id_triggered_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX goal_alerts_user_id_triggered_at_idx ON vitalis.goal_alerts USING btree (user_id, triggered_at DESC);


--
-- Name: goals_biomarker_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX goals_biomarker_id_idx ON vitalis.goals USING btree (biomarker_id);


--
-- Name: goals_user_id_active_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX goals_user_id_active_idx ON vitalis.goals USING btree (user_id) WHERE (is_active = true);


--
-- Name: household_invites_accepted_by_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX household_invites_accepted_by_idx ON vitalis.household_invites USING btree (accepted_by);


--
-- Name: household_invites_account_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX household_invites_account_id_idx ON vitalis.household_invites USING btree (account_id);


--
-- Name: household_invites_live_email_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX household_invites_live_email_key ON vitalis.household_invites USING btree (account_id, email) WHERE ((accepted_at IS NULL) AND (revoked_at IS NULL));


--
-- Name: household_invites_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX household_invites_user_id_idx ON vitalis.household_invites USING btree (user_id, created_at DESC);


--
-- Name: ingestion_jobs_status_next_retry_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX ingestion_jobs_status_next_retry_at_idx ON vitalis.ingestion_jobs USING btree (status, next_retry_at) WHERE (status = ANY (ARRAY['queued'::vitalis.job_status, 'failed'::vitalis.job_status]));


--
-- Name: ingestion_jobs_user_id_job_type_queued_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX ingestion_jobs_user_id_job_type_queued_at_idx ON vitalis.ingestion_jobs USING btree (user_id, job_type, queued_at DESC);


--
-- Name: insights_user_id_created_at_active_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX insights_user_id_created_at_active_idx ON vitalis.insights USING btree (user_id, created_at DESC) WHERE (is_dismissed = false);


--
-- Name: insights_user_id_insight_type_created_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX insights_user_id_insight_type_created_at_idx ON vitalis.insights USING btree (user_id, insight_type, created_at DESC);


--
-- Name: lifting_sessions_user_id_session_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX lifting_sessions_user_id_session_date_idx ON vitalis.lifting_sessions USING btree (user_id, session_date DESC);


--
-- Name: lifting_sessions_user_id_source_source_session_id_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX lifting_sessions_user_id_source_source_session_id_key ON vitalis.lifting_sessions USING btree (user_id, source, source_session_id) WHERE (source_session_id IS NOT NULL);


--
-- Name: lifting_sets_exercise_id_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX lifting_sets_exercise_id_user_id_idx ON vitalis.lifting_sets USING btree (exercise_id, user_id);


--
-- Name: lifting_sets_session_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX lifting_sets_session_id_idx ON vitalis.lifting_sets USING btree (session_id);


--
-- Name: lifting_sets_user_id_session_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX lifting_sets_user_id_session_id_idx ON vitalis.lifting_sets USING btree (user_id, session_id);


--
-- Name: measurements_user_id_metric_measured_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX measurements_user_id_metric_measured_at_idx ON vitalis.measurements USING btree (user_id, metric, measured_at DESC);


--
-- Name: measurements_user_id_metric_measured_at_source_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX measurements_user_id_metric_measured_at_source_key ON vitalis.measurements USING btree (user_id, metric, measured_at, source) NULLS NOT DISTINCT;


--
-- Name: menstrual_cycles_user_id_cycle_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX menstrual_cycles_user_id_cycle_date_idx ON vitalis.menstrual_cycles USING btree (user_id, cycle_date DESC);


--
-- Name: nutrition_logs_user_id_log_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX nutrition_logs_user_id_log_date_idx ON vitalis.nutrition_logs USING btree (user_id, log_date DESC);


--
-- Name: oauth_identities_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX oauth_identities_user_id_idx ON vitalis.oauth_identities USING btree (user_id);


--
-- Name: photos_linked_scan_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX photos_linked_scan_id_idx ON vitalis.photos USING btree (linked_scan_id);


--
-- Name: photos_user_id_photo_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX photos_user_id_photo_date_idx ON vitalis.photos USING btree (user_id, photo_date DESC);


--
-- Name: profile_shares_live_pair_key; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE UNIQUE INDEX profile_shares_live_pair_key ON vitalis.profile_shares USING btree (user_id, viewer_user_id) WHERE (revoked_at IS NULL);


--
-- Name: profile_shares_user_id_granted_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX profile_shares_user_id_granted_at_idx ON vitalis.profile_shares USING btree (user_id, granted_at DESC);


--
-- Name: profile_shares_viewer_user_id_all_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX profile_shares_viewer_user_id_all_idx ON vitalis.profile_shares USING btree (viewer_user_id);


--
-- Name: profile_shares_viewer_user_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX profile_shares_viewer_user_id_idx ON vitalis.profile_shares USING btree (viewer_user_id) WHERE (revoked_at IS NULL);


--
-- Name: supplement_logs_supplement_id_taken_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX supplement_logs_supplement_id_taken_at_idx ON vitalis.supplement_logs USING btree (supplement_id, taken_at);


--
-- Name: supplement_logs_user_id_taken_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX supplement_logs_user_id_taken_at_idx ON vitalis.supplement_logs USING btree (user_id, taken_at DESC);


--
-- Name: supplements_user_id_current_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX supplements_user_id_current_idx ON vitalis.supplements USING btree (user_id) WHERE (ended_at IS NULL);


--
-- Name: supplements_user_id_started_at_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX supplements_user_id_started_at_idx ON vitalis.supplements USING btree (user_id, started_at DESC);


--
-- Name: unit_conversions_biomarker_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX unit_conversions_biomarker_id_idx ON vitalis.unit_conversions USING btree (biomarker_id);


--
-- Name: user_timezones_user_from; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX user_timezones_user_from ON vitalis.user_timezones USING btree (user_id, valid_from);


--
-- Name: users_account_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX users_account_id_idx ON vitalis.users USING btree (account_id);


--
-- Name: wearable_activities_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_user_id_activity_date_idx ON ONLY vitalis.wearable_activities USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_user_id_activity_type_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_user_id_activity_type_activity_date_idx ON ONLY vitalis.wearable_activities USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_user_id_source_source_activity_id_idx ON ONLY vitalis.wearable_activities USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2020_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2020_user_id_activity_date_idx ON vitalis.wearable_activities_y2020 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2020_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2020_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2020 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2020_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2020_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2020 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2021_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2021_user_id_activity_date_idx ON vitalis.wearable_activities_y2021 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2021_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2021_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2021 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2021_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2021_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2021 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2022_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2022_user_id_activity_date_idx ON vitalis.wearable_activities_y2022 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2022_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2022_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2022 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2022_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2022_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2022 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2023_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2023_user_id_activity_date_idx ON vitalis.wearable_activities_y2023 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2023_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2023_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2023 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2023_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2023_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2023 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2024_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2024_user_id_activity_date_idx ON vitalis.wearable_activities_y2024 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2024_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2024_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2024 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2024_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2024_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2024 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2025_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2025_user_id_activity_date_idx ON vitalis.wearable_activities_y2025 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2025_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2025_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2025 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2025_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2025_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2025 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2026_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2026_user_id_activity_date_idx ON vitalis.wearable_activities_y2026 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2026_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2026_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2026 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2026_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2026_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2026 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_activities_y2027_user_id_activity_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2027_user_id_activity_date_idx ON vitalis.wearable_activities_y2027 USING btree (user_id, activity_date DESC);


--
-- Name: wearable_activities_y2027_user_id_activity_type_activity_da_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2027_user_id_activity_type_activity_da_idx ON vitalis.wearable_activities_y2027 USING btree (user_id, activity_type, activity_date DESC);


--
-- Name: wearable_activities_y2027_user_id_source_source_activity_id_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_activities_y2027_user_id_source_source_activity_id_idx ON vitalis.wearable_activities_y2027 USING btree (user_id, source, source_activity_id);


--
-- Name: wearable_daily_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_user_id_date_idx ON ONLY vitalis.wearable_daily USING btree (user_id, date DESC);


--
-- Name: wearable_daily_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_user_id_source_date_idx ON ONLY vitalis.wearable_daily USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2020_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2020_user_id_date_idx ON vitalis.wearable_daily_y2020 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2020_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2020_user_id_source_date_idx ON vitalis.wearable_daily_y2020 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2021_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2021_user_id_date_idx ON vitalis.wearable_daily_y2021 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2021_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2021_user_id_source_date_idx ON vitalis.wearable_daily_y2021 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2022_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2022_user_id_date_idx ON vitalis.wearable_daily_y2022 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2022_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2022_user_id_source_date_idx ON vitalis.wearable_daily_y2022 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2023_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2023_user_id_date_idx ON vitalis.wearable_daily_y2023 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2023_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2023_user_id_source_date_idx ON vitalis.wearable_daily_y2023 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2024_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2024_user_id_date_idx ON vitalis.wearable_daily_y2024 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2024_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2024_user_id_source_date_idx ON vitalis.wearable_daily_y2024 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2025_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2025_user_id_date_idx ON vitalis.wearable_daily_y2025 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2025_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2025_user_id_source_date_idx ON vitalis.wearable_daily_y2025 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2026_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2026_user_id_date_idx ON vitalis.wearable_daily_y2026 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2026_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2026_user_id_source_date_idx ON vitalis.wearable_daily_y2026 USING btree (user_id, source, date DESC);


--
-- Name: wearable_daily_y2027_user_id_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2027_user_id_date_idx ON vitalis.wearable_daily_y2027 USING btree (user_id, date DESC);


--
-- Name: wearable_daily_y2027_user_id_source_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_daily_y2027_user_id_source_date_idx ON vitalis.wearable_daily_y2027 USING btree (user_id, source, date DESC);


--
-- Name: wearable_sleep_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_user_id_sleep_date_idx ON ONLY vitalis.wearable_sleep USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2020_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2020_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2020 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2021_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2021_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2021 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2022_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2022_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2022 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2023_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2023_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2023 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2024_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2024_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2024 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2025_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2025_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2025 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2026_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2026_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2026 USING btree (user_id, sleep_date DESC);


--
-- Name: wearable_sleep_y2027_user_id_sleep_date_idx; Type: INDEX; Schema: vitalis; Owner: vitalis_owner
--

CREATE INDEX wearable_sleep_y2027_user_id_sleep_date_idx ON vitalis.wearable_sleep_y2027 USING btree (user_id, sleep_date DESC);


--
-- Name: auth_rate_events_address_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX auth_rate_events_address_idx ON vitalis_private.auth_rate_events USING btree (action, address, occurred_at);


--
-- Name: auth_rate_events_ip_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX auth_rate_events_ip_idx ON vitalis_private.auth_rate_events USING btree (action, ip_bucket, occurred_at);


--
-- Name: auth_rate_events_occurred_at_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX auth_rate_events_occurred_at_idx ON vitalis_private.auth_rate_events USING btree (occurred_at);


--
-- Name: email_tokens_user_id_purpose_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX email_tokens_user_id_purpose_idx ON vitalis_private.email_tokens USING btree (user_id, purpose) WHERE (used_at IS NULL);


--
-- Name: login_attempts_attempted_at_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX login_attempts_attempted_at_idx ON vitalis_private.login_attempts USING btree (attempted_at);


--
-- Name: login_attempts_email_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX login_attempts_email_idx ON vitalis_private.login_attempts USING btree (email, attempted_at);


--
-- Name: login_attempts_ip_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX login_attempts_ip_idx ON vitalis_private.login_attempts USING btree (ip_address, attempted_at);


--
-- Name: provider_oauth_states_created_at_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX provider_oauth_states_created_at_idx ON vitalis_private.provider_oauth_states USING btree (created_at);


--
-- Name: sessions_family_id_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX sessions_family_id_idx ON vitalis_private.sessions USING btree (family_id);


--
-- Name: sessions_rotated_from_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX sessions_rotated_from_idx ON vitalis_private.sessions USING btree (rotated_from);


--
-- Name: sessions_user_id_live_idx; Type: INDEX; Schema: vitalis_private; Owner: vitalis_owner
--

CREATE INDEX sessions_user_id_live_idx ON vitalis_private.sessions USING btree (user_id) WHERE (revoked_at IS NULL);


--
-- Name: audit_log_2026q4_action_by_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_action_by_created_at_idx ATTACH PARTITION vitalis.audit_log_2026q4_action_by_created_at_idx;


--
-- Name: audit_log_2026q4_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_pkey ATTACH PARTITION vitalis.audit_log_2026q4_pkey;


--
-- Name: audit_log_2026q4_table_name_record_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_table_name_record_id_idx ATTACH PARTITION vitalis.audit_log_2026q4_table_name_record_id_idx;


--
-- Name: audit_log_2026q4_user_id_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_user_id_created_at_idx ATTACH PARTITION vitalis.audit_log_2026q4_user_id_created_at_idx;


--
-- Name: audit_log_2027q1_action_by_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_action_by_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q1_action_by_created_at_idx;


--
-- Name: audit_log_2027q1_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_pkey ATTACH PARTITION vitalis.audit_log_2027q1_pkey;


--
-- Name: audit_log_2027q1_table_name_record_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_table_name_record_id_idx ATTACH PARTITION vitalis.audit_log_2027q1_table_name_record_id_idx;


--
-- Name: audit_log_2027q1_user_id_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_user_id_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q1_user_id_created_at_idx;


--
-- Name: audit_log_2027q2_action_by_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_action_by_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q2_action_by_created_at_idx;


--
-- Name: audit_log_2027q2_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_pkey ATTACH PARTITION vitalis.audit_log_2027q2_pkey;


--
-- Name: audit_log_2027q2_table_name_record_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_table_name_record_id_idx ATTACH PARTITION vitalis.audit_log_2027q2_table_name_record_id_idx;


--
-- Name: audit_log_2027q2_user_id_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_user_id_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q2_user_id_created_at_idx;


--
-- Name: audit_log_2027q3_action_by_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_action_by_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q3_action_by_created_at_idx;


--
-- Name: audit_log_2027q3_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_pkey ATTACH PARTITION vitalis.audit_log_2027q3_pkey;


--
-- Name: audit_log_2027q3_table_name_record_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_table_name_record_id_idx ATTACH PARTITION vitalis.audit_log_2027q3_table_name_record_id_idx;


--
-- Name: audit_log_2027q3_user_id_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_user_id_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q3_user_id_created_at_idx;


--
-- Name: audit_log_2027q4_action_by_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_action_by_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q4_action_by_created_at_idx;


--
-- Name: audit_log_2027q4_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_pkey ATTACH PARTITION vitalis.audit_log_2027q4_pkey;


--
-- Name: audit_log_2027q4_table_name_record_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_table_name_record_id_idx ATTACH PARTITION vitalis.audit_log_2027q4_table_name_record_id_idx;


--
-- Name: audit_log_2027q4_user_id_created_at_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.audit_log_user_id_created_at_idx ATTACH PARTITION vitalis.audit_log_2027q4_user_id_created_at_idx;


--
-- Name: wearable_activities_y2020_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2020_pkey;


--
-- Name: wearable_activities_y2020_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2020_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2020_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2020_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2020_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2020_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2021_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2021_pkey;


--
-- Name: wearable_activities_y2021_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2021_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2021_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2021_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2021_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2021_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2022_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2022_pkey;


--
-- Name: wearable_activities_y2022_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2022_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2022_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2022_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2022_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2022_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2023_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2023_pkey;


--
-- Name: wearable_activities_y2023_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2023_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2023_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2023_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2023_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2023_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2024_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2024_pkey;


--
-- Name: wearable_activities_y2024_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2024_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2024_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2024_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2024_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2024_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2025_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2025_pkey;


--
-- Name: wearable_activities_y2025_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2025_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2025_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2025_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2025_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2025_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2026_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2026_pkey;


--
-- Name: wearable_activities_y2026_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2026_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2026_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2026_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2026_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2026_user_id_source_source_activity_id_idx;


--
-- Name: wearable_activities_y2027_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_pkey ATTACH PARTITION vitalis.wearable_activities_y2027_pkey;


--
-- Name: wearable_activities_y2027_user_id_activity_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2027_user_id_activity_date_idx;


--
-- Name: wearable_activities_y2027_user_id_activity_type_activity_da_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_activity_type_activity_date_idx ATTACH PARTITION vitalis.wearable_activities_y2027_user_id_activity_type_activity_da_idx;


--
-- Name: wearable_activities_y2027_user_id_source_source_activity_id_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_activities_user_id_source_source_activity_id_idx ATTACH PARTITION vitalis.wearable_activities_y2027_user_id_source_source_activity_id_idx;


--
-- Name: wearable_daily_y2020_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2020_pkey;


--
-- Name: wearable_daily_y2020_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2020_user_id_date_idx;


--
-- Name: wearable_daily_y2020_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2020_user_id_date_source_key;


--
-- Name: wearable_daily_y2020_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2020_user_id_source_date_idx;


--
-- Name: wearable_daily_y2021_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2021_pkey;


--
-- Name: wearable_daily_y2021_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2021_user_id_date_idx;


--
-- Name: wearable_daily_y2021_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2021_user_id_date_source_key;


--
-- Name: wearable_daily_y2021_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2021_user_id_source_date_idx;


--
-- Name: wearable_daily_y2022_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2022_pkey;


--
-- Name: wearable_daily_y2022_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2022_user_id_date_idx;


--
-- Name: wearable_daily_y2022_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2022_user_id_date_source_key;


--
-- Name: wearable_daily_y2022_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2022_user_id_source_date_idx;


--
-- Name: wearable_daily_y2023_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2023_pkey;


--
-- Name: wearable_daily_y2023_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2023_user_id_date_idx;


--
-- Name: wearable_daily_y2023_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2023_user_id_date_source_key;


--
-- Name: wearable_daily_y2023_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2023_user_id_source_date_idx;


--
-- Name: wearable_daily_y2024_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2024_pkey;


--
-- Name: wearable_daily_y2024_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2024_user_id_date_idx;


--
-- Name: wearable_daily_y2024_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2024_user_id_date_source_key;


--
-- Name: wearable_daily_y2024_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2024_user_id_source_date_idx;


--
-- Name: wearable_daily_y2025_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2025_pkey;


--
-- Name: wearable_daily_y2025_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2025_user_id_date_idx;


--
-- Name: wearable_daily_y2025_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2025_user_id_date_source_key;


--
-- Name: wearable_daily_y2025_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2025_user_id_source_date_idx;


--
-- Name: wearable_daily_y2026_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2026_pkey;


--
-- Name: wearable_daily_y2026_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2026_user_id_date_idx;


--
-- Name: wearable_daily_y2026_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2026_user_id_date_source_key;


--
-- Name: wearable_daily_y2026_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2026_user_id_source_date_idx;


--
-- Name: wearable_daily_y2027_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_pkey ATTACH PARTITION vitalis.wearable_daily_y2027_pkey;


--
-- Name: wearable_daily_y2027_user_id_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_idx ATTACH PARTITION vitalis.wearable_daily_y2027_user_id_date_idx;


--
-- Name: wearable_daily_y2027_user_id_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_date_source_key ATTACH PARTITION vitalis.wearable_daily_y2027_user_id_date_source_key;


--
-- Name: wearable_daily_y2027_user_id_source_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_daily_user_id_source_date_idx ATTACH PARTITION vitalis.wearable_daily_y2027_user_id_source_date_idx;


--
-- Name: wearable_sleep_y2020_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2020_pkey;


--
-- Name: wearable_sleep_y2020_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2020_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2020_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2020_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2021_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2021_pkey;


--
-- Name: wearable_sleep_y2021_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2021_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2021_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2021_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2022_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2022_pkey;


--
-- Name: wearable_sleep_y2022_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2022_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2022_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2022_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2023_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2023_pkey;


--
-- Name: wearable_sleep_y2023_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2023_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2023_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2023_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2024_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2024_pkey;


--
-- Name: wearable_sleep_y2024_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2024_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2024_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2024_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2025_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2025_pkey;


--
-- Name: wearable_sleep_y2025_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2025_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2025_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2025_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2026_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2026_pkey;


--
-- Name: wearable_sleep_y2026_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2026_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2026_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2026_user_id_sleep_date_source_key;


--
-- Name: wearable_sleep_y2027_pkey; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_pkey ATTACH PARTITION vitalis.wearable_sleep_y2027_pkey;


--
-- Name: wearable_sleep_y2027_user_id_sleep_date_idx; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_idx ATTACH PARTITION vitalis.wearable_sleep_y2027_user_id_sleep_date_idx;


--
-- Name: wearable_sleep_y2027_user_id_sleep_date_source_key; Type: INDEX ATTACH; Schema: vitalis; Owner: vitalis_owner
--

ALTER INDEX vitalis.wearable_sleep_user_id_sleep_date_source_key ATTACH PARTITION vitalis.wearable_sleep_y2027_user_id_sleep_date_source_key;


--
-- Name: audit_log _100_append_only; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_append_only BEFORE DELETE OR UPDATE ON vitalis.audit_log FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_audit_log__append_only();


--
-- Name: deletion_requests _100_grace_period; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_grace_period BEFORE INSERT OR UPDATE OF requested_at ON vitalis.deletion_requests FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_deletion_requests__grace_period();


--
-- Name: accounts _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.accounts FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: biomarker_dictionary _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.biomarker_dictionary FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: blood_markers _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.blood_markers FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: blood_panels _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.blood_panels FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: connected_devices _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.connected_devices FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: dexa_scans _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.dexa_scans FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: doctor_visits _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.doctor_visits FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: documents _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.documents FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: epigenetic_tests _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.epigenetic_tests FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: goals _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.goals FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: lifting_sessions _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.lifting_sessions FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: measurements _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.measurements FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: mood_journal _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.mood_journal FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: supplements _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.supplements FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: user_preferences _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.user_preferences FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: users _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.users FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: wearable_activities _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.wearable_activities FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: wearable_daily _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.wearable_daily FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: wearable_sleep _100_set_updated_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _100_set_updated_at BEFORE UPDATE ON vitalis.wearable_sleep FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__set_updated_at();


--
-- Name: audit_log _101_no_truncate; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _101_no_truncate BEFORE TRUNCATE ON vitalis.audit_log FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg_audit_log__append_only();


--
-- Name: blood_panels _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.blood_panels FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: dexa_scans _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.dexa_scans FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: doctor_visits _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.doctor_visits FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: documents _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.documents FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: epigenetic_tests _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.epigenetic_tests FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: lifting_sessions _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.lifting_sessions FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: measurements _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.measurements FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: mood_journal _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.mood_journal FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: nutrition_logs _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.nutrition_logs FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: photos _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.photos FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: supplements _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.supplements FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: users _110_stamp_deleted_at; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _110_stamp_deleted_at BEFORE UPDATE OF deleted_at ON vitalis.users FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg__stamp_deleted_at();


--
-- Name: accounts _200_max_users; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _200_max_users BEFORE UPDATE OF max_users ON vitalis.accounts FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_accounts__max_users();


--
-- Name: users _200_max_users; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _200_max_users BEFORE INSERT OR UPDATE OF account_id ON vitalis.users FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_users__max_users();


--
-- Name: wearable_activities _200_source_key; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _200_source_key AFTER INSERT OR DELETE OR UPDATE ON vitalis.wearable_activities FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_wearable_activities__source_key();


--
-- Name: user_preferences _200_validate_source_priority; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _200_validate_source_priority BEFORE INSERT OR UPDATE OF source_priority ON vitalis.user_preferences FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_user_preferences__validate_source_priority();


--
-- Name: blood_markers _290_reset_derived; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _290_reset_derived BEFORE UPDATE ON vitalis.blood_markers FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_blood_markers__reset_derived();


--
-- Name: blood_markers _300_derive; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _300_derive BEFORE INSERT OR UPDATE ON vitalis.blood_markers FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_blood_markers__derive();


--
-- Name: custom_metric_entries _300_validate; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _300_validate BEFORE INSERT OR UPDATE ON vitalis.custom_metric_entries FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_custom_metric_entries__validate();


--
-- Name: users _500_create_preferences; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _500_create_preferences AFTER INSERT ON vitalis.users FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_users__create_preferences();


--
-- Name: users _510_account_owner; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _510_account_owner AFTER INSERT OR DELETE OR UPDATE OF account_id ON vitalis.users FOR EACH ROW EXECUTE FUNCTION vitalis_private.tg_users__account_owner();


--
-- Name: users _600_auth_revoke_sessions; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _600_auth_revoke_sessions AFTER UPDATE OF deleted_at ON vitalis.users FOR EACH ROW WHEN (((old.deleted_at IS NULL) AND (new.deleted_at IS NOT NULL))) EXECUTE FUNCTION vitalis_private.auth_tg_users__revoke_sessions();


--
-- Name: user_preferences _800_clear_display_cache; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _800_clear_display_cache AFTER INSERT OR DELETE OR UPDATE ON vitalis.user_preferences FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg_user_preferences__clear_display_cache();


--
-- Name: accounts _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.accounts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('account_id');


--
-- Name: blood_markers _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.blood_markers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('marker_id');


--
-- Name: blood_panels _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.blood_panels REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('panel_id');


--
-- Name: connected_devices _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.connected_devices REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('device_id');


--
-- Name: custom_metric_entries _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.custom_metric_entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('entry_id');


--
-- Name: custom_metrics _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.custom_metrics REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('metric_id');


--
-- Name: data_export_requests _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.data_export_requests REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('export_id');


--
-- Name: deletion_requests _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.deletion_requests REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('request_id');


--
-- Name: dexa_bone_density _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.dexa_bone_density REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('density_id');


--
-- Name: dexa_regions _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.dexa_regions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('region_id');


--
-- Name: dexa_scans _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.dexa_scans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('scan_id');


--
-- Name: doctor_visit_panels _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.doctor_visit_panels REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('visit_id');


--
-- Name: doctor_visits _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.doctor_visits REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('visit_id');


--
-- Name: documents _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.documents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('document_id');


--
-- Name: epigenetic_organ_ages _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.epigenetic_organ_ages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('organ_age_id');


--
-- Name: epigenetic_tests _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.epigenetic_tests REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('test_id');


--
-- Name: goal_alerts _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.goal_alerts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('alert_id');


--
-- Name: goals _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.goals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('goal_id');


--
-- Name: household_invites _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.household_invites REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('invite_id');


--
-- Name: ingestion_jobs _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.ingestion_jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('job_id');


--
-- Name: insights _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.insights REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('insight_id');


--
-- Name: lifting_sessions _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.lifting_sessions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('session_id');


--
-- Name: lifting_sets _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.lifting_sets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('set_id');


--
-- Name: measurements _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.measurements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('measurement_id');


--
-- Name: menstrual_cycles _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.menstrual_cycles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('cycle_id');


--
-- Name: mood_journal _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.mood_journal REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('journal_id');


--
-- Name: nutrition_logs _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.nutrition_logs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('nutrition_id');


--
-- Name: oauth_identities _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.oauth_identities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('identity_id');


--
-- Name: photos _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.photos REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('photo_id');


--
-- Name: profile_shares _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.profile_shares REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('share_id');


--
-- Name: supplement_logs _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.supplement_logs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('log_id');


--
-- Name: supplements _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.supplements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('supplement_id');


--
-- Name: user_preferences _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.user_preferences REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('user_id');


--
-- Name: user_timezones _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.user_timezones REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('timezone_id');


--
-- Name: users _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.users REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('user_id');


--
-- Name: wearable_activities _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.wearable_activities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('activity_id');


--
-- Name: wearable_daily _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.wearable_daily REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('daily_id');


--
-- Name: wearable_sleep _900_audit_insert; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON vitalis.wearable_sleep REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_insert('sleep_id');


--
-- Name: accounts _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.accounts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('account_id');


--
-- Name: blood_markers _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.blood_markers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('marker_id');


--
-- Name: blood_panels _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.blood_panels REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('panel_id');


--
-- Name: connected_devices _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.connected_devices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('device_id');


--
-- Name: custom_metric_entries _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.custom_metric_entries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('entry_id');


--
-- Name: custom_metrics _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.custom_metrics REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('metric_id');


--
-- Name: data_export_requests _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.data_export_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('export_id');


--
-- Name: deletion_requests _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.deletion_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('request_id');


--
-- Name: dexa_bone_density _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.dexa_bone_density REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('density_id');


--
-- Name: dexa_regions _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.dexa_regions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('region_id');


--
-- Name: dexa_scans _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.dexa_scans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('scan_id');


--
-- Name: doctor_visit_panels _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.doctor_visit_panels REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('visit_id');


--
-- Name: doctor_visits _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.doctor_visits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('visit_id');


--
-- Name: documents _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.documents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('document_id');


--
-- Name: epigenetic_organ_ages _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.epigenetic_organ_ages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('organ_age_id');


--
-- Name: epigenetic_tests _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.epigenetic_tests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('test_id');


--
-- Name: goal_alerts _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.goal_alerts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('alert_id');


--
-- Name: goals _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.goals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('goal_id');


--
-- Name: household_invites _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.household_invites REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('invite_id');


--
-- Name: ingestion_jobs _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.ingestion_jobs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('job_id');


--
-- Name: insights _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.insights REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('insight_id');


--
-- Name: lifting_sessions _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.lifting_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('session_id');


--
-- Name: lifting_sets _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.lifting_sets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('set_id');


--
-- Name: measurements _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.measurements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('measurement_id');


--
-- Name: menstrual_cycles _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.menstrual_cycles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('cycle_id');


--
-- Name: mood_journal _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.mood_journal REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('journal_id');


--
-- Name: nutrition_logs _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.nutrition_logs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('nutrition_id');


--
-- Name: oauth_identities _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.oauth_identities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('identity_id');


--
-- Name: photos _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.photos REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('photo_id');


--
-- Name: profile_shares _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.profile_shares REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('share_id');


--
-- Name: supplement_logs _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.supplement_logs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('log_id');


--
-- Name: supplements _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.supplements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('supplement_id');


--
-- Name: user_preferences _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.user_preferences REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('user_id');


--
-- Name: user_timezones _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.user_timezones REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('timezone_id');


--
-- Name: users _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('user_id');


--
-- Name: wearable_activities _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.wearable_activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('activity_id');


--
-- Name: wearable_daily _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.wearable_daily REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('daily_id');


--
-- Name: wearable_sleep _901_audit_update; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _901_audit_update AFTER UPDATE ON vitalis.wearable_sleep REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_update('sleep_id');


--
-- Name: accounts _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.accounts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('account_id');


--
-- Name: blood_markers _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.blood_markers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('marker_id');


--
-- Name: blood_panels _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.blood_panels REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('panel_id');


--
-- Name: connected_devices _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.connected_devices REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('device_id');


--
-- Name: custom_metric_entries _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.custom_metric_entries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('entry_id');


--
-- Name: custom_metrics _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.custom_metrics REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('metric_id');


--
-- Name: data_export_requests _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.data_export_requests REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('export_id');


--
-- Name: deletion_requests _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.deletion_requests REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('request_id');


--
-- Name: dexa_bone_density _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.dexa_bone_density REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('density_id');


--
-- Name: dexa_regions _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.dexa_regions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('region_id');


--
-- Name: dexa_scans _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.dexa_scans REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('scan_id');


--
-- Name: doctor_visit_panels _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.doctor_visit_panels REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('visit_id');


--
-- Name: doctor_visits _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.doctor_visits REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('visit_id');


--
-- Name: documents _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.documents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('document_id');


--
-- Name: epigenetic_organ_ages _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.epigenetic_organ_ages REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('organ_age_id');


--
-- Name: epigenetic_tests _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.epigenetic_tests REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('test_id');


--
-- Name: goal_alerts _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.goal_alerts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('alert_id');


--
-- Name: goals _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.goals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('goal_id');


--
-- Name: household_invites _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.household_invites REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('invite_id');


--
-- Name: ingestion_jobs _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.ingestion_jobs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('job_id');


--
-- Name: insights _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.insights REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('insight_id');


--
-- Name: lifting_sessions _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.lifting_sessions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('session_id');


--
-- Name: lifting_sets _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.lifting_sets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('set_id');


--
-- Name: measurements _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.measurements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('measurement_id');


--
-- Name: menstrual_cycles _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.menstrual_cycles REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('cycle_id');


--
-- Name: mood_journal _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.mood_journal REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('journal_id');


--
-- Name: nutrition_logs _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.nutrition_logs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('nutrition_id');


--
-- Name: oauth_identities _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.oauth_identities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('identity_id');


--
-- Name: photos _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.photos REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('photo_id');


--
-- Name: profile_shares _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.profile_shares REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('share_id');


--
-- Name: supplement_logs _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.supplement_logs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('log_id');


--
-- Name: supplements _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.supplements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('supplement_id');


--
-- Name: user_preferences _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.user_preferences REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('user_id');


--
-- Name: user_timezones _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.user_timezones REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('timezone_id');


--
-- Name: users _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.users REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('user_id');


--
-- Name: wearable_activities _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.wearable_activities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('activity_id');


--
-- Name: wearable_daily _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.wearable_daily REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('daily_id');


--
-- Name: wearable_sleep _902_audit_delete; Type: TRIGGER; Schema: vitalis; Owner: vitalis_owner
--

CREATE TRIGGER _902_audit_delete AFTER DELETE ON vitalis.wearable_sleep REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private.tg__audit_delete('sleep_id');


--
-- Name: accounts accounts_owner_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.accounts
    ADD CONSTRAINT accounts_owner_user_id_fkey FOREIGN KEY (owner_user_id) REFERENCES vitalis.users(user_id) ON DELETE SET NULL;


--
-- Name: blood_markers blood_markers_biomarker_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_markers
    ADD CONSTRAINT blood_markers_biomarker_id_fkey FOREIGN KEY (biomarker_id) REFERENCES vitalis.biomarker_dictionary(biomarker_id) ON DELETE SET NULL;


--
-- Name: blood_markers blood_markers_panel_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_markers
    ADD CONSTRAINT blood_markers_panel_id_user_id_fkey FOREIGN KEY (panel_id, user_id) REFERENCES vitalis.blood_panels(panel_id, user_id) ON DELETE CASCADE;


--
-- Name: blood_markers blood_markers_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_markers
    ADD CONSTRAINT blood_markers_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: blood_panels blood_panels_document_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_panels
    ADD CONSTRAINT blood_panels_document_id_user_id_fkey FOREIGN KEY (document_id, user_id) REFERENCES vitalis.documents(document_id, user_id) ON DELETE SET NULL (document_id);


--
-- Name: blood_panels blood_panels_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.blood_panels
    ADD CONSTRAINT blood_panels_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: connected_devices connected_devices_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.connected_devices
    ADD CONSTRAINT connected_devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: custom_metric_entries custom_metric_entries_metric_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metric_entries
    ADD CONSTRAINT custom_metric_entries_metric_id_user_id_fkey FOREIGN KEY (metric_id, user_id) REFERENCES vitalis.custom_metrics(metric_id, user_id) ON DELETE CASCADE;


--
-- Name: custom_metric_entries custom_metric_entries_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metric_entries
    ADD CONSTRAINT custom_metric_entries_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: custom_metrics custom_metrics_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.custom_metrics
    ADD CONSTRAINT custom_metrics_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: data_export_requests data_export_requests_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.data_export_requests
    ADD CONSTRAINT data_export_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: deletion_requests deletion_requests_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.deletion_requests
    ADD CONSTRAINT deletion_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE SET NULL;


--
-- Name: dexa_bone_density dexa_bone_density_scan_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_bone_density
    ADD CONSTRAINT dexa_bone_density_scan_id_user_id_fkey FOREIGN KEY (scan_id, user_id) REFERENCES vitalis.dexa_scans(scan_id, user_id) ON DELETE CASCADE;


--
-- Name: dexa_bone_density dexa_bone_density_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_bone_density
    ADD CONSTRAINT dexa_bone_density_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: dexa_regions dexa_regions_scan_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_regions
    ADD CONSTRAINT dexa_regions_scan_id_user_id_fkey FOREIGN KEY (scan_id, user_id) REFERENCES vitalis.dexa_scans(scan_id, user_id) ON DELETE CASCADE;


--
-- Name: dexa_regions dexa_regions_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_regions
    ADD CONSTRAINT dexa_regions_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: dexa_scans dexa_scans_document_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_scans
    ADD CONSTRAINT dexa_scans_document_id_user_id_fkey FOREIGN KEY (document_id, user_id) REFERENCES vitalis.documents(document_id, user_id) ON DELETE SET NULL (document_id);


--
-- Name: dexa_scans dexa_scans_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.dexa_scans
    ADD CONSTRAINT dexa_scans_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: doctor_visit_panels doctor_visit_panels_panel_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visit_panels
    ADD CONSTRAINT doctor_visit_panels_panel_id_user_id_fkey FOREIGN KEY (panel_id, user_id) REFERENCES vitalis.blood_panels(panel_id, user_id) ON DELETE CASCADE;


--
-- Name: doctor_visit_panels doctor_visit_panels_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visit_panels
    ADD CONSTRAINT doctor_visit_panels_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: doctor_visit_panels doctor_visit_panels_visit_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visit_panels
    ADD CONSTRAINT doctor_visit_panels_visit_id_user_id_fkey FOREIGN KEY (visit_id, user_id) REFERENCES vitalis.doctor_visits(visit_id, user_id) ON DELETE CASCADE;


--
-- Name: doctor_visits doctor_visits_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.doctor_visits
    ADD CONSTRAINT doctor_visits_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: documents documents_confirmed_by_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.documents
    ADD CONSTRAINT documents_confirmed_by_fkey FOREIGN KEY (confirmed_by) REFERENCES vitalis.users(user_id) ON DELETE SET NULL;


--
-- Name: documents documents_parse_job_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.documents
    ADD CONSTRAINT documents_parse_job_id_fkey FOREIGN KEY (parse_job_id) REFERENCES vitalis.ingestion_jobs(job_id) ON DELETE SET NULL;


--
-- Name: documents documents_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.documents
    ADD CONSTRAINT documents_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: epigenetic_organ_ages epigenetic_organ_ages_test_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_organ_ages
    ADD CONSTRAINT epigenetic_organ_ages_test_id_user_id_fkey FOREIGN KEY (test_id, user_id) REFERENCES vitalis.epigenetic_tests(test_id, user_id) ON DELETE CASCADE;


--
-- Name: epigenetic_organ_ages epigenetic_organ_ages_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_organ_ages
    ADD CONSTRAINT epigenetic_organ_ages_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: epigenetic_tests epigenetic_tests_document_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_tests
    ADD CONSTRAINT epigenetic_tests_document_id_user_id_fkey FOREIGN KEY (document_id, user_id) REFERENCES vitalis.documents(document_id, user_id) ON DELETE SET NULL (document_id);


--
-- Name: epigenetic_tests epigenetic_tests_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.epigenetic_tests
    ADD CONSTRAINT epigenetic_tests_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: goal_alerts goal_alerts_goal_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goal_alerts
    ADD CONSTRAINT goal_alerts_goal_id_user_id_fkey FOREIGN KEY (goal_id, user_id) REFERENCES vitalis.goals(goal_id, user_id) ON DELETE CASCADE;


--
-- Name: goal_alerts goal_alerts_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goal_alerts
    ADD CONSTRAINT goal_alerts_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: goals goals_biomarker_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goals
    ADD CONSTRAINT goals_biomarker_id_fkey FOREIGN KEY (biomarker_id) REFERENCES vitalis.biomarker_dictionary(biomarker_id) ON DELETE SET NULL;


--
-- Name: goals goals_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.goals
    ADD CONSTRAINT goals_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: household_invites household_invites_accepted_by_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.household_invites
    ADD CONSTRAINT household_invites_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES vitalis.users(user_id) ON DELETE SET NULL;


--
-- Name: household_invites household_invites_account_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.household_invites
    ADD CONSTRAINT household_invites_account_id_fkey FOREIGN KEY (account_id) REFERENCES vitalis.accounts(account_id) ON DELETE CASCADE;


--
-- Name: household_invites household_invites_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.household_invites
    ADD CONSTRAINT household_invites_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: ingestion_jobs ingestion_jobs_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.ingestion_jobs
    ADD CONSTRAINT ingestion_jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: insights insights_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.insights
    ADD CONSTRAINT insights_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: lifting_sessions lifting_sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sessions
    ADD CONSTRAINT lifting_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: lifting_sets lifting_sets_exercise_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sets
    ADD CONSTRAINT lifting_sets_exercise_id_fkey FOREIGN KEY (exercise_id) REFERENCES vitalis.exercise_dictionary(exercise_id) ON DELETE SET NULL;


--
-- Name: lifting_sets lifting_sets_session_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sets
    ADD CONSTRAINT lifting_sets_session_id_user_id_fkey FOREIGN KEY (session_id, user_id) REFERENCES vitalis.lifting_sessions(session_id, user_id) ON DELETE CASCADE;


--
-- Name: lifting_sets lifting_sets_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.lifting_sets
    ADD CONSTRAINT lifting_sets_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: measurements measurements_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.measurements
    ADD CONSTRAINT measurements_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: menstrual_cycles menstrual_cycles_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.menstrual_cycles
    ADD CONSTRAINT menstrual_cycles_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: mood_journal mood_journal_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.mood_journal
    ADD CONSTRAINT mood_journal_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: nutrition_logs nutrition_logs_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.nutrition_logs
    ADD CONSTRAINT nutrition_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: oauth_identities oauth_identities_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.oauth_identities
    ADD CONSTRAINT oauth_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: photos photos_linked_scan_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.photos
    ADD CONSTRAINT photos_linked_scan_id_user_id_fkey FOREIGN KEY (linked_scan_id, user_id) REFERENCES vitalis.dexa_scans(scan_id, user_id) ON DELETE SET NULL (linked_scan_id);


--
-- Name: photos photos_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.photos
    ADD CONSTRAINT photos_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: profile_shares profile_shares_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.profile_shares
    ADD CONSTRAINT profile_shares_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: profile_shares profile_shares_viewer_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.profile_shares
    ADD CONSTRAINT profile_shares_viewer_user_id_fkey FOREIGN KEY (viewer_user_id) REFERENCES vitalis.users(user_id) ON DELETE SET NULL;


--
-- Name: supplement_logs supplement_logs_supplement_id_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.supplement_logs
    ADD CONSTRAINT supplement_logs_supplement_id_user_id_fkey FOREIGN KEY (supplement_id, user_id) REFERENCES vitalis.supplements(supplement_id, user_id) ON DELETE CASCADE;


--
-- Name: supplement_logs supplement_logs_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.supplement_logs
    ADD CONSTRAINT supplement_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: supplements supplements_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.supplements
    ADD CONSTRAINT supplements_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: unit_conversions unit_conversions_biomarker_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.unit_conversions
    ADD CONSTRAINT unit_conversions_biomarker_id_fkey FOREIGN KEY (biomarker_id) REFERENCES vitalis.biomarker_dictionary(biomarker_id) ON DELETE CASCADE;


--
-- Name: user_preferences user_preferences_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.user_preferences
    ADD CONSTRAINT user_preferences_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: user_timezones user_timezones_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.user_timezones
    ADD CONSTRAINT user_timezones_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: users users_account_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis.users
    ADD CONSTRAINT users_account_id_fkey FOREIGN KEY (account_id) REFERENCES vitalis.accounts(account_id) ON DELETE CASCADE;


--
-- Name: wearable_activities wearable_activities_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.wearable_activities
    ADD CONSTRAINT wearable_activities_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: wearable_daily wearable_daily_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.wearable_daily
    ADD CONSTRAINT wearable_daily_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: wearable_sleep wearable_sleep_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.wearable_sleep
    ADD CONSTRAINT wearable_sleep_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: activity_source_keys activity_source_keys_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.activity_source_keys
    ADD CONSTRAINT activity_source_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: device_tokens device_tokens_device_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.device_tokens
    ADD CONSTRAINT device_tokens_device_id_fkey FOREIGN KEY (device_id) REFERENCES vitalis.connected_devices(device_id) ON DELETE CASCADE;


--
-- Name: email_tokens email_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.email_tokens
    ADD CONSTRAINT email_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: login_known_sources login_known_sources_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.login_known_sources
    ADD CONSTRAINT login_known_sources_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: oauth_identity_tokens oauth_identity_tokens_identity_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.oauth_identity_tokens
    ADD CONSTRAINT oauth_identity_tokens_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES vitalis.oauth_identities(identity_id) ON DELETE CASCADE;


--
-- Name: provider_oauth_states provider_oauth_states_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.provider_oauth_states
    ADD CONSTRAINT provider_oauth_states_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: sessions sessions_rotated_from_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.sessions
    ADD CONSTRAINT sessions_rotated_from_fkey FOREIGN KEY (rotated_from) REFERENCES vitalis_private.sessions(session_id) ON DELETE SET NULL;


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: user_passwords user_passwords_user_id_fkey; Type: FK CONSTRAINT; Schema: vitalis_private; Owner: vitalis_owner
--

ALTER TABLE ONLY vitalis_private.user_passwords
    ADD CONSTRAINT user_passwords_user_id_fkey FOREIGN KEY (user_id) REFERENCES vitalis.users(user_id) ON DELETE CASCADE;


--
-- Name: accounts account_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY account_isolation ON vitalis.accounts FOR SELECT TO vitalis_api, vitalis_worker USING ((account_id = ( SELECT vitalis.current_account_id() AS current_account_id)));


--
-- Name: household_invites account_members_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY account_members_read ON vitalis.household_invites FOR SELECT TO vitalis_api USING ((account_id = ( SELECT vitalis.current_account_id() AS current_account_id)));


--
-- Name: accounts; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.accounts ENABLE ROW LEVEL SECURITY;

--
-- Name: accounts admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.accounts TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: blood_markers admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.blood_markers TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: blood_panels admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.blood_panels TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: connected_devices admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.connected_devices TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: custom_metric_entries admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.custom_metric_entries TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: custom_metrics admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.custom_metrics TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: data_export_requests admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.data_export_requests TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: deletion_requests admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.deletion_requests TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: dexa_bone_density admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.dexa_bone_density TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: dexa_regions admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.dexa_regions TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: dexa_scans admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.dexa_scans TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: doctor_visit_panels admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.doctor_visit_panels TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: doctor_visits admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.doctor_visits TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: documents admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.documents TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: epigenetic_organ_ages admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.epigenetic_organ_ages TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: epigenetic_tests admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.epigenetic_tests TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: goal_alerts admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.goal_alerts TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: goals admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.goals TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: household_invites admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.household_invites TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: ingestion_jobs admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.ingestion_jobs TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: insights admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.insights TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: lifting_sessions admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.lifting_sessions TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: lifting_sets admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.lifting_sets TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: measurements admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.measurements TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: menstrual_cycles admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.menstrual_cycles TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: mood_journal admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.mood_journal TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: nutrition_logs admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.nutrition_logs TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: oauth_identities admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.oauth_identities TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: photos admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.photos TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: profile_shares admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.profile_shares TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: supplement_logs admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.supplement_logs TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: supplements admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.supplements TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: user_preferences admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.user_preferences TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: user_timezones admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.user_timezones TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: users admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.users TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: wearable_activities admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.wearable_activities TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: wearable_daily admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.wearable_daily TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: wearable_sleep admin_all; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_all ON vitalis.wearable_sleep TO vitalis_admin USING (true) WITH CHECK (true);


--
-- Name: audit_log admin_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY admin_read ON vitalis.audit_log FOR SELECT TO vitalis_admin USING (true);


--
-- Name: audit_log append_by_triggers; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY append_by_triggers ON vitalis.audit_log FOR INSERT TO vitalis_owner WITH CHECK (true);


--
-- Name: audit_log; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: users auth_lookup_by_email; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY auth_lookup_by_email ON vitalis.users FOR SELECT TO vitalis_owner USING ((email = current_setting('vitalis.auth_email'::text, true)));


--
-- Name: oauth_identities auth_lookup_by_identity; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY auth_lookup_by_identity ON vitalis.oauth_identities FOR SELECT TO vitalis_owner USING (((provider = current_setting('vitalis.auth_provider'::text, true)) AND (provider_user_id = current_setting('vitalis.auth_subject'::text, true))));


--
-- Name: accounts auth_register; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY auth_register ON vitalis.accounts FOR INSERT TO vitalis_owner WITH CHECK (true);


--
-- Name: blood_markers; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.blood_markers ENABLE ROW LEVEL SECURITY;

--
-- Name: blood_panels; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.blood_panels ENABLE ROW LEVEL SECURITY;

--
-- Name: connected_devices; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.connected_devices ENABLE ROW LEVEL SECURITY;

--
-- Name: custom_metric_entries; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.custom_metric_entries ENABLE ROW LEVEL SECURITY;

--
-- Name: custom_metrics; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.custom_metrics ENABLE ROW LEVEL SECURITY;

--
-- Name: data_export_requests; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.data_export_requests ENABLE ROW LEVEL SECURITY;

--
-- Name: deletion_requests; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.deletion_requests ENABLE ROW LEVEL SECURITY;

--
-- Name: dexa_bone_density; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.dexa_bone_density ENABLE ROW LEVEL SECURITY;

--
-- Name: dexa_regions; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.dexa_regions ENABLE ROW LEVEL SECURITY;

--
-- Name: dexa_scans; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.dexa_scans ENABLE ROW LEVEL SECURITY;

--
-- Name: doctor_visit_panels; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.doctor_visit_panels ENABLE ROW LEVEL SECURITY;

--
-- Name: doctor_visits; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.doctor_visits ENABLE ROW LEVEL SECURITY;

--
-- Name: documents; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.documents ENABLE ROW LEVEL SECURITY;

--
-- Name: epigenetic_organ_ages; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.epigenetic_organ_ages ENABLE ROW LEVEL SECURITY;

--
-- Name: epigenetic_tests; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.epigenetic_tests ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log gdpr_anonymise; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY gdpr_anonymise ON vitalis.audit_log FOR UPDATE TO vitalis_owner USING (true) WITH CHECK ((user_id IS NULL));


--
-- Name: audit_log gdpr_anonymise_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY gdpr_anonymise_read ON vitalis.audit_log FOR SELECT TO vitalis_owner USING ((current_setting('vitalis.audit_rewrite'::text, true) = 'gdpr_anonymise'::text));


--
-- Name: goal_alerts; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.goal_alerts ENABLE ROW LEVEL SECURITY;

--
-- Name: goals; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.goals ENABLE ROW LEVEL SECURITY;

--
-- Name: accounts household_internal; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_internal ON vitalis.accounts TO vitalis_owner USING (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open)) WITH CHECK (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open));


--
-- Name: household_invites household_internal; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_internal ON vitalis.household_invites TO vitalis_owner USING (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open)) WITH CHECK (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open));


--
-- Name: profile_shares household_internal; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_internal ON vitalis.profile_shares TO vitalis_owner USING (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open)) WITH CHECK (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open));


--
-- Name: users household_internal; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_internal ON vitalis.users TO vitalis_owner USING (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open)) WITH CHECK (( SELECT vitalis_private.household_gate_is_open() AS household_gate_is_open));


--
-- Name: household_invites; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.household_invites ENABLE ROW LEVEL SECURITY;

--
-- Name: blood_markers household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.blood_markers FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: blood_panels household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.blood_panels FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: custom_metric_entries household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.custom_metric_entries FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: custom_metrics household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.custom_metrics FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: dexa_bone_density household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.dexa_bone_density FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: dexa_regions household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.dexa_regions FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: dexa_scans household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.dexa_scans FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: doctor_visit_panels household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.doctor_visit_panels FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: doctor_visits household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.doctor_visits FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: documents household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.documents FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: epigenetic_organ_ages household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.epigenetic_organ_ages FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: epigenetic_tests household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.epigenetic_tests FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: goal_alerts household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.goal_alerts FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: goals household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.goals FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: insights household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.insights FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: lifting_sessions household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.lifting_sessions FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: lifting_sets household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.lifting_sets FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: measurements household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.measurements FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: menstrual_cycles household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.menstrual_cycles FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: mood_journal household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.mood_journal FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: nutrition_logs household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.nutrition_logs FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: photos household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.photos FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: supplement_logs household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.supplement_logs FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: supplements household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.supplements FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: user_preferences household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.user_preferences FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: user_timezones household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.user_timezones FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: users household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.users FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: wearable_activities household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.wearable_activities FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: wearable_daily household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.wearable_daily FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: wearable_sleep household_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_read ON vitalis.wearable_sleep FOR SELECT TO vitalis_api USING (((CURRENT_USER = 'vitalis_api'::name) AND (user_id = ANY (( SELECT vitalis.viewable_user_ids() AS viewable_user_ids)::uuid[]))));


--
-- Name: users household_sharers; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY household_sharers ON vitalis.users FOR SELECT TO vitalis_owner USING ((user_id IN ( SELECT s.user_id
   FROM vitalis.profile_shares s
  WHERE ((s.viewer_user_id = ( SELECT vitalis.current_user_id() AS current_user_id)) AND (s.revoked_at IS NULL)))));


--
-- Name: ingestion_jobs; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.ingestion_jobs ENABLE ROW LEVEL SECURITY;

--
-- Name: insights; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.insights ENABLE ROW LEVEL SECURITY;

--
-- Name: lifting_sessions; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.lifting_sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: lifting_sets; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.lifting_sets ENABLE ROW LEVEL SECURITY;

--
-- Name: measurements; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.measurements ENABLE ROW LEVEL SECURITY;

--
-- Name: menstrual_cycles; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.menstrual_cycles ENABLE ROW LEVEL SECURITY;

--
-- Name: mood_journal; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.mood_journal ENABLE ROW LEVEL SECURITY;

--
-- Name: nutrition_logs; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.nutrition_logs ENABLE ROW LEVEL SECURITY;

--
-- Name: oauth_identities; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.oauth_identities ENABLE ROW LEVEL SECURITY;

--
-- Name: photos; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.photos ENABLE ROW LEVEL SECURITY;

--
-- Name: profile_shares; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.profile_shares ENABLE ROW LEVEL SECURITY;

--
-- Name: connected_devices provider_webhook_lookup; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY provider_webhook_lookup ON vitalis.connected_devices FOR SELECT TO vitalis_owner USING ((((source)::text = current_setting('vitalis.webhook_source'::text, true)) AND (external_user_id = current_setting('vitalis.webhook_external_user_id'::text, true))));


--
-- Name: POLICY provider_webhook_lookup ON connected_devices; Type: COMMENT; Schema: vitalis; Owner: vitalis_owner
--

COMMENT ON POLICY provider_webhook_lookup ON vitalis.connected_devices IS 'Lets enqueue_provider_webhook_sync (SECURITY DEFINER) find the connections a webhook names, while the transaction-local settings name them.';


--
-- Name: supplement_logs; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.supplement_logs ENABLE ROW LEVEL SECURITY;

--
-- Name: supplements; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.supplements ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.audit_log FOR SELECT TO vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: blood_markers user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.blood_markers TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: blood_panels user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.blood_panels TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: connected_devices user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.connected_devices TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: custom_metric_entries user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.custom_metric_entries TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: custom_metrics user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.custom_metrics TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: data_export_requests user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.data_export_requests TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: deletion_requests user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.deletion_requests TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: dexa_bone_density user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.dexa_bone_density TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: dexa_regions user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.dexa_regions TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: dexa_scans user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.dexa_scans TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: doctor_visit_panels user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.doctor_visit_panels TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: doctor_visits user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.doctor_visits TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: documents user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.documents TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: epigenetic_organ_ages user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.epigenetic_organ_ages TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: epigenetic_tests user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.epigenetic_tests TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: goal_alerts user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.goal_alerts TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: goals user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.goals TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: household_invites user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.household_invites TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: ingestion_jobs user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.ingestion_jobs TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: insights user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.insights TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: lifting_sessions user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.lifting_sessions TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: lifting_sets user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.lifting_sets TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: measurements user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.measurements TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: menstrual_cycles user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.menstrual_cycles TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: mood_journal user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.mood_journal TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: nutrition_logs user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.nutrition_logs TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: oauth_identities user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.oauth_identities TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: photos user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.photos TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: profile_shares user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.profile_shares TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: supplement_logs user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.supplement_logs TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: supplements user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.supplements TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: user_preferences user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.user_preferences TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: user_timezones user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.user_timezones TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: users user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.users TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: wearable_activities user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.wearable_activities TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: wearable_daily user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.wearable_daily TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: wearable_sleep user_isolation; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY user_isolation ON vitalis.wearable_sleep TO vitalis_owner, vitalis_api, vitalis_worker USING ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: user_preferences; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.user_preferences ENABLE ROW LEVEL SECURITY;

--
-- Name: user_timezones; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.user_timezones ENABLE ROW LEVEL SECURITY;

--
-- Name: users; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.users ENABLE ROW LEVEL SECURITY;

--
-- Name: profile_shares viewer_read; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY viewer_read ON vitalis.profile_shares FOR SELECT TO vitalis_owner, vitalis_api, vitalis_worker USING ((viewer_user_id = ( SELECT vitalis.current_user_id() AS current_user_id)));


--
-- Name: wearable_activities; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.wearable_activities ENABLE ROW LEVEL SECURITY;

--
-- Name: wearable_daily; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.wearable_daily ENABLE ROW LEVEL SECURITY;

--
-- Name: wearable_sleep; Type: ROW SECURITY; Schema: vitalis; Owner: vitalis_owner
--

ALTER TABLE vitalis.wearable_sleep ENABLE ROW LEVEL SECURITY;

--
-- Name: ingestion_jobs worker_all_jobs; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY worker_all_jobs ON vitalis.ingestion_jobs TO vitalis_worker USING (true) WITH CHECK (true);


--
-- Name: connected_devices worker_sync_all_users; Type: POLICY; Schema: vitalis; Owner: vitalis_owner
--

CREATE POLICY worker_sync_all_users ON vitalis.connected_devices TO vitalis_worker USING (true) WITH CHECK (true);


--
-- Name: SCHEMA analytics; Type: ACL; Schema: -; Owner: vitalis_owner
--

GRANT USAGE ON SCHEMA analytics TO vitalis_readonly;
GRANT USAGE ON SCHEMA analytics TO vitalis_admin;
GRANT ALL ON SCHEMA analytics TO vitalis_analytics;


--
-- Name: SCHEMA vitalis; Type: ACL; Schema: -; Owner: vitalis_owner
--

GRANT USAGE ON SCHEMA vitalis TO vitalis_anonymous;
GRANT USAGE ON SCHEMA vitalis TO vitalis_api;
GRANT USAGE ON SCHEMA vitalis TO vitalis_worker;
GRANT USAGE ON SCHEMA vitalis TO vitalis_admin;
GRANT USAGE ON SCHEMA vitalis TO vitalis_readonly;
GRANT USAGE ON SCHEMA vitalis TO vitalis_analytics;


--
-- Name: SCHEMA vitalis_private; Type: ACL; Schema: -; Owner: vitalis_owner
--

GRANT USAGE ON SCHEMA vitalis_private TO vitalis_anonymous;
GRANT USAGE ON SCHEMA vitalis_private TO vitalis_api;
GRANT USAGE ON SCHEMA vitalis_private TO vitalis_worker;
GRANT USAGE ON SCHEMA vitalis_private TO vitalis_admin;
GRANT USAGE ON SCHEMA vitalis_private TO vitalis_analytics;
GRANT USAGE ON SCHEMA vitalis_private TO vitalis_authenticator;


--
-- Name: FUNCTION accept_household_invite(token text); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.accept_household_invite(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.accept_household_invite(token text) TO vitalis_api;


--
-- Name: FUNCTION current_user_id(); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.current_user_id() TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis.current_user_id() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.current_user_id() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.current_user_id() TO vitalis_admin;


--
-- Name: TABLE goal_alerts; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.goal_alerts TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.goal_alerts TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.goal_alerts TO vitalis_admin;


--
-- Name: FUNCTION acknowledge_goal_alert(alert_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.acknowledge_goal_alert(alert_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.acknowledge_goal_alert(alert_id uuid) TO vitalis_api;


--
-- Name: FUNCTION biomarker_trend(biomarker text, since date, for_user uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.biomarker_trend(biomarker text, since date, for_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.biomarker_trend(biomarker text, since date, for_user uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.biomarker_trend(biomarker text, since date, for_user uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.biomarker_trend(biomarker text, since date, for_user uuid) TO vitalis_admin;


--
-- Name: TABLE deletion_requests; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.deletion_requests TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.deletion_requests TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.deletion_requests TO vitalis_admin;


--
-- Name: FUNCTION cancel_account_deletion(); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.cancel_account_deletion() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.cancel_account_deletion() TO vitalis_api;


--
-- Name: TABLE ingestion_jobs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.ingestion_jobs TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.ingestion_jobs TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.ingestion_jobs TO vitalis_admin;


--
-- Name: FUNCTION cancel_ingestion_job(job_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.cancel_ingestion_job(job_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.cancel_ingestion_job(job_id uuid) TO vitalis_api;


--
-- Name: FUNCTION refuse(p_message text, p_column text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.refuse(p_message text, p_column text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.refuse(p_message text, p_column text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.refuse(p_message text, p_column text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.refuse(p_message text, p_column text) TO vitalis_admin;


--
-- Name: TABLE documents; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.documents TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.documents TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.documents TO vitalis_admin;


--
-- Name: COLUMN documents.document_type; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(document_type) ON TABLE vitalis.documents TO vitalis_api;


--
-- Name: COLUMN documents.provider_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(provider_name) ON TABLE vitalis.documents TO vitalis_api;


--
-- Name: COLUMN documents.original_filename; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(original_filename) ON TABLE vitalis.documents TO vitalis_api;


--
-- Name: COLUMN documents.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.documents TO vitalis_api;


--
-- Name: FUNCTION confirm_document(document_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.confirm_document(document_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.confirm_document(document_id uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.confirm_document(document_id uuid) TO vitalis_worker;


--
-- Name: FUNCTION confirm_document_upload(document_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.confirm_document_upload(document_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.confirm_document_upload(document_id uuid) TO vitalis_api;


--
-- Name: FUNCTION convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) TO vitalis_readonly;
GRANT ALL ON FUNCTION vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid) TO vitalis_admin;


--
-- Name: FUNCTION create_file_import(file_type text, object_key text, weight_unit text); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.create_file_import(file_type text, object_key text, weight_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.create_file_import(file_type text, object_key text, weight_unit text) TO vitalis_api;


--
-- Name: FUNCTION current_account_id(); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.current_account_id() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.current_account_id() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.current_account_id() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.current_account_id() TO vitalis_admin;


--
-- Name: FUNCTION dashboard(days integer, for_user uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.dashboard(days integer, for_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.dashboard(days integer, for_user uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.dashboard(days integer, for_user uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.dashboard(days integer, for_user uuid) TO vitalis_admin;


--
-- Name: FUNCTION date_window_end(p_kind text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.date_window_end(p_kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.date_window_end(p_kind text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.date_window_end(p_kind text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.date_window_end(p_kind text) TO vitalis_admin;


--
-- Name: FUNCTION refuse_date(p_field text, p_column text, p_kind text, p_value text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) TO vitalis_admin;


--
-- Name: TABLE dexa_scans; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.dexa_scans TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.dexa_scans TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.dexa_scans TO vitalis_admin;


--
-- Name: COLUMN dexa_scans.provider; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(provider),UPDATE(provider) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.scan_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(scan_date),UPDATE(scan_date) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.age_at_scan; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(age_at_scan),UPDATE(age_at_scan) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.height_in; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(height_in),UPDATE(height_in) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.weight_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(weight_lbs),UPDATE(weight_lbs) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.total_mass_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_mass_lbs),UPDATE(total_mass_lbs) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.total_fat_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_fat_lbs),UPDATE(total_fat_lbs) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.total_lean_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_lean_lbs),UPDATE(total_lean_lbs) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.total_bmc_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_bmc_lbs),UPDATE(total_bmc_lbs) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.total_body_fat_pct; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_body_fat_pct),UPDATE(total_body_fat_pct) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.visceral_fat_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(visceral_fat_lbs),UPDATE(visceral_fat_lbs) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.visceral_fat_in3; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(visceral_fat_in3),UPDATE(visceral_fat_in3) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.android_gynoid_ratio; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(android_gynoid_ratio),UPDATE(android_gynoid_ratio) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: COLUMN dexa_scans.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.dexa_scans TO vitalis_api;


--
-- Name: FUNCTION dexa_scans_height_display(s vitalis.dexa_scans); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.dexa_scans_height_display(s vitalis.dexa_scans) TO vitalis_admin;


--
-- Name: FUNCTION dexa_scans_weight_display(s vitalis.dexa_scans); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.dexa_scans_weight_display(s vitalis.dexa_scans) TO vitalis_admin;


--
-- Name: TABLE insights; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.insights TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.insights TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.insights TO vitalis_admin;


--
-- Name: FUNCTION dismiss_insight(insight_id uuid, dismissed boolean); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.dismiss_insight(insight_id uuid, dismissed boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.dismiss_insight(insight_id uuid, dismissed boolean) TO vitalis_api;


--
-- Name: TABLE profile_shares; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.profile_shares TO vitalis_api;
GRANT SELECT ON TABLE vitalis.profile_shares TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.profile_shares TO vitalis_admin;


--
-- Name: FUNCTION grant_document_review(reviewer uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.grant_document_review(reviewer uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.grant_document_review(reviewer uuid) TO vitalis_api;


--
-- Name: FUNCTION grant_profile_view(viewer uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.grant_profile_view(viewer uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.grant_profile_view(viewer uuid) TO vitalis_api;


--
-- Name: FUNCTION invite_household_member(email text, OUT invite_id uuid, OUT token text); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.invite_household_member(email text, OUT invite_id uuid, OUT token text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.invite_household_member(email text, OUT invite_id uuid, OUT token text) TO vitalis_api;


--
-- Name: FUNCTION latest_biomarkers(for_user uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.latest_biomarkers(for_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.latest_biomarkers(for_user uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.latest_biomarkers(for_user uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.latest_biomarkers(for_user uuid) TO vitalis_admin;


--
-- Name: TABLE lifting_sets; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.lifting_sets TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.lifting_sets TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.lifting_sets TO vitalis_admin;


--
-- Name: COLUMN lifting_sets.session_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(session_id),UPDATE(session_id) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.exercise_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(exercise_id),UPDATE(exercise_id) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.set_number; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(set_number),UPDATE(set_number) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.exercise_order; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(exercise_order),UPDATE(exercise_order) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.weight_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(weight_lbs),UPDATE(weight_lbs) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.reps; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(reps),UPDATE(reps) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.rpe; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(rpe),UPDATE(rpe) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.is_warmup; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(is_warmup),UPDATE(is_warmup) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.distance_m; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(distance_m),UPDATE(distance_m) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: COLUMN lifting_sets.duration_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(duration_seconds),UPDATE(duration_seconds) ON TABLE vitalis.lifting_sets TO vitalis_api;


--
-- Name: FUNCTION lifting_sets_distance_display(s vitalis.lifting_sets); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.lifting_sets_distance_display(s vitalis.lifting_sets) TO vitalis_admin;


--
-- Name: FUNCTION lifting_sets_weight_display(s vitalis.lifting_sets); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.lifting_sets_weight_display(s vitalis.lifting_sets) TO vitalis_admin;


--
-- Name: FUNCTION measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_admin;


--
-- Name: FUNCTION refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_admin;


--
-- Name: TABLE measurements; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.measurements TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.measurements TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.measurements TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.measurements TO vitalis_analytics;


--
-- Name: COLUMN measurements.metric; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(metric),UPDATE(metric) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: COLUMN measurements.value; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(value),UPDATE(value) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: COLUMN measurements.unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(unit),UPDATE(unit) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: COLUMN measurements.measured_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(measured_at),UPDATE(measured_at) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: COLUMN measurements.source; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source),UPDATE(source) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: COLUMN measurements.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: COLUMN measurements.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.measurements TO vitalis_api;


--
-- Name: FUNCTION measurements_value_display(m vitalis.measurements); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.measurements_value_display(m vitalis.measurements) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.measurements_value_display(m vitalis.measurements) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.measurements_value_display(m vitalis.measurements) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.measurements_value_display(m vitalis.measurements) TO vitalis_admin;


--
-- Name: FUNCTION normalize_unit(p_unit text); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.normalize_unit(p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.normalize_unit(p_unit text) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis.normalize_unit(p_unit text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.normalize_unit(p_unit text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.normalize_unit(p_unit text) TO vitalis_readonly;
GRANT ALL ON FUNCTION vitalis.normalize_unit(p_unit text) TO vitalis_admin;


--
-- Name: FUNCTION request_account_deletion(); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.request_account_deletion() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.request_account_deletion() TO vitalis_api;


--
-- Name: FUNCTION request_provider_sync(source vitalis.data_source, backfill boolean); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.request_provider_sync(source vitalis.data_source, backfill boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.request_provider_sync(source vitalis.data_source, backfill boolean) TO vitalis_api;


--
-- Name: FUNCTION revise_document_header(document_id uuid, changes jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.revise_document_header(document_id uuid, changes jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.revise_document_header(document_id uuid, changes jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.revise_document_header(document_id uuid, changes jsonb) TO vitalis_worker;


--
-- Name: FUNCTION revise_document_item(document_id uuid, item_id text, changes jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.revise_document_item(document_id uuid, item_id text, changes jsonb) TO vitalis_worker;


--
-- Name: FUNCTION revoke_document_review(reviewer uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.revoke_document_review(reviewer uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.revoke_document_review(reviewer uuid) TO vitalis_api;


--
-- Name: FUNCTION revoke_household_invite(invite_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.revoke_household_invite(invite_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.revoke_household_invite(invite_id uuid) TO vitalis_api;


--
-- Name: FUNCTION revoke_profile_view(viewer uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.revoke_profile_view(viewer uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.revoke_profile_view(viewer uuid) TO vitalis_api;


--
-- Name: TABLE user_timezones; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.user_timezones TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.user_timezones TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.user_timezones TO vitalis_admin;


--
-- Name: FUNCTION set_timezone(timezone text, valid_from timestamp with time zone, source text); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.set_timezone(timezone text, valid_from timestamp with time zone, source text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.set_timezone(timezone text, valid_from timestamp with time zone, source text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.set_timezone(timezone text, valid_from timestamp with time zone, source text) TO vitalis_worker;


--
-- Name: FUNCTION source_priority(category text); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.source_priority(category text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.source_priority(category text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.source_priority(category text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.source_priority(category text) TO vitalis_admin;


--
-- Name: FUNCTION timezone_at(at timestamp with time zone, for_user uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.timezone_at(at timestamp with time zone, for_user uuid) TO vitalis_admin;


--
-- Name: FUNCTION to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) TO vitalis_readonly;
GRANT ALL ON FUNCTION vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid) TO vitalis_admin;


--
-- Name: FUNCTION upsert_blood_panels(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_blood_panels(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION upsert_dexa_scans(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_dexa_scans(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION upsert_epigenetic_tests(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_epigenetic_tests(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION upsert_measurements(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_measurements(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_measurements(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_measurements(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_measurements(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION upsert_wearable_activities(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_activities(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION upsert_wearable_daily(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_daily(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION upsert_wearable_sleep(p_rows jsonb); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.upsert_wearable_sleep(p_rows jsonb) TO vitalis_admin;


--
-- Name: FUNCTION viewable_user_ids(); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.viewable_user_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.viewable_user_ids() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.viewable_user_ids() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.viewable_user_ids() TO vitalis_admin;


--
-- Name: TABLE wearable_activities; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.wearable_activities TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.wearable_activities TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.wearable_activities TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.wearable_activities TO vitalis_analytics;


--
-- Name: COLUMN wearable_activities.activity_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(activity_date),UPDATE(activity_date) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.source; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source),UPDATE(source) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.source_activity_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source_activity_id),UPDATE(source_activity_id) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.activity_type; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(activity_type),UPDATE(activity_type) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.activity_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(activity_name),UPDATE(activity_name) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.start_time; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(start_time),UPDATE(start_time) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.end_time; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(end_time),UPDATE(end_time) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.duration_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(duration_seconds),UPDATE(duration_seconds) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.distance_m; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(distance_m),UPDATE(distance_m) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.calories_kcal; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(calories_kcal),UPDATE(calories_kcal) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.avg_hr_bpm; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_hr_bpm),UPDATE(avg_hr_bpm) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.max_hr_bpm; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(max_hr_bpm),UPDATE(max_hr_bpm) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.hr_zone_1_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hr_zone_1_seconds),UPDATE(hr_zone_1_seconds) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.hr_zone_2_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hr_zone_2_seconds),UPDATE(hr_zone_2_seconds) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.hr_zone_3_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hr_zone_3_seconds),UPDATE(hr_zone_3_seconds) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.hr_zone_4_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hr_zone_4_seconds),UPDATE(hr_zone_4_seconds) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.hr_zone_5_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hr_zone_5_seconds),UPDATE(hr_zone_5_seconds) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.avg_pace_sec_per_km; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_pace_sec_per_km),UPDATE(avg_pace_sec_per_km) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.avg_speed_kmh; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_speed_kmh),UPDATE(avg_speed_kmh) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.elevation_gain_m; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(elevation_gain_m),UPDATE(elevation_gain_m) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.avg_power_watts; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_power_watts),UPDATE(avg_power_watts) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.normalized_power_watts; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(normalized_power_watts),UPDATE(normalized_power_watts) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.training_stress_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(training_stress_score),UPDATE(training_stress_score) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.training_effect_aerobic; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(training_effect_aerobic),UPDATE(training_effect_aerobic) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.training_effect_anaerobic; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(training_effect_anaerobic),UPDATE(training_effect_anaerobic) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.vo2_max_ml_kg_min; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(vo2_max_ml_kg_min),UPDATE(vo2_max_ml_kg_min) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: COLUMN wearable_activities.raw_data; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(raw_data),UPDATE(raw_data) ON TABLE vitalis.wearable_activities TO vitalis_api;


--
-- Name: FUNCTION wearable_activities_distance_display(a vitalis.wearable_activities); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.wearable_activities_distance_display(a vitalis.wearable_activities) TO vitalis_admin;


--
-- Name: TABLE wearable_daily; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.wearable_daily TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.wearable_daily TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.wearable_daily TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.wearable_daily TO vitalis_analytics;


--
-- Name: COLUMN wearable_daily.date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(date),UPDATE(date) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.source; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source),UPDATE(source) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.resting_hr_bpm; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(resting_hr_bpm),UPDATE(resting_hr_bpm) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.max_hr_bpm; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(max_hr_bpm),UPDATE(max_hr_bpm) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.hrv_rmssd_ms; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hrv_rmssd_ms),UPDATE(hrv_rmssd_ms) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.steps; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(steps),UPDATE(steps) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.active_calories_kcal; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(active_calories_kcal),UPDATE(active_calories_kcal) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.total_calories_kcal; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_calories_kcal),UPDATE(total_calories_kcal) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.active_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(active_minutes),UPDATE(active_minutes) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.moderate_intensity_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(moderate_intensity_minutes),UPDATE(moderate_intensity_minutes) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.vigorous_intensity_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(vigorous_intensity_minutes),UPDATE(vigorous_intensity_minutes) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.distance_m; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(distance_m),UPDATE(distance_m) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.floors_climbed; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(floors_climbed),UPDATE(floors_climbed) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.spo2_avg_pct; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(spo2_avg_pct),UPDATE(spo2_avg_pct) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.spo2_min_pct; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(spo2_min_pct),UPDATE(spo2_min_pct) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.respiratory_rate_avg; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(respiratory_rate_avg),UPDATE(respiratory_rate_avg) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.stress_avg; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(stress_avg),UPDATE(stress_avg) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.body_battery_start; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(body_battery_start),UPDATE(body_battery_start) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.body_battery_end; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(body_battery_end),UPDATE(body_battery_end) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.readiness_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(readiness_score),UPDATE(readiness_score) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.recovery_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(recovery_score),UPDATE(recovery_score) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.skin_temp_deviation_c; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(skin_temp_deviation_c),UPDATE(skin_temp_deviation_c) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.vo2_max_ml_kg_min; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(vo2_max_ml_kg_min),UPDATE(vo2_max_ml_kg_min) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: COLUMN wearable_daily.raw_data; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(raw_data),UPDATE(raw_data) ON TABLE vitalis.wearable_daily TO vitalis_api;


--
-- Name: FUNCTION wearable_daily_distance_display(d vitalis.wearable_daily); Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis.wearable_daily_distance_display(d vitalis.wearable_daily) TO vitalis_admin;


--
-- Name: FUNCTION act_for_document(p_document_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.act_for_document(p_document_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION add_household_read_policy(p_table regclass); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.add_household_read_policy(p_table regclass) FROM PUBLIC;


--
-- Name: FUNCTION add_updated_at_trigger(p_table regclass); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.add_updated_at_trigger(p_table regclass) FROM PUBLIC;


--
-- Name: FUNCTION anonymise_audit_log(p_user_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid) TO vitalis_admin;


--
-- Name: FUNCTION apply_revision(p_target jsonb, p_target_type text, p_changes jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.apply_revision(p_target jsonb, p_target_type text, p_changes jsonb) FROM PUBLIC;


--
-- Name: FUNCTION assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]) TO vitalis_worker;


--
-- Name: FUNCTION assert_may_read(p_for_user uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.assert_may_read(p_for_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.assert_may_read(p_for_user uuid) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.assert_may_read(p_for_user uuid) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.assert_may_read(p_for_user uuid) TO vitalis_admin;


--
-- Name: FUNCTION assert_reviewable(p_document vitalis.documents); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.assert_reviewable(p_document vitalis.documents) FROM PUBLIC;


--
-- Name: FUNCTION audit_redacted_columns(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.audit_redacted_columns() FROM PUBLIC;


--
-- Name: FUNCTION audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb) TO vitalis_worker;


--
-- Name: FUNCTION auth_change_password(p_session_id uuid, p_current_password text, p_new_password text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_change_password(p_session_id uuid, p_current_password text, p_new_password text) TO vitalis_api;


--
-- Name: FUNCTION auth_check_password(p_password text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_check_password(p_password text) FROM PUBLIC;


--
-- Name: FUNCTION auth_hash_password(p_password text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_hash_password(p_password text) FROM PUBLIC;


--
-- Name: FUNCTION auth_ip_bucket(p_ip inet); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_ip_bucket(p_ip inet) FROM PUBLIC;


--
-- Name: FUNCTION auth_issue_session(p_user_id uuid, p_refresh_ttl_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_issue_session(p_user_id uuid, p_refresh_ttl_seconds integer) FROM PUBLIC;


--
-- Name: FUNCTION auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer, p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer, p_max_per_account integer, p_account_window_seconds integer, p_base_delay_seconds integer, p_max_delay_seconds integer) TO vitalis_anonymous;


--
-- Name: FUNCTION auth_logout(p_session_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_logout(p_session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_logout(p_session_id uuid) TO vitalis_api;


--
-- Name: FUNCTION auth_new_session(p_user_id uuid, p_ttl_seconds integer, p_family_id uuid, p_rotated_from uuid, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_new_session(p_user_id uuid, p_ttl_seconds integer, p_family_id uuid, p_rotated_from uuid, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION auth_oauth_sign_in(p_provider text, p_subject text, p_email text, p_email_verified boolean, p_display_name text, p_refresh_ttl_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_oauth_sign_in(p_provider text, p_subject text, p_email text, p_email_verified boolean, p_display_name text, p_refresh_ttl_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_oauth_sign_in(p_provider text, p_subject text, p_email text, p_email_verified boolean, p_display_name text, p_refresh_ttl_seconds integer) TO vitalis_anonymous;


--
-- Name: FUNCTION auth_random_token(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_random_token() FROM PUBLIC;


--
-- Name: FUNCTION auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer, p_max_per_address integer, p_max_per_ip integer) TO vitalis_api;


--
-- Name: FUNCTION auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_refresh(p_refresh_token text, p_refresh_ttl_seconds integer) TO vitalis_anonymous;


--
-- Name: FUNCTION auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_register(p_email text, p_password text, p_display_name text, p_refresh_ttl_seconds integer) TO vitalis_anonymous;


--
-- Name: FUNCTION auth_request_email_verification(p_ttl_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_request_email_verification(p_ttl_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_request_email_verification(p_ttl_seconds integer) TO vitalis_api;


--
-- Name: FUNCTION auth_request_password_reset(p_email text, p_ttl_seconds integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_request_password_reset(p_email text, p_ttl_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_request_password_reset(p_email text, p_ttl_seconds integer) TO vitalis_anonymous;


--
-- Name: FUNCTION auth_reset_password(p_token text, p_new_password text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_reset_password(p_token text, p_new_password text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_reset_password(p_token text, p_new_password text) TO vitalis_anonymous;


--
-- Name: FUNCTION auth_revoke_sessions(p_user_id uuid, p_reason text, p_keep_family uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_revoke_sessions(p_user_id uuid, p_reason text, p_keep_family uuid) FROM PUBLIC;


--
-- Name: FUNCTION auth_session_is_live(p_session_id uuid, p_user_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_session_is_live(p_session_id uuid, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_session_is_live(p_session_id uuid, p_user_id uuid) TO vitalis_authenticator;


--
-- Name: FUNCTION auth_sign_in(p_user_id uuid, p_ttl_seconds integer, p_details jsonb, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_sign_in(p_user_id uuid, p_ttl_seconds integer, p_details jsonb, OUT session_id uuid, OUT refresh_token text, OUT expires_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION auth_tg_users__revoke_sessions(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_tg_users__revoke_sessions() FROM PUBLIC;


--
-- Name: FUNCTION auth_token_hash(p_token text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_token_hash(p_token text) FROM PUBLIC;


--
-- Name: FUNCTION auth_user_by_email(p_email text, OUT user_id uuid, OUT password_hash text, OUT email_verified_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_user_by_email(p_email text, OUT user_id uuid, OUT password_hash text, OUT email_verified_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION auth_verify_email(p_token text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.auth_verify_email(p_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.auth_verify_email(p_token text) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis_private.auth_verify_email(p_token text) TO vitalis_api;


--
-- Name: FUNCTION begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.begin_document_upload(p_document_type vitalis.document_type, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT s3_key text, OUT duplicate boolean, OUT awaiting_upload boolean) TO vitalis_api;


--
-- Name: FUNCTION check_batch(p_rows jsonb, p_table text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.check_batch(p_rows jsonb, p_table text) TO vitalis_admin;


--
-- Name: FUNCTION check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.check_document_upload(p_document_type vitalis.document_type, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint) FROM PUBLIC;


--
-- Name: FUNCTION check_partition_dates(p_table text, p_column text, p_min date, p_max date); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) TO vitalis_admin;


--
-- Name: FUNCTION check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean) FROM PUBLIC;


--
-- Name: FUNCTION clear_learned(p_user uuid, p_span tstzrange); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.clear_learned(p_user uuid, p_span tstzrange) FROM PUBLIC;


--
-- Name: FUNCTION confirm_dexa_draft(p_document vitalis.documents); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.confirm_dexa_draft(p_document vitalis.documents) FROM PUBLIC;


--
-- Name: FUNCTION confirm_draft(p_document vitalis.documents, p_confirmed_by uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.confirm_draft(p_document vitalis.documents, p_confirmed_by uuid) FROM PUBLIC;


--
-- Name: FUNCTION confirm_epigenetic_draft(p_document vitalis.documents); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.confirm_epigenetic_draft(p_document vitalis.documents) FROM PUBLIC;


--
-- Name: FUNCTION confirm_lab_draft(p_document vitalis.documents); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.confirm_lab_draft(p_document vitalis.documents) FROM PUBLIC;


--
-- Name: FUNCTION consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source) TO vitalis_anonymous;


--
-- Name: FUNCTION create_partitions(p_table regclass, p_from date, p_to date); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) TO vitalis_worker;


--
-- Name: FUNCTION create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text) TO vitalis_api;


--
-- Name: FUNCTION create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text, p_return_to text) TO vitalis_api;


--
-- Name: FUNCTION current_request_id(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.current_request_id() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.current_request_id() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.current_request_id() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.current_request_id() TO vitalis_admin;


--
-- Name: FUNCTION describe_table(p_table regclass); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.describe_table(p_table regclass) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.describe_table(p_table regclass) TO vitalis_admin;


--
-- Name: FUNCTION device_has_token(p_device_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.device_has_token(p_device_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.device_has_token(p_device_id uuid) TO vitalis_worker;


--
-- Name: FUNCTION disconnect_device(p_source vitalis.data_source); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.disconnect_device(p_source vitalis.data_source) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.disconnect_device(p_source vitalis.data_source) TO vitalis_api;


--
-- Name: FUNCTION display_value(p_value numeric, p_from text, p_kind text, p_digits integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.display_value(p_value numeric, p_from text, p_kind text, p_digits integer) TO vitalis_admin;


--
-- Name: FUNCTION document_key(p_user_id uuid, p_folder uuid, p_filename text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.document_key(p_user_id uuid, p_folder uuid, p_filename text) FROM PUBLIC;


--
-- Name: FUNCTION draft_items(p_draft jsonb, p_type text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.draft_items(p_draft jsonb, p_type text) FROM PUBLIC;


--
-- Name: FUNCTION draft_summary(p_draft jsonb, p_type text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.draft_summary(p_draft jsonb, p_type text) FROM PUBLIC;


--
-- Name: FUNCTION draft_timestamp(p_value text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.draft_timestamp(p_value text) FROM PUBLIC;


--
-- Name: FUNCTION drop_check(p_table regclass, p_name text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.drop_check(p_table regclass, p_name text) FROM PUBLIC;


--
-- Name: FUNCTION enqueue_daily_syncs(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.enqueue_daily_syncs() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.enqueue_daily_syncs() TO vitalis_worker;


--
-- Name: FUNCTION enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint, p_max_attempts smallint); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint, p_max_attempts smallint) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.enqueue_ingestion_job(p_user_id uuid, p_job_type vitalis.job_type, p_source vitalis.data_source, p_payload jsonb, p_priority smallint, p_max_attempts smallint) TO vitalis_worker;


--
-- Name: FUNCTION enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb) TO vitalis_anonymous;


--
-- Name: FUNCTION ensure_future_partitions(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.ensure_future_partitions() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.ensure_future_partitions() TO vitalis_worker;


--
-- Name: FUNCTION ensure_partitions(p_table regclass, p_from date, p_to date); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) TO vitalis_api;


--
-- Name: FUNCTION erase_user(p_user_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.erase_user(p_user_id uuid) FROM PUBLIC;


--
-- Name: FUNCTION existing_document(p_sha256 text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.existing_document(p_sha256 text) FROM PUBLIC;


--
-- Name: FUNCTION fail_document_parse(p_document_id uuid, p_message text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.fail_document_parse(p_document_id uuid, p_message text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.fail_document_parse(p_document_id uuid, p_message text) TO vitalis_worker;


--
-- Name: FUNCTION fail_ingestion_job(p_job_id uuid, p_error text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.fail_ingestion_job(p_job_id uuid, p_error text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.fail_ingestion_job(p_job_id uuid, p_error text) TO vitalis_worker;


--
-- Name: FUNCTION field_name(p_column text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.field_name(p_column text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.field_name(p_column text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.field_name(p_column text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.field_name(p_column text) TO vitalis_admin;


--
-- Name: FUNCTION household_gate_close(p_previous text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.household_gate_close(p_previous text) FROM PUBLIC;


--
-- Name: FUNCTION household_gate_is_open(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.household_gate_is_open() FROM PUBLIC;


--
-- Name: FUNCTION household_gate_open(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.household_gate_open() FROM PUBLIC;


--
-- Name: FUNCTION household_read_excluded(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.household_read_excluded() FROM PUBLIC;


--
-- Name: FUNCTION ingestion_task(job_type vitalis.job_type); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.ingestion_task(job_type vitalis.job_type) FROM PUBLIC;


--
-- Name: FUNCTION is_time_zone_name(p_zone text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.is_time_zone_name(p_zone text) FROM PUBLIC;


--
-- Name: FUNCTION learn_timezone_offsets(p_observations jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb) TO vitalis_worker;


--
-- Name: FUNCTION lock_ingestion_job(p_job_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.lock_ingestion_job(p_job_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.lock_ingestion_job(p_job_id uuid) TO vitalis_worker;


--
-- Name: FUNCTION longest_item(p_items text[]); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.longest_item(p_items text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.longest_item(p_items text[]) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.longest_item(p_items text[]) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.longest_item(p_items text[]) TO vitalis_admin;


--
-- Name: FUNCTION mass_in_lbs(p_value numeric, p_unit text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) TO vitalis_readonly;
GRANT ALL ON FUNCTION vitalis_private.mass_in_lbs(p_value numeric, p_unit text) TO vitalis_admin;


--
-- Name: FUNCTION max_users_message(p_tier vitalis.subscription_tier, p_max smallint); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.max_users_message(p_tier vitalis.subscription_tier, p_max smallint) FROM PUBLIC;


--
-- Name: FUNCTION max_waiting_documents(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.max_waiting_documents() FROM PUBLIC;


--
-- Name: FUNCTION measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, OUT kind text, OUT unit text, OUT min_value numeric, OUT max_value numeric) TO vitalis_admin;


--
-- Name: FUNCTION measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) TO vitalis_admin;


--
-- Name: FUNCTION merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean, OUT panel_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean, OUT panel_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) FROM PUBLIC;


--
-- Name: FUNCTION merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean, OUT scan_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean, OUT scan_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) FROM PUBLIC;


--
-- Name: FUNCTION merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean, OUT test_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean, OUT test_id uuid, OUT inserted integer, OUT updated integer, OUT skipped integer) FROM PUBLIC;


--
-- Name: FUNCTION partition_period(p_table regclass); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.partition_period(p_table regclass) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.partition_period(p_table regclass) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.partition_period(p_table regclass) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.partition_period(p_table regclass) TO vitalis_admin;


--
-- Name: FUNCTION partition_window_end(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.partition_window_end() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.partition_window_end() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.partition_window_end() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.partition_window_end() TO vitalis_admin;


--
-- Name: FUNCTION partition_window_start(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.partition_window_start() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.partition_window_start() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.partition_window_start() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.partition_window_start() TO vitalis_admin;


--
-- Name: FUNCTION progress_ingestion_job(p_job_id uuid, p_progress jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.progress_ingestion_job(p_job_id uuid, p_progress jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.progress_ingestion_job(p_job_id uuid, p_progress jsonb) TO vitalis_worker;


--
-- Name: FUNCTION pseudonym(p_user_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.pseudonym(p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.pseudonym(p_user_id uuid) TO vitalis_analytics;


--
-- Name: FUNCTION put_check(p_table regclass, p_name text, p_expr text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.put_check(p_table regclass, p_name text, p_expr text) FROM PUBLIC;


--
-- Name: FUNCTION queue_document_parse(p_document vitalis.documents); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.queue_document_parse(p_document vitalis.documents) FROM PUBLIC;


--
-- Name: FUNCTION read_device_tokens(p_device_id uuid, p_for_update boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.read_device_tokens(p_device_id uuid, p_for_update boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.read_device_tokens(p_device_id uuid, p_for_update boolean) TO vitalis_worker;


--
-- Name: FUNCTION record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.record_document_upload(p_document_type vitalis.document_type, p_s3_key text, p_original_filename text, p_mime_type text, p_file_size_bytes bigint, p_sha256 text, p_max_bytes bigint, OUT document_id uuid, OUT job_id uuid, OUT duplicate boolean) TO vitalis_api;


--
-- Name: TABLE photos; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.photos TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.photos TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.photos TO vitalis_admin;


--
-- Name: COLUMN photos.photo_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(photo_date) ON TABLE vitalis.photos TO vitalis_api;


--
-- Name: COLUMN photos.photo_type; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(photo_type) ON TABLE vitalis.photos TO vitalis_api;


--
-- Name: COLUMN photos.linked_scan_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(linked_scan_id) ON TABLE vitalis.photos TO vitalis_api;


--
-- Name: COLUMN photos.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(notes) ON TABLE vitalis.photos TO vitalis_api;


--
-- Name: COLUMN photos.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.photos TO vitalis_api;


--
-- Name: FUNCTION record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.record_photo(p_photo_date date, p_photo_type text, p_s3_key text, p_s3_thumbnail_key text, p_file_size_bytes integer, p_linked_scan_id uuid, p_notes text) TO vitalis_api;


--
-- Name: FUNCTION report_batch_headers(p_rows jsonb, p_children text[]); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.report_batch_headers(p_rows jsonb, p_children text[]) FROM PUBLIC;


--
-- Name: FUNCTION report_confirmed(p_row jsonb, p_index bigint); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.report_confirmed(p_row jsonb, p_index bigint) FROM PUBLIC;


--
-- Name: FUNCTION report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean) FROM PUBLIC;


--
-- Name: FUNCTION reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamp with time zone) TO vitalis_worker;


--
-- Name: FUNCTION restore_reviewer(p_reviewer uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.restore_reviewer(p_reviewer uuid) FROM PUBLIC;


--
-- Name: FUNCTION retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamp with time zone) TO vitalis_worker;


--
-- Name: FUNCTION revisable_fields(p_item_type text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.revisable_fields(p_item_type text) FROM PUBLIC;


--
-- Name: FUNCTION revised_value(p_field text, p_kind text, p_value jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.revised_value(p_field text, p_kind text, p_value jsonb) FROM PUBLIC;


--
-- Name: FUNCTION save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text) TO vitalis_api;


--
-- Name: FUNCTION save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.save_document_draft(p_document_id uuid, p_draft jsonb, p_sha256 text) TO vitalis_worker;


--
-- Name: FUNCTION secure_user_table(p_table regclass, p_record_column text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text) FROM PUBLIC;


--
-- Name: FUNCTION secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]) FROM PUBLIC;


--
-- Name: FUNCTION set_client_columns(p_table regclass, p_columns text[]); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.set_client_columns(p_table regclass, p_columns text[]) FROM PUBLIC;


--
-- Name: FUNCTION set_client_columns(p_table regclass, p_insert text[], p_update text[]); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.set_client_columns(p_table regclass, p_insert text[], p_update text[]) FROM PUBLIC;


--
-- Name: FUNCTION set_zone_known(p_user uuid, p_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.set_zone_known(p_user uuid, p_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION source_rank(category text, source vitalis.data_source); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.source_rank(category text, source vitalis.data_source) TO vitalis_admin;


--
-- Name: FUNCTION start_document_parse(p_document_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.start_document_parse(p_document_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.start_document_parse(p_document_id uuid) TO vitalis_worker;


--
-- Name: FUNCTION start_ingestion_job(p_job_id uuid); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.start_ingestion_job(p_job_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.start_ingestion_job(p_job_id uuid) TO vitalis_worker;


--
-- Name: FUNCTION succeed_ingestion_job(p_job_id uuid, p_result jsonb); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.succeed_ingestion_job(p_job_id uuid, p_result jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.succeed_ingestion_job(p_job_id uuid, p_result jsonb) TO vitalis_worker;


--
-- Name: FUNCTION tg__audit_delete(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg__audit_delete() FROM PUBLIC;


--
-- Name: FUNCTION tg__audit_insert(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg__audit_insert() FROM PUBLIC;


--
-- Name: FUNCTION tg__audit_update(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg__audit_update() FROM PUBLIC;


--
-- Name: FUNCTION tg__set_updated_at(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg__set_updated_at() FROM PUBLIC;


--
-- Name: FUNCTION tg__stamp_deleted_at(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg__stamp_deleted_at() FROM PUBLIC;


--
-- Name: FUNCTION tg_accounts__max_users(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_accounts__max_users() FROM PUBLIC;


--
-- Name: FUNCTION tg_audit_log__append_only(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_audit_log__append_only() FROM PUBLIC;


--
-- Name: FUNCTION tg_blood_markers__derive(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_blood_markers__derive() FROM PUBLIC;


--
-- Name: FUNCTION tg_blood_markers__reset_derived(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_blood_markers__reset_derived() FROM PUBLIC;


--
-- Name: FUNCTION tg_custom_metric_entries__validate(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_custom_metric_entries__validate() FROM PUBLIC;


--
-- Name: FUNCTION tg_deletion_requests__grace_period(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_deletion_requests__grace_period() FROM PUBLIC;


--
-- Name: FUNCTION tg_user_preferences__clear_display_cache(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.tg_user_preferences__clear_display_cache() TO vitalis_admin;


--
-- Name: FUNCTION tg_user_preferences__validate_source_priority(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_user_preferences__validate_source_priority() FROM PUBLIC;


--
-- Name: FUNCTION tg_users__account_owner(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_users__account_owner() FROM PUBLIC;


--
-- Name: FUNCTION tg_users__create_preferences(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_users__create_preferences() FROM PUBLIC;


--
-- Name: FUNCTION tg_users__max_users(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_users__max_users() FROM PUBLIC;


--
-- Name: FUNCTION tg_wearable_activities__source_key(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.tg_wearable_activities__source_key() FROM PUBLIC;


--
-- Name: FUNCTION try_inet(value text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.try_inet(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.try_inet(value text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.try_inet(value text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.try_inet(value text) TO vitalis_admin;


--
-- Name: FUNCTION try_uuid(value text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.try_uuid(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.try_uuid(value text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.try_uuid(value text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.try_uuid(value text) TO vitalis_admin;


--
-- Name: FUNCTION unit_bases(p_key text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.unit_bases(p_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.unit_bases(p_key text) TO vitalis_anonymous;
GRANT ALL ON FUNCTION vitalis_private.unit_bases(p_key text) TO vitalis_api;
GRANT ALL ON FUNCTION vitalis_private.unit_bases(p_key text) TO vitalis_worker;
GRANT ALL ON FUNCTION vitalis_private.unit_bases(p_key text) TO vitalis_readonly;
GRANT ALL ON FUNCTION vitalis_private.unit_bases(p_key text) TO vitalis_admin;


--
-- Name: FUNCTION upsert_blood_panel(p_panel jsonb, p_override boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.upsert_blood_panel(p_panel jsonb, p_override boolean) FROM PUBLIC;


--
-- Name: FUNCTION upsert_dexa_scan(p_scan jsonb, p_override boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.upsert_dexa_scan(p_scan jsonb, p_override boolean) FROM PUBLIC;


--
-- Name: FUNCTION upsert_epigenetic_test(p_test jsonb, p_override boolean); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.upsert_epigenetic_test(p_test jsonb, p_override boolean) FROM PUBLIC;


--
-- Name: FUNCTION user_written_columns(); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.user_written_columns() FROM PUBLIC;


--
-- Name: FUNCTION without_mentions(p_image jsonb, p_user_id uuid, p_email text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.without_mentions(p_image jsonb, p_user_id uuid, p_email text) FROM PUBLIC;


--
-- Name: FUNCTION worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: postgres
--

REVOKE ALL ON FUNCTION vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamp with time zone) TO vitalis_owner;


--
-- Name: FUNCTION worker_remove_job(job_key text); Type: ACL; Schema: vitalis_private; Owner: postgres
--

REVOKE ALL ON FUNCTION vitalis_private.worker_remove_job(job_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.worker_remove_job(job_key text) TO vitalis_owner;


--
-- Name: FUNCTION write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text) FROM PUBLIC;
GRANT ALL ON FUNCTION vitalis_private.write_device_tokens(p_device_id uuid, p_access_token_enc text, p_refresh_token_enc text) TO vitalis_worker;


--
-- Name: FUNCTION zone_for_offset(p_minutes integer, p_from timestamp with time zone, p_to timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.zone_for_offset(p_minutes integer, p_from timestamp with time zone, p_to timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION zone_offset_minutes(p_zone text, p_at timestamp with time zone); Type: ACL; Schema: vitalis_private; Owner: vitalis_owner
--

REVOKE ALL ON FUNCTION vitalis_private.zone_offset_minutes(p_zone text, p_at timestamp with time zone) FROM PUBLIC;


--
-- Name: TABLE activity_metrics; Type: ACL; Schema: analytics; Owner: vitalis_analytics
--

GRANT SELECT ON TABLE analytics.activity_metrics TO vitalis_readonly;
GRANT SELECT ON TABLE analytics.activity_metrics TO vitalis_admin;


--
-- Name: TABLE blood_markers; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.blood_markers TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.blood_markers TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.blood_markers TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.blood_markers TO vitalis_analytics;


--
-- Name: COLUMN blood_markers.panel_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(panel_id),UPDATE(panel_id) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.biomarker_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(biomarker_id),UPDATE(biomarker_id) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.raw_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(raw_name),UPDATE(raw_name) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.sub_panel; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sub_panel),UPDATE(sub_panel) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.value_numeric; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(value_numeric),UPDATE(value_numeric) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.value_text; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(value_text),UPDATE(value_text) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(unit),UPDATE(unit) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.ref_range_low; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(ref_range_low),UPDATE(ref_range_low) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.ref_range_high; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(ref_range_high),UPDATE(ref_range_high) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.ref_range_text; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(ref_range_text),UPDATE(ref_range_text) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.flag; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(flag),UPDATE(flag) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: COLUMN blood_markers.lab_code; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(lab_code),UPDATE(lab_code) ON TABLE vitalis.blood_markers TO vitalis_api;


--
-- Name: TABLE blood_panels; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.blood_panels TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.blood_panels TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.blood_panels TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.blood_panels TO vitalis_analytics;


--
-- Name: COLUMN blood_panels.lab_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(lab_name),UPDATE(lab_name) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.lab_provider; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(lab_provider),UPDATE(lab_provider) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.panel_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(panel_name),UPDATE(panel_name) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.collected_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(collected_at),UPDATE(collected_at) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.reported_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(reported_at),UPDATE(reported_at) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.fasting; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(fasting),UPDATE(fasting) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.specimen_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(specimen_id),UPDATE(specimen_id) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: COLUMN blood_panels.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.blood_panels TO vitalis_api;


--
-- Name: TABLE biomarker_results; Type: ACL; Schema: analytics; Owner: vitalis_analytics
--

GRANT SELECT ON TABLE analytics.biomarker_results TO vitalis_readonly;
GRANT SELECT ON TABLE analytics.biomarker_results TO vitalis_admin;


--
-- Name: TABLE daily_metrics; Type: ACL; Schema: analytics; Owner: vitalis_analytics
--

GRANT SELECT ON TABLE analytics.daily_metrics TO vitalis_readonly;
GRANT SELECT ON TABLE analytics.daily_metrics TO vitalis_admin;


--
-- Name: TABLE wearable_sleep; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.wearable_sleep TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.wearable_sleep TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.wearable_sleep TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.wearable_sleep TO vitalis_analytics;


--
-- Name: COLUMN wearable_sleep.sleep_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sleep_date),UPDATE(sleep_date) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.source; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source),UPDATE(source) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.sleep_start; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sleep_start),UPDATE(sleep_start) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.sleep_end; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sleep_end),UPDATE(sleep_end) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.total_sleep_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_sleep_minutes),UPDATE(total_sleep_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.rem_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(rem_minutes),UPDATE(rem_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.deep_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(deep_minutes),UPDATE(deep_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.light_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(light_minutes),UPDATE(light_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.awake_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(awake_minutes),UPDATE(awake_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.sleep_latency_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sleep_latency_minutes),UPDATE(sleep_latency_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.sleep_efficiency_pct; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sleep_efficiency_pct),UPDATE(sleep_efficiency_pct) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.sleep_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(sleep_score),UPDATE(sleep_score) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.interruptions; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(interruptions),UPDATE(interruptions) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.avg_hr_bpm; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_hr_bpm),UPDATE(avg_hr_bpm) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.min_hr_bpm; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(min_hr_bpm),UPDATE(min_hr_bpm) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.avg_hrv_ms; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_hrv_ms),UPDATE(avg_hrv_ms) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.avg_respiratory_rate; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_respiratory_rate),UPDATE(avg_respiratory_rate) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.avg_spo2_pct; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_spo2_pct),UPDATE(avg_spo2_pct) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.avg_skin_temp_deviation_c; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(avg_skin_temp_deviation_c),UPDATE(avg_skin_temp_deviation_c) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.hypnogram; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(hypnogram),UPDATE(hypnogram) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.raw_data; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(raw_data),UPDATE(raw_data) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.nap_minutes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(nap_minutes),UPDATE(nap_minutes) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: COLUMN wearable_sleep.nap_count; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(nap_count),UPDATE(nap_count) ON TABLE vitalis.wearable_sleep TO vitalis_api;


--
-- Name: TABLE sleep_metrics; Type: ACL; Schema: analytics; Owner: vitalis_analytics
--

GRANT SELECT ON TABLE analytics.sleep_metrics TO vitalis_readonly;
GRANT SELECT ON TABLE analytics.sleep_metrics TO vitalis_admin;


--
-- Name: TABLE users; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.users TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.users TO vitalis_admin;
GRANT SELECT ON TABLE vitalis.users TO vitalis_analytics;
GRANT SELECT ON TABLE vitalis.users TO vitalis_api;


--
-- Name: COLUMN users.display_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(display_name) ON TABLE vitalis.users TO vitalis_api;


--
-- Name: COLUMN users.date_of_birth; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(date_of_birth) ON TABLE vitalis.users TO vitalis_api;


--
-- Name: COLUMN users.biological_sex; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(biological_sex) ON TABLE vitalis.users TO vitalis_api;


--
-- Name: TABLE subjects; Type: ACL; Schema: analytics; Owner: vitalis_analytics
--

GRANT SELECT ON TABLE analytics.subjects TO vitalis_readonly;
GRANT SELECT ON TABLE analytics.subjects TO vitalis_admin;


--
-- Name: TABLE accounts; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.accounts TO vitalis_api;
GRANT SELECT ON TABLE vitalis.accounts TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.accounts TO vitalis_admin;


--
-- Name: TABLE audit_log; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.audit_log TO vitalis_api;
GRANT SELECT ON TABLE vitalis.audit_log TO vitalis_worker;
GRANT SELECT ON TABLE vitalis.audit_log TO vitalis_admin;


--
-- Name: TABLE biomarker_dictionary; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.biomarker_dictionary TO vitalis_anonymous;
GRANT SELECT ON TABLE vitalis.biomarker_dictionary TO vitalis_api;
GRANT SELECT ON TABLE vitalis.biomarker_dictionary TO vitalis_worker;
GRANT SELECT ON TABLE vitalis.biomarker_dictionary TO vitalis_readonly;
GRANT SELECT ON TABLE vitalis.biomarker_dictionary TO vitalis_admin;


--
-- Name: TABLE connected_devices; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.connected_devices TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.connected_devices TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.connected_devices TO vitalis_admin;


--
-- Name: COLUMN connected_devices.display_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(display_name) ON TABLE vitalis.connected_devices TO vitalis_api;


--
-- Name: TABLE custom_metric_entries; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.custom_metric_entries TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.custom_metric_entries TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.custom_metric_entries TO vitalis_admin;


--
-- Name: COLUMN custom_metric_entries.metric_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(metric_id),UPDATE(metric_id) ON TABLE vitalis.custom_metric_entries TO vitalis_api;


--
-- Name: COLUMN custom_metric_entries.value_numeric; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(value_numeric),UPDATE(value_numeric) ON TABLE vitalis.custom_metric_entries TO vitalis_api;


--
-- Name: COLUMN custom_metric_entries.value_text; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(value_text),UPDATE(value_text) ON TABLE vitalis.custom_metric_entries TO vitalis_api;


--
-- Name: COLUMN custom_metric_entries.measured_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(measured_at),UPDATE(measured_at) ON TABLE vitalis.custom_metric_entries TO vitalis_api;


--
-- Name: COLUMN custom_metric_entries.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.custom_metric_entries TO vitalis_api;


--
-- Name: TABLE custom_metrics; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.custom_metrics TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.custom_metrics TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.custom_metrics TO vitalis_admin;


--
-- Name: COLUMN custom_metrics.name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(name),UPDATE(name) ON TABLE vitalis.custom_metrics TO vitalis_api;


--
-- Name: COLUMN custom_metrics.unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(unit),UPDATE(unit) ON TABLE vitalis.custom_metrics TO vitalis_api;


--
-- Name: COLUMN custom_metrics.data_type; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(data_type),UPDATE(data_type) ON TABLE vitalis.custom_metrics TO vitalis_api;


--
-- Name: COLUMN custom_metrics.min_value; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(min_value),UPDATE(min_value) ON TABLE vitalis.custom_metrics TO vitalis_api;


--
-- Name: COLUMN custom_metrics.max_value; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(max_value),UPDATE(max_value) ON TABLE vitalis.custom_metrics TO vitalis_api;


--
-- Name: COLUMN custom_metrics.is_active; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(is_active),UPDATE(is_active) ON TABLE vitalis.custom_metrics TO vitalis_api;


--
-- Name: TABLE data_export_requests; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.data_export_requests TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.data_export_requests TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.data_export_requests TO vitalis_admin;


--
-- Name: COLUMN data_export_requests.format; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(format) ON TABLE vitalis.data_export_requests TO vitalis_api;


--
-- Name: TABLE dexa_bone_density; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.dexa_bone_density TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.dexa_bone_density TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.dexa_bone_density TO vitalis_admin;


--
-- Name: COLUMN dexa_bone_density.scan_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(scan_id),UPDATE(scan_id) ON TABLE vitalis.dexa_bone_density TO vitalis_api;


--
-- Name: COLUMN dexa_bone_density.region; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(region),UPDATE(region) ON TABLE vitalis.dexa_bone_density TO vitalis_api;


--
-- Name: COLUMN dexa_bone_density.bmd_g_cm2; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(bmd_g_cm2),UPDATE(bmd_g_cm2) ON TABLE vitalis.dexa_bone_density TO vitalis_api;


--
-- Name: COLUMN dexa_bone_density.t_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(t_score),UPDATE(t_score) ON TABLE vitalis.dexa_bone_density TO vitalis_api;


--
-- Name: COLUMN dexa_bone_density.z_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(z_score),UPDATE(z_score) ON TABLE vitalis.dexa_bone_density TO vitalis_api;


--
-- Name: TABLE dexa_regions; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.dexa_regions TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.dexa_regions TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.dexa_regions TO vitalis_admin;


--
-- Name: COLUMN dexa_regions.scan_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(scan_id),UPDATE(scan_id) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: COLUMN dexa_regions.region; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(region),UPDATE(region) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: COLUMN dexa_regions.body_fat_pct; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(body_fat_pct),UPDATE(body_fat_pct) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: COLUMN dexa_regions.fat_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(fat_lbs),UPDATE(fat_lbs) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: COLUMN dexa_regions.lean_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(lean_lbs),UPDATE(lean_lbs) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: COLUMN dexa_regions.bmc_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(bmc_lbs),UPDATE(bmc_lbs) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: COLUMN dexa_regions.total_mass_lbs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(total_mass_lbs),UPDATE(total_mass_lbs) ON TABLE vitalis.dexa_regions TO vitalis_api;


--
-- Name: TABLE doctor_visit_panels; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.doctor_visit_panels TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.doctor_visit_panels TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.doctor_visit_panels TO vitalis_admin;


--
-- Name: COLUMN doctor_visit_panels.visit_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(visit_id),UPDATE(visit_id) ON TABLE vitalis.doctor_visit_panels TO vitalis_api;


--
-- Name: COLUMN doctor_visit_panels.panel_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(panel_id),UPDATE(panel_id) ON TABLE vitalis.doctor_visit_panels TO vitalis_api;


--
-- Name: TABLE doctor_visits; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.doctor_visits TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.doctor_visits TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.doctor_visits TO vitalis_admin;


--
-- Name: COLUMN doctor_visits.visit_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(visit_date),UPDATE(visit_date) ON TABLE vitalis.doctor_visits TO vitalis_api;


--
-- Name: COLUMN doctor_visits.provider_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(provider_name),UPDATE(provider_name) ON TABLE vitalis.doctor_visits TO vitalis_api;


--
-- Name: COLUMN doctor_visits.specialty; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(specialty),UPDATE(specialty) ON TABLE vitalis.doctor_visits TO vitalis_api;


--
-- Name: COLUMN doctor_visits.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.doctor_visits TO vitalis_api;


--
-- Name: COLUMN doctor_visits.follow_up_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(follow_up_date),UPDATE(follow_up_date) ON TABLE vitalis.doctor_visits TO vitalis_api;


--
-- Name: COLUMN doctor_visits.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.doctor_visits TO vitalis_api;


--
-- Name: TABLE epigenetic_organ_ages; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.epigenetic_organ_ages TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.epigenetic_organ_ages TO vitalis_admin;


--
-- Name: COLUMN epigenetic_organ_ages.test_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(test_id),UPDATE(test_id) ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;


--
-- Name: COLUMN epigenetic_organ_ages.organ_system; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(organ_system),UPDATE(organ_system) ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;


--
-- Name: COLUMN epigenetic_organ_ages.biological_age; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(biological_age),UPDATE(biological_age) ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;


--
-- Name: COLUMN epigenetic_organ_ages.chronological_age; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(chronological_age),UPDATE(chronological_age) ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;


--
-- Name: COLUMN epigenetic_organ_ages.delta_years; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(delta_years),UPDATE(delta_years) ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;


--
-- Name: COLUMN epigenetic_organ_ages.direction; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(direction),UPDATE(direction) ON TABLE vitalis.epigenetic_organ_ages TO vitalis_api;


--
-- Name: TABLE epigenetic_tests; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.epigenetic_tests TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.epigenetic_tests TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.epigenetic_tests TO vitalis_admin;


--
-- Name: COLUMN epigenetic_tests.provider; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(provider),UPDATE(provider) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.kit_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(kit_id),UPDATE(kit_id) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.collected_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(collected_at),UPDATE(collected_at) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.reported_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(reported_at),UPDATE(reported_at) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.chronological_age; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(chronological_age),UPDATE(chronological_age) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.biological_age; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(biological_age),UPDATE(biological_age) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.pace_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(pace_score),UPDATE(pace_score) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.pace_percentile; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(pace_percentile),UPDATE(pace_percentile) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.telomere_length; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(telomere_length),UPDATE(telomere_length) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.methylation_clock; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(methylation_clock),UPDATE(methylation_clock) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.raw_data; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(raw_data),UPDATE(raw_data) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: COLUMN epigenetic_tests.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.epigenetic_tests TO vitalis_api;


--
-- Name: TABLE exercise_dictionary; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.exercise_dictionary TO vitalis_anonymous;
GRANT SELECT ON TABLE vitalis.exercise_dictionary TO vitalis_api;
GRANT SELECT ON TABLE vitalis.exercise_dictionary TO vitalis_worker;
GRANT SELECT ON TABLE vitalis.exercise_dictionary TO vitalis_readonly;
GRANT SELECT ON TABLE vitalis.exercise_dictionary TO vitalis_admin;


--
-- Name: TABLE goals; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.goals TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.goals TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.goals TO vitalis_admin;


--
-- Name: COLUMN goals.metric_type; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(metric_type),UPDATE(metric_type) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.biomarker_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(biomarker_id),UPDATE(biomarker_id) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.metric_name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(metric_name),UPDATE(metric_name) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.target_value; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(target_value),UPDATE(target_value) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.target_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(target_unit),UPDATE(target_unit) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.direction; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(direction),UPDATE(direction) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.alert_threshold_low; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(alert_threshold_low),UPDATE(alert_threshold_low) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.alert_threshold_high; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(alert_threshold_high),UPDATE(alert_threshold_high) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.alert_enabled; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(alert_enabled),UPDATE(alert_enabled) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: COLUMN goals.is_active; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(is_active),UPDATE(is_active) ON TABLE vitalis.goals TO vitalis_api;


--
-- Name: TABLE household_invites; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.household_invites TO vitalis_admin;


--
-- Name: COLUMN household_invites.invite_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(invite_id) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.user_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(user_id) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.account_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(account_id) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.email; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(email) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.created_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(created_at) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.expires_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(expires_at) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.accepted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(accepted_at) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.accepted_by; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(accepted_by) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: COLUMN household_invites.revoked_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT(revoked_at) ON TABLE vitalis.household_invites TO vitalis_api;


--
-- Name: TABLE lifting_sessions; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.lifting_sessions TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.lifting_sessions TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.lifting_sessions TO vitalis_admin;


--
-- Name: COLUMN lifting_sessions.session_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(session_date),UPDATE(session_date) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: COLUMN lifting_sessions.source; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source),UPDATE(source) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: COLUMN lifting_sessions.source_session_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source_session_id),UPDATE(source_session_id) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: COLUMN lifting_sessions.name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(name),UPDATE(name) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: COLUMN lifting_sessions.duration_seconds; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(duration_seconds),UPDATE(duration_seconds) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: COLUMN lifting_sessions.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: COLUMN lifting_sessions.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.lifting_sessions TO vitalis_api;


--
-- Name: TABLE menstrual_cycles; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.menstrual_cycles TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.menstrual_cycles TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.menstrual_cycles TO vitalis_admin;


--
-- Name: COLUMN menstrual_cycles.cycle_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(cycle_date),UPDATE(cycle_date) ON TABLE vitalis.menstrual_cycles TO vitalis_api;


--
-- Name: COLUMN menstrual_cycles.phase; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(phase),UPDATE(phase) ON TABLE vitalis.menstrual_cycles TO vitalis_api;


--
-- Name: COLUMN menstrual_cycles.flow_intensity; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(flow_intensity),UPDATE(flow_intensity) ON TABLE vitalis.menstrual_cycles TO vitalis_api;


--
-- Name: COLUMN menstrual_cycles.symptoms; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(symptoms),UPDATE(symptoms) ON TABLE vitalis.menstrual_cycles TO vitalis_api;


--
-- Name: COLUMN menstrual_cycles.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.menstrual_cycles TO vitalis_api;


--
-- Name: TABLE mood_journal; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.mood_journal TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.mood_journal TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.mood_journal TO vitalis_admin;


--
-- Name: COLUMN mood_journal.journal_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(journal_date),UPDATE(journal_date) ON TABLE vitalis.mood_journal TO vitalis_api;


--
-- Name: COLUMN mood_journal.mood_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(mood_score),UPDATE(mood_score) ON TABLE vitalis.mood_journal TO vitalis_api;


--
-- Name: COLUMN mood_journal.energy_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(energy_score),UPDATE(energy_score) ON TABLE vitalis.mood_journal TO vitalis_api;


--
-- Name: COLUMN mood_journal.stress_score; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(stress_score),UPDATE(stress_score) ON TABLE vitalis.mood_journal TO vitalis_api;


--
-- Name: COLUMN mood_journal.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.mood_journal TO vitalis_api;


--
-- Name: COLUMN mood_journal.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.mood_journal TO vitalis_api;


--
-- Name: TABLE nutrition_logs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.nutrition_logs TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.nutrition_logs TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.nutrition_logs TO vitalis_admin;


--
-- Name: COLUMN nutrition_logs.log_date; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(log_date),UPDATE(log_date) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.meal_type; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(meal_type),UPDATE(meal_type) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.calories_kcal; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(calories_kcal),UPDATE(calories_kcal) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.protein_g; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(protein_g),UPDATE(protein_g) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.carbs_g; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(carbs_g),UPDATE(carbs_g) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.fat_g; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(fat_g),UPDATE(fat_g) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.fiber_g; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(fiber_g),UPDATE(fiber_g) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.source; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(source),UPDATE(source) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.raw_data; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(raw_data),UPDATE(raw_data) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: COLUMN nutrition_logs.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.nutrition_logs TO vitalis_api;


--
-- Name: TABLE oauth_identities; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.oauth_identities TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.oauth_identities TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.oauth_identities TO vitalis_admin;


--
-- Name: TABLE supplement_logs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.supplement_logs TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.supplement_logs TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.supplement_logs TO vitalis_admin;


--
-- Name: COLUMN supplement_logs.supplement_id; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(supplement_id),UPDATE(supplement_id) ON TABLE vitalis.supplement_logs TO vitalis_api;


--
-- Name: COLUMN supplement_logs.taken_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(taken_at),UPDATE(taken_at) ON TABLE vitalis.supplement_logs TO vitalis_api;


--
-- Name: COLUMN supplement_logs.dose_amount; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(dose_amount),UPDATE(dose_amount) ON TABLE vitalis.supplement_logs TO vitalis_api;


--
-- Name: COLUMN supplement_logs.dose_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(dose_unit),UPDATE(dose_unit) ON TABLE vitalis.supplement_logs TO vitalis_api;


--
-- Name: COLUMN supplement_logs.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.supplement_logs TO vitalis_api;


--
-- Name: TABLE supplements; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT,DELETE ON TABLE vitalis.supplements TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.supplements TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.supplements TO vitalis_admin;


--
-- Name: COLUMN supplements.name; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(name),UPDATE(name) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.brand; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(brand),UPDATE(brand) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.dose_amount; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(dose_amount),UPDATE(dose_amount) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.dose_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(dose_unit),UPDATE(dose_unit) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.frequency; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(frequency),UPDATE(frequency) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.timing; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(timing),UPDATE(timing) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.started_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(started_at),UPDATE(started_at) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.ended_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(ended_at),UPDATE(ended_at) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.purpose; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(purpose),UPDATE(purpose) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.notes; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT INSERT(notes),UPDATE(notes) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: COLUMN supplements.deleted_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(deleted_at) ON TABLE vitalis.supplements TO vitalis_api;


--
-- Name: TABLE unit_conversions; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.unit_conversions TO vitalis_anonymous;
GRANT SELECT ON TABLE vitalis.unit_conversions TO vitalis_api;
GRANT SELECT ON TABLE vitalis.unit_conversions TO vitalis_worker;
GRANT SELECT ON TABLE vitalis.unit_conversions TO vitalis_readonly;
GRANT SELECT ON TABLE vitalis.unit_conversions TO vitalis_admin;


--
-- Name: TABLE user_preferences; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT SELECT ON TABLE vitalis.user_preferences TO vitalis_api;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.user_preferences TO vitalis_worker;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE vitalis.user_preferences TO vitalis_admin;


--
-- Name: COLUMN user_preferences.weight_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(weight_unit) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.height_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(height_unit) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.distance_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(distance_unit) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.temperature_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(temperature_unit) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.energy_unit; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(energy_unit) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.timezone; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(timezone) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.notifications_enabled; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(notifications_enabled) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.notification_prefs; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(notification_prefs) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.dashboard_layout; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(dashboard_layout) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.source_priority; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(source_priority) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- Name: COLUMN user_preferences.auto_confirm_documents_at; Type: ACL; Schema: vitalis; Owner: vitalis_owner
--

GRANT UPDATE(auto_confirm_documents_at) ON TABLE vitalis.user_preferences TO vitalis_api;


--
-- PostgreSQL database dump complete
--


