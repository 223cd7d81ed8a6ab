// The data-export benchmark phase: one user with BENCH_EXPORT_YEARS (5) of data (daily wearable
// summaries, sleep and activities from the generator, blood panels every few months, lifting three
// times a week, a daily weigh-in and mood entry, and stored report and photo files), exported with
// the real writer (src/privacy/export, runExport to a local file, objects read from the bench's
// s3rver), then the same archive imported as a new user (src/importers/vitalisExport). Each runs
// in a child Node process (this file, run directly), so its peak RSS is its own: sampled RSS every
// 20 ms and process.resourceUsage().maxRSS.
// Sizes: BENCH_EXPORT_YEARS (5; smoke 60 days), BENCH_EXPORT_FORMAT (json|csv), BENCH_EXPORT=0 skips the phase.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { importVitalisExport } from '../../src/importers/vitalisExport';
import { runExport } from '../../src/privacy/export/runExport';
import { openStorage, type Storage } from '../../src/storage/s3';
import { copyInto, copyLine } from '../copy';
import { ACTIVITY_COLUMNS, DAILY_COLUMNS, SLEEP_COLUMNS, dayToIso, generateUsers, generateWearables, isoToDay, type Row } from '../generate';
import { loadBloodwork, seedUsers } from '../setup';
import { elapsedMs, perSecond } from '../stats';

export interface ExportBenchOptions {
  days: number;
  format: 'json' | 'csv';
  seed: string;
  /** Stored files of the user: reports and photos, with their bytes each. */
  documents: number;
  photos: number;
  fileBytes: number;
}

export interface ChildFigures {
  ms: number;
  /** process.resourceUsage().maxRSS of the child (getrusage peak), MiB. */
  maxRssMiB: number;
  /** The highest RSS sampled every 20 ms while it ran, MiB. */
  sampledPeakRssMiB: number;
}

export interface ExportBenchResult {
  options: ExportBenchOptions;
  data: { rows: Record<string, number>; totalRows: number; objects: number; objectBytes: number; setupMs: number };
  export: ChildFigures & { archiveBytes: number; archiveMiB: number; rows: number; tables: number; objects: number; seconds: number; mbPerSec: number; rowsPerSec: number };
  import: ChildFigures & { rowsInserted: number; rowsRead: number; objectsStored: number; seconds: number; rowsPerSec: number; mbPerSec: number };
  notes: string[];
}

export function exportBenchOptions(env: NodeJS.ProcessEnv, smoke: boolean): ExportBenchOptions {
  const years = Number(env.BENCH_EXPORT_YEARS ?? 5);
  if (!(years > 0 && years <= 20)) throw new Error(`BENCH_EXPORT_YEARS must be a number in (0, 20], got "${env.BENCH_EXPORT_YEARS}"`);
  const format = env.BENCH_EXPORT_FORMAT ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new Error(`BENCH_EXPORT_FORMAT must be json or csv, got "${format}"`);
  return {
    days: smoke ? 60 : Math.round(years * 365),
    format,
    seed: `${env.BENCH_SEED || 'vitalis'}/export`,
    documents: smoke ? 2 : 20,
    photos: smoke ? 2 : 60,
    fileBytes: smoke ? 16 * 1024 : 256 * 1024,
  };
}

const MiB = 1024 * 1024;
/** The children's V8 old space: finishing under it, whatever the years, shows memory does not grow with the data. */
const HEAP_CAP_MIB = 64;
const COUNTED = ['wearable_daily', 'wearable_sleep', 'wearable_activities', 'blood_panels', 'blood_markers', 'lifting_sessions', 'lifting_sets', 'measurements', 'mood_journal', 'documents', 'photos'];
const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
/** MB (10^6 bytes) per second, one decimal: a smoke archive is a fraction of a megabyte. */
const mbPerSec = (bytes: number, ms: number) => (ms > 0 ? Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10 : 0);

// ---------------------------------------------------------------------------------------------
// Data: the generator's wearables and blood work, and the rest in SQL.

