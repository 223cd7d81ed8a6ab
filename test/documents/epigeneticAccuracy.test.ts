// The epigenetic fixtures (bench/generate/reports/epigenetic.ts) read end to end, as an upload is: text
// extraction (the text layer, or OCR for the scanned twins), the epigenetic parser and the draft, scored
// against the truth the fixtures were drawn from.
import { epigeneticFixtures } from '../../bench/generate/reports/epigenetic';
import type { DraftItem } from '../../src/documents/draft';
import { closeExtraction } from '../../src/documents/extract';
import { readFixtures, testAccuracy, type ReadFixture } from './accuracy';

let read: ReadFixture[] = [];

beforeAll(async () => {
  read = await readFixtures(await epigeneticFixtures({ scans: true }));
}, 900_000);

afterAll(() => closeExtraction());

describe('Epigenetic fixtures read end to end', () => {
  testAccuracy('Epigenetic', 'epigenetic', () => read, 25);

  test('the fixtures: a two-page TruAge-style report and a generic one', () => {
    expect(read.filter((r) => r.fixture.layer === 'text').map((r) => [r.fixture.family, r.fixture.pages])).toEqual([['trudiagnostic', 2], ['generic', 1]]);
  });

  test('the header: provider, kit id, collection and report dates, methylation clock (both paths)', () => {
    for (const r of read) {
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

  test('the organ table on the second page is read on page 2', () => {
    const truAge = read.find((r) => r.fixture.name === 'epigenetic-truage')!;
    const organs = truAge.draft.items.filter((i): i is Extract<DraftItem, { type: 'organ_age' }> => i.type === 'organ_age');
    expect(organs).toHaveLength(12);
    expect(new Set(organs.map((o) => o.source!.page))).toEqual(new Set([2]));
  });

  test('a scanned draft trusts itself less than its text twin', () => {
    for (const r of read.filter((x) => x.fixture.layer === 'scan')) {
      const twin = read.find((t) => t.fixture.name === r.fixture.name.replace(/-scan$/, ''))!;
      expect(r.draft.confidence).toBeLessThan(twin.draft.confidence);
    }
  });
});
