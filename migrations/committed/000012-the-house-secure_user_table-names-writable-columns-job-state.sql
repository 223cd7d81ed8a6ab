--! Previous: sha1:c3912135b39cc7a18811cdce9b28f16f1a5cf0f7
--! Hash: sha1:a542f8529437aeb28d3d273e4b07563e2349210a
--! Message: The house: secure_user_table names writable columns, job states in SQL, describe_table

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The request is recorded; nothing erases the account yet (issue 12 builds the processing).
comment on function vitalis.request_account_deletion() is 'Records a request to erase your account and all its data once its 30-day grace period (gracePeriodEndsAt) has passed; asking again returns the pending request. The erasure itself is not processed yet.';

reset role;

--! split: 2-secure-user-table.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/* ---------------------------------------------------------------------------------------------
 * Securing a user-data table, in one call that names what clients may write (issue 10).
 *
 * secure_user_table(table, record column, insert columns, update columns) enables and forces
 * RLS, (re)creates the owner, admin and household policies, grants the roles, makes exactly the
 * named columns writable by vitalis_api (set_client_columns, folded in), defaults user_id to the
 * requesting user and attaches the audit triggers. Safe to run twice: policies and triggers are
 * dropped if they exist and made again, and the client grants start from nothing each time.
 * A table without a primary key is refused: the audit trail and every upsert key rows by it.
 * Existing tables are not re-run through it (they were secured by the committed migrations and
 * the catalog tests pin the result).
 * ------------------------------------------------------------------------------------------- */
create or replace function vitalis_private.secure_user_table(p_table regclass, p_record_column text, p_insert text[], p_update text[]) returns void
  language plpgsql volatile as $$
begin
  if not exists (select 1 from pg_constraint c where c.conrelid = p_table and c.contype = 'p') then
    raise exception 'table: % has no primary key; secure_user_table needs one (audit rows and upserts key rows by it)', p_table
      using errcode = '42P16';
  end if;
  if not exists (select 1 from pg_attribute a where a.attrelid = p_table and a.attname = p_record_column and a.attnum > 0 and not a.attisdropped) then
    raise exception 'record_column: % has no column %', p_table, p_record_column using errcode = '42703';
  end if;
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format('drop policy if exists user_isolation on %s', p_table);
  execute format($f$create policy user_isolation on %s for all to vitalis_api, vitalis_worker, vitalis_owner
    using (user_id = (select vitalis.current_user_id())) with check (user_id = (select vitalis.current_user_id()))$f$, p_table);
  execute format('drop policy if exists admin_all on %s', p_table);
  execute format('create policy admin_all on %s for all to vitalis_admin using (true) with check (true)', p_table);
  -- Clients read and delete their rows; they insert and update only the columns named here.
  execute format('grant select, delete on %s to vitalis_api', p_table);
  execute format('grant select, insert, update, delete on %s to vitalis_worker, vitalis_admin', p_table);
  perform vitalis_private.set_client_columns(p_table, coalesce(p_insert, '{}'), coalesce(p_update, '{}'));
  -- The owner comes from the request, never from the client (vitalis.users is the owner itself).
  if p_table <> 'vitalis.users'::regclass then
    execute format('alter table %s alter column user_id set default vitalis.current_user_id()', p_table);
  end if;
  execute format('drop trigger if exists _900_audit_insert on %s', p_table);
  execute format('drop trigger if exists _901_audit_update on %s', p_table);
  execute format('drop trigger if exists _902_audit_delete on %s', p_table);
  execute format('create trigger _900_audit_insert after insert on %s referencing new table as new_rows for each statement execute function vitalis_private.tg__audit_insert(%L)', p_table, p_record_column);
  execute format('create trigger _901_audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function vitalis_private.tg__audit_update(%L)', p_table, p_record_column);
  execute format('create trigger _902_audit_delete after delete on %s referencing old table as old_rows for each statement execute function vitalis_private.tg__audit_delete(%L)', p_table, p_record_column);
  perform vitalis_private.add_household_read_policy(p_table);
