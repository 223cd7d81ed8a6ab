import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';

// Distributable by user (docs/distribution.md): sql/citus.sql, read as the one list of where every
// table goes, and the rules a distributed PostgreSQL (Citus) puts on keys, checked against the
// migrated catalog. test/db/distributable.test.ts runs the check.

export const CITUS_SQL = path.resolve(__dirname, '..', '..', 'sql', 'citus.sql');

/** The schemas whose tables must each be placed by sql/citus.sql. */
export const PLACED_SCHEMAS = ['vitalis', 'vitalis_private'];

export type Placement =
  | { kind: 'reference' }
  | { kind: 'distributed'; column: string; colocateWith: string | null }
  | { kind: 'local' };

export interface PlacementCall {
  /** Schema-qualified: vitalis.blood_markers */
  table: string;
  placement: Placement;
  /** 1-based line of the call in sql/citus.sql. */
  line: number;
  /** The comment block just above the call (shared by the calls that follow it). */
  reason: string;
}

export interface CitusPlan {
  calls: PlacementCall[];
  /** Foreign keys dropped before the calls and restored after (cycles among reference tables). */
  setAside: Set<string>;
}

/** Reads sql/citus.sql (or the given text): the placement calls in order, with their comments. */
export function parseCitusSql(sql = fs.readFileSync(CITUS_SQL, 'utf8')): CitusPlan {
  const calls: PlacementCall[] = [];
  const setAside = new Set<string>();
  let comment: string[] = [];
  sql.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      comment = [];
      return;
    }
    if (line.startsWith('--')) {
      comment.push(line.replace(/^--\s?/, ''));
      return;
    }
    const reason = comment.join(' ').trim();
    const at = i + 1;
    let m = /^select\s+create_reference_table\('([a-z_.]+)'\);$/i.exec(line);
    if (m) return void calls.push({ table: m[1]!, placement: { kind: 'reference' }, line: at, reason });
    m = /^select\s+create_distributed_table\('([a-z_.]+)',\s*'([a-z_]+)'(?:,\s*colocate_with\s*=>\s*'([a-z_.]+)')?\);$/i.exec(line);
    if (m) {
      const colocateWith = !m[3] || m[3] === 'none' ? null : m[3];
      return void calls.push({ table: m[1]!, placement: { kind: 'distributed', column: m[2]!, colocateWith }, line: at, reason });
    }
    m = /^select\s+citus_add_local_table_to_metadata\('([a-z_.]+)'\);$/i.exec(line);
    if (m) return void calls.push({ table: m[1]!, placement: { kind: 'local' }, line: at, reason });
    m = /^alter\s+table\s+[a-z_.]+\s+drop\s+constraint\s+([a-z0-9_]+);$/i.exec(line);
    if (m) setAside.add(m[1]!);
    // Anything else (a constraint restored, a continuation line) places nothing.
  });
  return { calls, setAside };
}

export interface CatalogKey {
  name: string;
  kind: 'primary key' | 'unique' | 'unique index' | 'exclusion';
  /** Plain columns of the key (of an exclusion constraint: those compared with =); no expressions. */
  columns: string[];
}

