--! Previous: sha1:6bbba12243ae9634115d4122c9a3afeccce23a72
--! Hash: sha1:1d8aeb322241f4445bd5818569434d6662db3fbb
--! Message: Scale, speed and staying up: audit rows without INSERT images, keys that contain user_id, batch refusals that name the field, crashed-attempt recovery, measurement bounds in PL/pgSQL, upsert counts under concurrency

--! split: 1-current.sql
set local lock_timeout = '5s';
set local role vitalis_owner;



reset role;

--! split: 2-write-costs.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Issue 15: auditing must cost at most half again the write it audits. Measured on 26,372
-- wearable_daily rows: the insert 1.0 s, its audit 2.0-2.3 s, of which building a jsonb image of
-- every new row was 1.4 s and four subtransactions per row (try_uuid/try_inet's exception blocks,
-- called per row for values that are the same for the whole statement) most of the rest. (The
-- measurements CHECK, 1.4 ms a row, is made cheap in 7-apple.sql.)

-- A uuid parser without an exception block: a plpgsql EXCEPTION clause opens a subtransaction on
-- every call, and this runs for every row the audit writes and in every policy's current_user_id().
-- Accepts the canonical 8-4-4-4-12 form (either case, hyphens optional, optionally in braces);
-- anything else is null, as an unparseable value was before.
create or replace function vitalis_private.try_uuid(value text) returns uuid
  language sql immutable parallel safe
as $$
  select case when value ~ '^(\{[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}\}|[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12})$'
              then value::uuid end
$$;
comment on function vitalis_private.try_uuid(text) is 'The text as a uuid (8-4-4-4-12 hex digits, hyphens optional, optionally in braces), or null for anything else. No exception block, so no subtransaction per call.';

-- Time-ordered audit ids (UUID version 7: 48 bits of Unix milliseconds, then random bits): new
-- audit rows land at the right edge of the primary key index instead of on a random leaf, which
-- is what keeps inserts cheap once the index no longer fits in memory.
create or replace function vitalis_private.uuid_v7() returns uuid
  language sql volatile parallel safe
as $$
  select encode(set_byte(v, 6, (get_byte(v, 6) & 15) | 112), 'hex')::uuid
    from (select overlay(uuid_send(gen_random_uuid())
                         placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                         from 1 for 6) as v) x
$$;
comment on function vitalis_private.uuid_v7() is 'A version 7 UUID: Unix milliseconds in the first 48 bits, random bits after, so ids sort by creation time.';
revoke all on function vitalis_private.uuid_v7() from public;

alter table vitalis.audit_log alter column audit_id set default vitalis_private.uuid_v7();

-- INSERT: one audit row per inserted row, without a row image. The inserted row is its own image:
-- the first UPDATE records it as old_values and a DELETE as old_values, so every state a row has
-- had is still recoverable, at a third of the cost and half the size (docs/schema-notes.md).
-- Statement-wide values (who, from where, which request) are read once, not per row.
create or replace function vitalis_private.tg__audit_insert() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_user text := case when exists (select from pg_attribute a
                                    where a.attrelid = tg_relid and a.attname = 'user_id' and a.attnum > 0 and not a.attisdropped)
                      then 'n.user_id' else 'null::uuid' end;
begin
  execute format(
    'insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, ip_address, user_agent, request_id)
     select %s, $1, $2, n.%I::uuid, ''INSERT'', $3, $4, $5 from new_rows n', v_user, tg_argv[0])
  using vitalis.current_user_id(), tg_table_name,
        vitalis_private.try_inet(current_setting('app.ip_address', true)),
        nullif(current_setting('app.user_agent', true), ''), vitalis_private.current_request_id();
  return null;
end $$;

create or replace function vitalis_private.tg__audit_update() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_by uuid := vitalis.current_user_id();
  v_ip inet := vitalis_private.try_inet(current_setting('app.ip_address', true));
  v_agent text := nullif(current_setting('app.user_agent', true), '');
  v_request uuid := vitalis_private.current_request_id();
  v_redacted text[] := vitalis_private.audit_redacted_columns();
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, new_values, ip_address, user_agent, request_id)
  with o as materialized (
    select (j ->> tg_argv[0])::uuid as k, j from (select to_jsonb(x) as j from old_rows x) s
  ), n as materialized (
    select (j ->> tg_argv[0])::uuid as k, j from (select to_jsonb(x) as j from new_rows x) s
  )
  select (n.j ->> 'user_id')::uuid, v_by, tg_table_name, n.k, 'UPDATE',
         o.j - v_redacted, n.j - v_redacted, v_ip, v_agent, v_request
    from o join n on n.k = o.k
   -- A write that changed nothing but updated_at is not a change.
   where (o.j - v_redacted) is distinct from (n.j - v_redacted)
      or (o.j -> 'raw_data') is distinct from (n.j -> 'raw_data');
  return null;
end $$;

create or replace function vitalis_private.tg__audit_delete() returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
declare
  v_by uuid := vitalis.current_user_id();
  v_ip inet := vitalis_private.try_inet(current_setting('app.ip_address', true));
  v_agent text := nullif(current_setting('app.user_agent', true), '');
  v_request uuid := vitalis_private.current_request_id();
  v_redacted text[] := vitalis_private.audit_redacted_columns();
begin
  insert into vitalis.audit_log (user_id, action_by, table_name, record_id, action, old_values, ip_address, user_agent, request_id)
  select (j ->> 'user_id')::uuid, v_by, tg_table_name, (j ->> tg_argv[0])::uuid, 'DELETE', j - v_redacted,
         v_ip, v_agent, v_request
    from (select to_jsonb(o) as j from old_rows o) r;
  return null;
