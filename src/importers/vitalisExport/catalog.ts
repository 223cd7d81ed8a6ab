// What this instance's schema looks like, read from the catalog: every table of schema vitalis
// (partitions through their parent), its columns, primary key, foreign keys, partition key and, for
// tables without user_id (the dictionaries), the unique column that names a row on any instance.
import type { ClientBase } from 'pg';

export interface CatalogColumn {
  name: string;
  /** format_type(): "uuid", "text", "numeric(6,2)", "text[]", "vitalis.data_source", ... */
  type: string;
  notNull: boolean;
}

export interface CatalogForeignKey {
  columns: string[];
  /** "vitalis.documents" */
  refTable: string;
  refColumns: string[];
}

export interface CatalogTable {
  /** "vitalis.wearable_daily" */
  name: string;
  columns: CatalogColumn[];
  primaryKey: string[];
  foreignKeys: CatalogForeignKey[];
  /** The partition key column of a partitioned table (a date), to create missing years first. */
  partitionKey?: string;
  /** A single-column unique text key (biomarker_dictionary.canonical_name). */
  naturalKey?: string;
}

export async function readCatalog(client: ClientBase): Promise<Map<string, CatalogTable>> {
  const { rows } = await client.query(`
    select c.oid::regclass::text as name,
      (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull) order by a.attnum)
         from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
      coalesce((select array_agg(a.attname::text order by k.ord) from pg_catalog.pg_constraint p
          cross join unnest(p.conkey) with ordinality k(attnum, ord)
          join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
         where p.conrelid = c.oid and p.contype = 'p'), '{}') as primary_key,
      coalesce((select json_agg(json_build_object(
          'columns', (select array_agg(a.attname order by k.ord) from unnest(f.conkey) with ordinality k(attnum, ord) join pg_catalog.pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
          'refTable', f.confrelid::regclass::text,
          'refColumns', (select array_agg(a.attname order by k.ord) from unnest(f.confkey) with ordinality k(attnum, ord) join pg_catalog.pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum)))
         from pg_catalog.pg_constraint f where f.conrelid = c.oid and f.contype = 'f'), '[]') as foreign_keys,
      (select a.attname from pg_catalog.pg_partitioned_table pt join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = pt.partattrs[0]
        where pt.partrelid = c.oid) as partition_key,
      (select min(a.attname) from pg_catalog.pg_constraint u join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = u.conkey[1]
        where u.conrelid = c.oid and u.contype = 'u' and cardinality(u.conkey) = 1 and a.atttypid = 'text'::regtype) as natural_key
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition`);
  return new Map(
    rows.map((r) => [
      r.name as string,
      {
        name: r.name,
        columns: r.columns,
        primaryKey: r.primary_key,
        foreignKeys: r.foreign_keys,
        partitionKey: r.partition_key ?? undefined,
        naturalKey: r.natural_key ?? undefined,
      } satisfies CatalogTable,
    ]),
  );
}

export const hasColumn = (t: CatalogTable, name: string) => t.columns.some((c) => c.name === name);

/** The user profile fields a user may change themselves (the API's UPDATE grant), never email. */
export async function profileColumns(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query(`
    select a.attname from pg_catalog.pg_attribute a
     where a.attrelid = 'vitalis.users'::regclass and a.attnum > 0 and not a.attisdropped
       and a.attname <> 'email' and has_column_privilege('vitalis_api', a.attrelid, a.attnum, 'UPDATE')
     order by a.attnum`);
  return rows.map((r) => r.attname as string);
}

/**
 * The instance's schema version: the migrations graphile-migrate has applied, newest first, each
 * known by its file name ("000019.sql", "000019") and hash ("sha1:...").
 */
export async function appliedMigrations(client: ClientBase): Promise<{ names: Set<string>; latest?: string }> {
  const { rows } = await client.query(`select filename, hash from graphile_migrate.migrations order by date desc, filename desc`);
  const names = new Set<string>();
  for (const r of rows) {
    names.add(r.filename);
    names.add(String(r.filename).replace(/\.sql$/, ''));
    names.add(r.hash);
  }
  return { names, latest: rows[0]?.filename };
}
