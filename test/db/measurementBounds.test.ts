// migrations/current/7-apple.sql rewrote the functions behind the measurements_value_range CHECK
// (normalize_unit, measurement_bounds, measurement_canonical, measurement_in_range) from SQL to
// PL/pgSQL so their plans are cached. Here the SQL versions they replaced, as temporary functions,
// are the oracle: every metric, unit spellings of every kind and values around every bound.
import type { PoolClient } from 'pg';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

/** The SQL bodies as they were before 7-apple.sql (migrations/committed 000001 and 000010), in pg_temp. */
const ORACLE = `
create function pg_temp.normalize_unit(p_unit text) returns text language sql immutable strict as $$
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
             translate(lower(regexp_replace(btrim(p_unit), '\\s+', '', 'g')), 'µμ×[]', 'uux'),
             'mcg', 'ug', 'g'), '/mm3$', '/ul'), '^x?10(\\^|e|\\*|\\()?(\\d+)\\)?/', '10^\\2/'),
             '^(k|thou|thousand)/', '10^3/'), '^(m|mil|million|mill)/ul$', '10^6/ul'), '^x1000/', '10^3/') as k
  ) s
$$;
create function pg_temp.mass_in_lbs(p_value numeric, p_unit text) returns numeric language sql immutable as $$
  select case pg_temp.normalize_unit(p_unit) when 'lb' then p_value when 'kg' then p_value / 0.45359237
    when 'g' then p_value / 453.59237 when 'st' then p_value * 14 end
$$;
create function pg_temp.measurement_bounds(p_metric vitalis.measurement_metric, out kind text, out unit text, out min_value numeric, out max_value numeric)
  returns record language sql immutable as $$
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
create function pg_temp.measurement_canonical(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) returns numeric language sql immutable as $$
  select case b.kind
      when 'any' then p_value
      when 'mass_lb' then pg_temp.mass_in_lbs(p_value, p_unit)
      when 'mass_kg' then pg_temp.mass_in_lbs(p_value, p_unit) * 0.45359237
      when 'length_cm' then case u.k when 'cm' then p_value when 'm' then p_value * 100 when 'mm' then p_value / 10
                                      when 'in' then p_value * 2.54 when 'ft' then p_value * 30.48 end
      when 'temperature_c' then case u.k when 'degc' then p_value when 'degf' then (p_value - 32) * 5 / 9 when 'k' then p_value - 273.15 end
      when 'pressure_mmhg' then case u.k when 'mmhg' then p_value when 'kpa' then p_value * 7.50061683 end
      when 'glucose_mgdl' then case u.k when 'mg/dl' then p_value when 'mmol/l' then p_value * 18.0182 end
    end
  from pg_temp.measurement_bounds(p_metric) b, (select pg_temp.normalize_unit(p_unit) as k) u
$$;
create function pg_temp.measurement_in_range(p_metric vitalis.measurement_metric, p_value numeric, p_unit text) returns boolean language sql immutable as $$
  select coalesce(c.v between b.min_value and b.max_value, false)
    from pg_temp.measurement_bounds(p_metric) b, (select pg_temp.measurement_canonical(p_metric, p_value, p_unit) as v) c
$$;`;

const UNITS = [null, '', ' ', 'lb', ' Pounds ', '#', 'kg', 'KGS', 'g', 'st', 'in', '"', 'ft', 'cm', 'm', 'mm', 'degF', '°C', '[degF]', 'K', 'fahrenheit',
  'mmHg', 'mm[Hg]', 'kPa', 'mg/dL', 'mmol/l', '%', 'pct', 'bpm', '/min', 'count/min', 'ml/kg/min', 'm/s', 'kg/m2', 'x10E3/uL', 'K/uL', 'M/uL',
  'mcg/dL', 'µg/dL', '/mm3', 'mL/min/{1.73_m2}', 'Å', 'mm/hr', 'mg/g{creat}', 'n/a', '10(6)/ul', 'furlong'];
