set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Client-owned and server-owned columns (issue 8). A signed-in client (vitalis_api) may write only
 * the columns it owns, granted column by column; everything else is the server's: ids,
 * `user_id` (taken from the request context), `created_at`/`updated_at`/`deleted_at` stamps,
 * provider identities and sync state, file keys, parse results, derived lab values, insights and
 * goal alerts. The worker and the SECURITY DEFINER functions write those. A column added later is
 * not writable until a migration grants it: the safe default.
 */

-- Every user-data table: the owner comes from the request, never from the client.
do $$
declare
  t record;
begin
  for t in
    select c.oid::regclass as tbl
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
       and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'user_isolation')
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)
       and c.relname not in ('users', 'audit_log')
  loop
    execute format('alter table %s alter column user_id set default vitalis.current_user_id()', t.tbl);
  end loop;
end $$;

create or replace function vitalis_private.set_client_columns(p_table regclass, p_insert text[], p_update text[]) returns void
  language plpgsql volatile as $$
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
comment on function vitalis_private.set_client_columns(regclass, text[], text[]) is
  'Makes exactly these columns of a user-data table writable by signed-in clients (vitalis_api): INSERT and UPDATE column grants, nothing else. Safe to run again.';

-- A user-entered table: the same columns on insert and update, plus deleted_at on update (soft delete, stamped by the server).
create or replace function vitalis_private.set_client_columns(p_table regclass, p_columns text[]) returns void
  language plpgsql volatile as $$
declare
  v_soft_delete boolean := exists (select 1 from pg_attribute a where a.attrelid = p_table and a.attname = 'deleted_at' and not a.attisdropped);
begin
  perform vitalis_private.set_client_columns(p_table, p_columns, case when v_soft_delete then p_columns || '{deleted_at}'::text[] else p_columns end);
end $$;
comment on function vitalis_private.set_client_columns(regclass, text[]) is
  'set_client_columns with the same columns on insert and update; deleted_at is added to the update columns where the table soft-deletes.';

select vitalis_private.set_client_columns('vitalis.blood_panels', '{lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes}');
-- value_canonical, in_range and the optimal range are derived by the _300_derive trigger; parse_confidence comes from the parser.
select vitalis_private.set_client_columns('vitalis.blood_markers', '{panel_id, biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code}');
select vitalis_private.set_client_columns('vitalis.custom_metrics', '{name, unit, data_type, min_value, max_value, is_active}');
select vitalis_private.set_client_columns('vitalis.custom_metric_entries', '{metric_id, value_numeric, value_text, measured_at, notes}');
select vitalis_private.set_client_columns('vitalis.dexa_scans', '{provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs, total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, notes}');
select vitalis_private.set_client_columns('vitalis.dexa_regions', '{scan_id, region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs}');
select vitalis_private.set_client_columns('vitalis.dexa_bone_density', '{scan_id, region, bmd_g_cm2, t_score, z_score}');
select vitalis_private.set_client_columns('vitalis.doctor_visits', '{visit_date, provider_name, specialty, notes, follow_up_date}');
select vitalis_private.set_client_columns('vitalis.doctor_visit_panels', '{visit_id, panel_id}');
select vitalis_private.set_client_columns('vitalis.epigenetic_tests', '{provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data}');
select vitalis_private.set_client_columns('vitalis.epigenetic_organ_ages', '{test_id, organ_system, biological_age, chronological_age, delta_years, direction}');
select vitalis_private.set_client_columns('vitalis.goals', '{metric_type, biomarker_id, metric_name, target_value, target_unit, direction, alert_threshold_low, alert_threshold_high, alert_enabled, notes, is_active}');
select vitalis_private.set_client_columns('vitalis.lifting_sessions', '{session_date, source, source_session_id, name, duration_seconds, notes}');
select vitalis_private.set_client_columns('vitalis.lifting_sets', '{session_id, exercise_id, set_number, exercise_order, weight_lbs, reps, rpe, is_warmup, notes}');
select vitalis_private.set_client_columns('vitalis.measurements', '{metric, value, unit, measured_at, source, notes}');
select vitalis_private.set_client_columns('vitalis.menstrual_cycles', '{cycle_date, phase, flow_intensity, symptoms, notes}');
select vitalis_private.set_client_columns('vitalis.mood_journal', '{journal_date, mood_score, energy_score, stress_score, notes}');
select vitalis_private.set_client_columns('vitalis.nutrition_logs', '{log_date, meal_type, calories_kcal, protein_g, carbs_g, fat_g, fiber_g, source, raw_data}');
select vitalis_private.set_client_columns('vitalis.supplements', '{name, brand, dose_amount, dose_unit, frequency, timing, started_at, ended_at, purpose, notes}');
select vitalis_private.set_client_columns('vitalis.supplement_logs', '{supplement_id, taken_at, dose_amount, dose_unit, notes}');
-- Wearables: source_updated_at is the provider's version stamp, which decides whether a later sync
-- may overwrite a row; a client that could set it could freeze the row against every sync.
select vitalis_private.set_client_columns('vitalis.wearable_daily', '{date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data}');
select vitalis_private.set_client_columns('vitalis.wearable_sleep', '{sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data}');
select vitalis_private.set_client_columns('vitalis.wearable_activities', '{activity_date, source, source_activity_id, activity_type, activity_name, start_time, end_time, duration_seconds, distance_m, calories_kcal, avg_hr_bpm, max_hr_bpm, hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_3_seconds, hr_zone_4_seconds, hr_zone_5_seconds, avg_pace_sec_per_km, avg_speed_kmh, elevation_gain_m, avg_power_watts, normalized_power_watts, training_stress_score, training_effect_aerobic, training_effect_anaerobic, vo2_max_ml_kg_min, notes, raw_data}');

