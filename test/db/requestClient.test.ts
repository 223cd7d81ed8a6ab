// The API pool's client (src/db/requestClient.ts) sends a request's `begin` and its settings as one
// message, and holds a read-only transaction's `commit` for the next message; the transactions it
// runs must be exactly the ones the separate messages ran.
import { Pool } from 'pg';
import { RequestClient, REQUEST_SETTINGS_SQL } from '../../src/db/requestClient';
import { UnnamedStatementClient } from '../../src/db/apiPool';
import { endPool } from '../../src/db/pools';
import { useTestDatabase } from '../helpers/db';
import { recordWire } from '../helpers/wire';

const db = useTestDatabase();

describe.each([
  ['direct', RequestClient],
  ['through a pooler (unnamed statements)', UnnamedStatementClient],
])('RequestClient, %s', (_name, ClientClass) => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: db.url, max: 2, Client: ClientClass });
  });
  afterAll(() => endPool(pool));

  const settings = (entries: [string, string][]) => [JSON.stringify(entries)];

  test('begin and the settings go out as one message, and open the transaction with the settings in it', async () => {
    const client = await pool.connect();
    const wire = recordWire();
    try {
      await client.query('begin');
      await client.query(REQUEST_SETTINGS_SQL, settings([['app.request_id', 'r-1'], ['role', 'vitalis_anonymous']]));
      expect(wire.count()).toBe(1);
      expect(wire.texts()[0]).toMatch(/^begin; select set_config/);
      const { rows } = await client.query("select current_setting('app.request_id') as rid, current_user as who, now() = statement_timestamp() as fresh");
      expect(rows[0]).toMatchObject({ rid: 'r-1', who: 'vitalis_anonymous' });
      // In a transaction block: now() is the transaction's start, not this statement's.
      expect(rows[0].fresh).toBe(false);
      await client.query('commit');
      const after = await client.query("select current_user as who, current_setting('app.request_id', true) as rid");
      expect(after.rows[0].who).not.toBe('vitalis_anonymous');
      expect(after.rows[0].rid ?? '').toBe('');
    } finally {
      wire.restore();
      client.release();
    }
  });

  test('dataplan\'s form ({ text } objects) is merged the same way', async () => {
    const client = await pool.connect();
    const wire = recordWire();
    try {
      await client.query({ text: 'begin' });
      await client.query({ text: REQUEST_SETTINGS_SQL, values: settings([['app.user_agent', 'x']]) });
      expect(wire.count()).toBe(1);
      await client.query({ text: 'rollback' });
    } finally {
      wire.restore();
      client.release();
    }
  });

  test('hostile values (quotes, backslashes, E-strings, semicolons) arrive byte for byte', async () => {
    const nasty = `it's \\'; drop table vitalis.users; -- \\\\ E'\\x00' $$ "ok" \u00e9\u{1F600}`;
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(REQUEST_SETTINGS_SQL, settings([['app.user_agent', nasty]]));
      const { rows } = await client.query("select current_setting('app.user_agent') as ua, to_regclass('vitalis.users') is not null as still_there");
      expect(rows[0]).toEqual({ ua: nasty, still_there: true });
      await client.query('rollback');
    } finally {
      client.release();
    }
  });

  test('a begin followed by anything else is sent on its own first, and the statement runs inside the transaction', async () => {
    const client = await pool.connect();
    const wire = recordWire();
    try {
      await client.query('begin');
      await client.query("select set_config('app.request_id', 'later', true)");
      const { rows } = await client.query("select current_setting('app.request_id') as rid");
      expect(rows[0].rid).toBe('later');
      expect(wire.texts().slice(0, 2)).toEqual(['begin', "select set_config('app.request_id', 'later', true)"]);
      await client.query('rollback');
    } finally {
      wire.restore();
      client.release();
    }
  });

  test('settings that fail (an unknown role) reject the message; rollback leaves the connection clean', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await expect(client.query(REQUEST_SETTINGS_SQL, settings([['role', 'no_such_role']]))).rejects.toThrow(/no_such_role/);
      await client.query('rollback');
      const { rows } = await client.query('select 1 as one');
      expect(rows[0].one).toBe(1);
      const state = await client.query('select now() = statement_timestamp() as fresh');
      expect(state.rows[0].fresh).toBe(true);
    } finally {
      client.release();
    }
  });

  describe('the commit of a read-only transaction', () => {
    const readOnly = settings([['app.request_id', 'ro'], ['transaction_read_only', 'on']]);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    test('resolves at once and goes out ahead of the next request: commit, begin and its settings in one message', async () => {
      const client = await pool.connect();
      const wire = recordWire();
      try {
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, readOnly);
        const first = await client.query('select txid_current_if_assigned() as xid, current_setting(\'transaction_read_only\') as ro');
        expect(first.rows[0]).toEqual({ xid: null, ro: 'on' });
        await client.query('commit');
        expect(wire.texts()).toHaveLength(2);
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, settings([['app.request_id', 'next']]));
        expect(wire.texts()).toHaveLength(3);
        expect(wire.texts()[2]).toMatch(/^commit; begin; select set_config/);
        // A new transaction with the new settings, read-write again.
        const { rows } = await client.query("select current_setting('app.request_id') as rid, current_setting('transaction_read_only') as ro, now() = statement_timestamp() as fresh");
        expect(rows[0]).toEqual({ rid: 'next', ro: 'off', fresh: false });
        await client.query('commit');
        expect(wire.texts()).toHaveLength(5);
      } finally {
        wire.restore();
        client.release();
      }
    });

    test('goes out on its own when no request follows, so the connection is not left in a transaction', async () => {
      const client = await pool.connect();
      const wire = recordWire();
      try {
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, readOnly);
        await client.query('select 1');
        await client.query('commit');
        const pid = (client as unknown as { processID: number }).processID;
        await sleep(RequestClient.heldCommitMs * 5);
        expect(wire.texts()).toEqual([expect.stringMatching(/^begin; select set_config/), 'select 1', 'commit']);
        // Sent is not yet run: wait (bounded) for PostgreSQL to have run it.
        let state = '';
        for (let i = 0; i < 100 && state !== 'idle'; i++) {
          if (i > 0) await sleep(20);
          state = (await db.pool.query('select state from pg_stat_activity where pid = $1', [pid])).rows[0].state;
        }
        expect(state).toBe('idle');
      } finally {
        wire.restore();
        client.release();
      }
    });

    test('goes out first when the next statement is anything else, which then runs outside the transaction', async () => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, readOnly);
        await client.query('commit');
        const { rows } = await client.query("select now() = statement_timestamp() as fresh, current_setting('app.request_id', true) as rid");
        expect(rows[0].fresh).toBe(true);
        expect(rows[0].rid ?? '').toBe('');
      } finally {
        client.release();
      }
    });

    test('is only held when the transaction is read-only: a read-write commit is sent and awaited', async () => {
      const client = await pool.connect();
      const wire = recordWire();
      try {
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, settings([['app.request_id', 'rw']]));
        await client.query('commit');
        expect(wire.texts()).toEqual([expect.stringMatching(/^begin; select set_config/), 'commit']);
        // And a read-only transaction that ended in a rollback holds nothing.
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, readOnly);
        await client.query('rollback');
        await client.query('commit');
        expect(wire.texts().slice(2)).toEqual([expect.stringMatching(/^begin; select set_config/), 'rollback', 'commit']);
      } finally {
        wire.restore();
        client.release();
      }
    });

    test('a value that spells the read-only entry does not make the transaction read-only', async () => {
      const client = await pool.connect();
      const wire = recordWire();
      try {
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, settings([['app.user_agent', '["transaction_read_only","on"]']]));
        const { rows } = await client.query("select current_setting('transaction_read_only') as ro, current_setting('app.user_agent') as ua");
        expect(rows[0]).toEqual({ ro: 'off', ua: '["transaction_read_only","on"]' });
        await client.query('commit');
        expect(wire.texts().slice(-1)).toEqual(['commit']);
      } finally {
        wire.restore();
        client.release();
      }
    });

    test('a read-only transaction refuses writes', async () => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(REQUEST_SETTINGS_SQL, readOnly);
        await expect(client.query('create temporary table t (x int)')).rejects.toThrow(/read-only transaction/);
        await client.query('rollback');
      } finally {
        client.release();
      }
    });

    test('a client closed with its commit held ends cleanly: the held commit is dropped, not sent to a closed connection', async () => {
      const client = new ClientClass({ connectionString: db.url });
      await client.connect();
      await client.query('begin');
      await client.query(REQUEST_SETTINGS_SQL, readOnly);
      await client.query('commit');
      const wire = recordWire();
      try {
        await client.end();
        await sleep(RequestClient.heldCommitMs * 3);
        expect(wire.texts()).toEqual([]);
      } finally {
        wire.restore();
      }
    });
  });
});
