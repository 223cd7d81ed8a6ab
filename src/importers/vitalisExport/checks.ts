// What must hold before a row is written: the archive comes from this schema or an older one,
// names only tables and columns this instance has, and the target user has no data yet.
import type { PoolClient } from 'pg';
import { appliedMigrations, type CatalogTable } from './catalog';
import { ExportArchiveError } from './errors';
import type { ExportManifest } from './manifest';
import { isOneToOne, privateTableReason, REFERENCE_WITHOUT_KEY, tableRole, type TableRole } from './policy';
import { qualified } from './stage';

/** Same or older: the archive's schemaVersion must be a migration this instance has applied. */
export async function checkSchemaVersion(client: PoolClient, manifest: ExportManifest): Promise<void> {
  const applied = await appliedMigrations(client);
  if (!applied.names.has(manifest.schemaVersion)) {
    throw new ExportArchiveError(
      `schemaVersion: ${manifest.schemaVersion} is not a migration of this instance (its latest is ${applied.latest ?? 'none'}): the archive comes from a newer or a foreign schema; upgrade this instance first`,
    );
  }
}

export interface PlannedTable {
  entry: ExportManifest['tables'][number];
  /** Absent for tables outside schema vitalis, which are never restored. */
  table?: CatalogTable;
  role: TableRole;
}

/** Every table of the archive with its role here; refuses an unknown table or column by name. */
export function planTables(manifest: ExportManifest, catalog: Map<string, CatalogTable>): PlannedTable[] {
  return manifest.tables.map((entry) => {
    if (!entry.table.startsWith('vitalis.')) return { entry, role: { kind: 'skip', reason: privateTableReason(entry.table) } };
    const table = catalog.get(entry.table);
    if (!table) throw new ExportArchiveError(`${entry.file}: table ${entry.table} does not exist on this instance`);
    let role = tableRole(entry.table, table);
    // Reference rows (a dictionary) are another instance's shared rows: matched by a natural key
    // when this instance's table has one, never inserted as the user's.
    if (entry.reference && role.kind !== 'dictionary' && role.kind !== 'skip') role = { kind: 'skip', reason: REFERENCE_WITHOUT_KEY };
    if (role.kind !== 'skip') {
      const unknown = entry.columns.filter((c) => !table.columns.some((col) => col.name === c));
      if (unknown.length) throw new ExportArchiveError(`${entry.file}: column ${unknown.join(', ')} of ${entry.table} does not exist on this instance`);
      if (new Set(entry.columns).size !== entry.columns.length) throw new ExportArchiveError(`${entry.file}: a column is listed twice`);
    }
    return { entry, table, role };
  });
}

/** Refuses a user who already has rows in any table an import fills (a merge could not be made safe). */
export async function checkTargetIsEmpty(client: PoolClient, userId: string, catalog: Map<string, CatalogTable>): Promise<void> {
  const tables = [...catalog.values()].filter((t) => tableRole(t.name, t).kind === 'rows' && !isOneToOne(t));
  const { rows } = await client.query(
    tables.map((t) => `select ${`'${t.name}'`} as name where exists (select 1 from ${qualified(t.name)} where user_id = $1)`).join(' union all '),
    [userId],
  );
  if (rows.length) {
    throw new ExportArchiveError(`--user: the user already has data (${rows.map((r) => r.name.replace(/^vitalis\./, '')).join(', ')}); import into a new user (--create-user) or one without data`);
  }
}

/** Rows whose keys are not columns of the table: refused by name rather than dropped silently. */
export async function checkRowKeys(client: PoolClient, planned: PlannedTable[]): Promise<void> {
  for (const p of planned) {
    if (p.role.kind === 'skip') continue;
    const { rows } = await client.query(
      `select distinct k from pg_temp.import_rows s cross join lateral jsonb_object_keys(s.row) k where s.tbl = $1 and k <> all($2::text[]) limit 5`,
      [p.entry.table, p.entry.columns],
    );
    if (rows.length) throw new ExportArchiveError(`${p.entry.file}: column ${rows.map((r) => r.k).join(', ')} is not one of the columns the manifest lists for ${p.entry.table}`);
  }
}

/**
 * Every staged value converts to its column's type (as the restore's jsonb_populate_record will
 * convert it): a refused archive names the entry, the column and the rule, instead of failing
 * later with PostgreSQL's bare "invalid input syntax for type uuid". Each table is converted once
 * in a savepoint; only when that fails is it converted column by column to find the column.
 */
export async function checkRowValues(client: PoolClient, planned: PlannedTable[]): Promise<void> {
  for (const p of planned) {
    if (p.role.kind === 'skip' || !p.table) continue;
    const type = qualified(p.table.name);
    const converts = async (row: string) => {
      await client.query('savepoint check_values');
      try {
        await client.query(`select count(r.*) from pg_temp.import_rows s cross join lateral jsonb_populate_record(null::${type}, ${row}) r where s.tbl = $1`, [p.entry.table]);
        await client.query('release savepoint check_values');
        return undefined;
      } catch (error) {
        await client.query('rollback to savepoint check_values');
        return error as Error;
      }
    };
    if (!(await converts('s.row'))) continue;
    for (const column of p.entry.columns) {
      const error = await converts(`jsonb_build_object(${literal(column)}, s.row -> ${literal(column)})`);
      if (error) throw new ExportArchiveError(`${p.entry.file}: column ${column}: ${error.message}`);
    }
  }
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
