// What an export contains, as the database's catalog says (vitalis_private.export_tables()): every
// table with a user_id column, the user's account, the reference tables (dictionaries) those point
// at by a foreign key, the columns to export and the secrets left out.
// Nothing here lists tables: a table added by a migration is exported without a code change.
import type { ClientBase } from 'pg';
import { z } from 'zod';

export const exportColumn = z.object({
  name: z.string().min(1),
  /** format_type(), e.g. "timestamp with time zone", "numeric(6,2)", "text[]". */
  type: z.string().min(1),
  /** pg_type.typcategory of the (domain's base) type: N numeric, S string, B boolean, D date/time, A array, E enum, U other. */
  category: z.string().length(1),
  notNull: z.boolean(),
  elementType: z.string().nullable(),
  elementCategory: z.string().nullable(),
  enumLabels: z.array(z.string()).nullable(),
  description: z.string().nullable(),
});
export type ExportColumn = z.infer<typeof exportColumn>;

export const exportTable = z.object({
  table: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/),
  /** The column that selects the user's rows; null for a reference table (the rows theirs point at). */
  ownerColumn: z.enum(['user_id', 'account_id']).nullable(),
  keyColumns: z.array(z.string()),
  columns: z.array(exportColumn).min(1),
  omittedColumns: z.array(z.string()),
  description: z.string().nullable(),
  /** A table without user_id (a dictionary) that exported rows point at: only those rows are exported. */
  reference: z.boolean(),
});
export type ExportTable = z.infer<typeof exportTable>;

/** The tables of an export, in name order. */
export async function loadExportTables(client: ClientBase): Promise<ExportTable[]> {
  const { rows } = await client.query(
    `select table_name as "table", owner_column as "ownerColumn", key_columns as "keyColumns", columns,
            omitted_columns as "omittedColumns", description, reference
       from vitalis_private.export_tables()`,
  );
  return rows.map((row) => exportTable.parse(row));
}
