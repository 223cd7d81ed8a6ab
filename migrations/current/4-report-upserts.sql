set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Labs, DEXA and epigenetics get the same idempotent upsert contract as wearables (issue 11).
 *
 * A report can arrive twice: the same PDF confirmed again, a second download of it, a client that
 * re-sends its batch after a timeout. Each kind gets a natural key (a unique index), a private
 * single-report function for the server's own confirm path, and a public batch function shaped like
 * vitalis.upsert_measurements. The same report again changes nothing (no updated_at bump, no audit
 * row); a stored result differing from the new one is kept unless the re-import is confirmed
 * (SCHEMA.md §6: "accept re-import override with confirmed flag"). A header only gains the fields
 * it lacked (or, confirmed, takes the new non-null ones); a child row (marker, region, density,
 * organ age) confirmed again is replaced by the new one as given.
 */

--------------------------------------------------------------------------------------------------
-- Natural keys. A live duplicate already stored makes the index refuse to build: the migration
-- then stops, changes nothing and says how to list the duplicates, so an operator decides which
-- copy to soft-delete (or, for unmatched markers, to rename) instead of a migration guessing.

do $$
begin
  drop index if exists vitalis.blood_panels_user_id_lab_name_collected_at_key;
  create unique index blood_panels_user_id_lab_name_collected_at_key
    on vitalis.blood_panels (user_id, coalesce(lab_name, ''), collected_at)
    where collected_at is not null and deleted_at is null;
exception when unique_violation then
  raise exception 'collectedAt: two live blood panels of one user share lab and collection time; soft-delete one before migrating'
    using errcode = '23505', column = 'collected_at',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select user_id, lab_name, collected_at, array_agg(panel_id) from vitalis.blood_panels where collected_at is not null and deleted_at is null group by 1, 2, 3 having count(*) > 1';
end $$;
comment on index vitalis.blood_panels_user_id_lab_name_collected_at_key is
  'A panel is one lab''s collection at one moment: the key report upserts find it by. Panels without a collection time are matched by their document instead.';

do $$
begin
  drop index if exists vitalis.blood_markers_panel_id_raw_name_key;
  create unique index blood_markers_panel_id_raw_name_key
    on vitalis.blood_markers (panel_id, lower(raw_name))
    where biomarker_id is null;
exception when unique_violation then
  raise exception 'rawName: a blood panel holds two unmatched results of the same name; rename or delete one before migrating'
    using errcode = '23505', column = 'raw_name',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select panel_id, lower(raw_name), array_agg(marker_id) from vitalis.blood_markers where biomarker_id is null group by 1, 2 having count(*) > 1';
end $$;
comment on index vitalis.blood_markers_panel_id_raw_name_key is
  'An unmatched result (no dictionary entry) is known within its panel by its printed name, case aside; matched ones by blood_markers_panel_id_biomarker_id_key.';

do $$
begin
  drop index if exists vitalis.dexa_scans_user_id_scan_date_provider_key;
  create unique index dexa_scans_user_id_scan_date_provider_key
    on vitalis.dexa_scans (user_id, scan_date, coalesce(provider, ''))
    where deleted_at is null;
exception when unique_violation then
  raise exception 'scanDate: two live DEXA scans of one user share date and provider; soft-delete one before migrating'
    using errcode = '23505', column = 'scan_date',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select user_id, scan_date, provider, array_agg(scan_id) from vitalis.dexa_scans where deleted_at is null group by 1, 2, 3 having count(*) > 1';
end $$;
comment on index vitalis.dexa_scans_user_id_scan_date_provider_key is
  'One scan per provider and day: the key report upserts find a DEXA scan by.';

do $$
begin
  drop index if exists vitalis.epigenetic_tests_user_id_provider_kit_id_collected_at_key;
  create unique index epigenetic_tests_user_id_provider_kit_id_collected_at_key
    on vitalis.epigenetic_tests (user_id, coalesce(provider, ''), coalesce(kit_id, ''), collected_at)
    where deleted_at is null;
exception when unique_violation then
  raise exception 'kitId: two live epigenetic tests of one user share provider, kit and collection date; soft-delete one before migrating'
    using errcode = '23505', column = 'kit_id',
          hint = 'Row-level security hides the rows from this role. As a superuser, list them with: select user_id, provider, kit_id, collected_at, array_agg(test_id) from vitalis.epigenetic_tests where deleted_at is null and collected_at is not null group by 1, 2, 3, 4 having count(*) > 1';
end $$;
comment on index vitalis.epigenetic_tests_user_id_provider_kit_id_collected_at_key is
  'One result per provider, kit and collection date: the key report upserts find a test by. Tests without a collection date are matched by their document instead.';

