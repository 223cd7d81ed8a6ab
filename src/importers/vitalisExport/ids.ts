// The id map (pg_temp.import_ids, old uuid -> new uuid) that every uuid column is restored
// through: the exported user and account become the target's, each restored row's own id a fresh
// one, and a dictionary id this instance's row of the same name.
import type { PoolClient } from 'pg';
import type { CatalogTable } from './catalog';
import type { ExportTableEntry } from './manifest';
import { ACCOUNTS, tableRole, USERS } from './policy';
import { idColumns, type TableSummary } from './restore';
import { ident, qualified } from './stage';

/** Fresh ids for every own id of the staged rows of table t. */
export async function renewIds(client: PoolClient, t: CatalogTable): Promise<void> {
  for (const column of idColumns(t)) {
    await client.query(
      `insert into pg_temp.import_ids (old, new)
       select (s.row->>$2)::uuid, gen_random_uuid() from pg_temp.import_rows s where s.tbl = $1 and s.row->>$2 is not null
       on conflict (old) do nothing`,
      [t.name, column],
    );
  }
}

/**
 * A dictionary's ids: the archive's rows matched to this instance's by their natural key, then
 * this instance's own ids as themselves (an archive from this same instance, or without the
 * dictionary). An id known to neither becomes null where it is referenced.
 */
export async function mapDictionary(client: PoolClient, t: CatalogTable, naturalKey: string): Promise<void> {
  const pk = ident(t.primaryKey[0]!);
  await client.query(
    `insert into pg_temp.import_ids (old, new)
     select (s.row->>$2)::uuid, d.${pk} from pg_temp.import_rows s join ${qualified(t.name)} d on d.${ident(naturalKey)} = s.row->>$3
      where s.tbl = $1 on conflict (old) do nothing`,
    [t.name, t.primaryKey[0], naturalKey],
  );
  await client.query(`insert into pg_temp.import_ids (old, new) select ${pk}, ${pk} from ${qualified(t.name)} on conflict (old) do nothing`);
}

/** A dictionary of this instance: its id column and the unique name its rows are matched by. */
export interface Dictionary {
  primaryKey: string;
  naturalKey: string;
}

/**
 * What became of a dictionary's rows in the archive: never inserted; matched to this instance's
 * row of the same natural key, or not on this instance (named, at most 20), their links emptied.
 */
export async function dictionarySummary(client: PoolClient, entry: ExportTableEntry, dictionary: Dictionary): Promise<TableSummary> {
  const { rows } = await client.query<{ name: string | null }>(
    `select s.row->>$2 as name from pg_temp.import_rows s
      where s.tbl = $1 and not exists (select 1 from ${qualified(entry.table)} d where d.${ident(dictionary.naturalKey)} = s.row->>$2)
      order by 1`,
    [entry.table, dictionary.naturalKey],
  );
  const skipped: Record<string, number> = {};
  const matched = entry.rows - rows.length;
  if (matched > 0) skipped[`a shared dictionary: its ids are matched to this instance's rows by ${dictionary.naturalKey}`] = matched;
  if (rows.length) {
    // The archive's text, printed: bounded and without control characters.
    const names = rows.slice(0, 20).map((r) => [...(r.name ?? '(none)')].map((ch) => (ch < ' ' || ch === '\u007f' ? '?' : ch)).join('').slice(0, 80));
    const more = rows.length > names.length ? ` and ${rows.length - names.length} more` : '';
    skipped[`not on this instance (${dictionary.naturalKey} ${names.join(', ')}${more}): the links to them are left empty`] = rows.length;
  }
  return { table: entry.table, read: entry.rows, inserted: 0, updated: 0, skipped, notes: {} };
}

/** Fills the id map; returns the dictionary tables by name (their misses are reported as such). */
export async function mapIds(
  client: PoolClient,
  catalog: Map<string, CatalogTable>,
  restorable: CatalogTable[],
  target: { oldUserId: string; userId: string; accountId: string },
): Promise<Map<string, Dictionary>> {
  await client.query(`insert into pg_temp.import_ids (old, new) values ($1, $2)`, [target.oldUserId, target.userId]);
  await client.query(
    `insert into pg_temp.import_ids (old, new)
     select distinct (row->>'account_id')::uuid, $2::uuid from pg_temp.import_rows where tbl = any($1) and row->>'account_id' is not null
     on conflict (old) do nothing`,
    [[USERS, ACCOUNTS], target.accountId],
  );
  const dictionaries = new Map<string, Dictionary>();
  for (const t of catalog.values()) {
    const role = tableRole(t.name, t);
    if (role.kind !== 'dictionary') continue;
    dictionaries.set(t.name, { primaryKey: t.primaryKey[0]!, naturalKey: role.naturalKey });
    await mapDictionary(client, t, role.naturalKey);
  }
  for (const t of restorable) await renewIds(client, t);
  return dictionaries;
}
