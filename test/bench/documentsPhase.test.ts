// The documents bench phase on one text-layer lab fixture, in this process: the figures exist, are
// sane and add up. Scans (OCR, seconds a page) stay out of the tests; `npm run bench` measures them.
import { loadBiomarkerDictionary, type BiomarkerEntry } from '../../src/documents/dictionary';
import { documentsBenchOptions, familyTallies, formatDocumentsReport, parseFixtures, tally, type DocumentsBenchResult, type FixtureRun } from '../../bench/phases/documents';
import { labFixtures } from '../../bench/generate/reports/labs';
import type { ReportFixture } from '../../bench/generate/reports/truth';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let dictionary: BiomarkerEntry[];
let fixture: ReportFixture;
let out: { runs: FixtureRun[]; memory: { peakRssMiB: number; maxRssMiB: number } };

beforeAll(async () => {
  dictionary = await loadBiomarkerDictionary(db.pool);
  fixture = (await labFixtures({ scans: false })).find((f) => f.layer === 'text')!;
  out = await parseFixtures([fixture], dictionary);
}, 60_000);

test('options: scans unless smoke, and BENCH_DOCUMENT_SCANS decides', () => {
  expect(documentsBenchOptions({}, false)).toEqual({ scans: true });
  expect(documentsBenchOptions({}, true)).toEqual({ scans: false });
  expect(documentsBenchOptions({ BENCH_DOCUMENT_SCANS: '1' }, true)).toEqual({ scans: true });
  expect(documentsBenchOptions({ BENCH_DOCUMENT_SCANS: '0' }, false)).toEqual({ scans: false });
  expect(() => documentsBenchOptions({ BENCH_DOCUMENT_SCANS: 'yes' }, false)).toThrow(/BENCH_DOCUMENT_SCANS/);
});

test('a text fixture is parsed, recognised and scored', () => {
  const [run] = out.runs;
  expect(run).toMatchObject({ name: fixture.name, kind: 'lab', layer: 'text', pages: fixture.pages, expected: fixture.truth.items.length, error: null, draftKind: 'lab' });
  expect(run!.ms).toBeGreaterThan(0);
  expect(run!.right).toBeGreaterThan(0);
  expect(run!.right).toBeLessThanOrEqual(Math.min(run!.found, run!.expected));
  expect(run!.dropped).toBeLessThanOrEqual(run!.expected - run!.right);
  expect(out.memory.peakRssMiB).toBeGreaterThan(10);
  expect(out.memory.maxRssMiB).toBeGreaterThan(10);
});

test('tallies add the runs up and the report names every figure', () => {
  const t = tally(out.runs);
  const [run] = out.runs;
  expect(t).toMatchObject({ fixtures: 1, pages: fixture.pages, expected: run!.expected, found: run!.found, right: run!.right, dropped: run!.dropped, errors: 0 });
  expect(t.precision).toBeCloseTo(run!.right / run!.found, 3);
  expect(t.recall).toBeCloseTo(run!.right / run!.expected, 3);
  expect(t.pagesPerSec).toBeGreaterThan(0);
  const families = familyTallies(out.runs);
  expect(families).toEqual([expect.objectContaining({ layer: 'text', kind: 'lab', family: fixture.family, fixtures: 1 })]);
  const result: DocumentsBenchResult = { options: { scans: false }, generateMs: 1, layers: [{ layer: 'text', ...t, memory: out.memory }], families, runs: out.runs, notes: [] };
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  const text = formatDocumentsReport(result);
  for (const word of ['text layer', `lab ${fixture.family}`, 'precision', 'recall', 'dropped', 'pages/s', 'peak RSS']) expect(text).toContain(word);
});
