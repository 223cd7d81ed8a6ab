--! Previous: sha1:4d9dc2623da842505cc1a0bd6ef4d4d85119e3e0
--! Hash: sha1:c00736c3fdcaf76147d5df5975e01c742e2d840c
--! Message: Messages name the API field

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-api-field-messages.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Every message our functions raise reads "<field>: <rule>" with the API's field name (camelCase),
 * so the API passes it through without rewriting a SQL name it starts with
 * (migrations/CONVENTIONS.md; test/db/conventions.test.ts checks the whole catalog). These are the
 * last functions whose messages began with their own or their table's name; only the messages
 * change, the bodies are the current definitions.
 */

CREATE OR REPLACE FUNCTION vitalis_private.anonymise_audit_log(p_user_id uuid)
 RETURNS integer
 LANGUAGE plpgsql
 VOLATILE
 SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
declare
  v_pii constant text[] := array['email', 'date_of_birth', 'display_name', 'first_name', 'last_name', 'name',
                                 'provider_name', 'lab_provider', 'external_user_id', 'provider_user_id', 'notes'];
  v_rows integer;
begin
  if p_user_id is null then
    raise exception 'userId: a user id is required' using errcode = '22004', column = 'user_id';
  end if;
  perform set_config('vitalis.audit_rewrite', 'gdpr_anonymise', true);
  update vitalis.audit_log
     set user_id = null,
         action_by = case when action_by = p_user_id then null else action_by end,
         record_id = case when record_id = p_user_id then '00000000-0000-0000-0000-000000000000'::uuid else record_id end,
         old_values = old_values - v_pii - 'user_id',
         new_values = new_values - v_pii - 'user_id',
         ip_address = null,
         user_agent = null
   where user_id = p_user_id;
  get diagnostics v_rows = row_count;
  perform set_config('vitalis.audit_rewrite', '', true);
  return v_rows;
end $function$;
comment on function vitalis_private.anonymise_audit_log(uuid) is 'GDPR: detaches a user''s audit rows from them (user_id NULL) and strips PII from the row images; returns how many rows it rewrote. The rows themselves are kept.';

CREATE OR REPLACE FUNCTION vitalis_private.audit_security_event(p_action vitalis.audit_action, p_user_id uuid, p_details jsonb DEFAULT NULL::jsonb)
 RETURNS void
 LANGUAGE plpgsql
 VOLATILE
 SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
begin
  if p_action not in ('LOGIN', 'LOGOUT', 'EXPORT') then
    raise exception 'action: must be LOGIN, LOGOUT or EXPORT, not %', p_action using errcode = '22023', column = 'action';
  end if;
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, new_values, ip_address, user_agent, request_id)
  values (p_user_id, coalesce(vitalis.current_user_id(), p_user_id), 'users', p_user_id, p_action, p_details,
          vitalis_private.try_inet(current_setting('app.ip_address', true)),
          nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id());
end $function$;
comment on function vitalis_private.audit_security_event(vitalis.audit_action,uuid,jsonb) is 'Appends a security event (LOGIN, LOGOUT or EXPORT) about a user to the audit log, with the request''s IP, user agent and id. Server code only.';

CREATE OR REPLACE FUNCTION vitalis_private.create_partitions(p_table regclass, p_from date, p_to date)
 RETURNS integer
 LANGUAGE plpgsql
 VOLATILE
 SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
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
end $function$;
comment on function vitalis_private.create_partitions(regclass,date,date) is 'Creates the missing partitions of a partitioned table for a date range (yearly, or quarterly for audit_log); returns how many it created. Rejects dates outside 2000-01-01 .. end of next year.';

CREATE OR REPLACE FUNCTION vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 VOLATILE
 SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
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
end $function$;
comment on function vitalis_private.create_provider_oauth_state(bytea,vitalis.data_source,text,text) is 'Records a connect started by the signed-in user: the sha256 of the OAuth state, the provider, the PKCE verifier and redirect_uri. Returns when it expires (10 minutes).';

CREATE OR REPLACE FUNCTION vitalis_private.learn_timezone_offsets(p_observations jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 VOLATILE
 SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
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
end $function$;
comment on function vitalis_private.learn_timezone_offsets(jsonb) is 'For importers and provider adapters: observed [{local: "2024-03-10T08:00:00", offset_minutes: -300, duration_minutes?: 1440}] pairs of the signed-in user. Where the offset differs from the zone the user set for that time (else the preference), a learned range with a fixed-offset zone is recorded; observations that agree clear learned ranges over their span. Never touches user- or client-set ranges. Returns the learned ranges written.';

CREATE OR REPLACE FUNCTION vitalis_private.save_device_connection(p_source vitalis.data_source, p_display_name text, p_access_token_enc text, p_refresh_token_enc text, p_token_expires_at timestamp with time zone, p_scope text[], p_external_user_id text)
 RETURNS uuid
 LANGUAGE plpgsql
 VOLATILE
 SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
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
end $function$;
comment on function vitalis_private.save_device_connection(vitalis.data_source,text,text,text,timestamp with time zone,text[],text) is 'Connect flow: creates or re-activates the signed-in user''s connection to a provider with fresh (encrypted) tokens (vitalis_private.device_tokens) and the provider''s user id. Server code only.';

CREATE OR REPLACE FUNCTION vitalis_private.max_users_message(p_tier vitalis.subscription_tier, p_max smallint)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select format('maxUsers: a %s account holds at most %s %s', p_tier, p_max, case when p_max = 1 then 'user' else 'users' end)
$function$;
comment on function vitalis_private.max_users_message(vitalis.subscription_tier,smallint) is 'The message a full account gets: the maxUsers field and the tier''s limit (raised by the users and accounts max_users triggers).';

reset role;
