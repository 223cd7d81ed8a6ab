// Size of every table and each of its indexes, partitions summed into their parent, so a run
// shows where the bytes of a data set go (heap and TOAST vs each index).

import type { Pool } from 'pg';

export interface RelationSize {
  table: string;
  /** Heap, TOAST and free-space/visibility maps of all partitions. */
  tableMiB: number;
  indexes: { name: string; mib: number }[];
  totalMiB: number;
}

export async function relationSizes(pool: Pool): Promise<RelationSize[]> {
  const { rows } = await pool.query(`
    with parents as (
      select c.oid, format('%I.%I', n.nspname, c.relname) as name
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname in ('vitalis', 'vitalis_private', 'graphile_worker') and c.relkind in ('r', 'p') and not c.relispartition
    ), leaves as (
      -- pg_partition_tree gives a plain table nothing: it is its own leaf.
      select p.name, coalesce(t.relid, p.oid) as relid
        from parents p left join lateral pg_partition_tree(p.oid) t on true
       where t.relid is null or t.isleaf
    )
    select l.name, 'table' as kind, null as index_name, sum(pg_table_size(l.relid))::float8 as bytes from leaves l group by l.name
    union all
    select l.name, 'index', coalesce(pi.relname, ic.relname), sum(pg_relation_size(i.indexrelid))::float8
      from leaves l join pg_index i on i.indrelid = l.relid join pg_class ic on ic.oid = i.indexrelid
      left join pg_inherits inh on inh.inhrelid = i.indexrelid left join pg_class pi on pi.oid = inh.inhparent
     group by l.name, coalesce(pi.relname, ic.relname)`);
  const byTable = new Map<string, RelationSize>();
  const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  for (const r of rows as { name: string; kind: string; index_name: string | null; bytes: number }[]) {
    const entry = byTable.get(r.name) ?? { table: r.name, tableMiB: 0, indexes: [], totalMiB: 0 };
    if (r.kind === 'table') entry.tableMiB = mib(r.bytes);
    else entry.indexes.push({ name: r.index_name ?? '?', mib: mib(r.bytes) });
    byTable.set(r.name, entry);
  }
  const out = [...byTable.values()].map((e) => ({ ...e, indexes: e.indexes.sort((a, b) => b.mib - a.mib), totalMiB: mib((e.tableMiB + e.indexes.reduce((n, i) => n + i.mib, 0)) * 1048576) }));
  return out.filter((e) => e.totalMiB > 0.1).sort((a, b) => b.totalMiB - a.totalMiB);
}
