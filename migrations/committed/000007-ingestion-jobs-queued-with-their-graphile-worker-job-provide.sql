--! Previous: sha1:466e51021b6fadb4f881fb77354e2232de4b4afa
--! Hash: sha1:90768d44711a061597a7731b398f571b475fdc50
--! Message: Ingestion jobs queued with their graphile-worker job; provider OAuth states, webhook routing and daily sync

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/* ---------------------------------------------------------------------------------------------
 * Ingestion jobs: the user-visible side of graphile-worker.
 *
 * Every job is created here, in one transaction: the vitalis.ingestion_jobs row the user reads
 * (status, attempts, progress, result) and the graphile-worker job that carries only its id
 * (job_key 'ingestion:<job_id>', so a queued job can be cancelled and never runs twice). The
 * worker task re-reads the row, acts as the job's user, and records the outcome (src/jobs/).
 * graphile-worker's tables belong to the role that installed them (RLS, no policies): jobs are
 * added and removed through vitalis_private.worker_add_job / worker_remove_job, which
 * src/db/setup.ts creates as that role after graphile-worker's own migrations.
 * ------------------------------------------------------------------------------------------- */
drop function if exists vitalis_private.enqueue_daily_syncs();
drop function if exists vitalis.cancel_ingestion_job(uuid);
drop function if exists vitalis.create_file_import(text, text, text);
drop function if exists vitalis.request_provider_sync(vitalis.data_source, boolean);
drop function if exists vitalis_private.enqueue_ingestion_job(uuid, vitalis.job_type, vitalis.data_source, jsonb, smallint, smallint);
drop function if exists vitalis_private.ingestion_task(vitalis.job_type);

create function vitalis_private.ingestion_task(job_type vitalis.job_type) returns text
  language sql immutable parallel safe as $$
  select case job_type
    when 'file_import' then 'imports__file'
    when 'daily_sync' then 'providers__sync'
    when 'backfill' then 'providers__sync'
    when 'webhook_sync' then 'providers__sync'
  end
$$;
comment on function vitalis_private.ingestion_task(vitalis.job_type) is 'The graphile-worker task (tasks/<name>.ts) that runs an ingestion job type; NULL for types no task runs yet.';

create function vitalis_private.enqueue_ingestion_job(
  p_user_id uuid,
  p_job_type vitalis.job_type,
  p_source vitalis.data_source,
  p_payload jsonb,
  p_priority smallint default 5,
  p_max_attempts smallint default 3
) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog, public as $$
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
comment on function vitalis_private.enqueue_ingestion_job(uuid, vitalis.job_type, vitalis.data_source, jsonb, smallint, smallint) is
  'Creates an ingestion_jobs row for the user and the graphile-worker job that runs it, in the caller''s transaction. The single way jobs are queued.';
grant execute on function vitalis_private.enqueue_ingestion_job(uuid, vitalis.job_type, vitalis.data_source, jsonb, smallint, smallint) to vitalis_worker;

create function vitalis.request_provider_sync(source vitalis.data_source, backfill boolean default false) returns vitalis.ingestion_jobs
  language plpgsql volatile security definer set search_path = pg_catalog, public as $$
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
comment on function vitalis.request_provider_sync(vitalis.data_source, boolean) is
  E'@resultFieldName ingestionJob\nQueues a sync of a connected provider (backfill: its whole history window; otherwise since the last sync). Returns the job to follow; while one is already waiting or running, returns that one.';
grant execute on function vitalis.request_provider_sync(vitalis.data_source, boolean) to vitalis_api;

create function vitalis.create_file_import(file_type text, object_key text, weight_unit text default null) returns vitalis.ingestion_jobs
  language plpgsql volatile security definer set search_path = pg_catalog, public as $$
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
comment on function vitalis.create_file_import(text, text, text) is
  E'@resultFieldName ingestionJob\nQueues the import of a file uploaded with POST /imports/{fileType}: apple-health (export.zip or export.xml), fit, strong or hevy (weightUnit kg or lbs for CSVs without units). Returns the job to follow; importing the same file again changes nothing.';
grant execute on function vitalis.create_file_import(text, text, text) to vitalis_api;

create function vitalis.cancel_ingestion_job(job_id uuid) returns vitalis.ingestion_jobs
  language plpgsql volatile security definer set search_path = pg_catalog, public as $$
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
comment on function vitalis.cancel_ingestion_job(uuid) is E'@resultFieldName ingestionJob\nCancels one of your queued (or waiting to retry) jobs; a running job finishes.';
grant execute on function vitalis.cancel_ingestion_job(uuid) to vitalis_api;

/* The daily scheduled sync (cron task providers__sync_daily): one daily_sync job per active
 * connection, unless one is waiting or running or one was queued in the last 20 hours (so a
 * cron re-run, or the backfill that follows a connect, does not double it). */
-- SECURITY INVOKER: run as vitalis_worker, whose policies see every user's connections and jobs.
create function vitalis_private.enqueue_daily_syncs() returns integer
  language plpgsql volatile security invoker set search_path = pg_catalog, public as $$
declare
  v_device record;
  v_queued integer := 0;
begin
  for v_device in
    select d.user_id, d.source from vitalis.connected_devices d
     where d.is_active and d.access_token_enc is not null
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
comment on function vitalis_private.enqueue_daily_syncs() is 'Queues the daily sync of every active provider connection (priority 7: user-requested work goes first); skips connections with a sync waiting, running, or queued in the last 20 hours. Returns how many were queued.';
grant execute on function vitalis_private.enqueue_daily_syncs() to vitalis_worker;

reset role;

