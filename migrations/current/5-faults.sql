set local lock_timeout = '5s';
set local role vitalis_owner;

-- Faults (docs/faults.md): an attempt cut short by a dead worker (SIGKILL, OOM, a lost machine) is
-- not the job's failure. The crashed-worker sweep (src/jobs/workerRecovery.ts) gives the
-- graphile-worker job that attempt back, and the next start of the ingestion job does the same on
-- its row, so both keep the same number of attempts left; up to 25 attempts in all (graphile-
-- worker's own default), after which a job that keeps killing its worker is given up by the sweep
-- (vitalis_private.abandon_crashed_ingestion_job) instead of being left "running" forever.

create or replace function vitalis_private.start_ingestion_job(p_job_id uuid) returns setof vitalis.ingestion_jobs
  language plpgsql volatile
  as $$
declare
  v_job vitalis.ingestion_jobs := vitalis_private.lock_ingestion_job(p_job_id);
begin
  if v_job.status in ('succeeded', 'failed', 'canceled') then
    return;
  end if;
  perform vitalis_private.assert_ingestion_job_move(v_job, 'start', '{queued, retrying, running}');
  return query
    update vitalis.ingestion_jobs j
       set status = 'running', attempts = least(j.attempts + 1, 32767), started_at = now(), next_retry_at = null,
           -- Still running: the previous attempt's worker died. That attempt is given back (as the
           -- sweep gave it back to the graphile-worker job), up to 25 attempts in all.
           max_attempts = case when j.status = 'running' and j.max_attempts < 25 then j.max_attempts + 1 else j.max_attempts end,
           error_message = null, result = jsonb_build_object('progress', '{}'::jsonb)
     where j.job_id = p_job_id
    returning j.*;
end $$;

comment on function vitalis_private.start_ingestion_job(uuid) is
  'Marks a queued, retrying or (crashed) running job running and counts the attempt; a crashed attempt (the job was still running) gets one more attempt, up to 25 in all. Returns the job, or no row when the job is already over.';

revoke all on function vitalis_private.start_ingestion_job(uuid) from public;
grant execute on function vitalis_private.start_ingestion_job(uuid) to vitalis_worker;

create or replace function vitalis_private.abandon_crashed_ingestion_job(p_job_id uuid, p_attempts integer) returns void
  language plpgsql volatile
  as $$
declare
  v_job vitalis.ingestion_jobs := vitalis_private.lock_ingestion_job(p_job_id);
begin
  if v_job.job_id is null or v_job.status in ('succeeded', 'failed', 'canceled') then
    return;
  end if;
  update vitalis.ingestion_jobs j
     set status = 'failed', completed_at = now(), next_retry_at = null, result = null,
         error_message = format('the worker stopped while running this job on each of its %s attempts: it was given up (import the file again, or sync again, to retry)', p_attempts)
   where j.job_id = p_job_id;
end $$;

comment on function vitalis_private.abandon_crashed_ingestion_job(uuid, integer) is
  'Fails an unfinished job whose graphile-worker job has no attempts left after its worker died (it kept killing its worker): the job is over, never left running. Called by the crashed-worker sweep as vitalis_worker.';

revoke all on function vitalis_private.abandon_crashed_ingestion_job(uuid, integer) from public;
grant execute on function vitalis_private.abandon_crashed_ingestion_job(uuid, integer) to vitalis_worker;

reset role;
