// The report fixtures read as an upload reads them (parseDocument: text layer or OCR, the kind and
// layout recognised, the parser, the dictionary mapping), scored against the truth they were drawn
// from. Shared by the lab, DEXA and epigenetic accuracy tests.
import { scoreDraft, type ReportFixture, type ReportScore } from '../../bench/generate/reports/truth';
import type { BiomarkerEntry } from '../../src/documents/dictionary';
import type { Draft, ReportKind } from '../../src/documents/draft';
import { parseDocument } from '../../src/documents/parse';

export interface ReadFixture {
  fixture: ReportFixture;
  draft: Draft;
  score: ReportScore;
}

export async function readFixtures(fixtures: ReportFixture[], dictionary: BiomarkerEntry[] = []): Promise<ReadFixture[]> {
  const read: ReadFixture[] = [];
  for (const fixture of fixtures) {
    const draft = await parseDocument(fixture.bytes, { dictionary });
    read.push({ fixture, draft, score: scoreDraft(draft, fixture.truth) });
  }
  return read;
}

/** One layer's figures, printed with every mistake so a failing threshold says what went wrong. */
export function layerTotals(read: ReadFixture[], layer: ReportFixture['layer'], label: string): { expected: number; right: number; dropped: number } {
  const of = read.filter((r) => r.fixture.layer === layer);
  const expected = of.reduce((n, r) => n + r.score.expected, 0);
  const right = of.reduce((n, r) => n + r.score.right, 0);
  const dropped = of.reduce((n, r) => n + r.score.dropped, 0);
  const lines = of.map((r) => `  ${r.fixture.name}: ${r.score.right}/${r.score.expected} right, ${r.score.dropped} dropped, confidence ${r.draft.confidence}${r.score.mistakes.map((m) => `\n    ${m}`).join('')}`);
  console.log(`${label} fixtures, ${layer}: ${right}/${expected} fully right (${((100 * right) / expected).toFixed(1)} %), ${dropped} dropped\n${lines.join('\n')}`);
  return { expected, right, dropped };
}

/**
 * The thresholds every report kind meets (issue 11: 98 % on text PDFs, 90 % on scans, nothing
 * dropped) and the recognition of each fixture's kind and layout, as tests in the calling describe.
 */
export function testAccuracy(label: string, kind: ReportKind, read: () => ReadFixture[], minExpected: number): void {
  test(`text PDFs: at least 98 % of ${label} items fully right, none dropped`, () => {
    const { expected, right, dropped } = layerTotals(read(), 'text', label);
    expect(expected).toBeGreaterThan(minExpected);
    expect(right / expected).toBeGreaterThanOrEqual(0.98);
    expect(dropped).toBe(0);
  });

  test(`scanned twins (OCR): at least 90 % of ${label} items fully right, none dropped`, () => {
    const { expected, right, dropped } = layerTotals(read(), 'scan', label);
    expect(expected).toBeGreaterThan(minExpected);
    expect(right / expected).toBeGreaterThanOrEqual(0.9);
    expect(dropped).toBe(0);
  });

  test('every fixture is recognised as its kind and layout, on both paths', () => {
    expect(read().map((r) => [r.fixture.name, r.draft.kind, r.draft.family])).toEqual(read().map((r) => [r.fixture.name, kind, r.fixture.family]));
  });
}
