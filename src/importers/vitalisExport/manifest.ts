// The Vitalis export archive (GDPR Art. 15/20), version 1: what src/privacy/export writes and
// `npm run import -- --type vitalis-export` reads back. One zip (yazl writes it, yauzl reads it):
//
//   data/<table>.json           one JSON array per table, one object per row (format "json"), or
//   data/<table>.csv            PostgreSQL's CSV (COPY ... CSV HEADER) of the same rows (format "csv")
//   schemas/<table>.schema.json a JSON Schema (draft 2020-12) describing one row of that table
//   objects/<key>               every stored file of the user (documents, photos, imports), by its storage key
//   manifest.json               this file, written last: counts and SHA-256 of everything above
//
// Row values are PostgreSQL's own JSON rendering (to_jsonb): timestamps as ISO 8601 strings,
// numeric as JSON numbers, jsonb as nested JSON, arrays as JSON arrays; CSV cells are COPY's text.
// Secrets (password hashes, token hashes, encrypted provider tokens) are never exported.
import { z } from 'zod';

export const EXPORT_FORMAT = 'vitalis-export';
export const EXPORT_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a hex SHA-256' });
const entryPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), { message: 'must be a relative path inside the archive' });

export const exportTableEntry = z.object({
  /** Schema-qualified table name, e.g. "vitalis.wearable_daily". */
  table: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, { message: 'must be schema.table' }),
  rows: z.number().int().min(0),
  /** data/<table>.json or data/<table>.csv */
  file: entryPath,
  /** schemas/<table>.schema.json */
  schema: entryPath,
  sha256,
  /** Columns in file order; for CSV this is the header. */
  columns: z.array(z.string().min(1)),
  /** Columns left out on purpose (secrets), so a reader knows they exist. */
  omittedColumns: z.array(z.string().min(1)).default([]),
  /**
   * Reference rows (optional, absent in older archives): a shared table without user_id, such as
   * vitalis.biomarker_dictionary, holding only the rows the user's rows point at. An importer
   * matches them to its own rows by their natural key (canonical_name) and never inserts them.
   */
  reference: z.boolean().optional(),
});

export const exportObjectEntry = z.object({
  /** The storage key the object had, e.g. "documents/<userId>/<uuid>/report.pdf". */
  key: z.string().min(1).max(1024),
  /** objects/<key> */
  file: entryPath,
  bytes: z.number().int().min(0),
  sha256,
  contentType: z.string().min(1).optional(),
});

export const exportManifest = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportId: z.string().uuid(),
  exportedAt: z.string().datetime({ offset: true }),
  /** The last committed migration of the instance that wrote it (graphile-migrate's name or hash). */
  schemaVersion: z.string().min(1),
  /** Whose data this is, as the exporting instance knew them. */
  user: z.object({ userId: z.string().uuid(), email: z.string().min(3) }),
  dataFormat: z.enum(['json', 'csv']),
  tables: z.array(exportTableEntry),
  objects: z.array(exportObjectEntry),
});

export type ExportManifest = z.infer<typeof exportManifest>;
export type ExportTableEntry = z.infer<typeof exportTableEntry>;
export type ExportObjectEntry = z.infer<typeof exportObjectEntry>;

export const dataFile = (table: string, format: 'json' | 'csv') => `data/${table}.${format}`;
export const schemaFile = (table: string) => `schemas/${table}.schema.json`;
export const objectFile = (key: string) => `objects/${key}`;
