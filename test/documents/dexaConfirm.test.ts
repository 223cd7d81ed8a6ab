// What the DEXA parser and BodySpec's JSON produce is what the database takes: each fixture's draft,
// saved as the worker saves it and confirmed as its owner, becomes a scan with every region and
// bone-density row, in the schema's units and within its columns' scales and checks.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dexaFixtures } from '../../bench/generate/reports/dexa';
import { assembleDraft } from '../../src/documents/assemble';
import { parseBodySpecJson } from '../../src/documents/bodyspec';
import { parseDexaReport } from '../../src/documents/dexa';
import type { Draft } from '../../src/documents/draft';
import { closeExtraction, extractDocument } from '../../src/documents/extract';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let owner: string;

beforeAll(async () => {
  owner = await createUser(db.pool);
});
afterAll(() => closeExtraction());

async function savedDraft(draft: Draft): Promise<string> {
  const sha = randomUUID().replace(/-/g, '').padEnd(64, '0');
  const { rows } = await db.pool.query(
    `insert into vitalis.documents (user_id, document_type, s3_key, mime_type, sha256, parse_status)
     values ($1::uuid, 'dexa', 'documents/' || $1::text || '/x/scan.pdf', 'application/pdf', $2, 'processing') returning document_id`,
    [owner, sha],
  );
  const documentId = rows[0].document_id as string;
  await asRequest(db.pool, { role: 'vitalis_worker', userId: owner }, (c) => c.query('select vitalis_private.save_document_draft($1, $2::jsonb, $3)', [documentId, JSON.stringify(draft), sha]), true);
  return documentId;
}

const asOwner = (sql: string, params: unknown[]) => asRequest(db.pool, { userId: owner }, async (c) => (await c.query(sql, params)).rows[0], true);

async function scanOf(scanId: string) {
  const scan = (await db.pool.query('select provider, scan_date::text, total_mass_lbs::float8 as mass, visceral_fat_in3::float8 as vat from vitalis.dexa_scans where scan_id = $1', [scanId])).rows[0];
  const regions = (await db.pool.query('select region::text, fat_lbs::float8 as fat from vitalis.dexa_regions where scan_id = $1 order by region', [scanId])).rows;
  const bones = (await db.pool.query('select region::text, bmd_g_cm2::float8 as bmd from vitalis.dexa_bone_density where scan_id = $1 order by region', [scanId])).rows;
  return { scan, regions, bones };
}

test('every DEXA fixture’s draft confirms into a scan with all its regions and bone-density rows', async () => {
  for (const fixture of (await dexaFixtures()).filter((f) => f.layer === 'text')) {
    const extraction = await extractDocument(fixture.bytes);
    const draft = assembleDraft(parseDexaReport(extraction.pages.flatMap((p) => p.lines)), extraction);
    const doc = await asOwner('select * from vitalis.confirm_document($1)', [await savedDraft(draft)]);
    expect({ name: fixture.name, type: doc.linked_record_type }).toEqual({ name: fixture.name, type: 'dexa_scan' });
    const { scan, regions, bones } = await scanOf(doc.linked_record_id);
    const mass = draft.items.find((i) => i.type === 'dexa_summary' && i.field === 'totalMassLbs') as { value: number };
    expect(scan).toEqual({ provider: fixture.truth.header.provider, scan_date: fixture.truth.header.collectedAt, mass: Math.round(mass.value * 100) / 100, vat: expect.any(Number) });
    expect(regions.map((r) => r.region).sort()).toEqual(draft.items.flatMap((i) => (i.type === 'dexa_region' ? [i.region] : [])).sort());
    expect(bones.map((r) => r.region).sort()).toEqual(draft.items.flatMap((i) => (i.type === 'bone_density' ? [i.region] : [])).sort());
  }
}, 120_000);

test('BodySpec’s JSON confirms once review has given it the scan date it lacks', async () => {
  const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'bodyspec', 'composition.json'), 'utf8'));
  const documentId = await savedDraft(assembleDraft(parseBodySpecJson(json), { method: 'json', millis: 1 }));
  await asOwner('select vitalis.revise_document_header($1, $2::jsonb)', [documentId, JSON.stringify({ collectedAt: '2026-04-01' })]);
  const doc = await asOwner('select * from vitalis.confirm_document($1)', [documentId]);
  const { scan, regions } = await scanOf(doc.linked_record_id);
  expect(scan).toEqual({ provider: 'BodySpec', scan_date: '2026-04-01', mass: Math.round(json.total.total_mass_kg * 2.2046226218487757 * 100) / 100, vat: null });
  expect(regions).toHaveLength(11);
  expect(regions.find((r) => r.region === 'arm_left')!.fat).toBeCloseTo(1.12 * 2.2046226218487757, 2);
});
