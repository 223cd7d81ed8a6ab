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