-- dexa_regions, dexa_bone_density (scan_id, region) and epigenetic_organ_ages (test_id,
-- organ_system) are unique constraints since 000001; blood_markers (panel_id, biomarker_id) too.

--------------------------------------------------------------------------------------------------
-- Shared pieces: checking one part of a report, and what a stored header takes from a new one.

create or replace function vitalis_private.check_report_part(p_part jsonb, p_table regclass, p_allowed text[], p_required text[], p_at text, p_list boolean)
  returns void
  language plpgsql stable set search_path = pg_catalog as $$
declare
  v_root text := substring(p_at from '^[A-Za-z_]+');
  v_items jsonb;
  v_item jsonb;
  v_n bigint;
  v_path text;
  v_key text;
  v_value jsonb;
  v_type oid;
  v_typmod integer;
  v_rule text;
  v_limit numeric;
begin
  if p_part is null or jsonb_typeof(p_part) = 'null' then
    if p_list then
      return;
    end if;
    raise exception using message = format('%s: %s must be a JSON object', v_root, p_at), errcode = '22023', column = v_root;
  end if;
  if p_list and jsonb_typeof(p_part) <> 'array' then
    raise exception using message = format('%s: %s must be a JSON array of objects', v_root, p_at), errcode = '22023', column = v_root;
  end if;
  v_items := case when p_list then p_part else jsonb_build_array(p_part) end;
  for v_item, v_n in select e.j, e.n - 1 from jsonb_array_elements(v_items) with ordinality e(j, n) loop
    v_path := case when p_list then format('%s[%s]', p_at, v_n) else p_at end;
    if jsonb_typeof(v_item) <> 'object' then
      raise exception using message = format('%s: %s must be a JSON object', v_root, v_path), errcode = '22023', column = v_root;
    end if;
    select k into v_key from jsonb_object_keys(v_item) k where k <> all (p_allowed) order by k limit 1;
    if found then
      raise exception using message = format('%s: %s.%s is not a known field', v_root, v_path, v_key), errcode = '22023', column = v_root;
    end if;
    select r into v_key from unnest(p_required) r where jsonb_typeof(coalesce(v_item -> r, 'null')) = 'null' limit 1;
    if found then
      raise exception using message = format('%s: must be given (%s)', vitalis_private.field_name(v_key), v_path), errcode = '22023', column = v_key;
    end if;
  end loop;
  -- Every value must read as its column's type. One attempt for the whole part; only when it
  -- fails are the values tried one by one, to name the field (each try is a subtransaction).
  begin
    execute format('select count(*) from jsonb_populate_recordset(null::%s, $1)', p_table) using v_items;
  exception when others then
    for v_item, v_n in select e.j, e.n - 1 from jsonb_array_elements(v_items) with ordinality e(j, n) loop
      for v_key, v_value in select k.key, k.value from jsonb_each(v_item) k where jsonb_typeof(k.value) <> 'null' loop
        begin
          execute format('select jsonb_populate_record(null::%s, $1)', p_table) using jsonb_build_object(v_key, v_value);
        exception when others then
          v_limit := null;
          select a.atttypid, a.atttypmod into v_type, v_typmod
            from pg_attribute a where a.attrelid = p_table and a.attname = v_key and not a.attisdropped;
          if v_type is null then
            -- A key that is no column (a part's child list): its own check names it.
            continue;
          end if;
          if v_type = 'numeric'::regtype and v_typmod >= 4 and sqlstate = '22003' then
            v_limit := trim_scale(10::numeric ^ (((v_typmod - 4) >> 16) - ((v_typmod - 4) & 65535)) - 10::numeric ^ (-((v_typmod - 4) & 65535)));
          end if;
          v_rule := case
            when exists (select 1 from pg_type t where t.oid = v_type and t.typtype = 'e') then
              'must be one of ' || (select string_agg(e.enumlabel, ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = v_type)
            when v_limit is not null then format('must be a number from -%s to %s', v_limit, v_limit)
            when v_type in ('numeric'::regtype, 'int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype) then 'must be a number'
            when v_type = 'date'::regtype then 'must be a date (YYYY-MM-DD)'
            when v_type = 'timestamptz'::regtype then 'must be a date and time (ISO 8601)'
            when v_type = 'bool'::regtype then 'must be true or false'
            when v_type = 'uuid'::regtype then 'must be a UUID'
            else 'must be a ' || format_type(v_type, v_typmod)
          end;
          v_path := case when p_list then format('%s[%s]', p_at, v_n) else p_at end;
          raise exception using message = format('%s: %s (%s)', vitalis_private.field_name(v_key), v_rule, v_path), errcode = '22023', column = v_key;
        end;
      end loop;
    end loop;
    raise;
  end;
end $$;
comment on function vitalis_private.check_report_part(jsonb, regclass, text[], text[], text, boolean) is
  'Checks one part of a report before anything is written: a JSON object (or, p_list, an array of them) at path p_at, whose keys are all allowed, required ones given, and every value readable as its column''s type. Messages name the field and where it is: "valueNumeric: must be a number (rows[0].markers[2])".';

create or replace function vitalis_private.report_header_patch(p_stored jsonb, p_given jsonb, p_columns text[], p_override boolean)
  returns jsonb
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select coalesce(jsonb_object_agg(g.key, g.value), '{}')
    from jsonb_each(p_given) g
   where g.key = any (p_columns) and jsonb_typeof(g.value) <> 'null'
     and (p_override or jsonb_typeof(coalesce(p_stored -> g.key, 'null')) = 'null')
$$;
comment on function vitalis_private.report_header_patch(jsonb, jsonb, text[], boolean) is
  'What a stored report header takes from the same report sent again: the given non-null values of the fields it lacks, or of every field when the re-import is confirmed (override). A value left out never erases one.';

--------------------------------------------------------------------------------------------------
-- Lab panels.

create or replace function vitalis_private.merge_blood_panel(p_panel jsonb, p_override boolean, p_at text, p_trusted boolean,
  out panel_id uuid, out inserted integer, out updated integer, out skipped integer)
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_header constant text[] := '{lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes}';
  c_marker constant text[] := '{biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_markers jsonb := coalesce(p_panel -> 'markers', '[]');
  g vitalis.blood_panels;
  t vitalis.blood_panels;
  m vitalis.blood_panels;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_panel, 'vitalis.blood_panels', v_header || '{markers}'::text[], '{}', p_at, false);
  perform vitalis_private.check_report_part(v_markers, 'vitalis.blood_markers',
    c_marker || case when p_trusted then '{parse_confidence}'::text[] else '{}' end, '{raw_name}', p_at || '.markers', true);
  g := jsonb_populate_record(null::vitalis.blood_panels, p_panel);

  -- The panel: by its key, else (no collection time, or none stored yet) by the document it came from.
  if g.collected_at is not null then
    select b.* into t from vitalis.blood_panels b
     where b.user_id = v_user and coalesce(b.lab_name, '') = coalesce(g.lab_name, '') and b.collected_at = g.collected_at and b.deleted_at is null
       for update;
  end if;
  if t.panel_id is null and p_trusted and g.document_id is not null then
    select b.* into t from vitalis.blood_panels b
     where b.user_id = v_user and b.document_id = g.document_id and b.deleted_at is null
       and (b.collected_at is null or b.collected_at = g.collected_at)
     order by b.created_at limit 1
       for update;
  end if;
  if t.panel_id is null then
    insert into vitalis.blood_panels as b (user_id, lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, document_id, notes)
    values (v_user, g.lab_name, g.lab_provider, g.panel_name, g.collected_at, g.reported_at, g.fasting, g.specimen_id,
            case when p_trusted then g.document_id end, g.notes)
    on conflict (user_id, (coalesce(lab_name, '')), collected_at) where collected_at is not null and deleted_at is null do nothing
    returning b.panel_id into merge_blood_panel.panel_id;
    if merge_blood_panel.panel_id is not null then
      inserted := 1; updated := 0; skipped := 0;
    else
      -- Another transaction stored the same panel since we looked: merge into theirs.
      select b.* into strict t from vitalis.blood_panels b
       where b.user_id = v_user and coalesce(b.lab_name, '') = coalesce(g.lab_name, '') and b.collected_at = g.collected_at and b.deleted_at is null
         for update;
    end if;
  end if;
  if t.panel_id is not null then
    merge_blood_panel.panel_id := t.panel_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_panel, v_header, p_override));
    if m is distinct from t then
      update vitalis.blood_panels b
         set lab_name = m.lab_name, lab_provider = m.lab_provider, panel_name = m.panel_name, collected_at = m.collected_at,
             reported_at = m.reported_at, fasting = m.fasting, specimen_id = m.specimen_id, document_id = m.document_id, notes = m.notes
       where b.panel_id = t.panel_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  -- Its results: one per dictionary marker, or per printed name when unmatched; the first of a
  -- repeated one counts. The lab's flag left out is "not printed": the stored (or derived) one stays.
  -- A changed parse_confidence alone is no new result.
  with given as (
    select distinct on (r.biomarker_id, case when r.biomarker_id is null then lower(r.raw_name) end) r.*
      from jsonb_array_elements(v_markers) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.blood_markers, e.j) r
     order by r.biomarker_id, case when r.biomarker_id is null then lower(r.raw_name) end, e.n
  ), paired as (
    select g2.*, s.marker_id as stored_id,
           (s.raw_name, s.sub_panel, s.value_numeric, s.value_text, s.unit, s.ref_range_low, s.ref_range_high, s.ref_range_text, s.flag, s.lab_code)
             is distinct from
           (g2.raw_name, g2.sub_panel, g2.value_numeric, g2.value_text, g2.unit, g2.ref_range_low, g2.ref_range_high, g2.ref_range_text, coalesce(g2.flag, s.flag), g2.lab_code)
             as differs
      from given g2
      left join vitalis.blood_markers s
        on s.panel_id = merge_blood_panel.panel_id
       and (s.biomarker_id = g2.biomarker_id or (g2.biomarker_id is null and s.biomarker_id is null and lower(s.raw_name) = lower(g2.raw_name)))
  ), added as (
    insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit,
                                       ref_range_low, ref_range_high, ref_range_text, flag, lab_code, parse_confidence)
    select v_user, merge_blood_panel.panel_id, p.biomarker_id, p.raw_name, p.sub_panel, p.value_numeric, p.value_text, p.unit,
           p.ref_range_low, p.ref_range_high, p.ref_range_text, p.flag, p.lab_code, p.parse_confidence
      from paired p where p.stored_id is null
    returning 1
  ), replaced as (
    update vitalis.blood_markers s
       set raw_name = p.raw_name, sub_panel = p.sub_panel, value_numeric = p.value_numeric, value_text = p.value_text, unit = p.unit,
           ref_range_low = p.ref_range_low, ref_range_high = p.ref_range_high, ref_range_text = p.ref_range_text, flag = p.flag,
           lab_code = p.lab_code, parse_confidence = p.parse_confidence
      from paired p
     where p_override and p.differs and s.marker_id = p.stored_id
    returning 1
  )
  select (select count(*) from added)::integer, (select count(*) from replaced)::integer into v_ins, v_upd;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_markers) - v_ins - v_upd;