-- Rows the server creates; the user may rename, re-file or annotate them.
-- connected_devices: made by the connect flow (tokens, provider identity, sync state).
select vitalis_private.set_client_columns('vitalis.connected_devices', '{}', '{display_name}');
-- documents and photos: made by the upload flow (file keys, sizes, parse results).
select vitalis_private.set_client_columns('vitalis.documents', '{}', '{document_type, provider_name, original_filename, deleted_at}');
select vitalis_private.set_client_columns('vitalis.photos', '{}', '{photo_date, photo_type, linked_scan_id, notes, deleted_at}');
-- Computed by the worker; the user acknowledges or dismisses through functions below.
select vitalis_private.set_client_columns('vitalis.insights', '{}', '{}');
select vitalis_private.set_client_columns('vitalis.goal_alerts', '{}', '{}');
-- Privacy requests: the user asks (and picks a format); only the server moves the status.
select vitalis_private.set_client_columns('vitalis.data_export_requests', '{format}', '{}');
select vitalis_private.set_client_columns('vitalis.deletion_requests', '{}', '{}');
select vitalis_private.set_client_columns('vitalis.ingestion_jobs', '{}', '{}');
select vitalis_private.set_client_columns('vitalis.user_preferences', '{}', '{weight_unit, height_unit, distance_unit, temperature_unit, energy_unit, timezone, notifications_enabled, notification_prefs, dashboard_layout, source_priority}');
select vitalis_private.set_client_columns('vitalis.users', '{}', '{display_name, date_of_birth, biological_sex}');

-- Soft deletes are stamped by the server: a client sets deleted_at to any value to delete (or null
-- to restore), and the row records when that happened.
create or replace function vitalis_private.tg__stamp_deleted_at() returns trigger
  language plpgsql volatile as $$
begin
  if new.deleted_at is distinct from old.deleted_at and new.deleted_at is not null then
    new.deleted_at := now();
  end if;
  return new;
end $$;
comment on function vitalis_private.tg__stamp_deleted_at() is 'deleted_at records when the row was deleted, whatever time the client sent.';
do $$
declare
  t record;
begin
  for t in
    select c.oid::regclass as tbl
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'deleted_at' and not a.attisdropped)
       and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'user_isolation')
  loop
    execute format('drop trigger if exists _110_stamp_deleted_at on %s', t.tbl);
    execute format('create trigger _110_stamp_deleted_at before update of deleted_at on %s for each row execute function vitalis_private.tg__stamp_deleted_at()', t.tbl);
  end loop;
end $$;

-- Derived lab values follow the value: an edit recomputes them instead of keeping the old verdict.
create or replace function vitalis_private.tg_blood_markers__reset_derived() returns trigger
  language plpgsql volatile as $$
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
comment on function vitalis_private.tg_blood_markers__reset_derived() is 'Clears the derived verdicts of an edited blood marker so _300_derive computes them again from the new value.';
drop trigger if exists _290_reset_derived on vitalis.blood_markers;
create trigger _290_reset_derived before update on vitalis.blood_markers
  for each row execute function vitalis_private.tg_blood_markers__reset_derived();
