// FIT files (Garmin, COROS, Wahoo, ... devices and scales), read with Garmin's official SDK.
// What each kind of FIT file gives is in fileTypes.ts; the summary accounts for every session and
// weigh-in read (written, unchanged, or skipped with a reason) and for the laps and records, which
// no table stores one by one (their session summarises them).
import type { Pool, PoolClient } from 'pg';
import { inRequestTransaction } from '../../db/requestContext';
import { decodeFitFiles, FitImportError } from './decode';
import { describeFitFile, FIT_IMPORTED_KINDS, fitFileType } from './fileTypes';
import { measurementRows, type MeasurementRow } from './bodyMeasurements';
import { activityRows, type Skip } from './sessions';
import { list, type Msg } from './values';

export { FitImportError } from './decode';
export { fitActivityType } from './activityType';

export interface FitImportOptions {
  userId: string;
  data: Buffer;
  source?: 'garmin' | 'fit_file';
  requestId?: string;
}

type Counts = { inserted: number; updated: number; skipped: number };

export interface FitImportSummary {
  /** file_id.type as the SDK names it ("activity", "weight", ...), or "unknown". */
  fileType: string;
  /** Messages read, by kind: sessions, laps, records, weigh-ins, blood-pressure readings. */
  read: { sessions: number; laps: number; records: number; weightScale: number; bloodPressure: number };
  /** Rows upserted; "skipped" here means already stored unchanged (the upsert's count). */
  activities: Counts;
  measurements: Counts;
  /** What the file holds that was not imported, with the reason. */
  skipped: Skip[];
  warnings: string[];
}

async function write(client: PoolClient, source: string, activities: Record<string, unknown>[], measurements: MeasurementRow[], summary: FitImportSummary): Promise<void> {
  if (activities.length > 0) {
    const { rows } = await client.query<Counts>('select * from vitalis.upsert_wearable_activities($1::jsonb)', [JSON.stringify(activities)]);
    if (rows[0]) summary.activities = { inserted: rows[0].inserted, updated: rows[0].updated, skipped: rows[0].skipped };
  }
  if (measurements.length > 0) {
    const { rows } = await client.query<Counts>('select * from vitalis.upsert_measurements($1::jsonb)', [JSON.stringify(measurements.map((m) => ({ ...m, source })))]);
    if (rows[0]) summary.measurements = { inserted: rows[0].inserted, updated: rows[0].updated, skipped: rows[0].skipped };
  }
}

/**
 * Imports a FIT file: each session of an activity file becomes a wearable_activities row (via
 * vitalis.upsert_wearable_activities, idempotent per file serial/time_created/session start);
 * each weight_scale or blood_pressure message becomes measurements rows (idempotent on the
 * measurements key). Runs in one transaction as the user (role vitalis_api). An unreadable file,
 * or a kind of FIT file Vitalis does not import (monitoring, settings, course, ...), throws
 * FitImportError ("FIT file: ...") and writes nothing; out-of-range values are dropped with a warning.
 */
export async function importFit(pool: Pool, opts: FitImportOptions): Promise<FitImportSummary> {
  const source = opts.source ?? 'fit_file';
  if (source !== 'garmin' && source !== 'fit_file') throw new FitImportError(`FIT file: source must be "garmin" or "fit_file", got "${String(source)}"`);
  if (!Buffer.isBuffer(opts.data)) throw new FitImportError('FIT file: data must be a Buffer');
  // A chained FIT file holds several FIT files: each is read with its own file_id and activity.
  const warnings: string[] = [];
  const files = (await decodeFitFiles(opts.data, warnings)) as Msg[];
  const count = (key: string) => files.reduce((n, m) => n + list(m[key]).length, 0);
  const type = list(files[0]!.fileIdMesgs)[0]?.type;
  const summary: FitImportSummary = {
    fileType: typeof type === 'string' ? type : type === undefined ? 'unknown' : String(type),
    read: {
      sessions: count('sessionMesgs'),
      laps: count('lapMesgs'),
      records: count('recordMesgs'),
      weightScale: count('weightScaleMesgs'),
      bloodPressure: count('bloodPressureMesgs'),
    },
    activities: { inserted: 0, updated: 0, skipped: 0 },
    measurements: { inserted: 0, updated: 0, skipped: 0 },
    skipped: [],
    warnings,
  };
  const { sessions, weightScale, bloodPressure, records, laps } = summary.read;
  if (sessions + weightScale + bloodPressure === 0) {
    const kind = fitFileType(type);
    if (kind && !kind.imports) throw new FitImportError(`FIT file: is ${describeFitFile(type)}, which Vitalis does not import (it imports ${FIT_IMPORTED_KINDS}); nothing was written`);
    const held = records + laps > 0 ? ` (${records} records, ${laps} laps, no session summarising them)` : '';
    throw new FitImportError(`FIT file: is ${describeFitFile(type)} with no session, weigh-in or blood-pressure reading${held}; nothing was written`);
  }
  const label = (i: number) => (files.length > 1 ? `file ${i + 1} ` : '');
  const activities = files.flatMap((m, i) => activityRows(m, source, summary.warnings, summary.skipped, label(i)));
  const measurements = files.flatMap((m, i) => measurementRows(m, summary.warnings, summary.skipped, label(i)));
  if (activities.length + measurements.length > 0) {
    await inRequestTransaction(pool, { role: 'vitalis_api', userId: opts.userId, requestId: opts.requestId }, (client) => write(client, source, activities, measurements, summary));
  }
  return summary;
}
