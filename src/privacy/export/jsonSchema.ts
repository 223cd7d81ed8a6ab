// A JSON Schema (draft 2020-12) for one row of an exported table, generated from the catalog:
// the JSON each column becomes under to_jsonb (numbers for numeric types, ISO 8601 strings for
// dates and times, nested JSON for json/jsonb), its nullability, enum labels and SQL comment.
import type { ExportColumn, ExportTable } from './catalog';

type Schema = Record<string, unknown>;

const DATE_TIME_FORMATS: Record<string, string> = {
  date: 'date',
  'timestamp with time zone': 'date-time',
  'time without time zone': 'time',
  'time with time zone': 'time',
};

function scalar(type: string, category: string | null, enumLabels: string[] | null): Schema {
  if (enumLabels?.length) return { type: 'string', enum: enumLabels };
  if (type === 'json' || type === 'jsonb') return {};
  if (type === 'uuid') return { type: 'string', format: 'uuid' };
  if (/^(smallint|integer|bigint)$/.test(type)) return { type: 'integer' };
  if (category === 'N') return { type: 'number' };
  if (category === 'B') return { type: 'boolean' };
  if (type === 'interval') return { type: 'string', format: 'duration' };
  const format = DATE_TIME_FORMATS[type];
  if (format) return { type: 'string', format };
  if (category === 'D') return { type: 'string' }; // timestamp without time zone: no offset, not RFC 3339
  const length = /^character varying\((\d+)\)$/.exec(type);
  if (length) return { type: 'string', maxLength: Number(length[1]) };
  return { type: 'string' };
}

/** A column's schema: its JSON type, or that or null when the column is nullable. */
export function columnSchema(column: ExportColumn): Schema {
  const base =
    column.category === 'A'
      ? { type: 'array', items: scalar(column.elementType ?? 'text', column.elementCategory, column.enumLabels) }
      : scalar(column.type, column.category, column.enumLabels);
  const described = column.description ? { description: column.description } : {};
  if (column.notNull) return { ...base, ...described };
  if (!('type' in base)) return { ...base, ...described }; // json/jsonb: any value, null included
  const enumValues = (base as { enum?: unknown[] }).enum;
  return {
    ...base,
    type: [base.type as string, 'null'],
    ...(enumValues ? { enum: [...enumValues, null] } : {}),
    ...described,
  };
}

export function tableJsonSchema(table: ExportTable): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `vitalis-export/${table.table}.schema.json`,
    title: table.table,
    ...(table.description ? { description: table.description } : {}),
    type: 'object',
    properties: Object.fromEntries(table.columns.map((c) => [c.name, columnSchema(c)])),
    required: table.columns.map((c) => c.name),
    additionalProperties: false,
  };
}