end $$;

comment on function vitalis_private.tg__audit_insert() is 'Statement-level audit of INSERTs: one audit row per inserted row (who, where, which request, the row''s key), without a row image; the argument names the key column.';
comment on function vitalis_private.tg__audit_update() is 'Statement-level audit of UPDATEs: the old and new images of every row that really changed (not only updated_at), bulky payload columns left out; the argument names the key column.';
comment on function vitalis_private.tg__audit_delete() is 'Statement-level audit of DELETEs: the image of every deleted row, bulky payload columns left out; the argument names the key column.';

comment on column vitalis.audit_log.new_values is 'The row after an UPDATE, without raw provider payloads, updated_at and secrets. Null for INSERT: the inserted row is its own image until its first UPDATE records it as old_values (or a DELETE does). For security events (LOGIN, LOGOUT, EXPORT), the event''s details.';

reset role;

--! split: 3-fuzz.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Batch upserts: a value of the wrong type, a value a CHECK refuses, or a required field left
-- out is refused naming the row and the field. Found by fuzzing: {"steps": "abc"} failed with
-- PostgreSQL's bare 'invalid input syntax for type smallint: "abc"', {"steps": -1} with
-- 'new row for relation "wearable_daily_y2024" violates check constraint
-- "wearable_daily_steps_range"', a row without activity_date with 'no partition of relation
-- "wearable_activities" found for row': none names a field. The batch is converted once here
-- with every CHECK of the table and every required column evaluated in the same pass (one scan
-- of the batch when it is right); only when the conversion fails is it converted value by value
-- to find the first bad one.
create or replace function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql stable
  as $$
declare
  v_columns text[];
  v_unknown text;
  v_row record;
  v_key text;
  v_type text;
  v_whens text;
  v_bad bigint;
  v_message text;
begin
  if p_rows is null or jsonb_typeof(p_rows) <> 'array' then
    raise exception 'rows: must be a JSON array of objects' using errcode = '22023', column = 'rows';
  end if;
  if exists (select 1 from jsonb_array_elements(p_rows) e where jsonb_typeof(e) <> 'object') then
    raise exception 'rows: every row must be a JSON object' using errcode = '22023', column = 'rows';
  end if;
  select array_agg(a.attname::text) into v_columns
    from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped;
  select string_agg(format('rows[%s].%s', e.i - 1, k.key), ', ' order by e.i, k.key) into v_unknown
    from (select * from jsonb_array_elements(p_rows) with ordinality x(r, i)) e
    cross join lateral jsonb_object_keys(e.r) k(key)
   where k.key <> all (v_columns);
  if v_unknown is not null then
    raise exception '% %', v_unknown,
      case when v_unknown like '%,%' then 'are not known fields' else 'is not a known field' end using errcode = '22023', column = 'rows';
  end if;
  -- One CASE over the converted row: each CHECK (named by its first column) and each required
  -- column without a default (user_id has one: the caller).
  select string_agg(w, ' ' order by n) into v_whens from (
    select 1 as n, format('when not coalesce(%s, true) then %L', pg_get_expr(c.conbin, c.conrelid), format('%s: must satisfy %s', coalesce(a.attname::text, c.conname::text), pg_get_expr(c.conbin, c.conrelid))) as w
      from pg_constraint c left join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.conrelid = format('vitalis.%I', p_table)::regclass and c.contype = 'c'
    union all
    select 0, format('when r.%I is null then %L', a.attname, format('%s: is required', a.attname))
      from pg_attribute a
     where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attnum > 0 and not a.attisdropped and a.attnotnull and not a.atthasdef
  ) x;
  begin
    execute format(
      'select i - 1, msg from (select e.i, case %s else null end as msg from jsonb_array_elements($1) with ordinality e(j, i) cross join lateral jsonb_populate_record(null::vitalis.%I, e.j) r) x where msg is not null order by i limit 1',
      coalesce(v_whens, 'when false then null'), p_table)
      into v_bad, v_message using p_rows;
  exception when data_exception then
    for v_row in select e.r, e.i from jsonb_array_elements(p_rows) with ordinality e(r, i) loop
      for v_key in select jsonb_object_keys(v_row.r) loop
        begin
          execute format('select (jsonb_populate_record(null::vitalis.%I, $1)).%I', p_table, v_key) using jsonb_build_object(v_key, v_row.r -> v_key);
        exception when data_exception then
          select format_type(a.atttypid, a.atttypmod) into v_type
            from pg_attribute a where a.attrelid = format('vitalis.%I', p_table)::regclass and a.attname = v_key;
          raise exception 'rows[%].%: must be a value of type % (got %)', v_row.i - 1, v_key, v_type, left((v_row.r -> v_key)::text, 100)
            using errcode = '22023', column = v_key;
        end;
      end loop;
    end loop;
    raise;
  end;
  if v_message is not null then
    raise exception 'rows[%].%', v_bad, v_message using errcode = '22023', column = split_part(v_message, ':', 1);
  end if;
end $$;

comment on function vitalis_private.check_batch(jsonb, text) is 'Batch upsert input: a JSON array of objects whose keys are all columns of the table, whose values convert to the columns'' types and meet the table''s CHECKs, with every required column given; the first row that does not is named with its index (from 0) and the field.';
revoke all on function vitalis_private.check_batch(jsonb, text) from public;
grant execute on function vitalis_private.check_batch(jsonb, text) to vitalis_api, vitalis_worker, vitalis_admin;

reset role;