end $$;
comment on function vitalis_private.secure_user_table(regclass, text, text[], text[]) is
  'Secures a user-data table: forced RLS with the owner, admin and household policies, role grants, exactly p_insert/p_update writable by clients (vitalis_api), user_id defaulting to the requesting user, audit triggers keyed by p_record_column. Refuses a table without a primary key; safe to run again.';

-- The old two-argument form (committed migrations): the same, with no client-writable column until
-- a migration grants some, which is what every caller did next with set_client_columns.
create or replace function vitalis_private.secure_user_table(p_table regclass, p_record_column text) returns void
  language sql volatile as $$
  select vitalis_private.secure_user_table(p_table, p_record_column, '{}'::text[], '{}'::text[]);
$$;
comment on function vitalis_private.secure_user_table(regclass, text) is
  'secure_user_table with no client-writable column (kept for the committed migrations that call it); name the columns with the four-argument form.';
revoke all on function vitalis_private.secure_user_table(regclass, text, text[], text[]) from public;
revoke all on function vitalis_private.secure_user_table(regclass, text) from public;

/* ---------------------------------------------------------------------------------------------
 * A table's whole truth in one place: vitalis_private.describe_table('vitalis.blood_markers')
 * (or `psql -v tbl=vitalis.blood_markers -f sql/describe_table.sql`). One row per fact, in the
 * order a DBA reads them: the table, its columns, constraints, indexes, policies, grants
 * (table and column level), triggers and partitions.
 * ------------------------------------------------------------------------------------------- */
create or replace function vitalis_private.describe_table(p_table regclass)
  returns table (section text, name text, detail text)
  language sql stable security invoker set search_path = pg_catalog, pg_temp as $$
  with t as (
    select c.oid, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl from pg_class c where c.oid = p_table
  ), facts as (
    select 1 as ord, 'table'::text as section, p_table::text as name,
           concat_ws('; ',
             case t.relkind when 'p' then 'partitioned table, ' || pg_get_partkeydef(t.oid) when 'r' then 'table' when 'v' then 'view' else t.relkind::text end,
             case when t.relrowsecurity then 'RLS enabled' || case when t.relforcerowsecurity then ' and forced' else '' end else 'RLS off' end,
             'comment: ' || obj_description(t.oid, 'pg_class')) as detail, 0 as sub
      from t
    union all
    select 2, 'column', a.attname::text,
           concat_ws('; ', format_type(a.atttypid, a.atttypmod),
             case when a.attnotnull then 'not null' else 'null' end,
             case when a.attgenerated = 's' then 'generated as ' || pg_get_expr(d.adbin, d.adrelid)
                  when a.attidentity <> '' then 'identity'
                  when d.adbin is not null then 'default ' || pg_get_expr(d.adbin, d.adrelid) end,
             'comment: ' || col_description(a.attrelid, a.attnum)), a.attnum
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    union all
    select 3, 'constraint', c.conname::text, pg_get_constraintdef(c.oid), 0
      from pg_constraint c where c.conrelid = p_table
    union all
    select 4, 'index', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 0
      from pg_index i where i.indrelid = p_table
    union all
    select 5, 'policy', p.polname::text,
           concat_ws('; ',
             case when p.polpermissive then 'permissive' else 'restrictive' end || ' for ' ||
               case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' else 'all' end,
             'to ' || coalesce((select string_agg(case when r = 0 then 'public' else pg_get_userbyid(r) end, ', ' order by 1) from unnest(p.polroles) r), 'public'),
             'using (' || pg_get_expr(p.polqual, p.polrelid) || ')',
             'with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')'), 0
      from pg_policy p where p.polrelid = p_table
    union all
    select 6, 'grant', case when g.grantee = 0 then 'public' else pg_get_userbyid(g.grantee) end,
           string_agg(g.privilege_type, ', ' order by g.privilege_type), 0
      from t, aclexplode(t.relacl) g
     group by g.grantee
    union all
    select 7, 'column grant', case when g.grantee = 0 then 'public' else pg_get_userbyid(g.grantee) end,
           g.privilege_type || ' (' || string_agg(a.attname::text, ', ' order by a.attnum) || ')', 0
      from pg_attribute a, aclexplode(a.attacl) g
     where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.attacl is not null
     group by g.grantee, g.privilege_type
    union all
    select 8, 'trigger', tg.tgname::text, pg_get_triggerdef(tg.oid) || case when tg.tgenabled = 'D' then ' (disabled)' else '' end, 0
      from pg_trigger tg where tg.tgrelid = p_table and not tg.tgisinternal
    union all
    select 9, 'partition', i.inhrelid::regclass::text, pg_get_expr(c.relpartbound, c.oid), 0
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = p_table
  )
  select f.section, f.name, f.detail from facts f order by f.ord, f.sub, f.name, f.detail
