// Second pass, inside the import's transaction: every table's rows are loaded into one temporary
// table as jsonb (JSON in bounded multi-row batches, CSV through COPY FROM into a typed temporary
// table), so the restore can take the tables in foreign-key order whatever the archive's order.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ExportArchiveError } from './errors';
import { jsonArrayRows } from './jsonRows';
import { postgresJsonProblem } from './postgresJson';
import type { ExportTableEntry } from './manifest';

const BATCH_ROWS = 1000;
const BATCH_CHARS = 4 * 1024 * 1024;

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** "vitalis.wearable_daily" quoted part by part. */
export const qualified = (table: string) => table.split('.').map(ident).join('.');

export async function createStaging(client: PoolClient): Promise<void> {
  await client.query(`create temporary table import_rows (tbl text not null, row jsonb not null) on commit drop`);
  await client.query(`create temporary table import_ids (old uuid primary key, new uuid) on commit drop`);
  await client.query(`create temporary table import_keys (old text primary key, new text not null) on commit drop`);
}

export async function indexStaging(client: PoolClient): Promise<void> {
  await client.query(`create index on pg_temp.import_rows (tbl)`);
  await client.query(`analyze pg_temp.import_rows`);
}

async function stageJson(client: PoolClient, entry: ExportTableEntry, stream: Readable): Promise<number> {
  let batch: string[] = [];
  let chars = 0;
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    await client.query(`insert into pg_temp.import_rows (tbl, row) select $1, value from jsonb_array_elements($2::jsonb)`, [entry.table, `[${batch.join(',')}]`]);
    batch = [];
    chars = 0;
  };
  for await (const row of jsonArrayRows(stream, entry.file)) {
    try {
      JSON.parse(row);
    } catch (error) {
      // Named here by row: PostgreSQL would only say "invalid input syntax for type json" for the batch.
      throw new ExportArchiveError(`${entry.file}: row ${rows + 1} is not valid JSON (${(error as Error).message})`);
    }
    const problem = postgresJsonProblem(row);
    if (problem) throw new ExportArchiveError(`${entry.file}: row ${rows + 1} ${problem}`);
    batch.push(row);
    chars += row.length;
    rows++;
    if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
  }
  await flush();
  return rows;
}

/** COPY's CSV straight back into a temporary table typed like the target; the header must name the manifest's columns in order. */
async function stageCsv(client: PoolClient, entry: ExportTableEntry, stream: Readable): Promise<number> {
  const columns = entry.columns.map(ident).join(', ');
  await client.query(`create temporary table import_csv on commit drop as select ${columns} from ${qualified(entry.table)} with no data`);
  await pipeline(stream, client.query(copyFrom(`copy pg_temp.import_csv (${columns}) from stdin with (format csv, header match)`)));
  const { rowCount } = await client.query(`insert into pg_temp.import_rows (tbl, row) select $1, to_jsonb(c) from pg_temp.import_csv c`, [entry.table]);
  await client.query(`drop table pg_temp.import_csv`);
  return rowCount ?? 0;
}

/** Loads one table's entry; returns the rows read. */
export function stageTable(client: PoolClient, entry: ExportTableEntry, format: 'json' | 'csv', stream: Readable): Promise<number> {
  return format === 'csv' ? stageCsv(client, entry, stream) : stageJson(client, entry, stream);
}
