import { randomUUID } from 'node:crypto';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let user: string;

beforeAll(async () => {
  user = await createUser(db.pool);
});

const ctx = () => ({ userId: user, requestId: randomUUID(), ipAddress: '203.0.113.7', userAgent: 'vitalis-test/1.0' });

async function auditRows(requestId: string) {
  const { rows } = await db.pool.query(
    `select table_name, action, record_id, user_id, action_by, old_values, new_values, host(ip_address) as ip, user_agent
       from vitalis.audit_log where request_id = $1 order by action, record_id`,
    [requestId],
  );
  return rows;
}

test('an insert, update and delete are each recorded with who, where and the row images', async () => {
  const c = ctx();
  const id = await asRequest(db.pool, c, async (client) => {
    const { rows } = await client.query(`insert into vitalis.mood_journal (journal_date, mood_score) values ('2026-01-05', 3) returning journal_id`);
    await client.query(`update vitalis.mood_journal set mood_score = 4 where journal_id = $1`, [rows[0].journal_id]);
    await client.query(`delete from vitalis.mood_journal where journal_id = $1`, [rows[0].journal_id]);
    return rows[0].journal_id as string;
  }, true);
  const rows = await auditRows(c.requestId);
  expect(rows.map((r) => [r.table_name, r.action, r.record_id])).toEqual([
    ['mood_journal', 'INSERT', id],
    ['mood_journal', 'UPDATE', id],
    ['mood_journal', 'DELETE', id],
  ]);
  for (const r of rows) {
    expect(r).toMatchObject({ user_id: user, action_by: user, ip: '203.0.113.7', user_agent: 'vitalis-test/1.0' });
  }
  const [insert, update, del] = rows;
  // An INSERT carries no image: the inserted row is recorded by its first UPDATE (or DELETE).
  expect(insert.old_values).toBeNull();
  expect(insert.new_values).toBeNull();
  expect(update.old_values).toMatchObject({ mood_score: 3, journal_date: '2026-01-05' });
  expect(update.new_values).toMatchObject({ mood_score: 4 });
  expect(del.old_values).toMatchObject({ mood_score: 4 });
  expect(del.new_values).toBeNull();
});

test('raw provider payloads and secrets are never copied into audit images', async () => {
  const c = ctx();
  await asRequest(db.pool, c, async (client) => {
    for (const [steps, secret] of [[1200, 'secret'], [1300, 'secret3']] as const) {
      await client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify([{ date: '2026-02-01', source: 'oura', steps, raw_data: { huge: 'x'.repeat(1000), steps } }])]);
      // The connect flow's own function: clients cannot write connections.
      await client.query(`select vitalis_private.save_device_connection('whoop', 'WHOOP', $1, $2, null, null, null)`, [`v1:${secret}`, `v1:${secret}2`]);
    }
  }, true);
  const rows = await auditRows(c.requestId);
  expect(rows.map((r) => [r.table_name, r.action])).toEqual(expect.arrayContaining([['wearable_daily', 'INSERT'], ['wearable_daily', 'UPDATE'], ['connected_devices', 'INSERT']]));
  for (const r of rows) {
    for (const image of [r.old_values, r.new_values].filter((v) => v !== null)) {
      expect(Object.keys(image)).not.toEqual(expect.arrayContaining(['raw_data']));
      expect(JSON.stringify(image)).not.toContain('secret');
    }
  }
  const update = rows.find((r) => r.table_name === 'wearable_daily' && r.action === 'UPDATE');
  expect([update.old_values.steps, update.new_values.steps]).toEqual([1200, 1300]);
});