--! split: 5-faults.sql
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

--! split: 6-distribute.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- Distributable by user_id (issue 15, item 8; docs/distribution.md).
--
-- A distributed PostgreSQL (Citus) can enforce a primary key, unique key or foreign key of a table
-- spread over several nodes only when it contains the distribution column: then every row it
-- compares lives on one node. Every table distributed by user_id in sql/citus.sql therefore gets
-- keys that contain user_id:
-- - primary keys become (id, user_id): the id stays first, so a lookup by id alone (node fetches,
--   the worker, household reads) still uses the key's index; the redundant unique (id, user_id)
--   that the child tables' composite foreign keys referenced is dropped, and those foreign keys
--   now reference the primary key (same columns, same actions);
-- - the per-parent natural keys (a panel's markers, a scan's regions, a test's organ ages, a goal's
--   open alert) gain user_id after the parent id. Given the composite foreign key to the parent
--   they allow exactly the same rows as before;
-- - documents.parse_job_id references the job together with the document's user_id.
--
-- On one machine the guarantees stay: an id is unique for its user (ids are still drawn by
-- gen_random_uuid() and no client may choose one: test/db/writableColumns.test.ts), and every foreign
-- key still ties a child to a parent of the same user. The GraphQL API does not see user_id in a
-- primary key (plugins/DistributionKeyPlugin.ts), so node ids, `xByY` fields and mutations keep
-- their shape. test/db/distributable.test.ts checks the rules against the catalog and sql/citus.sql.

-- Every job acts for a user: enqueue_ingestion_job is the only way to queue one and it always names
-- the user, and the user_id cascade deletes a user's jobs with the user. NOT NULL lets user_id join
-- the primary key and be the distribution column (Citus refuses NULL there).
alter table vitalis.ingestion_jobs alter column user_id set not null;
-- @apiNullable: the API keeps the type it had (plugins/DistributionKeyPlugin.ts).
comment on column vitalis.ingestion_jobs.user_id is E'@apiNullable\nThe user the job acts for.';

-- The parse job reference is re-created with user_id below, once job_id alone is no longer a key.
alter table vitalis.documents drop constraint if exists documents_parse_job_id_fkey;

-- Primary keys (id, user_id). The foreign keys that reference a re-keyed table are dropped and
-- re-created from their own definition (pg_get_constraintdef), so names and actions stay as they
-- were. Re-running finds every key in its new shape and does nothing.
do $$
declare
  r record;
  v_rel regclass;
  v_current text[];
  v_restore text[];
  v_fk record;
  v_unique record;
  v_stmt text;
