--! Previous: sha1:adc0b2da42e159b81e128e12abe43ae22acb7fbc
--! Hash: sha1:c49165de8f61890fd687e87bbc6ea6709fac792c
--! Message: Operations: backup_runs, metrics snapshot

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-backups.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Backups and their weekly proof (docs/backups.md): every backup and restore test leaves one row
-- here, written only by the worker and the CLI (through the definer functions below), readable by
-- app admins (users.role = 'admin') through the API. The metrics endpoint reads the same names.
create table if not exists vitalis.backup_runs (
  run_id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('backup', 'restore_test')),
  tier text check (tier in ('daily', 'weekly', 'monthly')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  object_key text,
  bytes bigint check (bytes >= 0),
  row_count bigint check (row_count >= 0),
  details jsonb,
  error text
);
create index if not exists backup_runs_kind_started_at_idx on vitalis.backup_runs (kind, started_at desc);

comment on table vitalis.backup_runs is E'One database backup or weekly restore test: when it ran, how it ended, what it wrote. Readable by app admins; written only by the server.\n@omit create,update,delete';
comment on column vitalis.backup_runs.run_id is 'Identifies the run.';
comment on column vitalis.backup_runs.kind is 'backup (a dump written to storage) or restore_test (the newest backup restored into a scratch database and compared with its manifest).';
comment on column vitalis.backup_runs.tier is 'For a backup: daily, weekly or monthly (a daily backup is also stored as the weekly on Sundays and the monthly on the 1st). Null for a restore test.';
comment on column vitalis.backup_runs.status is 'running, succeeded or failed.';
comment on column vitalis.backup_runs.started_at is 'When the run started.';
comment on column vitalis.backup_runs.finished_at is 'When the run ended; null while it runs (or when the process died during it).';
comment on column vitalis.backup_runs.object_key is 'The storage key of the backup written (backup) or restored (restore_test).';
comment on column vitalis.backup_runs.bytes is 'Size of the stored backup object in bytes (compressed, encrypted when a key is set).';
comment on column vitalis.backup_runs.row_count is 'Rows in the backup (backup) or rows restored (restore_test).';
comment on column vitalis.backup_runs.details is 'The manifest summary: schema version, server version, per-table counts and checksums, keys written, tables that differ.';
comment on column vitalis.backup_runs.error is 'Why a failed run failed.';

alter table vitalis.backup_runs enable row level security;
alter table vitalis.backup_runs force row level security;

create or replace function vitalis_private.current_user_is_admin() returns boolean
  language sql stable security definer set search_path = pg_catalog as $$
  select exists (select 1 from vitalis.users u where u.user_id = vitalis.current_user_id() and u.role = 'admin');
$$;
comment on function vitalis_private.current_user_is_admin() is 'Whether the signed-in user is an app admin (users.role = ''admin''); false when nobody is signed in.';
revoke all on function vitalis_private.current_user_is_admin() from public;
grant execute on function vitalis_private.current_user_is_admin() to vitalis_api, vitalis_worker;

drop policy if exists admin_read on vitalis.backup_runs;
create policy admin_read on vitalis.backup_runs for select to vitalis_api, vitalis_worker using ((select vitalis_private.current_user_is_admin()));
drop policy if exists admin_all on vitalis.backup_runs;
create policy admin_all on vitalis.backup_runs for all to vitalis_admin using (true) with check (true);
-- The owner writes only inside the two recorder functions below, which open this gate for their own statement.
drop policy if exists recorder on vitalis.backup_runs;
create policy recorder on vitalis.backup_runs for all to vitalis_owner
  using (current_setting('vitalis.backup_recorder', true) = 'on') with check (current_setting('vitalis.backup_recorder', true) = 'on');

revoke all on vitalis.backup_runs from vitalis_api, vitalis_worker, vitalis_anonymous, vitalis_readonly;
grant select on vitalis.backup_runs to vitalis_api, vitalis_worker, vitalis_admin;

