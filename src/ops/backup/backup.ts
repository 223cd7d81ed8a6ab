// One scheduled or manual backup (tasks/backups__daily.ts, npm run backup): writes the daily
// object and its manifest, copies both into the weekly tier on Sundays and the monthly tier on the
// 1st (UTC), applies retention, and records the run in vitalis.backup_runs.
import type { Pool } from 'pg';
import type { Storage } from '../../storage/s3';
import { objectKey, pgDumpKeyOf, tiersFor } from './keys';
import type { Manifest } from './manifest';
import { pruneBackups, type Keep } from './retention';
import { beginRun, finishRun, messageOf } from './runs';
import { copyBackup, putManifest, uploadTo } from './store';
import { writeBackup } from './write';

export interface BackupOptions {
  keep: Keep;
  key?: Buffer;
  now?: Date;
  /** Also a pg_dump of the same snapshot when one matching the server is on PATH (default true). */
  pgDump?: boolean;
}

export interface BackupResult {
  runId: string;
  objectKey: string;
  /** Every key the backup is stored under (the daily, and the weekly or monthly copies). */
  keys: string[];
  deleted: string[];
  manifest: Manifest;
}

export function summary(manifest: Manifest) {
  return {
    schemaVersion: manifest.schemaVersion,
    server: manifest.server.version,
    encrypted: manifest.encryption !== null,
    pgDump: manifest.pgDump,
    copyBytes: manifest.totals.copyBytes,
    durationMs: manifest.durationMs,
    tables: Object.fromEntries(manifest.tables.map((t) => [`${t.schema}.${t.name}`, { rows: t.rows, checksum: t.checksum }])),
  };
}

/** pool: a connection that bypasses RLS (the worker's, or the CLI's owner URL). */
export async function runBackup(db: { pool: Pool; storage: Storage }, options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const tiers = tiersFor(now).filter((t) => t === 'daily' || options.keep[t] > 0);
  // The run is named by its widest tier: the monthly of the 1st is also that day's daily.
  const runId = await beginRun(db.pool, 'backup', tiers[tiers.length - 1]!);
  const key = objectKey('daily', now, Boolean(options.key));
  try {
    const client = await db.pool.connect();
    let manifest: Manifest;
    let broken: Error | undefined;
    try {
      const url = db.pool.options.connectionString;
      const pgDump = options.pgDump !== false && url ? { url, sink: uploadTo(db.storage, pgDumpKeyOf(key)) } : undefined;
      manifest = await writeBackup(client, uploadTo(db.storage, key), { key: options.key, now, pgDump });
    } catch (error) {
      // A COPY cut off mid-stream leaves the connection unusable: it is closed, not pooled.
      broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
    await putManifest(db.storage, key, manifest);
    const keys = [key];
    for (const tier of tiers.filter((t) => t !== 'daily')) {
      const copy = objectKey(tier, now, Boolean(options.key));
      await copyBackup(db.storage, key, copy, manifest.pgDump !== null && 'sha256' in manifest.pgDump);
      keys.push(copy);
    }
    const deleted = await pruneBackups(db.storage, options.keep);
    await finishRun(db.pool, runId, {
      status: 'succeeded',
      objectKey: key,
      bytes: manifest.object.bytes,
      rowCount: manifest.totals.rows,
      details: { ...summary(manifest), keys, deleted },
    });
    return { runId, objectKey: key, keys, deleted, manifest };
  } catch (error) {
    await finishRun(db.pool, runId, { status: 'failed', objectKey: key, error: messageOf(error) }).catch(() => undefined);
    throw error;
  }
}
