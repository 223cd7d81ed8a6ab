// The exports__build job: one request from queued (or from processing, after a crash) to ready.
// Every run starts the archive from scratch: a killed run leaves at most an unfinished multipart
// upload (aborted here) and a processing row (taken over here); the upload is only complete, and
// the row only ready, once the whole archive is written. Ready, the EXPORT audit row and the
// mail with the link are one transaction (vitalis_private.export_finish).
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Logger } from '../../http/logger';
import type { Storage } from '../../storage/s3';
import type { ArchiveHooks } from './archive';
import { abortStaleUploads, archiveKey, deleteArchive, MAX_PRESIGN_SECONDS, presignArchive, uploadExportArchive } from './store';

export const buildPayload = z.object({ exportId: z.string().uuid({ message: 'exportId: must be a UUID' }) });

export interface BuildContext {
  pool: Pool;
  storage: Storage;
  config: Pick<Config, 'EXPORT_LINK_TTL'>;
  logger: Logger;
}

export type BuildOutcome = 'ready' | 'missing' | `already ${string}`;

interface StartedExport {
  export_id: string;
  user_id: string;
  email: string;
  format: 'json' | 'csv';
  status: string;
}

/** Builds one export. lastAttempt: a failure is final (status failed) instead of retried. */
export async function buildExport(ctx: BuildContext, exportId: string, options: { lastAttempt: boolean; hooks?: ArchiveHooks }): Promise<BuildOutcome> {
  const { rows } = await ctx.pool.query<StartedExport>(`select * from vitalis_private.export_start($1)`, [exportId]);
  const started = rows[0];
  if (!started) return 'missing';
  if (started.status !== 'processing') return `already ${started.status}`;
  const key = archiveKey(started.user_id, exportId);
  try {
    const aborted = await abortStaleUploads(ctx.storage, key);
    if (aborted) ctx.logger.warn({ exportId, aborted }, 'aborted the unfinished upload of an earlier run');
    const { manifest, bytes } = await uploadExportArchive(
      { pool: ctx.pool, storage: ctx.storage, logger: ctx.logger },
      { userId: started.user_id, exportId, format: started.format },
      key,
      options.hooks,
    );
    const ttl = Math.min(ctx.config.EXPORT_LINK_TTL, MAX_PRESIGN_SECONDS);
    const expiresAt = new Date(Date.now() + ttl * 1000);
    const downloadUrl = await presignArchive(ctx.storage, key, ttl, `vitalis-export-${expiresAt.toISOString().slice(0, 10)}.zip`);
    // What went in, for the audit log: table names and counts, never values.
    const summary = {
      tables: Object.fromEntries(manifest.tables.filter((t) => t.rows > 0).map((t) => [t.table, t.rows])),
      objects: manifest.objects.length,
    };
    const finished = await ctx.pool.query<{ ok: boolean }>(`select vitalis_private.export_finish($1, $2, $3, $4, $5, $6) as ok`, [
      exportId,
      key,
      bytes,
      expiresAt,
      downloadUrl,
      JSON.stringify(summary),
    ]);
    if (!finished.rows[0]?.ok) {
      // Someone else finished it (a duplicate run): this copy is the same archive, overwritten in place.
      ctx.logger.warn({ exportId }, 'the export was no longer processing when its archive was done');
      return 'already finished';
    }
    return 'ready';
  } catch (error) {
    if (options.lastAttempt) {
      const reason = `the archive could not be written (${(error as Error).name ?? 'Error'}); ask for a new export`;
      await ctx.pool.query(`select vitalis_private.export_fail($1, $2)`, [exportId, reason]);
      await deleteArchive(ctx.storage, key).catch(() => {});
    }
    throw error;
  }
}
