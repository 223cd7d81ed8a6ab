// `npm run import` with a Vitalis export: told from its content, restored for a new local user
// with a summary that accounts for every table, refused under another --type, and refused for a
// user who already has data. The archive comes from the real exporter; storage is the CLI's own
// s3rver in a temporary DATA_DIR.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';
import { runExport } from '../../src/privacy/export/runExport';
import { openStorage, type Storage } from '../../src/storage/s3';
import { createUser, useTestDatabase } from '../helpers/db';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const db = useTestDatabase({ ignoreIdleClientErrors: true });
let dir: string;
let storage: Storage;
let archive: string;

const run = (...args: string[]) =>
  exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli', 'import.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir },
  }).then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-cli-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-export-cli' }), { directory: path.join(dir, 'source-s3') });
  const source = await createUser(db.pool);
  await db.pool.query(`insert into vitalis.mood_journal (user_id, journal_date, mood_score) values ($1, '2024-05-01', 4), ($1, '2024-05-02', 5)`, [source]);
  archive = path.join(dir, 'export.zip');
  await runExport({ pool: db.pool, storage }, { userId: source, format: 'json', out: archive });
});

afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a Vitalis export is restored for a new user, told from its content, with a line per table that had rows', async () => {
  const result = await run('--user', 'restored@example.com', '--create-user', archive);
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out).toContain(`Restored ${archive} for restored@example.com as a Vitalis export (from its content)`);
  expect(result.out).toMatch(/vitalis\.mood_journal +read +2: 2 inserted/);
  expect(result.out).toMatch(/vitalis\.accounts +read +1: 1 skipped \(not restored: the target user keeps their own account and subscription tier\)/);
  expect(result.out).toMatch(/other tables of the archive are empty/);
  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.mood_journal m join vitalis.users u using (user_id) where u.email = 'restored@example.com'`);
  expect(rows[0].n).toBe(2);
});

test('the same user again is refused by name; another --type is refused with the one to use; nothing is written', async () => {
  expect(await run('--user', 'restored@example.com', '--type', 'vitalis-export', archive)).toMatchObject({ code: 2, err: expect.stringContaining('--user: the user already has data (mood_journal)') });
  expect(await run('--user', 'restored@example.com', '--type', 'apple-health', archive)).toMatchObject({
    code: 2,
    err: 'this file is not an Apple Health export; it looks like a Vitalis export (zip): restore it with npm run import -- --type vitalis-export\n',
  });
  const csv = path.join(ROOT, 'test', 'fixtures', 'strong', 'workouts.csv');
  expect(await run('--user', 'restored@example.com', '--type', 'vitalis-export', csv)).toMatchObject({ code: 2, err: 'this file is not a Vitalis export; it looks like a Strong CSV export: use --type strong\n' });
  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.mood_journal m join vitalis.users u using (user_id) where u.email = 'restored@example.com'`);
  expect(rows[0].n).toBe(2);
});
