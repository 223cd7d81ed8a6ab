import { randomUUID } from 'node:crypto';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

test('erasing a user anonymises their audit rows but keeps them, and leaves everyone else\'s alone', async () => {
  const leaving = await createUser(db.pool, { email: 'leaving@example.com' });
  const staying = await createUser(db.pool, { email: 'staying@example.com' });
  for (const user of [leaving, staying]) {
    await asRequest(db.pool, { userId: user, requestId: randomUUID(), ipAddress: '198.51.100.4', userAgent: 'app/2' }, (c) =>
      c.query(`update vitalis.users set display_name = 'Renamed', date_of_birth = '1990-01-01' where user_id = $1`, [user]), true);
  }
  // Their own rows, and rows that name them elsewhere (their account's owner column).
  const before = (
    await db.pool.query(
      `select count(*)::int as n from vitalis.audit_log
        where user_id = $1 or action_by = $1 or strpos(coalesce(old_values::text, '') || coalesce(new_values::text, ''), $1::text) > 0`,
      [leaving],
    )
  ).rows[0].n;
  expect(before).toBeGreaterThanOrEqual(3);

  const rewritten = await asRequest(db.pool, { role: 'vitalis_worker', userId: null }, async (c) =>
    (await c.query(`select vitalis_private.anonymise_audit_log($1) as n`, [leaving])).rows[0].n, true);
  expect(rewritten).toBe(before);

  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where user_id = $1`, [leaving]);
  expect(rows[0].n).toBe(0);
  const traces = await db.pool.query(`select count(*)::int as n from vitalis.audit_log
    where (old_values::text || new_values::text || coalesce(host(ip_address), '')) ~ '(leaving@example.com|1990-01-01|Renamed|198.51.100.4)'
      and user_id is null`);
  expect(traces.rows[0].n).toBe(0);
  const kept = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where user_id = $1 and new_values->>'display_name' = 'Renamed'`, [staying]);
  expect(kept.rows[0].n).toBe(1);
  // Outside the procedure the log is still append-only.
  await expect(db.pool.query(`update vitalis.audit_log set user_agent = 'x' where user_id = $1`, [staying])).rejects.toMatchObject({ code: '42501' });
});
