// COPY ... FROM STDIN in PostgreSQL's text format, for the bulk-load baseline.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Json, Row } from './generate';

function escapeText(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function field(value: Json | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY: non-finite number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escapeText(JSON.stringify(value));
}

/** One COPY text line (with trailing newline): the leading values, then row[column] for each column. */
export function copyLine(leading: readonly Json[], row: Row, columns: readonly string[]): string {
  const parts = leading.map(field);
  for (const column of columns) parts.push(field(row[column]));
  return `${parts.join('\t')}\n`;
}

/** Streams pre-encoded chunks into `copy <table> (<columns>) from stdin`; returns the row count. */
export async function copyInto(client: PoolClient, table: string, columns: readonly string[], chunks: readonly Buffer[]): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}
