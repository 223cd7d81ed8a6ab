import type { Pool } from 'pg';
import type { Readable } from 'node:stream';
import { inRequestTransaction } from '../db/requestContext';
import { readAll } from './csv';
import { parseHevy } from './hevy';
import { weightWarnings } from './liftingPlausibility';
import { groupSkips, LiftingImportError, normaliseName } from './liftingTypes';
import { type LiftingImportSummary, loadAliases, writeSessions } from './liftingWriter';
import { parseStrong } from './strong';

export { LiftingImportError } from './liftingTypes';
export type { LiftingImportSummary } from './liftingWriter';

export interface LiftingImportOptions {
  userId: string;
  format: 'strong' | 'hevy';
  csv: string | Readable;
  /**
   * Weight unit of the file when the file does not name it (Strong's classic export: the app's
   * setting); default lbs. A unit that contradicts the file (Hevy's weight_kg header, Strong's
   * "Weight (kg)") is refused.
   */
  unit?: 'lbs' | 'kg';
  requestId?: string;
}

/**
 * Imports a Strong or Hevy CSV export into lifting_sessions and lifting_sets, in one transaction
 * as the user (role vitalis_api, so RLS and the audit log apply). Malformed files throw a
 * LiftingImportError and write nothing; rows that are not sets or break a lifting_sets bound are
 * skipped and reported by reason, so every row is accounted for (rows.read = rows.sets +
 * rows.skipped). Idempotent per (user, source, source_session_id).
 */
export async function importLiftingCsv(pool: Pool, opts: LiftingImportOptions): Promise<LiftingImportSummary> {
  if (opts.format !== 'strong' && opts.format !== 'hevy') throw new LiftingImportError(`format must be "strong" or "hevy", got "${String(opts.format)}"`);
  if (opts.unit !== undefined && opts.unit !== 'lbs' && opts.unit !== 'kg') throw new LiftingImportError(`unit must be "lbs" or "kg", got "${String(opts.unit)}"`);
  const text = await readAll(opts.csv);
  const parsed = opts.format === 'strong' ? parseStrong(text, opts.unit) : parseHevy(text, opts.unit);
  const summary: LiftingImportSummary = {
    rows: { read: parsed.rows, sets: 0, skipped: 0 },
    sessions: { inserted: 0, updated: 0, unchanged: 0 },
    sets: { inserted: 0, deleted: 0 },
    personalRecords: 0,
    unmatchedExercises: [],
    skipped: [],
    warnings: [...parsed.warnings],
  };
  const skipped = [...parsed.skipped];
  await inRequestTransaction(pool, { role: 'vitalis_api', userId: opts.userId, requestId: opts.requestId }, async (client) => {
    const aliases = await loadAliases(client);
    summary.warnings.push(...weightWarnings(parsed, (name) => aliases.get(normaliseName(name))?.equipment ?? null));
    await writeSessions(client, opts.userId, aliases, opts.format, parsed.sessions, summary, skipped);
  });
  summary.skipped = groupSkips(skipped);
  summary.rows.skipped = skipped.length;
  return summary;
}
