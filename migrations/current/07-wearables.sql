/*
 * Wearable time series, partitioned by year. PostgreSQL requires a partitioned table's primary
 * key and unique constraints to include the partition key, so:
 * - the id columns stay, unique together with the partition key ((daily_id, date) is the PK);
 * - the natural keys (user_id, date, source) and (user_id, sleep_date, source) are real unique
 *   constraints (they contain the partition key) and are what upserts conflict on;
 * - activities' (user_id, source, source_activity_id) cannot be declared across partitions, so it
 *   is enforced by a key table, kept by triggers, that a duplicate from any path collides with;
 *   the upsert finds an existing activity by that key even when its date moved to another year.
 * Dates are confined to a sane window (2000-01-01 to the end of next year).
 * source_updated_at (not in SCHEMA.md) records the provider's version of a row so an older
 * payload never overwrites a newer one.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.wearable_daily (
  daily_id uuid not null default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  date date not null check (date >= '2000-01-01'),
  source vitalis.data_source not null,
  resting_hr_bpm smallint constraint wearable_daily_resting_hr_bpm_range check (resting_hr_bpm between 20 and 300),
  max_hr_bpm smallint constraint wearable_daily_max_hr_bpm_range check (max_hr_bpm between 20 and 300),
  hrv_rmssd_ms numeric(6,2) constraint wearable_daily_hrv_rmssd_ms_range check (hrv_rmssd_ms between 1 and 300),
  steps integer constraint wearable_daily_steps_range check (steps between 0 and 100000),
  active_calories_kcal smallint constraint wearable_daily_active_calories_kcal_range check (active_calories_kcal between 0 and 15000),
  total_calories_kcal smallint constraint wearable_daily_total_calories_kcal_range check (total_calories_kcal between 0 and 20000),
  active_minutes smallint constraint wearable_daily_active_minutes_range check (active_minutes between 0 and 1440),
  moderate_intensity_minutes smallint constraint wearable_daily_moderate_intensity_minutes_range check (moderate_intensity_minutes between 0 and 1440),
  vigorous_intensity_minutes smallint constraint wearable_daily_vigorous_intensity_minutes_range check (vigorous_intensity_minutes between 0 and 1440),
  distance_m integer constraint wearable_daily_distance_m_range check (distance_m between 0 and 500000),
  floors_climbed smallint constraint wearable_daily_floors_climbed_range check (floors_climbed between 0 and 2000),
  spo2_avg_pct numeric(4,1) constraint wearable_daily_spo2_avg_pct_range check (spo2_avg_pct between 70 and 100),
  spo2_min_pct numeric(4,1) constraint wearable_daily_spo2_min_pct_range check (spo2_min_pct between 50 and 100),
  respiratory_rate_avg numeric(4,1) constraint wearable_daily_respiratory_rate_avg_range check (respiratory_rate_avg between 4 and 60),
  stress_avg smallint constraint wearable_daily_stress_avg_range check (stress_avg between 0 and 100),
  body_battery_start smallint constraint wearable_daily_body_battery_start_range check (body_battery_start between 0 and 100),
  body_battery_end smallint constraint wearable_daily_body_battery_end_range check (body_battery_end between 0 and 100),
  readiness_score smallint constraint wearable_daily_readiness_score_range check (readiness_score between 0 and 100),
  recovery_score smallint constraint wearable_daily_recovery_score_range check (recovery_score between 0 and 100),
  skin_temp_deviation_c numeric(4,2) constraint wearable_daily_skin_temp_deviation_c_range check (skin_temp_deviation_c between -10 and 10),
  vo2_max_ml_kg_min numeric(4,1) constraint wearable_daily_vo2_max_ml_kg_min_range check (vo2_max_ml_kg_min between 10 and 100),
  raw_data jsonb,
  source_updated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (daily_id, date),
  constraint wearable_daily_user_id_date_source_key unique (user_id, date, source)
) partition by range (date);
comment on table vitalis.wearable_daily is 'One day''s summary from one source. Several sources for the same day are separate rows; daily_metrics resolves one value per metric.';
comment on column vitalis.wearable_daily.date is 'The local calendar day the summary covers.';
comment on column vitalis.wearable_daily.hrv_rmssd_ms is 'Heart rate variability as RMSSD, in ms. Sources that report SDNN (Apple Health) do not go here.';
comment on column vitalis.wearable_daily.stress_avg is 'Average stress score 0-100 (Garmin).';
comment on column vitalis.wearable_daily.body_battery_start is 'Garmin Body Battery at the start of the day, 0-100.';
comment on column vitalis.wearable_daily.body_battery_end is 'Garmin Body Battery at the end of the day, 0-100.';
comment on column vitalis.wearable_daily.readiness_score is 'Oura readiness (or similar), 0-100.';
comment on column vitalis.wearable_daily.recovery_score is 'WHOOP recovery, 0-100.';
comment on column vitalis.wearable_daily.skin_temp_deviation_c is 'Skin temperature deviation from the personal baseline, in degrees Celsius (Oura).';
comment on column vitalis.wearable_daily.vo2_max_ml_kg_min is 'VO2 max estimate, if one was made that day.';
comment on column vitalis.wearable_daily.raw_data is 'The provider''s payload as received, for re-processing. Not copied into the audit log.';
comment on column vitalis.wearable_daily.source_updated_at is 'When the provider last changed this record; a payload older than the stored one is ignored.';
create index wearable_daily_user_id_date_idx on vitalis.wearable_daily (user_id, date desc);
create index wearable_daily_user_id_source_date_idx on vitalis.wearable_daily (user_id, source, date desc);
select vitalis_private.add_updated_at_trigger('vitalis.wearable_daily');

create table vitalis.wearable_sleep (
  sleep_id uuid not null default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  sleep_date date not null check (sleep_date >= '2000-01-01'),
  source vitalis.data_source not null,
  sleep_start timestamptz,
  sleep_end timestamptz,
  total_sleep_minutes smallint constraint wearable_sleep_total_sleep_minutes_range check (total_sleep_minutes between 0 and 1440),
  rem_minutes smallint constraint wearable_sleep_rem_minutes_range check (rem_minutes between 0 and 1440),
  deep_minutes smallint constraint wearable_sleep_deep_minutes_range check (deep_minutes between 0 and 1440),
  light_minutes smallint constraint wearable_sleep_light_minutes_range check (light_minutes between 0 and 1440),
  awake_minutes smallint constraint wearable_sleep_awake_minutes_range check (awake_minutes between 0 and 1440),
  sleep_latency_minutes smallint constraint wearable_sleep_sleep_latency_minutes_range check (sleep_latency_minutes between 0 and 1440),
  sleep_efficiency_pct numeric(4,1) constraint wearable_sleep_sleep_efficiency_pct_range check (sleep_efficiency_pct between 0 and 100),
  sleep_score smallint constraint wearable_sleep_sleep_score_range check (sleep_score between 0 and 100),
  interruptions smallint constraint wearable_sleep_interruptions_range check (interruptions between 0 and 500),
  avg_hr_bpm smallint constraint wearable_sleep_avg_hr_bpm_range check (avg_hr_bpm between 20 and 300),
  min_hr_bpm smallint constraint wearable_sleep_min_hr_bpm_range check (min_hr_bpm between 20 and 300),
  avg_hrv_ms numeric(6,2) constraint wearable_sleep_avg_hrv_ms_range check (avg_hrv_ms between 1 and 300),
  avg_respiratory_rate numeric(4,1) constraint wearable_sleep_avg_respiratory_rate_range check (avg_respiratory_rate between 4 and 60),
  avg_spo2_pct numeric(4,1) constraint wearable_sleep_avg_spo2_pct_range check (avg_spo2_pct between 70 and 100),
  avg_skin_temp_deviation_c numeric(4,2) constraint wearable_sleep_avg_skin_temp_deviation_c_range check (avg_skin_temp_deviation_c between -10 and 10),
  hypnogram jsonb check (hypnogram is null or jsonb_typeof(hypnogram) = 'array'),
  raw_data jsonb,
  source_updated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (sleep_id, sleep_date),
  constraint wearable_sleep_user_id_sleep_date_source_key unique (user_id, sleep_date, source),
  constraint wearable_sleep_end_after_start check (sleep_end is null or sleep_start is null or sleep_end > sleep_start)
) partition by range (sleep_date);
comment on table vitalis.wearable_sleep is 'One night''s sleep from one source. Several devices for the same night are separate rows.';
comment on column vitalis.wearable_sleep.sleep_date is 'The local date the sleep ended (the morning of).';
comment on column vitalis.wearable_sleep.sleep_latency_minutes is 'Minutes from going to bed to falling asleep.';
comment on column vitalis.wearable_sleep.interruptions is 'Number of wake events.';
comment on column vitalis.wearable_sleep.avg_hrv_ms is 'Average overnight HRV as RMSSD, in ms.';
comment on column vitalis.wearable_sleep.hypnogram is 'Stage timeline: [{"t": "2026-01-01T23:10:00Z", "stage": "light"}, ...]; stages awake, light, deep, rem.';
comment on column vitalis.wearable_sleep.raw_data is 'The provider''s payload as received. Not copied into the audit log.';
comment on column vitalis.wearable_sleep.source_updated_at is 'When the provider last changed this record; a payload older than the stored one is ignored.';
create index wearable_sleep_user_id_sleep_date_idx on vitalis.wearable_sleep (user_id, sleep_date desc);
select vitalis_private.add_updated_at_trigger('vitalis.wearable_sleep');

create table vitalis.wearable_activities (
  activity_id uuid not null default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  activity_date date not null check (activity_date >= '2000-01-01'),
  source vitalis.data_source not null,
  source_activity_id text,
  activity_type vitalis.activity_type not null,
  activity_name text,
  start_time timestamptz,
  end_time timestamptz,
  duration_seconds integer constraint wearable_activities_duration_seconds_range check (duration_seconds between 0 and 604800),
  distance_m numeric(10,2) constraint wearable_activities_distance_m_range check (distance_m between 0 and 5000000),
  calories_kcal smallint constraint wearable_activities_calories_kcal_range check (calories_kcal between 0 and 30000),
  avg_hr_bpm smallint constraint wearable_activities_avg_hr_bpm_range check (avg_hr_bpm between 20 and 300),
  max_hr_bpm smallint constraint wearable_activities_max_hr_bpm_range check (max_hr_bpm between 20 and 300),
  hr_zone_1_seconds integer check (hr_zone_1_seconds >= 0),
  hr_zone_2_seconds integer check (hr_zone_2_seconds >= 0),
  hr_zone_3_seconds integer check (hr_zone_3_seconds >= 0),
  hr_zone_4_seconds integer check (hr_zone_4_seconds >= 0),
  hr_zone_5_seconds integer check (hr_zone_5_seconds >= 0),
  avg_pace_sec_per_km numeric(7,2) check (avg_pace_sec_per_km > 0),
  avg_speed_kmh numeric(5,2) check (avg_speed_kmh >= 0),
  elevation_gain_m numeric(7,2) check (elevation_gain_m >= 0),
  avg_power_watts smallint check (avg_power_watts between 0 and 3000),
  normalized_power_watts smallint check (normalized_power_watts between 0 and 3000),
  training_stress_score numeric(6,1) check (training_stress_score >= 0),
  training_effect_aerobic numeric(3,1) constraint wearable_activities_training_effect_aerobic_range check (training_effect_aerobic between 0 and 5),
  training_effect_anaerobic numeric(3,1) constraint wearable_activities_training_effect_anaerobic_range check (training_effect_anaerobic between 0 and 5),
  vo2_max_ml_kg_min numeric(4,1) check (vo2_max_ml_kg_min between 10 and 100),
  notes text,
  raw_data jsonb,
  source_updated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (activity_id, activity_date),
  constraint wearable_activities_end_after_start check (end_time is null or start_time is null or end_time >= start_time)
) partition by range (activity_date);
comment on table vitalis.wearable_activities is 'One workout or activity. A provider''s activity is identified by (user, source, source_activity_id) across all years: a re-synced activity whose date moved is updated, not duplicated.';
comment on column vitalis.wearable_activities.activity_date is 'The local date the activity started (partition key).';
comment on column vitalis.wearable_activities.source_activity_id is 'The provider''s id for the activity; unique per user and source.';
comment on column vitalis.wearable_activities.activity_name is 'The label the user sees, e.g. "Morning Run".';
comment on column vitalis.wearable_activities.training_effect_aerobic is 'Garmin/Firstbeat aerobic training effect, 0.0-5.0.';
comment on column vitalis.wearable_activities.training_effect_anaerobic is 'Garmin/Firstbeat anaerobic training effect, 0.0-5.0.';
comment on column vitalis.wearable_activities.raw_data is 'The provider''s payload as received. Not copied into the audit log.';
comment on column vitalis.wearable_activities.source_updated_at is 'When the provider last changed this record; a payload older than the stored one is ignored.';
create index wearable_activities_user_id_activity_date_idx on vitalis.wearable_activities (user_id, activity_date desc);
create index wearable_activities_user_id_activity_type_activity_date_idx on vitalis.wearable_activities (user_id, activity_type, activity_date desc);
create index wearable_activities_user_id_source_source_activity_id_idx on vitalis.wearable_activities (user_id, source, source_activity_id);
select vitalis_private.add_updated_at_trigger('vitalis.wearable_activities');

-- The cross-partition natural key of activities.
create table vitalis_private.activity_source_keys (
  user_id uuid not null references vitalis.users on delete cascade,
  source vitalis.data_source not null,
  source_activity_id text not null,
  activity_id uuid not null unique,
  primary key (user_id, source, source_activity_id)
);
comment on table vitalis_private.activity_source_keys is 'Enforces wearable_activities (user_id, source, source_activity_id) uniqueness across partitions.';

create function vitalis_private.tg_wearable_activities__source_key() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
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
create trigger _200_source_key after insert or update or delete on vitalis.wearable_activities
  for each row execute function vitalis_private.tg_wearable_activities__source_key();

select vitalis_private.secure_user_table('vitalis.wearable_daily', 'daily_id');
select vitalis_private.secure_user_table('vitalis.wearable_sleep', 'sleep_id');
select vitalis_private.secure_user_table('vitalis.wearable_activities', 'activity_id');

select vitalis_private.create_partitions(t, date '2020-01-01',
         (date_trunc('year', current_date) + interval '1 year')::date)
  from unnest(array['vitalis.wearable_daily', 'vitalis.wearable_sleep', 'vitalis.wearable_activities']::regclass[]) t;

-- Called by the partitions cron task: keeps next year (and the next four quarters of audit_log)
-- ready before data for them can arrive.
create function vitalis_private.ensure_future_partitions() returns integer
  language sql security definer set search_path = pg_catalog as $$
  select sum(vitalis_private.ensure_partitions(t, current_date, (date_trunc('year', current_date) + interval '1 year')::date))::integer
       + vitalis_private.ensure_partitions('vitalis.audit_log', current_date, (date_trunc('quarter', current_date) + interval '1 year')::date)
    from unnest(array['vitalis.wearable_daily', 'vitalis.wearable_sleep', 'vitalis.wearable_activities']::regclass[]) t
$$;
grant execute on function vitalis_private.ensure_future_partitions() to vitalis_worker;
grant execute on function vitalis_private.ensure_partitions(regclass, date, date), vitalis_private.create_partitions(regclass, date, date) to vitalis_worker;
