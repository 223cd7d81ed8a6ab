import {
  dateKind,
  dateWindowEnd,
  dateWindowStart,
  jsonLimit,
  measurementProblem,
  ranges,
  textLimit,
  textLimits,
  type Range,
} from './bounds';
import { isIsoDate, isIsoDateTime } from './isoDates';

// Every bound of bounds.ts a row breaks, all at once: what the API reports before SQL runs (the
// SQL CHECKs stay the guard and stop at the first). Field names are the caller's (GraphQL camelCase).

/** How a column is stored, as far as its bounds care. */
export type ColumnKind = 'number' | 'text' | 'text[]' | 'json' | 'date' | 'timestamp' | 'other';

export interface ColumnInfo {
  column: string;
  kind: ColumnKind;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** NaN and Infinity: a typed numeric column refuses Infinity before any CHECK, without naming the column. */
export const isNonFiniteProblem = (p: FieldProblem): boolean => p.message.endsWith(' must be a finite number');

const DATE_FORMAT = 'is not a date (YYYY-MM-DD)';
const TIMESTAMP_FORMAT = 'is not an ISO 8601 date-time (e.g. 2024-03-01T07:00:00Z)';
/** `field: "value" is not ...`, the value cut to a readable length. */
const formatMessage = (field: string, value: string, rule: string) => `${field}: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)} ${rule}`;
/**
 * A date or time PostgreSQL would take but not as sent: it reads 'today', 'now', 'epoch' or
 * 'infinity' as words (today in the server's time zone, not the user's), and drops a date-time's
 * time and offset when the column is a date. SQL has nothing to refuse, so the API must.
 */
export const isFormatProblem = (p: FieldProblem): boolean => p.message.endsWith(DATE_FORMAT) || p.message.endsWith(TIMESTAMP_FORMAT);

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  // BigFloat / BigInt arrive as strings; 'NaN' and 'Infinity' are what we are here to catch.
  if (typeof value === 'string') return value.trim() === '' ? Number.NaN : Number(value);
  return undefined;
}

function rangeMessage(field: string, r: Range): string {
  return `${field} must be between ${r.min} and ${r.max}${r.integer ? ' (a whole number)' : ''}`;
}

function numberProblem(table: string, column: string, field: string, value: unknown): string | undefined {
  const n = asNumber(value);
  if (n === undefined) return undefined;
  if (!Number.isFinite(n)) return `${field} must be a finite number`;
  const r = (ranges as Record<string, Record<string, Range>>)[table]?.[column];
  // Columns without a range (finiteOnly) only need to be finite.
  if (r && (n < r.min || n > r.max || (r.integer && !Number.isInteger(n)))) return rangeMessage(field, r);
  return undefined;
}

function dateProblem(table: string, column: string, field: string, value: unknown, kind: 'date' | 'timestamp'): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (kind === 'date' && !isIsoDate(value)) return formatMessage(field, value, DATE_FORMAT);
  if (kind === 'timestamp' && !isIsoDateTime(value)) return formatMessage(field, value, TIMESTAMP_FORMAT);
  if (table === 'users' && column === 'date_of_birth') return undefined;
  const end = dateWindowEnd(dateKind(table, column));
  const tooEarly = kind === 'date' ? value < dateWindowStart : Date.parse(value) < Date.parse(`${dateWindowStart}T00:00:00Z`);
  const tooLate = kind === 'date' ? value >= end : Date.parse(value) >= Date.parse(`${end}T00:00:00Z`);
  return tooEarly || tooLate ? `${field} must be on or after ${dateWindowStart} and before ${end}` : undefined;
}

const chars = (s: string) => [...s].length;

/** The problems of one row of `table`; `columns` maps the row's field names to their columns. */
export function rowProblems(table: string, row: Record<string, unknown>, columns: Record<string, ColumnInfo>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, value] of Object.entries(row)) {
    const info = columns[field];
    if (!info || value === null || value === undefined) continue;
    let message: string | undefined;
    switch (info.kind) {
      case 'number':
        if (!(table === 'measurements' && info.column === 'value')) message = numberProblem(table, info.column, field, value);
        break;
      case 'text':
        if (typeof value === 'string' && chars(value) > textLimit(info.column)) message = `${field} must be at most ${textLimit(info.column)} characters`;
        break;
      case 'text[]':
        if (Array.isArray(value) && (value.length > textLimits.arrayItems || value.some((v) => typeof v === 'string' && chars(v) > textLimits.short))) {
          message = `${field} must have at most ${textLimits.arrayItems} items of at most ${textLimits.short} characters`;
        }
        break;
      case 'json': {
        const limit = jsonLimit(info.column);
        if (Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value)) > limit) message = `${field} must be at most ${limit / 1024} KB of JSON`;
        break;
      }
      case 'date':
      case 'timestamp':
        message = dateProblem(table, info.column, field, value, info.kind);
        break;
      default:
        break;
    }
    if (message) problems.push({ field, message });
  }
  if (table === 'measurements') {
    // value, unit and metric are judged together (measurements_value_range).
    const byColumn = (column: string) => Object.entries(columns).find(([f, c]) => c.column === column && f in row);
    const [valueField] = byColumn('value') ?? [];
    const [unitField] = byColumn('unit') ?? [];
    const [metricField] = byColumn('metric') ?? [];
    const metricValue = metricField ? row[metricField] : undefined;
    const raw = valueField ? asNumber(row[valueField]) : undefined;
    if (valueField && raw !== undefined) {
      const metric = typeof metricValue === 'string' ? metricValue.toLowerCase() : undefined;
      const unit = unitField && typeof row[unitField] === 'string' ? (row[unitField] as string) : undefined;
      const problem = !Number.isFinite(raw)
        ? { field: 'value' as const, message: `${valueField} must be a finite number` }
        : metric && unit !== undefined
          ? measurementProblem(metric, raw, unit)
          : undefined;
      if (problem) problems.push({ field: problem.field === 'unit' ? (unitField ?? 'unit') : valueField, message: problem.message });
    }
  }
  return problems;
}
