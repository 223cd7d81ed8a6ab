import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { attemptAs, deletesThatLanded, insertOutcomes, updatesThatLanded } from '../helpers/crossUser';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import {
  byPrimaryKey,
  hasUserId,
  householdReadTables,
  HOUSEHOLD_PRIVATE_TABLES,
  seedEveryUserTable,
  userIsolatedTables,
  vitalisTables,
  type TableInfo,
} from '../helpers/catalog';

// Household accounts: max_users, invitations and read-only profile sharing. The sharing checks are
// generated from the catalog like test/db/rls.test.ts: every user-data table, present and future.

const db = useTestDatabase();
let tables: TableInfo[];
let userTables: TableInfo[];
let sharedNames: string[];
let owner: string; // O: family account owner
let viewer: string; // V: member of O's account
let outsider: string; // X: another family account
let rowsO: Map<string, Record<string, unknown>>;

async function accountOf(pool: Pool, userId: string): Promise<string> {
  return (await pool.query('select account_id from vitalis.users where user_id = $1', [userId])).rows[0].account_id;
}

/** Adds a user to an existing account (as superuser, like createUser). */
async function addMember(pool: Pool, accountId: string, email = `member-${randomUUID()}@example.com`): Promise<string> {
  const { rows } = await pool.query(
    `insert into vitalis.users (account_id, email, display_name) values ($1, $2, 'Member') returning user_id`,
    [accountId, email],
  );
  return rows[0].user_id;
}

/** Runs fn as the user (vitalis_api) and returns its result or `error <code>`. */
const as = <T>(userId: string, fn: (c: PoolClient) => Promise<T>, commit = false) => attemptAs(db.pool, userId, fn, commit);

/** Runs sql as the user and returns the error (code and message) it raised, or null. */
async function errorOf(userId: string, sql: string, params: unknown[] = []): Promise<{ code?: string; message: string } | null> {
  return asRequest(db.pool, { userId }, (c) => pgError(c, () => c.query(sql, params)));
}

async function countOf(userId: string, t: TableInfo, row: Record<string, unknown>): Promise<number | string> {
  const { where, params } = byPrimaryKey(t, row);
  return as(userId, async (c) => (await c.query(`select count(*)::int as n from vitalis.${t.name} where ${where}`, params)).rows[0].n);
}

async function grant(from: string, to: string): Promise<void> {
  await asRequest(db.pool, { userId: from }, (c) => c.query('select vitalis.grant_profile_view($1)', [to]), true);
}
async function revoke(from: string, to: string): Promise<boolean> {
  return asRequest(db.pool, { userId: from }, async (c) => (await c.query('select vitalis.revoke_profile_view($1) as ok', [to])).rows[0].ok, true);
}

/** What V should see of O's rows: the shared tables while shared, and the account's invitations always. */
function expectedForViewer(shared: boolean): Record<string, number> {
  return Object.fromEntries(userTables.map((t) => [t.name, t.name === 'household_invites' || (shared && sharedNames.includes(t.name)) ? 1 : 0]));
}

/** What V sees of O's seeded rows, table by table. */
async function visibleToViewer(): Promise<Record<string, number | string>> {
  const seen: Record<string, number | string> = {};
  for (const t of userTables) seen[t.name] = await countOf(viewer, t, rowsO.get(t.name)!);
  return seen;
}

beforeAll(async () => {
  tables = await vitalisTables(db.pool);
  userTables = tables.filter(hasUserId);
  sharedNames = await householdReadTables(db.pool);
  owner = await createUser(db.pool, { tier: 'family', sex: 'female' });
  viewer = await addMember(db.pool, await accountOf(db.pool, owner));
  outsider = await createUser(db.pool, { tier: 'family', sex: 'male' });
  rowsO = await seedEveryUserTable(db.pool, tables, owner);
  await seedEveryUserTable(db.pool, tables, viewer);
  await seedEveryUserTable(db.pool, tables, outsider);
});