begin
  for r in
    select v.tbl, v.cols from (values
      ('vitalis.ingestion_jobs', array['job_id', 'user_id']),
      ('vitalis.documents', array['document_id', 'user_id']),
      ('vitalis.blood_panels', array['panel_id', 'user_id']),
      ('vitalis.blood_markers', array['marker_id', 'user_id']),
      ('vitalis.dexa_scans', array['scan_id', 'user_id']),
      ('vitalis.dexa_regions', array['region_id', 'user_id']),
      ('vitalis.dexa_bone_density', array['density_id', 'user_id']),
      ('vitalis.epigenetic_tests', array['test_id', 'user_id']),
      ('vitalis.epigenetic_organ_ages', array['organ_age_id', 'user_id']),
      ('vitalis.doctor_visits', array['visit_id', 'user_id']),
      ('vitalis.doctor_visit_panels', array['visit_id', 'panel_id', 'user_id']),
      ('vitalis.custom_metrics', array['metric_id', 'user_id']),
      ('vitalis.custom_metric_entries', array['entry_id', 'user_id']),
      ('vitalis.supplements', array['supplement_id', 'user_id']),
      ('vitalis.supplement_logs', array['log_id', 'user_id']),
      ('vitalis.lifting_sessions', array['session_id', 'user_id']),
      ('vitalis.lifting_sets', array['set_id', 'user_id']),
      ('vitalis.goals', array['goal_id', 'user_id']),
      ('vitalis.goal_alerts', array['alert_id', 'user_id']),
      ('vitalis.insights', array['insight_id', 'user_id']),
      ('vitalis.measurements', array['measurement_id', 'user_id']),
      ('vitalis.menstrual_cycles', array['cycle_id', 'user_id']),
      ('vitalis.mood_journal', array['journal_id', 'user_id']),
      ('vitalis.nutrition_logs', array['nutrition_id', 'user_id']),
      ('vitalis.photos', array['photo_id', 'user_id']),
      ('vitalis.data_export_requests', array['export_id', 'user_id']),
      ('vitalis.user_timezones', array['timezone_id', 'user_id']),
      ('vitalis.wearable_daily', array['daily_id', 'date', 'user_id']),
      ('vitalis.wearable_sleep', array['sleep_id', 'sleep_date', 'user_id']),
      ('vitalis.wearable_activities', array['activity_id', 'activity_date', 'user_id'])
    ) v(tbl, cols)
  loop
    v_rel := r.tbl::regclass;
    select array_agg(a.attname::text order by k.ord) into v_current
      from pg_constraint c cross join unnest(c.conkey) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
     where c.conrelid = v_rel and c.contype = 'p';
    continue when v_current = r.cols;
    -- Foreign keys referencing the table (the declared ones: partitions' clones follow their parent).
    v_restore := '{}';
    for v_fk in
      select c.conname, c.conrelid::regclass as tbl, pg_get_constraintdef(c.oid) as def,
             obj_description(c.oid, 'pg_constraint') as note
        from pg_constraint c where c.confrelid = v_rel and c.contype = 'f' and c.conparentid = 0
    loop
      v_restore := v_restore || format('alter table %s add constraint %I %s', v_fk.tbl, v_fk.conname, v_fk.def);
      if v_fk.note is not null then
        v_restore := v_restore || format('comment on constraint %I on %s is %L', v_fk.conname, v_fk.tbl, v_fk.note);
      end if;
      execute format('alter table %s drop constraint %I', v_fk.tbl, v_fk.conname);
    end loop;
    execute format('alter table %s drop constraint if exists %I', v_rel, (select relname from pg_class where oid = v_rel) || '_pkey');
    -- The unique key with the same columns, which the composite foreign keys referenced until now.
    for v_unique in
      select c.conname from pg_constraint c
       where c.conrelid = v_rel and c.contype = 'u'
         and (select array_agg(a.attname::text order by a.attname) from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any (c.conkey))
             = (select array_agg(x order by x) from unnest(r.cols) x)
    loop
      execute format('alter table %s drop constraint %I', v_rel, v_unique.conname);
    end loop;
    execute format('alter table %s add constraint %I primary key (%s)', v_rel,
                   (select relname from pg_class where oid = v_rel) || '_pkey',
                   (select string_agg(quote_ident(x), ', ') from unnest(r.cols) x));
    foreach v_stmt in array v_restore loop
      execute v_stmt;
    end loop;
  end loop;
end
$$;

-- doctor_visit_panels' primary key (visit_id, panel_id, user_id) now covers both of its foreign
-- keys, so PostGraphile would start offering the visit -> panels and panel -> visits connections
-- (it offers a backward relation once an index contains its columns). The API stays as it was.
comment on constraint doctor_visit_panels_visit_id_user_id_fkey on vitalis.doctor_visit_panels is
  '@backwardBehavior -select -list -connection -single -manyToMany';
comment on constraint doctor_visit_panels_panel_id_user_id_fkey on vitalis.doctor_visit_panels is
  '@backwardBehavior -select -list -connection -single -manyToMany';

-- The private key table of wearable activities: one row per activity, of that activity's user.
alter table vitalis_private.activity_source_keys drop constraint if exists activity_source_keys_activity_id_key;
alter table vitalis_private.activity_source_keys add constraint activity_source_keys_activity_id_key unique (activity_id, user_id);

-- Per-parent natural keys, with user_id after the parent id (the names stay: error messages and
-- `on conflict on constraint` name them).
drop index if exists vitalis.blood_markers_panel_id_biomarker_id_key;
create unique index blood_markers_panel_id_biomarker_id_key on vitalis.blood_markers (panel_id, user_id, biomarker_id)
  where biomarker_id is not null;
drop index if exists vitalis.blood_markers_panel_id_raw_name_key;
create unique index blood_markers_panel_id_raw_name_key on vitalis.blood_markers (panel_id, user_id, lower(raw_name))
  where biomarker_id is null;

alter table vitalis.dexa_regions drop constraint if exists dexa_regions_scan_id_region_key;
alter table vitalis.dexa_regions add constraint dexa_regions_scan_id_region_key unique (scan_id, user_id, region);
alter table vitalis.dexa_bone_density drop constraint if exists dexa_bone_density_scan_id_region_key;
alter table vitalis.dexa_bone_density add constraint dexa_bone_density_scan_id_region_key unique (scan_id, user_id, region);
alter table vitalis.epigenetic_organ_ages drop constraint if exists epigenetic_organ_ages_test_id_organ_system_key;
alter table vitalis.epigenetic_organ_ages add constraint epigenetic_organ_ages_test_id_organ_system_key unique (test_id, user_id, organ_system);

-- The API still offers lookup, update and delete by (scan_id, region) and (test_id, organ_system):
-- @apiWithoutUserId (plugins/DistributionKeyPlugin.ts).
comment on constraint dexa_regions_scan_id_region_key on vitalis.dexa_regions is '@apiWithoutUserId';
comment on constraint dexa_bone_density_scan_id_region_key on vitalis.dexa_bone_density is '@apiWithoutUserId';
comment on constraint epigenetic_organ_ages_test_id_organ_system_key on vitalis.epigenetic_organ_ages is '@apiWithoutUserId';

drop index if exists vitalis.goal_alerts_goal_id_side_open_key;
create unique index goal_alerts_goal_id_side_open_key on vitalis.goal_alerts (goal_id, user_id, side)
  where cleared_at is null and side is not null;

-- A document's parse job is one of the same user's jobs (a job and its document are always the
-- same user's: the upload queues the job for the document's owner). Dropped above, before the
-- jobs' primary key changed.
alter table vitalis.documents add constraint documents_parse_job_id_fkey foreign key (parse_job_id, user_id)
  references vitalis.ingestion_jobs (job_id, user_id) on delete set null (parse_job_id);
-- The index behind the reference (deleting a job finds its documents), and the API's relation names
-- as they were: parseJob, documentsByParseJobId.
drop index if exists vitalis.documents_parse_job_id_idx;
create index documents_parse_job_id_idx on vitalis.documents (parse_job_id, user_id);
comment on constraint documents_parse_job_id_fkey on vitalis.documents is E'@fieldName parseJob\n@foreignFieldName documentsByParseJobId';

-- evaluate_goal as in 000022, with the conflict target of goal_alerts_goal_id_side_open_key's new columns.
create or replace function vitalis_private.evaluate_goal(g vitalis.goals) returns integer
  language plpgsql volatile
  set search_path = pg_catalog
as $$
declare
  m record;
  l record;
  v_side text;
  v_threshold numeric;
  v_crossed boolean;
  v_open uuid;
  a vitalis.goal_alerts;
  v_fired integer := 0;
begin
  select * into m from vitalis_private.goal_metric(g);
  if m.unit is null then
    return 0;
  end if;
  -- Only a recent value can fire (goal_alert_max_age), and only one can clear what a recent value
  -- fired: older history need not be read.
  select * into l from vitalis_private.goal_latest(g, pg_catalog.now() - vitalis_private.goal_alert_max_age(g.metric_type));
  if l.value is null then
    return 0;
  end if;
  foreach v_side in array array['low', 'high'] loop
    v_threshold := vitalis_private.goal_to_canonical(g, case v_side when 'low' then g.alert_threshold_low else g.alert_threshold_high end, m.unit);
    v_crossed := case v_side when 'low' then l.value < v_threshold else l.value > v_threshold end;
    select x.alert_id into v_open from vitalis.goal_alerts x
     where x.goal_id = g.goal_id and x.user_id = g.user_id and x.side = v_side and x.cleared_at is null;
    if v_crossed then
      -- Fire only for a crossing not alerted yet, seen in a value newer than any this side fired
      -- on: a late (older) value, or the same observation again, never fires.
      continue when v_open is not null;
      continue when l.observed_at < pg_catalog.now() - vitalis_private.goal_alert_max_age(g.metric_type);
      continue when exists (select 1 from vitalis.goal_alerts x where x.goal_id = g.goal_id and x.user_id = g.user_id and x.side = v_side and x.observed_at >= l.observed_at);
      insert into vitalis.goal_alerts as n (goal_id, user_id, triggered_at, trigger_value, message, side, observed_at)
      values (g.goal_id, g.user_id, pg_catalog.now(),
              pg_catalog.round(coalesce(vitalis_private.goal_from_canonical(g, l.value, m.unit), l.value), 4),
              vitalis_private.goal_alert_message(m.label, v_side,
                vitalis_private.goal_value_text(g, l.value, m.unit, m.display_kind),
                vitalis_private.goal_value_text(g, v_threshold, m.unit, m.display_kind)),
              v_side, l.observed_at)
      on conflict (goal_id, user_id, side) where cleared_at is null and side is not null do nothing
      returning n.* into a;
      if a.alert_id is not null then
        perform vitalis_private.notify_goal_alert(a, m.label);
        v_fired := v_fired + 1;
      end if;
    elsif v_open is not null then
      -- Back within the threshold (or no threshold on this side any more): the crossing is over.
      update vitalis.goal_alerts x set cleared_at = pg_catalog.now() where x.alert_id = v_open and x.user_id = g.user_id;
    end if;
  end loop;
  return v_fired;
end $$;
revoke all on function vitalis_private.evaluate_goal(vitalis.goals) from public;
comment on function vitalis_private.evaluate_goal(vitalis.goals) is 'Compares a goal''s latest value with its alert thresholds: fires one goal_alerts row per crossing (none while an alert on that side is open, none for a value not newer than the last alert on that side or older than goal_alert_max_age) and clears the open alert once the value is back within the threshold. Returns the alerts fired. Runs as the goal''s owner (evaluate_goals).';

reset role;

--! split: 7-apple.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

/* The measurements_value_range CHECK runs vitalis_private.measurement_in_range for every row
 * written. As SQL functions with a FROM clause, it, measurement_bounds, measurement_canonical and
 * normalize_unit cannot be inlined, and PostgreSQL before 18 plans a non-inlined SQL function's
 * statement again on every call: about 4.7 ms a row on PostgreSQL 15 (0.5 ms on 18), which was
 * most of an Apple Health import's database time. In PL/pgSQL each statement is planned once per
 * session. Same signatures, same results (test/db/measurementBounds.test.ts compares them with
 * the SQL versions over every metric and unit spelling); comments and grants are kept by
 * create or replace. */

create or replace function vitalis.normalize_unit(p_unit text) returns text
  language plpgsql immutable parallel safe strict as $$
declare
  k text := regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
             -- UCUM brackets ([IU], [degF]) carry no meaning for matching
             translate(lower(regexp_replace(btrim(p_unit), '\s+', '', 'g')), 'µμ×[]', 'uux'),
             'mcg', 'ug', 'g'),
             '/mm3$', '/ul'),
             -- x10E3/uL, x10^3/uL, 10*3/uL, x10(3)/uL, 10e3/uL -> 10^3/ul (also 6, 9, 12)
             '^x?10(\^|e|\*|\()?(\d+)\)?/', '10^\2/'),
             '^(k|thou|thousand)/', '10^3/'),
             '^(m|mil|million|mill)/ul$', '10^6/ul'),
             '^x1000/', '10^3/');
