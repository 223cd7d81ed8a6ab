// npm run import -- --user EMAIL [--create-user] --type apple-health|fit|strong|hevy [--unit lbs|kg] FILE
// Imports a file for a user of DATABASE_URL's database (or the embedded default). Strong and Hevy
// CSV exports and FIT files are supported; Apple Health arrives with the rest of issue #4.
import fs from 'node:fs';
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { importFit } from '../importers/fit';
import { importLiftingCsv } from '../importers/lifting';
import { email } from '../validation/schemas';

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
  if (type === 'apple-health') {
    console.error(`The ${type} importer is not available yet (issue #4). Nothing was imported.`);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`FILE: ${file} does not exist`);
    return 2;
  }
  const db = await openDatabase(loadConfig(), { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const userId = await resolveUser(pool, user, createUser);
    if (type === 'fit') {
      const fit = await importFit(pool, { userId, data: fs.readFileSync(file), source: 'fit_file' });
      console.log(`Imported ${file} for ${user}`);
      console.log(`  activities: ${fit.activities.inserted} inserted, ${fit.activities.updated} updated, ${fit.activities.skipped} unchanged`);
      console.log(`  measurements: ${fit.measurements.inserted} inserted, ${fit.measurements.skipped} already there`);
      for (const w of fit.warnings) console.log(`  warning: ${w}`);
      return 0;
    }
    const summary = await importLiftingCsv(pool, { userId, format: type, unit, csv: fs.createReadStream(file) });
    console.log(`Imported ${file} for ${user}`);
    console.log(`  sessions: ${summary.sessions.inserted} inserted, ${summary.sessions.updated} updated, ${summary.sessions.unchanged} unchanged`);
    console.log(`  sets: ${summary.sets.inserted} inserted, ${summary.sets.deleted} replaced`);
    for (const u of summary.unmatchedExercises) console.log(`  unmatched exercise (kept, no dictionary link): "${u.name}" (${u.sets} sets)`);
    for (const s of summary.skipped) console.log(`  skipped line ${s.row}: ${s.reason}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pool.end();
    await db.close();
  }
}

main().then((code) => process.exit(code));
