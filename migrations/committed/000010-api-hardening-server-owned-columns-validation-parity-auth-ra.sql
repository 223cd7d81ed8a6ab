--! Previous: sha1:4ce34cf6f9e58a9e7830264041e79053092e6818
--! Hash: sha1:2cffbe894d1a073109f888688fc81f88de4c4d2b
--! Message: API hardening: server-owned columns, validation parity, auth rate limits, error messages, forUser refusals

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-server-owned-columns.sql
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

--! split: 3-auth-rate-limits.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Issue 8: rate limits on everything that sends mail or creates accounts, and a login lockout an
 * attacker cannot turn against the owner (docs/auth.md, "Rate limits").
 *
 * - auth_rate_limit(action, address, ...) counts register / password_reset / verify_email requests
 *   per target address and per client IP in vitalis_private.auth_rate_events, shared by every API
 *   process. Requests are counted whether or not the address has an account, so a refusal says
 *   nothing about existence.
 * - auth_login now limits failures per (account, IP) pair and per IP, and throttles the account as
 *   a whole with an exponential delay after LOGIN_MAX_FAILURES_PER_ACCOUNT failures. IPs the account
 *   has signed in from with its password (vitalis_private.login_known_sources) skip the per-IP limit
 *   and the account throttle, so nobody else's failures keep the owner out of their usual network.
 * - IPs are compared by auth_ip_bucket: the IPv4 address, or the IPv6 /64 (one subscriber's prefix).
 *
 * Idempotent: tables are created if missing, functions dropped and created again.
 */

drop function if exists vitalis_private.auth_login(text, text, integer, integer, integer, integer);
drop function if exists vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer);
drop function if exists vitalis_private.auth_rate_limit(text, text, integer, integer, integer);
drop function if exists vitalis_private.auth_ip_bucket(inet);

------------------------------------------------------------------------------------------------
-- Tables (private: no grants; only the functions below touch them)
------------------------------------------------------------------------------------------------

create table if not exists vitalis_private.auth_rate_events (
  event_id bigint generated always as identity primary key,
  action text not null constraint auth_rate_events_action check (action in ('register', 'password_reset', 'verify_email')),
  address text,
  ip_bucket inet,
  occurred_at timestamptz not null default now()
);
comment on table vitalis_private.auth_rate_events is 'One row per accepted request that sends mail or creates an account, for limits per target address and per client IP across API processes. Refused requests are not recorded, so the table holds at most the allowed volume; rows older than the window (at least a day) are pruned as requests arrive.';
comment on column vitalis_private.auth_rate_events.address is 'The target email address, trimmed and lowercased, whether or not an account has it.';
comment on column vitalis_private.auth_rate_events.ip_bucket is 'vitalis_private.auth_ip_bucket of the client IP.';
create index if not exists auth_rate_events_address_idx on vitalis_private.auth_rate_events (action, address, occurred_at);
create index if not exists auth_rate_events_ip_idx on vitalis_private.auth_rate_events (action, ip_bucket, occurred_at);
create index if not exists auth_rate_events_occurred_at_idx on vitalis_private.auth_rate_events (occurred_at);

create table if not exists vitalis_private.login_known_sources (
  user_id uuid not null references vitalis.users on delete cascade,
  ip_bucket inet not null,
  last_success_at timestamptz not null default now(),
  primary key (user_id, ip_bucket)
);
comment on table vitalis_private.login_known_sources is 'IPs (auth_ip_bucket) a user signed in from with the right password in the last 90 days. Logins from them skip the per-IP limit and the account throttle, so an attacker elsewhere cannot keep the owner out; a source that reaches the per-pair failure limit is forgotten.';

------------------------------------------------------------------------------------------------
-- Helpers
------------------------------------------------------------------------------------------------

create function vitalis_private.auth_ip_bucket(p_ip inet) returns inet
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select case when p_ip is null then null
              when family(p_ip) = 6 then network(set_masklen(p_ip, 64))::inet
              else host(p_ip)::inet end
$$;
comment on function vitalis_private.auth_ip_bucket(inet) is 'The unit rate limits count per client: an IPv4 address, or an IPv6 /64 (a subscriber gets at least a /64, so counting single IPv6 addresses would be no limit at all).';

