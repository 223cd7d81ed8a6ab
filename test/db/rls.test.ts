import type { PoolClient } from 'pg';
import { attemptAs, deletesThatLanded, insertOutcomes, updatesThatLanded } from '../helpers/crossUser';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { DICTIONARIES, byPrimaryKey, hasUserId, seedEveryUserTable, vitalisTables, type TableInfo } from '../helpers/catalog';

// Generated from the catalog: every table with a user_id column (plus accounts) is isolated per
// user for the API role. A new table is covered the moment it exists.

const db = useTestDatabase();
let tables: TableInfo[];
let userTables: TableInfo[];
let userA: string;
let userB: string;
let rowsA: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  tables = await vitalisTables(db.pool);
  userTables = tables.filter((t) => hasUserId(t) || t.name === 'accounts');
  userA = await createUser(db.pool, { sex: 'female' });
  userB = await createUser(db.pool, { sex: 'male' });
  rowsA = await seedEveryUserTable(db.pool, tables, userA);
  await seedEveryUserTable(db.pool, tables, userB);
});

test('the catalog finds the user-data tables of SCHEMA.md', () => {
  expect(userTables.length).toBeGreaterThanOrEqual(35);
  expect(userTables.map((t) => t.name)).toEqual(expect.arrayContaining(['accounts', 'users', 'wearable_daily', 'blood_markers', 'audit_log', 'doctor_visit_panels']));
});

test('RLS is enabled and forced on every table except the dictionaries, which are named', async () => {
  const { rows } = await db.pool.query(`
    select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition order by 1`);
  const withoutRls = rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity).map((r) => r.relname);
  expect(withoutRls.sort()).toEqual([...DICTIONARIES].sort());
});

test('every user-data table has the three statement-level audit triggers', async () => {
  const { rows } = await db.pool.query(`
    select c.relname, array_agg(t.tgname::text order by t.tgname) as triggers from pg_trigger t join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and t.tgname like '\\_90%\\_audit\\_%' and not c.relispartition group by 1`);
  const audited = new Map(rows.map((r) => [r.relname as string, r.triggers as string[]]));
  for (const t of userTables.filter((t) => t.name !== 'audit_log')) {
    expect({ table: t.name, triggers: audited.get(t.name) }).toEqual({ table: t.name, triggers: ['_900_audit_insert', '_901_audit_update', '_902_audit_delete'] });
  }
});

/** Runs fn as user B (vitalis_api) and returns what happened, denials included. */
const asB = <T>(fn: (c: PoolClient) => Promise<T>) => attemptAs(db.pool, userB, fn);

test("user A sees her own row in every user-data table (positive control)", async () => {
  const seen: Record<string, number> = {};
  for (const t of userTables) {
    const { where, params } = byPrimaryKey(t, rowsA.get(t.name)!);
    seen[t.name] = await asRequest(db.pool, { userId: userA }, async (c) => (await c.query(`select count(*)::int as n from vitalis.${t.name} where ${where}`, params)).rows[0].n);
  }
  expect(seen).toEqual(Object.fromEntries(userTables.map((t) => [t.name, 1])));
});

test("user B cannot select user A's rows in any user-data table", async () => {
  const seen: Record<string, unknown> = {};
  for (const t of userTables) {
    const { where, params } = byPrimaryKey(t, rowsA.get(t.name)!);
    seen[t.name] = await asB(async (c) => (await c.query(`select count(*)::int as n from vitalis.${t.name} where ${where}`, params)).rows[0].n);
  }
  expect(seen).toEqual(Object.fromEntries(userTables.map((t) => [t.name, 0])));
});

