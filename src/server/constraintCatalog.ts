import type { Pool } from 'pg';

interface CatalogConstraint {
  /** The table the constraint was declared on (the partitioned parent for partitions). */
  table: string;
  columns: string[];
  /** 'c' check, 'u' unique, 'p' primary key, 'f' foreign key */
  type: string;
  definition: string;
}

/**
 * What the catalog says about schema vitalis's constraints and unique indexes: filled once at
 * startup by loadConstraintCatalog; empty (and the messages a little less specific) until then.
 */
export class ConstraintCatalog {
  private byName = new Map<string, CatalogConstraint>();

  get size(): number {
    return this.byName.size;
  }

  get(name: string | undefined): CatalogConstraint | undefined {
    return name ? this.byName.get(name) : undefined;
  }

  set(name: string, constraint: CatalogConstraint): void {
    if (!this.byName.has(name)) this.byName.set(name, constraint);
  }

  /** Partitioned table -> its partition key column (wearable_daily -> date). */
  readonly partitionKeys = new Map<string, string>();
}

export async function loadConstraintCatalog(pool: Pool, catalog = new ConstraintCatalog()): Promise<ConstraintCatalog> {
  // Unique indexes too (a unique index on a partition has its own name), with the columns in
  // key order; partitions are reported under their root table.
  const { rows } = await pool.query<{ name: string; table: string; columns: string[] | null; type: string; definition: string }>(`
    select c.conname as name, coalesce(pg_partition_root(c.conrelid), c.conrelid)::regclass::text as table,
           (select array_agg(a.attname::text order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns,
           c.contype::text as type, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
     where n.nspname = 'vitalis' and c.contype in ('c', 'u', 'p', 'f')
    union all
    select i.relname, coalesce(pg_partition_root(x.indrelid), x.indrelid)::regclass::text,
           (select array_agg(a.attname::text order by k.ord) from unnest(x.indkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum),
           'u', pg_get_indexdef(x.indexrelid)
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = i.relnamespace
     where n.nspname = 'vitalis' and x.indisunique and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
     order by 1`);
  const keys = await pool.query<{ table: string; column: string }>(`
    select c.relname as table, a.attname as column
      from pg_partitioned_table p join pg_class c on c.oid = p.partrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
     where n.nspname = 'vitalis' and p.partnatts = 1`);
  for (const row of keys.rows) catalog.partitionKeys.set(row.table, row.column);
  for (const row of rows) {
    catalog.set(row.name, {
      table: row.table.replace(/^vitalis\./, ''),
      columns: (row.columns ?? []).filter(Boolean),
      type: row.type,
      definition: row.definition,
    });
  }
  return catalog;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL error -> client error
