import { randomUUID } from 'node:crypto';
import { types, type Pool } from 'pg';

// Dates as 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone on the way back.
types.setTypeParser(1082, (v) => v);

// Catalog-driven fixtures: find every user-data table and build a valid row in each for a user,
// following foreign keys, so a table added later is covered without editing the tests.

export const DICTIONARIES = ['biomarker_dictionary', 'exercise_dictionary', 'unit_conversions'];

export interface TableInfo {
  name: string;
  primaryKey: string[];
  columns: { name: string; type: string; notNull: boolean; hasDefault: boolean; enumLabels: string[] | null }[];
  foreignKeys: { columns: string[]; refTable: string; refColumns: string[] }[];
}

/** Every ordinary or partitioned table in schema vitalis (partitions excluded). */
export async function vitalisTables(pool: Pool): Promise<TableInfo[]> {
  const { rows } = await pool.query(`
    select c.relname as name,
      coalesce((select array_agg(a.attname::text order by k.ord) from pg_index i
          cross join unnest(i.indkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
         where i.indrelid = c.oid and i.indisprimary), '{}') as primary_key,
      (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
              'notNull', a.attnotnull, 'hasDefault', a.atthasdef,
              'enumLabels', (select array_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = a.atttypid))
              order by a.attnum)
         from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
      coalesce((select json_agg(json_build_object(
                 'columns', (select array_agg(a.attname order by k.ord) from unnest(f.conkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
                 'refTable', f.confrelid::regclass::text,
                 'refColumns', (select array_agg(a.attname order by k.ord) from unnest(f.confkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum)))
         from pg_constraint f where f.conrelid = c.oid and f.contype = 'f'), '[]') as foreign_keys
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition
   order by c.relname`);
  return rows.map((r) => ({
    name: r.name,
    primaryKey: r.primary_key,
    columns: r.columns,
    foreignKeys: (r.foreign_keys as TableInfo['foreignKeys']).map((f) => ({ ...f, refTable: f.refTable.replace(/^vitalis\./, '') })),
  }));
}

export function hasUserId(t: TableInfo): boolean {
  return t.columns.some((c) => c.name === 'user_id');
}

// Values that the generic rules below cannot guess because a CHECK constrains them.
const OVERRIDES: Record<string, Record<string, unknown>> = {
  measurements: { metric: 'weight', value: 150, unit: 'lbs' },
  oauth_identities: { provider: 'google' },
  blood_markers: { value_text: 'NEGATIVE' },
  custom_metric_entries: { value_text: 'fine' },
  lifting_sets: { reps: 5 },
  // A learned range: the only kind that carries an offset.
  user_timezones: { source: 'learned', utc_offset_minutes: 60, timezone: 'Etc/GMT-1' },
  audit_log: { action: 'INSERT' },
};

function genericValue(type: string, enumLabels: string[] | null): unknown {
  if (enumLabels) return enumLabels[0];
  if (type === 'uuid') return randomUUID();
  if (type === 'date') return new Date().toISOString().slice(0, 10);
  if (type.startsWith('timestamp')) return new Date().toISOString();
  if (type === 'boolean') return true;
  if (type.startsWith('numeric') || type === 'smallint' || type === 'integer' || type === 'bigint') return 1;
  if (type === 'jsonb') return {};
  if (type.endsWith('[]')) return [];
  return `test-${randomUUID().slice(0, 8)}`;
}

/** Tables in an order where every table comes after the tables it references. */
export function topological(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo) => {
    if (done.has(t.name)) return;
    done.add(t.name);
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.refTable);
      if (parent && parent.name !== t.name) visit(parent);
    }
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

/**
 * Inserts (as superuser) one row into every user-data table for the user and returns them by
 * table. Rows that exist already (user_preferences, created with the user) are reused.
 */
