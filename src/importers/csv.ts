import { parse } from 'csv-parse/sync';
import type { Readable } from 'node:stream';

/** Reads a string or a stream of UTF-8 text into one string. */
export async function readAll(input: string | Readable): Promise<string> {
  if (typeof input === 'string') return input;
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The header line's delimiter: ";" when it has more semicolons than commas (Strong's newer Android exports), else ",". */
export function sniffDelimiter(text: string): ',' | ';' {
  const first = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length);
  const count = (c: string) => first.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * RFC 4180 CSV (csv-parse): quoted fields may hold delimiters, doubled quotes and newlines. Strips
 * a BOM and drops blank lines; the delimiter (comma or semicolon) is read from the header line.
 * Returns the header and each record with its 1-based line number (the line the record starts
 * on), so skipped rows and errors can point at the file.
 */
export function parseCsv(text: string): { header: string[]; records: { line: number; cells: string[] }[] } {
  const delimiter = sniffDelimiter(text);
  const rows = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const records = rows.map(({ record, info }) => ({
    // info.lines is where the record ends; a quoted field may span several lines.
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
  const [head, ...rest] = records;
  return { header: (head?.cells ?? []).map((h) => h.trim()), records: rest };
}
