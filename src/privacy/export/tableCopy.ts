// One table's rows as PostgreSQL writes them, streamed: COPY (select ... from export_rows(...)) TO
// STDOUT, so neither the database nor this process holds a table in memory. JSON rows are
// to_jsonb() of each row, one per line; CSV is COPY's own CSV with a header line.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ExportTable } from './catalog';

const NEWLINE = 0x0a;
const QUOTE = 0x22;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteTable = (table: string) => table.split('.').map(quoteIdent).join('.');
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The COPY statement for one table of one user. COPY takes no bind parameters: the user id is a
 * literal, so it must be a UUID (checked here again, whoever the caller is).
 */
export function copyStatement(table: ExportTable, userId: string, format: 'json' | 'csv'): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) throw new Error('userId: must be a UUID');
  const source = `vitalis_private.export_rows(null::${quoteTable(table.table)}, ${quoteLiteral(userId)}::uuid) t`;
  if (format === 'csv') {
    const columns = table.columns.map((c) => `t.${quoteIdent(c.name)}`).join(', ');
    return `copy (select ${columns} from ${source}) to stdout with (format csv, header true)`;
  }
  const omitted = table.omittedColumns.length ? ` - ${quoteLiteral(`{${table.omittedColumns.map((c) => `"${c}"`).join(',')}}`)}::text[]` : '';
  // CSV with a quote and delimiter that JSON text never contains (it escapes every control
  // character) passes each jsonb through untouched: text format would double its backslashes.
  return `copy (select to_jsonb(t)${omitted} from ${source}) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
}

/** Counts bytes and SHA-256 of what flows through, unchanged. */
export class Digest extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}

/**
 * One JSON value per line in, one JSON array out ("[\n" row ",\n" row ... "\n]\n"), counting rows.
 * A line's newline is held back until the next row shows whether a comma goes before it.
 */
export class JsonLinesToArray extends Transform {
  rows = 0;
  private atLineStart = true;

  constructor() {
    super();
    this.push(Buffer.from('['));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const parts: Buffer[] = [];
    let start = 0;
    while (start < chunk.length) {
      if (this.atLineStart) {
        parts.push(Buffer.from(this.rows === 0 ? '\n' : ',\n'));
        this.rows += 1;
        this.atLineStart = false;
      }
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        parts.push(chunk.subarray(start));
        break;
      }
      parts.push(chunk.subarray(start, end));
      this.atLineStart = true;
      start = end + 1;
    }
    done(null, Buffer.concat(parts));
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.rows === 0 ? ']\n' : '\n]\n'));
  }
}

/** Counts the records of COPY's CSV (newlines outside quotes), minus the header; passes bytes through. */
export class CsvRecordCounter extends Transform {
  private lines = 0;
  private quoted = false;
  private pending = false;

  get rows(): number {
    return Math.max(0, this.lines + (this.pending ? 1 : 0) - 1);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) this.quoted = !this.quoted;
      else if (byte === NEWLINE && !this.quoted) {
        this.lines += 1;
        this.pending = false;
        continue;
      }
      this.pending = true;
    }
    done(null, chunk);
  }
}