create or replace function vitalis_private.begin_backup_run(p_kind text, p_tier text) returns uuid
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_run_id uuid;
begin
  if p_kind is null or p_kind not in ('backup', 'restore_test') then
    raise exception 'kind: must be backup or restore_test' using errcode = '22023', column = 'kind';
  end if;
  if p_tier is not null and p_tier not in ('daily', 'weekly', 'monthly') then
    raise exception 'tier: must be daily, weekly or monthly' using errcode = '22023', column = 'tier';
  end if;
  perform pg_catalog.set_config('vitalis.backup_recorder', 'on', true);
  insert into vitalis.backup_runs (kind, tier) values (p_kind, p_tier) returning run_id into v_run_id;
  perform pg_catalog.set_config('vitalis.backup_recorder', '', true);
  return v_run_id;
end $$;
comment on function vitalis_private.begin_backup_run(text, text) is 'Records that a backup or restore test started (status running) and returns its run_id.';

create or replace function vitalis_private.finish_backup_run(p_run_id uuid, p_status text, p_object_key text, p_bytes bigint,
    p_row_count bigint, p_details jsonb, p_error text) returns void
  language plpgsql volatile security definer set search_path = pg_catalog as $$
begin
  if p_status is null or p_status not in ('succeeded', 'failed') then
    raise exception 'status: must be succeeded or failed' using errcode = '22023', column = 'status';
  end if;
  perform pg_catalog.set_config('vitalis.backup_recorder', 'on', true);
  update vitalis.backup_runs
     set status = p_status, finished_at = pg_catalog.now(), object_key = p_object_key, bytes = p_bytes,
         row_count = p_row_count, details = p_details, error = pg_catalog.left(p_error, 4000)
   where run_id = p_run_id and status = 'running';
  if not found then
    perform pg_catalog.set_config('vitalis.backup_recorder', '', true);
    raise exception 'runId: no such running backup run' using errcode = 'VT404', column = 'run_id';
  end if;
  perform pg_catalog.set_config('vitalis.backup_recorder', '', true);
end $$;
comment on function vitalis_private.finish_backup_run(uuid, text, text, bigint, bigint, jsonb, text) is 'Records how a running backup or restore test ended: status, the object, its size, row count, details and error.';

revoke all on function vitalis_private.begin_backup_run(text, text) from public;
revoke all on function vitalis_private.finish_backup_run(uuid, text, text, bigint, bigint, jsonb, text) from public;
grant execute on function vitalis_private.begin_backup_run(text, text) to vitalis_worker;
grant execute on function vitalis_private.finish_backup_run(uuid, text, text, bigint, bigint, jsonb, text) to vitalis_worker;

-- The admin is mailed when a restore test fails (src/mail/templates/backupRestoreFailed.ts).
create or replace function vitalis_private.mail_templates() returns text[]
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select array['email_verification', 'password_reset', 'export_ready', 'deletion_requested', 'deletion_cancelled',
               'deletion_completed', 'household_invite', 'billing_payment_failed', 'backup_restore_failed']::text[];
$$;
comment on function vitalis_private.mail_templates() is 'The mail templates queue_mail accepts: the names in src/mail/templates/index.ts (test/mail/queue.test.ts keeps both lists equal). A typo fails the transaction that queues it, not a worker later.';

reset role;

--! split: 4-metrics.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- GET /metrics (docs/metrics.md): the operator's cross-user counts, read by the API's own
-- connection (vitalis_authenticator) through one SECURITY DEFINER function that returns numbers
-- only, never a row. RLS binds the owner too, so each table it reads gets a SELECT policy for the
-- owner that is open only while this function has set vitalis.metrics_scrape (transaction-local),
-- the same gate as provider_webhook_lookup and the backup recorder.
drop policy if exists metrics_read on vitalis.connected_devices;
create policy metrics_read on vitalis.connected_devices for select to vitalis_owner
  using (pg_catalog.current_setting('vitalis.metrics_scrape', true) = 'on');
comment on policy metrics_read on vitalis.connected_devices is 'Lets vitalis_private.metrics_snapshot (SECURITY DEFINER) count failing provider connections across users while it runs.';
drop policy if exists metrics_read on vitalis.ingestion_jobs;
create policy metrics_read on vitalis.ingestion_jobs for select to vitalis_owner
  using (pg_catalog.current_setting('vitalis.metrics_scrape', true) = 'on');
