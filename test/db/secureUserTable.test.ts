import type { PoolClient } from 'pg';
import { useTestDatabase } from '../helpers/db';

// vitalis_private.secure_user_table (migrations/current/2-secure-user-table.sql) on a scratch table,
// rolled back: exactly the named columns writable, the same catalog after a second run, and a
// table without a primary key refused.

const db = useTestDatabase();

async function asOwner<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await db.pool.connect();
  try {
    await c.query('begin');
    await c.query('set local role vitalis_owner');
    return await fn(c);
  } finally {
    await c.query('rollback');
    c.release();
  }
}

const scratch = `create table vitalis.scratch_notes (
  note_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references vitalis.users (user_id),
  body text, pinned boolean, deleted_at timestamptz)`;
const facts = async (c: PoolClient) => (await c.query(`select section, name, detail from vitalis_private.describe_table('vitalis.scratch_notes')`)).rows;

test('grants exactly the named columns to clients, and a second run changes nothing', async () => {
  await asOwner(async (c) => {
    await c.query(scratch);
    await c.query(`select vitalis_private.secure_user_table('vitalis.scratch_notes', 'note_id', '{body, pinned}', '{body, pinned, deleted_at}')`);
    const once = await facts(c);
    await c.query(`select vitalis_private.secure_user_table('vitalis.scratch_notes', 'note_id', '{body, pinned}', '{body, pinned, deleted_at}')`);
    expect(await facts(c)).toEqual(once);
    const byName = (section: string, name: string) => once.filter((f) => f.section === section && f.name === name).map((f) => f.detail);
    expect(byName('grant', 'vitalis_api')).toEqual(['DELETE, SELECT']);
    expect(byName('column grant', 'vitalis_api').sort()).toEqual(['INSERT (body, pinned)', 'UPDATE (body, pinned, deleted_at)']);
    expect(byName('column', 'user_id')).toEqual(['uuid; not null; default vitalis.current_user_id()']);
    expect(once.filter((f) => f.section === 'policy').map((f) => f.name).sort()).toEqual(['admin_all', 'household_read_only_delete', 'household_read_only_update', 'user_isolation']);
    expect(once.filter((f) => f.section === 'trigger').map((f) => f.name)).toEqual(['_900_audit_insert', '_901_audit_update', '_902_audit_delete']);
    // The INSERT audit is the table's own function, with its key column written into it.
    expect(byName('trigger', '_900_audit_insert')).toEqual([expect.stringContaining('EXECUTE FUNCTION vitalis_private.tg__audit_insert__scratch_notes()')]);
    const { rows } = await c.query(`select prosrc from pg_proc where oid = 'vitalis_private.tg__audit_insert__scratch_notes()'::regprocedure`);
    expect(rows[0].prosrc).toContain('select n.user_id, v_by, tg_table_name, n.note_id::uuid,');
    expect(once[0].detail).toMatch(/RLS enabled and forced/);
  });
});

test('the two-argument form leaves every column server-owned', async () => {
  await asOwner(async (c) => {
    await c.query(scratch);
    await c.query(`select vitalis_private.secure_user_table('vitalis.scratch_notes', 'note_id')`);
    const { rows } = await c.query(`select count(*)::int as n from vitalis_private.describe_table('vitalis.scratch_notes') where section = 'column grant' and name = 'vitalis_api'`);
    expect(rows[0].n).toBe(0);
  });
});

test('a table without a primary key is refused with a clear message', async () => {
  await asOwner(async (c) => {
    await c.query('create table vitalis.scratch_keyless (user_id uuid, body text)');
    await expect(c.query(`select vitalis_private.secure_user_table('vitalis.scratch_keyless', 'body', '{body}', '{body}')`)).rejects.toMatchObject({
      code: '42P16',
      message: 'table: vitalis.scratch_keyless has no primary key; secure_user_table needs one (audit rows and upserts key rows by it)',
    });
  });
});
