set local lock_timeout = '5s';
set local role vitalis_owner;

/* A provider that asks us to come back much later (429 with a long Retry-After) gets its job
 * rescheduled for then, rather than retried on graphile-worker's short backoff: the job's
 * graphile-worker job is replaced (same job_key) by one that runs at p_run_at. */
drop function if exists vitalis_private.reschedule_ingestion_job(uuid, timestamptz);

create function vitalis_private.reschedule_ingestion_job(p_job_id uuid, p_run_at timestamptz) returns void
  language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_job vitalis.ingestion_jobs;
begin
  -- RLS (forced, also for this definer) limits this to the acting user's jobs.
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = p_job_id;
  if not found then
    raise exception 'jobId: no such job' using errcode = '23514', column = 'job_id';
  end if;
  perform vitalis_private.worker_add_job(vitalis_private.ingestion_task(v_job.job_type), json_build_object('ingestionJobId', v_job.job_id),
                                         'ingestion:' || v_job.job_id, v_job.max_attempts, v_job.priority, p_run_at);
  update vitalis.ingestion_jobs j set status = 'retrying', next_retry_at = p_run_at where j.job_id = p_job_id;
end
$$;
comment on function vitalis_private.reschedule_ingestion_job(uuid, timestamptz) is 'Puts a job back in the queue to run at p_run_at (a provider''s Retry-After), status retrying. For the worker, acting as the job''s user.';
grant execute on function vitalis_private.reschedule_ingestion_job(uuid, timestamptz) to vitalis_worker;

reset role;
