// The Apple Health import benchmark phase: one synthetic export (bench/appleHealthGenerate.ts),
// measured three ways in the same run: (1) parse-only, the importer's own streaming reader and
// aggregation with no database; (2) the full import as vitalis_api in one transaction; (3) COPY of
// the rows the import produced, for a second user, as the bulk-load baseline. Parse-only and the
// import each run in a child process with a 64 MiB heap cap (bench/appleHealthChild.ts), so their
// peak RSS is their own and finishing under the cap shows memory does not grow with the file.
// Sizes: BENCH_APPLE_MB (300; 2 when smoke), BENCH_APPLE_YEARS (3), BENCH_APPLE=0 skips the phase.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { parseAppleHealth, type AppleHealthSummary } from '../../src/importers/appleHealth';
import { writeAppleHealthExport, type GeneratedExport } from '../appleHealthGenerate';
import { copyInto, copyLine } from '../copy';
import type { Row } from '../generate';
import { elapsedMs, perSecond } from '../stats';

export interface AppleHealthBenchOptions {
  sizeMb: number;
  years: number;
  seed: string;
}

/** A child run's memory: its old space capped at heapCapMiB; maxRssMiB is the whole process's peak. */
export interface MemoryFigures {
  heapCapMiB: number;
  maxRssMiB: number;
  peakHeapUsedMiB: number;
}

export interface AppleHealthBenchResult {
  options: AppleHealthBenchOptions;
  file: GeneratedExport & { recordsPerDay: number; generateMs: number };
  parseOnly: { ms: number; mbPerSec: number; cpuMs: number; mbPerCpuSec: number; elementsPerSec: number; rows: Record<string, number>; memory: MemoryFigures };
  import: { ms: number; mbPerSec: number; cpuMs: number; mbPerCpuSec: number; rowsWritten: number; rowsPerSec: number; summary: Omit<AppleHealthSummary, 'warnings' | 'elements'>; memory: MemoryFigures };
  copy: { tables: { table: string; rows: number; ms: number; rowsPerSec: number }[]; rows: number; ms: number; rowsPerSec: number };
  notes: string[];
}

/** Sizes from the environment (see the header). */
export function appleHealthBenchOptions(env: NodeJS.ProcessEnv, smoke: boolean): AppleHealthBenchOptions {
  const sizeMb = Number(env.BENCH_APPLE_MB ?? (smoke ? 2 : 300));
  const years = Number(env.BENCH_APPLE_YEARS ?? 3);
  if (!(sizeMb > 0 && sizeMb <= 20_000)) throw new Error(`BENCH_APPLE_MB must be a number in (0, 20000], got "${env.BENCH_APPLE_MB}"`);
  if (!(years > 0 && years <= 20)) throw new Error(`BENCH_APPLE_YEARS must be a number in (0, 20], got "${env.BENCH_APPLE_YEARS}"`);
  return { sizeMb, years, seed: env.BENCH_SEED || 'vitalis' };
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

/** Elements per day the generator needs for the target size (about 390 bytes an element, ~40 fixed a day). */
function recordsPerDay(opts: AppleHealthBenchOptions): number {
  const perDay = (opts.sizeMb * 1e6) / (opts.years * 365) / 390;
  return Math.max(10, Math.round((perDay - 40) / 1.1));
}

const HEAP_CAP_MIB = 64;

interface ChildResult {
  ms: number;
  /** The child's own CPU time (user + system, all its threads): steadier than wall time on a shared machine; excludes PostgreSQL's. */
  cpuMs: number;
  recordsRead: number;
  rows: Record<string, number>;
  summary?: Omit<AppleHealthSummary, 'warnings' | 'elements'>;
  maxRssKiB: number;
  peakHeapUsedBytes: number;
}

/** bench/appleHealthChild.ts in a fresh Node process with the old space capped: parse-only, or the import when given a database and user. */
function runInChild(file: string, importInto?: { url: string; userId: string }): Promise<ChildResult> {
  const child = path.join(__dirname, '..', 'appleHealthChild.ts');
  const args = ['--import', 'tsx', `--max-old-space-size=${HEAP_CAP_MIB}`, child, file, ...(importInto ? [importInto.url, importInto.userId] : [])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: path.join(__dirname, '..', '..'), maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${importInto ? 'import' : 'parse-only'} child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult);
    });
  });
}

const memoryOf = (r: ChildResult): MemoryFigures => ({ heapCapMiB: HEAP_CAP_MIB, maxRssMiB: mib(r.maxRssKiB * 1024), peakHeapUsedMiB: mib(r.peakHeapUsedBytes) });

async function copyRows(pool: Pool, userId: string, tables: { table: string; rows: Row[] }[]) {
  const out: AppleHealthBenchResult['copy']['tables'] = [];
  for (const { table, rows } of tables) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const chunk = Buffer.from(rows.map((r) => copyLine([userId], r, columns)).join(''));
    const client = await pool.connect();
    try {
      const t0 = process.hrtime.bigint();
      await client.query('begin');
      const copied = await copyInto(client, `vitalis.${table}`, ['user_id', ...columns], [chunk]);
      await client.query('commit');
      const ms = elapsedMs(t0);
      if (copied !== rows.length) throw new Error(`COPY into ${table} wrote ${copied} rows, expected ${rows.length}`);
      out.push({ table, rows: copied, ms: Math.round(ms), rowsPerSec: perSecond(copied, ms) });
    } finally {
      client.release();
    }
  }
  return out;
}

