import type { PoolClient } from 'pg';
import { describePgError, type PgErrorLike } from '../../src/server/pgErrors';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

// Lab panels, DEXA scans and epigenetic tests get the wearables' upsert contract
// (migration 000015, section 4-report-upserts.sql): the same report again changes nothing, a differing
// stored result is kept unless the re-import is confirmed, one bad row fails the whole batch.

const db = useTestDatabase();
let user: string;
let other: string;
let glucose: string;
let hdl: string;

beforeAll(async () => {
  user = await createUser(db.pool, { sex: 'male' });
  other = await createUser(db.pool);
  const { rows } = await db.pool.query<{ canonical_name: string; biomarker_id: string }>(
    `select canonical_name, biomarker_id from vitalis.biomarker_dictionary where canonical_name in ('glucose', 'hdl_cholesterol')`,
  );
  glucose = rows.find((r) => r.canonical_name === 'glucose')!.biomarker_id;
  hdl = rows.find((r) => r.canonical_name === 'hdl_cholesterol')!.biomarker_id;
});

interface Counts {
  inserted: number;
  updated: number;
  skipped: number;
}
const batch = (fn: string) => (who: string, rows: object[]) =>
  asRequest(db.pool, { userId: who }, (c) => c.query(`select * from vitalis.${fn}($1)`, [JSON.stringify(rows)]).then((r) => r.rows[0] as Counts), true);
const panels = batch('upsert_blood_panels');
const scans = batch('upsert_dexa_scans');
const tests = batch('upsert_epigenetic_tests');

/** A failed call's error, or null. */
const failure = (call: Promise<unknown>) => call.then(() => null, (error: PgErrorLike) => error);

