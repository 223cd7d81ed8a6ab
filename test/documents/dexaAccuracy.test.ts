// The DEXA fixtures (bench/generate/reports/dexa.ts) read end to end, as an upload is: text
// extraction (the text layer, or OCR for the scanned twins), the kind recognised, the DEXA parser and the draft, scored
// against the truth the fixtures were drawn from.
import { dexaFixtures } from '../../bench/generate/reports/dexa';
import type { DraftItem } from '../../src/documents/draft';
import { closeExtraction } from '../../src/documents/extract';
import { readFixtures, testAccuracy, type ReadFixture } from './accuracy';

let read: ReadFixture[] = [];

beforeAll(async () => {
  read = await readFixtures(await dexaFixtures({ scans: true }));
}, 900_000);

afterAll(() => closeExtraction());

describe('DEXA fixtures read end to end', () => {
  testAccuracy('DEXA', 'dexa', () => read, 100);

  test('the fixtures: four layouts, one of two pages, masses printed in lbs, kg and g', () => {
    const text = read.filter((r) => r.fixture.layer === 'text');
    expect(text.map((r) => [r.fixture.family, r.fixture.pages])).toEqual([['bodyspec', 1], ['dexafit', 1], ['hologic', 2], ['ge_lunar', 1]]);
    expect(text.map((r) => [...new Set(r.draft.items.flatMap((i) => (i.type === 'dexa_region' ? (i.original?.unit ?? '').split(', ') : [])))].sort())).toEqual([['lbs'], ['kg'], ['g'], ['g', 'kg']]);
  });

  test('the text PDFs give the header: provider and scan date', () => {
    for (const r of read.filter((x) => x.fixture.layer === 'text')) {
      expect({ name: r.fixture.name, header: r.draft.header }).toEqual({ name: r.fixture.name, header: expect.objectContaining(r.fixture.truth.header) });
    }
  });

  test('items carry their provenance, the rules extractor and a confidence; nothing on a text PDF is left unread', () => {
    for (const r of read.filter((x) => x.fixture.layer === 'text')) {
      expect(r.draft.unreadLines).toEqual([]);
      for (const item of r.draft.items) {
        expect(item.extractor).toBe('rules');
        expect(item.confidence).toBeGreaterThan(0.9);
        expect(item.source).toEqual(expect.objectContaining({ page: expect.any(Number), line: expect.any(Number), width: expect.any(Number), height: expect.any(Number) }));
      }
    }
  });

  test('the second page’s bone-density tables are read on page 2', () => {
    const hologic = read.find((r) => r.fixture.name === 'dexa-hologic')!;
    const hip = hologic.draft.items.find((i): i is Extract<DraftItem, { type: 'bone_density' }> => i.type === 'bone_density' && i.region === 'total_hip_left')!;
    expect(hip.source!.page).toBe(2);
  });

  test('a scanned draft trusts itself less than its text twin', () => {
    for (const r of read.filter((x) => x.fixture.layer === 'scan')) {
      const twin = read.find((t) => t.fixture.name === r.fixture.name.replace(/-scan$/, ''))!;
      expect(r.draft.confidence).toBeLessThan(twin.draft.confidence);
    }
  });
});
