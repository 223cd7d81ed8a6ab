// The documents phase: the project's generated report fixtures (bench/generate/reports: lab,
// DEXA and epigenetic PDFs with a text layer, and scanned twins that take the OCR path) through
// parseDocument, each draft scored against the truth it was drawn from (scoreDraft). Reported per
// layer (text, scan) and per family: item precision and recall, rows dropped (neither read nor
// listed unread), pages per second, and peak memory. Each layer is parsed in a child Node process
// of its own (this file with --child), so its getrusage maxRSS is that layer's alone; RSS is also
// sampled every 50 ms over the child and its own children (the PDF reader forks one per document).
// BENCH_DOCUMENTS=0 skips the phase; BENCH_DOCUMENT_SCANS=0 skips the OCR fixtures (the default in
// smoke mode: OCR takes seconds a page).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { loadBiomarkerDictionary, type BiomarkerEntry } from '../../src/documents/dictionary';
import { parseDocument } from '../../src/documents/parse';
import { dexaFixtures } from '../generate/reports/dexa';
import { epigeneticFixtures } from '../generate/reports/epigenetic';
import { labFixtures } from '../generate/reports/labs';
import { scoreDraft, type ReportFixture } from '../generate/reports/truth';
import { elapsedMs } from '../stats';

export interface DocumentsBenchOptions {
  scans: boolean;
}

export function documentsBenchOptions(env: NodeJS.ProcessEnv, smoke: boolean): DocumentsBenchOptions {
  const raw = env.BENCH_DOCUMENT_SCANS;
  if (raw !== undefined && raw !== '' && raw !== '0' && raw !== '1') throw new Error(`BENCH_DOCUMENT_SCANS must be 0 or 1, got "${raw}"`);
  return { scans: raw === undefined || raw === '' ? !smoke : raw === '1' };
}

type Layer = ReportFixture['layer'];

/** One fixture's parse and score. */
export interface FixtureRun {
  name: string;
  kind: ReportFixture['kind'];
  family: string;
  layer: Layer;
  pages: number;
  ms: number;
  /** Of ms, the text extraction (text layer or OCR) as the draft records it. */
  extractMs: number | null;
  expected: number;
  found: number;
  right: number;
  dropped: number;
  /** What the parse recognised (detection is part of what is measured: no kind is passed). */
  draftKind: string | null;
  draftFamily: string | null;
  draftConfidence: number | null;
  /** parseDocument threw: every item counts as dropped. */
  error: string | null;
  /** The first few of scoreDraft's mistakes, to see what went wrong. */
  mistakes: string[];
}

export interface Tally {
  fixtures: number;
  pages: number;
  expected: number;
  found: number;
  right: number;
  dropped: number;
  /** Right items over the items the drafts hold, over every fixture of the group (micro-average). */
  precision: number;
  recall: number;
  /** Pages over the parse time (extraction, parsing and mapping; nothing else). */
  pagesPerSec: number;
  msPerFixture: { p50: number; max: number };
  /** The share of parse time spent extracting text (the rest: recognising, parsing, mapping, scoring aside). */
  extractionShare: number;
  errors: number;
  /** Fixtures recognised as another kind or family than they are. */
  misrecognised: number;
}

export interface LayerResult extends Tally {
  layer: Layer;
  memory: { peakRssMiB: number; maxRssMiB: number };
}

