// Erasure in SQL (vitalis_private.erase_user): every row the user owns, in every table the catalog
// holds (partitions included), is gone in one call; nothing left anywhere names them (their id or
// email, in any column or JSON image, the audit log included); another user's rows are untouched;
// the deletion request is completed with the tables emptied and counts only.
import { randomUUID } from 'node:crypto';
import { createUser, useTestDatabase } from '../helpers/db';
import { hasUserId, seedEveryUserTable, tablesMentioning as mentioning, vitalisTables } from '../helpers/catalog';

const db = useTestDatabase();

const tablesMentioning = (text: string) => mentioning(db.pool, text);

async function ownedRows(userId: string): Promise<Record<string, number>> {
  const owned: Record<string, number> = {};
  for (const t of (await vitalisTables(db.pool)).filter(hasUserId)) {
    const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.${t.name} where user_id = $1`, [userId]);
    if (rows[0].n > 0) owned[t.name] = rows[0].n;
  }
  return owned;
}

test('erasing a user leaves no row of theirs and no mention of them, and touches nobody else', async () => {
  const email = `erase-${randomUUID().slice(0, 8)}@example.com`;
  const user = await createUser(db.pool, { email });
  const other = await createUser(db.pool);
  const tables = (await vitalisTables(db.pool)).filter((t) => hasUserId(t) && !['users', 'audit_log', 'deletion_requests'].includes(t.name));
  await seedEveryUserTable(db.pool, tables, user);
  await seedEveryUserTable(db.pool, tables, other);
  await db.pool.query(`insert into vitalis.deletion_requests (user_id) values ($1)`, [user]);
  const before = await ownedRows(user);
  const othersBefore = await ownedRows(other);
  expect(Object.keys(before).length).toBeGreaterThan(30);
  expect(Object.keys(await tablesMentioning(user)).length).toBeGreaterThan(0);

  const { rows } = await db.pool.query('select vitalis_private.erase_user($1) as result', [user]);
  const result = rows[0].result as { rows: Record<string, number>; auditRowsAnonymised: number; requests: number };

  expect(await ownedRows(user)).toEqual({});
  expect(await tablesMentioning(user)).toEqual({});
  expect(await tablesMentioning(email)).toEqual({});
  expect(await ownedRows(other)).toEqual(othersBefore);
  // The counts say what went, table by table, and nothing about who.
  for (const [table, n] of Object.entries(before)) if (!['users', 'audit_log', 'deletion_requests'].includes(table)) expect(result.rows[table]).toBe(n);
  expect(result.auditRowsAnonymised).toBeGreaterThan(0);
  const request = await db.pool.query(`select user_id, status, completed_at, tables_deleted from vitalis.deletion_requests where status = 'completed' and tables_deleted is not null`);
  expect(request.rows).toEqual([{ user_id: null, status: 'completed', completed_at: expect.any(Date), tables_deleted: Object.keys(result.rows).sort() }]);
  // The audit trail keeps the events, detached from the person.
  const audit = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where user_id is null and action = 'DELETE'`);
  expect(audit.rows[0].n).toBeGreaterThan(0);
});

test('an unknown user is refused by name', async () => {
  await expect(db.pool.query('select vitalis_private.erase_user($1)', [randomUUID()])).rejects.toMatchObject({ code: 'VT404', message: 'userId: no such user' });
});