end $$;
comment on function vitalis_private.merge_blood_panel(jsonb, boolean, text, boolean) is
  'One lab panel and its markers, upserted for the signed-in user (p_at says where the panel sits in the caller''s input, for messages; p_trusted admits the server-owned document_id and parse_confidence). Returns the panel and how many header and marker rows were inserted, updated and skipped. The body of upsert_blood_panel and vitalis.upsert_blood_panels.';

create or replace function vitalis_private.upsert_blood_panel(p_panel jsonb, p_override boolean) returns uuid
  language sql volatile set search_path = pg_catalog as $$
  select m.panel_id from vitalis_private.merge_blood_panel(p_panel, coalesce(p_override, false), 'panel', true) m
$$;
comment on function vitalis_private.upsert_blood_panel(jsonb, boolean) is
  'Stores a lab report (blood_panels columns in snake_case plus "markers", blood_markers columns) for the signed-in user and returns its panel: found by (lab_name, collected_at), or without a collection time by its document_id; header fields it lacked are filled; a stored marker that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id and parse_confidence.';

--------------------------------------------------------------------------------------------------
-- DEXA scans.

create or replace function vitalis_private.merge_dexa_scan(p_scan jsonb, p_override boolean, p_at text, p_trusted boolean,
  out scan_id uuid, out inserted integer, out updated integer, out skipped integer)
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_header constant text[] := '{provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs, total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, notes}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_regions jsonb := coalesce(p_scan -> 'regions', '[]');
  v_density jsonb := coalesce(p_scan -> 'bone_density', '[]');
  g vitalis.dexa_scans;
  t vitalis.dexa_scans;
  m vitalis.dexa_scans;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_scan, 'vitalis.dexa_scans', v_header || '{regions, bone_density}'::text[], '{scan_date}', p_at, false);
  perform vitalis_private.check_report_part(v_regions, 'vitalis.dexa_regions',
    '{region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs}', '{region}', p_at || '.regions', true);
  perform vitalis_private.check_report_part(v_density, 'vitalis.dexa_bone_density',
    '{region, bmd_g_cm2, t_score, z_score}', '{region}', p_at || '.bone_density', true);
  g := jsonb_populate_record(null::vitalis.dexa_scans, p_scan);

  select d.* into t from vitalis.dexa_scans d
   where d.user_id = v_user and d.scan_date = g.scan_date and coalesce(d.provider, '') = coalesce(g.provider, '') and d.deleted_at is null
     for update;
  if t.scan_id is null then
    insert into vitalis.dexa_scans as d (user_id, provider, scan_date, age_at_scan, height_in, weight_lbs, total_mass_lbs, total_fat_lbs, total_lean_lbs,
                                         total_bmc_lbs, total_body_fat_pct, visceral_fat_lbs, visceral_fat_in3, android_gynoid_ratio, document_id, notes)
    values (v_user, g.provider, g.scan_date, g.age_at_scan, g.height_in, g.weight_lbs, g.total_mass_lbs, g.total_fat_lbs, g.total_lean_lbs,
            g.total_bmc_lbs, g.total_body_fat_pct, g.visceral_fat_lbs, g.visceral_fat_in3, g.android_gynoid_ratio,
            case when p_trusted then g.document_id end, g.notes)
    on conflict (user_id, scan_date, (coalesce(provider, ''))) where deleted_at is null do nothing
    returning d.scan_id into merge_dexa_scan.scan_id;
    if merge_dexa_scan.scan_id is not null then
      inserted := 1; updated := 0; skipped := 0;
    else
      select d.* into strict t from vitalis.dexa_scans d
       where d.user_id = v_user and d.scan_date = g.scan_date and coalesce(d.provider, '') = coalesce(g.provider, '') and d.deleted_at is null
         for update;
    end if;
  end if;
  if t.scan_id is not null then
    merge_dexa_scan.scan_id := t.scan_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_scan, v_header, p_override));
    if m is distinct from t then
      update vitalis.dexa_scans d
         set provider = m.provider, scan_date = m.scan_date, age_at_scan = m.age_at_scan, height_in = m.height_in, weight_lbs = m.weight_lbs, total_mass_lbs = m.total_mass_lbs,
             total_fat_lbs = m.total_fat_lbs, total_lean_lbs = m.total_lean_lbs, total_bmc_lbs = m.total_bmc_lbs,
             total_body_fat_pct = m.total_body_fat_pct, visceral_fat_lbs = m.visceral_fat_lbs, visceral_fat_in3 = m.visceral_fat_in3,
             android_gynoid_ratio = m.android_gynoid_ratio, document_id = m.document_id, notes = m.notes
       where d.scan_id = t.scan_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  with given as (
    select distinct on (r.region) r.*
      from jsonb_array_elements(v_regions) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.dexa_regions, e.j) r
     order by r.region, e.n
  ), written as (
    insert into vitalis.dexa_regions as s (user_id, scan_id, region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs)
    select v_user, merge_dexa_scan.scan_id, g2.region, g2.body_fat_pct, g2.fat_lbs, g2.lean_lbs, g2.bmc_lbs, g2.total_mass_lbs from given g2
    on conflict on constraint dexa_regions_scan_id_region_key do update
       set body_fat_pct = excluded.body_fat_pct, fat_lbs = excluded.fat_lbs, lean_lbs = excluded.lean_lbs, bmc_lbs = excluded.bmc_lbs,
           total_mass_lbs = excluded.total_mass_lbs
     where p_override
       and (s.body_fat_pct, s.fat_lbs, s.lean_lbs, s.bmc_lbs, s.total_mass_lbs)
           is distinct from (excluded.body_fat_pct, excluded.fat_lbs, excluded.lean_lbs, excluded.bmc_lbs, excluded.total_mass_lbs)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_regions) - v_ins - v_upd;

  with given as (
    select distinct on (r.region) r.*
      from jsonb_array_elements(v_density) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.dexa_bone_density, e.j) r
     order by r.region, e.n
  ), written as (
    insert into vitalis.dexa_bone_density as s (user_id, scan_id, region, bmd_g_cm2, t_score, z_score)
    select v_user, merge_dexa_scan.scan_id, g2.region, g2.bmd_g_cm2, g2.t_score, g2.z_score from given g2
    on conflict on constraint dexa_bone_density_scan_id_region_key do update
       set bmd_g_cm2 = excluded.bmd_g_cm2, t_score = excluded.t_score, z_score = excluded.z_score
     where p_override
       and (s.bmd_g_cm2, s.t_score, s.z_score) is distinct from (excluded.bmd_g_cm2, excluded.t_score, excluded.z_score)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_density) - v_ins - v_upd;
