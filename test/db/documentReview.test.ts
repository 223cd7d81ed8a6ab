// A parsed report's draft is reviewed and confirmed in SQL (migrations, 2-documents.sql): only the
// fields review may change, with values of the right kind; confirmation writes the records in one
// transaction, links them, and changes nothing the second time; a household member needs the
// owner's grant to review; a confident, clean draft confirms itself when the owner asked for that.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Draft } from '../../src/documents/draft';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let owner: string;
let member: string;
let stranger: string;
let glucoseId: string;
let hdlId: string;

const at = { page: 1, line: 3, x: 40, y: 120, width: 400, height: 10 };
const lab = (id: string, name: string, extra: Partial<Record<string, unknown>> = {}) => ({
  id,
  type: 'lab_result',
  printedName: name,
  subPanel: null,
  value: 90,
  valueText: null,
  comparator: null,
  unit: 'mg/dL',
  printedUnit: 'mg/dL',
  refRangeText: '70-99',
  refLow: 70,
  refHigh: 99,
  flag: null,
  printedFlag: null,
  loinc: null,
  biomarkerId: null,
  canonicalName: null,
  matchedBy: null,
  confidence: 0.97,
  source: at,
  extractor: 'rules',
  rejected: false,
  corrected: [],
  ...extra,
});

function labDraft(items: unknown[], extra: Partial<Draft> = {}): Draft {
  return {
    version: 1,
    kind: 'lab',
    family: 'labcorp',
    extraction: { method: 'text', pages: [{ page: 1, method: 'text', confidence: 1, lines: 20 }], millis: 12 },
    header: { provider: 'Labcorp', orderingProvider: 'Dr. Smith', panelName: 'Lipid Panel', collectedAt: '2025-04-10', reportedAt: '2025-04-11', specimenId: null, kitId: null, fasting: true, methylationClock: null },
    items: items as Draft['items'],
    unreadLines: [],
    confidence: 0.95,
    warnings: [],
    ...extra,
  };
}

async function accountOf(pool: Pool, userId: string): Promise<string> {
  return (await pool.query('select account_id from vitalis.users where user_id = $1', [userId])).rows[0].account_id;
}

/** A document as an upload leaves it, then the worker's save of its draft (as the owner). */
async function parsedDocument(userId: string, draft: Draft, documentType = 'blood_work'): Promise<{ documentId: string; status: string }> {
  const sha = randomUUID().replace(/-/g, '').padEnd(64, '0');
  const { rows } = await db.pool.query(
    `insert into vitalis.documents (user_id, document_type, s3_key, mime_type, sha256, parse_status)
     values ($1::uuid, $2, 'documents/' || $1::text || '/x/report.pdf', 'application/pdf', $3, 'processing') returning document_id`,
    [userId, documentType, sha],
  );
  const documentId = rows[0].document_id as string;
  const saved = await asRequest(db.pool, { role: 'vitalis_worker', userId }, (c) => c.query('select parse_status from vitalis_private.save_document_draft($1, $2::jsonb, $3)', [documentId, JSON.stringify(draft), sha]), true);
  return { documentId, status: saved.rows[0].parse_status };
}

const call = <T = Record<string, any>>(userId: string, sql: string, params: unknown[]) =>
  asRequest(db.pool, { userId }, async (c) => (await c.query(sql, params)).rows[0] as T, true);
const errorOf = (userId: string, sql: string, params: unknown[]) => asRequest(db.pool, { userId }, (c: PoolClient) => pgError(c, () => c.query(sql, params)));
const draftOf = async (documentId: string) => (await db.pool.query('select parse_result from vitalis.documents where document_id = $1', [documentId])).rows[0].parse_result as Draft;

beforeAll(async () => {
  owner = await createUser(db.pool, { tier: 'family' });
  const { rows } = await db.pool.query(`insert into vitalis.users (account_id, email, display_name) values ($1, $2, 'Member') returning user_id`, [await accountOf(db.pool, owner), `member-${randomUUID()}@example.com`]);
  member = rows[0].user_id;
  stranger = await createUser(db.pool);
  const ids = await db.pool.query(`select canonical_name, biomarker_id from vitalis.biomarker_dictionary where canonical_name in ('glucose', 'hdl_cholesterol')`);
  glucoseId = ids.rows.find((r) => r.canonical_name === 'glucose').biomarker_id;
  hdlId = ids.rows.find((r) => r.canonical_name === 'hdl_cholesterol').biomarker_id;
});