/** As the server's confirm path calls the private functions: the owner role, acting for one user. */
async function asOwner<T>(who: string, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('app.current_user_id', $1, true)`, [who]);
    await client.query('set local role vitalis_owner');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
const upsertOne = (fn: string, who: string, report: object, override = false) =>
  asOwner(who, (c) => c.query(`select vitalis_private.${fn}($1, $2) as id`, [JSON.stringify(report), override]).then((r) => r.rows[0].id as string));

const auditRows = async (who: string) => Number((await db.pool.query(`select count(*) from vitalis.audit_log where user_id = $1`, [who])).rows[0].count);

const labReport = (collectedAt: string, glucoseValue = 95, extra: object = {}) => ({
  lab_name: 'Quest',
  collected_at: collectedAt,
  panel_name: 'Comprehensive Metabolic Panel',
  ...extra,
  markers: [
    { biomarker_id: glucose, raw_name: 'Glucose', value_numeric: glucoseValue, unit: 'mg/dL', ref_range_low: 65, ref_range_high: 99, sub_panel: 'CMP' },
    { biomarker_id: hdl, raw_name: 'HDL Cholesterol', value_numeric: 52, unit: 'mg/dL' },
    { raw_name: 'Urine Color', value_text: 'YELLOW' },
  ],
});

const markersOf = (who: string, collectedAt: string) =>
  db.pool
    .query<{ raw_name: string; value: number | null; value_text: string | null; flag: string | null; in_range: boolean | null }>(
      `select m.raw_name, m.value_numeric::float8 as value, m.value_text, m.flag, m.in_range
         from vitalis.blood_markers m join vitalis.blood_panels p using (panel_id)
        where p.user_id = $1 and p.collected_at = $2 order by m.raw_name`,
      [who, collectedAt],
    )
    .then((r) => r.rows);

describe('lab panels', () => {
  test('the same report again counts nothing inserted or updated and writes no audit row or updated_at', async () => {
    const report = labReport('2024-03-01T08:00:00Z');
    expect(await panels(user, [report])).toEqual({ inserted: 4, updated: 0, skipped: 0 });
    const stamps = await db.pool.query(`select updated_at from vitalis.blood_markers where user_id = $1 order by marker_id`, [user]);
    const audits = await auditRows(user);

    expect(await panels(user, [report])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
    expect(await auditRows(user)).toBe(audits);
    expect((await db.pool.query(`select updated_at from vitalis.blood_markers where user_id = $1 order by marker_id`, [user])).rows).toEqual(stamps.rows);
    expect(await markersOf(user, '2024-03-01T08:00:00Z')).toEqual([
      { raw_name: 'Glucose', value: 95, value_text: null, flag: null, in_range: true },
      { raw_name: 'HDL Cholesterol', value: 52, value_text: null, flag: null, in_range: true },
      { raw_name: 'Urine Color', value: null, value_text: 'YELLOW', flag: null, in_range: null },
    ]);
  });

  test('a different value is kept out unless the re-import is confirmed, which replaces it and derives its flag again', async () => {
    await panels(user, [labReport('2024-04-01T08:00:00Z', 95)]);
    expect(await panels(user, [labReport('2024-04-01T08:00:00Z', 120)])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
    expect((await markersOf(user, '2024-04-01T08:00:00Z'))[0]).toMatchObject({ raw_name: 'Glucose', value: 95, flag: null });

    expect(await panels(user, [{ ...labReport('2024-04-01T08:00:00Z', 120), confirmed: true }])).toEqual({ inserted: 0, updated: 1, skipped: 3 });
    expect((await markersOf(user, '2024-04-01T08:00:00Z'))[0]).toMatchObject({ raw_name: 'Glucose', value: 120, flag: 'H', in_range: false });
    // Confirmed again (as the confirm path always is), the same report changes nothing: the flag it
    // left out is the one derived, not a new one.
    expect(await panels(user, [{ ...labReport('2024-04-01T08:00:00Z', 120), confirmed: true }])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
    expect(await db.pool.query(`select count(*)::int as n from vitalis.blood_panels where user_id = $1 and collected_at = '2024-04-01T08:00:00Z'`, [user]).then((r) => r.rows[0].n)).toBe(1);
  });

  test('a header gains the fields it lacked; without confirmation a stored one stays, with it the new one wins', async () => {
    const at = '2024-05-01T08:00:00Z';
    await panels(user, [labReport(at)]);
    expect(await panels(user, [labReport(at, 95, { lab_provider: 'Dr. Who', panel_name: 'Lipid Panel' })])).toEqual({ inserted: 0, updated: 1, skipped: 3 });
    const header = () => db.pool.query(`select lab_provider, panel_name from vitalis.blood_panels where user_id = $1 and collected_at = $2`, [user, at]).then((r) => r.rows);
    expect(await header()).toEqual([{ lab_provider: 'Dr. Who', panel_name: 'Comprehensive Metabolic Panel' }]);
    expect(await panels(user, [{ ...labReport(at, 95, { panel_name: 'Lipid Panel' }), confirmed: true }])).toEqual({ inserted: 0, updated: 1, skipped: 3 });
    expect(await header()).toEqual([{ lab_provider: 'Dr. Who', panel_name: 'Lipid Panel' }]);
  });

  test('unmatched results are known by their printed name, case aside; a repeated one in a report counts as skipped', async () => {
    const at = '2024-06-01T08:00:00Z';
    const report = (color: string, confirmed = false) => ({
      lab_name: 'Labcorp',
      collected_at: at,
      confirmed,
      markers: [
        { raw_name: 'Urine Color', value_text: color },
        { raw_name: 'Appearance', value_text: 'CLEAR' },
        { raw_name: 'appearance', value_text: 'HAZY' },
      ],
    });
    expect(await panels(user, [report('YELLOW')])).toEqual({ inserted: 3, updated: 0, skipped: 1 });
    expect(await panels(user, [{ ...report('AMBER'), markers: [{ raw_name: 'URINE COLOR', value_text: 'AMBER' }] }])).toEqual({ inserted: 0, updated: 0, skipped: 2 });
    expect(await panels(user, [{ ...report('AMBER', true), markers: [{ raw_name: 'URINE COLOR', value_text: 'AMBER' }] }])).toEqual({ inserted: 0, updated: 1, skipped: 1 });
    expect((await markersOf(user, at)).map((m) => [m.raw_name, m.value_text])).toEqual([
      ['Appearance', 'CLEAR'],
      ['URINE COLOR', 'AMBER'],
    ]);
  });

  test("another user's identical panel is a row of their own, and their confirmed re-import never touches the first user's", async () => {
    const at = '2024-07-01T08:00:00Z';
    expect(await panels(user, [labReport(at, 90)])).toEqual({ inserted: 4, updated: 0, skipped: 0 });
    expect(await panels(other, [labReport(at, 90)])).toEqual({ inserted: 4, updated: 0, skipped: 0 });
    expect(await panels(other, [{ ...labReport(at, 130), confirmed: true }])).toEqual({ inserted: 0, updated: 1, skipped: 3 });
    expect((await markersOf(user, at))[0]).toMatchObject({ value: 90 });
    expect((await markersOf(other, at))[0]).toMatchObject({ value: 130 });
  });

  test('two imports of the same new report at once make one panel: the second waits for the first and finds it', async () => {
    const report = JSON.stringify([labReport('2024-07-15T08:00:00Z')]);
    const [first, second] = await Promise.all([db.pool.connect(), db.pool.connect()]);
    try {
      for (const c of [first, second]) {
        await c.query('begin');
        await c.query(`select set_config('app.current_user_id', $1, true)`, [user]);
        await c.query('set local role vitalis_api');
      }
      expect((await first.query('select * from vitalis.upsert_blood_panels($1)', [report])).rows[0]).toEqual({ inserted: 4, updated: 0, skipped: 0 });
      const waiting = second.query('select * from vitalis.upsert_blood_panels($1)', [report]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query('commit');
      expect((await waiting).rows[0]).toEqual({ inserted: 0, updated: 0, skipped: 4 });
      await second.query('commit');
    } finally {
      first.release();
      second.release();
    }
    expect(await db.pool.query(`select count(*)::int as n from vitalis.blood_panels where user_id = $1 and collected_at = '2024-07-15T08:00:00Z'`, [user]).then((r) => r.rows[0].n)).toBe(1);
  });

  test('a bad marker fails the whole batch, naming the field; nothing of it is written', async () => {
    const good = labReport('2024-08-01T08:00:00Z');
    const badUnit = { ...labReport('2024-08-02T08:00:00Z'), markers: [{ biomarker_id: glucose, raw_name: 'Glucose', value_numeric: 5.2, unit: 'furlongs' }] };
    const error = await failure(panels(user, [good, badUnit]));
    expect(error).toMatchObject({ code: '22023', column: 'unit', message: expect.stringMatching(/^unit: "furlongs" is not an accepted unit for Glucose/) });
    expect(await db.pool.query(`select count(*)::int as n from vitalis.blood_panels where user_id = $1 and collected_at >= '2024-08-01' and collected_at < '2024-09-01'`, [user]).then((r) => r.rows[0].n)).toBe(0);

    const notANumber = { ...good, markers: [{ raw_name: 'Glucose', value_numeric: 'high' }] };
    expect(await failure(panels(user, [good, notANumber]))).toMatchObject({ column: 'value_numeric', message: 'valueNumeric: must be a number (rows[1].markers[0])' });
    expect(await failure(panels(user, [{ ...good, markers: [{ value_text: 'x' }] }]))).toMatchObject({ column: 'raw_name', message: 'rawName: must be given (rows[0].markers[0])' });
    expect(await failure(panels(user, [{ ...good, confirmed: 'yes' }]))).toMatchObject({ column: 'confirmed', message: 'confirmed: must be true or false (rows[0])' });
    expect(await failure(panels(user, { not: 'an array' } as unknown as object[]))).toMatchObject({ message: 'rows: must be a JSON array of objects' });
  });

  test('a client may not set what the server owns: a panel\'s document_id and user_id are the server\'s, a marker\'s parse_confidence and derived values unknown fields', async () => {
    const good = labReport('2024-09-01T08:00:00Z');
    expect(await failure(panels(user, [{ ...good, document_id: '00000000-0000-0000-0000-000000000000' }]))).toMatchObject({
      column: 'rows',
      message: 'rows[0].document_id is set by the server; a client may not send it',
    });
    expect(await failure(panels(user, [{ ...good, markers: [{ raw_name: 'Glucose', value_numeric: 1, parse_confidence: 0.9 }] }]))).toMatchObject({
      message: 'rows: rows[0].markers[0].parse_confidence is not a known field',
    });
    expect(await failure(panels(user, [{ ...good, markers: [{ raw_name: 'Glucose', value_numeric: 1, in_range: true }] }]))).toMatchObject({
      message: 'rows: rows[0].markers[0].in_range is not a known field',
    });
    expect(await failure(panels(user, [{ ...good, user_id: other }]))).toMatchObject({ message: 'rows[0].user_id is set by the server; a client may not send it' });
  });
});

describe('DEXA scans', () => {
  const scan = (fatLbs: number, extra: object = {}) => ({
    provider: 'BodySpec',
    scan_date: '2024-03-10',
    total_body_fat_pct: 18.4,
    ...extra,
    regions: [
      { region: 'arms', fat_lbs: fatLbs, lean_lbs: 20.5 },
      { region: 'legs', fat_lbs: 11.2, lean_lbs: 45 },
    ],
    bone_density: [{ region: 'l1_l4', bmd_g_cm2: 1.21, t_score: 0.8, z_score: 0.9 }],
  });
  const arms = () =>
    db.pool.query(`select r.fat_lbs::float8 as fat from vitalis.dexa_regions r where r.user_id = $1 and r.region = 'arms'`, [user]).then((r) => r.rows);

  test('regions and bone densities upsert like markers: same again nothing, a change kept until confirmed', async () => {
    expect(await scans(user, [scan(3.1)])).toEqual({ inserted: 4, updated: 0, skipped: 0 });
    const audits = await auditRows(user);
    expect(await scans(user, [scan(3.1)])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
    expect(await auditRows(user)).toBe(audits);

    expect(await scans(user, [scan(3.4, { visceral_fat_lbs: 0.8 })])).toEqual({ inserted: 0, updated: 1, skipped: 3 });
    expect(await arms()).toEqual([{ fat: 3.1 }]);
    const added = { ...scan(3.4), confirmed: true, bone_density: [...scan(3.4).bone_density, { region: 'femoral_neck_left', t_score: -0.2 }] };
    expect(await scans(user, [added])).toEqual({ inserted: 1, updated: 1, skipped: 3 });
    expect(await arms()).toEqual([{ fat: 3.4 }]);
    expect(await scans(user, [added])).toEqual({ inserted: 0, updated: 0, skipped: 5 });
    const { rows } = await db.pool.query(`select count(*)::int as n, max(visceral_fat_lbs)::float8 as visceral from vitalis.dexa_scans where user_id = $1`, [user]);
    expect(rows).toEqual([{ n: 1, visceral: 0.8 }]);
  });

  test('an unknown region or an out-of-range value fails the call with the field named', async () => {
    const unknown = await failure(scans(user, [{ ...scan(3), scan_date: '2024-04-10', regions: [{ region: 'elbow', fat_lbs: 1 }] }]));
    expect(unknown).toMatchObject({ code: '22023', column: 'region', message: expect.stringMatching(/^region: must be one of total, arms, .* \(rows\[0\]\.regions\[0\]\)$/) });
    const tooFat = await failure(scans(user, [{ ...scan(3), scan_date: '2024-04-10', total_body_fat_pct: 95 }]));
    expect(describePgError(tooFat!)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'totalBodyFatPct' });
    expect(await failure(scans(user, [{ provider: 'BodySpec' }]))).toMatchObject({ message: 'scanDate: must be given (rows[0])' });
    expect(await db.pool.query(`select count(*)::int as n from vitalis.dexa_scans where user_id = $1 and scan_date = '2024-04-10'`, [user]).then((r) => r.rows[0].n)).toBe(0);
  });
});

describe('epigenetic tests', () => {
  const test1 = (heart: number, extra: object = {}) => ({
    provider: 'TruDiagnostic',
    kit_id: 'TD-1',
    collected_at: '2024-02-01',
    chronological_age: 41.3,
    biological_age: 38.9,
    pace_score: 0.87,
    ...extra,
    organ_ages: [
      { organ_system: 'heart', biological_age: heart },
      { organ_system: 'lung', biological_age: 41.3 },
      { organ_system: 'brain', biological_age: 44, chronological_age: 41 },
    ],
  });
  const organs = () =>
    db.pool
      .query(
        `select organ_system::text as organ, biological_age::float8 as bio, chronological_age::float8 as chrono, delta_years::float8 as delta, direction
           from vitalis.epigenetic_organ_ages where user_id = $1 order by organ_system::text`,
        [user],
      )
      .then((r) => r.rows);

  test("organ ages take the test's chronological age and get their delta and direction; the same test again changes nothing", async () => {
    expect(await tests(user, [test1(37.5)])).toEqual({ inserted: 4, updated: 0, skipped: 0 });
    expect(await organs()).toEqual([
      { organ: 'brain', bio: 44, chrono: 41, delta: 3, direction: 'older' },
      { organ: 'heart', bio: 37.5, chrono: 41.3, delta: -3.8, direction: 'younger' },
      { organ: 'lung', bio: 41.3, chrono: 41.3, delta: 0, direction: 'same' },
    ]);
    const audits = await auditRows(user);
    expect(await tests(user, [test1(37.5)])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
    expect(await auditRows(user)).toBe(audits);
  });

  test('a changed organ age is kept until confirmed, then replaced with its delta worked out again', async () => {
    expect(await tests(user, [test1(40)])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
    expect(await tests(user, [{ ...test1(40), confirmed: true }])).toEqual({ inserted: 0, updated: 1, skipped: 3 });
    expect((await organs()).find((o) => o.organ === 'heart')).toEqual({ organ: 'heart', bio: 40, chrono: 41.3, delta: -1.3, direction: 'younger' });
    expect(await tests(user, [{ ...test1(40), confirmed: true }])).toEqual({ inserted: 0, updated: 0, skipped: 4 });
  });

  test('a pace score out of range or an unknown organ system fails the call with the field named, nothing written', async () => {
    const fast = await failure(tests(user, [{ ...test1(40), kit_id: 'TD-2', pace_score: 3.5 }]));
    expect(fast).toMatchObject({ constraint: 'epigenetic_tests_pace_score_range' });
    expect(describePgError(fast!)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paceScore' });
    const organ = await failure(tests(user, [{ ...test1(40), kit_id: 'TD-2', organ_ages: [{ organ_system: 'spleen', biological_age: 30 }] }]));
    expect(organ).toMatchObject({ column: 'organ_system', message: expect.stringMatching(/^organSystem: must be one of brain, heart, .* \(rows\[0\]\.organ_ages\[0\]\)$/) });
    expect(await db.pool.query(`select count(*)::int as n from vitalis.epigenetic_tests where user_id = $1 and kit_id = 'TD-2'`, [user]).then((r) => r.rows[0].n)).toBe(0);
  });
});

describe('the private single-report functions (the confirm path)', () => {
  let document: string;
  beforeAll(async () => {
    const { rows } = await db.pool.query(
      `insert into vitalis.documents (user_id, document_type, s3_key) values ($1, 'blood_work', 'documents/x/report.pdf') returning document_id`,
      [user],
    );
    document = rows[0].document_id;
  });

  test('return the id of the stored row on a second call', async () => {
    const lab = { ...labReport('2025-01-05T09:00:00Z'), document_id: document };
    const first = await upsertOne('upsert_blood_panel', user, lab, true);
    expect(await upsertOne('upsert_blood_panel', user, lab, true)).toBe(first);
    const dexa = { provider: 'DexaFit', scan_date: '2025-01-06', regions: [{ region: 'trunk', fat_lbs: 12 }] };
    const scanId = await upsertOne('upsert_dexa_scan', user, dexa);
    expect(await upsertOne('upsert_dexa_scan', user, dexa)).toBe(scanId);
    const epi = { provider: 'Blueprint', collected_at: '2025-01-07', chronological_age: 40, organ_ages: [{ organ_system: 'liver', biological_age: 39 }] };
    const testId = await upsertOne('upsert_epigenetic_test', user, epi);
    expect(await upsertOne('upsert_epigenetic_test', user, epi)).toBe(testId);
  });

  test('a panel without a collection time is found again by its document, and takes the time when it comes', async () => {
    const undated = { lab_name: 'Labcorp', document_id: document, markers: [{ raw_name: 'Glucose', biomarker_id: glucose, value_numeric: 88, unit: 'mg/dL' }] };
    const first = await upsertOne('upsert_blood_panel', user, undated, true);
    expect(await upsertOne('upsert_blood_panel', user, undated, true)).toBe(first);
    expect(await upsertOne('upsert_blood_panel', user, { ...undated, collected_at: '2025-02-01T08:00:00Z' }, true)).toBe(first);
    const { rows } = await db.pool.query(`select collected_at from vitalis.blood_panels where panel_id = $1`, [first]);
    expect(rows[0].collected_at).toEqual(new Date('2025-02-01T08:00:00Z'));
    // Without a document an undated panel is a new one each time: nothing says it is the same.
    const anonymous = { lab_name: undated.lab_name, markers: undated.markers };
    expect(await upsertOne('upsert_blood_panel', user, anonymous)).not.toBe(await upsertOne('upsert_blood_panel', user, anonymous));
  });

  test('act only for the signed-in user', async () => {
    const error = await failure(asOwner('', (c) => c.query(`select vitalis_private.upsert_dexa_scan($1, false)`, [JSON.stringify({ scan_date: '2025-01-06' })])));
    expect(error).toMatchObject({ code: '28000', message: 'userId: a signed-in user is required' });
  });
});
