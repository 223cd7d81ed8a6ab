// npm run bench: provisions a database (DATABASE_URL's server or embedded PostgreSQL), runs the
// benchmark, writes bench/results/<ISO timestamp>.json and prints a summary table.
// Sizes: BENCH_USERS (100), BENCH_YEARS (2) or BENCH_DAYS, BENCH_ITERATIONS (2000), BENCH_WARMUP
// (200), BENCH_BATCH (365), BENCH_SEED; BENCH_SMOKE=1 for a tiny run; BENCH_KEEP=1 keeps the
// database on DATABASE_URL's server; BENCH_HTTP=0, BENCH_APPLE=0, BENCH_HOSTILE=0, BENCH_DOCUMENTS=0, BENCH_EXPORT=0, BENCH_BACKUP=0, BENCH_INSIGHTS_STATS=0, BENCH_INSIGHTS_REFRESH=0 skip phases.

import fs from 'node:fs';
import path from 'node:path';
import { runBenchmark } from './benchmark';
import { resolveOptions } from './options';
import type { BenchResult } from './result';
import { provisionDatabase, type BenchDatabase } from './database';
import { formatReport } from './report';
import { httpCases, runHttpPhase } from './phases/http';
import { appleHealthBenchOptions, runAppleHealthBench } from './phases/appleHealth';
import { runHostilePhase, type HostilePhaseResult } from './phases/hostile';
import { documentsBenchOptions, formatDocumentsReport, runDocumentsBench, type DocumentsBenchResult } from './phases/documents';
import { exportBenchOptions, formatExportReport, runExportBench, type ExportBenchResult } from './phases/export';
import { formatBackupReport, runBackupBench, type BackupBenchResult } from './phases/backup';
import { formatInsightsStatisticsReport, insightsStatisticsBenchOptions, runInsightsStatisticsBench, type InsightsStatisticsBenchResult } from './phases/insightsStatistics';
import { formatInsightsReport, insightsBenchOptions, runInsightsBench, type InsightsBenchResult } from './phases/insightsRefresh';
import { scaleEnabled } from './scale/options';
import { scaleMain } from './scale/run';
import { ScaleDiskError } from './scale/diskCheck';
import { writeCharts } from './charts/render';

const RESULTS_DIR = path.join(__dirname, 'results');

export function resultFileName(date: Date): string {
  // ISO 8601 basic format: no colons, so the name is valid on every file system.
  return `${date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.json`;
}

export function writeResult(result: BenchResult, dir = RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, resultFileName(new Date(result.startedAt)));
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}\n`);
  if (scaleEnabled(process.env)) return scaleMain(log);
  const options = resolveOptions(process.env);
  // Filled in once provisioned; the signal handlers clean up whatever exists by then.
  const state: { db?: BenchDatabase; closing?: Promise<void>; interrupted?: boolean } = {};
  const close = () => (state.closing ??= state.db ? state.db.close() : Promise.resolve());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      state.interrupted = true;
      log(`${signal}: cleaning up`);
      close().finally(() => process.exit(130));
    });
  }
  const db = await provisionDatabase(process.env, log);
  state.db = db;
  let result: BenchResult & { hostile?: HostilePhaseResult; documents?: DocumentsBenchResult; export?: ExportBenchResult; backup?: BackupBenchResult; insightsStatistics?: InsightsStatisticsBenchResult; insights?: InsightsBenchResult };
  try {
    result = await runBenchmark(options, { url: db.url, mode: db.mode, log });
    if (process.env.BENCH_HTTP !== '0') {
      result.http = await runHttpPhase(db.url, httpCases, { smoke: options.smoke, log });
    }
    if (process.env.BENCH_APPLE !== '0') result.appleHealth = await runAppleHealthBench(db.url, appleHealthBenchOptions(process.env, options.smoke), log);
    if (process.env.BENCH_HOSTILE !== '0') result.hostile = await runHostilePhase(db.url, { smoke: options.smoke, log });
    if (process.env.BENCH_DOCUMENTS !== '0') result.documents = await runDocumentsBench(db.url, documentsBenchOptions(process.env, options.smoke), log);
    if (process.env.BENCH_EXPORT !== '0') result.export = await runExportBench(db.url, exportBenchOptions(process.env, options.smoke), log);
    if (process.env.BENCH_BACKUP !== '0') result.backup = await runBackupBench(db.url, { log });
    if (process.env.BENCH_INSIGHTS_STATS !== '0') result.insightsStatistics = runInsightsStatisticsBench(insightsStatisticsBenchOptions(process.env, options.smoke), log);
    if (process.env.BENCH_INSIGHTS_REFRESH !== '0') result.insights = await runInsightsBench(db.url, insightsBenchOptions(process.env, options.smoke), log);
  } catch (error) {
    // Dropping the database under a running query fails that query: not the error to report.
    if (state.interrupted) return new Promise<void>(() => {});
    throw error;
  } finally {
    await close();
  }
  const file = writeResult(result);
  const charts = await writeCharts(file, path.join(path.resolve(__dirname, '..'), 'docs', 'bench'));
  const documents = result.documents ? `\n\n${formatDocumentsReport(result.documents)}` : '';
  const exported = result.export ? `\n\n${formatExportReport(result.export)}` : '';
  const backup = result.backup ? `\n\n${formatBackupReport(result.backup)}` : '';
  const insightsStatistics = result.insightsStatistics ? `\n\n${formatInsightsStatisticsReport(result.insightsStatistics)}` : '';
  const insights = result.insights ? `\n\n${formatInsightsReport(result.insights)}` : '';
  process.stdout.write(`\n${formatReport(result)}${documents}${exported}${backup}${insightsStatistics}${insights}\n\nResult: ${path.relative(process.cwd(), file)}\nCharts: ${charts.map((c) => path.relative(process.cwd(), c)).join(', ')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // A refusal before anything ran is its message; anything else keeps its stack.
    console.error(error instanceof ScaleDiskError ? error.message : error);
    process.exit(1);
  });
}