describe('saving a draft', () => {
  test('a clean, confident draft is parsed; one with an unmatched result needs review', async () => {
    const clean = await parsedDocument(owner, labDraft([lab('r1', 'Glucose', { biomarkerId: glucoseId, canonicalName: 'glucose', matchedBy: 'alias' })]));
    expect(clean.status).toBe('parsed');
    const unmatched = await parsedDocument(owner, labDraft([lab('r1', 'Glucose', { biomarkerId: glucoseId, canonicalName: 'glucose', matchedBy: 'alias' }), lab('r2', 'Mystery Enzyme')]));
    expect(unmatched.status).toBe('needs_review');
  });

  test('the owner who asked for it gets a clean draft confirmed at once', async () => {
    const user = await createUser(db.pool);
    await call(user, 'update vitalis.user_preferences set auto_confirm_documents_at = 0.94 where user_id = vitalis.current_user_id() returning 1', []);
    const doc = await parsedDocument(user, labDraft([lab('r1', 'Glucose', { biomarkerId: glucoseId, canonicalName: 'glucose', matchedBy: 'alias' })]));
    expect(doc.status).toBe('confirmed');
    const below = await parsedDocument(user, labDraft([lab('r1', 'HDL', { biomarkerId: hdlId, canonicalName: 'hdl_cholesterol', matchedBy: 'alias' })], { confidence: 0.92 }));
    expect(below.status).toBe('parsed');
  });
});

describe('review', () => {
  let documentId: string;
  beforeAll(async () => {
    ({ documentId } = await parsedDocument(owner, labDraft([lab('r1', 'Glucose', { biomarkerId: glucoseId, canonicalName: 'glucose', matchedBy: 'alias' }), lab('r2', 'HDL Chol'), lab('r3', 'Footnote 1')])));
  });

  test('a corrected value is stored on the item and listed as corrected', async () => {
    await call(owner, 'select * from vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r1', JSON.stringify({ value: 92.5, flag: 'H' })]);
    const item = (await draftOf(documentId)).items.find((i) => i.id === 'r1')!;
    expect(item).toMatchObject({ value: 92.5, flag: 'H' });
    expect([...(item.corrected ?? [])].sort()).toEqual(['flag', 'value']);
  });

  test('mapping an unmatched result to a biomarker names it and records that the user chose it', async () => {
    await call(owner, 'select * from vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r2', JSON.stringify({ biomarkerId: hdlId })]);
    expect((await draftOf(documentId)).items.find((i) => i.id === 'r2')).toMatchObject({ biomarkerId: hdlId, canonicalName: 'hdl_cholesterol', matchedBy: 'user' });
  });

  test.each([
    [{ color: 'red' }, 'changes: color cannot be revised on a lab result'],
    [{ value: 'ninety' }, 'changes: value must be a number'],
    [{ flag: 'VERY HIGH' }, 'changes: flag must be H, L, HH, LL or ABNORMAL'],
    [{ biomarkerId: randomUUID() }, 'changes: biomarkerId is not a biomarker of the dictionary'],
    [{ printedName: null }, 'changes: printedName cannot be null'],
    [{}, 'changes: must be an object of the fields to change'],
  ])('%j is refused: %s', async (changes, message) => {
    const error = await errorOf(owner, 'select vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r1', JSON.stringify(changes)]);
    expect(error?.message).toContain(message);
  });

  test('an item that does not exist, and another user’s document, are not found', async () => {
    expect(await errorOf(owner, 'select vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r99', '{"value": 1}'])).toMatchObject({ code: 'VT404', message: 'itemId: no such item in this report\'s draft' });
    expect(await errorOf(stranger, 'select vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r1', '{"value": 1}'])).toMatchObject({ code: 'VT404' });
    expect(await errorOf(stranger, 'select vitalis.confirm_document($1)', [documentId])).toMatchObject({ code: 'VT404' });
  });

  test('a header date must be a date', async () => {
    expect((await errorOf(owner, 'select vitalis.revise_document_header($1, $2::jsonb)', [documentId, '{"collectedAt": "April 10"}']))?.message).toContain('changes: collectedAt must be a date');
    await call(owner, 'select * from vitalis.revise_document_header($1, $2::jsonb)', [documentId, '{"collectedAt": "2025-04-09", "provider": "Quest"}']);
    expect((await draftOf(documentId)).header).toMatchObject({ collectedAt: '2025-04-09', provider: 'Quest' });
  });

  test('confirming writes the panel and every result not rejected, links it, and a second confirm changes nothing', async () => {
    await call(owner, 'select * from vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r3', '{"rejected": true}']);
    const doc = await call(owner, 'select * from vitalis.confirm_document($1)', [documentId]);
    expect(doc).toMatchObject({ parse_status: 'confirmed', linked_record_type: 'blood_panel', confirmed_by: owner });
    const panel = (await db.pool.query('select * from vitalis.blood_panels where panel_id = $1', [doc.linked_record_id])).rows[0];
    expect(panel).toMatchObject({ lab_name: 'Quest', lab_provider: 'Dr. Smith', document_id: documentId, fasting: true });
    const markers = (await db.pool.query('select raw_name, biomarker_id, value_numeric::float8 as v, flag, parse_confidence::float8 as c from vitalis.blood_markers where panel_id = $1 order by raw_name', [panel.panel_id])).rows;
    expect(markers).toEqual([
      { raw_name: 'Glucose', biomarker_id: glucoseId, v: 92.5, flag: 'H', c: 0.97 },
      { raw_name: 'HDL Chol', biomarker_id: hdlId, v: 90, flag: null, c: 0.97 },
    ]);
    const again = await call(owner, 'select * from vitalis.confirm_document($1)', [documentId]);
    expect(again.linked_record_id).toBe(doc.linked_record_id);
    expect(again.confirmed_at).toEqual(doc.confirmed_at);
    expect((await db.pool.query('select count(*)::int as n from vitalis.blood_markers where panel_id = $1', [panel.panel_id])).rows[0].n).toBe(2);
  });

  test('a confirmed report is no longer a draft', async () => {
    expect((await errorOf(owner, 'select vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r1', '{"value": 1}']))?.message).toContain('documentId: the report is confirmed');
  });
});