begin
  return case
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
    end;
end $$;

create or replace function vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, out kind text, out unit text, out min_value numeric, out max_value numeric)
  language plpgsql immutable parallel safe as $$
begin
  select b.kind, b.unit, b.lo, b.hi into kind, unit, min_value, max_value from (values
    ('weight', 'mass_lb', 'lbs', 20, 1000), ('height', 'length_cm', 'cm', 30, 300),
    ('body_fat_pct', 'any', '%', 0, 100), ('lean_mass', 'mass_kg', 'kg', 0, 500), ('muscle_mass', 'mass_kg', 'kg', 0, 500),
    ('bone_mass', 'mass_kg', 'kg', 0, 100), ('body_water_pct', 'any', '%', 0, 100), ('visceral_fat_rating', 'any', '', 0, 100),
    ('bmi', 'any', 'kg/m2', 5, 150), ('waist_circumference', 'length_cm', 'cm', 10, 500),
    ('hip_circumference', 'length_cm', 'cm', 10, 500), ('neck_circumference', 'length_cm', 'cm', 10, 500),
    ('chest_circumference', 'length_cm', 'cm', 10, 500), ('blood_pressure_systolic', 'pressure_mmhg', 'mmHg', 40, 300),
    ('blood_pressure_diastolic', 'pressure_mmhg', 'mmHg', 20, 250), ('resting_heart_rate', 'any', 'bpm', 20, 300),
    ('heart_rate', 'any', 'bpm', 20, 300), ('body_temperature', 'temperature_c', '°C', 25, 45), ('spo2', 'any', '%', 50, 100),
    ('respiratory_rate', 'any', '/min', 4, 60), ('blood_glucose', 'glucose_mgdl', 'mg/dL', 10, 1000),
    ('blood_ketones', 'any', 'mmol/L', 0, 30), ('vo2_max', 'any', 'ml/kg/min', 10, 100), ('grip_strength', 'mass_kg', 'kg', 0, 200),
    ('pulse_wave_velocity', 'any', 'm/s', 0, 100)
  ) b(metric, kind, unit, lo, hi) where b.metric = p_metric::text;
