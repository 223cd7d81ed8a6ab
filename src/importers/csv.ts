import { CsvError, parse } from 'csv-parse/sync';
import type { Readable } from 'node:stream';
import { LiftingImportError } from './liftingTypes';

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
export function parseCsv(text: string, format: 'Strong' | 'Hevy'): { header: string[]; records: { line: number; cells: string[] }[] } {
  const delimiter = sniffDelimiter(text);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof CsvError) throw csvRefusal(error, text, delimiter, format);
    throw error;
  }
  const records = rows.map(({ record, info }) => ({
    // info.lines is where the record ends; a quoted field may span several lines.
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
  const [head, ...rest] = records;
  const header = (head?.cells ?? []).map((h) => h.trim());
  // PostgreSQL text cannot hold NUL: a cell with one is refused here, by line and column, not by the database.
  for (const { line, cells } of records) {
    const index = cells.findIndex((c) => c.includes('\u0000'));
    if (index >= 0) throw new LiftingImportError(`${format} CSV line ${line}: ${line > 1 && header[index] ? `column "${header[index]}"` : `column ${index + 1}`} holds a NUL character (byte 0), which is not text`);
  }
  return { header, records: rest };
}

const CSV_RULES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'opens a quote that is never closed (a quoted field must end with a quote)',
  CSV_INVALID_CLOSING_QUOTE: 'has text right after its closing quote (a quoted field must be followed by the delimiter or the end of the line)',
  CSV_INVALID_OPENING_QUOTE: 'has a quote inside an unquoted field (quote the whole field and double the quotes in it)',
};

/**
 * A file csv-parse cannot read, as a LiftingImportError naming the line and the column (by its
 * header name when the header was read, else by position) and the rule it breaks, not a raw
 * parser error.
 */
function csvRefusal(error: CsvError, text: string, delimiter: string, format: string): LiftingImportError {
  const context = error as CsvError & { lines?: number; index?: number };
  const line = context.lines ?? 1;
  const index = context.index ?? 0;
  // The header's names, read leniently (the refused quote may be in it).
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const names = firstLine.split(delimiter).map((h) => h.replace(/^"|"$/g, '').trim());
  const column = line > 1 && names[index] ? `column "${names[index]}"` : `column ${index + 1}`;
  const rule = CSV_RULES[error.code] ?? `cannot be read as CSV (${error.message})`;
  return new LiftingImportError(`${format} CSV line ${line}: ${column} ${rule}`);
}