------------------------------------------------------------------------------------------------
-- Mail and account creation limits
------------------------------------------------------------------------------------------------

-- retry_after 0: allowed and recorded; otherwise refused (nothing recorded) and limited_by names
-- the limit: 'address' or 'ip'.
create function vitalis_private.auth_rate_limit(p_action text, p_address text, p_window_seconds integer,
                                                p_max_per_address integer, p_max_per_ip integer)
  returns table (retry_after integer, limited_by text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis_private.auth_rate_limit(text, text, integer, integer, integer) is 'Counts a request that sends mail or creates an account (register, password_reset, verify_email) against limits per target address and per client IP (app.ip_address) over a window. Returns retry_after 0 when allowed (and recorded), otherwise the seconds until it would be and which limit refused it. Unknown addresses count like real ones.';

------------------------------------------------------------------------------------------------
-- Password login
------------------------------------------------------------------------------------------------

-- status: 'ok' | 'invalid' (unknown email and wrong password alike) | 'rate_limited' (retry_after
-- seconds; limited_by 'account_ip', 'ip' or 'account')
create function vitalis_private.auth_login(p_email text, p_password text, p_refresh_ttl_seconds integer,
                                           p_window_seconds integer, p_max_per_account_ip integer, p_max_per_ip integer,
                                           p_max_per_account integer, p_account_window_seconds integer,
                                           p_base_delay_seconds integer, p_max_delay_seconds integer)
  returns table (status text, user_id uuid, session_id uuid, refresh_token text, refresh_expires_at timestamptz,
                 retry_after integer, limited_by text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer) is 'Password login. Failures lock the (account, IP) pair and the IP for a window; past a threshold the account as a whole is throttled with an exponential delay, which IPs the account signed in from before skip. Records failures, clears the pair''s on success, writes the LOGIN audit row.';

------------------------------------------------------------------------------------------------
-- Grants
------------------------------------------------------------------------------------------------

revoke all on function vitalis_private.auth_ip_bucket(inet) from public;
revoke all on function vitalis_private.auth_rate_limit(text, text, integer, integer, integer) from public;
revoke all on function vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer) from public;
grant execute on function vitalis_private.auth_rate_limit(text, text, integer, integer, integer) to vitalis_anonymous, vitalis_api;
grant execute on function vitalis_private.auth_login(text, text, integer, integer, integer, integer, integer, integer, integer, integer) to vitalis_anonymous;

reset role;

--! split: 4-validation-parity.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Validation parity (issue 8): every value a user can write is bounded the same way whichever
 * path it takes (GraphQL, batch upserts, imports). A refusal names the field as the API does
 * (camelCase, `column =` for the error mapping) and the rule. The TypeScript twin of every bound is
 * src/validation/bounds.ts; docs/schema-notes.md ("Validation parity") gives the rules.
 *
 * - numbers: <table>_<column>_range (bounds.ts `ranges`), measurements_value_range per metric,
 *   <table>_<column>_finite where no range makes sense (NaN and Infinity refused);
 * - dates: <table>_<column>_window (2000-01-01 up to the end of next year, or ten years ahead for plans);
 * - sizes: <table>_<column>_length (text, text[]) and <table>_<column>_size (jsonb);
 * - batch upserts: a key that is not a column is refused, naming the row and the key.
 *
 * Redefined here: vitalis_private.check_batch(jsonb, text) (the unknown-key check). A later file
 * that redefines it (e.g. to rename its parameters) must keep that check.
 *
 * Constraints are added NOT VALID and then validated when the existing rows allow it (a notice
 * names the ones that do not): new writes are checked at once either way.
 */

-- ---------------------------------------------------------------------------------------------
-- Helpers

create or replace function vitalis_private.drop_check(p_table regclass, p_name text) returns void
  language plpgsql volatile as $$
begin
  if exists (select 1 from pg_constraint where conrelid = p_table and conname = p_name) then
    execute format('alter table %s drop constraint %I', p_table, p_name);
  end if;
