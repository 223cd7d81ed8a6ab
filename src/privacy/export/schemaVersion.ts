// The schema an archive's rows follow: the last migration graphile-migrate committed on this
// instance ("000019.sql"), which the importer compares with its own.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';

const COMMITTED = path.resolve(__dirname, '..', '..', '..', 'migrations', 'committed');

/** The newest committed migration file shipped with this code, as graphile-migrate names it. */
export function shippedSchemaVersion(directory = COMMITTED): string | undefined {
  const newest = fs
    .readdirSync(directory)
    .filter((f) => /^\d{6}.*\.sql$/.test(f))
    .sort()
    .pop();
  return newest ? `${newest.slice(0, 6)}.sql` : undefined;
}

/**
 * From graphile_migrate.migrations when this connection may read it; otherwise (the worker role
 * may not) the newest committed file shipped with the code, which `npm run db:migrate` applied.
 */
export async function schemaVersion(pool: Pool): Promise<string> {
  try {
    const { rows } = await pool.query<{ filename: string }>(`select filename from graphile_migrate.migrations order by filename desc limit 1`);
    if (rows[0]?.filename) return rows[0].filename;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '42501' && code !== '42P01' && code !== '3F000') throw error;
  }
  return shippedSchemaVersion() ?? 'unknown';
}