end $$;
comment on function vitalis_private.merge_dexa_scan(jsonb, boolean, text, boolean) is
  'One DEXA scan with its regions and bone densities, upserted for the signed-in user (p_at and p_trusted as in merge_blood_panel). Returns the scan and how many header and child rows were inserted, updated and skipped. The body of upsert_dexa_scan and vitalis.upsert_dexa_scans.';

create or replace function vitalis_private.upsert_dexa_scan(p_scan jsonb, p_override boolean) returns uuid
  language sql volatile set search_path = pg_catalog as $$
  select m.scan_id from vitalis_private.merge_dexa_scan(p_scan, coalesce(p_override, false), 'scan', true) m
$$;
comment on function vitalis_private.upsert_dexa_scan(jsonb, boolean) is
  'Stores a DEXA report (dexa_scans columns in snake_case plus "regions" and "bone_density" arrays) for the signed-in user and returns its scan, found by (scan_date, provider); header fields it lacked are filled; a stored region or density that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id.';

--------------------------------------------------------------------------------------------------
-- Epigenetic tests.

create or replace function vitalis_private.merge_epigenetic_test(p_test jsonb, p_override boolean, p_at text, p_trusted boolean,
  out test_id uuid, out inserted integer, out updated integer, out skipped integer)
  language plpgsql volatile set search_path = pg_catalog as $$
