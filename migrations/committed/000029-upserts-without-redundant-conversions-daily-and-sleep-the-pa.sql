--! Previous: sha1:c493b6cd18187881207790ffc6e720731c7ceb98
--! Hash: sha1:ae6cd76afdd791f191ec529035bec7fd153b7a3e
--! Message: Upserts without redundant conversions (daily and sleep: the partitions' dates from the date's text; activities: one statement over a CTE instead of a temporary table per call), and household reads computed once per statement

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The daily and sleep upserts converted every row twice before the insert converted it a third
-- time: once in check_batch (which names a bad value) and once more only to count the rows and find
-- the first and last date for the partitions. check_batch has already refused a date that does not
-- convert or is missing, so the date's text (->>) gives the same answer at a sixth of the cost
-- (0.33 against 2.0 ms for 365 daily rows).

create or replace function vitalis.upsert_wearable_daily(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
      declare
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
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_daily, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_daily as t (user_id, date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at, created_at)
          select coalesce(i.user_id, vitalis.current_user_id()), date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at, v_stamp from input i
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
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.sleep_date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_sleep, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.sleep_date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_sleep as t (user_id, sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count, created_at)
          select coalesce(i.user_id, vitalis.current_user_id()), sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count, v_stamp from input i
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

comment on function vitalis.upsert_wearable_daily(jsonb) is 'Idempotent batch upsert into wearable_daily keyed by (user_id, date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';
comment on function vitalis.upsert_wearable_sleep(jsonb) is 'Idempotent batch upsert into wearable_sleep keyed by (user_id, sleep_date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';

reset role;

set local lock_timeout = '5s';
set local role vitalis_owner;

-- The activities upsert staged every batch in a temporary table (created, or truncated, per call:
-- catalog writes and a new file each time) and converted the rows there; at 0.30x COPY it was the
-- slowest of the three wearable upserts. The update of known activities and the insert of new ones
-- are now one statement over a CTE, as the daily and sleep upserts are, and the partitions' range
-- comes from the date's text (check_batch has already refused a bad or missing date).
create or replace function vitalis.upsert_wearable_activities(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
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
    select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text))
           coalesce(r.user_id, vitalis.current_user_id()) as user_id, r.activity_date, r.source, r.source_activity_id, r.activity_type, r.activity_name, r.start_time, r.end_time, r.duration_seconds, r.distance_m, r.calories_kcal, r.avg_hr_bpm, r.max_hr_bpm, r.hr_zone_1_seconds, r.hr_zone_2_seconds, r.hr_zone_3_seconds, r.hr_zone_4_seconds, r.hr_zone_5_seconds, r.avg_pace_sec_per_km, r.avg_speed_kmh, r.elevation_gain_m, r.avg_power_watts, r.normalized_power_watts, r.training_stress_score, r.training_effect_aerobic, r.training_effect_anaerobic, r.vo2_max_ml_kg_min, r.notes, r.raw_data, r.source_updated_at
      from jsonb_populate_recordset(null::vitalis.wearable_activities, p_rows) r
     order by coalesce(r.user_id, vitalis.current_user_id()), r.source, coalesce(r.source_activity_id, gen_random_uuid()::text), r.source_updated_at desc nulls last
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

comment on function vitalis.upsert_wearable_activities(jsonb) is 'Idempotent batch upsert into wearable_activities keyed by (user_id, source, source_activity_id) across all years: an activity whose date moved is updated, not duplicated. Returns rows inserted, updated and skipped.';

reset role;

set local lock_timeout = '5s';
set local role vitalis_owner;

-- readable_user_ids() is read once per table of a statement (an initplan each), and for
-- vitalis_api each read called viewable_user_ids(): a SECURITY DEFINER function with a lookup in
-- profile_shares, about 25 us. biomarker_trend reads three shared tables, so three calls. Now the
-- first call of a statement keeps its answer in a transaction-local setting keyed by the caller
-- and the statement's start, and the other tables of that statement read it back: as before, a
-- share granted or revoked counts from the next statement. The setting is no more trusted than
-- app.current_user_id itself (both are only ever set by the server, never from a GraphQL request).

create or replace function vitalis_private.viewable_cache_key() returns text
  language sql stable parallel safe as $$
  select pg_catalog.concat(pg_catalog.current_setting('app.current_user_id', true), '@', pg_catalog.statement_timestamp())
$$;
comment on function vitalis_private.viewable_cache_key() is 'The key of viewable_user_ids()''s answer for this statement: the caller (app.current_user_id as set) and the statement''s start.';
revoke all on function vitalis_private.viewable_cache_key() from public;
grant execute on function vitalis_private.viewable_cache_key() to vitalis_api, vitalis_worker, vitalis_owner, vitalis_admin;

create or replace function vitalis.viewable_user_ids() returns uuid[]
  language plpgsql stable security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_owners uuid[];
  v_account uuid;
  v_result uuid[];
begin
  if v_me is null then
    return '{}';
  end if;
  select array_agg(s.user_id) into v_owners
    from vitalis.profile_shares s where s.viewer_user_id = v_me and s.revoked_at is null;
  if v_owners is null then
    v_result := array[v_me];
  else
    -- Both still in the same account, now: a member who left sees nothing of it any more.
    select u.account_id into v_account from vitalis.users u where u.user_id = v_me and u.deleted_at is null;
    v_result := array_prepend(v_me, array(
      select o.user_id from vitalis.users o
       where o.user_id = any (v_owners) and o.account_id = v_account and o.deleted_at is null));
  end if;
  -- For the other tables of this statement (readable_user_ids).
  perform set_config('vitalis.viewable_user_ids', vitalis_private.viewable_cache_key() || '|' || v_result::text, true);
  return v_result;
end $$;
comment on function vitalis.viewable_user_ids() is 'The users whose data the signed-in user may read: themselves, and the members of their own account who shared their profile with them. Kept for the rest of the statement (readable_user_ids reads it back).';

create or replace function vitalis.readable_user_ids() returns uuid[]
  language sql stable parallel safe as $$
  -- vitalis_worker is a member of vitalis_api, so the role is named: the worker acting for a user
  -- (exports, insights, syncs) keeps seeing that one user's rows only, as vitalis_owner does.
  -- Inlinable (no SET clause, which would plan it again on every call); hence the qualified
  -- operators, whatever the caller's search_path.
  select case
    when current_user operator(pg_catalog.<>) 'vitalis_api'::name then array[vitalis.current_user_id()]
    when pg_catalog.split_part(pg_catalog.current_setting('vitalis.viewable_user_ids', true), '|', 1) operator(pg_catalog.=) vitalis_private.viewable_cache_key()
      then pg_catalog.split_part(pg_catalog.current_setting('vitalis.viewable_user_ids', true), '|', 2)::uuid[]
    else vitalis.viewable_user_ids() end
$$;
comment on function vitalis.readable_user_ids() is 'The users whose rows the caller may read in a shared user-data table: for vitalis_api, viewable_user_ids() (the caller and the members of their account who shared their profile with them), computed once per statement; for every other role, the caller only. Read by the user_isolation policy of the shared tables.';

reset role;
