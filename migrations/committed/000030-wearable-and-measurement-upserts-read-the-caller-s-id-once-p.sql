--! Previous: sha1:ae6cd76afdd791f191ec529035bec7fd153b7a3e
--! Hash: sha1:d4cf32c94dca032dbc54fca727ecb4e4878384cf
--! Message: Wearable and measurement upserts read the caller's id once per call, not two or three times per row

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The wearable and measurement upserts read the caller's id once (each stays SECURITY DEFINER with
-- search_path pg_catalog, as migration 10 made it). vitalis.current_user_id() (a SQL function over
-- try_uuid, PL/pgSQL with an exception block) costs about 4 us a call, and each input row called it
-- two or three times (its DISTINCT ON key, the sort, the inserted user_id): about 10 us of a daily
-- row's 50. Same statements otherwise.

create or replace function vitalis.upsert_wearable_daily(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
      declare
        v_me uuid := vitalis.current_user_id();
        -- Rows this statement inserts carry this exact instant as created_at; rows it updates keep
        -- theirs. The insert/update split comes from that, not from a snapshot count, which a
        -- concurrent call inserting the same rows (seen by ON CONFLICT, not by the snapshot) fooled.
        v_stamp timestamptz := clock_timestamp();
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, 'wearable_daily');
        select count(*), min((e ->> 'date')::date), max((e ->> 'date')::date) into v_total, v_min, v_max
          from jsonb_array_elements(p_rows) e;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates('wearable_daily', 'date', v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.wearable_daily', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, v_me), r.date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_daily, p_rows) r
           order by coalesce(r.user_id, v_me), r.date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_daily as t (user_id, date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at, created_at)
          select coalesce(i.user_id, v_me), date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at, v_stamp from input i
          on conflict (user_id, date, source) do update set resting_hr_bpm = coalesce(excluded.resting_hr_bpm, t.resting_hr_bpm), max_hr_bpm = coalesce(excluded.max_hr_bpm, t.max_hr_bpm), hrv_rmssd_ms = coalesce(excluded.hrv_rmssd_ms, t.hrv_rmssd_ms), steps = coalesce(excluded.steps, t.steps), active_calories_kcal = coalesce(excluded.active_calories_kcal, t.active_calories_kcal), total_calories_kcal = coalesce(excluded.total_calories_kcal, t.total_calories_kcal), active_minutes = coalesce(excluded.active_minutes, t.active_minutes), moderate_intensity_minutes = coalesce(excluded.moderate_intensity_minutes, t.moderate_intensity_minutes), vigorous_intensity_minutes = coalesce(excluded.vigorous_intensity_minutes, t.vigorous_intensity_minutes), distance_m = coalesce(excluded.distance_m, t.distance_m), floors_climbed = coalesce(excluded.floors_climbed, t.floors_climbed), spo2_avg_pct = coalesce(excluded.spo2_avg_pct, t.spo2_avg_pct), spo2_min_pct = coalesce(excluded.spo2_min_pct, t.spo2_min_pct), respiratory_rate_avg = coalesce(excluded.respiratory_rate_avg, t.respiratory_rate_avg), stress_avg = coalesce(excluded.stress_avg, t.stress_avg), body_battery_start = coalesce(excluded.body_battery_start, t.body_battery_start), body_battery_end = coalesce(excluded.body_battery_end, t.body_battery_end), readiness_score = coalesce(excluded.readiness_score, t.readiness_score), recovery_score = coalesce(excluded.recovery_score, t.recovery_score), skin_temp_deviation_c = coalesce(excluded.skin_temp_deviation_c, t.skin_temp_deviation_c), vo2_max_ml_kg_min = coalesce(excluded.vo2_max_ml_kg_min, t.vo2_max_ml_kg_min), raw_data = case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, source_updated_at = coalesce(excluded.source_updated_at, t.source_updated_at)
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (t.resting_hr_bpm, t.max_hr_bpm, t.hrv_rmssd_ms, t.steps, t.active_calories_kcal, t.total_calories_kcal, t.active_minutes, t.moderate_intensity_minutes, t.vigorous_intensity_minutes, t.distance_m, t.floors_climbed, t.spo2_avg_pct, t.spo2_min_pct, t.respiratory_rate_avg, t.stress_avg, t.body_battery_start, t.body_battery_end, t.readiness_score, t.recovery_score, t.skin_temp_deviation_c, t.vo2_max_ml_kg_min, t.raw_data) is distinct from (coalesce(excluded.resting_hr_bpm, t.resting_hr_bpm), coalesce(excluded.max_hr_bpm, t.max_hr_bpm), coalesce(excluded.hrv_rmssd_ms, t.hrv_rmssd_ms), coalesce(excluded.steps, t.steps), coalesce(excluded.active_calories_kcal, t.active_calories_kcal), coalesce(excluded.total_calories_kcal, t.total_calories_kcal), coalesce(excluded.active_minutes, t.active_minutes), coalesce(excluded.moderate_intensity_minutes, t.moderate_intensity_minutes), coalesce(excluded.vigorous_intensity_minutes, t.vigorous_intensity_minutes), coalesce(excluded.distance_m, t.distance_m), coalesce(excluded.floors_climbed, t.floors_climbed), coalesce(excluded.spo2_avg_pct, t.spo2_avg_pct), coalesce(excluded.spo2_min_pct, t.spo2_min_pct), coalesce(excluded.respiratory_rate_avg, t.respiratory_rate_avg), coalesce(excluded.stress_avg, t.stress_avg), coalesce(excluded.body_battery_start, t.body_battery_start), coalesce(excluded.body_battery_end, t.body_battery_end), coalesce(excluded.readiness_score, t.readiness_score), coalesce(excluded.recovery_score, t.recovery_score), coalesce(excluded.skin_temp_deviation_c, t.skin_temp_deviation_c), coalesce(excluded.vo2_max_ml_kg_min, t.vo2_max_ml_kg_min), case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end)
          returning (t.created_at = v_stamp) as inserted_row
        )
        select (count(*) filter (where w.inserted_row))::integer,
               (count(*) filter (where not w.inserted_row))::integer,
               v_total - count(*)::integer
          from written w;
      end $$;

