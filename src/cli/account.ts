// npm run account -- export --user EMAIL [--format json|csv] [--out FILE]
// npm run account -- erase --user EMAIL [--now] [--yes]
// For the DBA handling a request that arrived outside the app (a letter, a support ticket): the same
// SQL procedures and job bodies as the app's own export and erasure, against DATABASE_URL's database
// (or the embedded default), printing what was exported or erased.
//   export          queues the user's export as requestDataExport does and builds it now: the archive
//                   goes to storage, the user gets the mail with the link; with --out FILE the archive
//                   is written to that file instead (no request, no mail: the operator hands it over).
//   erase           starts the grace period as requestAccountDeletion does (signed out everywhere,
//                   the mail with the cancel link); the daily run erases when it ends.
//   erase --now     no grace period: erases at once, after the operator types the email again
//                   (--yes skips that, for scripts).
import readline from 'node:readline/promises';
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../db/open';
import { inRequestTransaction } from '../db/requestContext';
import { createLogger } from '../http/logger';
import { buildExport } from '../privacy/export/build';
import { runExport } from '../privacy/export/runExport';
import { runErasure } from '../privacy/erasure/run';
import { openStorage, type Storage } from '../storage/s3';
import { email } from '../validation/schemas';
import type { ExportManifest } from '../importers/vitalisExport/manifest';

const USAGE = 'usage: npm run account -- export --user EMAIL [--format json|csv] [--out FILE]\n       npm run account -- erase --user EMAIL [--now] [--yes]';

const exportArgs = z.object({
  command: z.literal('export'),
  user: email,
  format: z.enum(['json', 'csv'], { error: '--format must be json or csv' }).default('json'),
  out: z.string().min(1, { message: '--out needs a FILE' }).optional(),
});
const eraseArgs = z.object({ command: z.literal('erase'), user: email, now: z.boolean(), yes: z.boolean() });
const accountArgs = z.discriminatedUnion('command', [exportArgs, eraseArgs], { error: 'the command must be export or erase' });
type AccountArgs = z.infer<typeof accountArgs>;

export function parseAccountArgs(argv: string[]): z.ZodSafeParseResult<AccountArgs> {
  const out: Record<string, unknown> = { command: argv[0], now: false, yes: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--user' || a === '--format' || a === '--out') out[a.slice(2)] = argv[++i] ?? '';
    else if (a === '--now') out.now = true;
    else if (a === '--yes') out.yes = true;
    else out.unknown = a;
  }
  if (out.unknown !== undefined) return accountArgs.safeParse({ ...out, command: `unknown option ${String(out.unknown)}` });
  if (out.command === 'export') return accountArgs.safeParse({ command: out.command, user: out.user, format: out.format, out: out.out });
  return accountArgs.safeParse({ command: out.command, user: out.user, now: out.now, yes: out.yes });
}

interface Run {
  config: Config;
  pool: Pool;
  storage: Storage;
  print: (line: string) => void;
}

async function findUser(pool: Pool, userEmail: string): Promise<string> {
  const { rows } = await pool.query<{ user_id: string }>('select user_id from vitalis.users where lower(email) = lower($1)', [userEmail]);
  if (!rows[0]) throw new Error(`--user: no user with email ${userEmail}`);
  return rows[0].user_id;
}

function printManifest(manifest: ExportManifest, print: (line: string) => void): void {
  const tables = manifest.tables.filter((t) => t.rows > 0);
  const rows = tables.reduce((sum, t) => sum + t.rows, 0);
  const bytes = manifest.objects.reduce((sum, o) => sum + o.bytes, 0);
  print(`  ${rows} rows from ${tables.length} tables (of ${manifest.tables.length} exported), ${manifest.objects.length} stored files (${bytes} bytes), format ${manifest.dataFormat}`);
  for (const t of tables) print(`    ${t.table}: ${t.rows}`);
}