const VALUES = [null, 0, 45.001, 2204.7];
/** One spelling per unit the metrics' kinds convert, and one they do not (the SQL oracle is slow: kept small). */
const KIND_UNITS = [null, '', 'lb', ' Pounds ', 'kg', 'g', 'st', 'in', 'ft', 'cm', 'm', 'mm', 'degF', '°C', 'K', 'mmHg', 'kPa', 'mg/dL', 'mmol/l', '%', 'bpm', 'furlong'];

async function withOracle<T>(run: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query(ORACLE);
    return await run(client);
  } finally {
    await client.query('discard temp');
    client.release();
  }
}

test('normalize_unit and measurement_bounds: the PL/pgSQL versions return what the SQL ones did', async () => {
  await withOracle(async (c) => {
    const { rows } = await c.query(
      `select u, vitalis.normalize_unit(u) as got, pg_temp.normalize_unit(u) as want from unnest($1::text[]) u
        where vitalis.normalize_unit(u) is distinct from pg_temp.normalize_unit(u)`, [UNITS]);
    expect(rows).toEqual([]);
    const bounds = await c.query(
      `select m, vitalis_private.measurement_bounds(m)::text as got, pg_temp.measurement_bounds(m)::text as want
         from unnest(enum_range(null::vitalis.measurement_metric)) m`);
    expect(bounds.rows).toHaveLength(25);
    for (const r of bounds.rows) expect(r.got).toBe(r.want);
    expect(bounds.rows.every((r: { got: string }) => !r.got.startsWith('(,'))).toBe(true);
  });
});

test('measurement_canonical and measurement_in_range: the same answer for every kind, unit and value, and every metric\'s bounds', async () => {
  await withOracle(async (c) => {
    // The conversion depends on the metric's kind only: one metric per kind, every unit.
    const canonical = await c.query(
      `with kinds as (select distinct on ((pg_temp.measurement_bounds(m)).kind) m from unnest(enum_range(null::vitalis.measurement_metric)) m order by (pg_temp.measurement_bounds(m)).kind, m),
            grid as (select m, v, u from kinds, unnest($1::numeric[]) v, unnest($2::text[]) u)
       select count(distinct m)::int as kinds, count(*)::int as cases, count(*) filter (where pg_temp.measurement_canonical(m, v, u) is not null)::int as converted,
              count(*) filter (where vitalis_private.measurement_canonical(m, v, u) is distinct from pg_temp.measurement_canonical(m, v, u))::int as differs
         from grid`, [VALUES, KIND_UNITS]);
    expect(canonical.rows[0]).toMatchObject({ kinds: 7, cases: 7 * VALUES.length * KIND_UNITS.length, differs: 0 });
    expect(canonical.rows[0].converted).toBeGreaterThan(100);
    // The bounds: every metric, in its own unit, a unit of another kind and none, around its range.
    const inRange = await c.query(
      `with grid as (select m, b.min_value + d * (b.max_value - b.min_value) as v, u
                       from unnest(enum_range(null::vitalis.measurement_metric)) m, pg_temp.measurement_bounds(m) b,
                            unnest(array[-0.001, 0, 0.5, 1, 1.001]::numeric[]) d, unnest(array[b.unit, 'lb', 'furlong', null]) u)
       select count(*)::int as cases, count(*) filter (where pg_temp.measurement_in_range(m, v, u))::int as in_range,
              count(*) filter (where vitalis_private.measurement_in_range(m, v, u) is distinct from pg_temp.measurement_in_range(m, v, u))::int as differs
         from grid`);
    expect(inRange.rows[0]).toMatchObject({ cases: 25 * 5 * 4, differs: 0 });
    // Not a vacuous comparison: in range in each metric's own unit (3 of the 5 values), out of it
    // beyond the bounds and, for metrics with a unit kind, in a unit of another kind.
    expect(inRange.rows[0].in_range).toBeGreaterThanOrEqual(25 * 3);
    expect(inRange.rows[0].in_range).toBeLessThan(inRange.rows[0].cases / 2);
  });
});
