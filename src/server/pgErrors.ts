import { ranges, type Range } from '../validation/bounds';
import { ConstraintCatalog } from './constraintCatalog';
import { CHECK_MESSAGES } from './checkMessages';
import type { ErrorCode } from '../http/errorCodes';

// How a PostgreSQL error becomes a message for the client: which GraphQL field, which rule, which
// stable code. maskError (errors.ts) applies it to every GraphQL error.

export type { ErrorCode };

/** snake_case column -> the camelCase GraphQL field name PostGraphile's inflection gives it. */
export function fieldName(column: string): string {
  return column.replace(/_+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** A table name in plain words: blood_markers -> "blood markers". */
function words(table: string): string {
  return table.replace(/_/g, ' ');
}

/** A table name as one thing in plain words: blood_panels -> "blood panel". */
function thing(table: string): string {
  return words(table).replace(/ies$/, 'y').replace(/([^s])s$/, '$1');
}

function formatNumber(n: number): string {
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// Constraint knowledge: the bounds module (range CHECKs), a small table of hand-written
// messages, and what the catalog says about every other constraint (read once at startup).

interface RangeRule {
  table: string;
  column: string;
  range: Range;
}

const RANGE_RULES = new Map<string, RangeRule>();
for (const [table, columns] of Object.entries(ranges)) {
  for (const [column, range] of Object.entries(columns as Record<string, Range>)) {
    RANGE_RULES.set(`${table}_${column}_range`, { table, column, range });
  }
}

export interface ClientError {
  code: ErrorCode;
  message: string;
  field?: string;
  /** Every field involved, when more than one (unique keys, foreign keys): one entry each. */
  fields?: Array<{ field: string; message: string }>;
}

function each(fields: string[], message: string): ClientError['fields'] {
  return fields.length > 1 ? fields.map((field) => ({ field, message })) : undefined;
}

export interface PgErrorLike {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
  routine?: string;
  message: string;
}

export function isPgError(error: unknown): error is PgErrorLike {
  const e = error as { code?: unknown; severity?: unknown; routine?: unknown } | null;
  return !!e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && (typeof e.severity === 'string' || typeof e.routine === 'string');
}

/** Raised by our own PL/pgSQL (RAISE ... USING ...): the message is written for the user. */
function isOwnRaise(error: PgErrorLike): boolean {
  return error.routine === 'exec_stmt_raise';
}

/** "Key (user_id, journal_date)=(...) already exists." -> ["user_id", "journal_date"] */
function keyColumns(detail: string | undefined): string[] | undefined {
  const match = detail ? /^Key \((.*?)\)=\(/.exec(detail) : null;
  if (!match?.[1]) return undefined;
  return match[1].split(/,\s*/).map((part) => {
    const inner = /\(([a-z_][a-z0-9_]*)\)/i.exec(part);
    return (inner?.[1] ?? part).replace(/"/g, '').trim();
  });
}

/** The table named in 'is not present in table "x"' / 'is still referenced from table "x"'. */
function detailTable(detail: string | undefined): string | undefined {
  const match = detail ? /table "([^"]+)"/.exec(detail) : null;
  return match?.[1];
}

function rangeMessage(field: string, range: Range): string {
  const base = `${field} must be between ${formatNumber(range.min)} and ${formatNumber(range.max)}`;
  return range.integer ? `${base} (a whole number)` : base;
}

/** A readable rule from a simple single-column CHECK definition, or undefined. */
function ruleFromDefinition(field: string, definition: string): string | undefined {
  const def = definition.replace(/::[a-z_. ]+(\[\])?/gi, '').replace(/[()]/g, '');
  const anyOf = /= ANY ARRAY\[(.*)\]/.exec(def);
  if (anyOf?.[1]) {
    const values = anyOf[1].split(/,\s*/).map((v) => v.replace(/^'|'$/g, ''));
    return `${field} must be one of: ${values.join(', ')}`;
  }
  const num = String.raw`'?(-?[0-9.]+)'?`;
  const between = new RegExp(String.raw`^CHECK \w+ >= ${num} AND \w+ <= ${num}$`).exec(def);
  if (between) return `${field} must be between ${between[1]} and ${between[2]}`;
  const single = new RegExp(String.raw`^CHECK \w+ (>=|>|<=|<) ${num}$`).exec(def);
  if (single) {
    const words: Record<string, string> = { '>=': 'at least', '>': 'greater than', '<=': 'at most', '<': 'less than' };
    return `${field} must be ${words[single[1]!]} ${single[2]}`;
  }
  return undefined;
}

function checkViolation(error: PgErrorLike, catalog: ConstraintCatalog): ClientError {
  const name = error.constraint;
  if (!name) {
    // Our own RAISE with errcode 23514 (e.g. custom_metric_entries): the message is for the user.
    if (isOwnRaise(error)) return { code: 'BAD_USER_INPUT', message: error.message, field: error.column ? fieldName(error.column) : undefined };
    // A row no partition takes: its partition key (a date) is outside the years kept ready.
    if (/^no partition of relation/.test(error.message)) {
      const key = error.table ? catalog.partitionKeys.get(error.table) : undefined;
      const field = key ? fieldName(key) : undefined;
      return { code: 'BAD_USER_INPUT', message: `${field ?? 'the date'} is outside the range of dates this server accepts`, field };
    }
    return { code: 'BAD_USER_INPUT', message: 'A value is not valid' };
  }
  const range = RANGE_RULES.get(name);
  if (range) {
    const field = fieldName(range.column);
    return { code: 'BAD_USER_INPUT', message: rangeMessage(field, range.range), field };
  }
  const known = CHECK_MESSAGES[name];
  if (known) return { code: 'BAD_USER_INPUT', message: known.message, field: known.field };
  const constraint = catalog.get(name);
  const table = constraint?.table ?? error.table ?? '';
  let column = constraint?.columns.length === 1 ? constraint.columns[0] : undefined;
  if (!column && table && name.startsWith(`${table}_`) && name.endsWith('_check')) {
    column = name.slice(table.length + 1, -'_check'.length) || undefined;
  }
  const field = column ? fieldName(column) : undefined;
  const rule = field && constraint ? ruleFromDefinition(field, constraint.definition) : undefined;
  if (rule) return { code: 'BAD_USER_INPUT', message: rule, field };
  if (field) return { code: 'BAD_USER_INPUT', message: `${field} is not valid for ${words(table)}`, field };
  // A rule over several columns without a message of its own: name them all.
  const fields = (constraint?.columns ?? []).filter((c) => c !== 'user_id').map(fieldName);
  const message = fields.length
    ? `${fields.join(' and ')}: these values together break a rule for ${words(table) || 'this record'}`
    : `${words(table) || 'the record'}: a validation rule was not met`;
  return { code: 'BAD_USER_INPUT', message, field: fields[0], fields: each(fields, message) };
}

function uniqueViolation(error: PgErrorLike, catalog: ConstraintCatalog): ClientError {
  const constraint = catalog.get(error.constraint);
  const columns = keyColumns(error.detail) ?? constraint?.columns ?? [];
  const table = constraint?.table ?? error.table?.replace(/_y\d{4}$/, '') ?? '';
  // user_id is in nearly every key: the user is not choosing it, so name the other fields.
  const named = columns.filter((c) => c !== 'user_id');
  const fields = (named.length ? named : columns).map(fieldName);
  const what = table ? `a ${thing(table)} record` : 'a record';
  const message = fields.length
    ? `${what} with the same ${fields.join(' and ')} already exists`
    : `${what} like this already exists`;
  return { code: 'CONFLICT', message, field: fields[0], fields: each(fields, message) };
}

function foreignKeyViolation(error: PgErrorLike, catalog: ConstraintCatalog): ClientError {
  const constraint = catalog.get(error.constraint);
  const columns = keyColumns(error.detail) ?? constraint?.columns ?? [];
  const named = columns.filter((c) => c !== 'user_id');
  const fields = (named.length ? named : columns).map(fieldName);
  const other = detailTable(error.detail);
  if (error.detail?.includes('still referenced')) {
    return {
      code: 'CONFLICT',
      message: `this record is still referenced${other ? ` by ${words(other)}` : ''}: remove those first`,
      field: fields[0],
    };
  }
  const target = other ?? (constraint?.definition ? /REFERENCES (?:vitalis\.)?(\w+)/.exec(constraint.definition)?.[1] : undefined);
  const message = `${fields.join(' and ') || 'a reference'} does not refer to an existing ${target ? thing(target) : 'record'}`;
  return { code: 'NOT_FOUND', message, field: fields[0], fields: each(fields, message) };
}

const DATA_EXCEPTION_MESSAGES: Record<string, string> = {
  '22001': 'is too long',
  '22003': 'is out of range for its field',
  '22007': 'is not a valid date or time',
  '22008': 'is not a valid date or time',
  '22P02': 'is not in a valid format',
  '22P05': 'contains a character that cannot be stored',
  '22021': 'contains a character that cannot be stored',
  '22023': 'is not valid',
  '2201B': 'is not a valid regular expression',
  '2201W': 'must not be negative',
  '2201X': 'must not be negative',
  '22004': 'must not be null',
  '22012': 'leads to a division by zero',
};

/**
 * A data exception PostgreSQL raised about a value (not a column): "<field>: <value> <rule>",
 * the field as found in the request (errors.ts) when PostgreSQL does not say; the value as
 * PostgreSQL quoted it (the client's own input).
 */
function dataException(error: PgErrorLike, field: string | undefined): ClientError {
  const rule = DATA_EXCEPTION_MESSAGES[error.code ?? ''] ?? 'is not valid';
  const quoted = /(?:: |value )"((?:[^"\\]|\\.){0,100})"/.exec(error.message)?.[1];
  const value = quoted !== undefined && !/^2201[WX]$/.test(error.code ?? '') ? `"${quoted}" ` : '';
  const digits = error.code === '22003' ? /less than 10\^(\d+)/.exec(error.detail ?? '')?.[1] : undefined;
  const limit = digits ? ` (it must be less than ${10 ** Number(digits)} in absolute value)` : '';
  if (field) return { code: 'BAD_USER_INPUT', message: `${field}: ${value || 'the value '}${rule}${limit}`, field };
  return { code: 'BAD_USER_INPUT', message: `a value in the request ${value ? `(${value.trim()}) ` : ''}${rule}${limit}` };
}