async function copyRows(pool: Pool, table: string, userId: string, rows: Row[], columns: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await copyInto(client, `vitalis.${table}`, ['user_id', ...columns], [Buffer.from(rows.map((r) => copyLine([userId], r, columns)).join(''))]);
    await client.query('commit');
  } finally {
    client.release();
  }
}

/** Lifting three times a week (5 exercises x 3 sets), a weigh-in and a mood entry a day. */
async function manualRows(pool: Pool, userId: string, startDate: string, endDate: string): Promise<void> {
  await pool.query(
    `insert into vitalis.lifting_sessions (user_id, session_date, source, name, duration_seconds)
     select $1, d::date, 'manual', 'Strength ' || to_char(d, 'Dy'), 3600 from generate_series($2::date, $3::date, interval '1 day') d
      where extract(isodow from d) in (1, 3, 5)`,
    [userId, startDate, endDate],
  );
  await pool.query(
    `insert into vitalis.lifting_sets (user_id, session_id, exercise_id, exercise_order, set_number, weight_lbs, reps, rpe)
     select s.user_id, s.session_id, e.exercise_id, e.n, k, 95 + 10 * e.n + (extract(doy from s.session_date)::int % 20), 5 + k, 7.5
       from vitalis.lifting_sessions s
       cross join (select exercise_id, row_number() over (order by canonical_name)::int as n from vitalis.exercise_dictionary order by canonical_name limit 5) e
       cross join generate_series(1, 3) k
      where s.user_id = $1`,
    [userId],
  );
  await pool.query(
    `insert into vitalis.measurements (user_id, metric, value, unit, measured_at, source)
     select $1, 'weight', round((170 + 5 * sin(extract(epoch from d) / 8e6))::numeric, 1), 'lbs', d + interval '7 hours', 'manual'
       from generate_series($2::date, $3::date, interval '1 day') d`,
    [userId, startDate, endDate],
  );
  await pool.query(
    `insert into vitalis.mood_journal (user_id, journal_date, mood_score, energy_score, stress_score, notes)
     select $1, d::date, 1 + (extract(doy from d)::int % 5), 1 + (extract(dow from d)::int % 5), 3, 'Slept well, busy day at work.'
       from generate_series($2::date, $3::date, interval '1 day') d`,
    [userId, startDate, endDate],
  );
}

/** Stored reports and photos (random bytes: they are stored as they are), with their rows. */
async function storedFiles(pool: Pool, storage: Storage, userId: string, options: ExportBenchOptions, endDate: string): Promise<{ objects: number; bytes: number }> {
  let bytes = 0;
  const put = async (key: string, contentType: string) => {
    const body = randomBytes(options.fileBytes);
    bytes += body.length;
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body, ContentType: contentType }));
  };
  for (let i = 0; i < options.documents; i++) {
    const key = `documents/${userId}/${i.toString().padStart(8, '0')}-0000-4000-8000-000000000000/report-${i}.pdf`;
    await put(key, 'application/pdf');
    await pool.query(
      `insert into vitalis.documents (user_id, document_type, original_filename, s3_key, file_size_bytes, mime_type, parse_status)
       values ($1, 'blood_work', $2, $3, $4, 'application/pdf', 'confirmed')`,
      [userId, `report-${i}.pdf`, key, options.fileBytes],
    );
  }
  for (let i = 0; i < options.photos; i++) {
    const key = `photos/${userId}/photo-${i}.jpg`;
    await put(key, 'image/jpeg');
    await pool.query(
      `insert into vitalis.photos (user_id, photo_date, photo_type, s3_key, file_size_bytes) values ($1, $2::date - $3::int, 'front', $4, $5)`,
      [userId, endDate, i * 30, key, options.fileBytes],
    );
  }
  return { objects: options.documents + options.photos, bytes };
}

// ---------------------------------------------------------------------------------------------
// The child: `node --import tsx bench/phases/export.ts <export|import> <url> <userId> <archive> <s3 endpoint> <bucket> <format>`

interface ChildOutput {
  ms: number;
  maxRssKiB: number;
  sampledPeakRss: number;
  result: Record<string, unknown>;
}

