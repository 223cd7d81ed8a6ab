import { createUser, useTestDatabase } from '../helpers/db';
import { describeWithSamples, readTable, sample } from '../helpers/samples';

const db = useTestDatabase();

const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];
const marker = async (slug: string) => (await one(`select * from vitalis.biomarker_dictionary where canonical_name = $1`, [slug])) as Record<string, unknown>;

test('unit spellings normalise to one key', async () => {
  const groups = [
    ['mg/dL', 'mg/dl', 'MG/DL', ' mg / dL '],
    ['ug/dL', 'µg/dL', 'μg/dL', 'mcg/dL'],
    ['x10E3/uL', 'x10^3/uL', '10^3/uL', '10*3/uL', 'K/uL', 'Thousand/uL', 'x10(3)/uL', '10^3/µL'],
    ['x10E6/uL', '10^6/uL', 'M/uL', 'Million/uL'],
    ['uIU/mL', 'µIU/mL', 'u[IU]/mL'],
    ['degF', '°F', 'F', '[degF]'],
    ['lbs', 'lb', 'pounds'],
  ];
  for (const g of groups) {
    const { rows } = await db.pool.query(`select distinct vitalis.normalize_unit(u) as k from unnest($1::text[]) u`, [g]);
    expect({ group: g, keys: rows.length }).toEqual({ group: g, keys: 1 });
  }
});

test('the conversion pairs of SCHEMA.md section 8', async () => {
  const convert = async (value: number, from: string, to: string, slug?: string) =>
    (await one(`select vitalis.convert_unit($1, $2, $3, (select biomarker_id from vitalis.biomarker_dictionary where canonical_name = $4))::float8 as v`, [value, from, to, slug ?? null])).v as number | null;
  expect(await convert(100, 'ng/dL', 'nmol/L', 'testosterone_total')).toBeCloseTo(3.467, 2);
  expect(await convert(100, 'pg/mL', 'pmol/L', 'estradiol')).toBeCloseTo(367.1, 0);
  expect(await convert(100, 'mg/dL', 'mmol/L', 'glucose')).toBeCloseTo(5.551, 2);
  expect(await convert(100, 'mg/dL', 'mmol/L', 'cholesterol_total')).toBeCloseTo(2.586, 2);
  expect(await convert(1, 'mg/dL', 'umol/L', 'creatinine')).toBeCloseTo(88.42, 1);
  expect(await convert(100, 'lbs', 'kg')).toBeCloseTo(45.359, 3);
  expect(await convert(10, 'in', 'cm')).toBeCloseTo(25.4, 6);
  expect(await convert(98.6, '°F', '°C')).toBeCloseTo(37, 6);
  expect(await convert(37, 'degC', 'degF')).toBeCloseTo(98.6, 6);
  // SCHEMA.md says nmol/L for DHEA-S, but 0.02714 is the µg/dL -> µmol/L factor (see docs/schema-notes.md).
  expect(await convert(100, 'ug/dL', 'umol/L', 'dhea_s')).toBeCloseTo(2.714, 2);
  expect(await convert(1, 'kcal', 'kJ')).toBeCloseTo(4.184, 3);
  expect(await convert(1, 'mg/dL', 'parsecs')).toBeNull();
  expect(await convert(1, 'mg/dL', 'mmol/L')).toBeNull(); // mass to molar needs a marker
});

test('a blood marker gets its canonical value, range verdict, flag and sex-specific optimal range filled in', async () => {
  const woman = await createUser(db.pool, { sex: 'female' });
  const man = await createUser(db.pool, { sex: 'male' });
  const ferritin = await marker('ferritin');
  const glucose = await marker('glucose');
  expect(ferritin.sex_specific_ranges).toBe(true);
  const insert = async (user: string, biomarker: Record<string, unknown>, value: number, unit: string, extra: Record<string, unknown> = {}) => {
    const panel = (await one(`insert into vitalis.blood_panels (user_id, collected_at) values ($1, now()) returning panel_id`, [user])).panel_id;
    const cols = ['user_id', 'panel_id', 'biomarker_id', 'raw_name', 'value_numeric', 'unit', ...Object.keys(extra)];
    const vals = [user, panel, biomarker.biomarker_id, String(biomarker.display_name), value, unit, ...Object.values(extra)];
    return one(`insert into vitalis.blood_markers (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})
                returning value_canonical::float8 as canonical, in_range, flag, optimal_low::float8 as low, optimal_high::float8 as high`, vals);
  };
  const g = await insert(man, glucose, 5, 'mmol/L');
  expect(g.canonical).toBeCloseTo(90.08, 1);
  expect(g.in_range).toBe(true);
  expect(g.flag).toBeNull();
  const high = await insert(man, glucose, 8, 'MMOL/L');
  expect(high).toMatchObject({ in_range: false, flag: 'H' });
  const labFlag = await insert(man, glucose, 120, 'mg/dl', { ref_range_low: 65, ref_range_high: 99, flag: 'HH' });
  expect(labFlag).toMatchObject({ canonical: 120, in_range: false, flag: 'HH' });
  const fW = await insert(woman, ferritin, 80, 'ng/mL');
  const fM = await insert(man, ferritin, 80, 'ng/mL');
  expect([fW.low, fW.high]).toEqual([Number(ferritin.optimal_low_female), Number(ferritin.optimal_high_female)]);
  expect([fM.low, fM.high]).toEqual([Number(ferritin.optimal_low_male), Number(ferritin.optimal_high_male)]);
  expect([fW.low, fW.high]).not.toEqual([fM.low, fM.high]);
});

