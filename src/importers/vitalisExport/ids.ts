// The id map (pg_temp.import_ids, old uuid -> new uuid) that every uuid column is restored
// through: the exported user and account become the target's, each restored row's own id a fresh
// one, and a dictionary id this instance's row of the same name.
import type { PoolClient } from 'pg';
import type { CatalogTable } from './catalog';
import { ACCOUNTS, tableRole, USERS } from './policy';
import { idColumns } from './restore';
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

/** Fills the id map; returns the dictionary tables (their misses are reported as such). */
export async function mapIds(
  client: PoolClient,
  catalog: Map<string, CatalogTable>,
  restorable: CatalogTable[],
  target: { oldUserId: string; userId: string; accountId: string },
): Promise<Set<string>> {
  await client.query(`insert into pg_temp.import_ids (old, new) values ($1, $2)`, [target.oldUserId, target.userId]);
  await client.query(
    `insert into pg_temp.import_ids (old, new)
     select distinct (row->>'account_id')::uuid, $2::uuid from pg_temp.import_rows where tbl = any($1) and row->>'account_id' is not null
     on conflict (old) do nothing`,
    [[USERS, ACCOUNTS], target.accountId],
  );
  const dictionaries = new Set<string>();
  for (const t of catalog.values()) {
    const role = tableRole(t.name, t);
    if (role.kind !== 'dictionary') continue;
    dictionaries.add(t.name);
    await mapDictionary(client, t, role.naturalKey);
  }
  for (const t of restorable) await renewIds(client, t);
  return dictionaries;
}
