set local lock_timeout = '5s';
set local role vitalis_owner;

-- Issue 15: auditing must cost at most half again the write it audits. Measured on 26,372
-- wearable_daily rows: the insert 1.0 s, its audit 2.0-2.3 s, of which building a jsonb image of
-- every new row was 1.4 s and four subtransactions per row (try_uuid/try_inet's exception blocks,
-- called per row for values that are the same for the whole statement) most of the rest.

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

-- measurements_value_range ran three SQL functions per row that cannot be inlined (each has a
-- FROM clause), so every row paid their executor start-up: 1.4 ms a row, most of the cost of any
-- insert into measurements. In plpgsql their statements are planned once per session.
create or replace function vitalis_private.measurement_bounds(p_metric vitalis.measurement_metric, out kind text, out unit text, out min_value numeric, out max_value numeric)
  language plpgsql immutable parallel safe
as $$
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
comment on function vitalis_private.measurement_bounds(vitalis.measurement_metric) is 'Plausible range of each measurement metric, in its canonical unit; twin of bounds.ts measurementBounds.';

create or replace function vitalis_private.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) returns numeric
  language plpgsql immutable parallel safe
as $$
declare
  b record;
  k text;
begin
  select * into b from vitalis_private.measurement_bounds(p_metric);
  if b.kind is null then
    return null;
  elsif b.kind = 'any' then
    return p_value;
  elsif b.kind = 'mass_lb' then
    return vitalis_private.mass_in_lbs(p_value, p_unit);
  elsif b.kind = 'mass_kg' then
    return vitalis_private.mass_in_lbs(p_value, p_unit) * 0.45359237;
  end if;
  k := vitalis.normalize_unit(p_unit);
  return case b.kind
      when 'length_cm' then case k when 'cm' then p_value when 'm' then p_value * 100 when 'mm' then p_value / 10
                                   when 'in' then p_value * 2.54 when 'ft' then p_value * 30.48 end
      when 'temperature_c' then case k when 'degc' then p_value when 'degf' then (p_value - 32) * 5 / 9 when 'k' then p_value - 273.15 end
      when 'pressure_mmhg' then case k when 'mmhg' then p_value when 'kpa' then p_value * 7.50061683 end
      when 'glucose_mgdl' then case k when 'mg/dl' then p_value when 'mmol/l' then p_value * 18.0182 end
    end;
end $$;
comment on function vitalis_private.measurement_canonical(vitalis.measurement_metric, numeric, text) is 'A measurement in its metric''s canonical unit (lbs, kg, cm, °C, mmHg, mg/dL, or as given); null for a unit of the wrong kind.';

create or replace function vitalis_private.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) returns boolean
  language plpgsql immutable parallel safe
as $$
declare
  b record;
begin
  select * into b from vitalis_private.measurement_bounds(p_metric);
  if b.kind is null then
    return null;
  end if;
  return coalesce(vitalis_private.measurement_canonical(p_metric, p_value, p_unit) between b.min_value and b.max_value, false);
end $$;
comment on function vitalis_private.measurement_in_range(vitalis.measurement_metric, numeric, text) is 'CHECK measurements_value_range: the value, in a unit of the metric''s kind, within the metric''s range.';

reset role;