describe('accounts.max_users', () => {
  test('a family account holds four users; the fifth is refused with the rule in the message', async () => {
    const first = await createUser(db.pool, { tier: 'family' });
    const account = await accountOf(db.pool, first);
    for (let i = 0; i < 3; i++) await addMember(db.pool, account);
    const error = await addMember(db.pool, account).catch((e) => e);
    // No constraint name on purpose: the API passes the message of our own RAISE through.
    expect({ code: error.code, message: error.message, column: error.column }).toEqual({
      code: '23514',
      message: 'maxUsers: a family account holds at most 4 users',
      column: 'account_id',
    });
    expect((await db.pool.query('select count(*)::int as n from vitalis.users where account_id = $1', [account])).rows[0].n).toBe(4);
  });

  test('free and pro accounts hold one user', async () => {
    for (const tier of ['free', 'pro'] as const) {
      const account = await accountOf(db.pool, await createUser(db.pool, { tier }));
      const error = await addMember(db.pool, account).catch((e) => e);
      expect({ code: error.code, message: error.message }).toEqual({ code: '23514', message: `maxUsers: a ${tier} account holds at most 1 user` });
    }
  });

  test('moving a user into a full account is refused too', async () => {
    const full = await accountOf(db.pool, await createUser(db.pool, { tier: 'free' }));
    const other = await createUser(db.pool);
    const error = await db.pool.query('update vitalis.users set account_id = $1 where user_id = $2', [full, other]).catch((e) => e);
    expect(error.code).toBe('23514');
  });

  test('a tier change cannot leave more users than the new tier allows', async () => {
    const first = await createUser(db.pool, { tier: 'family' });
    const account = await accountOf(db.pool, first);
    await addMember(db.pool, account);
    const error = await db.pool.query(`update vitalis.accounts set subscription_tier = 'free', max_users = 1 where account_id = $1`, [account]).catch((e) => e);
    expect({ code: error.code, message: error.message }).toEqual({ code: '23514', message: 'maxUsers: a free account holds at most 1 user' });
  });

  test('concurrent inserts into the last free place: one wins, the other is refused after waiting for the account lock', async () => {
    const first = await createUser(db.pool, { tier: 'family' });
    const account = await accountOf(db.pool, first);
    await addMember(db.pool, account);
    await addMember(db.pool, account);
    const c1 = await db.pool.connect();
    const c2 = await db.pool.connect();
    try {
      await c1.query('begin');
      await c2.query('begin');
      await c1.query(`insert into vitalis.users (account_id, email, display_name) values ($1, $2, 'One')`, [account, `one-${randomUUID()}@example.com`]);
      const second = c2
        .query(`insert into vitalis.users (account_id, email, display_name) values ($1, $2, 'Two')`, [account, `two-${randomUUID()}@example.com`])
        .then(() => 'inserted', (e) => e.code as string);
      // The second insert waits on the account row lock held by the first.
      await new Promise((r) => setTimeout(r, 300));
      const waiting = await db.pool.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%''Two''%'`);
      expect(waiting.rows[0].n).toBe(1);
      await c1.query('commit');
      expect(await second).toBe('23514');
      await c2.query('rollback');
    } finally {
      c1.release();
      c2.release();
    }
    expect((await db.pool.query('select count(*)::int as n from vitalis.users where account_id = $1', [account])).rows[0].n).toBe(4);
  });

  test('the first user owns the account; ownership passes on when they leave', async () => {
    const first = await createUser(db.pool, { tier: 'family' });
    const account = await accountOf(db.pool, first);
    const second = await addMember(db.pool, account);
    const ownerOf = async () => (await db.pool.query('select owner_user_id from vitalis.accounts where account_id = $1', [account])).rows[0].owner_user_id;
    expect(await ownerOf()).toBe(first);
    await db.pool.query('delete from vitalis.users where user_id = $1', [first]);
    expect(await ownerOf()).toBe(second);
  });
});

