// The lab fixtures (bench/generate/reports/labs.ts) read end to end, as an upload is: text
// extraction (text layer, or OCR for the scanned twins), the kind recognised, the lab parser, the dictionary mapping and
// the draft, scored against the truth the fixtures were drawn from.
import { labFixtures } from '../../bench/generate/reports/labs';
import { loadBiomarkerDictionary } from '../../src/documents/dictionary';
import type { LabResult } from '../../src/documents/draft';
import { closeExtraction } from '../../src/documents/extract';
import { useTestDatabase } from '../helpers/db';
import { readFixtures, testAccuracy, type ReadFixture } from './accuracy';

const db = useTestDatabase();
let read: ReadFixture[] = [];

beforeAll(async () => {
  read = await readFixtures(await labFixtures({ scans: true }), await loadBiomarkerDictionary(db.pool));
}, 900_000);

afterAll(() => closeExtraction());

describe('lab fixtures read end to end', () => {
  testAccuracy('lab', 'lab', () => read, 100);


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