create or replace function vitalis.upsert_wearable_sleep(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
      declare
        v_me uuid := vitalis.current_user_id();
        -- Rows this statement inserts carry this exact instant as created_at; rows it updates keep
        -- theirs. The insert/update split comes from that, not from a snapshot count, which a
        -- concurrent call inserting the same rows (seen by ON CONFLICT, not by the snapshot) fooled.
        v_stamp timestamptz := clock_timestamp();
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, 'wearable_sleep');
        select count(*), min((e ->> 'sleep_date')::date), max((e ->> 'sleep_date')::date) into v_total, v_min, v_max
          from jsonb_array_elements(p_rows) e;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates('wearable_sleep', 'sleep_date', v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.wearable_sleep', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, v_me), r.sleep_date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_sleep, p_rows) r
           order by coalesce(r.user_id, v_me), r.sleep_date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_sleep as t (user_id, sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count, created_at)
          select coalesce(i.user_id, v_me), sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count, v_stamp from input i
          on conflict (user_id, sleep_date, source) do update set sleep_start = coalesce(excluded.sleep_start, t.sleep_start), sleep_end = coalesce(excluded.sleep_end, t.sleep_end), total_sleep_minutes = coalesce(excluded.total_sleep_minutes, t.total_sleep_minutes), rem_minutes = coalesce(excluded.rem_minutes, t.rem_minutes), deep_minutes = coalesce(excluded.deep_minutes, t.deep_minutes), light_minutes = coalesce(excluded.light_minutes, t.light_minutes), awake_minutes = coalesce(excluded.awake_minutes, t.awake_minutes), sleep_latency_minutes = coalesce(excluded.sleep_latency_minutes, t.sleep_latency_minutes), sleep_efficiency_pct = coalesce(excluded.sleep_efficiency_pct, t.sleep_efficiency_pct), sleep_score = coalesce(excluded.sleep_score, t.sleep_score), interruptions = coalesce(excluded.interruptions, t.interruptions), avg_hr_bpm = coalesce(excluded.avg_hr_bpm, t.avg_hr_bpm), min_hr_bpm = coalesce(excluded.min_hr_bpm, t.min_hr_bpm), avg_hrv_ms = coalesce(excluded.avg_hrv_ms, t.avg_hrv_ms), avg_respiratory_rate = coalesce(excluded.avg_respiratory_rate, t.avg_respiratory_rate), avg_spo2_pct = coalesce(excluded.avg_spo2_pct, t.avg_spo2_pct), avg_skin_temp_deviation_c = coalesce(excluded.avg_skin_temp_deviation_c, t.avg_skin_temp_deviation_c), hypnogram = coalesce(excluded.hypnogram, t.hypnogram), raw_data = case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, source_updated_at = coalesce(excluded.source_updated_at, t.source_updated_at), nap_minutes = coalesce(excluded.nap_minutes, t.nap_minutes), nap_count = coalesce(excluded.nap_count, t.nap_count)
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (t.sleep_start, t.sleep_end, t.total_sleep_minutes, t.rem_minutes, t.deep_minutes, t.light_minutes, t.awake_minutes, t.sleep_latency_minutes, t.sleep_efficiency_pct, t.sleep_score, t.interruptions, t.avg_hr_bpm, t.min_hr_bpm, t.avg_hrv_ms, t.avg_respiratory_rate, t.avg_spo2_pct, t.avg_skin_temp_deviation_c, t.hypnogram, t.raw_data, t.nap_minutes, t.nap_count) is distinct from (coalesce(excluded.sleep_start, t.sleep_start), coalesce(excluded.sleep_end, t.sleep_end), coalesce(excluded.total_sleep_minutes, t.total_sleep_minutes), coalesce(excluded.rem_minutes, t.rem_minutes), coalesce(excluded.deep_minutes, t.deep_minutes), coalesce(excluded.light_minutes, t.light_minutes), coalesce(excluded.awake_minutes, t.awake_minutes), coalesce(excluded.sleep_latency_minutes, t.sleep_latency_minutes), coalesce(excluded.sleep_efficiency_pct, t.sleep_efficiency_pct), coalesce(excluded.sleep_score, t.sleep_score), coalesce(excluded.interruptions, t.interruptions), coalesce(excluded.avg_hr_bpm, t.avg_hr_bpm), coalesce(excluded.min_hr_bpm, t.min_hr_bpm), coalesce(excluded.avg_hrv_ms, t.avg_hrv_ms), coalesce(excluded.avg_respiratory_rate, t.avg_respiratory_rate), coalesce(excluded.avg_spo2_pct, t.avg_spo2_pct), coalesce(excluded.avg_skin_temp_deviation_c, t.avg_skin_temp_deviation_c), coalesce(excluded.hypnogram, t.hypnogram), case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, coalesce(excluded.nap_minutes, t.nap_minutes), coalesce(excluded.nap_count, t.nap_count))
          returning (t.created_at = v_stamp) as inserted_row
        )
        select (count(*) filter (where w.inserted_row))::integer,
               (count(*) filter (where not w.inserted_row))::integer,
               v_total - count(*)::integer
          from written w;
      end $$;

