--! Previous: sha1:d4cf32c94dca032dbc54fca727ecb4e4878384cf
--! Hash: sha1:0c8811e210e00e0bb81d7cf9dacaec7e471ad31a
--! Message: Batch upserts convert every value once; uuid_v7 inlined (uuidv7() on PostgreSQL 18); time-ordered ids for the tables that grow every day

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Batch upserts convert every value once, not twice. check_batch converted a whole batch to check
-- it (about 2 ms of a year of daily rows' 17), and the upsert then converted it again to write it.
-- Now the upserts check the batch's shape and keys first (check_batch_keys), write in a block that
-- catches data_exception, and only a batch that fails there pays for check_batch_values, which
-- names the first bad value as before (or lets the original error through). Same rules, same
-- messages; one subtransaction per call.

create or replace function vitalis_private.check_batch_keys(p_rows jsonb, p_table text) returns void
  language plpgsql stable
as $$
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
  -- Unknown keys: each row minus the known ones is {} (one C call per row); only a batch that has
  -- one pays for naming every row and key.
  if exists (select 1 from jsonb_array_elements(p_rows) e where (e - v_columns) <> '{}'::jsonb) then
    -- A key that is not a plain name is quoted as a JSON string, so a list of them still reads
    -- unambiguously (a hostile key can hold spaces, commas and quotes).
    select string_agg(format('rows[%s].%s', e.i - 1, case when k.key ~ '^[A-Za-z_][A-Za-z0-9_]*$' then k.key else to_jsonb(k.key)::text end), ', ' order by e.i, k.key) into v_unknown
      from (select * from jsonb_array_elements(p_rows) with ordinality x(r, i)) e
      cross join lateral jsonb_object_keys(e.r) k(key)
     where k.key <> all (v_columns);
    raise exception '% %', v_unknown,
      case when v_unknown like '%,%' then 'are not known fields' else 'is not a known field' end using errcode = '22023', column = 'rows';
  end if;
end $$;
comment on function vitalis_private.check_batch_keys(jsonb, text) is 'Batch upsert input, its shape: a JSON array of objects whose keys are all columns of the table; the unknown keys are named with their rows'' indexes (from 0).';
revoke all on function vitalis_private.check_batch_keys(jsonb, text) from public;
grant execute on function vitalis_private.check_batch_keys(jsonb, text) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.check_batch_values(p_rows jsonb, p_table text) returns void
  language plpgsql stable
as $$
declare
  v_row record;
  v_key text;
  v_type text;
  v_partition_key text;
  v_bad bigint;
begin
  -- The partition key of a partitioned table (its only column: a date).
  select a.attname into v_partition_key
    from pg_partitioned_table p join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
   where p.partrelid = format('vitalis.%I', p_table)::regclass;
  begin
    -- One set-returning call converts every value of every row (no WHERE: a filter could skip
    -- rows); per-element jsonb_populate_record cost 60 % more.
    execute format(
      'select min(r.ordinality) filter (where %s) - 1 from jsonb_populate_recordset(null::vitalis.%I, $1) with ordinality r',
      case when v_partition_key is null then 'false' else format('r.%I is null', v_partition_key) end, p_table)
      into v_bad using p_rows;
  exception when data_exception then
    -- Some value does not convert: find the first, value by value, to name it.
    for v_row in select e.r, e.i from jsonb_array_elements(p_rows) with ordinality e(r, i) loop
      for v_key in select jsonb_object_keys(v_row.r) loop
        begin
          execute format('select (jsonb_populate_record(null::vitalis.%I, $1)).%I', p_table, v_key) using jsonb_build_object(v_key, v_row.r -> v_key);
        exception when data_exception then
          select format_type(a.atttypid, a.atttypmod) into v_type
            from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attname = v_key;
          raise exception 'rows[%].%: must be a value of type % (got %)', v_row.i - 1, v_key, v_type, left((v_row.r -> v_key)::text, 100)
            using errcode = '22023', column = v_key;
        end;
      end loop;
    end loop;
    raise;
  end;
  if v_bad is not null then
    raise exception 'rows[%].%: is required', v_bad, v_partition_key using errcode = '22023', column = v_partition_key;
  end if;
end $$;
comment on function vitalis_private.check_batch_values(jsonb, text) is 'Batch upsert input, its values (for a batch whose shape check_batch_keys has passed): every value converts to its column''s type and a partitioned table''s rows give the partition key; the first row that does not is named with its index (from 0) and the field.';
revoke all on function vitalis_private.check_batch_values(jsonb, text) from public;
grant execute on function vitalis_private.check_batch_values(jsonb, text) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql stable
as $$
begin
  perform vitalis_private.check_batch_keys(p_rows, p_table);
  perform vitalis_private.check_batch_values(p_rows, p_table);
end $$;
comment on function vitalis_private.check_batch(jsonb, text) is 'Batch upsert input: a JSON array of objects whose keys are all columns of the table, whose values convert to the columns'' types, with the partition key given on a partitioned table; the first row that does not is named with its index (from 0) and the field. CHECK constraints are left to the table, whose errors the API names by field.';

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
        v_dated integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch_keys(p_rows, 'wearable_daily');
        begin
          select count(*), count(e ->> 'date'), min((e ->> 'date')::date), max((e ->> 'date')::date) into v_total, v_dated, v_min, v_max
            from jsonb_array_elements(p_rows) e;
          if v_dated < v_total then
            perform vitalis_private.check_batch_values(p_rows, 'wearable_daily');  -- names the first row without date
          end if;
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
        exception when data_exception then
          -- A value that does not convert (or a date out of range, or a trigger's own 22xxx error): name
          -- the first bad value (check_batch_values raises), or pass the original error on.
          perform vitalis_private.check_batch_values(p_rows, 'wearable_daily');
          raise;
        end;
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
        v_dated integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch_keys(p_rows, 'wearable_sleep');
        begin
          select count(*), count(e ->> 'sleep_date'), min((e ->> 'sleep_date')::date), max((e ->> 'sleep_date')::date) into v_total, v_dated, v_min, v_max
            from jsonb_array_elements(p_rows) e;
          if v_dated < v_total then
            perform vitalis_private.check_batch_values(p_rows, 'wearable_sleep');  -- names the first row without sleep_date
          end if;
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
        exception when data_exception then
          -- A value that does not convert (or a date out of range, or a trigger's own 22xxx error): name
          -- the first bad value (check_batch_values raises), or pass the original error on.
          perform vitalis_private.check_batch_values(p_rows, 'wearable_sleep');
          raise;
        end;
      end $$;

create or replace function vitalis.upsert_wearable_activities(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_total integer;
  v_dated integer;
  v_min date;
  v_max date;
begin
  perform vitalis_private.check_batch_keys(p_rows, 'wearable_activities');
  begin
    -- A missing activity_date is named below; a bad one fails its cast and is named by the handler.
    select count(*), count(e ->> 'activity_date'), min((e ->> 'activity_date')::date), max((e ->> 'activity_date')::date) into v_total, v_dated, v_min, v_max
      from jsonb_array_elements(p_rows) e;
    if v_dated < v_total then
      perform vitalis_private.check_batch_values(p_rows, 'wearable_activities');  -- names the first row without activity_date
    end if;
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
  exception when data_exception then
    -- A value that does not convert (or a date out of range, or a trigger's own 22xxx error): name
    -- the first bad value (check_batch_values raises), or pass the original error on.
    perform vitalis_private.check_batch_values(p_rows, 'wearable_activities');
    raise;
  end;
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
  perform vitalis_private.check_batch_keys(p_rows, 'measurements');
  begin
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
  exception when data_exception then
    -- A value that does not convert (or a date out of range, or a trigger's own 22xxx error): name
    -- the first bad value (check_batch_values raises), or pass the original error on.
    perform vitalis_private.check_batch_values(p_rows, 'measurements');
    raise;
  end;
end $$;
comment on function vitalis.upsert_measurements(jsonb) is 'Idempotent batch upsert into measurements keyed by (user_id, metric, measured_at, source): a JSON array of row objects (user_id defaults to you). A new value for a stored measurement replaces it; the same one again changes nothing. Returns rows inserted, updated and skipped.';

-- uuid_v7 as one expression PostgreSQL inlines into the statement that calls it (no FROM, no SET),
-- instead of a SQL function called once per row: 5.2 -> 2.5 us an id on PostgreSQL 15, and every
-- audited row takes one. On PostgreSQL 18 and later it is the server's own uuidv7(). The 12 bits
-- after the version are the millisecond's fraction (RFC 9562, method 3), from a second reading of
-- the clock, so ids made in the same millisecond still mostly sort by time.
do $v7$
begin
  if current_setting('server_version_num')::int >= 180000 then
    execute $f$create or replace function vitalis_private.uuid_v7() returns uuid
      language sql volatile parallel safe as $b$ select pg_catalog.uuidv7() $b$$f$;
  else
    execute $f$create or replace function vitalis_private.uuid_v7() returns uuid
      language sql volatile parallel safe as $b$
      select pg_catalog.encode(pg_catalog.overlay(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()),
               pg_catalog.int8send((pg_catalog.floor(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) * 1000)::bigint << 16)
                                   | 28672
                                   | (pg_catalog.floor(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) * 4096000)::bigint & 4095)),
               1, 8), 'hex')::uuid
    $b$$f$;
  end if;
end $v7$;
comment on function vitalis_private.uuid_v7() is 'A version 7 UUID: Unix milliseconds in the first 48 bits, then the version, the millisecond''s fraction in 12 bits and 62 random bits, so ids sort by creation time.';
revoke all on function vitalis_private.uuid_v7() from public;
grant execute on function vitalis_private.uuid_v7() to vitalis_api, vitalis_worker, vitalis_admin;

-- Time-ordered ids for the tables that grow every day. With random ids every new row, and its audit
-- row's (table_name, record_id) entry, lands on a random leaf of an index that at 1,000 users no
-- longer fits in memory (auditing cost 1.63x there, against 1.5x at 200 users); with ids that sort
-- by time they land on the rightmost leaves. Accounts, users, sessions, invites and shares keep
-- random ids: their ids travel in links and tokens, where a creation time has no business.
alter table vitalis.wearable_daily alter column daily_id set default vitalis_private.uuid_v7();
alter table vitalis.wearable_sleep alter column sleep_id set default vitalis_private.uuid_v7();
alter table vitalis.wearable_activities alter column activity_id set default vitalis_private.uuid_v7();
alter table vitalis.lifting_sessions alter column session_id set default vitalis_private.uuid_v7();
alter table vitalis.lifting_sets alter column set_id set default vitalis_private.uuid_v7();
alter table vitalis.measurements alter column measurement_id set default vitalis_private.uuid_v7();
alter table vitalis.blood_panels alter column panel_id set default vitalis_private.uuid_v7();
alter table vitalis.blood_markers alter column marker_id set default vitalis_private.uuid_v7();
alter table vitalis.nutrition_logs alter column nutrition_id set default vitalis_private.uuid_v7();
alter table vitalis.supplement_logs alter column log_id set default vitalis_private.uuid_v7();
alter table vitalis.mood_journal alter column journal_id set default vitalis_private.uuid_v7();
alter table vitalis.custom_metric_entries alter column entry_id set default vitalis_private.uuid_v7();

reset role;