/**
 * A PostgreSQL error -> what the client may see; undefined when it is not ours to explain.
 * inputField: the argument or input field the request put the offending value in, when known.
 */
export function describePgError(error: PgErrorLike, catalog: ConstraintCatalog = new ConstraintCatalog(), inputField?: string): ClientError | undefined {
  const code = error.code ?? '';
  const field = error.column ? fieldName(error.column) : inputField;
  // Our functions' own messages are written for the user, "<field>: <rule>" with the API's field
  // name, and pass through as they are (migrations/CONVENTIONS.md; test/db/conventions.test.ts
  // checks every function of the catalog).
  if (isOwnRaise(error)) {
    if (code === '23505') return { code: 'CONFLICT', message: error.message, field };
    // Our own SQLSTATEs (migrations/CONVENTIONS.md): VT404 not found, VT403 forbidden.
    if (code === 'VT404') return { code: 'NOT_FOUND', message: error.message, field };
    if (code === 'VT403') return { code: 'FORBIDDEN', message: error.message, field };
    // A refusal names its argument only when the function says which (forUser), never by guess.
    if (code === '42501') return error.column ? { code: 'FORBIDDEN', message: error.message, field: fieldName(error.column) } : { code: 'FORBIDDEN', message: error.message };
    if (/^28/.test(code)) return { code: 'UNAUTHENTICATED', message: error.message };
  }
  switch (code) {
    case '23514':
      return checkViolation(error, catalog);
    case '23505':
      return uniqueViolation(error, catalog);
    case '23503':
      return foreignKeyViolation(error, catalog);
    case '23502':
      return { code: 'BAD_USER_INPUT', message: field ? `${field} is required` : 'a required value is missing', field };
    case '42501':
      return { code: 'FORBIDDEN', message: 'Not allowed' };
    case '57014':
      return { code: 'TIMEOUT', message: 'The request took too long and was cancelled; ask for less data at a time' };
    default:
      break;
  }
  if (/^(22|23|P0)/.test(code) && isOwnRaise(error)) {
    // e.g. 'unit: "furlongs" is not an accepted unit for Glucose; accepted units: ...'
    return { code: 'BAD_USER_INPUT', message: error.message, field };
  }
  if (code.startsWith('22')) return dataException(error, field);
  return undefined;
}


// Whether an error means the database is unreachable (src/db/unavailable.ts): 503, never 500.
export { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db/unavailable';
