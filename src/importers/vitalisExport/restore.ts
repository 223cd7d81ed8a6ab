// The staged rows become the target user's rows, table by table in foreign-key order, each table
// in one INSERT ... SELECT over jsonb_populate_record (no statement per row). Every uuid goes
// through pg_temp.import_ids (fresh primary keys, references to them, the user, dictionary ids
// matched to this instance's), every *_key column through pg_temp.import_keys (the objects' new
// keys). A row that cannot be restored is counted with its reason, never silently dropped.
import type { PoolClient } from 'pg';
import type { CatalogColumn, CatalogTable } from './catalog';
import type { ExportTableEntry } from './manifest';
import { isOneToOne } from './policy';
import { ident, qualified } from './stage';

export interface TableSummary {
  table: string;
  read: number;
  inserted: number;
  updated: number;
  /** Rows not restored, by reason. */
  skipped: Record<string, number>;
  /** Values restored differently, by what happened to them ("parse_job_id: ... left empty"). */
  notes: Record<string, number>;
}

const isUuid = (c: CatalogColumn) => c.type === 'uuid';
const isObjectKey = (c: CatalogColumn) => c.type === 'text' && /(^|_)key$/.test(c.name);
const mapped = (column: string) => `(select m.new from pg_temp.import_ids m where m.old = r.${ident(column)})`;
const unmapped = (column: string) => `(r.${ident(column)} is not null and not exists (select 1 from pg_temp.import_ids m where m.old = r.${ident(column)}))`;

/** Primary-key uuid columns that are the row's own id (not user_id, not a reference): renewed. */
export function idColumns(t: CatalogTable): string[] {
  const referencing = new Set(t.foreignKeys.flatMap((f) => f.columns));
  return t.primaryKey.filter((k) => k !== 'user_id' && !referencing.has(k) && t.columns.find((c) => c.name === k)?.type === 'uuid');
}

