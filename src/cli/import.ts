// npm run import -- --user EMAIL [--create-user] [--type apple-health|fit|strong|hevy] [--unit lbs|kg] FILE
// npm run import -- --user EMAIL [--type lab|dexa|epigenetic] FILE [--confirm]   (reports: src/cli/importReport.ts)
// npm run import -- --user EMAIL [--create-user] [--type vitalis-export] FILE   (restores another instance's export)
// Imports a file for a user of DATABASE_URL's database (or the embedded default), with a progress
// bar on a terminal and a summary: rows inserted, updated and skipped, with the reasons. The same
// code as the worker's imports__file task (src/jobs/fileImport.ts), without the job. The file's
// content decides its kind when --type is left out, and refuses a --type it contradicts
// (src/importers/sniff.ts), before the database is opened.
import fs from 'node:fs';
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { importFile } from '../jobs/fileImport';
import { checkFileKind, FILE_KINDS, type FileKind, FileKindError, sniffFile, VITALIS_EXPORT } from '../importers/sniff';
import { ExportArchiveError, importVitalisExport } from '../importers/vitalisExport';
import { summaryLines } from '../importers/vitalisExport/summary';
import { openStorage } from '../storage/s3';
import { email } from '../validation/schemas';
import { UnrecognisedReportError } from '../documents/parse';
import { importReport, looksLikeReport, REPORT_KINDS } from './importReport';
import { progressBar } from './progress';
import { printImportSummary } from './importSummary';

const args = z.object({
  user: email,
  type: z.enum([...FILE_KINDS, ...REPORT_KINDS, VITALIS_EXPORT], { error: '--type must be one of apple-health, fit, strong, hevy, lab, dexa, epigenetic, vitalis-export' }).optional(),
  unit: z.enum(['lbs', 'kg'], { error: '--unit must be lbs or kg' }).optional(),
  file: z.string({ error: 'a FILE to import is required' }).min(1, { message: 'a FILE to import is required' }),
  createUser: z.boolean(),
  confirm: z.boolean(),
});

function parseArgs(argv: string[]) {
  const out: Record<string, unknown> = { createUser: false, confirm: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--user' || a === '--type' || a === '--unit') out[a.slice(2)] = argv[++i] ?? '';
    else if (a === '--create-user') out.createUser = true;
    else if (a === '--confirm') out.confirm = true;
    else out.file = a;
  }
  return args.safeParse(out);
}

const useKind = (kind: FileKind) => `use --type ${kind}`;

/** What a FIT file held, before the per-table lines: laps and records have no rows of their own. */
function fitReadLine(summary: Record<string, unknown>): string {
  const read = summary.read as Record<string, number>;
  const names: [string, string, string][] = [['sessions', 'session', 'sessions'], ['laps', 'lap', 'laps'], ['records', 'record', 'records'], ['weightScale', 'weigh-in', 'weigh-ins'], ['bloodPressure', 'blood-pressure reading', 'blood-pressure readings']];
  const parts = names.filter(([k]) => (read[k] ?? 0) > 0).map(([k, one, many]) => `${read[k]} ${read[k] === 1 ? one : many}`);
  const note = read.laps || read.records ? '; laps and records are summarised by their session, not stored one by one' : '';
  return `  read: ${parts.join(', ') || 'nothing'} (FIT file type ${String(summary.fileType)}${note})`;
}

/** The user's id; with --create-user a local user (own free account) is made when missing. */
async function resolveUser(pool: Pool, userEmail: string, create: boolean): Promise<string> {
  const found = await pool.query(`select user_id from vitalis.users where email = $1 and deleted_at is null`, [userEmail]);
  if (found.rowCount) return found.rows[0].user_id;
  if (!create) throw new Error(`--user: no user with email ${userEmail} (add --create-user to make one)`);
  const { rows } = await pool.query(
    `with a as (insert into vitalis.accounts default values returning account_id)
     insert into vitalis.users (account_id, email, display_name) select account_id, $1, split_part($1, '@', 1) from a returning user_id`,
    [userEmail],
  );
  return rows[0].user_id;
}