declare
  c_header constant text[] := '{provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data}';
  v_user uuid := vitalis.current_user_id();
  v_header text[] := c_header || case when p_trusted then '{document_id}'::text[] else '{}' end;
  v_organs jsonb := coalesce(p_test -> 'organ_ages', '[]');
  g vitalis.epigenetic_tests;
  t vitalis.epigenetic_tests;
  m vitalis.epigenetic_tests;
  v_ins integer;
  v_upd integer;
begin
  if v_user is null then
    raise exception 'userId: a signed-in user is required' using errcode = '28000', column = 'user_id';
  end if;
  perform vitalis_private.check_report_part(p_test, 'vitalis.epigenetic_tests', v_header || '{organ_ages}'::text[], '{}', p_at, false);
  perform vitalis_private.check_report_part(v_organs, 'vitalis.epigenetic_organ_ages',
    '{organ_system, biological_age, chronological_age, delta_years, direction}', '{organ_system}', p_at || '.organ_ages', true);
  g := jsonb_populate_record(null::vitalis.epigenetic_tests, p_test);

  if g.collected_at is not null then
    select x.* into t from vitalis.epigenetic_tests x
     where x.user_id = v_user and coalesce(x.provider, '') = coalesce(g.provider, '') and coalesce(x.kit_id, '') = coalesce(g.kit_id, '')
       and x.collected_at = g.collected_at and x.deleted_at is null
       for update;
  end if;
  if t.test_id is null and p_trusted and g.document_id is not null then
    select x.* into t from vitalis.epigenetic_tests x
     where x.user_id = v_user and x.document_id = g.document_id and x.deleted_at is null
       and (x.collected_at is null or x.collected_at = g.collected_at)
     order by x.created_at limit 1
       for update;
  end if;
  if t.test_id is null then
    insert into vitalis.epigenetic_tests as x (user_id, provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score,
                                               pace_percentile, telomere_length, methylation_clock, document_id, raw_data)
    values (v_user, g.provider, g.kit_id, g.collected_at, g.reported_at, g.chronological_age, g.biological_age, g.pace_score,
            g.pace_percentile, g.telomere_length, g.methylation_clock, case when p_trusted then g.document_id end, g.raw_data)
    on conflict (user_id, (coalesce(provider, '')), (coalesce(kit_id, '')), collected_at) where deleted_at is null do nothing
    returning x.test_id into merge_epigenetic_test.test_id;
    if merge_epigenetic_test.test_id is not null then
      inserted := 1; updated := 0; skipped := 0;
      select x.* into t from vitalis.epigenetic_tests x where x.test_id = merge_epigenetic_test.test_id;
      m := t;
      t := null;
    else
      select x.* into strict t from vitalis.epigenetic_tests x
       where x.user_id = v_user and coalesce(x.provider, '') = coalesce(g.provider, '') and coalesce(x.kit_id, '') = coalesce(g.kit_id, '')
         and x.collected_at = g.collected_at and x.deleted_at is null
         for update;
    end if;
  end if;
  if t.test_id is not null then
    merge_epigenetic_test.test_id := t.test_id;
    m := jsonb_populate_record(t, vitalis_private.report_header_patch(to_jsonb(t), p_test, v_header, p_override));
    if m is distinct from t then
      update vitalis.epigenetic_tests x
         set provider = m.provider, kit_id = m.kit_id, collected_at = m.collected_at, reported_at = m.reported_at, chronological_age = m.chronological_age, biological_age = m.biological_age,
             pace_score = m.pace_score, pace_percentile = m.pace_percentile, telomere_length = m.telomere_length,
             methylation_clock = m.methylation_clock, document_id = m.document_id, raw_data = m.raw_data
       where x.test_id = t.test_id;
      inserted := 0; updated := 1; skipped := 0;
    else
      inserted := 0; updated := 0; skipped := 1;
    end if;
  end if;

  -- An organ's age left without its chronological age takes the test's; the difference and its
  -- direction are worked out when not given, so the same report again compares equal.
  with given as (
    select distinct on (r.organ_system) r.organ_system, r.biological_age,
           coalesce(r.chronological_age, m.chronological_age) as chronological_age, r.delta_years, r.direction
      from jsonb_array_elements(v_organs) with ordinality e(j, n)
     cross join lateral jsonb_populate_record(null::vitalis.epigenetic_organ_ages, e.j) r
     order by r.organ_system, e.n
  ), derived as (
    select g2.organ_system, g2.biological_age, g2.chronological_age,
           coalesce(g2.delta_years, g2.biological_age - g2.chronological_age)::numeric(4,1) as delta_years, g2.direction
      from given g2
  ), written as (
    insert into vitalis.epigenetic_organ_ages as s (user_id, test_id, organ_system, biological_age, chronological_age, delta_years, direction)
    select v_user, merge_epigenetic_test.test_id, d.organ_system, d.biological_age, d.chronological_age, d.delta_years,
           coalesce(d.direction, case when d.delta_years < 0 then 'younger' when d.delta_years > 0 then 'older' when d.delta_years = 0 then 'same' end)
      from derived d
    on conflict on constraint epigenetic_organ_ages_test_id_organ_system_key do update
       set biological_age = excluded.biological_age, chronological_age = excluded.chronological_age,
           delta_years = excluded.delta_years, direction = excluded.direction
     where p_override
       and (s.biological_age, s.chronological_age, s.delta_years, s.direction)
           is distinct from (excluded.biological_age, excluded.chronological_age, excluded.delta_years, excluded.direction)
    returning (s.xmax = 0) as was_inserted
  )
  select (count(*) filter (where was_inserted))::integer, (count(*) filter (where not was_inserted))::integer into v_ins, v_upd from written;
  inserted := inserted + v_ins;
  updated := updated + v_upd;
  skipped := skipped + jsonb_array_length(v_organs) - v_ins - v_upd;