describe('household review', () => {
  test('a member who may only read cannot review; with the owner’s grant they can, and are recorded as the confirmer', async () => {
    const { documentId } = await parsedDocument(owner, labDraft([lab('r1', 'Glucose', { biomarkerId: glucoseId, canonicalName: 'glucose', matchedBy: 'alias' })], { header: { ...labDraft([]).header, collectedAt: '2025-05-01' } }));
    expect((await errorOf(owner, 'select vitalis.confirm_document($1)', [documentId]))?.message).toBe(
      'reportedAt: the report date (2025-04-11) is before the collection date (2025-05-01); correct one with reviseDocumentHeader',
    );
    await call(owner, 'select * from vitalis.revise_document_header($1, $2::jsonb)', [documentId, '{"reportedAt": "2025-05-03"}']);
    await call(owner, 'select vitalis.grant_profile_view($1)', [member]);
    expect(await errorOf(member, 'select vitalis.confirm_document($1)', [documentId])).toMatchObject({ code: 'VT403' });
    await call(owner, 'select vitalis.grant_document_review($1)', [member]);
    await call(member, 'select * from vitalis.revise_document_item($1, $2, $3::jsonb)', [documentId, 'r1', '{"value": 101}']);
    const doc = await call(member, 'select * from vitalis.confirm_document($1)', [documentId]);
    expect(doc).toMatchObject({ parse_status: 'confirmed', confirmed_by: member });
    const panel = (await db.pool.query('select user_id from vitalis.blood_panels where panel_id = $1', [doc.linked_record_id])).rows[0];
    expect(panel.user_id).toBe(owner);
    // The member acted for the owner only inside the call.
    expect(await call(member, 'select vitalis.current_user_id() as id', [])).toEqual({ id: member });
    await call(owner, 'select vitalis.revoke_document_review($1)', [member]);
  });
});

