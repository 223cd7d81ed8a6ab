// npm run db:dump: writes sql/schema.sql, the schema as migrated (vitalis, vitalis_private,
// analytics), so every review shows what the database became. Needs pg_dump on PATH and
// DATABASE_URL pointing at a migrated database.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:dump needs DATABASE_URL (a migrated database) and pg_dump on PATH');
  process.exit(2);
}
const sql = execFileSync('pg_dump', ['--schema-only', '--no-privileges', '--schema=vitalis', '--schema=vitalis_private', '--schema=analytics', url], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
// pg_dump stamps its own version and a per-run restrict key; drop both so the file only changes when the schema does.
const stable = sql.split('\n').filter((l) => !/^-- Dumped (from|by)/.test(l) && !/^\\(un)?restrict /.test(l)).join('\n');
const out = path.resolve(__dirname, '..', '..', 'sql', 'schema.sql');
fs.writeFileSync(out, stable);
console.log(`Wrote ${path.relative(process.cwd(), out)} (${stable.split('\n').length} lines)`);