create or replace function vitalis.upsert_wearable_activities(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_total integer;
  v_min date;
  v_max date;
begin
  perform vitalis_private.check_batch(p_rows, 'wearable_activities');
  -- check_batch has refused a bad or missing activity_date, so its text gives the partitions' range.
  select count(*), min((e ->> 'activity_date')::date), max((e ->> 'activity_date')::date) into v_total, v_min, v_max
    from jsonb_array_elements(p_rows) e;
  if v_total = 0 then
    return query select 0, 0, 0;
    return;
  end if;
  perform vitalis_private.check_partition_dates('wearable_activities', 'activity_date', v_min, v_max);
  perform vitalis_private.ensure_partitions('vitalis.wearable_activities', v_min, v_max);
  -- One statement: the update of the activities already known (by source id, in any year) and
  -- the insert of the new ones read the same snapshot, so a row is either updated or inserted.
  return query
  with input as (
    select distinct on (coalesce(r.user_id, v_me), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text))
           coalesce(r.user_id, v_me) as user_id, r.activity_date, r.source, r.source_activity_id, r.activity_type, r.activity_name, r.start_time, r.end_time, r.duration_seconds, r.distance_m, r.calories_kcal, r.avg_hr_bpm, r.max_hr_bpm, r.hr_zone_1_seconds, r.hr_zone_2_seconds, r.hr_zone_3_seconds, r.hr_zone_4_seconds, r.hr_zone_5_seconds, r.avg_pace_sec_per_km, r.avg_speed_kmh, r.elevation_gain_m, r.avg_power_watts, r.normalized_power_watts, r.training_stress_score, r.training_effect_aerobic, r.training_effect_anaerobic, r.vo2_max_ml_kg_min, r.notes, r.raw_data, r.source_updated_at
      from jsonb_populate_recordset(null::vitalis.wearable_activities, p_rows) r
     order by coalesce(r.user_id, v_me), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text), r.source_updated_at desc nulls last
  ), changed as (
    update vitalis.wearable_activities t set activity_date = i.activity_date, activity_type = i.activity_type, activity_name = i.activity_name, start_time = i.start_time, end_time = i.end_time, duration_seconds = i.duration_seconds, distance_m = i.distance_m, calories_kcal = i.calories_kcal, avg_hr_bpm = i.avg_hr_bpm, max_hr_bpm = i.max_hr_bpm, hr_zone_1_seconds = i.hr_zone_1_seconds, hr_zone_2_seconds = i.hr_zone_2_seconds, hr_zone_3_seconds = i.hr_zone_3_seconds, hr_zone_4_seconds = i.hr_zone_4_seconds, hr_zone_5_seconds = i.hr_zone_5_seconds, avg_pace_sec_per_km = i.avg_pace_sec_per_km, avg_speed_kmh = i.avg_speed_kmh, elevation_gain_m = i.elevation_gain_m, avg_power_watts = i.avg_power_watts, normalized_power_watts = i.normalized_power_watts, training_stress_score = i.training_stress_score, training_effect_aerobic = i.training_effect_aerobic, training_effect_anaerobic = i.training_effect_anaerobic, vo2_max_ml_kg_min = i.vo2_max_ml_kg_min, notes = i.notes, raw_data = i.raw_data, source_updated_at = i.source_updated_at
      from input i
       where i.source_activity_id is not null
         and (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id)
         and (t.source_updated_at is null or i.source_updated_at >= t.source_updated_at)
         and (t.activity_date, t.activity_type, t.activity_name, t.start_time, t.end_time, t.duration_seconds, t.distance_m, t.calories_kcal, t.avg_hr_bpm, t.max_hr_bpm, t.hr_zone_1_seconds, t.hr_zone_2_seconds, t.hr_zone_3_seconds, t.hr_zone_4_seconds, t.hr_zone_5_seconds, t.avg_pace_sec_per_km, t.avg_speed_kmh, t.elevation_gain_m, t.avg_power_watts, t.normalized_power_watts, t.training_stress_score, t.training_effect_aerobic, t.training_effect_anaerobic, t.vo2_max_ml_kg_min, t.notes, t.raw_data) is distinct from (i.activity_date, i.activity_type, i.activity_name, i.start_time, i.end_time, i.duration_seconds, i.distance_m, i.calories_kcal, i.avg_hr_bpm, i.max_hr_bpm, i.hr_zone_1_seconds, i.hr_zone_2_seconds, i.hr_zone_3_seconds, i.hr_zone_4_seconds, i.hr_zone_5_seconds, i.avg_pace_sec_per_km, i.avg_speed_kmh, i.elevation_gain_m, i.avg_power_watts, i.normalized_power_watts, i.training_stress_score, i.training_effect_aerobic, i.training_effect_anaerobic, i.vo2_max_ml_kg_min, i.notes, i.raw_data)
    returning 1
  ), added as (
    insert into vitalis.wearable_activities (user_id, activity_date, source, source_activity_id, activity_type, activity_name, start_time, end_time, duration_seconds, distance_m, calories_kcal, avg_hr_bpm, max_hr_bpm, hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds, avg_pace_sec_per_km, avg_speed_kmh, elevation_gain_m, avg_power_watts, normalized_power_watts, training_stress_score, training_effect_aerobic, training_effect_anaerobic, vo2_max_ml_kg_min, notes, raw_data, source_updated_at)
    select user_id, activity_date, source, source_activity_id, activity_type, activity_name, start_time, end_time, duration_seconds, distance_m, calories_kcal, avg_hr_bpm, max_hr_bpm, hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds, avg_pace_sec_per_km, avg_speed_kmh, elevation_gain_m, avg_power_watts, normalized_power_watts, training_stress_score, training_effect_aerobic, training_effect_anaerobic, vo2_max_ml_kg_min, notes, raw_data, source_updated_at from input i
       where i.source_activity_id is null
          or not exists (select 1 from vitalis.wearable_activities t
                          where (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id))
    returning 1
  )
  select (select count(*) from added)::integer, (select count(*) from changed)::integer,
         v_total - (select count(*) from added)::integer - (select count(*) from changed)::integer;
