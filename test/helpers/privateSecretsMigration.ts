import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

const MIGRATIONS = join(__dirname, '..', '..', 'migrations');

/**
 * The text of one migration file by its name (`3-private-secrets.sql`): from migrations/current
 * while it is being written, else the section of the committed migration that holds it
 * (graphile-migrate keeps each file of migrations/current as a `--! split: <name>` section).
 */
export function migrationSection(name: string): string {
  const current = join(MIGRATIONS, 'current', name);
  if (existsSync(current)) return readFileSync(current, 'utf8');
  const marker = `--! split: ${name}\n`;
  for (const file of readdirSync(join(MIGRATIONS, 'committed')).sort().reverse()) {
    const text = readFileSync(join(MIGRATIONS, 'committed', file), 'utf8');
    const start = text.indexOf(marker);
    if (start < 0) continue;
    const end = text.indexOf('\n--! split: ', start + marker.length);
    return text.slice(start + marker.length, end < 0 ? undefined : end + 1);
  }
  throw new Error(`no migration file or committed section named ${name}`);
}

/**
 * Runs the 3-private-secrets.sql migration again, in one transaction as graphile-migrate does.
 * Tests put a secret back into its old column first: the migration moves whatever it finds
 * there, which is how the move of existing data is exercised after the template is migrated.
 */
export async function rerunPrivateSecretsMigration(pool: Pool): Promise<void> {
  const sql = migrationSection('3-private-secrets.sql');
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(sql);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
