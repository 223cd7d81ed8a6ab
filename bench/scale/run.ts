// BENCH_SCALE=1 npm run bench: each level of BENCH_SCALE_USERS (1000,10000) on its kept data set
// (created, extended from a smaller one, or reused), measured the same way, and the growth from
// the smallest level to each larger one. Writes bench/results/scale-<timestamp>.json.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { loadAverage } from '../environment';
import { ensureDataset } from './dataset';
import { checkScaleDisk } from './diskCheck';
import { measureLevel, type ScaleLevelResult } from './level';
import { resolveScaleOptions, type ScaleOptions } from './options';
import { formatScaleReport } from './report';
import { writeCharts } from '../charts/render';

export interface ScaleResult {
  kind: 'scale';
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; memoryGiB: number; loadAverage: { start: number[]; end: number[] } };
  server: 'external' | 'embedded';
  options: ScaleOptions;
  levels: ScaleLevelResult[];
}

const ROOT = path.resolve(__dirname, '..', '..');

export function scaleResultFile(date: Date): string {
  return path.join(ROOT, 'bench', 'results', `scale-${date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.json`);
}

export async function runScale(env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<ScaleResult> {
  const options = resolveScaleOptions(env);
  const config = loadConfig(env);
  const started = new Date();
  const startLoad = loadAverage();
  let adminUrl: string;
  let stop: (() => Promise<void>) | null = null;
  if (config.DATABASE_URL) {
    adminUrl = config.DATABASE_URL;
  } else {
    // Kept between runs: a persistent embedded cluster in .data/ (git-ignored).
    const dataDir = path.join(ROOT, '.data', 'bench-scale');
    log(`embedded PostgreSQL in ${dataDir} (kept between runs)`);
    const embedded = await startEmbeddedPostgres({ dataDir, persistent: true });
    adminUrl = embedded.adminUrl;
    stop = embedded.stop;
  }
  const levels: ScaleLevelResult[] = [];
  try {
    await checkScaleDisk(adminUrl, options, log);
    for (const users of options.levels) {
      const dataset = await ensureDataset({ adminUrl, authenticatorPassword: config.AUTHENTICATOR_PASSWORD, workerPassword: config.WORKER_PASSWORD }, users, options, log);
      log(`${dataset.name}: ${dataset.origin}; measuring`);
      levels.push(await measureLevel(dataset, options, log));
    }
  } finally {
    if (stop) await stop();
  }
  return {
    kind: 'scale',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), loadAverage: { start: startLoad, end: loadAverage() } },
    server: config.DATABASE_URL ? 'external' : 'embedded',
    options,
    levels,
  };
}

export async function scaleMain(log: (m: string) => void): Promise<void> {
  const result = await runScale(process.env, log);
  const file = scaleResultFile(new Date(result.startedAt));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const charts = await writeCharts(file, path.join(ROOT, 'docs', 'bench'));
  process.stdout.write(`\n${formatScaleReport(result)}\n\nResult: ${path.relative(process.cwd(), file)}\nCharts: ${charts.map((c) => path.relative(process.cwd(), c)).join(', ')}\n`);
}