end $$;

create or replace function vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns numeric language plpgsql immutable parallel safe as $$
declare
  b record;
  k text := vitalis.normalize_unit(p_unit);
begin
  b := vitalis_private.measurement_bounds(p_metric);
  return case b.kind
      when 'any' then p_value
      when 'mass_lb' then vitalis_private.mass_in_lbs(p_value, p_unit)
      when 'mass_kg' then vitalis_private.mass_in_lbs(p_value, p_unit) * 0.45359237
      when 'length_cm' then case k when 'cm' then p_value when 'm' then p_value * 100 when 'mm' then p_value / 10
                                    when 'in' then p_value * 2.54 when 'ft' then p_value * 30.48 end
      when 'temperature_c' then case k when 'degc' then p_value when 'degf' then (p_value - 32) * 5 / 9 when 'k' then p_value - 273.15 end
      when 'pressure_mmhg' then case k when 'mmhg' then p_value when 'kpa' then p_value * 7.50061683 end
      when 'glucose_mgdl' then case k when 'mg/dl' then p_value when 'mmol/l' then p_value * 18.0182 end
    end;
end $$;

create or replace function vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns boolean language plpgsql immutable parallel safe as $$
declare
  b record := vitalis_private.measurement_bounds(p_metric);
begin
  return coalesce(vitalis_private.measurement_canonical(p_metric, p_value, p_unit) between b.min_value and b.max_value, false);
end $$;

comment on function vitalis.normalize_unit(text) is 'Normalised comparison key for a unit spelling: case, spaces, micro signs and count notations folded (x10E3/uL = 10^3/uL = K/uL).';
comment on function vitalis_private.measurement_bounds(vitalis.measurement_metric) is 'Plausible range of each measurement metric, in its canonical unit; twin of bounds.ts measurementBounds.';
comment on function vitalis_private.measurement_canonical(vitalis.measurement_metric, numeric, text) is 'A measurement in its metric''s canonical unit (lbs, kg, cm, °C, mmHg, mg/dL, or as given); null for a unit of the wrong kind.';
comment on function vitalis_private.measurement_in_range(vitalis.measurement_metric, numeric, text) is 'CHECK measurements_value_range: the value, in a unit of the metric''s kind, within the metric''s range.';

reset role;

--! split: 8-upsert-counts.sql
set local lock_timeout = '5s';
set local role vitalis_owner;

-- The batch upserts' counts under concurrency (found by the load test, docs/load-testing.md): the
-- "existing" rows were counted in the statement's snapshot, which does not see a concurrent call's
-- rows that ON CONFLICT then waits for and finds, so that call answered inserted N, updated -N.
-- RETURNING cannot read xmax on a partitioned table; a row this statement inserted is told by its
-- created_at, which is set to the statement's own clock_timestamp().