test('a unit the marker does not accept is a clear error naming the field, and nothing is written', async () => {
  const user = await createUser(db.pool);
  const panel = (await one(`insert into vitalis.blood_panels (user_id) values ($1) returning panel_id`, [user])).panel_id;
  const glucose = await marker('glucose');
  const error = await db.pool.query(
    `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit) values ($1, $2, $3, 'Glucose', 5, 'furlongs')`,
    [user, panel, glucose.biomarker_id]).catch((e) => e);
  expect(error).toMatchObject({ code: '22023', column: 'unit', message: expect.stringMatching(/^unit: "furlongs" is not an accepted unit for Glucose; accepted units: .*mg\/dL/) });
  expect((await one(`select count(*)::int as n from vitalis.blood_markers where panel_id = $1`, [panel])).n).toBe(0);
});

test('every unit a marker lists converts to its canonical unit', async () => {
  const { rows } = await db.pool.query(`
    select d.canonical_name, u as unit from vitalis.biomarker_dictionary d cross join unnest(d.common_units) u
     where not d.is_qualitative and vitalis.to_canonical(1, u, d.biomarker_id) is null`);
  expect(rows).toEqual([]);
});

describeWithSamples('factors agree with loinc-conversion.tsv (../shared/samples)', () => {
  // Rows of that file we disagree with, and why (each one checked by hand).
  const KNOWN_WRONG_IN_SAMPLE: Record<string, string> = {
    '14675-3>2143-6@0.362': 'cortisol: contradicted by the same file (27.5862 nmol/L per ug/dL), which we match',
    '14682-9>2160-0@0.011': 'creatinine rounded to 2 digits; the same file also says 0.01131, which we match',
    '14937-7>3094-0@6.006': 'converts urea, not urea nitrogen (BUN); BUN is 2.8014',
    '14928-6>3051-0@64.94': 'free T3: contradicted by the same file (0.651), which we match',
    '43583-4>10835-7@28.01': 'Lp(a) has no fixed molar mass; labs do not convert nmol/L to mg/dL this way',
    '14685-2>2132-9@1.329': 'vitamin B12: contradicted by the same file (1.3554), which we match',
  };
  test('within 1% wherever we know the marker and both units', async () => {
    const rows = readTable(sample('loinc', 'loinc-conversion.tsv'), '\t');
    const { rows: ours } = await db.pool.query(`
      select v.key, v.factor::float8 as factor, vitalis.convert_unit(1, v.fu, v.tu, d.biomarker_id)::float8 as ours
        from jsonb_to_recordset($1) v(key text, fl text, fu text, tl text, tu text, factor numeric)
        join vitalis.biomarker_dictionary d on d.loinc_code in (v.fl, v.tl)`,
      [JSON.stringify(rows.map((r) => ({ key: `${r.FROM_LOINC}>${r.TO_LOINC}@${r.FACTOR}`, fl: r.FROM_LOINC, fu: r.FROM_UNIT, tl: r.TO_LOINC, tu: r.TO_UNIT, factor: r.FACTOR })))]);
    const compared = ours.filter((r) => r.ours !== null);
    // Some rows state the factor for the opposite direction; either reading may match.
    const disagree = compared
      .filter((r) => Math.abs(r.ours / r.factor - 1) > 0.01 && Math.abs(r.ours * r.factor - 1) > 0.01)
      .map((r) => r.key)
      .filter((k) => !(k in KNOWN_WRONG_IN_SAMPLE));
    expect(disagree).toEqual([]);
    expect(compared.length).toBeGreaterThanOrEqual(60);
  });
});