function runChild(args: string[]): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', `--max-old-space-size=${HEAP_CAP_MIB}`, __filename, ...args], { cwd: path.join(__dirname, '..', '..'), maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${args[0]} child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildOutput);
    });
  });
}

async function childMain(): Promise<void> {
  const [mode, url, userId, archive, endpoint, bucket, format] = process.argv.slice(2) as [string, string, string, string, string, string, 'json' | 'csv'];
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const pool = new Pool({ connectionString: url, max: 2, application_name: `vitalis-bench-${mode}` });
  const storage = await openStorage(loadConfig({ S3_ENDPOINT: endpoint, S3_BUCKET: bucket }));
  let result: Record<string, unknown>;
  const t0 = process.hrtime.bigint();
  try {
    if (mode === 'export') {
      const manifest = await runExport({ pool, storage }, { userId, format, out: archive });
      result = { rows: manifest.tables.reduce((n, t) => n + t.rows, 0), tables: manifest.tables.length, objects: manifest.objects.length };
    } else {
      const summary = await importVitalisExport({ pool, storage, file: archive, userId });
      result = {
        rowsRead: summary.tables.reduce((n, t) => n + t.read, 0),
        rowsInserted: summary.tables.reduce((n, t) => n + t.inserted + t.updated, 0),
        objectsStored: summary.objects.uploaded,
      };
    }
  } finally {
    await storage.close();
    await pool.end();
  }
  const ms = elapsedMs(t0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss).
  process.stdout.write(`${JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, sampledPeakRss: peak, result } satisfies ChildOutput)}\n`);
}

const figures = (c: ChildOutput): ChildFigures => ({ ms: Math.round(c.ms), maxRssMiB: mib(c.maxRssKiB * 1024), sampledPeakRssMiB: mib(c.sampledPeakRss) });

// ---------------------------------------------------------------------------------------------

