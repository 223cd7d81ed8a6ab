// npm run bench:load: provisions a database (DATABASE_URL's server or embedded PostgreSQL), runs
// the load test (LOAD_CLIENTS clients for LOAD_SECONDS, see options.ts and docs/load-testing.md),
// writes bench/results/load-<ISO basic timestamp>.json, prints the summary and drops the database.
// Exit code 1 when a write was lost or duplicated or any request got a 5xx.
import '../../src/server/graphileEnv';
import fs from 'node:fs';
import path from 'node:path';
import { provisionDatabase } from '../database';
import { runLoadTest, type LoadResult } from './loadTest';
import { resolveLoadOptions } from './options';
import { formatLoadReport } from './report';

const RESULTS_DIR = path.join(__dirname, '..', 'results');

export function loadResultFileName(date: Date): string {
  // ISO 8601 basic format: no colons, so the name is valid on every file system.
  return `load-${date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.json`;
}

export function writeLoadResult(result: LoadResult, dir = RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, loadResultFileName(new Date(result.startedAt)));
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const options = resolveLoadOptions(process.env);
  const t0 = Date.now();
  const log = (message: string) => process.stderr.write(`[load +${((Date.now() - t0) / 1000).toFixed(1)} s] ${message}\n`);
  const db = await provisionDatabase(process.env, log);
  let result: LoadResult;
  try {
    result = await runLoadTest(options, { url: db.url, mode: db.mode, name: db.name }, log);
  } finally {
    await db.close();
  }
  const file = writeLoadResult(result);
  process.stdout.write(`\n${formatLoadReport(result)}\n\nResult: ${path.relative(process.cwd(), file)}\n`);
  if (!result.reconciliation.exact || result.totals.serverErrors > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
