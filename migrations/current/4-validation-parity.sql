set local lock_timeout = '5s';
set local role vitalis_owner;

/*
 * Validation parity (issue 8): every value a user can write is bounded the same way whichever
 * path it takes (GraphQL, batch upserts, imports). A refusal names the field as the API does
 * (camelCase, `column =` for the error mapping) and the rule. The TypeScript twin of every bound is
 * src/validation/bounds.ts; docs/schema-notes.md ("Validation parity") gives the rules.
 *
 * - numbers: <table>_<column>_range (bounds.ts `ranges`), measurements_value_range per metric,
 *   <table>_<column>_finite where no range makes sense (NaN and Infinity refused);
 * - dates: <table>_<column>_window (2000-01-01 up to the end of next year, or ten years ahead for plans);
 * - sizes: <table>_<column>_length (text, text[]) and <table>_<column>_size (jsonb);
 * - batch upserts: a key that is not a column is refused, naming the row and the key.
 *
 * Redefined here: vitalis_private.check_batch(jsonb, text) (the unknown-key check). A later file
 * that redefines it (e.g. to rename its parameters) must keep that check.
 *
 * Constraints are added NOT VALID and then validated when the existing rows allow it (a notice
 * names the ones that do not): new writes are checked at once either way.
 */

-- ---------------------------------------------------------------------------------------------
-- Helpers

create or replace function vitalis_private.drop_check(p_table regclass, p_name text) returns void
  language plpgsql volatile as $$
begin
  if exists (select 1 from pg_constraint where conrelid = p_table and conname = p_name) then
    execute format('alter table %s drop constraint %I', p_table, p_name);
  end if;
end $$;
comment on function vitalis_private.drop_check(regclass, text) is 'Migration helper: drops a constraint if it is there (without a notice when it is not).';

create or replace function vitalis_private.put_check(p_table regclass, p_name text, p_expr text) returns void
  language plpgsql volatile as $$
begin
  perform vitalis_private.drop_check(p_table, p_name);
  execute format('alter table %s add constraint %I check (%s) not valid', p_table, p_name, p_expr);
  begin
    execute format('alter table %s validate constraint %I', p_table, p_name);
  exception when check_violation or raise_exception then
    raise notice '%: existing rows break %, left NOT VALID (new rows are checked)', p_table, p_name;
  end;
end $$;
comment on function vitalis_private.put_check(regclass, text, text) is
  'Migration helper: (re)creates a CHECK without a blocking scan, then validates it if the existing rows allow.';

-- Volatile, so that the planner never folds a call with constant arguments into an error.
create or replace function vitalis_private.refuse(p_message text, p_column text) returns boolean
  language plpgsql volatile as $$
begin
  raise exception '%', p_message using errcode = '23514', column = p_column;
end $$;
comment on function vitalis_private.refuse(text, text) is
  'Called as the last arm of a CHECK (`ok or refuse(...)`): turns a failed rule into a message that names the column and the rule.';

create or replace function vitalis_private.field_name(p_column text) returns text
  language sql immutable parallel safe as $$
  select string_agg(case when u.i = 1 then u.w else upper(left(u.w, 1)) || substr(u.w, 2) end, '' order by u.i)
    from unnest(string_to_array(p_column, '_')) with ordinality u(w, i) where u.w <> ''
$$;
comment on function vitalis_private.field_name(text) is
  'A column as the API names it (hr_zone_1_seconds -> hrZone1Seconds): the field the CHECK messages start with.';

