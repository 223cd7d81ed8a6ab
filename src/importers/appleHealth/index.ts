import type { Pool } from 'pg';
import { inRequestTransaction } from '../../db/requestContext';
import { AppleHealthAggregator, type AggregatedRows } from './aggregate';
import { AppleHealthImportError } from './errors';
import type { ElementAccount } from './ledger';
import type { MeasurementRow } from './measurements';
import { readExport } from './reader';
import { openExport } from './source';
import { AppleHealthWriter, type UpsertCounts } from './write';

export { AppleHealthImportError } from './errors';
export { describeAccounts, type ElementAccount, unbalanced } from './ledger';

export interface AppleHealthImportOptions {
  userId: string;
  /** export.zip (as the Health app writes it) or a bare export.xml. */
  path: string;
  /**
   * Default 'vitalis_worker': the worker acting as the user, as a provider sync does. The export
   * versions its rows (a record's creationDate becomes source_updated_at), which the batch upserts
   * take from the server only, never from a client (vitalis_api).
   */
  role?: string;
  requestId?: string;
  /** Called at most four times a second, and once at the end; bytes of the XML. */
  onProgress?: (p: { bytesRead: number; totalBytes: number }) => void;
  signal?: AbortSignal;
}

export interface AppleHealthSummary {
  daily: UpsertCounts;
  sleep: UpsertCounts;
  activities: UpsertCounts;
  measurements: UpsertCounts;
  /** Top-level Record, Workout, Correlation and ActivitySummary elements read. */
  recordsRead: number;
  /**
   * Every top-level element of the export, per element kind and type: read = used + skipped, each
   * skip with its reason, and the rows the used ones were merged into or written as (ledger.ts).
   */
  elements: ElementAccount[];
  /** Values dropped, per reason (one per value: a day's out-of-range total counts once). */
  skipped: Array<{ reason: string; count: number }>;
  warnings: string[];
  unmappedTypes: Array<{ type: string; count: number }>;
}

type ScanOptions = Pick<AppleHealthImportOptions, 'path' | 'onProgress' | 'signal'>;
type Flush = (pending: AppleHealthAggregator['pending']) => Promise<void>;

/** Reads the whole export once, handing full batches of workouts/measurements to flush. */
async function scan(opts: ScanOptions, flush: Flush): Promise<{ aggregator: AppleHealthAggregator; rows: AggregatedRows }> {
  const source = await openExport(opts.path);
  const aggregator = new AppleHealthAggregator();
  const drain = async () => {
    const { activities, measurements } = aggregator.pending;
    aggregator.pending.activities = [];
    aggregator.pending.measurements = [];
    await flush({ activities, measurements });
  };
  await readExport(source, aggregator, { onProgress: opts.onProgress, signal: opts.signal, onWarning: (message) => aggregator.tally.warn(message), afterChunk: () => (aggregator.batchFull ? drain() : Promise.resolve()) });
  await drain();
  return { aggregator, rows: aggregator.finish() };
}

export interface ParsedAppleHealth {
  rows: AggregatedRows & { activities: Record<string, unknown>[]; measurements: MeasurementRow[] };
  recordsRead: number;
  elements: ElementAccount[];
  skipped: AppleHealthSummary['skipped'];
  unmappedTypes: AppleHealthSummary['unmappedTypes'];
  warnings: string[];
}

/**
 * The import without the database: the same reading and aggregation, for the benchmark and for
 * previews. With collect false the workout/measurement rows are counted and dropped batch by batch.
 */
export async function parseAppleHealth(opts: ScanOptions & { collect?: boolean }): Promise<ParsedAppleHealth & { counts: { activities: number; measurements: number } }> {
  const kept = { activities: [] as Record<string, unknown>[], measurements: [] as MeasurementRow[] };
  const counts = { activities: 0, measurements: 0 };
  const { aggregator, rows } = await scan(opts, async (batch) => {
    counts.activities += batch.activities.length;
    counts.measurements += batch.measurements.length;
    if (opts.collect) {
      for (const r of batch.activities) kept.activities.push(r);
      for (const r of batch.measurements) kept.measurements.push(r);
    }
  });
  const t = aggregator.tally;
  return { rows: { ...rows, ...kept }, counts, recordsRead: aggregator.recordsRead, elements: aggregator.ledger.list(), skipped: t.skipped(), unmappedTypes: t.unmappedTypes(), warnings: t.allWarnings() };
}

/**
 * Imports an Apple Health export in one transaction as the user: per local date one
 * wearable_daily row and per night one wearable_sleep row (source apple_health, devices merged as
 * described in daily.ts and sleep.ts, per-device detail in raw_data), each Workout a
 * wearable_activities row, body records measurements. Streams the file: memory grows with the
 * number of days x sources, not records. Malformed XML throws AppleHealthImportError (naming line
 * and column) and writes nothing; a re-import of the same file changes nothing.
 */
export async function importAppleHealth(pool: Pool, opts: AppleHealthImportOptions): Promise<AppleHealthSummary> {
  if (typeof opts.userId !== 'string' || opts.userId === '') throw new AppleHealthImportError('Apple Health import: userId is required');
  if (typeof opts.path !== 'string' || opts.path === '') throw new AppleHealthImportError('Apple Health import: path is required');
  return inRequestTransaction(pool, { role: opts.role ?? 'vitalis_worker', userId: opts.userId, requestId: opts.requestId }, async (client) => {
    const writer = new AppleHealthWriter(client);
    const { aggregator, rows } = await scan(opts, async ({ activities, measurements }) => {
      await writer.upsert('wearable_activities', activities);
      await writer.insertMeasurements(measurements);
    });
    await writer.upsert('wearable_daily', rows.daily);
    await writer.upsert('wearable_sleep', rows.sleep);
    await writer.learnTimezones(aggregator.offsets);
    const t = aggregator.tally;
    return {
      daily: writer.daily,
      sleep: writer.sleep,
      activities: writer.activities,
      measurements: writer.measurements,
      recordsRead: aggregator.recordsRead,
      elements: aggregator.ledger.list(),
      skipped: t.skipped(),
      warnings: t.allWarnings(),
      unmappedTypes: t.unmappedTypes(),
    };
  });
}