export interface CatalogForeignKey {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

export interface CatalogTable {
  /** Schema-qualified. */
  name: string;
  notNull: Record<string, boolean>;
  keys: CatalogKey[];
  foreignKeys: CatalogForeignKey[];
}

/** Every ordinary or partitioned table (not a partition) of the placed schemas, with its keys. */
export async function catalogTables(pool: Pool, schemas = PLACED_SCHEMAS): Promise<CatalogTable[]> {
  const { rows } = await pool.query<CatalogTable>(
    `select n.nspname || '.' || c.relname as name,
            (select json_object_agg(a.attname, a.attnotnull) from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as "notNull",
            coalesce((select jsonb_agg(jsonb_build_object(
                       'name', i.relname,
                       'kind', case when x.indisprimary then 'primary key'
                                    when exists (select 1 from pg_constraint k where k.conindid = x.indexrelid and k.contype = 'u') then 'unique'
                                    else 'unique index' end,
                       'columns', (select coalesce(array_agg(a.attname::text order by k.ord), '{}')
                                     from unnest(x.indkey[0:x.indnkeyatts - 1]) with ordinality k(attnum, ord)
                                     join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum))
                       order by i.relname)
                from pg_index x join pg_class i on i.oid = x.indexrelid
               where x.indrelid = c.oid and x.indisunique), '[]'::jsonb)
            || coalesce((select jsonb_agg(jsonb_build_object(
                       'name', k.conname, 'kind', 'exclusion',
                       'columns', (select coalesce(array_agg(a.attname::text order by e.ord), '{}')
                                     from unnest(k.conkey, k.conexclop) with ordinality e(attnum, op, ord)
                                     join pg_attribute a on a.attrelid = k.conrelid and a.attnum = e.attnum
                                     join pg_operator o on o.oid = e.op where o.oprname = '='))
                       order by k.conname)
                from pg_constraint k where k.conrelid = c.oid and k.contype = 'x'), '[]'::jsonb) as keys,
            coalesce((select json_agg(json_build_object(
                       'name', f.conname,
                       'columns', (select array_agg(a.attname::text order by k.ord) from unnest(f.conkey) with ordinality k(attnum, ord)
                                     join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
                       'refTable', (select rn.nspname || '.' || rc.relname from pg_class rc join pg_namespace rn on rn.oid = rc.relnamespace where rc.oid = f.confrelid),
                       'refColumns', (select array_agg(a.attname::text order by k.ord) from unnest(f.confkey) with ordinality k(attnum, ord)
                                        join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum))
                       order by f.conname)
                from pg_constraint f where f.conrelid = c.oid and f.contype = 'f' and f.conparentid = 0), '[]') as "foreignKeys"
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any ($1) and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
    [schemas],
  );
  return rows;
}

/**
 * What would stop sql/citus.sql from distributing this catalog, or let it distribute it with keys
 * the cluster cannot enforce; one message per problem, empty when the schema is distributable.
 */
export function distributionViolations(tables: CatalogTable[], plan: CitusPlan, dictionaries: string[]): string[] {
  const out: string[] = [];
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Map<string, PlacementCall>();
  const position = new Map<string, number>();

  plan.calls.forEach((call, index) => {
    if (placed.has(call.table)) out.push(`${call.table}: placed twice in sql/citus.sql (lines ${placed.get(call.table)!.line} and ${call.line})`);
    else {
      placed.set(call.table, call);
      position.set(call.table, index);
    }
    if (!byName.has(call.table)) out.push(`${call.table}: sql/citus.sql line ${call.line} names a table the schema does not have`);
  });
  for (const t of tables) if (!placed.has(t.name)) out.push(`${t.name}: not placed by sql/citus.sql (reference, distributed or local)`);
  for (const d of dictionaries) {
    const call = placed.get(`vitalis.${d}`);
    if (call && call.placement.kind !== 'reference') out.push(`vitalis.${d}: a dictionary must be a reference table`);
  }

  // Co-location groups: a distributed table joins the group of the table it is co-located with.
  const group = (table: string): string => {
    const p = placed.get(table)?.placement;
    return p?.kind === 'distributed' && p.colocateWith && p.colocateWith !== table ? group(p.colocateWith) : table;
  };

  for (const t of tables) {
    const call = placed.get(t.name);
    if (!call) continue;
    const p = call.placement;
    const isUserData = 'user_id' in t.notNull;
    if (isUserData && !(p.kind === 'distributed' && p.column === 'user_id') && call.reason === '') {
      out.push(`${t.name}: has user_id but is not distributed by it, and sql/citus.sql gives no reason (a comment above the call)`);
    }
    if (p.kind === 'distributed') {
      if (!(p.column in t.notNull)) out.push(`${t.name}: distribution column ${p.column} does not exist`);
      else if (!t.notNull[p.column]) out.push(`${t.name}: distribution column ${p.column} is nullable (a distributed table refuses NULL there)`);
      for (const k of t.keys) {
        if (k.columns.includes(p.column)) continue;
        const shown = k.columns.join(', ') || (k.kind === 'exclusion' ? 'no column compared with =' : 'expressions');
        out.push(`${t.name}: ${k.kind} ${k.name} (${shown}) does not ${k.kind === 'exclusion' ? 'compare' : 'include'} ${p.column}${k.kind === 'exclusion' ? ' with =' : ''}`);
      }
      if (p.colocateWith) {
        const anchor = placed.get(p.colocateWith);
        if (!anchor || anchor.placement.kind !== 'distributed') out.push(`${t.name}: co-located with ${p.colocateWith}, which is not a distributed table`);
        else if (anchor.placement.column !== p.column) out.push(`${t.name}: co-located with ${p.colocateWith}, which is distributed by another column`);
        else if ((position.get(p.colocateWith) ?? Infinity) > (position.get(t.name) ?? -1)) out.push(`${t.name}: co-located with ${p.colocateWith}, which is distributed later`);
      }
    }
    for (const fk of t.foreignKeys) {
      const target = placed.get(fk.refTable)?.placement;
      const what = `${t.name}: foreign key ${fk.name} (${fk.columns.join(', ')}) -> ${fk.refTable}`;
      if (!target) continue; // the target's own "not placed" message says it
      if (fk.refTable !== t.name && !plan.setAside.has(fk.name) && (position.get(fk.refTable) ?? Infinity) > (position.get(t.name) ?? -1)) {
        out.push(`${what}: the referenced table is placed after this one in sql/citus.sql`);
      }
      if (p.kind === 'reference' && target.kind !== 'reference') out.push(`${what}: a reference table may reference only reference tables`);
      if (p.kind === 'local' && target.kind === 'distributed') out.push(`${what}: a local table may not reference a distributed table`);
      if (p.kind === 'distributed') {
        if (target.kind === 'local') out.push(`${what}: a distributed table may not reference a local table`);
        if (target.kind === 'distributed') {
          const at = fk.columns.indexOf(p.column);
          if (group(fk.refTable) !== group(t.name)) out.push(`${what}: the tables are not co-located`);
          else if (at < 0 || fk.refColumns[at] !== target.column) {
            out.push(`${what}: must match ${p.column} with ${fk.refTable}.${target.column}`);
          }
        }
      }
    }
  }
  return out;
}
