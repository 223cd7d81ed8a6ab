// The lab fixtures (bench/generate/reports/labs.ts) read end to end, as an upload is: text
// extraction (text layer, or OCR for the scanned twins), the lab parser, the dictionary mapping and
// the draft, scored against the truth the fixtures were drawn from.
import { labFixtures } from '../../bench/generate/reports/labs';
import { scoreDraft, type ReportFixture, type ReportScore } from '../../bench/generate/reports/truth';
import { assembleDraft } from '../../src/documents/assemble';
import { loadBiomarkerDictionary, type BiomarkerEntry } from '../../src/documents/dictionary';
import type { Draft, LabResult } from '../../src/documents/draft';
import { closeExtraction, extractDocument } from '../../src/documents/extract';
import { detectLabFamily, parseLabReport } from '../../src/documents/labs';
import { mapLabResults } from '../../src/documents/mapping';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
const read: { fixture: ReportFixture; draft: Draft; family: string | null; score: ReportScore }[] = [];

async function readFixture(fixture: ReportFixture, dictionary: BiomarkerEntry[]) {
  const extraction = await extractDocument(fixture.bytes);
  const lines = extraction.pages.flatMap((p) => p.lines);
  const parsed = parseLabReport(lines);
  const items = mapLabResults(parsed.items as LabResult[], dictionary);
  const draft = assembleDraft({ ...parsed, items }, extraction);
  return { fixture, draft, family: detectLabFamily(lines), score: scoreDraft(draft, fixture.truth) };
}

beforeAll(async () => {
  const dictionary = await loadBiomarkerDictionary(db.pool);
  for (const fixture of await labFixtures({ scans: true })) read.push(await readFixture(fixture, dictionary));
}, 900_000);

afterAll(() => closeExtraction());

function totals(layer: ReportFixture['layer']) {
  const of = read.filter((r) => r.fixture.layer === layer);
  const expected = of.reduce((n, r) => n + r.score.expected, 0);
  const right = of.reduce((n, r) => n + r.score.right, 0);
  const dropped = of.reduce((n, r) => n + r.score.dropped, 0);
  const lines = of.map((r) => `  ${r.fixture.name}: ${r.score.right}/${r.score.expected} right, ${r.score.dropped} dropped, confidence ${r.draft.confidence}${r.score.mistakes.map((m) => `\n    ${m}`).join('')}`);
  console.log(`lab fixtures, ${layer}: ${right}/${expected} results fully right (${((100 * right) / expected).toFixed(1)} %), ${dropped} dropped\n${lines.join('\n')}`);
  return { expected, right, dropped };
}

describe('lab fixtures read end to end', () => {
  test('text PDFs: at least 98 % of results fully right (value, unit, range, flag, marker), none dropped', () => {
    const { expected, right, dropped } = totals('text');
    expect(expected).toBeGreaterThan(100);
    expect(right / expected).toBeGreaterThanOrEqual(0.98);
    expect(dropped).toBe(0);
  });

  test('scanned twins (OCR): at least 90 % fully right, none dropped', () => {
    const { expected, right, dropped } = totals('scan');
    expect(expected).toBeGreaterThan(100);
    expect(right / expected).toBeGreaterThanOrEqual(0.9);
    expect(dropped).toBe(0);
  });

  test('every fixture is recognised as its layout, on both paths', () => {
    expect(read.map((r) => [r.fixture.name, r.family])).toEqual(read.map((r) => [r.fixture.name, r.fixture.family]));
  });

  test('the text PDFs give the header: lab, ordering provider, dates, specimen, fasting', () => {
    for (const r of read.filter((x) => x.fixture.layer === 'text')) {
      expect({ name: r.fixture.name, header: r.draft.header }).toEqual({ name: r.fixture.name, header: expect.objectContaining(r.fixture.truth.header) });
    }
  });

  test('results the dictionary does not hold are kept unmatched, never mapped to a neighbour', () => {
    const unmatched = read
      .filter((r) => r.fixture.layer === 'text')
      .flatMap((r) => r.draft.items.filter((i): i is LabResult => i.type === 'lab_result' && i.biomarkerId === null).map((i) => i.printedName));
    expect(unmatched.sort()).toEqual(['VITAMIN A', 'Vitamin B6']);
  });

  test('items carry their provenance and the rules extractor; comment lines are not items', () => {
    for (const r of read.filter((x) => x.fixture.layer === 'text')) {
      for (const item of r.draft.items) {
        expect(item.extractor).toBe('rules');
        expect(item.source).toEqual(expect.objectContaining({ page: expect.any(Number), x: expect.any(Number), y: expect.any(Number) }));
      }
      const names = r.draft.items.map((i) => (i as LabResult).printedName.toLowerCase());
      expect(names.filter((n) => /note|deficiency|prediabetes|diabetes:|critical values/.test(n))).toEqual([]);
    }
  });
});