create or replace function vitalis.upsert_wearable_daily(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
      declare
        -- Rows this statement inserts carry this exact instant as created_at; rows it updates keep
        -- theirs. The insert/update split comes from that, not from a snapshot count, which a
        -- concurrent call inserting the same rows (seen by ON CONFLICT, not by the snapshot) fooled.
        v_stamp timestamptz := clock_timestamp();
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, 'wearable_daily');
        select count(*), min(r.date), max(r.date) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.wearable_daily, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates('wearable_daily', 'date', v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.wearable_daily', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_daily, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_daily as t (user_id, date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at, created_at)
          select coalesce(i.user_id, vitalis.current_user_id()), date, source, resting_hr_bpm, max_hr_bpm, hrv_rmssd_ms, steps, active_calories_kcal, total_calories_kcal, active_minutes, moderate_intensity_minutes, vigorous_intensity_minutes, distance_m, floors_climbed, spo2_avg_pct, spo2_min_pct, respiratory_rate_avg, stress_avg, body_battery_start, body_battery_end, readiness_score, recovery_score, skin_temp_deviation_c, vo2_max_ml_kg_min, raw_data, source_updated_at, v_stamp from input i
          on conflict (user_id, date, source) do update set resting_hr_bpm = coalesce(excluded.resting_hr_bpm, t.resting_hr_bpm), max_hr_bpm = coalesce(excluded.max_hr_bpm, t.max_hr_bpm), hrv_rmssd_ms = coalesce(excluded.hrv_rmssd_ms, t.hrv_rmssd_ms), steps = coalesce(excluded.steps, t.steps), active_calories_kcal = coalesce(excluded.active_calories_kcal, t.active_calories_kcal), total_calories_kcal = coalesce(excluded.total_calories_kcal, t.total_calories_kcal), active_minutes = coalesce(excluded.active_minutes, t.active_minutes), moderate_intensity_minutes = coalesce(excluded.moderate_intensity_minutes, t.moderate_intensity_minutes), vigorous_intensity_minutes = coalesce(excluded.vigorous_intensity_minutes, t.vigorous_intensity_minutes), distance_m = coalesce(excluded.distance_m, t.distance_m), floors_climbed = coalesce(excluded.floors_climbed, t.floors_climbed), spo2_avg_pct = coalesce(excluded.spo2_avg_pct, t.spo2_avg_pct), spo2_min_pct = coalesce(excluded.spo2_min_pct, t.spo2_min_pct), respiratory_rate_avg = coalesce(excluded.respiratory_rate_avg, t.respiratory_rate_avg), stress_avg = coalesce(excluded.stress_avg, t.stress_avg), body_battery_start = coalesce(excluded.body_battery_start, t.body_battery_start), body_battery_end = coalesce(excluded.body_battery_end, t.body_battery_end), readiness_score = coalesce(excluded.readiness_score, t.readiness_score), recovery_score = coalesce(excluded.recovery_score, t.recovery_score), skin_temp_deviation_c = coalesce(excluded.skin_temp_deviation_c, t.skin_temp_deviation_c), vo2_max_ml_kg_min = coalesce(excluded.vo2_max_ml_kg_min, t.vo2_max_ml_kg_min), raw_data = case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, source_updated_at = coalesce(excluded.source_updated_at, t.source_updated_at)
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (t.resting_hr_bpm, t.max_hr_bpm, t.hrv_rmssd_ms, t.steps, t.active_calories_kcal, t.total_calories_kcal, t.active_minutes, t.moderate_intensity_minutes, t.vigorous_intensity_minutes, t.distance_m, t.floors_climbed, t.spo2_avg_pct, t.spo2_min_pct, t.respiratory_rate_avg, t.stress_avg, t.body_battery_start, t.body_battery_end, t.readiness_score, t.recovery_score, t.skin_temp_deviation_c, t.vo2_max_ml_kg_min, t.raw_data) is distinct from (coalesce(excluded.resting_hr_bpm, t.resting_hr_bpm), coalesce(excluded.max_hr_bpm, t.max_hr_bpm), coalesce(excluded.hrv_rmssd_ms, t.hrv_rmssd_ms), coalesce(excluded.steps, t.steps), coalesce(excluded.active_calories_kcal, t.active_calories_kcal), coalesce(excluded.total_calories_kcal, t.total_calories_kcal), coalesce(excluded.active_minutes, t.active_minutes), coalesce(excluded.moderate_intensity_minutes, t.moderate_intensity_minutes), coalesce(excluded.vigorous_intensity_minutes, t.vigorous_intensity_minutes), coalesce(excluded.distance_m, t.distance_m), coalesce(excluded.floors_climbed, t.floors_climbed), coalesce(excluded.spo2_avg_pct, t.spo2_avg_pct), coalesce(excluded.spo2_min_pct, t.spo2_min_pct), coalesce(excluded.respiratory_rate_avg, t.respiratory_rate_avg), coalesce(excluded.stress_avg, t.stress_avg), coalesce(excluded.body_battery_start, t.body_battery_start), coalesce(excluded.body_battery_end, t.body_battery_end), coalesce(excluded.readiness_score, t.readiness_score), coalesce(excluded.recovery_score, t.recovery_score), coalesce(excluded.skin_temp_deviation_c, t.skin_temp_deviation_c), coalesce(excluded.vo2_max_ml_kg_min, t.vo2_max_ml_kg_min), case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end)
          returning (t.created_at = v_stamp) as inserted_row
        )
        select (count(*) filter (where w.inserted_row))::integer,
               (count(*) filter (where not w.inserted_row))::integer,
               v_total - count(*)::integer
          from written w;
      end $$;

comment on function vitalis.upsert_wearable_daily(jsonb) is 'Idempotent batch upsert into wearable_daily keyed by (user_id, date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';

