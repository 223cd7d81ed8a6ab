import type { Pool } from 'pg';
import type { Readable } from 'node:stream';
import { inRequestTransaction } from '../db/requestContext';
import { readAll } from './csv';
import { parseHevy } from './hevy';
import { LiftingImportError } from './liftingTypes';
import { type LiftingImportSummary, writeSessions } from './liftingWriter';
import { parseStrong } from './strong';

export { LiftingImportError } from './liftingTypes';
export type { LiftingImportSummary } from './liftingWriter';

export interface LiftingImportOptions {
  userId: string;
  format: 'strong' | 'hevy';
  csv: string | Readable;
  /** Unit of Strong's Weight column (the app's setting; the file does not say). Default lbs. Hevy names its unit in the header. */
  unit?: 'lbs' | 'kg';
  requestId?: string;
}

/**
 * Imports a Strong or Hevy CSV export into lifting_sessions and lifting_sets, in one transaction
 * as the user (role vitalis_api, so RLS and the audit log apply). Malformed files throw a
 * LiftingImportError and write nothing; rows outside the lifting_sets bounds are skipped and
 * reported. Idempotent per (user, source, source_session_id).
 */
export async function importLiftingCsv(pool: Pool, opts: LiftingImportOptions): Promise<LiftingImportSummary> {
  if (opts.format !== 'strong' && opts.format !== 'hevy') throw new LiftingImportError(`format must be "strong" or "hevy", got "${String(opts.format)}"`);
  const unit = opts.unit ?? 'lbs';
  if (unit !== 'lbs' && unit !== 'kg') throw new LiftingImportError(`unit must be "lbs" or "kg", got "${String(unit)}"`);
  const text = await readAll(opts.csv);
  const parsed = opts.format === 'strong' ? parseStrong(text, unit) : parseHevy(text);
  const summary: LiftingImportSummary = { sessions: { inserted: 0, updated: 0, unchanged: 0 }, sets: { inserted: 0, deleted: 0 }, unmatchedExercises: [], skipped: parsed.skipped };
  await inRequestTransaction(pool, { role: 'vitalis_api', userId: opts.userId, requestId: opts.requestId }, (client) => writeSessions(client, opts.userId, opts.format, parsed.sessions, summary));
  return summary;
}
