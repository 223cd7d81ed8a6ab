// The weekly proof that backups restore (tasks/backups__restore_test.ts): the newest backup is
// restored into a scratch database on the same server (vitalis_restore_test_<timestamp>, created
// and dropped here), its counts and checksums compared with the manifest, the outcome recorded in
// vitalis.backup_runs and, on failure, ADMIN_EMAIL mailed in the same transaction.
import type { Pool } from 'pg';
import { dropDatabase } from '../../db/setup';
import { withDatabase } from '../../db/url';
import type { Storage } from '../../storage/s3';
import { stamp } from './keys';
import { newestBackup, restoreBackup } from './restore';
import { beginRun, finishRun, messageOf, type RunOutcome } from './runs';
import type { TargetOptions } from './target';

export interface RestoreTestOptions extends TargetOptions {
  /** A superuser connection to the server (any database): the scratch database is created beside it. */
  serverUrl: string;
  key?: Buffer;
  adminEmail?: string;
  now?: Date;
}

export interface RestoreTestResult {
  runId: string;
  status: 'succeeded' | 'failed';
  objectKey: string | null;
  error: string | null;
}

export async function runRestoreTest(db: { pool: Pool; storage: Storage }, options: RestoreTestOptions): Promise<RestoreTestResult> {
  const now = options.now ?? new Date();
  const runId = await beginRun(db.pool, 'restore_test', null);
  const scratch = `vitalis_restore_test_${stamp(now).replace(/[^0-9TZ]/g, '').toLowerCase()}`;
  let objectKey: string | null = null;
  let outcome: RunOutcome;
  try {
    objectKey = await newestBackup(db.storage);
    const result = await restoreBackup(db.storage, { ...options, at: objectKey, to: withDatabase(options.serverUrl, scratch) });
    const details = { scratchDatabase: scratch, durationMs: result.durationMs, schemaVersion: result.manifest.schemaVersion, tables: result.manifest.tables.length, differences: result.differences };
    outcome =
      result.differences.length === 0
        ? { status: 'succeeded', objectKey, bytes: result.manifest.object.bytes, rowCount: result.rows, details }
        : {
            status: 'failed',
            objectKey,
            bytes: result.manifest.object.bytes,
            rowCount: result.rows,
            details,
            error: `restore: ${result.differences.length} table(s) differ from the manifest: ${result.differences.map((d) => `${d.table} (${d.actual.rows} rows, expected ${d.expected.rows})`).join(', ')}`,
          };
  } catch (error) {
    outcome = { status: 'failed', objectKey, details: { scratchDatabase: scratch }, error: messageOf(error) };
  } finally {
    await dropDatabase(options.serverUrl, scratch).catch(() => undefined);
  }
  const client = await db.pool.connect();
  try {
    await client.query('begin');
    await finishRun(client, runId, outcome);
    if (outcome.status === 'failed' && options.adminEmail) {
      await client.query('select vitalis_private.queue_mail($1, $2, $3)', [
        'backup_restore_failed',
        options.adminEmail,
        JSON.stringify({ ...(objectKey ? { objectKey } : {}), error: (outcome.error ?? 'unknown').slice(0, 2000), failedAt: new Date().toISOString() }),
      ]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return { runId, status: outcome.status, objectKey, error: outcome.error ?? null };
}