test('secrets live in vitalis_private tables, which are not audited; the redaction list names no secret', async () => {
  const c = { ...ctx(), userId: null, role: 'vitalis_anonymous' as const };
  const registered = await asRequest(db.pool, c, async (client) =>
    (await client.query(`select * from vitalis_private.auth_register($1, 'correct horse battery staple', 'Audit', 3600)`, [`audit-${randomUUID()}@example.com`])).rows[0],
  true);
  expect(registered.status).toBe('ok');
  const rows = await auditRows(c.requestId);
  expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['users']));
  expect(JSON.stringify(rows)).not.toMatch(/\$2a\$|password/);
  const { rows: audited } = await db.pool.query(
    `select distinct c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'vitalis_private' and t.tgname like '\\_9%'`,
  );
  expect(audited).toEqual([]);
  const { rows: redacted } = await db.pool.query('select vitalis_private.audit_redacted_columns() as cols');
  expect(redacted[0].cols).toEqual(['raw_data', 'updated_at']);
});

test('a 1,000-row bulk upsert writes 1,000 INSERT audit rows in one statement; re-running it writes none; changing it writes 1,000 UPDATEs', async () => {
  const days = Array.from({ length: 1000 }, (_, i) => {
    const d = new Date(Date.UTC(2021, 0, 1) + i * 86400000).toISOString().slice(0, 10);
    return { date: d, source: 'garmin', steps: 5000 + i, resting_hr_bpm: 55 };
  });
  const first = ctx();
  const counts1 = await asRequest(db.pool, first, async (client) => (await client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify(days)])).rows[0], true);
  expect(counts1).toEqual({ inserted: 1000, updated: 0, skipped: 0 });
  const a1 = await db.pool.query(`select action, count(*)::int as n, count(distinct record_id)::int as records from vitalis.audit_log where request_id = $1 group by action`, [first.requestId]);
  expect(a1.rows).toEqual([{ action: 'INSERT', n: 1000, records: 1000 }]);

  const again = ctx();
  const counts2 = await asRequest(db.pool, again, async (client) => (await client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify(days)])).rows[0], true);
  expect(counts2).toEqual({ inserted: 0, updated: 0, skipped: 1000 });
  expect((await db.pool.query(`select count(*)::int as n from vitalis.audit_log where request_id = $1`, [again.requestId])).rows[0].n).toBe(0);

  const changed = ctx();
  const counts3 = await asRequest(db.pool, changed, async (client) =>
    (await client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify(days.map((d) => ({ ...d, resting_hr_bpm: 56 })))])).rows[0], true);
  expect(counts3).toEqual({ inserted: 0, updated: 1000, skipped: 0 });
  const a3 = await db.pool.query(
    `select count(*)::int as n, bool_and((old_values->>'resting_hr_bpm')::int = 55 and (new_values->>'resting_hr_bpm')::int = 56) as images_right
       from vitalis.audit_log where request_id = $1 and action = 'UPDATE'`, [changed.requestId]);
  expect(a3.rows[0]).toEqual({ n: 1000, images_right: true });
});

test('audit triggers are statement-level, so bulk writes cost one audit statement', async () => {
  const { rows } = await db.pool.query(`
    select count(*)::int as row_level from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and t.tgname like '\\_90%\\_audit\\_%' and (t.tgtype & 1) = 1`);
  expect(rows[0].row_level).toBe(0);
});

test("every table's INSERT audit is its own function of static SQL, keyed by the trigger's column", async () => {
  // One shared body built its INSERT with format() and EXECUTE, so every write planned it again.
  const { rows } = await db.pool.query(`
    select c.relname, p.proname, p.prosrc, p.prosecdef, p.proconfig, coalesce(obj_description(p.oid, 'pg_proc'), '') as comment,
           exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped) as has_user
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace join pg_proc p on p.oid = t.tgfoid
     where n.nspname = 'vitalis' and t.tgname = '_900_audit_insert'`);
  expect(rows.length).toBeGreaterThanOrEqual(38);
  for (const r of rows) {
    expect({ table: r.relname, fn: r.proname }).toEqual({ table: r.relname, fn: `tg__audit_insert__${r.relname}` });
    expect(r.prosrc).not.toMatch(/\bexecute\b/i);
    expect(r.prosrc).toMatch(/from new_rows n/);
    expect(r.prosrc).toContain(r.has_user ? 'select n.user_id,' : 'select null::uuid,');
    expect(r.prosecdef).toBe(true);
    expect(r.proconfig).toEqual(['search_path=pg_catalog']);
    expect(r.comment).toMatch(/^Statement-level audit of INSERTs into /);
  }
  expect((await db.pool.query(`select to_regprocedure('vitalis_private.tg__audit_insert()') as shared`)).rows[0].shared).toBeNull();
});

