// PostgreSQL's COPY text format (the default of COPY ... FROM STDIN): one line per row, values
// separated by tabs, \N for NULL, and backslash, newline, carriage return and tab escaped. Written
// here because it is four rules (https://www.postgresql.org/docs/current/sql-copy.html, "Text
// Format"); no well-kept package encodes it alone.

function escapeText(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** One value as COPY text: strings as they are, numbers and booleans as PostgreSQL reads them, objects and arrays as JSON. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'bigint') return value.toString();
  return escapeText(JSON.stringify(value));
}

/** One COPY text line, newline included: the leading values, then row[column] for each column. */
export function copyLine(leading: readonly unknown[], row: Record<string, unknown>, columns: readonly string[]): string {
  const parts = leading.map(copyField);
  for (const column of columns) parts.push(copyField(row[column]));
  return `${parts.join('\t')}\n`;
}
