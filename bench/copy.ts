// COPY ... FROM STDIN in PostgreSQL's text format, for the bulk-load baseline.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export { copyLine } from '../src/db/copyText';

/** Streams pre-encoded chunks into `copy <table> (<columns>) from stdin`; returns the row count. */
export async function copyInto(client: PoolClient, table: string, columns: readonly string[], chunks: readonly Buffer[]): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}