$$;
comment on function vitalis_private.describe_table(regclass) is
  'One table as a DBA reads it, one row per fact: the table (kind, partition key, RLS, comment), columns (type, nullability, default, comment), constraints, indexes, policies, table and column grants, triggers and partitions. For vitalis_admin; sql/describe_table.sql runs it from psql.';
revoke all on function vitalis_private.describe_table(regclass) from public;
grant execute on function vitalis_private.describe_table(regclass) to vitalis_admin;

/* ---------------------------------------------------------------------------------------------
 * Ingestion job states, in SQL beside enqueue (000007), cancel (000007) and reschedule (000008).
 * The worker (src/jobs/lifecycle.ts) only calls these, acting as the job's user (RLS and the
 * audit trail see that user):
 *   queued | retrying | running --start--> running (a crashed run is started again)
 *   running --progress--> running      running --succeed--> succeeded
 *   running --fail--> failed           running --retry--> retrying (graphile-worker's backoff,
 *                                                         or a given time, then rescheduled)
 * Any other move (succeed a canceled job, fail a finished one) is refused with SQLSTATE 55000
 * (object_not_in_prerequisite_state); an unknown job with VT404 (migrations/CONVENTIONS.md).
 * ------------------------------------------------------------------------------------------- */

-- The row, locked, or VT404. RLS (forced) limits it to the acting user's jobs.
create or replace function vitalis_private.lock_ingestion_job(p_job_id uuid) returns vitalis.ingestion_jobs
  language plpgsql volatile as $$
declare
  v_job vitalis.ingestion_jobs;
begin
  select * into v_job from vitalis.ingestion_jobs j where j.job_id = p_job_id for update;
  if not found then
    raise exception 'jobId: no such job' using errcode = 'VT404', column = 'job_id';
  end if;
  return v_job;
end $$;
comment on function vitalis_private.lock_ingestion_job(uuid) is 'An ingestion job row locked for a state change, or VT404 when the acting user has no such job.';

create or replace function vitalis_private.assert_ingestion_job_move(p_job vitalis.ingestion_jobs, p_move text, p_from vitalis.job_status[]) returns void
  language plpgsql immutable as $$
begin
  if not (p_job.status = any (p_from)) then
    raise exception 'status: a % job cannot %', p_job.status, p_move using errcode = '55000', column = 'status';
  end if;
end $$;
comment on function vitalis_private.assert_ingestion_job_move(vitalis.ingestion_jobs, text, vitalis.job_status[]) is 'Refuses (55000) a state change the job''s status does not allow: the one place the allowed moves are spelled out.';

-- Starting: one more attempt, counted on the row. No row when the job is already over (a
-- duplicate run after a crash), so the caller does nothing.
create or replace function vitalis_private.start_ingestion_job(p_job_id uuid) returns setof vitalis.ingestion_jobs
  language plpgsql volatile as $$
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
           error_message = null, result = jsonb_build_object('progress', '{}'::jsonb)
     where j.job_id = p_job_id
    returning j.*;
end $$;
comment on function vitalis_private.start_ingestion_job(uuid) is 'Marks a queued, retrying or (crashed) running job running and counts the attempt; returns it, or no row when the job is already over.';

