import { Client } from 'pg';
import { createUser, useTestDatabase } from '../helpers/db';

// PgBouncer transaction pooling is only safe if no request leaves state on its connection.

const db = useTestDatabase();

test('role and app.* settings end with the transaction that set them', async () => {
  const user = await createUser(db.pool);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true), set_config('app.request_id', gen_random_uuid()::text, true)`, [user]);
    const inside = (await client.query('select current_user, vitalis.current_user_id() as uid')).rows[0];
    expect(inside).toEqual({ current_user: 'vitalis_api', uid: user });
    await client.query('commit');
    const after = (await client.query(`select current_user, vitalis.current_user_id() as uid, nullif(current_setting('app.request_id', true), '') as rid`)).rows[0];
    expect(after).toEqual({ current_user: 'postgres', uid: null, rid: null });
  } finally {
    await client.end();
  }
});

test('no function in the schema sets session-level state', async () => {
  const { rows } = await db.pool.query(`
    select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('vitalis', 'vitalis_private')
       and (p.prosrc ~* 'set_config\\([^)]*,\\s*false\\s*\\)' or p.prosrc ~* '(^|;)\\s*set\\s+(session\\s+)?(role|app\\.)' )`);
  expect(rows).toEqual([]);
});

test('creating a user gives them preferences without changing the caller context', async () => {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('app.current_user_id', '00000000-0000-0000-0000-000000000042', true)`);
    const user = await (async () => {
      const { rows } = await client.query(`with a as (insert into vitalis.accounts default values returning account_id)
        insert into vitalis.users (account_id, email, display_name) select account_id, 'ctx@example.com', 'Ctx' from a returning user_id`);
      return rows[0].user_id as string;
    })();
    expect((await client.query(`select vitalis.current_user_id() as uid`)).rows[0].uid).toBe('00000000-0000-0000-0000-000000000042');
    expect((await client.query(`select weight_unit, timezone from vitalis.user_preferences where user_id = $1`, [user])).rows).toEqual([{ weight_unit: 'lbs', timezone: 'UTC' }]);
    await client.query('rollback');
  } finally {
    await client.end();
  }
});