end $$;
comment on function vitalis_private.drop_check(regclass, text) is 'Migration helper: drops a constraint if it is there (without a notice when it is not).';

create or replace function vitalis_private.put_check(p_table regclass, p_name text, p_expr text) returns void
  language plpgsql volatile as $$
begin
  perform vitalis_private.drop_check(p_table, p_name);
  execute format('alter table %s add constraint %I check (%s) not valid', p_table, p_name, p_expr);
  begin
    execute format('alter table %s validate constraint %I', p_table, p_name);
  exception when check_violation or raise_exception then
    raise notice '%: existing rows break %, left NOT VALID (new rows are checked)', p_table, p_name;
  end;
end $$;
comment on function vitalis_private.put_check(regclass, text, text) is
  'Migration helper: (re)creates a CHECK without a blocking scan, then validates it if the existing rows allow.';

-- Volatile, so that the planner never folds a call with constant arguments into an error.
create or replace function vitalis_private.refuse(p_message text, p_column text) returns boolean
  language plpgsql volatile as $$
begin
  raise exception '%', p_message using errcode = '23514', column = p_column;
end $$;
comment on function vitalis_private.refuse(text, text) is
  'Called as the last arm of a CHECK (`ok or refuse(...)`): turns a failed rule into a message that names the column and the rule.';

create or replace function vitalis_private.field_name(p_column text) returns text
  language sql immutable parallel safe as $$
  select string_agg(case when u.i = 1 then u.w else upper(left(u.w, 1)) || substr(u.w, 2) end, '' order by u.i)
    from unnest(string_to_array(p_column, '_')) with ordinality u(w, i) where u.w <> ''
$$;
comment on function vitalis_private.field_name(text) is
  'A column as the API names it (hr_zone_1_seconds -> hrZone1Seconds): the field the CHECK messages start with.';

-- Columns a user writes: what vitalis_api may insert or update, plus what the batch upserts take
-- from the caller's JSON (they run as owner). Server stamps (created_at, updated_at, and
-- deleted_at, which a client sets but the server stamps with now()) are never user-written.
create or replace function vitalis_private.user_written_columns()
  returns table (tbl regclass, table_name text, column_name text, type_name text)
  language sql stable as $$
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
comment on function vitalis_private.user_written_columns() is
  'The columns users write (client grants plus the batch upserts'' inputs): what the size, date and finite-number CHECKs cover.';

-- ---------------------------------------------------------------------------------------------
-- Ranges: the twins of bounds.ts `ranges` that were missing or named <column>_check.

do $$
declare
  r record;