export async function seedEveryUserTable(pool: Pool, tables: TableInfo[], userId: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = new Map<string, Record<string, unknown>>();
  const userRow = (await pool.query('select * from vitalis.users where user_id = $1', [userId])).rows[0];
  rows.set('users', userRow);
  rows.set('accounts', (await pool.query('select * from vitalis.accounts where account_id = $1', [userRow.account_id])).rows[0]);
  for (const t of topological(tables.filter(hasUserId))) {
    if (rows.has(t.name)) continue;
    const existing = await pool.query(`select * from vitalis.${t.name} where user_id = $1 limit 1`, [userId]);
    if (existing.rowCount && t.name === 'user_preferences') {
      rows.set(t.name, existing.rows[0]);
      continue;
    }
    const values: Record<string, unknown> = { user_id: userId };
    for (const fk of t.foreignKeys) {
      const parent = rows.get(fk.refTable);
      if (!parent || fk.refTable === 'users') continue;
      fk.columns.forEach((col, i) => {
        if (col !== 'user_id') values[col] = parent[fk.refColumns[i]!];
      });
    }
    for (const c of t.columns) {
      if (c.name in values || !c.notNull || c.hasDefault) continue;
      values[c.name] = genericValue(c.type, c.enumLabels);
    }
    Object.assign(values, OVERRIDES[t.name] ?? {});
    const cols = Object.keys(values);
    const inserted = await pool.query(
      `insert into vitalis.${t.name} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning *`,
      cols.map((c) => values[c]),
    );
    rows.set(t.name, inserted.rows[0]);
  }
  return rows;
}

/** A WHERE clause (and params) that matches exactly this row by its primary key. */
export function byPrimaryKey(t: TableInfo, row: Record<string, unknown>, offset = 0): { where: string; params: unknown[] } {
  // Timestamps lose microseconds in JS; the other key columns identify the row on their own.
  const keys = (t.primaryKey.length ? t.primaryKey : ['user_id']).filter((k) => !(row[k] instanceof Date));
  return {
    where: keys.map((k, i) => `${k} = $${i + 1 + offset}`).join(' and '),
    params: keys.map((k) => row[k]),
  };
}

// Household sharing (migrations/current/20-households.sql): tables that keep the owner-only view
// even inside a household. Must match vitalis_private.household_read_excluded().
export const HOUSEHOLD_PRIVATE_TABLES = [
  'audit_log', 'profile_shares', 'household_invites', 'oauth_identities', 'connected_devices',
  'ingestion_jobs', 'deletion_requests', 'data_export_requests',
];

async function tablesWithPolicy(pool: Pool, policy: string): Promise<string[]> {
  const { rows } = await pool.query(`
    select c.relname from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and p.polname = $1 and not c.relispartition order by 1`, [policy]);
  return rows.map((r) => r.relname as string);
}

/** Tables in schema vitalis isolated per user (they carry the user_isolation policy), by name. */
export async function userIsolatedTables(pool: Pool): Promise<string[]> {
  return tablesWithPolicy(pool, 'user_isolation');
}

/**
 * Tables a household member may read once the owner shared their profile: their user_isolation
 * reads readable_user_ids(), and a restrictive policy keeps deletes (and updates) to the owner.
 */
export async function householdReadTables(pool: Pool): Promise<string[]> {
  return tablesWithPolicy(pool, 'household_read_only_delete');
}

/**
 * Every table (partitions included) of the application schemas whose rows mention text anywhere,
 * JSON included (the whole row as text): what an erasure must leave empty for the user's id and email.
 */
export async function tablesMentioning(pool: Pool, text: string): Promise<Record<string, number>> {
  const { rows: tables } = await pool.query<{ tbl: string }>(
    `select c.oid::regclass::text as tbl from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('vitalis', 'vitalis_private') and c.relkind = 'r'`,
  );
  const found: Record<string, number> = {};
  for (const { tbl } of tables) {
    const { rows } = await pool.query(`select count(*)::int as n from ${tbl} t where strpos(lower(t::text), lower($1)) > 0`, [text]);
    if (rows[0].n > 0) found[tbl] = rows[0].n;
  }
  return found;
}
