import type { Pool } from 'pg';
import { migrationSection } from './migrations';

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
