// npm run import -- --user EMAIL [--create-user] --type apple-health|fit|strong|hevy [--unit lbs|kg] FILE
// Imports a file for a user of DATABASE_URL's database (or the embedded default), with a progress
// bar on a terminal and a summary: rows inserted, updated and skipped, with the reasons. The same
// code as the worker's imports__file task (src/jobs/fileImport.ts), without the job.
import fs from 'node:fs';
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { importFile } from '../jobs/fileImport';
import { email } from '../validation/schemas';
import { progressBar } from './progress';
import { printImportSummary } from './importSummary';

const args = z.object({
  user: email,
  type: z.enum(['apple-health', 'fit', 'strong', 'hevy'], { error: '--type must be one of apple-health, fit, strong, hevy' }),
  unit: z.enum(['lbs', 'kg'], { error: '--unit must be lbs or kg' }).optional(),
  file: z.string({ error: 'a FILE to import is required' }).min(1, { message: 'a FILE to import is required' }),
  createUser: z.boolean(),
});

function parseArgs(argv: string[]) {
  const out: Record<string, unknown> = { createUser: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--user' || a === '--type' || a === '--unit') out[a.slice(2)] = argv[++i] ?? '';
    else if (a === '--create-user') out.createUser = true;
    else out.file = a;
  }
  return args.safeParse(out);
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

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => i.message).join('\n'));
    return 2;
  }
  const { user, type, unit, file, createUser } = parsed.data;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`FILE: ${file} does not exist`);
    return 2;
  }
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
    const summary = await importFile({ fileType: type, objectKey: file, weightUnit: unit }, { pool, userId, file, bytes, onProgress: (p) => bar.update(p.bytesRead, p.totalBytes) });
    bar.stop();
    console.log(`Imported ${file} for ${user}`);
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