end $$;

comment on function vitalis.upsert_wearable_daily(jsonb) is 'Idempotent batch upsert into wearable_daily keyed by (user_id, date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';
comment on function vitalis.upsert_wearable_sleep(jsonb) is 'Idempotent batch upsert into wearable_sleep keyed by (user_id, sleep_date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';
comment on function vitalis.upsert_wearable_activities(jsonb) is 'Idempotent batch upsert into wearable_activities keyed by (user_id, source, source_activity_id) across all years: an activity whose date moved is updated, not duplicated. Returns rows inserted, updated and skipped.';

create or replace function vitalis.upsert_measurements(p_rows jsonb)
  returns table (inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_total integer;
begin
  perform vitalis_private.check_batch(p_rows, 'measurements');
  v_total := jsonb_array_length(p_rows);
  return query
  with input as (
    select distinct on (coalesce(m.user_id, v_me), m.metric, m.measured_at, m.source)
           coalesce(m.user_id, v_me) as user_id, m.metric, m.value, m.unit, m.measured_at, m.source, m.notes
      from jsonb_populate_recordset(null::vitalis.measurements, p_rows) m
     order by coalesce(m.user_id, v_me), m.metric, m.measured_at, m.source
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
comment on function vitalis.upsert_measurements(jsonb) is 'Idempotent batch upsert into measurements keyed by (user_id, metric, measured_at, source): a JSON array of row objects (user_id defaults to you). A new value for a stored measurement replaces it; the same one again changes nothing. Returns rows inserted, updated and skipped.';

reset role;
