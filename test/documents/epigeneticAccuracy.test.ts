// The epigenetic fixtures (bench/generate/reports/epigenetic.ts) read end to end, as an upload is: text
// extraction (the text layer, or OCR for the scanned twins), the epigenetic parser and the draft, scored
// against the truth the fixtures were drawn from.
import { epigeneticFixtures } from '../../bench/generate/reports/epigenetic';
import { scoreDraft, type ReportFixture, type ReportScore } from '../../bench/generate/reports/truth';
import { assembleDraft } from '../../src/documents/assemble';
import { detectEpigeneticFamily, parseEpigeneticReport } from '../../src/documents/epigenetics';
import type { Draft, DraftItem } from '../../src/documents/draft';
import { closeExtraction, extractDocument } from '../../src/documents/extract';

const read: { fixture: ReportFixture; draft: Draft; family: string | null; score: ReportScore }[] = [];

beforeAll(async () => {
  for (const fixture of await epigeneticFixtures({ scans: true })) {
    const extraction = await extractDocument(fixture.bytes);
    const lines = extraction.pages.flatMap((p) => p.lines);
    const draft = assembleDraft(parseEpigeneticReport(lines), extraction);
    read.push({ fixture, draft, family: detectEpigeneticFamily(lines), score: scoreDraft(draft, fixture.truth) });
  }
}, 900_000);

afterAll(() => closeExtraction());

function totals(layer: ReportFixture['layer']) {
  const of = read.filter((r) => r.fixture.layer === layer);
  const expected = of.reduce((n, r) => n + r.score.expected, 0);
  const right = of.reduce((n, r) => n + r.score.right, 0);
  const dropped = of.reduce((n, r) => n + r.score.dropped, 0);
  const lines = of.map((r) => `  ${r.fixture.name}: ${r.score.right}/${r.score.expected} right, ${r.score.dropped} dropped, confidence ${r.draft.confidence}${r.score.mistakes.map((m) => `\n    ${m}`).join('')}`);
  console.log(`Epigenetic fixtures, ${layer}: ${right}/${expected} items fully right (${((100 * right) / expected).toFixed(1)} %), ${dropped} dropped\n${lines.join('\n')}`);
  return { expected, right, dropped };
}

describe('Epigenetic fixtures read end to end', () => {
  test('the fixtures: a two-page TruAge-style report and a generic one', () => {
    expect(read.filter((r) => r.fixture.layer === 'text').map((r) => [r.fixture.family, r.fixture.pages])).toEqual([['trudiagnostic', 2], ['generic', 1]]);
  });

  test('text PDFs: at least 98 % of items fully right (headline values, organ ages), none dropped', () => {
    const { expected, right, dropped } = totals('text');
    expect(expected).toBeGreaterThan(25);
    expect(right / expected).toBeGreaterThanOrEqual(0.98);
    expect(dropped).toBe(0);
  });

  test('scanned twins (OCR): at least 90 % fully right, none dropped', () => {
    const { expected, right, dropped } = totals('scan');
    expect(expected).toBeGreaterThan(25);
    expect(right / expected).toBeGreaterThanOrEqual(0.9);
    expect(dropped).toBe(0);
  });

  test('every fixture is recognised as its layout, on both paths', () => {
    expect(read.map((r) => [r.fixture.name, r.family])).toEqual(read.map((r) => [r.fixture.name, r.fixture.family]));
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
