--! Previous: -
--! Hash: sha1:7ebfd2a6cdbe733c5d83ea6a9f06519e6e44d0f7
--! Message: Foundation: all of SCHEMA.md

--! split: 01-schemas-and-context.sql
/*
 * Schemas, request context and shared helpers.
 *
 * vitalis is what GraphQL exposes; vitalis_private holds secrets and internal functions and is
 * never exposed; analytics holds pseudonymised views for the read-only role. Roles are
 * cluster-wide and created before migrations run (sql/roles.sql), so they are only granted here.
 *
 * Request context lives in transaction-local settings (set_config(..., true)), never in session
 * state: that keeps PgBouncer transaction pooling safe.
 */
set local lock_timeout = '5s';

-- Before switching to the owner: installing into public needs the migrating user's rights.
create extension if not exists pgcrypto with schema public;

set local role vitalis_owner;

create schema vitalis;
create schema vitalis_private;
create schema analytics;
comment on schema vitalis is 'Vitalis: one person''s health data, isolated per user by row-level security.';
comment on schema vitalis_private is 'Internal functions and secrets; never exposed through the API.';
comment on schema analytics is 'Pseudonymised views for analysts (role vitalis_readonly); no PII.';

revoke all on schema vitalis, vitalis_private, analytics from public;
grant usage on schema vitalis to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_admin, vitalis_readonly;
grant usage on schema vitalis_private to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_admin;
-- Usage only: functions here are executable one by one, and no table in it is granted to users.
grant usage on schema analytics to vitalis_readonly, vitalis_admin;
alter default privileges in schema vitalis, vitalis_private, analytics revoke execute on functions from public;

-- Safe casts: a malformed header value must never make a user's write fail.
create function vitalis_private.try_uuid(value text) returns uuid
  language plpgsql immutable parallel safe as $$
begin
  return nullif(value, '')::uuid;
exception when invalid_text_representation then
  return null;
end $$;

create function vitalis_private.try_inet(value text) returns inet
  language plpgsql immutable parallel safe as $$
begin
  return nullif(value, '')::inet;
exception when invalid_text_representation then
  return null;
end $$;

-- STABLE and SQL so the planner runs it once per statement inside RLS policies (a VOLATILE
-- function there made dashboard queries 36-50x slower).
create function vitalis.current_user_id() returns uuid
  language sql stable parallel safe as $$
  select vitalis_private.try_uuid(current_setting('app.current_user_id', true))
$$;
comment on function vitalis.current_user_id() is 'The signed-in user''s id, from the transaction-local setting app.current_user_id; NULL when nobody is signed in.';

create function vitalis_private.current_request_id() returns uuid
  language sql stable parallel safe as $$
  select vitalis_private.try_uuid(current_setting('app.request_id', true))
$$;

create function vitalis_private.tg__set_updated_at() returns trigger
  language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
comment on function vitalis_private.tg__set_updated_at() is 'Keeps updated_at current on every UPDATE.';

grant execute on function vitalis.current_user_id() to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_admin;
grant execute on function vitalis_private.try_uuid(text), vitalis_private.try_inet(text),
  vitalis_private.current_request_id() to vitalis_api, vitalis_worker, vitalis_admin;

--! split: 02-types.sql
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