drop trigger if exists _300_derive on vitalis.blood_markers;
create trigger _300_derive before insert or update on vitalis.blood_markers
  for each row execute function vitalis_private.tg_blood_markers__derive();

-- Acknowledging and dismissing: the only writes a user makes to what the worker computed.
create or replace function vitalis.acknowledge_goal_alert(alert_id uuid) returns vitalis.goal_alerts
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis.acknowledge_goal_alert(uuid) is 'Marks one of your goal alerts as seen (acknowledgedAt is when you first did). Acknowledging again changes nothing.';
revoke all on function vitalis.acknowledge_goal_alert(uuid) from public;
grant execute on function vitalis.acknowledge_goal_alert(uuid) to vitalis_api;

create or replace function vitalis.dismiss_insight(insight_id uuid, dismissed boolean default true) returns vitalis.insights
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis.dismiss_insight(uuid, boolean) is 'Hides one of your insights (dismissed: false shows it again); dismissedAt is when you dismissed it.';
revoke all on function vitalis.dismiss_insight(uuid, boolean) from public;
grant execute on function vitalis.dismiss_insight(uuid, boolean) to vitalis_api;

-- The connect flow stores a provider connection for the signed-in user. It runs in the API (the
-- OAuth callback), where the request acts as vitalis_api, which may not write these columns.
-- Not in an exposed schema: only the server's own code can call it.
create or replace function vitalis_private.save_device_connection(
  p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text,
  p_token_expires_at timestamptz, p_scope text[], p_external_user_id text) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_me uuid := vitalis.current_user_id();
  v_device uuid;
begin
  if v_me is null then
    raise exception 'connected_devices: sign in to connect a provider' using errcode = '42501';
  end if;
  insert into vitalis.connected_devices (user_id, source, display_name) values (v_me, p_source, p_display_name)
    on conflict (user_id, source) do nothing;
  -- The refresh token is kept when the provider does not rotate it; the sync cursor is kept, so
  -- reconnecting does not download again what is stored.
  update vitalis.connected_devices d
     set access_token_enc = p_access_token_enc, refresh_token_enc = coalesce(p_refresh_token_enc, d.refresh_token_enc),
         token_expires_at = p_token_expires_at, scope = p_scope,
         external_user_id = coalesce(p_external_user_id, d.external_user_id), is_active = true, last_sync_error = null
   where d.user_id = v_me and d.source = p_source
  returning d.device_id into v_device;
  return v_device;
end $$;
comment on function vitalis_private.save_device_connection(vitalis.data_source, text, text, text, timestamptz, text[], text) is
  'Connect flow: creates or re-activates the signed-in user''s connection to a provider with fresh (encrypted) tokens and the provider''s user id. Server code only.';
revoke all on function vitalis_private.save_device_connection(vitalis.data_source, text, text, text, timestamptz, text[], text) from public;
grant execute on function vitalis_private.save_device_connection(vitalis.data_source, text, text, text, timestamptz, text[], text) to vitalis_api;

create or replace function vitalis_private.disconnect_device(p_source vitalis.data_source) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  update vitalis.connected_devices d
     set is_active = false, access_token_enc = null, refresh_token_enc = null, token_expires_at = null
   where d.user_id = vitalis.current_user_id() and d.source = p_source;
  return found;
end $$;
comment on function vitalis_private.disconnect_device(vitalis.data_source) is 'Disconnect flow: the signed-in user''s connection stops syncing and its tokens are erased. Server code only.';
revoke all on function vitalis_private.disconnect_device(vitalis.data_source) from public;
grant execute on function vitalis_private.disconnect_device(vitalis.data_source) to vitalis_api;

-- Erasure: the user asks and may take it back during the grace period; only the server moves a
-- request to processing or completed.
create or replace function vitalis.request_account_deletion() returns vitalis.deletion_requests
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis.request_account_deletion() is 'Asks for your account and all its data to be erased after a 30-day grace period (gracePeriodEndsAt); asking again returns the pending request.';
revoke all on function vitalis.request_account_deletion() from public;
grant execute on function vitalis.request_account_deletion() to vitalis_api;

create or replace function vitalis.cancel_account_deletion() returns vitalis.deletion_requests
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis.cancel_account_deletion() is 'Cancels your pending account deletion during its grace period.';
revoke all on function vitalis.cancel_account_deletion() from public;
grant execute on function vitalis.cancel_account_deletion() to vitalis_api;

reset role;
