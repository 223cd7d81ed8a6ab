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