test('an insert into a table without user_id (accounts) is audited with no owner, keyed by its own id', async () => {
  // Accounts are made by sign-up (the auth routes); here by the admin role, under a request's settings.
  const c = { ...ctx(), role: 'vitalis_admin' as const };
  const accountId = await asRequest(db.pool, c, async (client) => (await client.query(`insert into vitalis.accounts default values returning account_id`)).rows[0].account_id as string, true);
  expect(await auditRows(c.requestId)).toEqual([
    expect.objectContaining({ table_name: 'accounts', action: 'INSERT', record_id: accountId, user_id: null, action_by: user, ip: '203.0.113.7', user_agent: 'vitalis-test/1.0' }),
  ]);
});

test.each(['vitalis_api', 'vitalis_worker', 'vitalis_admin', 'vitalis_owner'])('%s cannot update, delete or truncate the audit log', async (role) => {
  // Denied outright, or (for the owner, who has no read policy) nothing to touch.
  const attempt = async (sql: string) =>
    asRequest(db.pool, { role: role as 'vitalis_api', userId: user }, (client) => client.query(sql)).then((r) => (r.rowCount ? 'allowed' : 'no rows'), (e) => e.code as string);
  const before = (await db.pool.query(`select count(*)::int as n from vitalis.audit_log where user_id = $1`, [user])).rows[0].n;
  expect(['42501', 'no rows']).toContain(await attempt(`update vitalis.audit_log set user_agent = 'forged' where user_id = '${user}'`));
  expect(['42501', 'no rows']).toContain(await attempt(`delete from vitalis.audit_log where user_id = '${user}'`));
  expect(await attempt(`truncate vitalis.audit_log`)).toBe('42501');
  expect(await attempt(`insert into vitalis.audit_log (table_name, record_id, action) values ('x', gen_random_uuid(), 'INSERT')`)).toBe(role === 'vitalis_owner' ? 'allowed' : '42501');
  const after = await db.pool.query(`select count(*)::int as n, count(*) filter (where user_agent = 'forged')::int as forged from vitalis.audit_log where user_id = $1`, [user]);
  expect(after.rows[0]).toEqual({ n: before, forged: 0 });
});

test('even the superuser is stopped by the append-only trigger', async () => {
  await expect(db.pool.query(`delete from vitalis.audit_log where user_id = $1`, [user])).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('append-only') });
});

test('security events (LOGIN, LOGOUT, EXPORT) are recorded with IP and user agent', async () => {
  const c = ctx();
  await asRequest(db.pool, { ...c, role: 'vitalis_anonymous', userId: null }, (client) => client.query(`select vitalis_private.audit_security_event('LOGIN', $1)`, [user]), true);
  const rows = await auditRows(c.requestId);
  expect(rows).toEqual([expect.objectContaining({ action: 'LOGIN', user_id: user, record_id: user, ip: '203.0.113.7', user_agent: 'vitalis-test/1.0' })]);
  const bad = await asRequest(db.pool, c, (client) => client.query(`select vitalis_private.audit_security_event('DELETE', $1)`, [user])).catch((e) => e.code);
  expect(bad).toBe('22023');
});

test('a malformed request id or IP setting never makes a write fail', async () => {
  await asRequest(db.pool, { userId: user, requestId: 'not-a-uuid', ipAddress: 'not-an-ip' }, async (client) => {
    const inserted = await client.query(`insert into vitalis.mood_journal (journal_date, mood_score) values ('2026-03-01', 2) returning journal_id`);
    const { rows } = await client.query(`select request_id, ip_address from vitalis.audit_log where table_name = 'mood_journal' and record_id = $1`, [inserted.rows[0].journal_id]);
    expect(rows).toEqual([{ request_id: null, ip_address: null }]);
  });
});