--! split: 03-partitions.sql
/*
 * Partition management. wearable_daily, wearable_sleep and wearable_activities are partitioned
 * by year, audit_log by quarter. One function creates whatever partitions a date range needs; a
 * graphile-worker cron task keeps next year ready, and ingestion calls it for historical years
 * (an Apple Health export can start in 2014). No DEFAULT partition: rows parked there would block
 * creating the proper partition later.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create function vitalis_private.partition_period(p_table regclass) returns interval
  language sql immutable parallel safe as $$
  select case when p_table::text in ('vitalis.audit_log', 'audit_log') then interval '3 months' else interval '1 year' end
$$;

-- The accepted window for partitioned dates; anything outside is a data error, not a reason to
-- create a partition.
create function vitalis_private.partition_window_start() returns date
  language sql immutable parallel safe as $$ select date '2000-01-01' $$;
create function vitalis_private.partition_window_end() returns date
  language sql stable parallel safe as $$ select (date_trunc('year', current_date) + interval '2 years' - interval '1 day')::date $$;

create function vitalis_private.create_partitions(p_table regclass, p_from date, p_to date) returns integer
  language plpgsql security definer set search_path = pg_catalog as $$
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
    raise exception 'create_partitions: % is not a partitioned table', p_table using errcode = '22023';
  end if;
  if p_from is null or p_to is null or p_from > p_to then
    raise exception 'create_partitions: invalid range % to %', p_from, p_to using errcode = '22023';
  end if;
  if p_from < vitalis_private.partition_window_start() or p_to > vitalis_private.partition_window_end() then
    raise exception '%: date range % to % is outside the accepted window % to %', v_parent, p_from, p_to,
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
comment on function vitalis_private.create_partitions(regclass, date, date) is
  'Creates the missing partitions of a partitioned table for a date range (yearly, or quarterly for audit_log); returns how many it created. Rejects dates outside 2000-01-01 .. end of next year.';

-- Cheap check first: taking the advisory lock and DDL locks only when something is missing
-- keeps the hot ingestion path lock-free once partitions exist.
create function vitalis_private.ensure_partitions(p_table regclass, p_from date, p_to date) returns integer
  language plpgsql security definer set search_path = pg_catalog as $$
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
comment on function vitalis_private.ensure_partitions(regclass, date, date) is
  'Like create_partitions, but returns at once without locking when every partition exists.';

--! split: 04-audit.sql
/*
 * Audit log (SCHEMA.md section 11). Statement-level triggers with transition tables write one
 * INSERT ... SELECT per statement, so a 10,000-row import costs one audit statement, not 10,000.
 * Who and where come from the transaction's settings (app.current_user_id, app.request_id,
 * app.ip_address, app.user_agent). Bulky raw_data payloads and secrets are never copied into the
 * images. The log is append-only for every role; only the GDPR anonymisation may rewrite it.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.audit_log (
  audit_id uuid not null default gen_random_uuid(),
  user_id uuid,
  action_by uuid,
  table_name text not null,
  record_id uuid not null,
  action vitalis.audit_action not null,
  old_values jsonb,
  new_values jsonb,
  ip_address inet,
  user_agent text,
  request_id uuid,
  created_at timestamptz not null default now(),
  primary key (audit_id, created_at),
  check (action <> 'DELETE' or old_values is not null)
) partition by range (created_at);
comment on table vitalis.audit_log is 'Append-only record of every change to user data and of security events (LOGIN, LOGOUT, EXPORT). Never deleted; anonymised when a user is erased.';
comment on column vitalis.audit_log.user_id is 'Whose data changed. Set to NULL when that user is erased (GDPR).';
comment on column vitalis.audit_log.action_by is 'Who made the change (the signed-in user, or the user a job acted for); NULL for system changes.';
comment on column vitalis.audit_log.record_id is 'Primary key of the changed row (for link tables, the first key column).';
comment on column vitalis.audit_log.old_values is 'Row image before the change, without raw provider payloads and secrets.';
comment on column vitalis.audit_log.new_values is 'Row image after the change, without raw provider payloads and secrets.';
comment on column vitalis.audit_log.request_id is 'The API request that made the change (also in the server logs).';
create index audit_log_user_id_created_at_idx on vitalis.audit_log (user_id, created_at desc);
create index audit_log_table_name_record_id_idx on vitalis.audit_log (table_name, record_id);
create index audit_log_action_by_created_at_idx on vitalis.audit_log (action_by, created_at desc);

select vitalis_private.create_partitions('vitalis.audit_log',
  date_trunc('quarter', current_date)::date, (date_trunc('quarter', current_date) + interval '1 year')::date);

create function vitalis_private.audit_redacted_columns() returns text[]
  language sql immutable parallel safe as $$
  select array['raw_data', 'password_hash', 'access_token_enc', 'refresh_token_enc', 'updated_at']
$$;
comment on function vitalis_private.audit_redacted_columns() is 'Columns never copied into audit images: bulky payloads, secrets, and updated_at (it changes on every write).';

create function vitalis_private.tg__audit_insert() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  select vitalis_private.try_uuid(j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         (j ->> tg_argv[0])::uuid, 'INSERT', j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from (select to_jsonb(n) as j from new_rows n) r;
  return null;
end $$;

create function vitalis_private.tg__audit_update() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
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

create function vitalis_private.tg__audit_delete() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, ip_address, user_agent, request_id)
  select vitalis_private.try_uuid(j ->> 'user_id'), vitalis.current_user_id(), tg_table_name,
         (j ->> tg_argv[0])::uuid, 'DELETE', j - vitalis_private.audit_redacted_columns(),
         vitalis_private.try_inet(current_setting('app.ip_address', true)),
         nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id()
    from (select to_jsonb(o) as j from old_rows o) r;
  return null;
end $$;

-- Security events (LOGIN, LOGOUT, EXPORT) that are not row changes.
create function vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb default null)
  returns void language plpgsql security definer set search_path = pg_catalog as $$
begin
  if p_action not in ('LOGIN', 'LOGOUT', 'EXPORT') then
    raise exception 'audit_security_event: action must be LOGIN, LOGOUT or EXPORT, not %', p_action using errcode = '22023';
  end if;
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  values (p_user_id, coalesce(vitalis.current_user_id(), p_user_id), 'users', p_user_id, p_action, p_details,
          vitalis_private.try_inet(current_setting('app.ip_address', true)),
          nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id());
end $$;
grant execute on function vitalis_private.audit_security_event(vitalis.audit_action, uuid, jsonb) to vitalis_anonymous, vitalis_api, vitalis_worker;

create function vitalis_private.tg_audit_log__append_only() returns trigger
  language plpgsql as $$
begin
  if current_setting('vitalis.audit_rewrite', true) = 'gdpr_anonymise' and current_user = 'vitalis_owner' and tg_op = 'UPDATE' then
    return new;
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end $$;
create trigger _100_append_only before update or delete on vitalis.audit_log
  for each row execute function vitalis_private.tg_audit_log__append_only();
create trigger _101_no_truncate before truncate on vitalis.audit_log
  for each statement execute function vitalis_private.tg_audit_log__append_only();

alter table vitalis.audit_log enable row level security;
alter table vitalis.audit_log force row level security;
create policy user_isolation on vitalis.audit_log for select to vitalis_api, vitalis_worker
  using (user_id = (select vitalis.current_user_id()));
-- Only the audit triggers (running as the owner) append; no application role may insert directly.
create policy append_by_triggers on vitalis.audit_log for insert to vitalis_owner with check (true);
create policy gdpr_anonymise on vitalis.audit_log for update to vitalis_owner using (true) with check (user_id is null);
create policy admin_read on vitalis.audit_log for select to vitalis_admin using (true);
grant select on vitalis.audit_log to vitalis_api, vitalis_worker, vitalis_admin;

-- Secures a user-data table the same way every time: RLS enabled and forced with the owner
-- predicate, privileges for the application roles, and the three audit triggers. The predicate
-- also binds vitalis_owner, so SECURITY DEFINER functions act for exactly one user (the one in
-- app.current_user_id) rather than seeing everybody.
create function vitalis_private.secure_user_table(p_table regclass, p_record_column text) returns void
  language plpgsql as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format($f$create policy user_isolation on %s for all to vitalis_api, vitalis_worker, vitalis_owner
    using (user_id = (select vitalis.current_user_id())) with check (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format('create policy admin_all on %s for all to vitalis_admin using (true) with check (true)', p_table);
  execute format('grant select, insert, update, delete on %s to vitalis_api, vitalis_worker, vitalis_admin', p_table);
  execute format('create trigger _900_audit_insert after insert on %s referencing new table as new_rows for each statement execute function vitalis_private.tg__audit_insert(%L)', p_table, p_record_column);
  execute format('create trigger _901_audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg__audit_update(%L)', p_table, p_record_column);
  execute format('create trigger _902_audit_delete after delete on %s referencing old table as old_rows for each statement execute function vitalis_private.tg__audit_delete(%L)', p_table, p_record_column);
end $$;
comment on function vitalis_private.secure_user_table(regclass, text) is 'Enables and forces RLS (owner predicate on user_id), grants the application roles, and attaches the audit triggers. Every user-data table is passed through it.';

create function vitalis_private.add_updated_at_trigger(p_table regclass) returns void
  language plpgsql as $$
begin
  execute format('create trigger _100_set_updated_at before update on %s for each row execute function vitalis_private.tg__set_updated_at()', p_table);
end $$;

--! split: 05-identity.sql
/*
 * Identity: accounts (billing) hold 1-4 users (profiles); users hold PII. A user sees only their
 * own users row and their own account. Billing columns are written by the billing integration,
 * never by users, so users get SELECT only on accounts and column-level UPDATE on users.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.accounts (
  account_id uuid primary key default gen_random_uuid(),
  stripe_customer_id text unique,
  subscription_tier vitalis.subscription_tier not null default 'free',
  subscription_status vitalis.subscription_status not null default 'active',
  subscription_expires_at timestamptz,
  max_users smallint not null default 1 check (max_users between 1 and 4),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint accounts_max_users_matches_tier check (max_users = case subscription_tier when 'family' then 4 else 1 end)
);
comment on table vitalis.accounts is 'Billing entity. A free or pro account holds one user profile; a family account up to four.';
comment on column vitalis.accounts.stripe_customer_id is 'Stripe customer id; NULL until a payment method is added.';
comment on column vitalis.accounts.max_users is 'How many user profiles the tier allows: 1 for free and pro, 4 for family.';
comment on column vitalis.accounts.deleted_at is 'Soft delete: set when the account is closed; the rows go after the grace period.';
select vitalis_private.add_updated_at_trigger('vitalis.accounts');

create table vitalis.users (
  user_id uuid primary key default gen_random_uuid(),
  account_id uuid not null references vitalis.accounts on delete cascade,
  email text not null unique
    constraint users_email_format check (email = lower(btrim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 320),
  email_verified_at timestamptz,
  password_hash text,
  display_name text not null check (length(btrim(display_name)) between 1 and 200),
  date_of_birth date,
  biological_sex text check (biological_sex in ('male', 'female', 'other')),
  role text not null default 'user' check (role in ('user', 'admin')),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  -- current_date in a CHECK is evaluated at write time only; ages only grow, so a stored row
  -- can never start violating the 13-year bound, and the 150-year bound is far off.
  constraint users_date_of_birth_age check (
    date_of_birth <= (current_date - interval '13 years')::date
    and date_of_birth > (current_date - interval '150 years')::date)
);
comment on table vitalis.users is 'A person (profile) and their sign-in identity. Contains PII.';
comment on column vitalis.users.email is 'Sign-in email, stored lowercase.';
comment on column vitalis.users.password_hash is 'bcrypt hash; NULL for accounts that only sign in with Google or Apple.';
comment on column vitalis.users.date_of_birth is 'PII. Must make the user 13 to 150 years old.';
comment on column vitalis.users.biological_sex is 'male, female or other; chooses sex-specific optimal biomarker ranges.';
comment on column vitalis.users.deleted_at is 'Soft delete; setting it starts the GDPR deletion grace period.';
create index users_account_id_idx on vitalis.users (account_id);
select vitalis_private.add_updated_at_trigger('vitalis.users');

create table vitalis.oauth_identities (
  identity_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  provider text not null check (provider in ('google', 'apple')),
  provider_user_id text not null,
  access_token_enc text,
  refresh_token_enc text,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  unique (provider, provider_user_id)
);
comment on table vitalis.oauth_identities is 'Links a user to a Google or Apple sign-in.';
comment on column vitalis.oauth_identities.access_token_enc is 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';
comment on column vitalis.oauth_identities.refresh_token_enc is 'AES-256-GCM ciphertext; the key is held by the application, never by the database.';
create index oauth_identities_user_id_idx on vitalis.oauth_identities (user_id);

create table vitalis.user_preferences (
  user_id uuid primary key references vitalis.users on delete cascade,
  weight_unit text not null default 'lbs' check (weight_unit in ('lbs', 'kg')),
  height_unit text not null default 'in' check (height_unit in ('in', 'cm')),
  distance_unit text not null default 'miles' check (distance_unit in ('miles', 'km')),
  temperature_unit text not null default 'F' check (temperature_unit in ('F', 'C')),
  energy_unit text not null default 'kcal' check (energy_unit in ('kcal', 'kJ')),
  timezone text not null default 'UTC' check (now() at time zone timezone is not null),
  notifications_enabled boolean not null default true,
  notification_prefs jsonb not null default '{}' check (jsonb_typeof(notification_prefs) = 'object'),
  dashboard_layout jsonb not null default '{}' check (jsonb_typeof(dashboard_layout) in ('object', 'array')),
  updated_at timestamptz not null default now()
);
comment on table vitalis.user_preferences is 'Display units, time zone and notification settings; one row per user, created with the user.';
comment on column vitalis.user_preferences.timezone is 'IANA time zone name, e.g. Europe/Berlin; decides what "today" means for the user.';
comment on column vitalis.user_preferences.notification_prefs is 'Per-category notification settings, e.g. {"goal_alerts": true}.';
comment on column vitalis.user_preferences.dashboard_layout is 'Widget order and visibility, as the client stores it.';
select vitalis_private.add_updated_at_trigger('vitalis.user_preferences');

create function vitalis_private.tg_users__create_preferences() returns trigger
  language plpgsql security definer set search_path = pg_catalog as $$
declare
  v_previous text := current_setting('app.current_user_id', true);
begin
  -- Acts as the new user so RLS and audit see the right owner, then restores the caller's context.
  perform set_config('app.current_user_id', new.user_id::text, true);
  insert into vitalis.user_preferences (user_id) values (new.user_id) on conflict do nothing;
  perform set_config('app.current_user_id', coalesce(v_previous, ''), true);
  return null;
end $$;
create trigger _500_create_preferences after insert on vitalis.users
  for each row execute function vitalis_private.tg_users__create_preferences();

-- The current user's account, for the accounts policy. SECURITY INVOKER on purpose: it reads the
-- users row the caller may already see.
create function vitalis.current_account_id() returns uuid
  language sql stable parallel safe as $$
  select account_id from vitalis.users where user_id = vitalis.current_user_id()
$$;
comment on function vitalis.current_account_id() is 'The signed-in user''s account id, or NULL.';
grant execute on function vitalis.current_account_id() to vitalis_api, vitalis_worker, vitalis_admin;

alter table vitalis.accounts enable row level security;
alter table vitalis.accounts force row level security;
create policy account_isolation on vitalis.accounts for select to vitalis_api, vitalis_worker
  using (account_id = (select vitalis.current_account_id()));
create policy admin_all on vitalis.accounts for all to vitalis_admin using (true) with check (true);
grant select on vitalis.accounts to vitalis_api, vitalis_worker;
grant select, insert, update, delete on vitalis.accounts to vitalis_admin;
create trigger _900_audit_insert after insert on vitalis.accounts referencing new table as new_rows
  for each statement execute function vitalis_private.tg__audit_insert('account_id');
create trigger _901_audit_update after update on vitalis.accounts referencing old table as old_rows new table as new_rows
  for each statement execute function vitalis_private.tg__audit_update('account_id');
create trigger _902_audit_delete after delete on vitalis.accounts referencing old table as old_rows
  for each statement execute function vitalis_private.tg__audit_delete('account_id');

select vitalis_private.secure_user_table('vitalis.users', 'user_id');
-- Users may edit their profile, never their email, role, account or sign-in secrets directly.
revoke insert, update on vitalis.users from vitalis_api;
grant update (display_name, date_of_birth, biological_sex) on vitalis.users to vitalis_api;
select vitalis_private.secure_user_table('vitalis.oauth_identities', 'identity_id');
revoke insert, update on vitalis.oauth_identities from vitalis_api;
select vitalis_private.secure_user_table('vitalis.user_preferences', 'user_id');
revoke insert, delete on vitalis.user_preferences from vitalis_api;

--! split: 06-devices.sql
/*
 * Provider connections: OAuth tokens (encrypted by the application with AES-256-GCM) and sync
 * state. The worker reads across users here to schedule syncs, which is why vitalis_worker has a
 * cross-user policy on this table only (and on ingestion_jobs).
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.connected_devices (
  device_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  source vitalis.data_source not null,
  display_name text,
  access_token_enc text,
  refresh_token_enc text,
  token_expires_at timestamptz,
  scope text[],
  external_user_id text,
  last_sync_at timestamptz,
  last_sync_status text check (last_sync_status in ('success', 'error', 'partial')),
  last_sync_error text,
  sync_cursor jsonb not null default '{}' check (jsonb_typeof(sync_cursor) = 'object'),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, source)
);
comment on table vitalis.connected_devices is 'A user''s connection to a provider (Garmin, Oura, WHOOP, Fitbit, Withings, ...): encrypted OAuth tokens and sync state. One connection per provider.';
comment on column vitalis.connected_devices.display_name is 'What the user calls the device, e.g. "Garmin Forerunner 965".';
comment on column vitalis.connected_devices.access_token_enc is 'AES-256-GCM ciphertext with key version prefix; never returned by the API.';
comment on column vitalis.connected_devices.refresh_token_enc is 'AES-256-GCM ciphertext with key version prefix; never returned by the API.';
comment on column vitalis.connected_devices.scope is 'OAuth scopes the user granted.';
comment on column vitalis.connected_devices.external_user_id is 'The user''s id at the provider (matches webhook notifications to users).';
comment on column vitalis.connected_devices.last_sync_status is 'Outcome of the last sync: success, error or partial.';
comment on column vitalis.connected_devices.sync_cursor is 'Provider-specific checkpoint (next page token, last synced date) so a sync resumes where it stopped.';
create index connected_devices_source_last_sync_at_idx on vitalis.connected_devices (source, last_sync_at);
create index connected_devices_source_external_user_id_idx on vitalis.connected_devices (source, external_user_id);
select vitalis_private.add_updated_at_trigger('vitalis.connected_devices');
select vitalis_private.secure_user_table('vitalis.connected_devices', 'device_id');
create policy worker_sync_all_users on vitalis.connected_devices for all to vitalis_worker using (true) with check (true);

--! split: 07-wearables.sql
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

--! split: 08-documents-and-labs.sql
/*
 * Source documents and lab work. Children carry user_id (denormalised for RLS) and reference
 * their parent by (id, user_id), so nobody can attach a row to another user's panel, scan or
 * test: a foreign key check ignores RLS, a composite key does not let the owner differ.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.documents (
  document_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  document_type vitalis.document_type not null,
  provider_name text,
  original_filename text,
  s3_key text not null,
  file_size_bytes integer check (file_size_bytes >= 0),
  mime_type text default 'application/pdf',
  parse_status vitalis.parse_status default 'pending',
  parse_confidence numeric(3,2) check (parse_confidence between 0 and 1),
  parse_result jsonb,
  parsed_at timestamptz,
  confirmed_at timestamptz,
  confirmed_by uuid references vitalis.users on delete set null,
  linked_record_id uuid,
  linked_record_type text check (linked_record_type in ('blood_panel', 'dexa_scan', 'epigenetic_test')),
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (document_id, user_id)
);
comment on table vitalis.documents is 'A file the user uploaded (lab PDF, DEXA report, epigenetic report), kept in object storage, and what parsing made of it.';
comment on column vitalis.documents.s3_key is 'Object key in the storage bucket.';
comment on column vitalis.documents.parse_result is 'Raw extraction result, before the user confirms it.';
comment on column vitalis.documents.confirmed_by is 'Who confirmed the parsed values (may be another member of the household).';
comment on column vitalis.documents.linked_record_id is 'The panel, scan or test created from this document.';
create index documents_user_id_created_at_idx on vitalis.documents (user_id, created_at desc);
create index documents_parse_status_pending_idx on vitalis.documents (parse_status) where parse_status = 'pending';
create index documents_confirmed_by_idx on vitalis.documents (confirmed_by);
select vitalis_private.add_updated_at_trigger('vitalis.documents');
select vitalis_private.secure_user_table('vitalis.documents', 'document_id');

create table vitalis.biomarker_dictionary (
  biomarker_id uuid primary key default gen_random_uuid(),
  canonical_name text not null unique check (canonical_name ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
  display_name text not null,
  category vitalis.biomarker_category not null,
  subcategory text,
  canonical_unit text not null,
  common_units text[],
  loinc_code text check (loinc_code ~ '^[0-9]{1,7}-[0-9]$'),
  description text,
  aliases text[],
  sex_specific_ranges boolean not null default false,
  optimal_low_male numeric(12,4),
  optimal_high_male numeric(12,4),
  optimal_low_female numeric(12,4),
  optimal_high_female numeric(12,4),
  normal_low numeric(12,4),
  normal_high numeric(12,4),
  is_qualitative boolean not null default false,
  sort_order integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (normal_low is null or normal_high is null or normal_low <= normal_high),
  check (optimal_low_male is null or optimal_high_male is null or optimal_low_male <= optimal_high_male),
  check (optimal_low_female is null or optimal_high_female is null or optimal_low_female <= optimal_high_female)
);
comment on table vitalis.biomarker_dictionary is 'Canonical list of lab biomarkers, shared by all users: names, aliases for matching lab reports, LOINC codes, units, reference and optimal ranges.';
comment on column vitalis.biomarker_dictionary.canonical_name is 'Stable slug, e.g. glucose, hdl_cholesterol, testosterone_total.';
comment on column vitalis.biomarker_dictionary.canonical_unit is 'The unit value_canonical is stored in (US conventional units, as Quest and Labcorp print them).';
comment on column vitalis.biomarker_dictionary.common_units is 'Every unit a lab result for this marker may be reported in; others are rejected.';
comment on column vitalis.biomarker_dictionary.loinc_code is 'LOINC code for interoperability with EHRs.';
comment on column vitalis.biomarker_dictionary.aliases is 'Lowercase spellings used by labs (Quest, Labcorp, Epic) for matching report lines.';
comment on column vitalis.biomarker_dictionary.sex_specific_ranges is 'True when optimal ranges differ between men and women.';
comment on column vitalis.biomarker_dictionary.normal_low is 'General-population reference range low, in the canonical unit.';
comment on column vitalis.biomarker_dictionary.normal_high is 'General-population reference range high, in the canonical unit.';
comment on column vitalis.biomarker_dictionary.is_qualitative is 'True for results that are words (NEGATIVE, POSITIVE, CLEAR) rather than numbers.';
create index biomarker_dictionary_aliases_idx on vitalis.biomarker_dictionary using gin (aliases);
create index biomarker_dictionary_canonical_name_idx on vitalis.biomarker_dictionary (canonical_name);
create index biomarker_dictionary_category_idx on vitalis.biomarker_dictionary (category);
select vitalis_private.add_updated_at_trigger('vitalis.biomarker_dictionary');
grant select on vitalis.biomarker_dictionary to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

create table vitalis.blood_panels (
  panel_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  lab_name text,
  lab_provider text,
  panel_name text,
  collected_at timestamptz,
  reported_at timestamptz,
  fasting boolean,
  specimen_id text,
  document_id uuid,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (panel_id, user_id),
  foreign key (document_id, user_id) references vitalis.documents (document_id, user_id) on delete set null (document_id),
  check (reported_at is null or collected_at is null or reported_at >= collected_at)
);
comment on table vitalis.blood_panels is 'One lab visit or panel order: when it was collected and by which lab.';
comment on column vitalis.blood_panels.lab_name is 'The lab: Quest, Labcorp, ...';
comment on column vitalis.blood_panels.lab_provider is 'The ordering provider.';
comment on column vitalis.blood_panels.specimen_id is 'The lab''s specimen identifier.';
comment on column vitalis.blood_panels.document_id is 'The PDF this panel was parsed from.';
create index blood_panels_user_id_collected_at_idx on vitalis.blood_panels (user_id, collected_at desc);
create index blood_panels_document_id_idx on vitalis.blood_panels (document_id);
select vitalis_private.add_updated_at_trigger('vitalis.blood_panels');
select vitalis_private.secure_user_table('vitalis.blood_panels', 'panel_id');

create table vitalis.blood_markers (
  marker_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  panel_id uuid not null,
  biomarker_id uuid references vitalis.biomarker_dictionary on delete set null,
  raw_name text not null check (length(btrim(raw_name)) > 0),
  sub_panel text,
  value_numeric numeric(12,4) constraint blood_markers_value_numeric_finite check (value_numeric not in ('NaN', 'Infinity', '-Infinity')),
  value_text text,
  unit text,
  value_canonical numeric(12,4),
  ref_range_low numeric(12,4),
  ref_range_high numeric(12,4),
  ref_range_text text,
  flag text check (flag in ('H', 'L', 'HH', 'LL', 'ABNORMAL')),
  in_range boolean,
  optimal_low numeric(12,4),
  optimal_high numeric(12,4),
  lab_code text,
  parse_confidence numeric(3,2) check (parse_confidence between 0 and 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (panel_id, user_id) references vitalis.blood_panels (panel_id, user_id) on delete cascade,
  constraint blood_markers_has_value check (value_numeric is not null or value_text is not null)
);
comment on table vitalis.blood_markers is 'One result line of a lab panel, matched to the biomarker dictionary and converted to the canonical unit.';
comment on column vitalis.blood_markers.user_id is 'Owner (denormalised from the panel for row-level security).';
comment on column vitalis.blood_markers.biomarker_id is 'The dictionary marker; NULL when the line could not be matched.';
comment on column vitalis.blood_markers.raw_name is 'The test name exactly as printed on the report.';
comment on column vitalis.blood_markers.sub_panel is 'Section of the report, e.g. CBC, CMP, Cardio IQ.';
comment on column vitalis.blood_markers.value_numeric is 'The value as reported, in unit. Must be finite.';
comment on column vitalis.blood_markers.value_text is 'Qualitative result (NEGATIVE, POSITIVE, A, ...), or the printed text of a censored value such as <5.0.';
comment on column vitalis.blood_markers.unit is 'Unit as reported; must be one the marker accepts (biomarker_dictionary.common_units).';
comment on column vitalis.blood_markers.value_canonical is 'value_numeric converted to the marker''s canonical unit (filled automatically).';
comment on column vitalis.blood_markers.ref_range_text is 'Reference range exactly as printed, e.g. "<200", "Not Estab.".';
comment on column vitalis.blood_markers.flag is 'H, L, HH, LL or ABNORMAL as printed by the lab; computed from the ranges when the lab printed none.';
comment on column vitalis.blood_markers.in_range is 'Whether the value lies within the lab''s reference range (or the dictionary''s, when the lab gave none).';
comment on column vitalis.blood_markers.optimal_low is 'Optimal range low for the user''s sex, copied from the dictionary at entry.';
comment on column vitalis.blood_markers.optimal_high is 'Optimal range high for the user''s sex, copied from the dictionary at entry.';
comment on column vitalis.blood_markers.parse_confidence is '0.00-1.00 when the value was extracted automatically.';
create index blood_markers_user_id_biomarker_id_panel_id_idx on vitalis.blood_markers (user_id, biomarker_id, panel_id);
create index blood_markers_user_id_biomarker_id_idx on vitalis.blood_markers (user_id, biomarker_id);
create index blood_markers_panel_id_idx on vitalis.blood_markers (panel_id);
create index blood_markers_biomarker_id_idx on vitalis.blood_markers (biomarker_id);
-- One result per marker per panel (SCHEMA.md 6: duplicate detection); unmatched lines by name.
create unique index blood_markers_panel_id_biomarker_id_key on vitalis.blood_markers (panel_id, biomarker_id) where biomarker_id is not null;
select vitalis_private.add_updated_at_trigger('vitalis.blood_markers');
select vitalis_private.secure_user_table('vitalis.blood_markers', 'marker_id');

--! split: 09-units.sql
/*
 * Unit conversion (SCHEMA.md section 8). Units are compared by a normalised key, so mg/dl,
 * MG/DL and mg/dL match; µ, μ and u are one letter; x10E3/uL, 10^3/uL, 10*3/uL and K/uL are one
 * unit. General conversions map each unit to its dimension's base unit (mass concentration to
 * mg/dL, molar to mmol/L, mass to kg, length to m, temperature to degC, ...), so any two units of
 * one dimension convert through the base. Per-biomarker rows bridge dimensions with the
 * marker's molar mass (glucose mmol/L -> mg/dL); they are loaded from seeds/dictionaries.
 * value in to_unit = (value in from_unit + offset_before) * factor.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create function vitalis.normalize_unit(p_unit text) returns text
  language sql immutable parallel safe strict as $$
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
$$;
comment on function vitalis.normalize_unit(text) is 'Normalised comparison key for a unit spelling: case, spaces, micro signs and count notations folded (x10E3/uL = 10^3/uL = K/uL).';

create table vitalis.unit_conversions (
  conversion_id uuid primary key default gen_random_uuid(),
  biomarker_id uuid references vitalis.biomarker_dictionary on delete cascade,
  from_unit text not null,
  to_unit text not null,
  factor numeric not null check (factor > 0),
  offset_before numeric not null default 0,
  unique nulls not distinct (biomarker_id, from_unit, to_unit)
);
comment on table vitalis.unit_conversions is 'Conversion factors: value in to_unit = (value in from_unit + offset_before) * factor. Rows without a biomarker map a unit to its dimension''s base unit; rows with one bridge mass and molar units by molar mass.';
comment on column vitalis.unit_conversions.offset_before is 'Added before multiplying, for affine scales (degF -> degC: offset -32, factor 5/9).';
create index unit_conversions_biomarker_id_idx on vitalis.unit_conversions (biomarker_id);
grant select on vitalis.unit_conversions to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

insert into vitalis.unit_conversions (biomarker_id, from_unit, to_unit, factor, offset_before) values
  -- mass concentration, base mg/dL
  (null, 'g/dL', 'mg/dL', 1000, 0), (null, 'ug/dL', 'mg/dL', 0.001, 0), (null, 'ng/dL', 'mg/dL', 0.000001, 0),
  (null, 'pg/dL', 'mg/dL', 0.000000001, 0), (null, 'g/L', 'mg/dL', 100, 0), (null, 'mg/L', 'mg/dL', 0.1, 0),
  (null, 'ug/L', 'mg/dL', 0.0001, 0), (null, 'ng/L', 'mg/dL', 0.0000001, 0), (null, 'mg/mL', 'mg/dL', 100, 0),
  (null, 'ug/mL', 'mg/dL', 0.1, 0), (null, 'ng/mL', 'mg/dL', 0.0001, 0), (null, 'pg/mL', 'mg/dL', 0.0000001, 0),
  (null, 'mg/g', 'mg/dL', 100, 0), (null, 'ug/g', 'mg/dL', 0.1, 0),
  -- molar concentration, base mmol/L
  (null, 'mol/L', 'mmol/L', 1000, 0), (null, 'umol/L', 'mmol/L', 0.001, 0), (null, 'nmol/L', 'mmol/L', 0.000001, 0),
  (null, 'pmol/L', 'mmol/L', 0.000000001, 0), (null, 'mEq/L', 'mmol/L', 1, 0),
  -- cell counts per volume, base 10^3/uL
  (null, '10^9/L', '10^3/uL', 1, 0), (null, '/uL', '10^3/uL', 0.001, 0), (null, '10^6/uL', '10^3/uL', 1000, 0),
  (null, '10^12/L', '10^3/uL', 1000, 0), (null, '10^6/L', '10^3/uL', 0.000001, 0),
  -- enzyme activity, base U/L
  (null, 'IU/L', 'U/L', 1, 0), (null, 'ukat/L', 'U/L', 60, 0),
  -- hormone international units, base mIU/L
  (null, 'uIU/mL', 'mIU/L', 1, 0), (null, 'mIU/mL', 'mIU/L', 1000, 0), (null, 'IU/L', 'mIU/L', 1000, 0), (null, 'uU/mL', 'mIU/L', 1, 0),
  -- mass, base kg
  (null, 'lb', 'kg', 0.45359237, 0), (null, 'g', 'kg', 0.001, 0), (null, 'oz', 'kg', 0.028349523125, 0), (null, 'st', 'kg', 6.35029318, 0),
  -- length, base m
  (null, 'cm', 'm', 0.01, 0), (null, 'mm', 'm', 0.001, 0), (null, 'in', 'm', 0.0254, 0), (null, 'ft', 'm', 0.3048, 0),
  (null, 'km', 'm', 1000, 0), (null, 'mi', 'm', 1609.344, 0),
  -- temperature, base degC
  (null, 'degF', 'degC', 5.0 / 9.0, -32), (null, 'K', 'degC', 1, -273.15),
  -- energy, base kcal
  (null, 'kJ', 'kcal', 0.2390057361, 0), (null, 'J', 'kcal', 0.0002390057361, 0),
  -- volume, base mL
  (null, 'L', 'mL', 1000, 0), (null, 'dL', 'mL', 100, 0), (null, 'fl oz', 'mL', 29.5735295625, 0),
  -- pressure, base mmHg
  (null, 'kPa', 'mmHg', 7.50061683, 0);

-- A unit's dimension base and the factor to it; a base unit maps to itself. A unit may belong to
-- two dimensions (IU/L): every match is returned.
create function vitalis_private.unit_bases(p_key text)
  returns table (base text, factor numeric, offset_before numeric)
  language sql stable parallel safe as $$
  select vitalis.normalize_unit(c.to_unit), c.factor, c.offset_before
    from vitalis.unit_conversions c
   where c.biomarker_id is null and vitalis.normalize_unit(c.from_unit) = p_key
  union
  select p_key, 1::numeric, 0::numeric
   where exists (select 1 from vitalis.unit_conversions c where c.biomarker_id is null and vitalis.normalize_unit(c.to_unit) = p_key)
      or not exists (select 1 from vitalis.unit_conversions c where c.biomarker_id is null and vitalis.normalize_unit(c.from_unit) = p_key)
$$;

create function vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid default null)
  returns numeric language plpgsql stable parallel safe as $$
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
comment on function vitalis.convert_unit(numeric, text, text, uuid) is 'Converts a value between units: within a dimension through its base unit, across mass and molar units with the biomarker''s molar factor. NULL when no conversion is known.';

create function vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid)
  returns numeric language sql stable parallel safe as $$
  select vitalis.convert_unit(p_value, p_from_unit, d.canonical_unit, d.biomarker_id)
    from vitalis.biomarker_dictionary d where d.biomarker_id = p_biomarker_id
$$;
comment on function vitalis.to_canonical(numeric, text, uuid) is 'A biomarker value converted to the marker''s canonical unit; NULL when the unit cannot be converted.';

-- Body mass in pounds for the weight CHECK; immutable on purpose (no table lookup), so it is safe
-- in a constraint and during restore.
create function vitalis_private.mass_in_lbs(p_value numeric, p_unit text) returns numeric
  language sql immutable parallel safe as $$
  select case vitalis.normalize_unit(p_unit)
    when 'lb' then p_value
    when 'kg' then p_value / 0.45359237
    when 'g' then p_value / 453.59237
    when 'st' then p_value * 14
  end
$$;

grant execute on function vitalis.normalize_unit(text), vitalis.convert_unit(numeric, text, text, uuid),
  vitalis.to_canonical(numeric, text, uuid), vitalis_private.unit_bases(text), vitalis_private.mass_in_lbs(numeric, text)
  to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

create function vitalis_private.tg_blood_markers__derive() returns trigger
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
    raise exception 'blood_markers.unit: "%" is not an accepted unit for %; accepted units: %',
      coalesce(new.unit, '(none)'), d.display_name, array_to_string(v_accepted, ', ')
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  new.value_canonical := vitalis.convert_unit(new.value_numeric, coalesce(new.unit, d.canonical_unit), d.canonical_unit, d.biomarker_id);
  if new.value_canonical is null then
    raise exception 'blood_markers.unit: no conversion from "%" to % is known for %', new.unit, d.canonical_unit, d.display_name
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
create trigger _300_derive before insert or update of value_numeric, unit, biomarker_id, ref_range_low, ref_range_high, flag, in_range
  on vitalis.blood_markers for each row execute function vitalis_private.tg_blood_markers__derive();

--! split: 10-body-and-fitness.sql
/*
 * DEXA scans, epigenetic tests and lifting. Child rows reference their parent by (id, user_id)
 * so they can only hang under the same user's parent.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.dexa_scans (
  scan_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  provider text,
  scan_date date not null,
  age_at_scan numeric(4,1) check (age_at_scan between 0 and 150),
  height_in numeric(5,2) check (height_in between 20 and 110),
  weight_lbs numeric(6,2) check (weight_lbs between 20 and 1000),
  total_mass_lbs numeric(6,2) check (total_mass_lbs between 20 and 1000),
  total_fat_lbs numeric(6,2) check (total_fat_lbs >= 0),
  total_lean_lbs numeric(6,2) check (total_lean_lbs >= 0),
  total_bmc_lbs numeric(6,2) check (total_bmc_lbs >= 0),
  total_body_fat_pct numeric(4,1) constraint dexa_scans_total_body_fat_pct_range check (total_body_fat_pct between 1 and 80),
  visceral_fat_lbs numeric(6,3) check (visceral_fat_lbs >= 0),
  visceral_fat_in3 numeric(7,2) check (visceral_fat_in3 >= 0),
  android_gynoid_ratio numeric(4,2) check (android_gynoid_ratio between 0 and 10),
  document_id uuid,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (scan_id, user_id),
  foreign key (document_id, user_id) references vitalis.documents (document_id, user_id) on delete set null (document_id)
);
comment on table vitalis.dexa_scans is 'One DEXA scan session: whole-body composition totals. Regions and bone density are in dexa_regions and dexa_bone_density.';
comment on column vitalis.dexa_scans.provider is 'Scan provider, e.g. DexaFit, BodySpec.';
comment on column vitalis.dexa_scans.height_in is 'Height in inches as measured at the scan.';
comment on column vitalis.dexa_scans.weight_lbs is 'Scale weight the same day, in pounds.';
comment on column vitalis.dexa_scans.total_mass_lbs is 'Total mass measured by DEXA (may differ from the scale).';
comment on column vitalis.dexa_scans.total_bmc_lbs is 'Bone mineral content, in pounds.';
comment on column vitalis.dexa_scans.visceral_fat_in3 is 'Visceral adipose tissue volume, in cubic inches.';
comment on column vitalis.dexa_scans.android_gynoid_ratio is 'Android (belly) to gynoid (hip) fat ratio.';
create index dexa_scans_user_id_scan_date_idx on vitalis.dexa_scans (user_id, scan_date desc);
create index dexa_scans_document_id_idx on vitalis.dexa_scans (document_id);
select vitalis_private.add_updated_at_trigger('vitalis.dexa_scans');
select vitalis_private.secure_user_table('vitalis.dexa_scans', 'scan_id');

create table vitalis.dexa_regions (
  region_id uuid primary key default gen_random_uuid(),
  scan_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  region vitalis.dexa_region not null,
  body_fat_pct numeric(4,1) constraint dexa_regions_body_fat_pct_range check (body_fat_pct between 1 and 80),
  fat_lbs numeric(6,2) check (fat_lbs >= 0),
  lean_lbs numeric(6,2) check (lean_lbs >= 0),
  bmc_lbs numeric(5,3) check (bmc_lbs >= 0),
  total_mass_lbs numeric(6,2) check (total_mass_lbs >= 0),
  unique (scan_id, region),
  foreign key (scan_id, user_id) references vitalis.dexa_scans (scan_id, user_id) on delete cascade
);
comment on table vitalis.dexa_regions is 'Body composition of one anatomical region of a DEXA scan.';
comment on column vitalis.dexa_regions.bmc_lbs is 'Bone mineral content of the region, in pounds.';
create index dexa_regions_user_id_scan_id_idx on vitalis.dexa_regions (user_id, scan_id);
select vitalis_private.secure_user_table('vitalis.dexa_regions', 'region_id');

create table vitalis.dexa_bone_density (
  density_id uuid primary key default gen_random_uuid(),
  scan_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  region vitalis.bone_density_region not null,
  bmd_g_cm2 numeric(6,3) check (bmd_g_cm2 between 0 and 5),
  t_score numeric(4,1) check (t_score between -10 and 10),
  z_score numeric(4,1) check (z_score between -10 and 10),
  unique (scan_id, region),
  foreign key (scan_id, user_id) references vitalis.dexa_scans (scan_id, user_id) on delete cascade
);
comment on table vitalis.dexa_bone_density is 'Bone mineral density of one skeletal region of a DEXA scan, with T- and Z-scores.';
comment on column vitalis.dexa_bone_density.bmd_g_cm2 is 'Bone mineral density, g/cm².';
comment on column vitalis.dexa_bone_density.t_score is 'Standard deviations from a young adult (30-35 year) peak.';
comment on column vitalis.dexa_bone_density.z_score is 'Standard deviations from people of the same age and sex.';
create index dexa_bone_density_user_id_scan_id_idx on vitalis.dexa_bone_density (user_id, scan_id);
select vitalis_private.secure_user_table('vitalis.dexa_bone_density', 'density_id');

create table vitalis.epigenetic_tests (
  test_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  provider text,
  kit_id text,
  collected_at date,
  reported_at date,
  chronological_age numeric(4,1) check (chronological_age between 0 and 150),
  biological_age numeric(4,1) check (biological_age between 0 and 200),
  pace_score numeric(4,2) constraint epigenetic_tests_pace_score_range check (pace_score between 0.2 and 3.0),
  pace_percentile numeric(5,2) check (pace_percentile between 0 and 100),
  telomere_length numeric(6,3) check (telomere_length between 0 and 100),
  methylation_clock text,
  document_id uuid,
  raw_data jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (test_id, user_id),
  foreign key (document_id, user_id) references vitalis.documents (document_id, user_id) on delete set null (document_id),
  check (reported_at is null or collected_at is null or reported_at >= collected_at)
);
comment on table vitalis.epigenetic_tests is 'One epigenetic test kit result (Blueprint, TruDiagnostic, ...): biological age and pace of aging.';
comment on column vitalis.epigenetic_tests.kit_id is 'The provider''s kit identifier.';
comment on column vitalis.epigenetic_tests.biological_age is 'Overall epigenetic age, in years.';
comment on column vitalis.epigenetic_tests.pace_score is 'DunedinPACE: years of biological aging per calendar year (1.0 = average).';
comment on column vitalis.epigenetic_tests.pace_percentile is 'Percentage of the population aging slower.';
comment on column vitalis.epigenetic_tests.telomere_length is 'Estimated telomere length in kb, if measured.';
comment on column vitalis.epigenetic_tests.methylation_clock is 'Algorithm used: dunedinpace, horvath, grimage, phenoage, ...';
create index epigenetic_tests_user_id_collected_at_idx on vitalis.epigenetic_tests (user_id, collected_at desc);
create index epigenetic_tests_document_id_idx on vitalis.epigenetic_tests (document_id);
select vitalis_private.add_updated_at_trigger('vitalis.epigenetic_tests');
select vitalis_private.secure_user_table('vitalis.epigenetic_tests', 'test_id');

create table vitalis.epigenetic_organ_ages (
  organ_age_id uuid primary key default gen_random_uuid(),
  test_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  organ_system vitalis.organ_system not null,
  biological_age numeric(4,1) check (biological_age between 0 and 200),
  chronological_age numeric(4,1) check (chronological_age between 0 and 150),
  delta_years numeric(4,1),
  direction text check (direction in ('younger', 'older', 'same')),
  unique (test_id, organ_system),
  foreign key (test_id, user_id) references vitalis.epigenetic_tests (test_id, user_id) on delete cascade
);
comment on table vitalis.epigenetic_organ_ages is 'Biological age of one organ system from an epigenetic test (11-12 rows per test).';
comment on column vitalis.epigenetic_organ_ages.delta_years is 'biological_age - chronological_age; negative is younger.';
comment on column vitalis.epigenetic_organ_ages.direction is 'younger, older or same, relative to chronological age.';
create index epigenetic_organ_ages_user_id_test_id_idx on vitalis.epigenetic_organ_ages (user_id, test_id);
select vitalis_private.secure_user_table('vitalis.epigenetic_organ_ages', 'organ_age_id');

create table vitalis.exercise_dictionary (
  exercise_id uuid primary key default gen_random_uuid(),
  canonical_name text not null unique check (canonical_name ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
  display_name text not null,
  aliases text[],
  primary_muscle text,
  secondary_muscles text[],
  equipment text,
  category text check (category in ('compound', 'isolation', 'cardio')),
  created_at timestamptz not null default now()
);
comment on table vitalis.exercise_dictionary is 'Canonical exercise catalogue, shared by all users. Aliases hold the names Strong, Hevy and gyms use.';
comment on column vitalis.exercise_dictionary.aliases is 'Lowercase names matched exactly by importers, e.g. "bench press (barbell)".';
comment on column vitalis.exercise_dictionary.category is 'compound, isolation or cardio.';
create index exercise_dictionary_aliases_idx on vitalis.exercise_dictionary using gin (aliases);
grant select on vitalis.exercise_dictionary to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

create table vitalis.lifting_sessions (
  session_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  session_date date not null,
  source vitalis.data_source,
  source_session_id text,
  name text,
  duration_seconds integer check (duration_seconds between 0 and 86400),
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (session_id, user_id)
);
comment on table vitalis.lifting_sessions is 'One strength-training session.';
comment on column vitalis.lifting_sessions.source_session_id is 'Importer''s key for the session (re-imports update it instead of duplicating).';
comment on column vitalis.lifting_sessions.name is 'e.g. "Upper A", "Push Day".';
create index lifting_sessions_user_id_session_date_idx on vitalis.lifting_sessions (user_id, session_date desc);
create unique index lifting_sessions_user_id_source_source_session_id_key on vitalis.lifting_sessions (user_id, source, source_session_id) where source_session_id is not null;
select vitalis_private.add_updated_at_trigger('vitalis.lifting_sessions');
select vitalis_private.secure_user_table('vitalis.lifting_sessions', 'session_id');

create table vitalis.lifting_sets (
  set_id uuid primary key default gen_random_uuid(),
  session_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  exercise_id uuid references vitalis.exercise_dictionary on delete set null,
  set_number smallint check (set_number between 1 and 999),
  exercise_order smallint check (exercise_order between 1 and 999),
  weight_lbs numeric(6,2) constraint lifting_sets_weight_lbs_range check (weight_lbs between 0 and 2000),
  reps smallint constraint lifting_sets_reps_range check (reps between 1 and 999),
  rpe numeric(3,1) constraint lifting_sets_rpe_range check (rpe between 0 and 10),
  is_warmup boolean default false,
  notes text,
  created_at timestamptz not null default now(),
  foreign key (session_id, user_id) references vitalis.lifting_sessions (session_id, user_id) on delete cascade
);
comment on table vitalis.lifting_sets is 'One set within a lifting session.';
comment on column vitalis.lifting_sets.set_number is 'Order of the set within its exercise block.';
comment on column vitalis.lifting_sets.exercise_order is 'Order of the exercise within the session.';
comment on column vitalis.lifting_sets.rpe is 'Rate of perceived exertion, 0-10.';
create index lifting_sets_user_id_session_id_idx on vitalis.lifting_sets (user_id, session_id);
create index lifting_sets_exercise_id_user_id_idx on vitalis.lifting_sets (exercise_id, user_id);
create index lifting_sets_session_id_idx on vitalis.lifting_sets (session_id);
select vitalis_private.secure_user_table('vitalis.lifting_sets', 'set_id');

--! split: 11-tracking.sql
/*
 * Manual tracking: body measurements, custom metrics, supplements, nutrition, mood, cycles,
 * doctor visits, photos. doctor_visit_panels carries user_id (not in SCHEMA.md) so it can be
 * isolated by the same RLS predicate as every other user-data table.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.measurements (
  measurement_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  metric vitalis.measurement_metric not null,
  value numeric(10,3) not null constraint measurements_value_finite check (value not in ('NaN', 'Infinity', '-Infinity')),
  unit text not null,
  measured_at timestamptz not null,
  source vitalis.data_source,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint measurements_weight_range check (metric <> 'weight' or vitalis_private.mass_in_lbs(value, unit) between 20 and 1000),
  constraint measurements_weight_unit check (metric <> 'weight' or vitalis_private.mass_in_lbs(value, unit) is not null)
);
comment on table vitalis.measurements is 'A body measurement at a point in time: weight, blood pressure, temperature, body fat, ...';
comment on column vitalis.measurements.value is 'The value in unit. Weight must lie between 20 and 1000 lbs (in any mass unit).';
comment on column vitalis.measurements.unit is 'Unit of value, e.g. lbs, kg, mmHg, degF, %.';
create index measurements_user_id_metric_measured_at_idx on vitalis.measurements (user_id, metric, measured_at desc);
create unique index measurements_user_id_metric_measured_at_source_key on vitalis.measurements (user_id, metric, measured_at, source) nulls not distinct;
select vitalis_private.add_updated_at_trigger('vitalis.measurements');
select vitalis_private.secure_user_table('vitalis.measurements', 'measurement_id');

create table vitalis.custom_metrics (
  metric_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  unit text,
  data_type text check (data_type in ('numeric', 'boolean', 'text', 'scale_1_5')),
  min_value numeric,
  max_value numeric,
  is_active boolean default true,
  created_at timestamptz not null default now(),
  unique (user_id, name),
  unique (metric_id, user_id),
  check (min_value is null or max_value is null or min_value <= max_value)
);
comment on table vitalis.custom_metrics is 'A metric the user defined, e.g. "Caffeine cups" or "Back pain (1-5)".';
comment on column vitalis.custom_metrics.data_type is 'numeric, boolean, text or scale_1_5; entries are validated against it.';
comment on column vitalis.custom_metrics.min_value is 'Lowest accepted numeric entry.';
comment on column vitalis.custom_metrics.max_value is 'Highest accepted numeric entry.';
select vitalis_private.secure_user_table('vitalis.custom_metrics', 'metric_id');

create table vitalis.custom_metric_entries (
  entry_id uuid primary key default gen_random_uuid(),
  metric_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  value_numeric numeric check (value_numeric not in ('NaN', 'Infinity', '-Infinity')),
  value_text text,
  measured_at timestamptz not null,
  notes text,
  created_at timestamptz not null default now(),
  foreign key (metric_id, user_id) references vitalis.custom_metrics (metric_id, user_id) on delete cascade,
  check (value_numeric is not null or value_text is not null)
);
comment on table vitalis.custom_metric_entries is 'One recorded value of a custom metric.';
create index custom_metric_entries_user_id_metric_id_measured_at_idx on vitalis.custom_metric_entries (user_id, metric_id, measured_at desc);
create index custom_metric_entries_metric_id_idx on vitalis.custom_metric_entries (metric_id);
select vitalis_private.secure_user_table('vitalis.custom_metric_entries', 'entry_id');

-- Entries must fit their metric's type and bounds.
create function vitalis_private.tg_custom_metric_entries__validate() returns trigger
  language plpgsql as $$
declare
  m vitalis.custom_metrics;
begin
  select * into m from vitalis.custom_metrics where metric_id = new.metric_id;
  if m.data_type in ('numeric', 'scale_1_5') and new.value_numeric is null then
    raise exception 'custom_metric_entries.value_numeric: metric "%" needs a numeric value', m.name using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'scale_1_5' and (new.value_numeric not between 1 and 5 or new.value_numeric <> trunc(new.value_numeric)) then
    raise exception 'custom_metric_entries.value_numeric: metric "%" takes a whole number from 1 to 5, not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if m.data_type = 'boolean' and new.value_numeric is not null and new.value_numeric not in (0, 1) then
    raise exception 'custom_metric_entries.value_numeric: metric "%" is yes/no (0 or 1), not %', m.name, new.value_numeric using errcode = '23514', column = 'value_numeric';
  end if;
  if new.value_numeric < m.min_value or new.value_numeric > m.max_value then
    raise exception 'custom_metric_entries.value_numeric: % is outside % to % for metric "%"', new.value_numeric, m.min_value, m.max_value, m.name using errcode = '23514', column = 'value_numeric';
  end if;
  return new;
end $$;
create trigger _300_validate before insert or update on vitalis.custom_metric_entries
  for each row execute function vitalis_private.tg_custom_metric_entries__validate();

create table vitalis.supplements (
  supplement_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  brand text,
  dose_amount numeric(8,3) check (dose_amount > 0),
  dose_unit text,
  frequency text,
  timing text,
  started_at date,
  ended_at date,
  purpose text,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (supplement_id, user_id),
  check (ended_at is null or started_at is null or ended_at >= started_at)
);
comment on table vitalis.supplements is 'A supplement or medication the user takes or took.';
comment on column vitalis.supplements.dose_unit is 'mg, g, IU, mcg, ml, ...';
comment on column vitalis.supplements.frequency is 'daily, 2x_daily, weekly, as_needed, ...';
comment on column vitalis.supplements.timing is 'morning, evening, with_meal, ...';
comment on column vitalis.supplements.ended_at is 'NULL while still taking it.';
create index supplements_user_id_started_at_idx on vitalis.supplements (user_id, started_at desc);
create index supplements_user_id_current_idx on vitalis.supplements (user_id) where ended_at is null;
select vitalis_private.add_updated_at_trigger('vitalis.supplements');
select vitalis_private.secure_user_table('vitalis.supplements', 'supplement_id');

create table vitalis.supplement_logs (
  log_id uuid primary key default gen_random_uuid(),
  supplement_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  taken_at timestamptz not null,
  dose_amount numeric(8,3) check (dose_amount > 0),
  dose_unit text,
  notes text,
  created_at timestamptz not null default now(),
  foreign key (supplement_id, user_id) references vitalis.supplements (supplement_id, user_id) on delete cascade
);
comment on table vitalis.supplement_logs is 'One intake of a supplement, for correlating with other data.';
comment on column vitalis.supplement_logs.dose_amount is 'The dose taken, when it differs from the supplement''s usual dose.';
create index supplement_logs_user_id_taken_at_idx on vitalis.supplement_logs (user_id, taken_at desc);
create index supplement_logs_supplement_id_taken_at_idx on vitalis.supplement_logs (supplement_id, taken_at);
select vitalis_private.secure_user_table('vitalis.supplement_logs', 'log_id');

create table vitalis.nutrition_logs (
  nutrition_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  log_date date not null,
  meal_type text check (meal_type in ('breakfast', 'lunch', 'dinner', 'snack', 'fast')),
  calories_kcal smallint check (calories_kcal between 0 and 20000),
  protein_g numeric(6,2) check (protein_g between 0 and 2000),
  carbs_g numeric(6,2) check (carbs_g between 0 and 3000),
  fat_g numeric(6,2) check (fat_g between 0 and 2000),
  fiber_g numeric(6,2) check (fiber_g between 0 and 500),
  source vitalis.data_source,
  raw_data jsonb,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
comment on table vitalis.nutrition_logs is 'A meal or fast: calories and macronutrients, with the source''s full record in raw_data.';
comment on column vitalis.nutrition_logs.raw_data is 'Full record from the nutrition source (MyFitnessPal, Cronometer, ...). Not copied into the audit log.';
create index nutrition_logs_user_id_log_date_idx on vitalis.nutrition_logs (user_id, log_date desc);
select vitalis_private.secure_user_table('vitalis.nutrition_logs', 'nutrition_id');

create table vitalis.mood_journal (
  journal_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  journal_date date not null,
  mood_score smallint constraint mood_journal_mood_score_range check (mood_score between 1 and 5),
  energy_score smallint constraint mood_journal_energy_score_range check (energy_score between 1 and 5),
  stress_score smallint constraint mood_journal_stress_score_range check (stress_score between 1 and 5),
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (user_id, journal_date)
);
comment on table vitalis.mood_journal is 'Daily check-in: mood, energy and stress, each 1-5, and free-text notes.';
select vitalis_private.add_updated_at_trigger('vitalis.mood_journal');
select vitalis_private.secure_user_table('vitalis.mood_journal', 'journal_id');

create table vitalis.menstrual_cycles (
  cycle_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  cycle_date date not null,
  phase vitalis.menstrual_phase,
  flow_intensity smallint constraint menstrual_cycles_flow_intensity_range check (flow_intensity between 0 and 4),
  symptoms text[],
  notes text,
  created_at timestamptz not null default now(),
  unique (user_id, cycle_date)
);
comment on table vitalis.menstrual_cycles is 'One day of cycle tracking: phase, flow and symptoms.';
comment on column vitalis.menstrual_cycles.flow_intensity is '0 none, 1 spotting, 2 light, 3 medium, 4 heavy.';
comment on column vitalis.menstrual_cycles.symptoms is 'e.g. {cramps,headache,bloating}.';
create index menstrual_cycles_user_id_cycle_date_idx on vitalis.menstrual_cycles (user_id, cycle_date desc);
select vitalis_private.secure_user_table('vitalis.menstrual_cycles', 'cycle_id');

create table vitalis.doctor_visits (
  visit_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  visit_date date not null,
  provider_name text,
  specialty text,
  notes text,
  follow_up_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (visit_id, user_id)
);
comment on table vitalis.doctor_visits is 'A medical appointment and its notes.';
comment on column vitalis.doctor_visits.specialty is 'Primary Care, Cardiology, ...';
create index doctor_visits_user_id_visit_date_idx on vitalis.doctor_visits (user_id, visit_date desc);
select vitalis_private.add_updated_at_trigger('vitalis.doctor_visits');
select vitalis_private.secure_user_table('vitalis.doctor_visits', 'visit_id');

create table vitalis.doctor_visit_panels (
  visit_id uuid not null,
  panel_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  primary key (visit_id, panel_id),
  foreign key (visit_id, user_id) references vitalis.doctor_visits (visit_id, user_id) on delete cascade,
  foreign key (panel_id, user_id) references vitalis.blood_panels (panel_id, user_id) on delete cascade
);
comment on table vitalis.doctor_visit_panels is 'Links a doctor visit to the blood panels ordered at it.';
comment on column vitalis.doctor_visit_panels.user_id is 'Owner (both the visit and the panel must be theirs).';
create index doctor_visit_panels_panel_id_idx on vitalis.doctor_visit_panels (panel_id);
create index doctor_visit_panels_user_id_idx on vitalis.doctor_visit_panels (user_id);
select vitalis_private.secure_user_table('vitalis.doctor_visit_panels', 'visit_id');

create table vitalis.photos (
  photo_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  photo_date date not null,
  photo_type text check (photo_type in ('front', 'back', 'left', 'right', 'other')),
  s3_key text not null,
  s3_thumbnail_key text,
  file_size_bytes integer check (file_size_bytes >= 0),
  linked_scan_id uuid,
  notes text,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  foreign key (linked_scan_id, user_id) references vitalis.dexa_scans (scan_id, user_id) on delete set null (linked_scan_id)
);
comment on table vitalis.photos is 'A progress photo, stored in object storage, optionally linked to a DEXA scan.';
comment on column vitalis.photos.s3_key is 'Object key of the image in the storage bucket.';
create index photos_user_id_photo_date_idx on vitalis.photos (user_id, photo_date desc);
create index photos_linked_scan_id_idx on vitalis.photos (linked_scan_id);
select vitalis_private.secure_user_table('vitalis.photos', 'photo_id');

--! split: 12-goals-and-system.sql
/*
 * Goals, alerts, insights, and the operational tables: ingestion jobs (mirroring
 * graphile-worker jobs for users to see), GDPR deletion and export requests.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create table vitalis.goals (
  goal_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  metric_type text check (metric_type in ('blood_marker', 'measurement', 'wearable', 'custom')),
  biomarker_id uuid references vitalis.biomarker_dictionary on delete set null,
  metric_name text,
  target_value numeric(12,4),
  target_unit text,
  direction vitalis.goal_direction,
  alert_threshold_low numeric(12,4),
  alert_threshold_high numeric(12,4),
  alert_enabled boolean default true,
  notes text,
  is_active boolean default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (goal_id, user_id),
  check (metric_type <> 'blood_marker' or biomarker_id is not null),
  check (alert_threshold_low is null or alert_threshold_high is null or alert_threshold_low <= alert_threshold_high)
);
comment on table vitalis.goals is 'A target for any tracked metric, with optional alert thresholds.';
comment on column vitalis.goals.metric_type is 'blood_marker, measurement, wearable or custom.';
comment on column vitalis.goals.metric_name is 'Canonical metric name, e.g. resting_hr_bpm, weight, ldl_cholesterol.';
comment on column vitalis.goals.direction is 'minimize, maximize, or target (stay near target_value).';
create index goals_user_id_active_idx on vitalis.goals (user_id) where is_active = true;
create index goals_biomarker_id_idx on vitalis.goals (biomarker_id);
select vitalis_private.add_updated_at_trigger('vitalis.goals');
select vitalis_private.secure_user_table('vitalis.goals', 'goal_id');

create table vitalis.goal_alerts (
  alert_id uuid primary key default gen_random_uuid(),
  goal_id uuid not null,
  user_id uuid not null references vitalis.users on delete cascade,
  triggered_at timestamptz not null,
  trigger_value numeric(12,4),
  message text,
  acknowledged_at timestamptz,
  foreign key (goal_id, user_id) references vitalis.goals (goal_id, user_id) on delete cascade
);
comment on table vitalis.goal_alerts is 'An alert fired when a goal''s threshold was crossed.';
create index goal_alerts_user_id_triggered_at_idx on vitalis.goal_alerts (user_id, triggered_at desc);
create index goal_alerts_goal_id_idx on vitalis.goal_alerts (goal_id);
select vitalis_private.secure_user_table('vitalis.goal_alerts', 'alert_id');

create table vitalis.insights (
  insight_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  insight_type vitalis.insight_type,
  title text not null,
  body text not null,
  metric_a text,
  metric_b text,
  correlation_r numeric(4,3) check (correlation_r between -1 and 1),
  p_value numeric(8,6) check (p_value between 0 and 1),
  data_points integer check (data_points >= 0),
  valid_from date,
  valid_until date,
  is_dismissed boolean default false,
  dismissed_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table vitalis.insights is 'A computed correlation, trend or recommendation, cached for the dashboard and refreshed nightly.';
comment on column vitalis.insights.correlation_r is 'Pearson r, when the insight is a correlation.';
comment on column vitalis.insights.data_points is 'Number of observations the analysis used.';
comment on column vitalis.insights.valid_until is 'Cache expiry; new data invalidates earlier.';
create index insights_user_id_insight_type_created_at_idx on vitalis.insights (user_id, insight_type, created_at desc);
create index insights_user_id_created_at_active_idx on vitalis.insights (user_id, created_at desc) where is_dismissed = false;
select vitalis_private.secure_user_table('vitalis.insights', 'insight_id');

create table vitalis.ingestion_jobs (
  job_id uuid primary key default gen_random_uuid(),
  user_id uuid references vitalis.users on delete cascade,
  source vitalis.data_source,
  job_type vitalis.job_type,
  status vitalis.job_status default 'queued',
  priority smallint default 5 check (priority between 1 and 10),
  payload jsonb,
  result jsonb,
  error_message text,
  attempts smallint default 0 check (attempts >= 0),
  max_attempts smallint default 3 check (max_attempts >= 1),
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  next_retry_at timestamptz
);
comment on table vitalis.ingestion_jobs is 'Every asynchronous job (sync, import, parse, export, deletion) as the user sees it: status, progress, attempts and result.';
comment on column vitalis.ingestion_jobs.user_id is 'The user the job acts for; NULL for system jobs.';
comment on column vitalis.ingestion_jobs.priority is '1 is highest, 10 lowest.';
comment on column vitalis.ingestion_jobs.payload is 'Input parameters (ids only; the task re-reads current data).';
comment on column vitalis.ingestion_jobs.result is 'Outcome summary: rows inserted, updated, skipped with reasons; progress while running.';
create index ingestion_jobs_status_next_retry_at_idx on vitalis.ingestion_jobs (status, next_retry_at) where status in ('queued', 'failed');
create index ingestion_jobs_user_id_job_type_queued_at_idx on vitalis.ingestion_jobs (user_id, job_type, queued_at desc);
select vitalis_private.secure_user_table('vitalis.ingestion_jobs', 'job_id');
create policy worker_all_jobs on vitalis.ingestion_jobs for all to vitalis_worker using (true) with check (true);
-- Users read their jobs; jobs are created and advanced by the worker and server-side functions.
revoke insert, update, delete on vitalis.ingestion_jobs from vitalis_api;

create table vitalis.deletion_requests (
  request_id uuid primary key default gen_random_uuid(),
  user_id uuid references vitalis.users on delete set null,
  requested_at timestamptz not null default now(),
  grace_period_ends_at timestamptz,
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'canceled')),
  completed_at timestamptz,
  tables_deleted text[]
);
comment on table vitalis.deletion_requests is 'A GDPR/CCPA erasure request. The data goes after a 30-day grace period during which the user can cancel; the completed request outlives the user (user_id becomes NULL).';
comment on column vitalis.deletion_requests.grace_period_ends_at is 'requested_at + 30 days; set automatically.';
comment on column vitalis.deletion_requests.tables_deleted is 'Which tables rows were erased from, as evidence.';
create index deletion_requests_user_id_idx on vitalis.deletion_requests (user_id);
create index deletion_requests_pending_idx on vitalis.deletion_requests (grace_period_ends_at) where status = 'pending';
create function vitalis_private.tg_deletion_requests__grace_period() returns trigger
  language plpgsql as $$
begin
  new.grace_period_ends_at := new.requested_at + interval '30 days';
  return new;
end $$;
create trigger _100_grace_period before insert or update of requested_at on vitalis.deletion_requests
  for each row execute function vitalis_private.tg_deletion_requests__grace_period();
select vitalis_private.secure_user_table('vitalis.deletion_requests', 'request_id');
revoke update, delete on vitalis.deletion_requests from vitalis_api;
grant update (status) on vitalis.deletion_requests to vitalis_api;

create table vitalis.data_export_requests (
  export_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users on delete cascade,
  requested_at timestamptz not null default now(),
  status text not null default 'queued' check (status in ('queued', 'processing', 'ready', 'downloaded', 'expired')),
  format text not null default 'json' check (format in ('json', 'csv')),
  s3_key text,
  expires_at timestamptz,
  completed_at timestamptz,
  file_size_bytes bigint check (file_size_bytes >= 0)
);
comment on table vitalis.data_export_requests is 'A GDPR portability request: the worker writes all the user''s data as JSON or CSV to storage; the link expires after 7 days.';
comment on column vitalis.data_export_requests.s3_key is 'Where the finished export is stored.';
comment on column vitalis.data_export_requests.expires_at is 'When the download link stops working (7 days after completion).';
create index data_export_requests_user_id_requested_at_idx on vitalis.data_export_requests (user_id, requested_at desc);
select vitalis_private.secure_user_table('vitalis.data_export_requests', 'export_id');
revoke update, delete on vitalis.data_export_requests from vitalis_api;

--! split: 13-upserts.sql
/*
 * Idempotent batch writes for the worker and importers (one call per batch of rows, as a JSON
 * array of objects named like the table's columns). Re-sending the same batch changes nothing;
 * a row whose source_updated_at is older than the stored one is skipped, so a late retry of an
 * old payload never overwrites a provider's newer edit; an unversioned payload never overwrites
 * a versioned row. Each call returns how many rows it inserted, updated and skipped.
 * The functions run as the caller, so RLS and audit apply: user_id defaults to the current user
 * and any other user_id is rejected by the policy.
 * The column lists are generated here from the catalog so they cannot drift from the tables.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql immutable as $$
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception '%: rows must be a JSON array of objects', p_table using errcode = '22023';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception '%: every row must be a JSON object', p_table using errcode = '22023';
  end if;
end $$;

create function vitalis_private.check_partition_dates(p_table text, p_column text, p_min date, p_max date) returns void
  language plpgsql stable as $$
begin
  if p_min < vitalis_private.partition_window_start() or p_max > vitalis_private.partition_window_end() then
    raise exception '%.%: % is outside the accepted range % to %', p_table, p_column,
      case when p_min < vitalis_private.partition_window_start() then p_min else p_max end,
      vitalis_private.partition_window_start(), vitalis_private.partition_window_end()
      using errcode = '22008', column = p_column, table = p_table, schema = 'vitalis';
  end if;
end $$;
grant execute on function vitalis_private.check_batch(jsonb, text), vitalis_private.check_partition_dates(text, text, date, date)
  to vitalis_api, vitalis_worker, vitalis_admin;
grant execute on function vitalis_private.ensure_partitions(regclass, date, date) to vitalis_api;

do $gen$
declare
  spec record;
  v_cols text;
  v_set text;
  v_cmp_t text;
  v_cmp_e text;
begin
  for spec in select * from (values
      ('wearable_daily', 'daily_id', 'date', array['user_id', 'date', 'source']),
      ('wearable_sleep', 'sleep_id', 'sleep_date', array['user_id', 'sleep_date', 'source'])) s(tbl, id_col, date_col, key_cols)
  loop
    select string_agg(quote_ident(attname), ', ' order by attnum),
           string_agg(format('%1$I = excluded.%1$I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols)),
           string_agg(format('t.%I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at'),
           string_agg(format('excluded.%I', attname), ', ' order by attnum) filter (where attname <> all (spec.key_cols) and attname <> 'source_updated_at')
      into v_cols, v_set, v_cmp_t, v_cmp_e
      from pg_attribute
     where attrelid = format('vitalis.%I', spec.tbl)::regclass and attnum > 0 and not attisdropped
       and attname not in (spec.id_col, 'created_at', 'updated_at');
    execute format($f$
      create function vitalis.upsert_%1$s(p_rows jsonb)
        returns table (inserted integer, updated integer, skipped integer)
        language plpgsql volatile as $body$
      declare
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, %1$L);
        select count(*), min(r.%4$I), max(r.%4$I) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.%1$I, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates(%1$L, %4$L, v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.%1$I', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.%4$I, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.%1$I, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.%4$I, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.%1$I as t (%2$s)
          select %5$s from input i
          on conflict (%6$s) do update set %3$s
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (%7$s) is distinct from (%8$s)
          returning 1
        ), existing as (
          -- Sees the table as it was before this statement: rows already there can only be
          -- updated or skipped, every other input row is inserted.
          select count(*)::integer as n
            from input i join vitalis.%1$I t
              on (t.user_id, t.%4$I, t.source) = (coalesce(i.user_id, vitalis.current_user_id()), i.%4$I, i.source)
        )
        select (select count(*) from input)::integer - e.n,
               (select count(*) from written)::integer - ((select count(*) from input)::integer - e.n),
               v_total - (select count(*) from written)::integer
          from existing e;
      end $body$;
      comment on function vitalis.upsert_%1$s(jsonb) is %9$L;
      grant execute on function vitalis.upsert_%1$s(jsonb) to vitalis_api, vitalis_worker, vitalis_admin;
    $f$, spec.tbl, v_cols, v_set, spec.date_col,
      replace(replace(v_cols, 'user_id', 'coalesce(i.user_id, vitalis.current_user_id())'), '"', ''),
      array_to_string(spec.key_cols, ', '), v_cmp_t, v_cmp_e,
      format('Idempotent batch upsert into %s keyed by (%s): a JSON array of row objects; returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).',
             spec.tbl, array_to_string(spec.key_cols, ', ')));
  end loop;
end $gen$;

-- Activities: the natural key spans partitions, so existing rows are found by
-- (user_id, source, source_activity_id) and updated in place, even when the date moved.
do $gen$
declare
  v_cols text;
  v_set text;
  v_cmp_t text;
  v_cmp_i text;
begin
  select string_agg(quote_ident(attname), ', ' order by attnum),
         string_agg(format('%1$I = i.%1$I', attname), ', ' order by attnum) filter (where attname not in ('user_id', 'source', 'source_activity_id')),
         string_agg(format('t.%I', attname), ', ' order by attnum) filter (where attname not in ('user_id', 'source', 'source_activity_id', 'source_updated_at')),
         string_agg(format('i.%I', attname), ', ' order by attnum) filter (where attname not in ('user_id', 'source', 'source_activity_id', 'source_updated_at'))
    into v_cols, v_set, v_cmp_t, v_cmp_i
    from pg_attribute
   where attrelid = 'vitalis.wearable_activities'::regclass and attnum > 0 and not attisdropped
     and attname not in ('activity_id', 'created_at', 'updated_at');
  execute format($f$
    create function vitalis.upsert_wearable_activities(p_rows jsonb)
      returns table (inserted integer, updated integer, skipped integer)
      language plpgsql volatile as $body$
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

      update vitalis.wearable_activities t set %2$s
        from pg_temp.activity_batch i
       where i.source_activity_id is not null
         and (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id)
         and (t.source_updated_at is null or i.source_updated_at >= t.source_updated_at)
         and (%3$s) is distinct from (%4$s);
      get diagnostics v_updated = row_count;

      insert into vitalis.wearable_activities (%1$s)
      select %1$s from pg_temp.activity_batch i
       where i.source_activity_id is null
          or not exists (select 1 from vitalis.wearable_activities t
                          where (t.user_id, t.source, t.source_activity_id) = (i.user_id, i.source, i.source_activity_id));
      get diagnostics v_inserted = row_count;

      return query select v_inserted, v_updated, v_total - v_inserted - v_updated;
    end $body$;
    comment on function vitalis.upsert_wearable_activities(jsonb) is 'Idempotent batch upsert into wearable_activities keyed by (user_id, source, source_activity_id) across all years: an activity whose date moved is updated, not duplicated. Returns rows inserted, updated and skipped.';
    grant execute on function vitalis.upsert_wearable_activities(jsonb) to vitalis_api, vitalis_worker, vitalis_admin;
  $f$, v_cols, v_set, v_cmp_t, v_cmp_i);
end $gen$;

--! split: 14-analytics.sql
/*
 * Analyst access. vitalis_readonly reads only this schema and the dictionaries, never a PII
 * table. Users appear under a stable pseudonym (a keyed hash of user_id), with no email, name
 * or birth date; age is bucketed into decades. The views are owned by vitalis_analytics, a
 * NOLOGIN role that bypasses RLS and can do nothing but read through these views.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

-- A per-database secret for the pseudonyms, unreadable by analysts.
create table vitalis_private.analytics_salt (
  singleton boolean primary key default true check (singleton),
  salt text not null default encode(gen_random_bytes(32), 'hex')
);
insert into vitalis_private.analytics_salt default values;

create function vitalis_private.pseudonym(p_user_id uuid) returns text
  language sql stable parallel safe security definer set search_path = pg_catalog, public as $$
  select encode(hmac(p_user_id::text, (select salt from vitalis_private.analytics_salt), 'sha256'), 'hex')
$$;
grant execute on function vitalis_private.pseudonym(uuid) to vitalis_analytics;

grant usage on schema vitalis, vitalis_private to vitalis_analytics;
grant select on vitalis.users, vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities,
  vitalis.blood_markers, vitalis.blood_panels, vitalis.measurements to vitalis_analytics;
grant usage, create on schema analytics to vitalis_analytics;

set local role vitalis_analytics;

create view analytics.daily_metrics as
  select vitalis_private.pseudonym(d.user_id) as subject, d.date, d.source, d.resting_hr_bpm, d.max_hr_bpm,
         d.hrv_rmssd_ms, d.steps, d.active_calories_kcal, d.total_calories_kcal, d.active_minutes,
         d.distance_m, d.spo2_avg_pct, d.respiratory_rate_avg, d.readiness_score, d.recovery_score,
         d.vo2_max_ml_kg_min
    from vitalis.wearable_daily d;
comment on view analytics.daily_metrics is 'Daily wearable summaries under a pseudonymous subject key; no PII.';

create view analytics.sleep_metrics as
  select vitalis_private.pseudonym(s.user_id) as subject, s.sleep_date, s.source, s.total_sleep_minutes,
         s.rem_minutes, s.deep_minutes, s.light_minutes, s.awake_minutes, s.sleep_efficiency_pct,
         s.sleep_score, s.avg_hr_bpm, s.avg_hrv_ms
    from vitalis.wearable_sleep s;
comment on view analytics.sleep_metrics is 'Nightly sleep summaries under a pseudonymous subject key; no PII.';

create view analytics.activity_metrics as
  select vitalis_private.pseudonym(a.user_id) as subject, a.activity_date, a.source, a.activity_type,
         a.duration_seconds, a.distance_m, a.calories_kcal, a.avg_hr_bpm, a.max_hr_bpm
    from vitalis.wearable_activities a;
comment on view analytics.activity_metrics is 'Workouts under a pseudonymous subject key, without names or notes.';

create view analytics.biomarker_results as
  select vitalis_private.pseudonym(m.user_id) as subject, m.biomarker_id, p.collected_at::date as collected_on,
         m.value_canonical, m.in_range, m.flag
    from vitalis.blood_markers m join vitalis.blood_panels p using (panel_id)
   where m.biomarker_id is not null;
comment on view analytics.biomarker_results is 'Lab results in canonical units under a pseudonymous subject key; join biomarker_dictionary for names.';

create view analytics.subjects as
  select vitalis_private.pseudonym(u.user_id) as subject, u.biological_sex,
         (extract(year from age(u.date_of_birth))::int / 10) * 10 as age_decade,
         date_trunc('month', u.created_at)::date as joined_month
    from vitalis.users u
   where u.deleted_at is null;
comment on view analytics.subjects is 'One row per active user: pseudonym, sex and age decade only.';

grant select on all tables in schema analytics to vitalis_readonly, vitalis_admin;
set local role vitalis_owner;

--! split: 99-end.sql
-- graphile-migrate records the migration in its own schema inside this transaction, as the
-- migrating user: hand the role back.
reset role;