begin
  for r in
    select * from (values
      ('dexa_scans', 'age_at_scan', 0, 150), ('dexa_scans', 'height_in', 20, 110), ('dexa_scans', 'weight_lbs', 20, 1000),
      ('dexa_scans', 'total_mass_lbs', 20, 1000), ('dexa_scans', 'total_fat_lbs', 0, 1000), ('dexa_scans', 'total_lean_lbs', 0, 1000),
      ('dexa_scans', 'total_bmc_lbs', 0, 50), ('dexa_scans', 'visceral_fat_lbs', 0, 100), ('dexa_scans', 'visceral_fat_in3', 0, 1000),
      ('dexa_scans', 'android_gynoid_ratio', 0, 10),
      ('dexa_regions', 'fat_lbs', 0, 1000), ('dexa_regions', 'lean_lbs', 0, 1000), ('dexa_regions', 'bmc_lbs', 0, 50),
      ('dexa_regions', 'total_mass_lbs', 0, 1000),
      ('dexa_bone_density', 'bmd_g_cm2', 0, 5), ('dexa_bone_density', 't_score', -10, 10), ('dexa_bone_density', 'z_score', -10, 10),
      ('epigenetic_tests', 'chronological_age', 0, 150), ('epigenetic_tests', 'biological_age', 0, 200),
      ('epigenetic_tests', 'pace_percentile', 0, 100), ('epigenetic_tests', 'telomere_length', 0, 100),
      ('epigenetic_organ_ages', 'biological_age', 0, 200), ('epigenetic_organ_ages', 'chronological_age', 0, 150),
      ('epigenetic_organ_ages', 'delta_years', -100, 100),
      ('lifting_sessions', 'duration_seconds', 0, 86400),
      ('lifting_sets', 'set_number', 1, 999), ('lifting_sets', 'exercise_order', 1, 999),
      ('nutrition_logs', 'calories_kcal', 0, 20000), ('nutrition_logs', 'protein_g', 0, 2000), ('nutrition_logs', 'carbs_g', 0, 3000),
      ('nutrition_logs', 'fat_g', 0, 2000), ('nutrition_logs', 'fiber_g', 0, 500),
      ('supplements', 'dose_amount', 0.001, 50000), ('supplement_logs', 'dose_amount', 0.001, 50000),
      ('custom_metrics', 'min_value', -1e9, 1e9), ('custom_metrics', 'max_value', -1e9, 1e9),
      ('custom_metric_entries', 'value_numeric', -1e9, 1e9),
      ('wearable_activities', 'vo2_max_ml_kg_min', 10, 100),
      ('wearable_activities', 'avg_power_watts', 0, 3000), ('wearable_activities', 'normalized_power_watts', 0, 3000),
      ('wearable_activities', 'hr_zone_1_seconds', 0, 604800), ('wearable_activities', 'hr_zone_2_seconds', 0, 604800),
      ('wearable_activities', 'hr_zone_3_seconds', 0, 604800), ('wearable_activities', 'hr_zone_4_seconds', 0, 604800),
      ('wearable_activities', 'hr_zone_5_seconds', 0, 604800),
      ('wearable_activities', 'avg_pace_sec_per_km', 0.01, 99999.99), ('wearable_activities', 'avg_speed_kmh', 0, 999.99),
      ('wearable_activities', 'elevation_gain_m', 0, 99999.99), ('wearable_activities', 'training_stress_score', 0, 99999.9)
    ) v(t, c, lo, hi)
  loop
    perform vitalis_private.drop_check(format('vitalis.%I', r.t)::regclass, r.t || '_' || r.c || '_check');
    perform vitalis_private.put_check(format('vitalis.%I', r.t)::regclass, r.t || '_' || r.c || '_range',
      format('%1$I >= %2$s and %1$I <= %3$s', r.c, r.lo, r.hi));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- measurements.value by metric (bounds.ts measurementBounds)

create or replace function vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric,
  out kind text, out unit text, out min_value numeric, out max_value numeric)
  language sql immutable parallel safe as $$
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
comment on function vitalis_private.measurement_bounds(vitalis.measurement_metric) is
  'Plausible range of each measurement metric, in its canonical unit; twin of bounds.ts measurementBounds.';

-- The value in the metric's canonical unit; null when the unit is not one of its kind.
create or replace function vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns numeric language sql immutable parallel safe as $$
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
comment on function vitalis_private.measurement_canonical(vitalis.measurement_metric, numeric, text) is
  'A measurement in its metric''s canonical unit (lbs, kg, cm, °C, mmHg, mg/dL, or as given); null for a unit of the wrong kind.';

create or replace function vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns boolean language sql immutable parallel safe as $$
  select coalesce(c.v between b.min_value and b.max_value, false)
    from vitalis_private.measurement_bounds(p_metric) b,
         (select vitalis_private.measurement_canonical(p_metric, p_value, p_unit) as v) c
$$;
comment on function vitalis_private.measurement_in_range(vitalis.measurement_metric, numeric, text) is
  'CHECK measurements_value_range: the value, in a unit of the metric''s kind, within the metric''s range.';

create or replace function vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns boolean language plpgsql volatile as $$
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
comment on function vitalis_private.refuse_measurement(vitalis.measurement_metric, numeric, text) is
  'The message of a failed measurements_value_range: names the unit or the value and the metric''s range.';

select vitalis_private.drop_check('vitalis.measurements', 'measurements_weight_range');
select vitalis_private.drop_check('vitalis.measurements', 'measurements_weight_unit');
select vitalis_private.put_check('vitalis.measurements', 'measurements_value_range',
  'vitalis_private.measurement_in_range(metric, value, unit) or vitalis_private.refuse_measurement(metric, value, unit)');
