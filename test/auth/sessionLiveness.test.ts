// The API's cached session check (src/http/sessionLiveness.ts): a live session is read once and
// then answered from memory, and whatever ends a session (any connection, any path) reaches the
// cache by NOTIFY before it can be used again.
import type { Pool } from 'pg';
import { createSessionLiveness, type SessionLiveness } from '../../src/http/sessionLiveness';
import { asRequest, createHouseholdMember, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

async function newSession(pool: Pool, userId: string): Promise<string> {
  const { rows } = await pool.query<{ session_id: string }>('select session_id from vitalis_private.auth_new_session($1, 3600)', [userId]);
  return rows[0]!.session_id;
}

/** Counts the liveness lookups the cache lets through to the database. */
function countingPool(pool: Pool): { pool: Pool; lookups: () => number } {
  let n = 0;
  const counted = new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (...args: unknown[]) => {
          n += 1;
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return { pool: counted, lookups: () => n };
}

async function until(what: string, condition: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('cached session liveness', () => {
  let liveness: SessionLiveness;
  let lookups: () => number;
  let userId: string;

  beforeEach(async () => {
    const counted = countingPool(db.pool);
    lookups = counted.lookups;
    liveness = createSessionLiveness({ pool: counted.pool, listenUrl: db.url, ttlMs: 60_000, maxEntries: 1000 });
    userId = await createUser(db.pool);
    await until('the LISTEN connection', () => liveness.caching);
  });
  afterEach(() => liveness.close());

  test('a live session is looked up once, then answered from memory', async () => {
    const sessionId = await newSession(db.pool, userId);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(lookups()).toBe(1);
  });

  test('the cached answer belongs to its user only: another sub with the same sid is looked up and refused', async () => {
    const sessionId = await newSession(db.pool, userId);
    const other = await createUser(db.pool);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(await liveness.check(sessionId, other)).toBe(false);
    expect(lookups()).toBe(2);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(lookups()).toBe(2);
  });

  test("a revocation by any connection (a DBA's UPDATE) reaches the cache by NOTIFY", async () => {
    const sessionId = await newSession(db.pool, userId);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    await db.pool.query("update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout' where session_id = $1", [sessionId]);
    await until('the revoked session to be refused', async () => !(await liveness.check(sessionId, userId)));
    expect(liveness.size).toBe(0);
  });

  test('a logout and a deleted session row both end the cached answer', async () => {
    const a = await newSession(db.pool, userId);
    const b = await newSession(db.pool, userId);
    const c = await newSession(db.pool, userId);
    for (const s of [a, b, c]) expect(await liveness.check(s, userId)).toBe(true);
    await asRequest(db.pool, { role: 'vitalis_api', userId }, (client) => client.query('select vitalis_private.auth_logout($1)', [a]), true);
    await until('the logged-out session to be refused', async () => !(await liveness.check(a, userId)));
    // The others were dropped with it (the notification names the user) and are read again.
    const before = lookups();
    expect(await liveness.check(b, userId)).toBe(true);
    expect(lookups()).toBe(before + 1);
    await db.pool.query('delete from vitalis_private.sessions where session_id = $1', [c]);
    await until('the deleted session to be refused', async () => !(await liveness.check(c, userId)));
  });

  test('a session shortened to end in a moment stops being live when it ends, cached or not', async () => {
    const sessionId = await newSession(db.pool, userId);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    await db.pool.query("update vitalis_private.sessions set expires_at = now() + interval '300 milliseconds' where session_id = $1", [sessionId]);
    await until('the shortened session to be read again', async () => {
      const n = lookups();
      await liveness.check(sessionId, userId);
      return lookups() > n;
    });
    expect(await liveness.check(sessionId, userId)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await liveness.check(sessionId, userId)).toBe(false);
  });

  test('while the LISTEN connection is down nothing is reused; when it is back, caching resumes', async () => {
    const sessionId = await newSession(db.pool, userId);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    await db.pool.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'vitalis-api-sessions' and datname = current_database()");
    await until('the cache to stop', () => !liveness.caching);
    expect(liveness.size).toBe(0);
    const before = lookups();
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    expect(lookups()).toBe(before + 2);
    // Revoked while nobody listens: refused at once, since nothing was kept.
    await db.pool.query("update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout' where session_id = $1", [sessionId]);
    expect(await liveness.check(sessionId, userId)).toBe(false);
    await until('the LISTEN connection to come back', () => liveness.caching, 10_000);
    const again = await newSession(db.pool, userId);
    expect(await liveness.check(again, userId)).toBe(true);
    const n = lookups();
    expect(await liveness.check(again, userId)).toBe(true);
    expect(lookups()).toBe(n);
  });

  test('a truncate of the sessions table empties every cache', async () => {
    const sessionId = await newSession(db.pool, userId);
    expect(await liveness.check(sessionId, userId)).toBe(true);
    await db.pool.query('truncate vitalis_private.sessions cascade');
    await until('the cache to be emptied', () => liveness.size === 0);
    expect(await liveness.check(sessionId, userId)).toBe(false);
  });

  test("whether the user views anyone else's profile comes with the liveness, and a new share drops it by NOTIFY", async () => {
    const owner = await createUser(db.pool, { tier: 'family' });
    const viewer = await createHouseholdMember(db.pool, owner);
    const sessionId = await newSession(db.pool, viewer);
    expect(liveness.viewsOthers(sessionId, viewer)).toBeUndefined(); // not known before a check
    expect(await liveness.check(sessionId, viewer)).toBe(true);
    expect(liveness.viewsOthers(sessionId, viewer)).toBe(false);
    expect(liveness.viewsOthers(sessionId, owner)).toBeUndefined(); // another sub learns nothing from it

    await asRequest(db.pool, { userId: owner }, (c) => c.query('select vitalis.grant_profile_view($1)', [viewer]), true);
    await until('the share to drop the cached answer', () => liveness.viewsOthers(sessionId, viewer) === undefined);
    expect(await liveness.check(sessionId, viewer)).toBe(true);
    expect(liveness.viewsOthers(sessionId, viewer)).toBe(true);
    expect(lookups()).toBe(2);

    // A revocation only narrows what the viewer reads (row-level security sees to it): no notification needed.
    await asRequest(db.pool, { userId: owner }, (c) => c.query('select vitalis.revoke_profile_view($1)', [viewer]), true);
    await liveness.check(sessionId, viewer);
    expect(lookups()).toBe(2);
  });
});

describe('cache bounds', () => {
  test('at most maxEntries sessions are remembered, the least recently used go first', async () => {
    const counted = countingPool(db.pool);
    const liveness = createSessionLiveness({ pool: counted.pool, listenUrl: db.url, ttlMs: 60_000, maxEntries: 2 });
    try {
      await until('the LISTEN connection', () => liveness.caching);
      const userId = await createUser(db.pool);
      const [a, b, c] = [await newSession(db.pool, userId), await newSession(db.pool, userId), await newSession(db.pool, userId)];
      await liveness.check(a, userId);
      await liveness.check(b, userId);
      await liveness.check(a, userId); // a is now the most recent
      await liveness.check(c, userId); // b goes
      expect(liveness.size).toBe(2);
      const n = counted.lookups();
      await liveness.check(a, userId);
      await liveness.check(c, userId);
      expect(counted.lookups()).toBe(n);
      await liveness.check(b, userId);
      expect(counted.lookups()).toBe(n + 1);
    } finally {
      await liveness.close();
    }
  });

  test("one user's ended session drops that user's entries only, found by user, and evictions keep that index in step", async () => {
    const counted = countingPool(db.pool);
    const liveness = createSessionLiveness({ pool: counted.pool, listenUrl: db.url, ttlMs: 60_000, maxEntries: 3 });
    try {
      await until('the LISTEN connection', () => liveness.caching);
      const [ann, bob] = [await createUser(db.pool), await createUser(db.pool)];
      const [a1, a2, b1, b2] = [await newSession(db.pool, ann), await newSession(db.pool, ann), await newSession(db.pool, bob), await newSession(db.pool, bob)];
      for (const [s, u] of [[a1, ann], [a2, ann], [b1, bob], [b2, bob]] as const) await liveness.check(s, u);
      // a1 was the least recently used and went; both users still have a session cached.
      expect(liveness.size).toBe(3);
      expect(liveness.usersIndexed).toBe(2);
      await db.pool.query("update vitalis_private.sessions set revoked_at = now(), revoked_reason = 'logout' where session_id = $1", [a2]);
      await until("ann's entries to go", () => liveness.size === 2);
      expect(liveness.usersIndexed).toBe(1);
      const n = counted.lookups();
      expect(await liveness.check(b1, bob)).toBe(true);
      expect(await liveness.check(b2, bob)).toBe(true);
      expect(counted.lookups()).toBe(n);
      expect(await liveness.check(a2, ann)).toBe(false);
      liveness.ended(bob);
      expect(liveness.size).toBe(0);
      expect(liveness.usersIndexed).toBe(0);
    } finally {
      await liveness.close();
    }
  });

  test('ttlMs 0 turns the cache off: every check asks the database', async () => {
    const counted = countingPool(db.pool);
    const liveness = createSessionLiveness({ pool: counted.pool, listenUrl: db.url, ttlMs: 0, maxEntries: 10 });
    try {
      const userId = await createUser(db.pool);
      const s = await newSession(db.pool, userId);
      for (let i = 0; i < 3; i += 1) expect(await liveness.check(s, userId)).toBe(true);
      expect(counted.lookups()).toBe(3);
      expect(liveness.caching).toBe(false);
    } finally {
      await liveness.close();
    }
  });
});