create or replace function vitalis.upsert_wearable_sleep(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog
as $$
      declare
        -- Rows this statement inserts carry this exact instant as created_at; rows it updates keep
        -- theirs. The insert/update split comes from that, not from a snapshot count, which a
        -- concurrent call inserting the same rows (seen by ON CONFLICT, not by the snapshot) fooled.
        v_stamp timestamptz := clock_timestamp();
        v_total integer;
        v_min date;
        v_max date;
      begin
        perform vitalis_private.check_batch(p_rows, 'wearable_sleep');
        select count(*), min(r.sleep_date), max(r.sleep_date) into v_total, v_min, v_max
          from jsonb_populate_recordset(null::vitalis.wearable_sleep, p_rows) r;
        if v_total = 0 then
          return query select 0, 0, 0;
          return;
        end if;
        perform vitalis_private.check_partition_dates('wearable_sleep', 'sleep_date', v_min, v_max);
        perform vitalis_private.ensure_partitions('vitalis.wearable_sleep', v_min, v_max);
        return query
        with input as (
          select distinct on (coalesce(r.user_id, vitalis.current_user_id()), r.sleep_date, r.source) r.*
            from jsonb_populate_recordset(null::vitalis.wearable_sleep, p_rows) r
           order by coalesce(r.user_id, vitalis.current_user_id()), r.sleep_date, r.source, r.source_updated_at desc nulls last
        ), written as (
          insert into vitalis.wearable_sleep as t (user_id, sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count, created_at)
          select coalesce(i.user_id, vitalis.current_user_id()), sleep_date, source, sleep_start, sleep_end, total_sleep_minutes, rem_minutes, deep_minutes, light_minutes, awake_minutes, sleep_latency_minutes, sleep_efficiency_pct, sleep_score, interruptions, avg_hr_bpm, min_hr_bpm, avg_hrv_ms, avg_respiratory_rate, avg_spo2_pct, avg_skin_temp_deviation_c, hypnogram, raw_data, source_updated_at, nap_minutes, nap_count, v_stamp from input i
          on conflict (user_id, sleep_date, source) do update set sleep_start = coalesce(excluded.sleep_start, t.sleep_start), sleep_end = coalesce(excluded.sleep_end, t.sleep_end), total_sleep_minutes = coalesce(excluded.total_sleep_minutes, t.total_sleep_minutes), rem_minutes = coalesce(excluded.rem_minutes, t.rem_minutes), deep_minutes = coalesce(excluded.deep_minutes, t.deep_minutes), light_minutes = coalesce(excluded.light_minutes, t.light_minutes), awake_minutes = coalesce(excluded.awake_minutes, t.awake_minutes), sleep_latency_minutes = coalesce(excluded.sleep_latency_minutes, t.sleep_latency_minutes), sleep_efficiency_pct = coalesce(excluded.sleep_efficiency_pct, t.sleep_efficiency_pct), sleep_score = coalesce(excluded.sleep_score, t.sleep_score), interruptions = coalesce(excluded.interruptions, t.interruptions), avg_hr_bpm = coalesce(excluded.avg_hr_bpm, t.avg_hr_bpm), min_hr_bpm = coalesce(excluded.min_hr_bpm, t.min_hr_bpm), avg_hrv_ms = coalesce(excluded.avg_hrv_ms, t.avg_hrv_ms), avg_respiratory_rate = coalesce(excluded.avg_respiratory_rate, t.avg_respiratory_rate), avg_spo2_pct = coalesce(excluded.avg_spo2_pct, t.avg_spo2_pct), avg_skin_temp_deviation_c = coalesce(excluded.avg_skin_temp_deviation_c, t.avg_skin_temp_deviation_c), hypnogram = coalesce(excluded.hypnogram, t.hypnogram), raw_data = case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, source_updated_at = coalesce(excluded.source_updated_at, t.source_updated_at), nap_minutes = coalesce(excluded.nap_minutes, t.nap_minutes), nap_count = coalesce(excluded.nap_count, t.nap_count)
           where (t.source_updated_at is null or excluded.source_updated_at >= t.source_updated_at)
             and (t.sleep_start, t.sleep_end, t.total_sleep_minutes, t.rem_minutes, t.deep_minutes, t.light_minutes, t.awake_minutes, t.sleep_latency_minutes, t.sleep_efficiency_pct, t.sleep_score, t.interruptions, t.avg_hr_bpm, t.min_hr_bpm, t.avg_hrv_ms, t.avg_respiratory_rate, t.avg_spo2_pct, t.avg_skin_temp_deviation_c, t.hypnogram, t.raw_data, t.nap_minutes, t.nap_count) is distinct from (coalesce(excluded.sleep_start, t.sleep_start), coalesce(excluded.sleep_end, t.sleep_end), coalesce(excluded.total_sleep_minutes, t.total_sleep_minutes), coalesce(excluded.rem_minutes, t.rem_minutes), coalesce(excluded.deep_minutes, t.deep_minutes), coalesce(excluded.light_minutes, t.light_minutes), coalesce(excluded.awake_minutes, t.awake_minutes), coalesce(excluded.sleep_latency_minutes, t.sleep_latency_minutes), coalesce(excluded.sleep_efficiency_pct, t.sleep_efficiency_pct), coalesce(excluded.sleep_score, t.sleep_score), coalesce(excluded.interruptions, t.interruptions), coalesce(excluded.avg_hr_bpm, t.avg_hr_bpm), coalesce(excluded.min_hr_bpm, t.min_hr_bpm), coalesce(excluded.avg_hrv_ms, t.avg_hrv_ms), coalesce(excluded.avg_respiratory_rate, t.avg_respiratory_rate), coalesce(excluded.avg_spo2_pct, t.avg_spo2_pct), coalesce(excluded.avg_skin_temp_deviation_c, t.avg_skin_temp_deviation_c), coalesce(excluded.hypnogram, t.hypnogram), case when jsonb_typeof(t.raw_data) = 'object' and jsonb_typeof(excluded.raw_data) = 'object' then t.raw_data || excluded.raw_data else coalesce(excluded.raw_data, t.raw_data) end, coalesce(excluded.nap_minutes, t.nap_minutes), coalesce(excluded.nap_count, t.nap_count))
          returning (t.created_at = v_stamp) as inserted_row
        )
        select (count(*) filter (where w.inserted_row))::integer,
               (count(*) filter (where not w.inserted_row))::integer,
               v_total - count(*)::integer
          from written w;
      end $$;

comment on function vitalis.upsert_wearable_sleep(jsonb) is 'Idempotent batch upsert into wearable_sleep keyed by (user_id, sleep_date, source): a JSON array of row objects. A value left out (or null) keeps the stored one, so partial summaries of the same day merge; raw_data objects merge key by key; an older source_updated_at never overwrites a newer one. Returns rows inserted, updated and skipped (unchanged, duplicate in the batch, or older than the stored version).';

reset role;
