// What a backup copies, read from the catalog inside the backup's snapshot: every table of the
// application schemas (partitioned tables as a whole), graphile-worker's job tables (queued mails,
// erasures and syncs are state too), the partitions that exist and every sequence's position.
import type { ClientBase } from 'pg';

export const APP_SCHEMAS = ['vitalis', 'vitalis_private', 'analytics'];
/** graphile-worker's own state: tasks and queues first, jobs after (its schema comes from runMigrations). */
export const WORKER_TABLES = ['_private_tasks', '_private_job_queues', '_private_jobs', '_private_known_crontabs'];

export interface CatalogTable {
  schema: string;
  name: string;
  columns: string[];
  /** Tables this one references (qualified), for the load order. */
  references: string[];
}

export async function backupTables(client: ClientBase): Promise<CatalogTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; columns: string[]; refs: string[] }>(
    `select n.nspname as schema, c.relname as name,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                   order by a.attnum) as columns,
            array(select distinct rn.nspname || '.' || r.relname from pg_constraint f
                    join pg_class r on r.oid = f.confrelid join pg_namespace rn on rn.oid = r.relnamespace
                   where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refs
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition
        and (n.nspname = any($1) or (n.nspname = 'graphile_worker' and c.relname = any($2)))
      order by n.nspname, c.relname`,
    [APP_SCHEMAS, WORKER_TABLES],
  );
  return loadOrder(rows.map((r) => ({ schema: r.schema, name: r.name, columns: r.columns, references: r.refs })));
}

/** Referenced tables before the tables that reference them (cycles broken in name order). */
export function loadOrder(tables: CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const done = new Set<string>();
  const out: CatalogTable[] = [];
  const visit = (t: CatalogTable, path: Set<string>) => {
    const key = `${t.schema}.${t.name}`;
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    for (const ref of t.references) {
      const parent = byName.get(ref);
      if (parent) visit(parent, path);
    }
    done.add(key);
    out.push(t);
  };
  // graphile-worker's tables in their own order, after the application's.
  const worker = (t: CatalogTable) => (t.schema === 'graphile_worker' ? 1 + WORKER_TABLES.indexOf(t.name) : 0);
  [...tables].sort((a, b) => worker(a) - worker(b)).forEach((t) => visit(t, new Set()));
  return out;
}

export async function partitions(client: ClientBase) {
  const { rows } = await client.query<{ schema: string; name: string; parent: string; bound: string }>(
    `select n.nspname as schema, c.relname as name, pn.nspname || '.' || p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_inherits i on i.inhrelid = c.oid join pg_class p on p.oid = i.inhparent join pg_namespace pn on pn.oid = p.relnamespace
      where c.relispartition and c.relkind in ('r', 'p') and n.nspname = any($1) order by 1, 2`,
    [APP_SCHEMAS],
  );
  return rows;
}

export async function sequences(client: ClientBase) {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `select schemaname as schema, sequencename as name from pg_sequences
      where schemaname = any($1) or schemaname = 'graphile_worker' order by 1, 2`,
    [APP_SCHEMAS],
  );
  const out: Array<{ schema: string; name: string; lastValue: string; isCalled: boolean }> = [];
  for (const s of rows) {
    const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${ident(s.schema)}.${ident(s.name)}`);
    out.push({ ...s, lastValue: v[0]!.last_value, isCalled: v[0]!.is_called });
  }
  return out;
}

export async function schemaVersion(client: ClientBase) {
  const last = await client.query<{ filename: string; hash: string }>(`select filename, hash from graphile_migrate.migrations order by filename desc limit 1`);
  if (!last.rows[0]) throw new Error('database: no migration has been applied (graphile_migrate.migrations is empty)');
  const hasCurrent = (await client.query<{ t: string | null }>(`select to_regclass('graphile_migrate.current')::text as t`)).rows[0]?.t;
  const current = hasCurrent
    ? ((await client.query<{ h: string }>(`select md5(content) as h from graphile_migrate.current where content ~ '[^[:space:]]'`)).rows[0]?.h ?? null)
    : null;
  const hasWorker = (await client.query<{ t: string | null }>(`select to_regclass('graphile_worker.migrations')::text as t`)).rows[0]?.t;
  const worker = hasWorker ? Number((await client.query<{ id: number }>(`select max(id) as id from graphile_worker.migrations`)).rows[0]?.id ?? 0) : null;
  return { migration: last.rows[0].filename, hash: last.rows[0].hash, current, worker };
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const tableRef = (t: { schema: string; name: string }) => `${ident(t.schema)}.${ident(t.name)}`;