-- Progress is best effort: false (nothing written) once the job is no longer running.
create or replace function vitalis_private.progress_ingestion_job(p_job_id uuid, p_progress jsonb) returns boolean
  language plpgsql volatile as $$
begin
  if p_progress is null or jsonb_typeof(p_progress) <> 'object' then
    raise exception 'progress: must be a JSON object' using errcode = '22023', column = 'result';
  end if;
  update vitalis.ingestion_jobs j set result = jsonb_build_object('progress', p_progress)
   where j.job_id = p_job_id and j.status = 'running';
  return found;
end $$;
comment on function vitalis_private.progress_ingestion_job(uuid, jsonb) is 'Records a running job''s progress (result.progress) where its user can read it; false when the job is not running.';

create or replace function vitalis_private.succeed_ingestion_job(p_job_id uuid, p_result jsonb) returns void
  language plpgsql volatile as $$
begin
  perform vitalis_private.assert_ingestion_job_move(vitalis_private.lock_ingestion_job(p_job_id), 'succeed', '{running}');
  update vitalis.ingestion_jobs j set status = 'succeeded', result = p_result, completed_at = now(), error_message = null
   where j.job_id = p_job_id;
end $$;
comment on function vitalis_private.succeed_ingestion_job(uuid, jsonb) is 'A running job succeeded with this result (the import or sync summary).';

create or replace function vitalis_private.fail_ingestion_job(p_job_id uuid, p_error text) returns void
  language plpgsql volatile as $$
begin
  perform vitalis_private.assert_ingestion_job_move(vitalis_private.lock_ingestion_job(p_job_id), 'fail', '{running}');
  update vitalis.ingestion_jobs j set status = 'failed', error_message = p_error, completed_at = now(), next_retry_at = null, result = null
   where j.job_id = p_job_id;
end $$;
comment on function vitalis_private.fail_ingestion_job(uuid, text) is 'A running job failed for good (a permanent error, or its last attempt), with the message its user reads.';

-- p_run_at null: graphile-worker's own backoff after its p_worker_attempts-th attempt,
-- exp(min(attempts, 10)) seconds (failJobs), as graphile-worker retries the same job itself.
-- p_run_at given (a provider's Retry-After): the graphile-worker job is replaced by one that runs then.
create or replace function vitalis_private.retry_ingestion_job(p_job_id uuid, p_error text, p_worker_attempts integer, p_run_at timestamptz default null) returns void
  language plpgsql volatile as $$
begin
  perform vitalis_private.assert_ingestion_job_move(vitalis_private.lock_ingestion_job(p_job_id), 'retry', '{running}');
  update vitalis.ingestion_jobs j
     set status = 'retrying', error_message = p_error, result = null,
         next_retry_at = coalesce(p_run_at, now() + exp(least(p_worker_attempts, 10)) * interval '1 second')
   where j.job_id = p_job_id;
  if p_run_at is not null then
    perform vitalis_private.reschedule_ingestion_job(p_job_id, p_run_at);
  end if;
end $$;
comment on function vitalis_private.retry_ingestion_job(uuid, text, integer, timestamptz) is 'A running job''s attempt failed and will be tried again: at graphile-worker''s backoff, or at p_run_at (rescheduled).';

do $$
declare
  f text;
begin
  foreach f in array array[
    'vitalis_private.lock_ingestion_job(uuid)',
    'vitalis_private.assert_ingestion_job_move(vitalis.ingestion_jobs, text, vitalis.job_status[])',
    'vitalis_private.start_ingestion_job(uuid)',
    'vitalis_private.progress_ingestion_job(uuid, jsonb)',
    'vitalis_private.succeed_ingestion_job(uuid, jsonb)',
    'vitalis_private.fail_ingestion_job(uuid, text)',
    'vitalis_private.retry_ingestion_job(uuid, text, integer, timestamptz)']
  loop
    execute format('revoke all on function %s from public', f);
    execute format('grant execute on function %s to vitalis_worker', f);
  end loop;
end $$;

reset role;
