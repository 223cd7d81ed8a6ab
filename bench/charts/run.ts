// `npm run bench:charts [--out <dir>] [result.json ...]`: renders the charts of the given result
// files, or of the latest normal run and the latest scale run in bench/results/, into docs/bench/
// (the SVGs the README shows). bench/run.ts calls writeCharts itself after each run.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeCharts } from './render';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const BENCH_FILE = /^\d{8}T\d{6}Z\.json$/;
const SCALE_FILE = /^scale-\d{8}T\d{6}Z\.json$/;

/** The newest normal result and the newest scale result (timestamped names sort by time). */
export async function latestResults(dir: string = RESULTS): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const latest = (pattern: RegExp) => names.filter((n) => pattern.test(n)).at(-1);
  return [latest(BENCH_FILE), latest(SCALE_FILE)].filter((n): n is string => n !== undefined).map((n) => path.join(dir, n));
}

export function parseArgs(argv: string[]): { outDir: string; files: string[] } {
  let outDir = path.join(ROOT, 'docs', 'bench');
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') {
      const value = argv[++i];
      if (!value) throw new Error('--out: needs a directory');
      outDir = path.resolve(value);
    } else if (arg.startsWith('-')) {
      throw new Error(`${arg}: unknown option (usage: bench:charts [--out <dir>] [result.json ...])`);
    } else {
      files.push(path.resolve(arg));
    }
  }
  return { outDir, files };
}

async function main(): Promise<void> {
  const { outDir, files } = parseArgs(process.argv.slice(2));
  const inputs = files.length > 0 ? files : await latestResults();
  if (inputs.length === 0) throw new Error(`no result files in ${RESULTS}: run npm run bench first, or name files`);
  for (const input of inputs) {
    const written = await writeCharts(input, outDir);
    console.log(`${path.relative(process.cwd(), input)}: ${written.length === 0 ? 'no charts (no sections to draw)' : written.map((w) => path.relative(process.cwd(), w)).join(', ')}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