describe('DEXA and epigenetic drafts', () => {
  const base = { confidence: 0.95, source: at, extractor: 'rules', rejected: false, corrected: [] };
  test('a DEXA draft becomes a scan with its regions and bone density', async () => {
    const draft = labDraft([
      { ...base, id: 's1', type: 'dexa_summary', field: 'totalBodyFatPct', value: 21.4, original: null },
      { ...base, id: 's2', type: 'dexa_summary', field: 'visceralFatIn3', value: 30.51, original: { value: 500, unit: 'cm3', text: '500 cm³' } },
      { ...base, id: 'g1', type: 'dexa_region', region: 'arm_left', bodyFatPct: 18.2, fatLbs: 2.1, leanLbs: 8.4, bmcLbs: 0.4, totalMassLbs: 10.9, original: null },
      { ...base, id: 'b1', type: 'bone_density', region: 'l1_l4', bmdGCm2: 1.123, tScore: 0.4, zScore: 0.6 },
    ], { kind: 'dexa', family: 'hologic', header: { ...labDraft([]).header, provider: 'Hologic clinic', collectedAt: '2025-03-02' } });
    const { documentId } = await parsedDocument(owner, draft, 'dexa');
    const doc = await call(owner, 'select * from vitalis.confirm_document($1)', [documentId]);
    expect(doc.linked_record_type).toBe('dexa_scan');
    const scan = (await db.pool.query('select scan_date::text, total_body_fat_pct::float8 as pct, visceral_fat_in3::float8 as vat from vitalis.dexa_scans where scan_id = $1', [doc.linked_record_id])).rows[0];
    expect(scan).toEqual({ scan_date: '2025-03-02', pct: 21.4, vat: 30.51 });
    expect((await db.pool.query('select region::text, fat_lbs::float8 as fat from vitalis.dexa_regions where scan_id = $1', [doc.linked_record_id])).rows).toEqual([{ region: 'arm_left', fat: 2.1 }]);
    expect((await db.pool.query('select region::text, t_score::float8 as t from vitalis.dexa_bone_density where scan_id = $1', [doc.linked_record_id])).rows).toEqual([{ region: 'l1_l4', t: 0.4 }]);
  });

  test('a DEXA draft without a scan date is refused with the field to fix, and nothing is written', async () => {
    const draft = labDraft([{ ...base, id: 's1', type: 'dexa_summary', field: 'totalBodyFatPct', value: 20, original: null }], { kind: 'dexa', family: 'bodyspec', header: { ...labDraft([]).header, collectedAt: null } });
    const { documentId } = await parsedDocument(stranger, draft, 'dexa');
    expect((await errorOf(stranger, 'select vitalis.confirm_document($1)', [documentId]))?.message).toBe('collectedAt: a DEXA scan needs its scan date; set it with reviseDocumentHeader');
    expect((await db.pool.query('select count(*)::int as n from vitalis.dexa_scans where user_id = $1', [stranger])).rows[0].n).toBe(0);
  });

  test('an epigenetic draft becomes a test with organ ages', async () => {
    const draft = labDraft([
      { ...base, id: 'e1', type: 'epigenetic_summary', field: 'biologicalAge', value: 38.2, original: null },
      { ...base, id: 'e2', type: 'epigenetic_summary', field: 'paceScore', value: 0.87, original: null },
      { ...base, id: 'o1', type: 'organ_age', organSystem: 'heart', biologicalAge: 36, chronologicalAge: 41 },
    ], { kind: 'epigenetic', family: 'trudiagnostic', header: { ...labDraft([]).header, provider: 'TruDiagnostic', kitId: 'KIT-1', collectedAt: '2025-01-15', reportedAt: '2025-02-01' } });
    const { documentId } = await parsedDocument(owner, draft, 'epigenetics');
    const doc = await call(owner, 'select * from vitalis.confirm_document($1)', [documentId]);
    expect(doc.linked_record_type).toBe('epigenetic_test');
    expect((await db.pool.query('select biological_age::float8 as age, pace_score::float8 as pace, kit_id from vitalis.epigenetic_tests where test_id = $1', [doc.linked_record_id])).rows[0]).toEqual({ age: 38.2, pace: 0.87, kit_id: 'KIT-1' });
    expect((await db.pool.query('select organ_system::text, delta_years::float8 as delta, direction from vitalis.epigenetic_organ_ages where test_id = $1', [doc.linked_record_id])).rows).toEqual([{ organ_system: 'heart', delta: -5, direction: 'younger' }]);
  });
});

describe('the parse queue', () => {
  test('one user may have ten reports waiting to be read; the eleventh is refused by name, and nothing of it is written', async () => {
    const user = await createUser(db.pool);
    const upload = (n: number) =>
      asRequest(db.pool, { userId: user }, async (c) =>
        pgError(c, () =>
          c.query('select * from vitalis_private.record_document_upload($1, $2, $3, $4, $5, $6, $7)', [
            'blood_work',
            `documents/${user}/${randomUUID()}/r${n}.pdf`,
            `r${n}.pdf`,
            'application/pdf',
            1000,
            String(n).padStart(64, '0'),
            50_000_000,
          ]),
        ),
      true);
    for (let n = 1; n <= 10; n++) expect(await upload(n)).toBeNull();
    expect(await upload(11)).toMatchObject({ code: '23514', message: 'file: 10 of your reports are still waiting to be read; upload more once they are done' });
    const docs = await db.pool.query('select count(*)::int as n from vitalis.documents where user_id = $1', [user]);
    expect(docs.rows[0].n).toBe(10);
    // Once one is read, there is room again.
    await db.pool.query(`update vitalis.documents set parse_status = 'failed' where user_id = $1 and original_filename = 'r1.pdf'`, [user]);
    expect(await upload(12)).toBeNull();
  });
});
