import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

/**
 * Runs migrations/current/3-private-secrets.sql again, in one transaction as graphile-migrate
 * does. Tests put a secret back into its old column first: the file moves whatever it finds
 * there, which is how the move of existing data is exercised after the template is migrated.
 */
export async function rerunPrivateSecretsMigration(pool: Pool): Promise<void> {
  const sql = readFileSync(join(__dirname, '../../migrations/current/3-private-secrets.sql'), 'utf8');
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