/** Restorable tables, parents before children (self-references aside). */
export function parentsFirst(tables: CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: CatalogTable[] = [];
  const visit = (t: CatalogTable) => {
    if (done.has(t.name)) return;
    done.add(t.name);
    for (const fk of t.foreignKeys) {
      const parent = byName.get(fk.refTable);
      if (parent && parent !== t) visit(parent);
    }
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid as a SQL literal (checked first), so each statement takes only the parameters it uses. */
export function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
}

/** Every object key a restorable row holds in a *_key column. */
export async function referencedKeys(client: PoolClient, planned: { entry: ExportTableEntry; table?: CatalogTable; role: { kind: string } }[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const p of planned) {
    if (p.role.kind !== 'rows' || !p.table) continue;
    for (const c of p.table.columns.filter((col) => isObjectKey(col) && p.entry.columns.includes(col.name))) {
      const { rows } = await client.query(`select distinct s.row->>$2 as key from pg_temp.import_rows s where s.tbl = $1 and s.row->>$2 is not null`, [p.entry.table, c.name]);
      for (const r of rows) keys.add(r.key);
    }
  }
  return keys;
}

/** The uploaded keys no restored row of the target user holds (their rows were skipped). */
export async function unreferencedUploads(client: PoolClient, restored: { entry: ExportTableEntry; table: CatalogTable }[], userId: string, uploaded: string[]): Promise<string[]> {
  const used = new Set<string>();
  for (const p of restored) {
    for (const c of p.table.columns.filter((col) => isObjectKey(col) && p.entry.columns.includes(col.name))) {
      const { rows } = await client.query(`select distinct ${ident(c.name)} as key from ${qualified(p.table.name)} where user_id = $1 and ${ident(c.name)} = any($2::text[])`, [userId, uploaded]);
      for (const r of rows) used.add(r.key);
    }
  }
  return uploaded.filter((k) => !used.has(k));
}

interface Rule {
  when: string;
  reason: string;
}

export async function restoreTable(
  client: PoolClient,
  t: CatalogTable,
  entry: ExportTableEntry,
  ids: { userId: string; oldUserId: string; dictionaries: ReadonlyMap<string, { primaryKey: string; naturalKey: string }> },
): Promise<TableSummary> {
  const columns = entry.columns.map((name) => t.columns.find((c) => c.name === name)!);
  const skips: Rule[] = [];
  const notes: Rule[] = [];
  const exprs = columns.map((c) => {
    if (c.name === 'user_id') return uuidLiteral(ids.userId);
    if (isUuid(c)) {
      const target = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name)?.refTable;
      const dictionary = target === undefined ? undefined : ids.dictionaries.get(target);
      if (c.notNull) skips.push({ when: unmapped(c.name), reason: `${c.name} refers to a row the archive does not hold` });
      else if (dictionary) {
        // The archive's reference row names it, and this instance has no row of that name; or the archive does not name it at all.
        const named = `exists (select 1 from pg_temp.import_rows d where d.tbl = ${`'${target!.replace(/'/g, "''")}'`} and d.row->>'${dictionary.primaryKey.replace(/'/g, "''")}' = r.${ident(c.name)}::text)`;
        const short = target!.replace(/^vitalis\./, '');
        notes.push({ when: `(${unmapped(c.name)} and ${named})`, reason: `${c.name}: this instance's ${short} has no row of the archive's ${dictionary.naturalKey}; left empty` });
        notes.push({ when: `(${unmapped(c.name)} and not ${named})`, reason: `${c.name}: not in this instance's ${short} (the archive does not name it); left empty` });
      } else notes.push({ when: unmapped(c.name), reason: `${c.name}: referred to a row that was not imported; left empty` });
      return mapped(c.name);
    }
    if (isObjectKey(c)) {
      // A key is only ever one of the archive's own objects, stored anew: kept as it was, it could
      // name another user's object on this instance.
      const missing = `(r.${ident(c.name)} is not null and not exists (select 1 from pg_temp.import_keys k where k.old = r.${ident(c.name)}))`;
      if (c.notNull) skips.push({ when: missing, reason: `${c.name}: its file is not in the archive` });
      else notes.push({ when: missing, reason: `${c.name}: its file is not in the archive; left empty` });
      return `(select k.new from pg_temp.import_keys k where k.old = r.${ident(c.name)})`;
    }
    return `r.${ident(c.name)}`;
  });
  if (columns.some((c) => c.name === 'user_id')) skips.unshift({ when: `r.user_id is distinct from ${uuidLiteral(ids.oldUserId)}`, reason: "another user's row (user_id is not the exported user's)" });
  const source = `select r.* from pg_temp.import_rows s cross join lateral jsonb_populate_record(null::${qualified(t.name)}, s.row) r where s.tbl = $1`;
  const skipCase = skips.length ? `case ${skips.map((s, i) => `when ${s.when} then ${i}`).join(' ')} end` : 'null::int';
  const { rows: classes } = await client.query(
    `with src as (${source}) select ${skipCase} as skip, count(*)::int as n${notes.map((n, i) => `, (count(*) filter (where ${n.when}))::int as note${i}`).join('')}
       from src r group by 1`,
    [t.name],
  );
  const summary: TableSummary = { table: t.name, read: 0, inserted: 0, updated: 0, skipped: {}, notes: {} };
  for (const row of classes) {
    summary.read += row.n;
    if (row.skip !== null) summary.skipped[skips[row.skip]!.reason] = row.n;
    else notes.forEach((n, i) => row[`note${i}`] > 0 && (summary.notes[n.reason] = (summary.notes[n.reason] ?? 0) + row[`note${i}`]));
  }
  const restorable = summary.read - Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  const skipped = skips.length ? `(${skips.map((s) => `coalesce(${s.when}, false)`).join(' or ')})` : 'false';
  if (restorable < summary.read) {
    // A skipped row's id names nothing here: the rows that refer to it are emptied or skipped with
    // their reason (tables come parents first) instead of failing on the foreign key.
    for (const column of idColumns(t)) {
      await client.query(`with src as (${source}) delete from pg_temp.import_ids m using src r where ${skipped} and m.old = r.${ident(column)}`, [t.name]);
    }
  }
  if (!restorable) return summary;
  if (t.partitionKey && entry.columns.includes(t.partitionKey)) {
    await client.query(
      `with src as (${source}) select vitalis_private.ensure_partitions($1::text::regclass, min(r.${ident(t.partitionKey)})::date, max(r.${ident(t.partitionKey)})::date) from src r`,
      [t.name],
    );
  }
  const where = skips.length ? `where not ${skipped}` : '';
  const updatable = entry.columns.filter((c) => c !== 'user_id');
  const conflict = isOneToOne(t) ? `on conflict (user_id) do ${updatable.length ? `update set ${updatable.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')}` : 'nothing'}` : '';
  const result = await client.query(
    `with src as (${source}) insert into ${qualified(t.name)} (${entry.columns.map(ident).join(', ')}) select ${exprs.join(', ')} from src r ${where} ${conflict}`,
    [t.name],
  );
  if (isOneToOne(t)) summary.updated = result.rowCount ?? 0;
  else summary.inserted = result.rowCount ?? 0;
  return summary;
}

/** The exported user's row updates the target user's own profile fields; nothing else of it is kept. */
export async function restoreProfile(client: PoolClient, entry: ExportTableEntry, profile: string[], ids: { userId: string; oldUserId: string }): Promise<TableSummary> {
  const columns = profile.filter((c) => entry.columns.includes(c));
  const { rows } = await client.query(
    `select count(*)::int as n, (count(*) filter (where (s.row->>'user_id')::uuid = $2))::int as own from pg_temp.import_rows s where s.tbl = $1`,
    [entry.table, ids.oldUserId],
  );
  const summary: TableSummary = { table: entry.table, read: rows[0].n, inserted: 0, updated: 0, skipped: {}, notes: {} };
  if (rows[0].n > rows[0].own) summary.skipped["another user's row (user_id is not the exported user's)"] = rows[0].n - rows[0].own;
  if (!rows[0].own) return summary;
  if (!columns.length) {
    summary.skipped['no profile field in the archive'] = rows[0].own;
    return summary;
  }
  const result = await client.query(
    `update vitalis.users u set ${columns.map((c) => `${ident(c)} = x.${ident(c)}`).join(', ')}
       from (select r.* from pg_temp.import_rows s cross join lateral jsonb_populate_record(null::vitalis.users, s.row) r
              where s.tbl = $1 and r.user_id = $2 limit 1) x
      where u.user_id = $3`,
    [entry.table, ids.oldUserId, ids.userId],
  );
  summary.updated = result.rowCount ?? 0;
  summary.notes[`profile fields taken: ${columns.join(', ')}; email, sign-in and account columns stay the target's`] = summary.updated;
  return summary;
}