comment on column vitalis.measurements.value is
  'The value in unit, within its metric''s range (e.g. weight 20-1000 lbs in any mass unit, height 30-300 cm, spo2 50-100 %, body temperature 25-45 degC).';

-- ---------------------------------------------------------------------------------------------
-- NaN and Infinity: every numeric/real/double column a user writes refuses them. A range CHECK
-- already does (NaN sorts above every number, Infinity above any bound); the others get
-- <table>_<column>_finite. Catalog-driven: a new column gets one when this runs again.

do $$
declare
  r record;
begin
  for r in
    select w.* from vitalis_private.user_written_columns() w
     where w.type_name in ('numeric', 'real', 'double precision')
       and not exists (select 1 from pg_constraint k where k.conrelid = w.tbl and k.contype = 'c'
                        and k.conname in (w.table_name || '_' || w.column_name || '_range', w.table_name || '_' || w.column_name || '_finite'))
       and not (w.table_name = 'measurements' and w.column_name = 'value')
  loop
    perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_finite',
      format($f$%1$I is null or %1$I not in ('NaN', 'Infinity', '-Infinity') or vitalis_private.refuse(%2$L, %3$L)$f$,
             r.column_name, vitalis_private.field_name(r.column_name) || ' must be a finite number', r.column_name));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Dates: one window for everything measured or done, one for plans (bounds.ts dateKind).

create or replace function vitalis_private.date_window_end(p_kind text) returns date
  language sql stable parallel safe as $$
  select case p_kind when 'plan' then make_date(extract(year from current_date)::int + 12, 1, 1)
                     else vitalis_private.partition_window_end() + 1 end
$$;
comment on function vitalis_private.date_window_end(text) is
  'First day refused: 1 January two years ahead (events: the end of next year, as the wearable partitions) or twelve (plans).';

create or replace function vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) returns boolean
  language plpgsql volatile as $$
begin
  raise exception '% must be on or after 2000-01-01 and before % (got %)', p_field, vitalis_private.date_window_end(p_kind), p_value
    using errcode = '23514', column = p_column;
end $$;
comment on function vitalis_private.refuse_date(text, text, text, text) is
  'The message of a failed <table>_<column>_window CHECK.';

do $$
declare
  r record;
  v_kind text;
begin
  -- deleted_at is a server stamp (2-server-owned-columns.sql): no window of its own.
  for r in select k.conrelid::regclass as tbl, k.conname from pg_constraint k join pg_namespace n on n.oid = k.connamespace
            where n.nspname = 'vitalis' and k.contype = 'c' and k.conname like '%\_deleted\_at\_window' and k.coninhcount = 0 loop
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
  for r in
    select w.* from vitalis_private.user_written_columns() w
     where w.type_name in ('date', 'timestamp with time zone', 'timestamp without time zone')
       and not (w.table_name = 'users' and w.column_name = 'date_of_birth')
  loop
    v_kind := case when (r.table_name, r.column_name) in (('doctor_visits', 'follow_up_date'), ('supplements', 'started_at'), ('supplements', 'ended_at'))
                   then 'plan' else 'event' end;
    -- The old lower-bound-only CHECKs of the wearable partition keys are replaced by the window.
    perform vitalis_private.drop_check(r.tbl, r.table_name || '_' || r.column_name || '_check');
    perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_window',
      format($f$%1$I is null or (%1$I >= %2$s and %1$I < vitalis_private.date_window_end(%3$L)) or vitalis_private.refuse_date(%4$L, %5$L, %3$L, %1$I::text)$f$,
             r.column_name,
             case when r.type_name = 'date' then $d$date '2000-01-01'$d$ else $d$timestamptz '2000-01-01 00:00:00+00'$d$ end,
             v_kind, vitalis_private.field_name(r.column_name), r.column_name));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Sizes (bounds.ts textLimit, jsonLimit): names and codes 200 characters, notes and text values
-- 10,000, arrays 100 items of 200; JSON 64 KB, provider payloads (raw_data, hypnogram) 512 KB.

create or replace function vitalis_private.longest_item(p_items text[]) returns integer
  language sql immutable parallel safe as $$
  select coalesce(max(length(i)), 0) from unnest(p_items) i
