/*
 * Unit conversion (SCHEMA.md section 8). Units are compared by a normalised key, so mg/dl,
 * MG/DL and mg/dL match; µ, μ and u are one letter; x10E3/uL, 10^3/uL, 10*3/uL and K/uL are one
 * unit. General conversions map each unit to its dimension's base unit (mass concentration to
 * mg/dL, molar to mmol/L, mass to kg, length to m, temperature to degC, ...), so any two units of
 * one dimension convert through the base. Per-biomarker rows bridge dimensions with the
 * marker's molar mass (glucose mmol/L -> mg/dL); they are loaded from seeds/dictionaries.
 * value in to_unit = (value in from_unit + offset_before) * factor.
 */
set local lock_timeout = '5s';
set local role vitalis_owner;

create function vitalis.normalize_unit(p_unit text) returns text
  language sql immutable parallel safe strict as $$
  select case
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
    end
  from (
    select regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
             -- UCUM brackets ([IU], [degF]) carry no meaning for matching
             translate(lower(regexp_replace(btrim(p_unit), '\s+', '', 'g')), 'µμ×[]', 'uux'),
             'mcg', 'ug', 'g'),
             '/mm3$', '/ul'),
             -- x10E3/uL, x10^3/uL, 10*3/uL, x10(3)/uL, 10e3/uL -> 10^3/ul (also 6, 9, 12)
             '^x?10(\^|e|\*|\()?(\d+)\)?/', '10^\2/'),
             '^(k|thou|thousand)/', '10^3/'),
             '^(m|mil|million|mill)/ul$', '10^6/ul'),
             '^x1000/', '10^3/') as k
  ) s
$$;
comment on function vitalis.normalize_unit(text) is 'Normalised comparison key for a unit spelling: case, spaces, micro signs and count notations folded (x10E3/uL = 10^3/uL = K/uL).';

create table vitalis.unit_conversions (
  conversion_id uuid primary key default gen_random_uuid(),
  biomarker_id uuid references vitalis.biomarker_dictionary on delete cascade,
  from_unit text not null,
  to_unit text not null,
  factor numeric not null check (factor > 0),
  offset_before numeric not null default 0,
  unique nulls not distinct (biomarker_id, from_unit, to_unit)
);
comment on table vitalis.unit_conversions is 'Conversion factors: value in to_unit = (value in from_unit + offset_before) * factor. Rows without a biomarker map a unit to its dimension''s base unit; rows with one bridge mass and molar units by molar mass.';
comment on column vitalis.unit_conversions.offset_before is 'Added before multiplying, for affine scales (degF -> degC: offset -32, factor 5/9).';
create index unit_conversions_biomarker_id_idx on vitalis.unit_conversions (biomarker_id);
grant select on vitalis.unit_conversions to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

insert into vitalis.unit_conversions (biomarker_id, from_unit, to_unit, factor, offset_before) values
  -- mass concentration, base mg/dL
  (null, 'g/dL', 'mg/dL', 1000, 0), (null, 'ug/dL', 'mg/dL', 0.001, 0), (null, 'ng/dL', 'mg/dL', 0.000001, 0),
  (null, 'pg/dL', 'mg/dL', 0.000000001, 0), (null, 'g/L', 'mg/dL', 100, 0), (null, 'mg/L', 'mg/dL', 0.1, 0),
  (null, 'ug/L', 'mg/dL', 0.0001, 0), (null, 'ng/L', 'mg/dL', 0.0000001, 0), (null, 'mg/mL', 'mg/dL', 100, 0),
  (null, 'ug/mL', 'mg/dL', 0.1, 0), (null, 'ng/mL', 'mg/dL', 0.0001, 0), (null, 'pg/mL', 'mg/dL', 0.0000001, 0),
  (null, 'mg/g', 'mg/dL', 100, 0), (null, 'ug/g', 'mg/dL', 0.1, 0),
  -- molar concentration, base mmol/L
  (null, 'mol/L', 'mmol/L', 1000, 0), (null, 'umol/L', 'mmol/L', 0.001, 0), (null, 'nmol/L', 'mmol/L', 0.000001, 0),
  (null, 'pmol/L', 'mmol/L', 0.000000001, 0), (null, 'mEq/L', 'mmol/L', 1, 0),
  -- cell counts per volume, base 10^3/uL
  (null, '10^9/L', '10^3/uL', 1, 0), (null, '/uL', '10^3/uL', 0.001, 0), (null, '10^6/uL', '10^3/uL', 1000, 0),
  (null, '10^12/L', '10^3/uL', 1000, 0), (null, '10^6/L', '10^3/uL', 0.000001, 0),
  -- enzyme activity, base U/L
  (null, 'IU/L', 'U/L', 1, 0), (null, 'ukat/L', 'U/L', 60, 0),
  -- hormone international units, base mIU/L
  (null, 'uIU/mL', 'mIU/L', 1, 0), (null, 'mIU/mL', 'mIU/L', 1000, 0), (null, 'IU/L', 'mIU/L', 1000, 0), (null, 'uU/mL', 'mIU/L', 1, 0),
  -- mass, base kg
  (null, 'lb', 'kg', 0.45359237, 0), (null, 'g', 'kg', 0.001, 0), (null, 'oz', 'kg', 0.028349523125, 0), (null, 'st', 'kg', 6.35029318, 0),
  -- length, base m
  (null, 'cm', 'm', 0.01, 0), (null, 'mm', 'm', 0.001, 0), (null, 'in', 'm', 0.0254, 0), (null, 'ft', 'm', 0.3048, 0),
  (null, 'km', 'm', 1000, 0), (null, 'mi', 'm', 1609.344, 0),
  -- temperature, base degC
  (null, 'degF', 'degC', 5.0 / 9.0, -32), (null, 'K', 'degC', 1, -273.15),
  -- energy, base kcal
  (null, 'kJ', 'kcal', 0.2390057361, 0), (null, 'J', 'kcal', 0.0002390057361, 0),
  -- volume, base mL
  (null, 'L', 'mL', 1000, 0), (null, 'dL', 'mL', 100, 0), (null, 'fl oz', 'mL', 29.5735295625, 0),
  -- pressure, base mmHg
  (null, 'kPa', 'mmHg', 7.50061683, 0);

