import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { useTestDatabase } from '../helpers/db';

// src/cli/dump.ts --after-migrate, as graphile-migrate's afterAllMigrations hook runs it (.gmrc):
// where it must not dump, it says why, exits 0 (the migration stands) and leaves sql/schema.sql alone.

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA = path.join(ROOT, 'sql', 'schema.sql');
// tsx's CLI on this very node, so PATH can leave everything else out.
const TSX_CLI = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const db = useTestDatabase();

async function hook(env: Record<string, string | undefined>): Promise<string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['CI', 'NODE_ENV', 'GM_DBURL'].includes(k)));
  const { stdout } = await promisify(execFile)(process.execPath, [TSX_CLI, 'src/cli/dump.ts', '--after-migrate'], { cwd: ROOT, env: { ...base, ...env } as NodeJS.ProcessEnv });
  return stdout.trim();
}

test.each([
  ['graphile-migrate did not run it', () => ({}), 'no database URL'],
  ['under CI', () => ({ GM_DBURL: db.url, CI: 'true' }), 'running under CI'],
  ['in production', () => ({ GM_DBURL: db.url, NODE_ENV: 'production' }), 'NODE_ENV is production'],
  ['on a remote database', () => ({ GM_DBURL: 'postgres://vitalis@db.example.com:5432/vitalis' }), 'db.example.com is not a local development database'],
  ['without pg_dump', () => ({ GM_DBURL: db.url, PATH: '/nonexistent' }), 'pg_dump is not on PATH'],
])('skips %s, exit 0, file untouched', async (_, env, reason) => {
  const before = fs.statSync(SCHEMA).mtimeMs;
  expect(await hook(env())).toBe(`sql/schema.sql not refreshed: ${reason}`);
  expect(fs.statSync(SCHEMA).mtimeMs).toBe(before);
});

test('skips a local database with migrations/current applied (or a pg_dump it cannot use)', async () => {
  // The test template applies migrations/current, so its dump would show uncommitted work.
  const before = fs.statSync(SCHEMA).mtimeMs;
  expect(await hook({ GM_DBURL: db.url })).toMatch(
    /^sql\/schema\.sql not refreshed: (migrations\/current is applied here \(the dump would show uncommitted work\)|pg_dump is not on PATH|pg_dump \d+ cannot dump a PostgreSQL \d+ server)$/,
  );
  expect(fs.statSync(SCHEMA).mtimeMs).toBe(before);
});