-- Columns a user writes: what vitalis_api may insert or update, plus what the batch upserts take
-- from the caller's JSON (they run as owner). Server stamps (created_at, updated_at, and
-- deleted_at, which a client sets but the server stamps with now()) are never user-written.
create or replace function vitalis_private.user_written_columns()
  returns table (tbl regclass, table_name text, column_name text, type_name text)
  language sql stable as $$
  select c.oid::regclass, c.relname::text, a.attname::text, format_type(a.atttypid, null)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
   where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
     and exists (select 1 from pg_attribute u where u.attrelid = c.oid and u.attname = 'user_id' and not u.attisdropped)
     and a.attname not in ('user_id', 'created_at', 'updated_at', 'deleted_at')
     and (has_column_privilege('vitalis_api', c.oid, a.attnum, 'INSERT') or has_column_privilege('vitalis_api', c.oid, a.attnum, 'UPDATE')
          or (c.relname in ('wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements')
              and a.attname not in ('daily_id', 'sleep_id', 'activity_id', 'measurement_id')))
   order by 2, a.attnum
$$;
comment on function vitalis_private.user_written_columns() is
  'The columns users write (client grants plus the batch upserts'' inputs): what the size, date and finite-number CHECKs cover.';

-- ---------------------------------------------------------------------------------------------
-- Ranges: the twins of bounds.ts `ranges` that were missing or named <column>_check.

do $$
declare
  r record;
begin
  for r in
    select * from (values
      ('dexa_scans', 'age_at_scan', 0, 150), ('dexa_scans', 'height_in', 20, 110), ('dexa_scans', 'weight_lbs', 20, 1000),
      ('dexa_scans', 'total_mass_lbs', 20, 1000), ('dexa_scans', 'total_fat_lbs', 0, 1000), ('dexa_scans', 'total_lean_lbs', 0, 1000),
      ('dexa_scans', 'total_bmc_lbs', 0, 50), ('dexa_scans', 'visceral_fat_lbs', 0, 100), ('dexa_scans', 'visceral_fat_in3', 0, 1000),
      ('dexa_scans', 'android_gynoid_ratio', 0, 10),
      ('dexa_regions', 'fat_lbs', 0, 1000), ('dexa_regions', 'lean_lbs', 0, 1000), ('dexa_regions', 'bmc_lbs', 0, 50),
      ('dexa_regions', 'total_mass_lbs', 0, 1000),
      ('dexa_bone_density', 'bmd_g_cm2', 0, 5), ('dexa_bone_density', 't_score', -10, 10), ('dexa_bone_density', 'z_score', -10, 10),
      ('epigenetic_tests', 'chronological_age', 0, 150), ('epigenetic_tests', 'biological_age', 0, 200),
      ('epigenetic_tests', 'pace_percentile', 0, 100), ('epigenetic_tests', 'telomere_length', 0, 100),
      ('epigenetic_organ_ages', 'biological_age', 0, 200), ('epigenetic_organ_ages', 'chronological_age', 0, 150),
      ('epigenetic_organ_ages', 'delta_years', -100, 100),
      ('lifting_sessions', 'duration_seconds', 0, 86400),
      ('lifting_sets', 'set_number', 1, 999), ('lifting_sets', 'exercise_order', 1, 999),
      ('nutrition_logs', 'calories_kcal', 0, 20000), ('nutrition_logs', 'protein_g', 0, 2000), ('nutrition_logs', 'carbs_g', 0, 3000),
      ('nutrition_logs', 'fat_g', 0, 2000), ('nutrition_logs', 'fiber_g', 0, 500),
      ('supplements', 'dose_amount', 0.001, 50000), ('supplement_logs', 'dose_amount', 0.001, 50000),
      ('custom_metrics', 'min_value', -1e9, 1e9), ('custom_metrics', 'max_value', -1e9, 1e9),
      ('custom_metric_entries', 'value_numeric', -1e9, 1e9),
      ('wearable_activities', 'vo2_max_ml_kg_min', 10, 100),
      ('wearable_activities', 'avg_power_watts', 0, 3000), ('wearable_activities', 'normalized_power_watts', 0, 3000),
      ('wearable_activities', 'hr_zone_1_seconds', 0, 604800), ('wearable_activities', 'hr_zone_2_seconds', 0, 604800),
      ('wearable_activities', 'hr_zone_3_seconds', 0, 604800), ('wearable_activities', 'hr_zone_4_seconds', 0, 604800),
      ('wearable_activities', 'hr_zone_5_seconds', 0, 604800),
      ('wearable_activities', 'avg_pace_sec_per_km', 0.01, 99999.99), ('wearable_activities', 'avg_speed_kmh', 0, 999.99),
      ('wearable_activities', 'elevation_gain_m', 0, 99999.99), ('wearable_activities', 'training_stress_score', 0, 99999.9)
    ) v(t, c, lo, hi)
  loop
    perform vitalis_private.drop_check(format('vitalis.%I', r.t)::regclass, r.t || '_' || r.c || '_check');
    perform vitalis_private.put_check(format('vitalis.%I', r.t)::regclass, r.t || '_' || r.c || '_range',
      format('%1$I >= %2$s and %1$I <= %3$s', r.c, r.lo, r.hi));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- measurements.value by metric (bounds.ts measurementBounds)

