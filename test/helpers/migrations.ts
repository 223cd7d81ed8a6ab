import fs from 'node:fs';
import path from 'node:path';

const MIGRATIONS = path.join(__dirname, '..', '..', 'migrations');

/** One file of migrations/current, or one `--! split:` section of a committed migration (each was a file of current). */
export interface MigrationSection {
  /** e.g. "000010 2-server-owned-columns.sql" or "current 2-secure-user-table.sql" */
  where: string;
  /** The file name, e.g. "2-server-owned-columns.sql". */
  name: string;
  sql: string;
  /** The committed migration's number; undefined for migrations/current. */
  number?: number;
}

/** Every section of the committed migrations in order, then the files of migrations/current. */
export function migrationSections(): MigrationSection[] {
  const out: MigrationSection[] = [];
  for (const file of fs.readdirSync(path.join(MIGRATIONS, 'committed')).sort()) {
    const parts = fs.readFileSync(path.join(MIGRATIONS, 'committed', file), 'utf8').split(/^--! split: (.*)$/m);
    for (let i = 1; i < parts.length; i += 2) {
      out.push({ where: `${file.slice(0, 6)} ${parts[i]}`, name: parts[i] ?? '', sql: parts[i + 1] ?? '', number: Number(file.slice(0, 6)) });
    }
  }
  for (const file of fs.readdirSync(path.join(MIGRATIONS, 'current')).sort()) {
    out.push({ where: `current ${file}`, name: file, sql: fs.readFileSync(path.join(MIGRATIONS, 'current', file), 'utf8') });
  }
  return out;
}

/** The text of the migration file `name`: from migrations/current while it is written there, else its newest committed section. */
export function migrationSection(name: string): string {
  const found = migrationSections().filter((s) => s.name === name).at(-1);
  if (!found) throw new Error(`no migration file or committed section named ${name}`);
  return found.sql;
}