export async function runExportBench(url: string, options: ExportBenchOptions, log: (message: string) => void = () => {}): Promise<ExportBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-bench-'));
  const pool = new Pool({ connectionString: url, max: 2, application_name: 'vitalis-bench-export' });
  pool.on('error', (error) => log(`idle connection error: ${error.message}`));
  const bucket = 'vitalis-bench-export';
  const storage = await openStorage(loadConfig({ S3_BUCKET: bucket }), { directory: path.join(dir, 's3') });
  try {
    const t0 = process.hrtime.bigint();
    const { rows: today } = await pool.query<{ today: string }>(`select current_date::text as today`);
    const endDate = today[0]!.today;
    const startDate = dayToIso(isoToDay(endDate) - options.days + 1);
    const [user] = generateUsers({ seed: options.seed, users: 1, endDate });
    await seedUsers(pool, [user!]);
    const userId = user!.userId;
    for (const table of ['wearable_daily', 'wearable_sleep', 'wearable_activities']) {
      await pool.query('select vitalis_private.ensure_partitions($1::regclass, $2::date, $3::date)', [`vitalis.${table}`, startDate, endDate]);
    }
    const wearables = generateWearables(user!, { seed: options.seed, startDate, endDate });
    await copyRows(pool, 'wearable_daily', userId, wearables.daily, DAILY_COLUMNS);
    await copyRows(pool, 'wearable_sleep', userId, wearables.sleep, SLEEP_COLUMNS);
    await copyRows(pool, 'wearable_activities', userId, wearables.activities, ACTIVITY_COLUMNS);
    await loadBloodwork(pool, [user!], { seed: options.seed, startDate, endDate, markersPerPanel: 40 }, () => {});
    await manualRows(pool, userId, startDate, endDate);
    const files = await storedFiles(pool, storage, userId, options, endDate);
    await pool.query(`vacuum (analyze) vitalis.wearable_daily, vitalis.wearable_sleep, vitalis.wearable_activities, vitalis.blood_markers, vitalis.lifting_sets, vitalis.measurements`);
    const { rows: counted } = await pool.query(COUNTED.map((t) => `select '${t}' as t, count(*)::int as n from vitalis.${t} where user_id = $1`).join(' union all '), [userId]);
    const rows = Object.fromEntries(counted.map((r) => [r.t as string, r.n as number]));
    const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
    const setupMs = Math.round(elapsedMs(t0));
    log(`export: one user, ${options.days} days: ${totalRows} rows, ${files.objects} files (${mib(files.bytes)} MiB), set up in ${setupMs} ms`);

    const archive = path.join(dir, `export.zip`);
    const e = await runChild(['export', url, userId, archive, storage.endpoint, bucket, options.format]);
    const archiveBytes = fs.statSync(archive).size;
    const eRows = e.result.rows as number;
    const exported = {
      ...figures(e),
      archiveBytes,
      archiveMiB: mib(archiveBytes),
      rows: eRows,
      tables: e.result.tables as number,
      objects: e.result.objects as number,
      seconds: Math.round(e.ms) / 1000,
      mbPerSec: mbPerSec(archiveBytes, e.ms),
      rowsPerSec: perSecond(eRows, e.ms),
    };
    log(`export: ${eRows} rows, ${exported.archiveMiB} MiB in ${exported.seconds} s (${exported.mbPerSec} MB/s, ${exported.rowsPerSec} rows/s), peak RSS ${exported.maxRssMiB} MiB`);

    const { rows: target } = await pool.query<{ user_id: string }>(
      `with a as (insert into vitalis.accounts default values returning account_id)
       insert into vitalis.users (account_id, email, display_name) select account_id, 'export-bench-' || account_id || '@example.com', 'Restored' from a returning user_id`,
    );
    const i = await runChild(['import', url, target[0]!.user_id, archive, storage.endpoint, bucket, options.format]);
    const inserted = i.result.rowsInserted as number;
    const imported = {
      ...figures(i),
      rowsRead: i.result.rowsRead as number,
      rowsInserted: inserted,
      objectsStored: i.result.objectsStored as number,
      seconds: Math.round(i.ms) / 1000,
      rowsPerSec: perSecond(inserted, i.ms),
      mbPerSec: mbPerSec(archiveBytes, i.ms),
    };
    log(`import: ${inserted} rows in ${imported.seconds} s (${imported.rowsPerSec} rows/s), peak RSS ${imported.maxRssMiB} MiB`);
    return {
      options,
      data: { rows, totalRows, objects: files.objects, objectBytes: files.bytes, setupMs },
      export: exported,
      import: imported,
      notes: [
        'export: runExport (the task\'s writer) to a local file in a child Node process; every table from one repeatable-read snapshot through COPY, the files streamed from the bench\'s s3rver; seconds include the child\'s connection and storage set-up, not Node\'s start-up.',
        'rows exported counts every table of the archive (audit_log and the account included); MB/s is archive bytes (zip, files stored uncompressed) over wall time.',
        'import: importVitalisExport of the same archive as a new user, in a child process: two passes over the zip (verify, stage) plus one for the files, one transaction as vitalis_owner under RLS; rows/s counts rows inserted or updated.',
        'peak memory: maxRssMiB is the child\'s getrusage peak (Node and V8 included), sampledPeakRssMiB the highest RSS sampled every 20 ms.',
      ],
    };
  } finally {
    await storage.close();
    await pool.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  childMain().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** The phase's lines for the summary printed after a run. */
export function formatExportReport(r: ExportBenchResult): string {
  const e = r.export;
  const i = r.import;
  return [
    `Export (one user, ${r.options.days} days, ${r.options.format}): ${r.data.totalRows} rows, ${r.data.objects} files`,
    `  export  ${e.rows} rows, ${e.archiveMiB} MiB in ${e.seconds} s: ${e.mbPerSec} MB/s, ${e.rowsPerSec} rows/s; peak RSS ${e.maxRssMiB} MiB (sampled ${e.sampledPeakRssMiB} MiB)`,
    `  import  ${i.rowsInserted} rows, ${i.objectsStored} files in ${i.seconds} s: ${i.rowsPerSec} rows/s; peak RSS ${i.maxRssMiB} MiB (sampled ${i.sampledPeakRssMiB} MiB)`,
  ].join('\n');
}