export async function runAppleHealthBench(url: string, options: AppleHealthBenchOptions, log: (message: string) => void = () => {}): Promise<AppleHealthBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-apple-bench-'));
  const pool = new Pool({ connectionString: url, max: 2, application_name: 'vitalis-bench-apple' });
  pool.on('error', (error) => log(`idle connection error: ${error.message}`));
  try {
    const perDay = recordsPerDay(options);
    const t0 = process.hrtime.bigint();
    const generated = await writeAppleHealthExport(path.join(dir, 'export.xml'), { years: options.years, recordsPerDay: perDay, seed: options.seed });
    const file = { ...generated, recordsPerDay: perDay, generateMs: Math.round(elapsedMs(t0)) };
    const mb = file.xmlBytes / 1e6;
    log(`apple health: generated ${mb.toFixed(1)} MB (${file.elements} elements, ${file.days} days) in ${file.generateMs} ms`);

    const p = await runInChild(generated.path);
    const parseOnly = { ms: Math.round(p.ms), mbPerSec: perSecond(mb, p.ms), cpuMs: Math.round(p.cpuMs), mbPerCpuSec: perSecond(mb, p.cpuMs), elementsPerSec: perSecond(p.recordsRead, p.ms), rows: p.rows, memory: memoryOf(p) };
    log(`apple health: parse-only ${parseOnly.mbPerSec} MB/s (${parseOnly.mbPerCpuSec} MB per CPU second), peak RSS ${parseOnly.memory.maxRssMiB} MiB (heap capped at ${HEAP_CAP_MIB} MiB)`);

    const { rows: users } = await pool.query<{ user_id: string }>(
      `with a as (insert into vitalis.accounts (subscription_tier, max_users) select 'free', 1 from generate_series(1, 2) returning account_id)
       insert into vitalis.users (account_id, email, display_name) select account_id, 'apple-bench-' || account_id || '@example.com', 'Apple bench' from a returning user_id`,
    );
    const [importUser, copyUser] = users.map((u) => u.user_id) as [string, string];
    const imported = await runInChild(generated.path, { url, userId: importUser });
    const s = imported.summary!;
    const rowsWritten = s.daily.inserted + s.sleep.inserted + s.activities.inserted + s.measurements.inserted;
    const summary = { daily: s.daily, sleep: s.sleep, activities: s.activities, measurements: s.measurements, recordsRead: s.recordsRead, skipped: s.skipped, unmappedTypes: s.unmappedTypes };
    const importResult = { ms: Math.round(imported.ms), mbPerSec: perSecond(mb, imported.ms), cpuMs: Math.round(imported.cpuMs), mbPerCpuSec: perSecond(mb, imported.cpuMs), rowsWritten, rowsPerSec: perSecond(rowsWritten, imported.ms), summary, memory: memoryOf(imported) };
    log(`apple health: import ${importResult.mbPerSec} MB/s (${importResult.mbPerCpuSec} MB per CPU second of the importer), ${rowsWritten} rows (${importResult.rowsPerSec} rows/s), peak RSS ${importResult.memory.maxRssMiB} MiB (heap capped at ${HEAP_CAP_MIB} MiB)`);

    // The same rows again (untimed), then COPY them for the second user.
    const all = (await parseAppleHealth({ path: generated.path, collect: true })).rows;
    const seen = new Set<string>();
    // Apple writes blood pressure twice (top level and in the Correlation); the import's ON CONFLICT absorbs that, COPY cannot.
    const measurements = all.measurements.filter((m) => {
      const key = `${m.metric}|${m.measured_at}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }).map((m) => ({ ...m, source: 'apple_health' }));
    const tables = await copyRows(pool, copyUser, [
      { table: 'wearable_daily', rows: all.daily as Row[] },
      { table: 'wearable_sleep', rows: all.sleep as Row[] },
      { table: 'wearable_activities', rows: all.activities as Row[] },
      { table: 'measurements', rows: measurements as unknown as Row[] },
    ]);
    const copyRowsTotal = tables.reduce((n, t) => n + t.rows, 0);
    const copyMs = tables.reduce((n, t) => n + t.ms, 0);
    const copy = { tables, rows: copyRowsTotal, ms: copyMs, rowsPerSec: perSecond(copyRowsTotal, copyMs) };
    log(`apple health: COPY ${copyRowsTotal} rows at ${copy.rowsPerSec} rows/s`);
    return {
      options, file, parseOnly, import: importResult, copy,
      notes: [
        'parse-only and import share the same reader and aggregator (src/importers/appleHealth); parse-only drops the workout/measurement batches instead of writing them.',
        `parse-only and import each run in a child Node process with --max-old-space-size=${HEAP_CAP_MIB}: finishing under that cap whatever the file size shows memory does not grow with records; maxRssMiB is the child's getrusage peak (includes V8 semi-spaces, the 1 MiB read buffers and, for the import, the pg client).`,
        'import: one transaction as vitalis_api (RLS and audit triggers apply), batched upserts of 2000 rows; MB/s is XML bytes over wall time from opening the file to the commit, writes included (Node\'s and tsx\'s start-up excluded).',
        'mbPerCpuSec: XML bytes over the child\'s own CPU time (user + system), which a busy machine inflates far less than wall time; for the import it leaves out PostgreSQL\'s work.',
        'COPY: the same rows (blood pressure de-duplicated) for a second user as superuser, one COPY per table, timed including commit; audit triggers fire.',
      ],
    };
  } finally {
    await pool.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