create or replace function vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric,
  out kind text, out unit text, out min_value numeric, out max_value numeric)
  language sql immutable parallel safe as $$
  select b.kind, b.unit, b.lo, b.hi from (values
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
  ) b(metric, kind, unit, lo, hi) where b.metric = p_metric::text
$$;
comment on function vitalis_private.measurement_bounds(vitalis.measurement_metric) is
  'Plausible range of each measurement metric, in its canonical unit; twin of bounds.ts measurementBounds.';

-- The value in the metric's canonical unit; null when the unit is not one of its kind.
create or replace function vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns numeric language sql immutable parallel safe as $$
  select case b.kind
      when 'any' then p_value
      when 'mass_lb' then vitalis_private.mass_in_lbs(p_value, p_unit)
      when 'mass_kg' then vitalis_private.mass_in_lbs(p_value, p_unit) * 0.45359237
      when 'length_cm' then case u.k when 'cm' then p_value when 'm' then p_value * 100 when 'mm' then p_value / 10
                                      when 'in' then p_value * 2.54 when 'ft' then p_value * 30.48 end
      when 'temperature_c' then case u.k when 'degc' then p_value when 'degf' then (p_value - 32) * 5 / 9 when 'k' then p_value - 273.15 end
      when 'pressure_mmhg' then case u.k when 'mmhg' then p_value when 'kpa' then p_value * 7.50061683 end
      when 'glucose_mgdl' then case u.k when 'mg/dl' then p_value when 'mmol/l' then p_value * 18.0182 end
    end
  from vitalis_private.measurement_bounds(p_metric) b, (select vitalis.normalize_unit(p_unit) as k) u
$$;
comment on function vitalis_private.measurement_canonical(vitalis.measurement_metric, numeric, text) is
  'A measurement in its metric''s canonical unit (lbs, kg, cm, °C, mmHg, mg/dL, or as given); null for a unit of the wrong kind.';

create or replace function vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns boolean language sql immutable parallel safe as $$
  select coalesce(c.v between b.min_value and b.max_value, false)
    from vitalis_private.measurement_bounds(p_metric) b,
         (select vitalis_private.measurement_canonical(p_metric, p_value, p_unit) as v) c
$$;
comment on function vitalis_private.measurement_in_range(vitalis.measurement_metric, numeric, text) is
  'CHECK measurements_value_range: the value, in a unit of the metric''s kind, within the metric''s range.';

create or replace function vitalis_private.refuse_measurement(p_metric vitalis.measurement_metric, p_value numeric, p_unit text)
  returns boolean language plpgsql volatile as $$
declare
  b record;
begin
  select * into b from vitalis_private.measurement_bounds(p_metric);
  if p_value is not null and vitalis_private.measurement_canonical(p_metric, p_value, p_unit) is null then
    raise exception 'unit "%" is not a unit for % (accepted: %)', p_unit, p_metric, case b.kind
        when 'mass_lb' then 'lb, kg, g, st' when 'mass_kg' then 'kg, lb, g, st' when 'length_cm' then 'cm, m, mm, in, ft'
        when 'temperature_c' then 'degC, degF, K' when 'pressure_mmhg' then 'mmHg, kPa' when 'glucose_mgdl' then 'mg/dL, mmol/L' end
      using errcode = '23514', column = 'unit';
  end if;
  raise exception '%', format('value for %s must be between %s and %s%s', p_metric, b.min_value, b.max_value,
    case when b.unit = '' then '' else ' ' || b.unit end) using errcode = '23514', column = 'value';
