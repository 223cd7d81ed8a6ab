-- The bridge between Vitalis and graphile-worker's tables. Run by src/db/setup.ts right after
-- graphile-worker's own migrations, as the same role, so that role owns these functions.
-- graphile-worker protects its tables with RLS and no policies: only their owner may add or remove
-- jobs. Two narrow SECURITY DEFINER functions, executable by vitalis_owner only, let
-- vitalis_private.enqueue_ingestion_job, reschedule_ingestion_job and vitalis.cancel_ingestion_job
-- do exactly that and nothing else. Idempotent: it runs on every migration.
drop function if exists vitalis_private.worker_add_job(text, json, text, integer, integer);
create or replace function vitalis_private.worker_add_job(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamptz default null) returns void
  language sql volatile security definer set search_path = pg_catalog, pg_temp as $$
  select graphile_worker.add_job(task, payload, job_key => job_key, max_attempts => max_attempts, priority => priority, run_at => run_at);
$$;
comment on function vitalis_private.worker_add_job(text, json, text, integer, integer, timestamptz) is 'Adds (or, for an existing job_key, replaces) a graphile-worker job, as the owner of graphile-worker''s tables. Created by sql/worker_bridge.sql, run after graphile-worker''s own migrations.';
create or replace function vitalis_private.worker_remove_job(job_key text) returns boolean
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
begin
  -- A locked job is being run by a worker: leave it alone and say so.
  if exists (select 1 from graphile_worker._private_jobs j where j.key = job_key and j.locked_at is not null) then
    return false;
  end if;
  perform graphile_worker.remove_job(job_key);
  return true;
end
$$;
comment on function vitalis_private.worker_remove_job(text) is 'Removes a graphile-worker job by key unless a worker is running it (then false). Created by sql/worker_bridge.sql.';
revoke all on function vitalis_private.worker_add_job(text, json, text, integer, integer, timestamptz) from public;
revoke all on function vitalis_private.worker_remove_job(text) from public;
grant execute on function vitalis_private.worker_add_job(text, json, text, integer, integer, timestamptz) to vitalis_owner;
grant execute on function vitalis_private.worker_remove_job(text) to vitalis_owner;

-- Retention (src/privacy/retention.ts): a job that failed every attempt stays in graphile-worker's
-- table with its payload (a mail's address and link) until someone removes it.
create or replace function vitalis_private.worker_prune_failed_jobs(task text, older_than interval) returns integer
  language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  v_deleted integer;
begin
  delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
   where t.id = j.task_id and t.identifier = task and j.attempts >= j.max_attempts and j.locked_at is null
     and j.updated_at < now() - older_than;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end
$$;
comment on function vitalis_private.worker_prune_failed_jobs(text, interval) is 'Deletes the jobs of one task that failed every attempt and were last tried before older_than ago; returns how many. Created by sql/worker_bridge.sql.';
revoke all on function vitalis_private.worker_prune_failed_jobs(text, interval) from public;
grant execute on function vitalis_private.worker_prune_failed_jobs(text, interval) to vitalis_owner;

-- Metrics (src/server/metrics, through vitalis_private.metrics_snapshot): the queue by task, as
-- counts. One aggregate over the job table, which holds pending jobs only (done ones are deleted).
create or replace function vitalis_private.worker_queue_stats()
  returns table (task text, ready bigint, scheduled bigint, running bigint, failed bigint, oldest_ready_seconds double precision)
  language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select t.identifier::text,
         count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now()),
         count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at > now()),
         count(*) filter (where j.locked_at is not null),
         count(*) filter (where j.locked_at is null and j.attempts >= j.max_attempts),
         extract(epoch from now() - min(j.run_at) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now()))::float8
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
   group by t.identifier;
$$;
comment on function vitalis_private.worker_queue_stats() is 'graphile-worker''s queue by task: jobs ready to run, scheduled for later, running (locked), failed every attempt, and how long the oldest ready job has waited (seconds). Created by sql/worker_bridge.sql.';
revoke all on function vitalis_private.worker_queue_stats() from public;
grant execute on function vitalis_private.worker_queue_stats() to vitalis_owner;

-- /readyz: which migration graphile-migrate applied last (its table belongs to the role that
-- migrates, the same that runs this file), compared with the newest one the code ships.
create or replace function vitalis_private.schema_last_migration() returns text
  language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  v_filename text;
begin
  if to_regclass('graphile_migrate.migrations') is null then
    return null;
  end if;
  execute 'select filename from graphile_migrate.migrations order by filename desc limit 1' into v_filename;
  return v_filename;
end
$$;
comment on function vitalis_private.schema_last_migration() is 'The file name of the last migration graphile-migrate committed on this database (e.g. 000020.sql), or null when it has no record. Created by sql/worker_bridge.sql.';
revoke all on function vitalis_private.schema_last_migration() from public;
grant execute on function vitalis_private.schema_last_migration() to vitalis_authenticator;

-- Insights (migrations/current/3-insights.sql, vitalis_private.queue_insights_refresh): a refresh
-- queued by new data keeps the run_at of a job already waiting under its key (job_key_mode
-- preserve_run_at), so a stream of syncs cannot postpone it for ever.
create or replace function vitalis_private.worker_add_job_preserve_run_at(task text, payload json, job_key text, max_attempts integer, priority integer, run_at timestamptz) returns void
  language sql volatile security definer set search_path = pg_catalog, pg_temp as $$
  select graphile_worker.add_job(task, payload, job_key => job_key, max_attempts => max_attempts, priority => priority, run_at => run_at, job_key_mode => 'preserve_run_at');
$$;
comment on function vitalis_private.worker_add_job_preserve_run_at(text, json, text, integer, integer, timestamptz) is 'Adds a graphile-worker job, or updates the one waiting under job_key keeping its run_at (job_key_mode preserve_run_at). Created by sql/worker_bridge.sql.';
revoke all on function vitalis_private.worker_add_job_preserve_run_at(text, json, text, integer, integer, timestamptz) from public;
grant execute on function vitalis_private.worker_add_job_preserve_run_at(text, json, text, integer, integer, timestamptz) to vitalis_owner;
