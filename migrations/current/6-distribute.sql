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