end $$;
comment on function vitalis_private.refuse_measurement(vitalis.measurement_metric, numeric, text) is
  'The message of a failed measurements_value_range: names the unit or the value and the metric''s range.';

select vitalis_private.drop_check('vitalis.measurements', 'measurements_weight_range');
select vitalis_private.drop_check('vitalis.measurements', 'measurements_weight_unit');
select vitalis_private.put_check('vitalis.measurements', 'measurements_value_range',
  'vitalis_private.measurement_in_range(metric, value, unit) or vitalis_private.refuse_measurement(metric, value, unit)');
comment on column vitalis.measurements.value is
  'The value in unit, within its metric''s range (e.g. weight 20-1000 lbs in any mass unit, height 30-300 cm, spo2 50-100 %, body temperature 25-45 degC).';

-- ---------------------------------------------------------------------------------------------
-- NaN and Infinity: every numeric/real/double column a user writes refuses them. A range CHECK
-- already does (NaN sorts above every number, Infinity above any bound); the others get
-- <table>_<column>_finite. Catalog-driven: a new column gets one when this runs again.

do $$
declare
  r record;
begin
  for r in
    select w.* from vitalis_private.user_written_columns() w
     where w.type_name in ('numeric', 'real', 'double precision')
       and not exists (select 1 from pg_constraint k where k.conrelid = w.tbl and k.contype = 'c'
                        and k.conname in (w.table_name || '_' || w.column_name || '_range', w.table_name || '_' || w.column_name || '_finite'))
       and not (w.table_name = 'measurements' and w.column_name = 'value')
  loop
    perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_finite',
      format($f$%1$I is null or %1$I not in ('NaN', 'Infinity', '-Infinity') or vitalis_private.refuse(%2$L, %3$L)$f$,
             r.column_name, vitalis_private.field_name(r.column_name) || ' must be a finite number', r.column_name));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Dates: one window for everything measured or done, one for plans (bounds.ts dateKind).

create or replace function vitalis_private.date_window_end(p_kind text) returns date
  language sql stable parallel safe as $$
  select case p_kind when 'plan' then make_date(extract(year from current_date)::int + 12, 1, 1)
                     else vitalis_private.partition_window_end() + 1 end
$$;
comment on function vitalis_private.date_window_end(text) is
  'First day refused: 1 January two years ahead (events: the end of next year, as the wearable partitions) or twelve (plans).';

create or replace function vitalis_private.refuse_date(p_field text, p_column text, p_kind text, p_value text) returns boolean
  language plpgsql volatile as $$
begin
  raise exception '% must be on or after 2000-01-01 and before % (got %)', p_field, vitalis_private.date_window_end(p_kind), p_value
    using errcode = '23514', column = p_column;
end $$;
comment on function vitalis_private.refuse_date(text, text, text, text) is
  'The message of a failed <table>_<column>_window CHECK.';

do $$
declare
  r record;
  v_kind text;
