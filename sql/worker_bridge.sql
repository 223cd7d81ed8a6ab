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