export interface DocumentsBenchResult {
  options: DocumentsBenchOptions;
  generateMs: number;
  layers: LayerResult[];
  families: (Tally & { layer: Layer; kind: string; family: string })[];
  runs: FixtureRun[];
  notes: string[];
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const MiB = 1024 * 1024;

export async function parseFixture(fixture: ReportFixture, dictionary: BiomarkerEntry[]): Promise<FixtureRun> {
  const base = { name: fixture.name, kind: fixture.kind, family: fixture.family, layer: fixture.layer, pages: fixture.pages, expected: fixture.truth.items.length };
  const t0 = process.hrtime.bigint();
  try {
    const draft = await parseDocument(fixture.bytes, { dictionary });
    const ms = elapsedMs(t0);
    const score = scoreDraft(draft, fixture.truth);
    return {
      ...base, ms: round(ms, 1), extractMs: draft.extraction.millis, found: score.found, right: score.right, dropped: score.dropped,
      draftKind: draft.kind, draftFamily: draft.family, draftConfidence: draft.confidence, error: null, mistakes: score.mistakes.slice(0, 8),
    };
  } catch (error) {
    return {
      ...base, ms: round(elapsedMs(t0), 1), extractMs: null, found: 0, right: 0, dropped: base.expected,
      draftKind: null, draftFamily: null, draftConfidence: null, error: (error as Error).message.slice(0, 300), mistakes: [],
    };
  }
}

export function tally(runs: FixtureRun[]): Tally {
  const sum = (f: (r: FixtureRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const [pages, expected, found, right, ms] = [sum((r) => r.pages), sum((r) => r.expected), sum((r) => r.found), sum((r) => r.right), sum((r) => r.ms)];
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return {
    fixtures: runs.length,
    pages,
    expected,
    found,
    right,
    dropped: sum((r) => r.dropped),
    precision: found === 0 ? 0 : round(right / found),
    recall: expected === 0 ? 1 : round(right / expected),
    pagesPerSec: ms > 0 ? round((pages * 1000) / ms, 2) : 0,
    msPerFixture: { p50: times[Math.max(0, Math.ceil(times.length / 2) - 1)] ?? 0, max: times.at(-1) ?? 0 },
    extractionShare: ms > 0 ? round(sum((r) => r.extractMs ?? 0) / ms, 2) : 0,
    errors: runs.filter((r) => r.error !== null).length,
    misrecognised: runs.filter((r) => r.draftKind !== r.kind || r.draftFamily !== r.family).length,
  };
}

export function familyTallies(runs: FixtureRun[]): DocumentsBenchResult['families'] {
  const groups = new Map<string, FixtureRun[]>();
  for (const run of runs) {
    const key = `${run.layer}\u0000${run.kind}\u0000${run.family}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => ({ layer: group[0]!.layer, kind: group[0]!.kind, family: group[0]!.family, ...tally(group) }));
}

/** RSS of this process and its descendants (Linux /proc; elsewhere this process alone). */
function treeRss(pid = process.pid): number {
  if (pid === process.pid && process.platform !== 'linux') return process.memoryUsage.rss();
  let rss = 0;
  try {
    const pages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    rss += pages * 4096;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) rss += treeRss(Number(child));
    }
  } catch {
    // The process ended while it was read.
  }
  return rss;
}

/** Parses the fixtures one after another after one untimed warm-up parse (OCR workers, the PDF reader's first fork). */
export async function parseFixtures(fixtures: ReportFixture[], dictionary: BiomarkerEntry[], log: (message: string) => void = () => {}) {
  let peak = treeRss();
  const timer = setInterval(() => (peak = Math.max(peak, treeRss())), 50);
  try {
    if (fixtures[0]) await parseFixture(fixtures[0], dictionary);
    const runs: FixtureRun[] = [];
    for (const fixture of fixtures) {
      const run = await parseFixture(fixture, dictionary);
      log(`documents: ${run.layer} ${run.name}: ${run.right}/${run.expected} right, ${run.found} found, ${run.ms} ms${run.error ? ` (error: ${run.error})` : ''}`);
      runs.push(run);
    }
    peak = Math.max(peak, treeRss());
    return { runs, memory: { peakRssMiB: round(peak / MiB, 1), maxRssMiB: round((process.resourceUsage().maxRSS * 1024) / MiB, 1) } };
  } finally {
    clearInterval(timer);
  }
}

// The fixtures go to the children as files: <dir>/<i>.bin and <dir>/fixtures.json (the rest of each fixture).
type StoredFixture = Omit<ReportFixture, 'bytes'> & { file: string };

function writeFixtures(dir: string, fixtures: ReportFixture[], dictionary: BiomarkerEntry[]): void {
  const stored: StoredFixture[] = fixtures.map(({ bytes, ...rest }, i) => {
    fs.writeFileSync(path.join(dir, `${i}.bin`), bytes);
    return { ...rest, file: `${i}.bin` };
  });
  fs.writeFileSync(path.join(dir, 'fixtures.json'), JSON.stringify(stored));
  fs.writeFileSync(path.join(dir, 'dictionary.json'), JSON.stringify(dictionary));
}

function readFixtures(dir: string, layer: Layer): ReportFixture[] {
  const stored = JSON.parse(fs.readFileSync(path.join(dir, 'fixtures.json'), 'utf8')) as StoredFixture[];
  return stored.filter((f) => f.layer === layer).map(({ file, ...rest }) => ({ ...rest, bytes: fs.readFileSync(path.join(dir, file)) }));
}

type ChildOutput = Awaited<ReturnType<typeof parseFixtures>>;

function runChild(dir: string, layer: Layer, log: (message: string) => void): Promise<ChildOutput> {
  const args = ['--import', 'tsx', __filename, '--child', dir, layer];
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, args, { cwd: path.join(__dirname, '..', '..'), maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`documents child (${layer}) failed: ${error.message}\n${stderr.slice(-2000)}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildOutput);
    });
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('documents: ')) log(line);
    });
  });
}

/** Every report fixture, the scanned twins when asked for; generation is not measured. */
export async function reportFixtures(options: DocumentsBenchOptions): Promise<ReportFixture[]> {
  const groups = await Promise.all([labFixtures({ scans: options.scans }), dexaFixtures({ scans: options.scans }), epigeneticFixtures({ scans: options.scans })]);
  return groups.flat().filter((f) => options.scans || f.layer === 'text');
}