comment on policy metrics_read on vitalis.ingestion_jobs is 'Lets vitalis_private.metrics_snapshot (SECURITY DEFINER) count failed provider syncs across users while it runs.';
-- vitalis.backup_runs comes with the backups (2-backups.sql); without it there is nothing to read.
do $$
begin
  if pg_catalog.to_regclass('vitalis.backup_runs') is not null then
    drop policy if exists metrics_read on vitalis.backup_runs;
    create policy metrics_read on vitalis.backup_runs for select to vitalis_owner
      using (pg_catalog.current_setting('vitalis.metrics_scrape', true) = 'on');
    comment on policy metrics_read on vitalis.backup_runs is 'Lets vitalis_private.metrics_snapshot (SECURITY DEFINER) read the last backup and restore test while it runs.';
  end if;
end $$;

create or replace function vitalis_private.metrics_snapshot() returns json
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_queue json;
  v_sync json;
  v_backup_age double precision;
  v_restore_ok boolean;
  v_worker_alive boolean;
begin
  perform pg_catalog.set_config('vitalis.metrics_scrape', 'on', true);

  -- graphile-worker's tables are readable by their owner only: sql/worker_bridge.sql's function.
  if pg_catalog.to_regprocedure('vitalis_private.worker_queue_stats()') is not null then
    execute 'select coalesce(pg_catalog.json_agg(q order by q.task), ''[]'') from vitalis_private.worker_queue_stats() q' into v_queue;
  end if;

  -- Sync failures by provider: active connections whose last sync failed (error) or stopped part
  -- way (partial), and provider sync jobs that failed every attempt in the last 24 hours.
  select coalesce(pg_catalog.json_agg(s order by s.provider), '[]') into v_sync from (
    select coalesce(d.provider, j.provider) as provider,
           coalesce(d.failing, 0) as connections_failing,
           coalesce(d.partial, 0) as connections_partial,
           coalesce(j.failed, 0) as jobs_failed_24h
      from (select c.source::text as provider,
                   count(*) filter (where c.last_sync_status = 'error') as failing,
                   count(*) filter (where c.last_sync_status = 'partial') as partial
              from vitalis.connected_devices c
             where c.is_active
             group by c.source) d
      full join (select i.source::text as provider, count(*) as failed
                   from vitalis.ingestion_jobs i
                  where i.status = 'failed' and i.source is not null
                    and i.job_type in ('daily_sync', 'backfill', 'webhook_sync')
                    and coalesce(i.completed_at, i.queued_at) > pg_catalog.now() - interval '24 hours'
                  group by i.source) j on j.provider = d.provider) s;

  if pg_catalog.to_regclass('vitalis.backup_runs') is not null then
    execute $q$select extract(epoch from pg_catalog.now() - max(b.finished_at))::float8
                 from vitalis.backup_runs b where b.kind = 'backup' and b.status = 'succeeded'$q$ into v_backup_age;
    execute $q$select b.status = 'succeeded' from vitalis.backup_runs b
                where b.kind = 'restore_test' and b.status in ('succeeded', 'failed')
                order by b.finished_at desc nulls last, b.started_at desc limit 1$q$ into v_restore_ok;
  end if;

  -- A worker process holds a session advisory lock per worker id (src/jobs/workerRecovery.ts,
  -- LIVENESS_LOCK_CLASS 7426101) for as long as it runs.
  select exists (select 1 from pg_catalog.pg_locks k
                  where k.locktype = 'advisory' and k.granted and k.objsubid = 2 and k.classid = 7426101::oid
                    and k.database = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()))
    into v_worker_alive;

  perform pg_catalog.set_config('vitalis.metrics_scrape', '', true);
  return pg_catalog.json_build_object(
    'queue', v_queue,
    'sync', v_sync,
    'last_backup_age_seconds', v_backup_age,
    'last_restore_test_success', v_restore_ok,
    'worker_alive', v_worker_alive);
end $$;
comment on function vitalis_private.metrics_snapshot() is 'Numbers for GET /metrics and /readyz, across users: the job queue by task (null without sql/worker_bridge.sql), provider sync failures, the last backup''s age and restore test''s result (null when none), and whether a worker process is alive. Counts only, never rows.';
revoke all on function vitalis_private.metrics_snapshot() from public;
grant execute on function vitalis_private.metrics_snapshot() to vitalis_authenticator;

reset role;