begin
  -- deleted_at is a server stamp (2-server-owned-columns.sql): no window of its own.
  for r in select k.conrelid::regclass as tbl, k.conname from pg_constraint k join pg_namespace n on n.oid = k.connamespace
            where n.nspname = 'vitalis' and k.contype = 'c' and k.conname like '%\_deleted\_at\_window' and k.coninhcount = 0 loop
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
  for r in
    select w.* from vitalis_private.user_written_columns() w
     where w.type_name in ('date', 'timestamp with time zone', 'timestamp without time zone')
       and not (w.table_name = 'users' and w.column_name = 'date_of_birth')
  loop
    v_kind := case when (r.table_name, r.column_name) in (('doctor_visits', 'follow_up_date'), ('supplements', 'started_at'), ('supplements', 'ended_at'))
                   then 'plan' else 'event' end;
    -- The old lower-bound-only CHECKs of the wearable partition keys are replaced by the window.
    perform vitalis_private.drop_check(r.tbl, r.table_name || '_' || r.column_name || '_check');
    perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_window',
      format($f$%1$I is null or (%1$I >= %2$s and %1$I < vitalis_private.date_window_end(%3$L)) or vitalis_private.refuse_date(%4$L, %5$L, %3$L, %1$I::text)$f$,
             r.column_name,
             case when r.type_name = 'date' then $d$date '2000-01-01'$d$ else $d$timestamptz '2000-01-01 00:00:00+00'$d$ end,
             v_kind, vitalis_private.field_name(r.column_name), r.column_name));
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Sizes (bounds.ts textLimit, jsonLimit): names and codes 200 characters, notes and text values
-- 10,000, arrays 100 items of 200; JSON 64 KB, provider payloads (raw_data, hypnogram) 512 KB.

create or replace function vitalis_private.longest_item(p_items text[]) returns integer
  language sql immutable parallel safe as $$
  select coalesce(max(length(i)), 0) from unnest(p_items) i
$$;
comment on function vitalis_private.longest_item(text[]) is 'Length of the longest element: for the text[] size CHECKs.';

do $$
declare
  r record;
  v_max integer;
begin
  for r in select w.* from vitalis_private.user_written_columns() w where w.type_name in ('text', 'character varying', 'text[]', 'jsonb', 'json') loop
    if r.type_name in ('jsonb', 'json') then
      v_max := case when r.column_name in ('raw_data', 'hypnogram') then 512 * 1024 else 64 * 1024 end;
      perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_size',
        format('%1$I is null or octet_length(%1$I::text) <= %2$s or vitalis_private.refuse(%3$L, %4$L)',
               r.column_name, v_max, format('%s must be at most %s KB of JSON', vitalis_private.field_name(r.column_name), v_max / 1024), r.column_name));
    elsif r.type_name = 'text[]' then
      perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_length',
        format('%1$I is null or (cardinality(%1$I) <= 100 and vitalis_private.longest_item(%1$I) <= 200) or vitalis_private.refuse(%2$L, %3$L)',
               r.column_name, format('%s must have at most 100 items of at most 200 characters', vitalis_private.field_name(r.column_name)), r.column_name));
    else
      v_max := case when r.column_name in ('notes', 'value_text') then 10000 else 200 end;
      perform vitalis_private.put_check(r.tbl, r.table_name || '_' || r.column_name || '_length',
        format('%1$I is null or length(%1$I) <= %2$s or vitalis_private.refuse(%3$L, %4$L)',
               r.column_name, v_max, format('%s must be at most %s characters', vitalis_private.field_name(r.column_name), v_max), r.column_name));
    end if;
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Batch upserts: a key that is not a column was silently dropped by jsonb_populate_recordset.

create or replace function vitalis_private.check_batch(p_rows jsonb, p_table text) returns void
  language plpgsql stable as $$
declare
  v_columns text[];
  v_unknown text;
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
end $$;
comment on function vitalis_private.check_batch(jsonb, text) is
  'Batch upsert input: a JSON array of objects whose keys are all columns of the table; an unknown key is named with its row index (from 0).';

-- The CHECKs run with the writer's privileges.
grant execute on function vitalis_private.refuse(text, text), vitalis_private.field_name(text), vitalis_private.refuse_date(text, text, text, text),
  vitalis_private.date_window_end(text), vitalis_private.longest_item(text[]),
  vitalis_private.measurement_bounds(vitalis.measurement_metric), vitalis_private.measurement_canonical(vitalis.measurement_metric, numeric, text),
  vitalis_private.measurement_in_range(vitalis.measurement_metric, numeric, text), vitalis_private.refuse_measurement(vitalis.measurement_metric, numeric, text)
  to vitalis_api, vitalis_worker, vitalis_admin;

reset role;
