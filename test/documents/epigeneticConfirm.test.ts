// What the epigenetic parser produces is what the database takes: each fixture's draft, saved as
// the worker saves it and confirmed as its owner, becomes a test with its organ ages.
import { randomUUID } from 'node:crypto';
import { epigeneticFixtures } from '../../bench/generate/reports/epigenetic';
import type { ValueTruth } from '../../bench/generate/reports/truth';
import { assembleDraft } from '../../src/documents/assemble';
import { parseEpigeneticReport } from '../../src/documents/epigenetics';
import { closeExtraction, extractDocument } from '../../src/documents/extract';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let owner: string;

beforeAll(async () => {
  owner = await createUser(db.pool);
});
afterAll(() => closeExtraction());

test('every epigenetic fixture’s draft confirms into a test with its organ ages, differences computed', async () => {
  for (const fixture of (await epigeneticFixtures()).filter((f) => f.layer === 'text')) {
    const extraction = await extractDocument(fixture.bytes);
    const draft = assembleDraft(parseEpigeneticReport(extraction.pages.flatMap((p) => p.lines)), extraction);
    const sha = randomUUID().replace(/-/g, '').padEnd(64, '0');
    const { rows } = await db.pool.query(
      `insert into vitalis.documents (user_id, document_type, s3_key, mime_type, sha256, parse_status)
       values ($1::uuid, 'epigenetics', 'documents/' || $1::text || '/x/report.pdf', 'application/pdf', $2, 'processing') returning document_id`,
      [owner, sha],
    );
    const documentId = rows[0].document_id as string;
    await asRequest(db.pool, { role: 'vitalis_worker', userId: owner }, (c) => c.query('select vitalis_private.save_document_draft($1, $2::jsonb, $3)', [documentId, JSON.stringify(draft), sha]), true);
    const doc = await asRequest(db.pool, { userId: owner }, async (c) => (await c.query('select * from vitalis.confirm_document($1)', [documentId])).rows[0], true);
    expect({ name: fixture.name, type: doc.linked_record_type }).toEqual({ name: fixture.name, type: 'epigenetic_test' });
    const test = (
      await db.pool.query(
        `select provider, kit_id, collected_at::text, reported_at::text, methylation_clock, biological_age::float8 as bio, pace_score::float8 as pace, telomere_length::float8 as telomere
           from vitalis.epigenetic_tests where test_id = $1`,
        [doc.linked_record_id],
      )
    ).rows[0];
    const truth = Object.fromEntries(fixture.truth.items.filter((i): i is ValueTruth => i.type === 'epigenetic_summary').map((i) => [i.key, i.values.value]));
    const h = fixture.truth.header;
    expect(test).toEqual({ provider: h.provider, kit_id: h.kitId, collected_at: h.collectedAt, reported_at: h.reportedAt, methylation_clock: h.methylationClock, bio: truth.biologicalAge, pace: truth.paceScore, telomere: truth.telomereLength });
    const organs = (await db.pool.query('select organ_system::text, delta_years::float8 as delta, direction from vitalis.epigenetic_organ_ages where test_id = $1', [doc.linked_record_id])).rows;
    expect(organs).toHaveLength(fixture.truth.items.filter((i) => i.type === 'organ_age').length);
    for (const o of organs) expect(o.direction).toBe(o.delta < 0 ? 'younger' : o.delta > 0 ? 'older' : 'same');
  }
}, 120_000);