export async function runDocumentsBench(url: string, options: DocumentsBenchOptions, log: (message: string) => void = () => {}): Promise<DocumentsBenchResult> {
  const pool = new Pool({ connectionString: url, max: 1, application_name: 'vitalis-bench-documents' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-documents-bench-'));
  try {
    const dictionary = await loadBiomarkerDictionary(pool);
    const t0 = process.hrtime.bigint();
    const fixtures = await reportFixtures(options);
    const generateMs = Math.round(elapsedMs(t0));
    writeFixtures(dir, fixtures, dictionary);
    const layers: Layer[] = options.scans ? ['text', 'scan'] : ['text'];
    log(`documents: ${fixtures.length} fixtures generated in ${generateMs} ms (${layers.map((l) => `${fixtures.filter((f) => f.layer === l).length} ${l}`).join(', ')})`);
    const runs: FixtureRun[] = [];
    const layerResults: LayerResult[] = [];
    for (const layer of layers) {
      const out = await runChild(dir, layer, log);
      runs.push(...out.runs);
      const result = { layer, ...tally(out.runs), memory: out.memory };
      layerResults.push(result);
      log(`documents: ${layer}: precision ${result.precision}, recall ${result.recall}, ${result.dropped} dropped, ${result.pagesPerSec} pages/s, peak RSS ${out.memory.peakRssMiB} MiB (maxRSS ${out.memory.maxRssMiB} MiB)`);
    }
    return {
      options,
      generateMs,
      layers: layerResults,
      families: familyTallies(runs),
      runs,
      notes: [
        'parseDocument is called as an upload would call it, without the kind: recognising the kind and family is part of what is measured (misrecognised counts the misses).',
        'Each layer runs in its own child Node process after one untimed warm-up parse (OCR workers start, the PDF reader forks); pages/s is pages over parse time only.',
        'precision = items right / items the drafts hold; recall = items right / items the truth holds (both over all fixtures of the group); an item is right when every field scoreDraft checks is right. dropped = truth items neither read nor listed among the unread lines.',
        "memory: peakRssMiB is the child's RSS plus its own children's (the PDF reader), sampled every 50 ms; maxRssMiB is the child's getrusage peak (its own process only, fixtures loaded included).",
        'No model endpoint is configured: these are the rules alone.',
      ],
    };
  } finally {
    await pool.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function formatDocumentsReport(r: DocumentsBenchResult): string {
  const header = ['group', 'fixtures', 'pages', 'items', 'precision', 'recall', 'dropped', 'pages/s', 'ms p50/max', 'extraction', 'errors', 'misread'];
  const row = (label: string, t: Tally) => [
    label, String(t.fixtures), String(t.pages), String(t.expected), pct(t.precision), pct(t.recall), String(t.dropped), String(t.pagesPerSec),
    `${Math.round(t.msPerFixture.p50)} / ${Math.round(t.msPerFixture.max)}`, pct(t.extractionShare), String(t.errors), String(t.misrecognised),
  ];
  const rows = r.layers.flatMap((l) => [
    row(l.layer === 'text' ? 'text layer' : 'scans (OCR)', l),
    ...r.families.filter((f) => f.layer === l.layer).map((f) => row(`  ${f.kind} ${f.family}`, f)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const memory = r.layers.map((l) => `${l.layer}: peak RSS ${l.memory.peakRssMiB} MiB (sampled, with the PDF reader), maxRSS ${l.memory.maxRssMiB} MiB`).join(' · ');
  return [`Documents: generated report fixtures through parseDocument, scored against their truth (fixtures generated in ${(r.generateMs / 1000).toFixed(1)} s)`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), `Memory: ${memory}`].join('\n');
}

// `npx tsx bench/phases/documents.ts <database url>` runs the phase alone against a database with
// the dictionary loaded; `--child <dir> text|scan` is how the phase runs each layer.
if (require.main === module) {
  const [flag, dir, layer] = process.argv.slice(2);
  const child = async (fixturesDir: string, childLayer: Layer) => {
    const dictionary = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'dictionary.json'), 'utf8')) as BiomarkerEntry[];
    const out = await parseFixtures(readFixtures(fixturesDir, childLayer), dictionary, (m) => process.stderr.write(`${m}\n`));
    process.stdout.write(`${JSON.stringify(out)}\n`);
  };
  const run =
    flag === '--child' && dir && (layer === 'text' || layer === 'scan')
      ? child(dir, layer)
      : flag && !flag.startsWith('-')
        ? runDocumentsBench(flag, documentsBenchOptions(process.env, process.env.BENCH_SMOKE === '1'), (m) => process.stderr.write(`[bench] ${m}\n`)).then((r) => {
            process.stdout.write(`${formatDocumentsReport(r)}\n${JSON.stringify(r)}\n`);
          })
        : Promise.reject(new Error('usage: tsx bench/phases/documents.ts <database url> | --child <fixtures dir> text|scan'));
  // OCR workers and the PDF reader would keep the process alive.
  run.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
