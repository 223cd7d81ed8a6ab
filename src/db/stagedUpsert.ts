// Batch upserts fed by COPY: rows go into the session's staging table of a wearable table
// (vitalis_private.wearable_stage) by COPY, then vitalis_private.upsert_staged_<table>() merges
// them exactly as vitalis.upsert_<table>(jsonb) does (same rules, RLS, checks and audit). For
// importers writing many rows: no JSON to build, parse, check and convert (issue 15: a JSON
// argument holds an upsert to 0.55-0.75x COPY).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatabaseError, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from './copyText';

export type StagedTable = 'wearable_daily' | 'wearable_sleep' | 'wearable_activities';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  skipped: number;
}

/** A row COPY refused, named the way the JSON upserts name one (rows[index].column, from 0) after its table, with the rule. */
export class StagedRowError extends Error {
  constructor(message: string, readonly row: number | undefined, readonly column: string | undefined) {
    super(message);
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** COPY's context names the line (from 1) and column: "COPY staged_wearable_daily, line 3, column steps: "abc"". */
function named(error: unknown, table: StagedTable, lineOffset: number): unknown {
  if (!(error instanceof DatabaseError)) return error;
  const at = /COPY staged_\w+, line (\d+)(?:, column (\w+))?/.exec(error.where ?? '');
  if (!at) return error;
  const row = lineOffset + Number(at[1]) - 1;
  const column = at[2];
  return new StagedRowError(`${table} rows[${row}]${column ? `.${column}` : ''}: ${error.message}`, row, column);
}

/**
 * Upserts `rows` (column name -> value, no user_id: the rows are the caller's, as
 * app.current_user_id says) into `table` inside the caller's transaction, `batchSize` rows per
 * COPY and merge. Returns the summed counts. A row COPY cannot read fails the call with a
 * StagedRowError naming it; the transaction is then aborted, as it would be by the JSON upsert.
 */
export async function stagedUpsert(client: PoolClient, table: StagedTable, rows: readonly Record<string, unknown>[], batchSize = 2000): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, skipped: 0 };
  if (rows.length === 0) return counts;
  await client.query('select vitalis_private.wearable_stage($1)', [table]);
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const columns = [...new Set(batch.flatMap((row) => Object.keys(row)))].sort();
    const lines = batch.map((row) => copyLine([], row, columns));
    try {
      const stream = client.query(copyFrom(`copy pg_temp.${ident(`staged_${table}`)} (${columns.map(ident).join(', ')}) from stdin`));
      // One chunk: a CopyData message and a socket write per row cost more than the merge.
      await pipeline(Readable.from([lines.join('')]), stream);
    } catch (error) {
      throw named(error, table, start);
    }
    const { rows: merged } = await client.query<UpsertCounts>(`select inserted, updated, skipped from vitalis_private.upsert_staged_${table}()`);
    counts.inserted += merged[0]!.inserted;
    counts.updated += merged[0]!.updated;
    counts.skipped += merged[0]!.skipped;
  }
  return counts;
}
