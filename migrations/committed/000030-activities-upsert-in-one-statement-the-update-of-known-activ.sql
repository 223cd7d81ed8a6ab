--! Previous: sha1:05c7bc1e95ec53f40363d9dd5ca1b86875be930f
--! Hash: sha1:1ee289d148038cce874858e88dd8e3daf3a14b4d
--! Message: Activities upsert in one statement: the update of known activities and the insert of new ones over a CTE instead of a temporary table made or truncated per call

--! split: 1-current.sql
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

reset role;