-- A unit's dimension base and the factor to it; a base unit maps to itself. A unit may belong to
-- two dimensions (IU/L): every match is returned.
create function vitalis_private.unit_bases(p_key text)
  returns table (base text, factor numeric, offset_before numeric)
  language sql stable parallel safe as $$
  select vitalis.normalize_unit(c.to_unit), c.factor, c.offset_before
    from vitalis.unit_conversions c
   where c.biomarker_id is null and vitalis.normalize_unit(c.from_unit) = p_key
  union
  select p_key, 1::numeric, 0::numeric
   where exists (select 1 from vitalis.unit_conversions c where c.biomarker_id is null and vitalis.normalize_unit(c.to_unit) = p_key)
      or not exists (select 1 from vitalis.unit_conversions c where c.biomarker_id is null and vitalis.normalize_unit(c.from_unit) = p_key)
$$;

create function vitalis.convert_unit(p_value numeric, p_from text, p_to text, p_biomarker_id uuid default null)
  returns numeric language plpgsql stable parallel safe as $$
declare
  f text := vitalis.normalize_unit(p_from);
  t text := vitalis.normalize_unit(p_to);
  r record;
begin
  if p_value is null then
    return null;
  end if;
  if f = t then
    return p_value;
  end if;
  -- A marker's own row for exactly this pair wins over general factors (calcium mEq/L is not mmol/L).
  if p_biomarker_id is not null then
    select case when vitalis.normalize_unit(c.from_unit) = f then (p_value + c.offset_before) * c.factor
                else p_value / c.factor - c.offset_before end as v into r
      from vitalis.unit_conversions c
     where c.biomarker_id = p_biomarker_id
       and ((vitalis.normalize_unit(c.from_unit), vitalis.normalize_unit(c.to_unit)) = (f, t)
         or (vitalis.normalize_unit(c.from_unit), vitalis.normalize_unit(c.to_unit)) = (t, f))
     limit 1;
    if found then
      return r.v;
    end if;
  end if;
  -- Same dimension: through the base unit.
  select (((p_value + fb.offset_before) * fb.factor) / tb.factor) - tb.offset_before as v into r
    from vitalis_private.unit_bases(f) fb join vitalis_private.unit_bases(t) tb on fb.base = tb.base
   limit 1;
  if found then
    return r.v;
  end if;
  if p_biomarker_id is null then
    return null;
  end if;
  -- Across dimensions: a marker's bridge row, used in either direction, with base hops at both ends.
  for r in
    select vitalis.normalize_unit(c.from_unit) as a, vitalis.normalize_unit(c.to_unit) as b, c.factor, c.offset_before, false as inverse
      from vitalis.unit_conversions c where c.biomarker_id = p_biomarker_id
    union all
    select vitalis.normalize_unit(c.to_unit), vitalis.normalize_unit(c.from_unit), c.factor, c.offset_before, true
      from vitalis.unit_conversions c where c.biomarker_id = p_biomarker_id
  loop
    declare
      v_a numeric := case when f = r.a then p_value else vitalis.convert_unit(p_value, f, r.a) end;
      v_b numeric;
    begin
      if v_a is null then
        continue;
      end if;
      v_b := case when r.inverse then v_a / r.factor - r.offset_before else (v_a + r.offset_before) * r.factor end;
      if t = r.b then
        return v_b;
      end if;
      v_b := vitalis.convert_unit(v_b, r.b, t);
      if v_b is not null then
        return v_b;
      end if;
    end;
  end loop;
  return null;