end $$;
comment on function vitalis_private.merge_epigenetic_test(jsonb, boolean, text, boolean) is
  'One epigenetic test with its organ-system ages, upserted for the signed-in user (p_at and p_trusted as in merge_blood_panel). Returns the test and how many header and organ-age rows were inserted, updated and skipped. The body of upsert_epigenetic_test and vitalis.upsert_epigenetic_tests.';

create or replace function vitalis_private.upsert_epigenetic_test(p_test jsonb, p_override boolean) returns uuid
  language sql volatile set search_path = pg_catalog as $$
  select m.test_id from vitalis_private.merge_epigenetic_test(p_test, coalesce(p_override, false), 'test', true) m
$$;
comment on function vitalis_private.upsert_epigenetic_test(jsonb, boolean) is
  'Stores an epigenetic report (epigenetic_tests columns in snake_case plus "organ_ages") for the signed-in user and returns its test, found by (provider, kit_id, collected_at), or without a collection date by its document_id; header fields it lacked are filled; an organ age without chronological_age takes the test''s, and delta_years and direction are computed when absent; a stored organ age that differs is replaced only with p_override (a confirmed re-import). The same report again changes nothing. For the server''s confirm path: it accepts document_id.';

revoke all on function vitalis_private.check_report_part(jsonb, regclass, text[], text[], text, boolean),
                       vitalis_private.report_header_patch(jsonb, jsonb, text[], boolean),
                       vitalis_private.merge_blood_panel(jsonb, boolean, text, boolean),
                       vitalis_private.merge_dexa_scan(jsonb, boolean, text, boolean),
                       vitalis_private.merge_epigenetic_test(jsonb, boolean, text, boolean),
                       vitalis_private.upsert_blood_panel(jsonb, boolean),
                       vitalis_private.upsert_dexa_scan(jsonb, boolean),
                       vitalis_private.upsert_epigenetic_test(jsonb, boolean) from public;