async function exportAccount(run: Run, args: z.infer<typeof exportArgs>): Promise<number> {
  const logger = createLogger(run.config);
  const userId = await findUser(run.pool, args.user);
  if (args.out) {
    const manifest = await runExport({ pool: run.pool, storage: run.storage, config: run.config, logger }, { userId, format: args.format, out: args.out });
    run.print(`Exported ${args.user} to ${manifest.path}`);
    printManifest(manifest, run.print);
    return 0;
  }
  // The user's own request (the hourly limit and one-at-a-time included), built here and now; the
  // job it queued finds it ready and does nothing.
  const request = await inRequestTransaction(run.pool, { role: 'vitalis_api', userId }, async (client) => {
    const { rows } = await client.query<{ export_id: string; status: string }>('select export_id, status from vitalis.request_data_export($1)', [args.format]);
    return rows[0]!;
  });
  const outcome = await buildExport({ pool: run.pool, storage: run.storage, config: run.config, logger }, request.export_id, { lastAttempt: true });
  const { rows } = await run.pool.query('select status, s3_key, file_size_bytes, expires_at from vitalis.data_export_requests where export_id = $1', [request.export_id]);
  const row = rows[0];
  run.print(`Export ${request.export_id} for ${args.user}: ${outcome === 'ready' ? 'ready' : outcome}`);
  if (row?.status === 'ready') {
    run.print(`  ${row.s3_key} (${row.file_size_bytes} bytes), link valid until ${new Date(row.expires_at).toISOString()}; the export_ready mail is queued for the worker`);
  }
  return outcome === 'ready' || outcome.startsWith('already') ? 0 : 1;
}

async function confirmErasure(userEmail: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`This erases ${userEmail} and all their data now, with no grace period and no way back.\nType the email again to confirm: `);
    return answer.trim().toLowerCase() === userEmail.toLowerCase();
  } finally {
    rl.close();
  }
}

async function eraseAccount(run: Run, args: z.infer<typeof eraseArgs>): Promise<number> {
  const userId = await findUser(run.pool, args.user);
  if (args.now && !args.yes && !(await confirmErasure(args.user))) {
    console.error('not confirmed: nothing was erased (pass --yes to skip the question)');
    return 2;
  }
  const graceDays = args.now ? 0 : run.config.DELETION_GRACE_DAYS;
  const started = await inRequestTransaction(run.pool, { role: 'vitalis_worker' }, async (client) => {
    const { rows } = await client.query<{ request_id: string; grace_period_ends_at: Date; sessions_revoked: number }>(
      'select * from vitalis_private.start_account_deletion($1, $2, $3)',
      [userId, graceDays, run.config.PUBLIC_URL],
    );
    return rows[0]!;
  });
  if (!args.now) {
    run.print(`Deletion of ${args.user} requested (${started.request_id}): erased after ${started.grace_period_ends_at.toISOString()} unless cancelled.`);
    run.print(`  signed out of ${started.sessions_revoked} session(s); the deletion_requested mail with the cancel link is queued for the worker`);
    return 0;
  }
  const outcome = await runErasure({ pool: run.pool, config: run.config, storage: run.storage, logger: createLogger(run.config) }, started.request_id);
  if (outcome.status !== 'erased') {
    console.error(`request ${started.request_id}: ${outcome.status}, nothing erased`);
    return 1;
  }
  const counts = Object.entries(outcome.counts.rows ?? {}).sort(([a], [b]) => a.localeCompare(b));
  run.print(`Erased ${args.user} (request ${started.request_id}): ${counts.reduce((sum, [, n]) => sum + n, 0)} rows from ${counts.length} tables, ${outcome.counts.auditRowsAnonymised} audit rows anonymised`);
  for (const [table, n] of counts) run.print(`    ${table}: ${n}`);
  return 0;
}

async function main(): Promise<number> {
  const parsed = parseAccountArgs(process.argv.slice(2));
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config, { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 3 });
  const storage = await openStorage(config);
  const run: Run = { config, pool, storage, print: (line) => console.log(line) };
  try {
    return parsed.data.command === 'export' ? await exportAccount(run, parsed.data) : await eraseAccount(run, parsed.data);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pool.end();
    await storage.close();
    await db.close();
  }
}

if (require.main === module) main().then((code) => process.exit(code));