end $$;
comment on function vitalis.convert_unit(numeric, text, text, uuid) is 'Converts a value between units: within a dimension through its base unit, across mass and molar units with the biomarker''s molar factor. NULL when no conversion is known.';

create function vitalis.to_canonical(p_value numeric, p_from_unit text, p_biomarker_id uuid)
  returns numeric language sql stable parallel safe as $$
  select vitalis.convert_unit(p_value, p_from_unit, d.canonical_unit, d.biomarker_id)
    from vitalis.biomarker_dictionary d where d.biomarker_id = p_biomarker_id
$$;
comment on function vitalis.to_canonical(numeric, text, uuid) is 'A biomarker value converted to the marker''s canonical unit; NULL when the unit cannot be converted.';

-- Body mass in pounds for the weight CHECK; immutable on purpose (no table lookup), so it is safe
-- in a constraint and during restore.
create function vitalis_private.mass_in_lbs(p_value numeric, p_unit text) returns numeric
  language sql immutable parallel safe as $$
  select case vitalis.normalize_unit(p_unit)
    when 'lb' then p_value
    when 'kg' then p_value / 0.45359237
    when 'g' then p_value / 453.59237
    when 'st' then p_value * 14
  end
$$;

grant execute on function vitalis.normalize_unit(text), vitalis.convert_unit(numeric, text, text, uuid),
  vitalis.to_canonical(numeric, text, uuid), vitalis_private.unit_bases(text), vitalis_private.mass_in_lbs(numeric, text)
  to vitalis_anonymous, vitalis_api, vitalis_worker, vitalis_readonly, vitalis_admin;

create function vitalis_private.tg_blood_markers__derive() returns trigger
  language plpgsql as $$
declare
  d vitalis.biomarker_dictionary;
  v_sex text;
  v_accepted text[];
  v_low numeric;
  v_high numeric;
begin
  if new.value_numeric is null or new.biomarker_id is null then
    new.value_canonical := case when new.biomarker_id is null then new.value_numeric end;
    if new.value_numeric is not null and new.in_range is null and (new.ref_range_low is not null or new.ref_range_high is not null) then
      new.in_range := new.value_numeric >= coalesce(new.ref_range_low, new.value_numeric)
                  and new.value_numeric <= coalesce(new.ref_range_high, new.value_numeric);
    end if;
    return new;
  end if;
  select * into d from vitalis.biomarker_dictionary where biomarker_id = new.biomarker_id;
  v_accepted := array_append(coalesce(d.common_units, '{}'), d.canonical_unit);
  if coalesce(vitalis.normalize_unit(new.unit), '') not in (select coalesce(vitalis.normalize_unit(u), '') from unnest(v_accepted) u) then
    raise exception 'blood_markers.unit: "%" is not an accepted unit for %; accepted units: %',
      coalesce(new.unit, '(none)'), d.display_name, array_to_string(v_accepted, ', ')
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  new.value_canonical := vitalis.convert_unit(new.value_numeric, coalesce(new.unit, d.canonical_unit), d.canonical_unit, d.biomarker_id);
  if new.value_canonical is null then
    raise exception 'blood_markers.unit: no conversion from "%" to % is known for %', new.unit, d.canonical_unit, d.display_name
      using errcode = '22023', column = 'unit', table = 'blood_markers', schema = 'vitalis';
  end if;
  if new.optimal_low is null and new.optimal_high is null then
    select biological_sex into v_sex from vitalis.users where user_id = new.user_id;
    new.optimal_low := case when v_sex = 'female' then d.optimal_low_female else d.optimal_low_male end;
    new.optimal_high := case when v_sex = 'female' then d.optimal_high_female else d.optimal_high_male end;
  end if;
  -- The lab's own range (in the reported unit) wins; otherwise the dictionary's normal range.
  if new.ref_range_low is not null or new.ref_range_high is not null then
    v_low := new.ref_range_low; v_high := new.ref_range_high;
    if new.in_range is null then
      new.in_range := new.value_numeric >= coalesce(v_low, new.value_numeric) and new.value_numeric <= coalesce(v_high, new.value_numeric);
    end if;
    if new.flag is null then
      new.flag := case when new.value_numeric < v_low then 'L' when new.value_numeric > v_high then 'H' end;
    end if;
  elsif d.normal_low is not null or d.normal_high is not null then
    if new.in_range is null then
      new.in_range := new.value_canonical >= coalesce(d.normal_low, new.value_canonical) and new.value_canonical <= coalesce(d.normal_high, new.value_canonical);
    end if;
    if new.flag is null then
      new.flag := case when new.value_canonical < d.normal_low then 'L' when new.value_canonical > d.normal_high then 'H' end;
    end if;
  end if;
  return new;
end $$;
create trigger _300_derive before insert or update of value_numeric, unit, biomarker_id, ref_range_low, ref_range_high, flag, in_range
  on vitalis.blood_markers for each row execute function vitalis_private.tg_blood_markers__derive();