test("user B cannot update user A's rows: nothing matches, or the update is not granted at all", async () => {
  expect(await updatesThatLanded(db.pool, userB, userTables, rowsA)).toEqual([]);
  // And A's rows are untouched.
  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where action = 'UPDATE' and user_id = $1`, [userA]);
  expect(rows[0].n).toBe(0);
});

test("user B cannot delete user A's rows", async () => {
  expect(await deletesThatLanded(db.pool, userB, userTables, rowsA)).toEqual([]);
});

test("user B cannot insert a row owned by user A into any user-data table", async () => {
  const insertable = userTables.filter((t) => t.name !== 'accounts');
  expect(await insertOutcomes(db.pool, userB, insertable, rowsA)).toEqual(Object.fromEntries(insertable.map((t) => [t.name, 'error 42501'])));
});

test('with no user set, vitalis_api sees no rows at all', async () => {
  const seen: Record<string, number> = {};
  for (const t of userTables) {
    seen[t.name] = await asRequest(db.pool, { userId: null }, async (c) => (await c.query(`select count(*)::int as n from vitalis.${t.name}`)).rows[0].n);
  }
  expect(seen).toEqual(Object.fromEntries(userTables.map((t) => [t.name, 0])));
});

test('partitions are not reachable directly by application roles', async () => {
  const { rows } = await db.pool.query(`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'vitalis' and c.relispartition and c.relkind = 'r'`);
  expect(rows.length).toBeGreaterThan(0);
  for (const { relname } of rows) {
    const outcome = await asB(async (c) => (await c.query(`select count(*) from vitalis.${relname}`)).rowCount);
    expect({ relname, outcome }).toEqual({ relname, outcome: 'error 42501' });
  }
});

test('vitalis_readonly cannot read any PII table, only analytics and the dictionaries', async () => {
  const { rows } = await db.pool.query(`
    select c.relname, n.nspname, has_table_privilege('vitalis_readonly', c.oid, 'select') as can_select
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('vitalis', 'vitalis_private', 'analytics') and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition`);
  const readable = rows.filter((r) => r.can_select).map((r) => `${r.nspname}.${r.relname}`).sort();
  const analytics = rows.filter((r) => r.nspname === 'analytics').map((r) => `analytics.${r.relname}`);
  expect(readable).toEqual([...analytics, ...DICTIONARIES.map((d) => `vitalis.${d}`)].sort());
  const denied = await asRequest(db.pool, { role: 'vitalis_readonly' }, (c) => c.query('select email from vitalis.users')).catch((e) => e.code);
  expect(denied).toBe('42501');
  const { rows: cols } = await db.pool.query(`select table_name, column_name from information_schema.columns where table_schema = 'analytics'`);
  const pii = cols.filter((c) => ['email', 'display_name', 'date_of_birth', 'user_id', 'password_hash', 'notes'].includes(c.column_name));
  expect(pii).toEqual([]);
  // Users A and B have a pending deletion request (seedEveryUserTable), which leaves them out of analytics.
  await createUser(db.pool);
  const subjects = await asRequest(db.pool, { role: 'vitalis_readonly' }, async (c) => (await c.query('select count(*)::int as n from analytics.subjects')).rows[0].n);
  expect(subjects).toBeGreaterThanOrEqual(1);
});

test('vitalis_admin logs every statement', async () => {
  const { rows } = await db.pool.query(`select rolbypassrls, rolconfig from pg_roles where rolname = 'vitalis_admin'`);
  expect(rows[0]).toEqual({ rolbypassrls: true, rolconfig: expect.arrayContaining(['log_statement=all']) });
});

test('vitalis_admin bypasses RLS and sees both users', async () => {
  const n = await asRequest(db.pool, { role: 'vitalis_admin', userId: null }, async (c) =>
    (await c.query('select count(distinct user_id)::int as n from vitalis.wearable_daily where user_id = any($1)', [[userA, userB]])).rows[0].n);
  expect(n).toBe(2);
});

test('the worker acting for user B manages every user\'s jobs and devices but cannot read A\'s health data', async () => {
  const counts = await asRequest(db.pool, { role: 'vitalis_worker', userId: userB }, async (c) => ({
    jobs: (await c.query('select count(*)::int as n from vitalis.ingestion_jobs where user_id = $1', [userA])).rows[0].n,
    devices: (await c.query('select count(*)::int as n from vitalis.connected_devices where user_id = $1', [userA])).rows[0].n,
    daily: (await c.query('select count(*)::int as n from vitalis.wearable_daily where user_id = $1', [userA])).rows[0].n,
  }));
  expect(counts).toEqual({ jobs: 1, devices: 1, daily: 0 });
});

test('secret columns (password hashes, encrypted tokens) are not readable by users, anonymous requests or analysts', async () => {
  const { rows } = await db.pool.query(`
    select c.table_name || '.' || c.column_name as col, r.rolname
      from information_schema.columns c
      cross join (values ('vitalis_api'), ('vitalis_anonymous'), ('vitalis_readonly')) r(rolname)
     where c.table_schema = 'vitalis' and (c.column_name like '%password%' or c.column_name like '%\\_enc' or c.column_name like '%secret%')
       and has_column_privilege(r.rolname, format('vitalis.%I', c.table_name), c.column_name, 'select')`);
  expect(rows).toEqual([]);
  // They live in vitalis_private (test/db/privateSecrets.test.ts), which no application role reads.
  const secretColumns = await db.pool.query(`select count(*)::int as n from information_schema.columns where table_schema = 'vitalis' and (column_name like '%password%' or column_name like '%\\_enc')`);
  expect(secretColumns.rows[0].n).toBe(0);
  const denied = await asB((c) => c.query('select password_hash from vitalis_private.user_passwords'));
  expect(denied).toBe('error 42501');
});

test('no application role has any privilege on vitalis_private tables', async () => {
  const { rows } = await db.pool.query(`
    select c.relname, r.rolname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join (values ('vitalis_api'), ('vitalis_anonymous'), ('vitalis_worker'), ('vitalis_readonly'), ('vitalis_authenticator')) r(rolname)
     where n.nspname = 'vitalis_private' and c.relkind in ('r', 'p')
       and (has_table_privilege(r.rolname, c.oid, 'select') or has_table_privilege(r.rolname, c.oid, 'insert')
         or has_table_privilege(r.rolname, c.oid, 'update') or has_table_privilege(r.rolname, c.oid, 'delete'))`);
  expect(rows).toEqual([]);
});