--------------------------------------------------------------------------------------------------
-- The public batches, in the wearable contract: a JSON array of reports, each with its children;
-- "confirmed": true on a report is the override. One bad report fails the whole call.
-- SECURITY DEFINER with RLS forced binds the owner as well: the functions act for exactly the
-- caller (vitalis.current_user_id()). Definer is needed because a client may not write these
-- tables' rows as a set in one statement with the checks above, and so that document_id and
-- parse_confidence stay server-owned: they are refused here as unknown fields.

create or replace function vitalis_private.report_batch_headers(p_rows jsonb, p_children text[]) returns jsonb
  language sql immutable parallel safe set search_path = pg_catalog as $$
  select case when jsonb_typeof(p_rows) = 'array' then
    (select coalesce(jsonb_agg(case when jsonb_typeof(e.r) = 'object' then e.r - p_children - 'confirmed' else e.r end order by e.n), '[]')
       from jsonb_array_elements(p_rows) with ordinality e(r, n))
  else p_rows end
$$;
comment on function vitalis_private.report_batch_headers(jsonb, text[]) is
  'A report batch''s rows without their child lists and "confirmed", for check_batch to check the batch''s shape and header keys the way it checks the wearable batches.';
revoke all on function vitalis_private.report_batch_headers(jsonb, text[]) from public;