describe('household reads', () => {
  test('are on every user-data table except the named private ones; updates and deletes stay the owner\'s, for vitalis_api', async () => {
    const isolated = await userIsolatedTables(db.pool);
    expect(sharedNames.length).toBeGreaterThanOrEqual(29);
    expect(sharedNames).toEqual(isolated.filter((t) => !HOUSEHOLD_PRIVATE_TABLES.includes(t)));
    expect(sharedNames).toEqual(expect.arrayContaining(['users', 'user_preferences', 'wearable_daily', 'blood_markers', 'doctor_visit_panels']));
    const { rows } = await db.pool.query(`
      select distinct p.polname::text as name, p.polcmd::text as cmd, p.polpermissive as permissive,
             array(select rolname::text from pg_roles where oid = any (p.polroles)) as roles
        from pg_policy p where p.polname like 'household_read%' order by 1`);
    expect(rows).toEqual([
      { name: 'household_read_only_delete', cmd: 'd', permissive: false, roles: ['vitalis_api'] },
      { name: 'household_read_only_update', cmd: 'w', permissive: false, roles: ['vitalis_api'] },
    ]);
    // Shared tables read readable_user_ids(); the private ones keep the owner-only predicate.
    const { rows: using } = await db.pool.query(`
      select c.relname::text as name, pg_get_expr(p.polqual, p.polrelid) like '%readable_user_ids()%' as shared
        from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'vitalis' and p.polname = 'user_isolation' and not c.relispartition order by 1`);
    expect(using.filter((r) => r.shared).map((r) => r.name)).toEqual(sharedNames);
  });

  test('a list query reads the caller\'s rows with one index scan, not a BitmapOr of two policies', async () => {
    const plan = await as(viewer, async (c) => {
      await c.query('set local enable_seqscan = off');
      const { rows } = await c.query(`explain (costs off) select * from vitalis.blood_markers where biomarker_id = gen_random_uuid()`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/user_id = ANY/);
    expect(plan).not.toMatch(/BitmapOr/);
  });

  test("before any grant, V sees nothing of O in any user-data table (but the account's invitations)", async () => {
    expect(await visibleToViewer()).toEqual(expectedForViewer(false));
  });

  test("after O grants V, V sees O's row in every shared table and nothing in the private ones", async () => {
    await grant(owner, viewer);
    expect(await visibleToViewer()).toEqual(expectedForViewer(true));
    // Secrets stay out of reach in vitalis_private.
    expect(await as(viewer, (c) => c.query('select password_hash from vitalis_private.user_passwords where user_id = $1', [owner]))).toBe('error 42501');
  });

  test("V cannot update O's rows in any table: nothing matches, or the update is not granted", async () => {
    expect(await updatesThatLanded(db.pool, viewer, userTables, rowsO)).toEqual([]);
    // A blanket update only ever touches V's own rows.
    const steps = await as(viewer, async (c) => {
      await c.query('update vitalis.wearable_daily set steps = 4242');
      return (await c.query('select user_id::text, steps from vitalis.wearable_daily where user_id = $1', [owner])).rows;
    });
    expect(steps).toEqual([expect.objectContaining({ user_id: owner })]);
    expect((steps as { steps: number }[])[0]!.steps).not.toBe(4242);
    const audit = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where action = 'UPDATE' and user_id = $1 and table_name <> 'profile_shares'`, [owner]);
    expect(audit.rows[0].n).toBe(0);
  });

  test("V cannot delete O's rows in any table", async () => {
    expect(await deletesThatLanded(db.pool, viewer, userTables, rowsO)).toEqual([]);
  });

  test('V cannot insert a row owned by O into any table', async () => {
    expect(await insertOutcomes(db.pool, viewer, userTables, rowsO)).toEqual(Object.fromEntries(userTables.map((t) => [t.name, 'error 42501'])));
  });

  test('the worker acting for V does not get the household view (exports and insights stay one person)', async () => {
    const n = await asRequest(db.pool, { role: 'vitalis_worker', userId: viewer }, async (c) =>
      (await c.query('select count(*)::int as n from vitalis.wearable_daily where user_id = $1', [owner])).rows[0].n);
    expect(n).toBe(0);
  });

  test('V sees the share made to them, not the other shares or invitations of O', async () => {
    const seen = await as(viewer, async (c) => (await c.query('select user_id::text, viewer_user_id::text from vitalis.profile_shares where user_id = $1', [owner])).rows);
    expect(seen).toEqual([{ user_id: owner, viewer_user_id: viewer }]);
  });

  test("a user's last-30-days query keeps its (user_id, date) index and prunes partitions", async () => {
    await db.pool.query(`
      insert into vitalis.wearable_daily (user_id, date, source, steps)
      select u, d::date, 'oura', 5000 from unnest($1::uuid[]) u, generate_series(current_date - 700, current_date, interval '1 day') d
      on conflict do nothing`, [[owner, viewer, outsider]]);
    await db.pool.query('analyze vitalis.wearable_daily');
    const plans = await asRequest(db.pool, { userId: viewer }, async (c) => {
      const out: string[] = [];
      for (const who of [viewer, owner]) {
        const { rows } = await c.query(`explain (costs off) select date, steps from vitalis.wearable_daily
          where user_id = '${who}' and date >= current_date - 30 order by date desc`);
        out.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      return out;
    });
    for (const plan of plans) {
      expect(plan).toMatch(/InitPlan/);
      expect(plan).toMatch(/Subplans Removed: [1-9]/);
      // An index leading with (user_id, date): the (user_id, date) one or the (user_id, date, source)
      // key, whichever the planner prices lower (PostgreSQL 18 takes the key for a bitmap scan).
      expect(plan).toMatch(/(Index (Only )?Scan (Backward )?(using|on)|Bitmap Index Scan on) wearable_daily_y\d{4}_user_id_date_(idx|source_key)\b/);
      expect(plan).not.toMatch(/BitmapOr/); // one policy predicate, one scan
      expect(plan).not.toMatch(/SubPlan/); // no per-row evaluation of the sharing predicate
    }
  });

  test('after O revokes, V sees nothing of O from the next transaction on', async () => {
    expect(await revoke(owner, viewer)).toBe(true);
    expect(await visibleToViewer()).toEqual(expectedForViewer(false));
    expect(await revoke(owner, viewer)).toBe(false);
  });

  test('a revoke inside the same transaction applies to the next statement (no caching)', async () => {
    await grant(owner, viewer);
    const counts = await asRequest(db.pool, { userId: owner }, async (c) => {
      const seen = async () => {
        await c.query(`select set_config('app.current_user_id', $1, true)`, [viewer]);
        const n = (await c.query('select count(*)::int as n from vitalis.mood_journal where user_id = $1', [owner])).rows[0].n;
        await c.query(`select set_config('app.current_user_id', $1, true)`, [owner]);
        return n;
      };
      const before = await seen();
      await c.query('select vitalis.revoke_profile_view($1)', [viewer]);
      return [before, await seen()];
    });
    expect(counts).toEqual([1, 0]);
    await revoke(owner, viewer);
  });

  test("a statement computes the viewer's set once and keeps it for its own tables only", async () => {
    await grant(owner, viewer);
    const result = await as(viewer, async (c) => {
      const n = (await c.query(`select (select count(*) from vitalis.mood_journal where user_id = $1) + (select count(*) from vitalis.users where user_id = $1) as n`, [owner])).rows[0].n;
      const kept = (await c.query(`select current_setting('vitalis.viewable_user_ids', true) as v`)).rows[0].v as string;
      return { n: Number(n), kept };
    });
    expect(result).toMatchObject({ n: 2, kept: expect.stringMatching(new RegExp(`^${viewer}@.+\\|\\{.*${owner}.*\\}$`)) });
    await revoke(owner, viewer);
    // An answer kept by an earlier statement (or written by hand) is not this statement's: ignored.
    const seen = await as(viewer, async (c) => {
      await c.query(`select set_config('vitalis.viewable_user_ids', $1, true)`, [`${viewer}@2020-01-01 00:00:00+00|{${viewer},${owner}}`]);
      return (await c.query('select count(*)::int as n from vitalis.mood_journal where user_id = $1', [owner])).rows[0].n;
    });
    expect(seen).toBe(0);
  });

  test("app.own_rows_only = 'on' answers the caller alone without the household lookup, and can only narrow", async () => {
    await grant(owner, viewer);
    const read = (ownRowsOnly: string | null) =>
      as(viewer, async (c) => {
        if (ownRowsOnly !== null) await c.query(`select set_config('app.own_rows_only', $1, true)`, [ownRowsOnly]);
        const { rows } = await c.query(`select vitalis.readable_user_ids()::text[] as ids, (select count(*)::int from vitalis.mood_journal where user_id = $1) as owners_rows`, [owner]);
        // viewable_user_ids() keeps its answer in this setting whenever it runs.
        const looked = (await c.query(`select current_setting('vitalis.viewable_user_ids', true) as v`)).rows[0].v as string | null;
        return { ids: rows[0].ids, ownersRows: rows[0].owners_rows, lookedUp: Boolean(looked) };
      });
    expect(await read('on')).toEqual({ ids: [viewer], ownersRows: 0, lookedUp: false });
    // Anything but 'on' is no hint: the household view as usual.
    for (const value of [null, 'off', '', 'true', 'ON']) {
      expect(await read(value)).toEqual({ ids: expect.arrayContaining([viewer, owner]), ownersRows: 1, lookedUp: true });
    }
    await revoke(owner, viewer);
    // Whoever sets it reads no more than without it: an outsider still sees nothing of O.
    const outsiders = await as(outsider, async (c) => {
      await c.query(`select set_config('app.own_rows_only', 'on', true)`);
      return (await c.query('select count(*)::int as n from vitalis.mood_journal where user_id = $1', [owner])).rows[0].n;
    });
    expect(outsiders).toBe(0);
  });

  test('a user in another account cannot be granted, and sees nothing', async () => {
    const expected = { code: '22023', message: 'viewer: you can only share your profile with members of your own household account' };
    const e1 = await errorOf(owner, 'select vitalis.grant_profile_view($1)', [outsider]);
    expect({ code: e1?.code, message: e1?.message }).toEqual(expected);
    // An id that does not exist gets the same answer: no probing for users.
    const e2 = await errorOf(owner, 'select vitalis.grant_profile_view($1)', [randomUUID()]);
    expect({ code: e2?.code, message: e2?.message }).toEqual(expected);
    const self = await errorOf(owner, 'select vitalis.grant_profile_view($1)', [owner]);
    expect(self?.code).toBe('22023');
    for (const t of userTables) expect({ table: t.name, n: await countOf(outsider, t, rowsO.get(t.name)!) }).toEqual({ table: t.name, n: 0 });
    // Nor can the share table be written directly.
    expect(await as(owner, (c) => c.query('insert into vitalis.profile_shares (user_id, viewer_user_id) values ($1, $2)', [owner, outsider]))).toBe('error 42501');
  });

  test('a member moved out of the account loses access although the share row remains', async () => {
    const o = await createUser(db.pool, { tier: 'family' });
    const v = await addMember(db.pool, await accountOf(db.pool, o));
    await db.pool.query(`insert into vitalis.mood_journal (user_id, journal_date, mood_score) values ($1, '2026-01-05', 4)`, [o]);
    await grant(o, v);
    const sees = () => as(v, async (c) => (await c.query('select count(*)::int as n from vitalis.mood_journal where user_id = $1', [o])).rows[0].n);
    expect(await sees()).toBe(1);
    const elsewhere = (await db.pool.query(`insert into vitalis.accounts default values returning account_id`)).rows[0].account_id;
    await db.pool.query('update vitalis.users set account_id = $1 where user_id = $2', [elsewhere, v]);
    expect((await db.pool.query('select count(*)::int as n from vitalis.profile_shares where user_id = $1 and viewer_user_id = $2 and revoked_at is null', [o, v])).rows[0].n).toBe(1);
    expect(await sees()).toBe(0);
    // And the owner leaving works the same way.
    await db.pool.query('update vitalis.users set account_id = (select account_id from vitalis.users where user_id = $1) where user_id = $2', [o, v]);
    expect(await sees()).toBe(1);
    const ownerElsewhere = (await db.pool.query(`insert into vitalis.accounts default values returning account_id`)).rows[0].account_id;
    await db.pool.query('update vitalis.users set account_id = $1 where user_id = $2', [ownerElsewhere, o]);
    expect(await sees()).toBe(0);
  });

  test('grants and revokes are in the audit log, visible to the owner, not to the viewer', async () => {
    const { rows } = await db.pool.query(
      `select a.action::text, a.action_by::text, a.new_values ->> 'revoked_at' is not null as revoked
         from vitalis.audit_log a
        where a.table_name = 'profile_shares' and a.user_id = $1
          and a.record_id in (select share_id from vitalis.profile_shares where user_id = $1 and viewer_user_id = $2)
        order by a.created_at, a.audit_id`, [owner, viewer]);
    expect(rows.slice(0, 2)).toEqual([
      { action: 'INSERT', action_by: owner, revoked: false },
      { action: 'UPDATE', action_by: owner, revoked: true },
    ]);
    const seenByOwner = await as(owner, async (c) => (await c.query(`select count(*)::int as n from vitalis.audit_log where table_name = 'profile_shares'`)).rows[0].n);
    expect(seenByOwner).toBeGreaterThanOrEqual(2);
    const seenByViewer = await as(viewer, async (c) => (await c.query(`select count(*)::int as n from vitalis.audit_log where user_id = $1`, [owner])).rows[0].n);
    expect(seenByViewer).toBe(0);
  });
});

describe('household invitations', () => {
  const invite = async (from: string, email: string) =>
    asRequest(db.pool, { userId: from }, async (c) => (await c.query('select * from vitalis.invite_household_member($1)', [email])).rows[0] as { invite_id: string; token: string }, true);
  const accept = async (userId: string, token: string) =>
    asRequest(db.pool, { userId }, async (c) => (await c.query('select vitalis.accept_household_invite($1) as account_id', [token])).rows[0].account_id as string, true);
  const acceptError = async (userId: string, token: string) => errorOf(userId, 'select vitalis.accept_household_invite($1)', [token]);

  test('the family owner invites; the token is returned once and only its sha256 is stored', async () => {
    const email = `Invitee-${randomUUID().slice(0, 8)}@Example.com`;
    const { invite_id, token } = await invite(owner, email);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const { rows } = await db.pool.query(`select email, token_hash = sha256(convert_to($2, 'UTF8')) as hashed, user_id::text, account_id::text,
      expires_at > now() + interval '6 days' as week from vitalis.household_invites where invite_id = $1`, [invite_id, token]);
    expect(rows[0]).toEqual({ email: email.toLowerCase(), hashed: true, user_id: owner, account_id: await accountOf(db.pool, owner), week: true });
    const stored = await db.pool.query(`select count(*)::int as n from vitalis.household_invites where encode(token_hash, 'escape') like '%' || $1 || '%'`, [token]);
    expect(stored.rows[0].n).toBe(0);
    // Members of the account see the invitation, but not its hash; others do not see it.
    expect(await as(viewer, async (c) => (await c.query('select count(*)::int as n from vitalis.household_invites where invite_id = $1', [invite_id])).rows[0].n)).toBe(1);
    expect(await as(viewer, (c) => c.query('select token_hash from vitalis.household_invites'))).toBe('error 42501');
    expect(await as(outsider, async (c) => (await c.query('select count(*)::int as n from vitalis.household_invites where invite_id = $1', [invite_id])).rows[0].n)).toBe(0);
  });

  test('only the owner of a family account may invite', async () => {
    const byMember = await errorOf(viewer, 'select * from vitalis.invite_household_member($1)', ['a@example.com']);
    expect({ code: byMember?.code, message: byMember?.message }).toEqual({ code: '42501', message: 'authorization: only the owner of the account may invite members' });
    const freeUser = await createUser(db.pool, { tier: 'free' });
    const byFree = await errorOf(freeUser, 'select * from vitalis.invite_household_member($1)', ['a@example.com']);
    expect({ code: byFree?.code, message: byFree?.message }).toEqual({ code: '23514', message: 'email: only a family account can have members; this account is on the free tier' });
    const bad = await errorOf(owner, 'select * from vitalis.invite_household_member($1)', ['not an email']);
    expect(bad?.code).toBe('22023');
    const anonymous = await asRequest(db.pool, { userId: null }, (c) => pgError(c, () => c.query('select * from vitalis.invite_household_member($1)', ['a@example.com'])));
    expect(anonymous?.code).toBe('42501');
  });

  test('accepting moves the user into the account, deletes their empty old account, and the token is single-use', async () => {
    const o = await createUser(db.pool, { tier: 'family' });
    const familyAccount = await accountOf(db.pool, o);
    const email = `joiner-${randomUUID()}@example.com`;
    const joiner = await createUser(db.pool, { email });
    const oldAccount = await accountOf(db.pool, joiner);
    await db.pool.query(`insert into vitalis.mood_journal (user_id, journal_date, mood_score) values ($1, '2026-02-01', 3)`, [joiner]);
    const { invite_id, token } = await invite(o, email);

    const wrongUser = await createUser(db.pool);
    const wrong = await acceptError(wrongUser, token);
    expect({ code: wrong?.code, message: wrong?.message }).toEqual({ code: '42501', message: 'token: this invitation was sent to a different email address' });

    expect(await accept(joiner, token)).toBe(familyAccount);
    expect(await accountOf(db.pool, joiner)).toBe(familyAccount);
    expect((await db.pool.query('select count(*)::int as n from vitalis.accounts where account_id = $1', [oldAccount])).rows[0].n).toBe(0);
    expect((await db.pool.query('select count(*)::int as n from vitalis.mood_journal where user_id = $1', [joiner])).rows[0].n).toBe(1);
    const row = (await db.pool.query('select accepted_at is not null as accepted, accepted_by::text from vitalis.household_invites where invite_id = $1', [invite_id])).rows[0];
    expect(row).toEqual({ accepted: true, accepted_by: joiner });

    const again = await acceptError(joiner, token);
    expect(again?.message).toBe('token: this invitation has already been used');
    const garbage = await acceptError(joiner, 'f'.repeat(64));
    expect({ code: garbage?.code, message: garbage?.message }).toEqual({ code: '22023', message: 'token: this invitation is not valid' });
    // The move is audited.
    const audit = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where table_name = 'users' and action = 'UPDATE' and user_id = $1`, [joiner]);
    expect(audit.rows[0].n).toBe(1);
  });

  test('expired and withdrawn invitations are refused', async () => {
    const o = await createUser(db.pool, { tier: 'family' });
    const email = `late-${randomUUID()}@example.com`;
    const late = await createUser(db.pool, { email });
    const expired = await invite(o, email);
    await db.pool.query(`update vitalis.household_invites set created_at = now() - interval '9 days', expires_at = now() - interval '2 days' where invite_id = $1`, [expired.invite_id]);
    expect((await acceptError(late, expired.token))?.message).toBe('token: this invitation has expired');

    const withdrawn = await invite(o, email);
    const revoked = await asRequest(db.pool, { userId: o }, async (c) => (await c.query('select vitalis.revoke_household_invite($1) as ok', [withdrawn.invite_id])).rows[0].ok, true);
    expect(revoked).toBe(true);
    expect((await acceptError(late, withdrawn.token))?.message).toBe('token: this invitation was withdrawn');

    // A new invitation to the same address replaces the previous live one.
    const first = await invite(o, email);
    const second = await invite(o, email);
    expect((await acceptError(late, first.token))?.message).toBe('token: this invitation was withdrawn');
    expect(await accept(late, second.token)).toBe(await accountOf(db.pool, o));
  });

  test('a full account cannot invite, and an invitation cannot overfill it', async () => {
    const o = await createUser(db.pool, { tier: 'family' });
    const account = await accountOf(db.pool, o);
    await addMember(db.pool, account);
    await addMember(db.pool, account);
    const email = `fourth-${randomUUID()}@example.com`;
    const fourth = await createUser(db.pool, { email });
    const pending = await invite(o, email);
    await addMember(db.pool, account); // the account fills up before the invitation is used
    const overfill = await acceptError(fourth, pending.token);
    expect({ code: overfill?.code, message: overfill?.message }).toEqual({ code: '23514', message: 'maxUsers: a family account holds at most 4 users' });
    expect(await accountOf(db.pool, fourth)).not.toBe(account);
    const full = await errorOf(o, 'select * from vitalis.invite_household_member($1)', [`fifth-${randomUUID()}@example.com`]);
    expect({ code: full?.code, message: full?.message }).toEqual({ code: '23514', message: 'email: the account is full (a family account holds at most 4 users)' });
  });

  test('a user who shares their account with others, or pays for pro, cannot switch by invitation', async () => {
    const o = await createUser(db.pool, { tier: 'family' });
    const otherOwner = await createUser(db.pool, { tier: 'family' });
    const email = `busy-${randomUUID()}@example.com`;
    await addMember(db.pool, await accountOf(db.pool, otherOwner), email);
    const busy = (await db.pool.query('select user_id from vitalis.users where email = $1', [email])).rows[0].user_id;
    const { token } = await invite(o, email);
    const e = await acceptError(busy, token);
    expect(e?.code).toBe('23514');
    expect(e?.message).toMatch(/^token: your account has other members/);

    const proEmail = `pro-${randomUUID()}@example.com`;
    const pro = await createUser(db.pool, { email: proEmail, tier: 'pro' });
    const proInvite = await invite(o, proEmail);
    expect((await acceptError(pro, proInvite.token))?.message).toBe('token: cancel your pro subscription before joining a family account');
  });

  test('the gate for cross-user lookups opens only with the secret key, which no application role can read or set', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('vitalis.household_gate', 'guess', true)`);
      expect((await client.query('select vitalis_private.household_gate_is_open() as open')).rows[0].open).toBe(false);
      await client.query('select vitalis_private.household_gate_open()');
      expect((await client.query('select vitalis_private.household_gate_is_open() as open')).rows[0].open).toBe(true);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await as(outsider, (c) => c.query('select key from vitalis_private.household_gate_key'))).toBe('error 42501');
    expect(await as(outsider, (c) => c.query('select vitalis_private.household_gate_open()'))).toBe('error 42501');
    // A forged value changes nothing for the API role either.
    const seen = await asRequest(db.pool, { userId: outsider }, async (c) => {
      await c.query(`select set_config('vitalis.household_gate', 'guess', true)`);
      return (await c.query('select count(*)::int as n from vitalis.users')).rows[0].n;
    });
    expect(seen).toBe(1);
  });
});