/** A lab, DEXA or epigenetic report: its draft printed, and stored and confirmed with --confirm. */
async function runReport(options: z.infer<typeof args>, kind: (typeof REPORT_KINDS)[number] | undefined): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(config, { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const userId = await resolveUser(pool, options.user, options.createUser);
    await importReport({ pool, config, userId, file: options.file, bytes: fs.readFileSync(options.file), kind, confirm: options.confirm, print: (line) => console.log(line) });
    return 0;
  } catch (error) {
    if (!kind && error instanceof UnrecognisedReportError) {
      console.error(
        'cannot tell what kind of file this is (not a FIT file, an Apple Health export, a Strong or Hevy CSV, or a lab, DEXA or epigenetic report this server reads): pass --type apple-health|fit|strong|hevy|lab|dexa|epigenetic',
      );
      return 2;
    }
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pool.end();
    await db.close();
  }
}

/** A Vitalis export restored for the user (new with --create-user, or one without data yet). */
async function runVitalisExport(options: z.infer<typeof args>): Promise<number> {
  const sniffed = await sniffFile(options.file);
  if (sniffed?.kind !== VITALIS_EXPORT) {
    console.error(`this file is not a Vitalis export${sniffed ? `; it looks like ${sniffed.description}: use --type ${sniffed.kind}` : ' (a zip whose manifest.json has format vitalis-export)'}`);
    return 2;
  }
  if (options.unit || options.confirm) {
    console.error(`${options.unit ? '--unit' : '--confirm'} does not apply to a Vitalis export`);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config, { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  const storage = await openStorage(config);
  try {
    const userId = await resolveUser(pool, options.user, options.createUser);
    const summary = await importVitalisExport({ pool, storage, file: options.file, userId, onProgress: (step) => process.stderr.isTTY && process.stderr.write(`${step}\n`) });
    console.log(`Restored ${options.file} for ${options.user}${options.type ? '' : ' as a Vitalis export (from its content)'}`);
    for (const line of summaryLines(summary)) console.log(line);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return error instanceof ExportArchiveError ? 2 : 1;
  } finally {
    await storage.close();
    await pool.end();
    await db.close();
  }
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => i.message).join('\n'));
    return 2;
  }
  const { user, unit, file, createUser } = parsed.data;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`FILE: ${file} does not exist`);
    return 2;
  }
  const head = Buffer.alloc(64);
  const fd = fs.openSync(file, 'r');
  const headBytes = fs.readSync(fd, head, 0, 64, 0);
  fs.closeSync(fd);
  if (parsed.data.type === VITALIS_EXPORT || (!parsed.data.type && (await sniffFile(file))?.kind === VITALIS_EXPORT)) return runVitalisExport(parsed.data);
  const reportKind = REPORT_KINDS.find((k) => k === parsed.data.type);
  if (reportKind || (!parsed.data.type && looksLikeReport(head.subarray(0, headBytes)))) return runReport(parsed.data, reportKind);
  if (parsed.data.confirm) {
    console.error('--confirm applies to lab, dexa and epigenetic reports only');
    return 2;
  }
  let type: FileKind | undefined;
  try {
    type = await checkFileKind(file, parsed.data.type as FileKind | undefined, useKind);
  } catch (error) {
    if (!(error instanceof FileKindError)) throw error;
    console.error(error.message);
    return 2;
  }
  // Not a data export: perhaps a report already turned into text.
  if (!type) return runReport(parsed.data, undefined);
  if (unit && type !== 'strong' && type !== 'hevy') {
    console.error('--unit applies to strong and hevy files only');
    return 2;
  }
  const db = await openDatabase(loadConfig(), { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  const bytes = fs.statSync(file).size;
  const bar = progressBar(process.stderr, bytes);
  try {
    const userId = await resolveUser(pool, user, createUser);
    const summary = await importFile({ fileType: type, objectKey: file, weightUnit: unit }, { pool, userId, file, bytes, useKind, onProgress: (p) => bar.update(p.bytesRead, p.totalBytes) });
    bar.stop();
    console.log(`Imported ${file} for ${user}${parsed.data.type ? '' : ` as ${type} (from its content)`}`);
    if (type === 'fit') console.log(fitReadLine(summary));
    printImportSummary(type, summary, (line) => console.log(line));
    return 0;
  } catch (error) {
    bar.stop();
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pool.end();
    await db.close();
  }
}

main().then((code) => process.exit(code));