$$;
comment on function vitalis_private.longest_item(text[]) is 'Length of the longest element: for the text[] size CHECKs.';

do $$
declare
  r record;
  v_max integer;
begin
  for r in select w.* from vitalis_private.user_written_columns() w where w.type_name in ('text', 'character varying', 'text[]', 'jsonb', 'json') loop
    if r.type_name in ('jsonb', 'json') then
      v_max := case when r.column_name in ('raw_data', 'hypnogram') then 512 * 1024 else 64 * 1024 end;
      perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_size',
        format('%1$I is null or octet_length(%1$I::text) <= %2$s or vitalis_private.refuse(%3$L, %4$L)',
               r.column_name, v_max, format('%s must be at most %s KB of JSON', vitalis_private.field_name(r.column_name), v_max / 1024), r.column_name));
    elsif r.type_name = 'text[]' then
      perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_length',
        format('%1$I is null or (cardinality(%1$I) <= 100 and vitalis_private.longest_item(%1$I) <= 200) or vitalis_private.refuse(%2$L, %3$L)',
               r.column_name, format('%s must have at most 100 items of at most 200 characters', vitalis_private.field_name(r.column_name)), r.column_name));
    else
      v_max := case when r.column_name in ('notes', 'value_text') then 10000 else 200 end;
      perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_length',
        format('%1$I is null or length(%1$I) <= %2$s or vitalis_private.refuse(%3$L, %4$L)',
               r.column_name, v_max, format('%s must be at most %s characters', vitalis_private.field_name(r.column_name), v_max), r.column_name));
    end if;
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Batch upserts: a key that is not a column was silently dropped by jsonb_populate_recordset.

create or replace function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql stable as $$
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
comment on function vitalis_private.check_batch(jsonb, text) is
  'Batch upsert input: a JSON array of objects whose keys are all columns of the table; an unknown key is named with its row index (from 0).';

-- The CHECKs run with the writer's privileges.
grant execute on function vitalis_private.refuse(text, text), vitalis_private.field_name(text), vitalis_private.refuse_date(text, text, text, text),
  vitalis_private.date_window_end(text), vitalis_private.longest_item(text[]),
  vitalis_private.measurement_bounds(vitalis.measurement_metric), vitalis_private.measurement_canonical(vitalis.measurement_metric, numeric, text),
  vitalis_private.measurement_in_range(vitalis.measurement_metric, numeric, text), vitalis_private.refuse_measurement(vitalis.measurement_metric, numeric, text)
  to vitalis_api, vitalis_worker, vitalis_admin;

reset role;