create or replace function vitalis_private.report_confirmed(p_row jsonb, p_index bigint) returns boolean
  language plpgsql immutable parallel safe set search_path = pg_catalog as $$
begin
  if jsonb_typeof(coalesce(p_row -> 'confirmed', 'null')) not in ('boolean', 'null') then
    raise exception 'confirmed: must be true or false (rows[%])', p_index using errcode = '22023', column = 'confirmed';
  end if;
  return coalesce((p_row ->> 'confirmed')::boolean, false);
end $$;
comment on function vitalis_private.report_confirmed(jsonb, bigint) is
  'A batch row''s "confirmed": true is a confirmed re-import, whose values replace the stored ones.';
revoke all on function vitalis_private.report_confirmed(jsonb, bigint) from public;

create or replace function vitalis.upsert_blood_panels(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{markers}'), 'blood_panels');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_blood_panel(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;
comment on function vitalis.upsert_blood_panels(jsonb) is
  'Idempotent batch upsert of lab reports: a JSON array of blood panels (lab_name, lab_provider, panel_name, collected_at, reported_at, fasting, specimen_id, notes), each with "markers" (biomarker_id, raw_name, sub_panel, value_numeric, value_text, unit, ref_range_low, ref_range_high, ref_range_text, flag, lab_code) and optionally "confirmed". A panel is found by (lab_name, collected_at) and gains the fields it lacked; a result by its marker, or its printed name when unmatched. A stored result that differs is kept unless the row is "confirmed": true, which replaces it (and the panel''s given fields). The same report again changes nothing. Counts panels and markers together: rows inserted, updated and skipped (unchanged, kept, or repeated in the report). One bad row fails the whole call, its field named.';

create or replace function vitalis.upsert_dexa_scans(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{regions, bone_density}'), 'dexa_scans');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_dexa_scan(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;
comment on function vitalis.upsert_dexa_scans(jsonb) is
  'Idempotent batch upsert of DEXA reports: a JSON array of scans (dexa_scans columns in snake_case, scan_date required), each with "regions" (region, body_fat_pct, fat_lbs, lean_lbs, bmc_lbs, total_mass_lbs), "bone_density" (region, bmd_g_cm2, t_score, z_score) and optionally "confirmed". A scan is found by (scan_date, provider) and gains the fields it lacked; a stored region or density that differs is kept unless the row is "confirmed": true, which replaces it. The same report again changes nothing. Counts scans, regions and densities together: rows inserted, updated and skipped. One bad row fails the whole call, its field named.';

create or replace function vitalis.upsert_epigenetic_tests(p_rows jsonb) returns table(inserted integer, updated integer, skipped integer)
  language plpgsql volatile security definer set search_path = pg_catalog as $$
declare
  v_row jsonb;
  v_i bigint;
  c record;
begin
  perform vitalis_private.check_batch(vitalis_private.report_batch_headers(p_rows, '{organ_ages}'), 'epigenetic_tests');
  inserted := 0; updated := 0; skipped := 0;
  for v_row, v_i in select e.r, e.n - 1 from jsonb_array_elements(p_rows) with ordinality e(r, n) loop
    select * into c from vitalis_private.merge_epigenetic_test(v_row - 'confirmed', vitalis_private.report_confirmed(v_row, v_i), format('rows[%s]', v_i), false);
    inserted := inserted + c.inserted;
    updated := updated + c.updated;
    skipped := skipped + c.skipped;
  end loop;
  return next;
end $$;
comment on function vitalis.upsert_epigenetic_tests(jsonb) is
  'Idempotent batch upsert of epigenetic reports: a JSON array of tests (provider, kit_id, collected_at, reported_at, chronological_age, biological_age, pace_score, pace_percentile, telomere_length, methylation_clock, raw_data), each with "organ_ages" (organ_system, biological_age, chronological_age, delta_years, direction) and optionally "confirmed". A test is found by (provider, kit_id, collected_at) and gains the fields it lacked; an organ age takes the test''s chronological age when it has none, its delta and direction are computed when absent; a stored one that differs is kept unless the row is "confirmed": true, which replaces it. The same report again changes nothing. Counts tests and organ ages together: rows inserted, updated and skipped. One bad row fails the whole call, its field named.';

revoke all on function vitalis.upsert_blood_panels(jsonb), vitalis.upsert_dexa_scans(jsonb), vitalis.upsert_epigenetic_tests(jsonb) from public;
grant execute on function vitalis.upsert_blood_panels(jsonb), vitalis.upsert_dexa_scans(jsonb), vitalis.upsert_epigenetic_tests(jsonb)
  to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