--! split: 2-provider-sync.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Provider syncs (src/providers/engine): OAuth connect state, and the SECURITY DEFINER entry
 * points the API uses where it has no user of its own to act as. The OAuth callback arrives from
 * the provider's site without the user's session, so the state row remembers who started the
 * connect; webhooks name the provider's user id, so enqueue_provider_webhook_sync finds the
 * connection(s) by (source, external_user_id) through a narrow owner-only policy keyed on
 * transaction-local settings, like the sign-in lookups of 000004.
 *
 * Jobs go through vitalis_private.enqueue_ingestion_job (1-current.sql: ingestion_jobs row +
 * graphile-worker job); a connect's first backfill through vitalis.request_provider_sync.
 *
 * Idempotent: everything created here is dropped first (graphile-migrate re-runs current whole).
 */

drop function if exists vitalis_private.enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb);
drop function if exists vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source);
drop function if exists vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text);
drop policy if exists provider_webhook_lookup on vitalis.connected_devices;
drop table if exists vitalis_private.provider_oauth_states;

create table vitalis_private.provider_oauth_states (
  state_hash bytea primary key check (length(state_hash) = 32),
  user_id uuid not null references vitalis.users on delete cascade,
  source vitalis.data_source not null,
  code_verifier text check (length(code_verifier) between 43 and 128),
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '10 minutes',
  consumed_at timestamptz
);
comment on table vitalis_private.provider_oauth_states is 'One row per provider connect in progress: the OAuth state (sha256 only), who started it, the PKCE code_verifier and redirect_uri. Single use (consumed_at), valid 10 minutes; rows older than a day are pruned whenever a state is created.';
comment on column vitalis_private.provider_oauth_states.state_hash is 'sha256 of the state parameter; the state itself is never stored.';
comment on column vitalis_private.provider_oauth_states.code_verifier is 'PKCE code_verifier (RFC 7636) for providers that support it; useless without the authorization code, which only the provider''s redirect carries.';
comment on column vitalis_private.provider_oauth_states.consumed_at is 'When the callback used the state; a second use is refused as reused.';
create index provider_oauth_states_created_at_idx on vitalis_private.provider_oauth_states (created_at);

create policy provider_webhook_lookup on vitalis.connected_devices for select to vitalis_owner
  using (source::text = current_setting('vitalis.webhook_source', true)
         and external_user_id = current_setting('vitalis.webhook_external_user_id', true));
comment on policy provider_webhook_lookup on vitalis.connected_devices is 'Lets enqueue_provider_webhook_sync (SECURITY DEFINER) find the connections a webhook names, while the transaction-local settings name them.';

create function vitalis_private.create_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source, p_code_verifier text, p_redirect_uri text)
  returns timestamptz
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_user_id uuid := vitalis.current_user_id();
  v_expires_at timestamptz;
begin
  if v_user_id is null then
    raise exception 'create_provider_oauth_state: no signed-in user' using errcode = '42501';
  end if;
  delete from vitalis_private.provider_oauth_states where created_at < now() - interval '1 day';
  insert into vitalis_private.provider_oauth_states (state_hash, user_id, source, code_verifier, redirect_uri)
  values (p_state_hash, v_user_id, p_source, p_code_verifier, p_redirect_uri)
  returning expires_at into v_expires_at;
  return v_expires_at;
end $$;
comment on function vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text) is 'Records a connect started by the signed-in user: the sha256 of the OAuth state, the provider, the PKCE verifier and redirect_uri. Returns when it expires (10 minutes).';

-- status: 'ok' | 'unknown' (never issued) | 'reused' (already consumed) | 'expired' | 'wrong_provider'
create function vitalis_private.consume_provider_oauth_state(p_state_hash bytea, p_source vitalis.data_source)
  returns table (status text, user_id uuid, code_verifier text, redirect_uri text)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row vitalis_private.provider_oauth_states;
begin
  select * into v_row from vitalis_private.provider_oauth_states s where s.state_hash = p_state_hash for update;
  if not found then
    return query select 'unknown'::text, null::uuid, null::text, null::text;
    return;
  end if;
  if v_row.consumed_at is not null then
    return query select 'reused'::text, null::uuid, null::text, null::text;
    return;
  end if;
  -- Single use whatever the outcome: a state that failed once cannot be tried again.
  update vitalis_private.provider_oauth_states s set consumed_at = now() where s.state_hash = p_state_hash;
  if v_row.expires_at <= now() then
    return query select 'expired'::text, null::uuid, null::text, null::text;
  elsif v_row.source <> p_source then
    return query select 'wrong_provider'::text, null::uuid, null::text, null::text;
  else
    return query select 'ok'::text, v_row.user_id, v_row.code_verifier, v_row.redirect_uri;
  end if;
end $$;
comment on function vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source) is 'Uses an OAuth state once (the provider callback has no session): status ok with the user, PKCE verifier and redirect_uri, or unknown, reused, expired, wrong_provider.';

create function vitalis_private.enqueue_provider_webhook_sync(p_source vitalis.data_source, p_external_user_id text, p_payload jsonb)
  returns integer
  language plpgsql volatile security definer set search_path = pg_catalog as $$
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
comment on function vitalis_private.enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb) is 'Queues a webhook_sync job for every active connection to p_source whose external_user_id matches (a verified webhook has no user session). Returns how many were queued; 0 for an unknown user.';

grant execute on function vitalis_private.create_provider_oauth_state(bytea, vitalis.data_source, text, text) to vitalis_api;
grant execute on function vitalis_private.consume_provider_oauth_state(bytea, vitalis.data_source) to vitalis_anonymous;
grant execute on function vitalis_private.enqueue_provider_webhook_sync(vitalis.data_source, text, jsonb) to vitalis_anonymous;

reset role;