--! split: 5-error-messages.sql
/*
 * Error messages of our own functions, as the API shows them: "<field>: <rule>", where the field
 * is the GraphQL argument or input field (camelCase), and `column =` names it for the error
 * mapping (src/server/pgErrors.ts), so the error carries extensions.field. No table, function or
 * constraint names. Each function below is the latest committed definition with only its RAISE
 * messages (and their column) changed; same signatures, so grants and comments stay.
 *
 * Redefined here (a later change to one of these must be made here, or this file undoes it):
 *   vitalis_private.tg_blood_markers__derive()                     -- unit: ...
 *   vitalis_private.tg_custom_metric_entries__validate()           -- valueNumeric: ...
 *   vitalis_private.tg_user_preferences__validate_source_priority() -- sourcePriority: ...
 *   vitalis.invite_household_member(text)                          -- email: ...
 *   vitalis.accept_household_invite(text)                          -- token: ...
 *   vitalis.grant_profile_view(uuid)                               -- viewer: ...
 *   vitalis.biomarker_trend(text, date, uuid)                      -- biomarker: ...
 *   vitalis.dashboard(integer, uuid)                               -- days: ...
 *   vitalis_private.check_partition_dates(text, text, date, date)  -- <field>: ... outside the accepted range
 * biomarker_trend and dashboard also refuse a forUser who shared nothing with the caller
 * (vitalis_private.assert_may_read, 6-for-user-forbidden.sql). check_batch's messages are in
 * 4-validation-parity.sql, which redefines it.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create or replace function vitalis_private.tg_blood_markers__derive() returns trigger
  language plpgsql as $$
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
  if coalesce(vitalis.normalize_unit(new.unit), '') not in (select coalesce(vitalis.normalize_unit(u), '') from unnest(v_accepted) u) then
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

create or replace function vitalis_private.tg_custom_metric_entries__validate() returns trigger
  language plpgsql as $$
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

create or replace function vitalis_private.tg_user_preferences__validate_source_priority() returns trigger
  language plpgsql as $$
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

create or replace function vitalis.invite_household_member(email text, out invite_id uuid, out token text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
end $$;

create or replace function vitalis.accept_household_invite(token text) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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

create or replace function vitalis.grant_profile_view(viewer uuid) returns vitalis.profile_shares
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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

create or replace function vitalis.biomarker_trend(biomarker text, since date default (current_date - 730), for_user uuid default null)
  returns setof vitalis.biomarker_result
  language plpgsql stable parallel safe security invoker as $$
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

create or replace function vitalis.dashboard(days integer default 30, for_user uuid default null)
  returns setof vitalis.dashboard_day
  language plpgsql stable parallel safe security invoker as $$
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
      (array_agg(s.source order by coalesce(array_position(v_sleep, s.source), 1000), s.source) filter (where s.sleep_score is not null))[1] as sleep_score_source
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
         coalesce(activities.activities_count, 0), coalesce(activities.activities_duration_seconds, 0)
    from generate_series(v_from, v_to, interval '1 day') as g(day)
    left join daily on daily.date = g.day::date
    left join sleep on sleep.date = g.day::date
    left join activities on activities.date = g.day::date
   order by g.day;
end $$;

-- Batch dates outside the partition window: the field as the API names it, no table prefix.
create or replace function vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) returns void
  language plpgsql stable as $$
begin
  if p_min < vitalis_private.partition_window_start() or p_max > vitalis_private.partition_window_end() then
    raise exception '%: % is outside the accepted range % to %', vitalis_private.field_name(p_column),
      case when p_min < vitalis_private.partition_window_start() then p_min else p_max end,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', column = p_column, table = p_table, schema = 'vitalis';
  end if;
end $$;

reset role;

--! split: 6-for-user-forbidden.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * The read functions that take `for_user` (dashboard, biomarker_trend, latest_biomarkers) answer
 * FORBIDDEN for a person who has not shared their data with the caller, instead of an empty
 * result that looks like "no data yet". RLS still decides which rows are read; this only makes
 * the refusal explicit. dashboard and biomarker_trend (redefined in 5-error-messages.sql) call it.
 */
create or replace function vitalis_private.assert_may_read(p_for_user uuid) returns void
  language plpgsql stable parallel safe as $$
begin
  if p_for_user is not null and not (p_for_user = any (vitalis.viewable_user_ids())) then
    raise exception 'forUser: you may not read this person''s data (they have not shared their profile with you)'
      using errcode = '42501', column = 'for_user';
  end if;
end $$;
comment on function vitalis_private.assert_may_read(uuid) is 'Refuses (42501, naming forUser) a for_user argument that is neither the caller nor a household member who shared their profile with the caller.';
revoke all on function vitalis_private.assert_may_read(uuid) from public;
grant execute on function vitalis_private.assert_may_read(uuid) to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis.latest_biomarkers(for_user uuid default null)
  returns setof vitalis.biomarker_result
  language plpgsql stable parallel safe security invoker as $$
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

reset role;

--! split: 9-upserts-run-as-owner.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * The batch upserts write columns a client may not write directly (user_id from the request
 * context, ids, source_updated_at: see 2-server-owned-columns.sql), so they run as their owner.
 * RLS is forced on every user-data table and binds vitalis_owner too, so they still act for
 * exactly vitalis.current_user_id(). Applied last, after every redefinition of these functions.
 */
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'vitalis' and p.proname in ('upsert_wearable_daily', 'upsert_wearable_sleep', 'upsert_wearable_activities', 'upsert_measurements')
  loop
    execute format('alter function %s security definer set search_path = pg_catalog', f);
  end loop;
end $$;

reset role;
