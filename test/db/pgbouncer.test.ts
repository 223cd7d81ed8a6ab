// The API through a real PgBouncer in transaction mode (ops/pgbouncer/pgbouncer.ini, docs/pgbouncer.md):
// many users' requests interleave over a few server connections, every response holds only its own
// user's rows, no request context outlives its transaction, and the API sends no named prepared
// statements (which PgBouncer 1.18 cannot route in transaction mode).
// Runs in CI's PostgreSQL 15 run (test/db against 127.0.0.1:5432) when Debian's pgbouncer is
// installed; skips with a printed reason otherwise (the embedded run listens on another port).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { UnnamedStatementClient } from '../../src/db/apiPool';
import { portOutsideEphemeralRange } from '../helpers/ports';
import { withCredentials } from '../../src/db/url';
import { startServer, type RunningServer } from '../../src/server/app';
import { createTestDatabase, createUser, type TestDatabase } from '../helpers/db';
import { graphql, TEST_JWT_SECRET, tokenFor, type Harness } from '../server/harness';

const SHIPPED_INI = path.join(__dirname, '..', '..', 'ops', 'pgbouncer', 'pgbouncer.ini');
const USERS = 50;
const REQUESTS_PER_USER = 4;

function pgbouncerBinary(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'pgbouncer');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** The test server's host and port when it is the machine's PostgreSQL on 127.0.0.1:5432. */
function whyNotRunnable(): string | null {
  if (!pgbouncerBinary()) return 'pgbouncer is not installed (apt-get install pgbouncer)';
  const admin = process.env.VITALIS_TEST_ADMIN_URL;
  if (!admin) return 'test/globalSetup.ts did not run';
  const url = new URL(admin);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || (url.port || '5432') !== '5432') {
    return 'it runs against PostgreSQL on 127.0.0.1:5432 (TEST_DATABASE_URL), not the embedded server';
  }
  return null;
}

const skipReason = whyNotRunnable();
const TITLE = 'the API through PgBouncer in transaction mode';
// Printed outside jest's console buffer too, which a run of many files does not show for a skipped one.
if (skipReason) process.stderr.write(`test/db/pgbouncer.test.ts skipped: ${skipReason}\n`);

interface Bouncer {
  port: number;
  process: ChildProcess;
  dir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts PgBouncer with the shipped ini, pointed at this file's database on a free port. */
async function startBouncer(db: TestDatabase): Promise<Bouncer> {
  const port = await portOutsideEphemeralRange();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-pgbouncer-'));
  const shipped = fs.readFileSync(SHIPPED_INI, 'utf8');
  const entry = /^vitalis = (.*)$/m.exec(shipped)?.[1];
  if (!entry) throw new Error(`${SHIPPED_INI} has no [databases] entry for vitalis`);
  const server = new URL(db.url);
  const database = entry
    .replace(/\bhost=\S+/, `host=${server.hostname}`)
    .replace(/\bport=\S+/, `port=${server.port || '5432'}`)
    .replace(/\bdbname=\S+/, `dbname=${db.name}`);
  fs.writeFileSync(path.join(dir, 'userlist.txt'), '"vitalis_authenticator" "vitalis-authenticator"\n"bouncer_admin" "bouncer-admin"\n');
  // The shipped file, then what differs in a test (later settings win). It ends in [pgbouncer]:
  // opening that section again would reset it to the defaults, so the test's database comes first.
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${db.name} = ${database}`,
      // One server connection: consecutive transactions of different clients must share it.
      `${db.name}_single = ${database} pool_size=1 reserve_pool=0`,
      `%include ${SHIPPED_INI}`,
      `listen_port = ${port}`,
      'unix_socket_dir =',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'admin_users = bouncer_admin',
      'stats_users = bouncer_admin',
      'logfile =',
      'pidfile =',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: it then drops to postgres, which must read the files.
  fs.chmodSync(dir, 0o755);
  const asUser = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  const child = spawn(pgbouncerBinary()!, [...asUser, path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const bouncer: Bouncer = {
    port,
    process: child,
    dir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Client({ host: '127.0.0.1', port, user: 'bouncer_admin', password: 'bouncer-admin', database: 'pgbouncer' });
    try {
      await probe.connect();
      await probe.end();
      return bouncer;
    } catch (error) {
      await probe.end().catch(() => {});
      if (child.exitCode !== null || Date.now() > deadline) {
        await bouncer.stop();
        throw new Error(`pgbouncer did not start: ${(error as Error).message}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const describeIfRunnable = skipReason ? (name: string, fn: () => void) => describe.skip(`${name} (skipped: ${skipReason})`, fn) : describe;

describeIfRunnable(TITLE, () => {
  let db: TestDatabase;
  let bouncer: Bouncer;
  let bouncerUrl: string;
  let api: RunningServer | undefined;
  let harness: Harness;
  const users: Array<{ userId: string; token: string; steps: number[] }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    db.pool.on('error', () => {});
    bouncer = await startBouncer(db);
    const viaBouncer = new URL(db.url);
    viaBouncer.host = `127.0.0.1:${bouncer.port}`;
    bouncerUrl = withCredentials(viaBouncer.toString(), 'vitalis_authenticator', 'vitalis-authenticator');
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: TEST_JWT_SECRET,
      JWT_AUDIENCE: 'vitalis-test',
      JWT_ISSUER: 'https://auth.vitalis.test',
      DATABASE_URL: db.url,
      API_DATABASE_URL: bouncerUrl,
      TOKEN_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 3).toString('base64')}`,
    });
    // The API's pool (API_POOL_MAX clients) over the bouncer's server connections. The direct URL
    // is what it would use without API_DATABASE_URL.
    const direct = { authenticatorUrl: withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator') };
    api = await startServer({ config, db: direct, host: '127.0.0.1', port: 0 });
    harness = { db, config, server: api, close: async () => {} };

    for (let i = 0; i < USERS; i++) {
      const userId = await createUser(db.pool);
      const steps = [i * 10 + 1, i * 10 + 2];
      await db.pool.query(
        `insert into vitalis.wearable_daily (user_id, date, source, steps)
         select $1, d, 'garmin', s from unnest($2::date[], $3::int[]) as t(d, s)`,
        [userId, ['2025-06-01', '2025-06-02'], steps],
      );
      users.push({ userId, token: await tokenFor(harness, userId), steps });
    }
  });

  afterAll(async () => {
    await api?.close(1000);
    if (bouncer) await bouncer.stop();
    if (db) await db.drop();
  });

  test('the API pool goes through the bouncer', async () => {
    await api!.pool.query('select 1');
    const admin = new Client({ host: '127.0.0.1', port: bouncer.port, user: 'bouncer_admin', password: 'bouncer-admin', database: 'pgbouncer' });
    await admin.connect();
    try {
      const clients = await admin.query<{ database: string; user: string }>('show clients');
      expect(clients.rows.filter((c) => c.database === db.name && c.user === 'vitalis_authenticator').length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
  });

  test(`${USERS} users x ${REQUESTS_PER_USER} interleaved requests: each response holds only its own user's rows`, async () => {
    const query = '{ currentUserId wearableDailies(orderBy: DATE_ASC) { nodes { userId steps } } }';
    // Round-robin over users, with an anonymous request after each authenticated one: whatever
    // server connection a request lands on, it sees its own user or none.
    const requests: Array<Promise<void>> = [];
    for (let round = 0; round < REQUESTS_PER_USER; round++) {
      users.forEach((user) => {
        const server = api!;
        requests.push(
          graphql(server, query, { token: user.token }).then((response) => {
            expect(response.body.errors).toBeUndefined();
            expect(response.body.data?.currentUserId).toBe(user.userId);
            expect(response.body.data?.wearableDailies.nodes).toEqual(user.steps.map((steps) => ({ userId: user.userId, steps })));
          }),
          graphql(server, '{ currentUserId }').then((response) => {
            expect(response.body.data?.currentUserId ?? null).toBeNull();
            expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
          }),
        );
      });
    }
    await Promise.all(requests);

    // The API's clients were multiplexed over at most default_pool_size + reserve_pool_size servers.
    const admin = new Client({ host: '127.0.0.1', port: bouncer.port, user: 'bouncer_admin', password: 'bouncer-admin', database: 'pgbouncer' });
    await admin.connect();
    try {
      const serverRows = await admin.query<{ database: string }>('show servers');
      const ours = serverRows.rows.filter((s) => s.database === db.name).length;
      expect(ours).toBeGreaterThan(0);
      expect(ours).toBeLessThanOrEqual(30);
    } finally {
      await admin.end();
    }
  });

  test('no request context survives its transaction on the server connection that ran it', async () => {
    const single = new URL(bouncerUrl);
    single.pathname = `/${db.name}_single`;
    const [first, next] = [new Client({ connectionString: single.toString() }), new Client({ connectionString: single.toString() })];
    await first.connect();
    await next.connect();
    try {
      await first.query('begin');
      const during = await first.query<{ pid: number; user_id: string; role: string }>(
        `select pg_backend_pid() as pid, set_config('role', 'vitalis_api', true), set_config('app.current_user_id', $1, true) as user_id,
                current_user as role`,
        [users[0]!.userId],
      );
      await first.query('commit');
      expect(during.rows[0]).toMatchObject({ user_id: users[0]!.userId, role: 'vitalis_api' });
      // Another client, the same server connection (pool_size=1: the backend pid proves it).
      const after = await next.query<{ pid: number; user_id: string; role: string }>(
        `select pg_backend_pid() as pid, coalesce(current_setting('app.current_user_id', true), '') as user_id, current_user as role`,
      );
      expect(after.rows[0]).toEqual({ pid: during.rows[0]?.pid, user_id: '', role: 'vitalis_authenticator' });
    } finally {
      await first.end();
      await next.end();
    }
  });

  test('a named prepared statement breaks once the bouncer moves a client to another server; the API sends none', async () => {
    const statement = { name: 'vitalis_pgbouncer_probe', text: 'select $1::int + 1 as n', values: [1] };
    const run = async (ClientClass: typeof Client) => {
      const pool = new Pool({ connectionString: bouncerUrl, max: 2, Client: ClientClass });
      const [a, b] = [await pool.connect(), await pool.connect()];
      try {
        // a prepares on server X; b holds X in a transaction; a's next execute lands on another server.
        await a.query(statement);
        await b.query('begin');
        await b.query('select 1');
        const second = await a.query(statement).then(
          (result) => ({ n: result.rows[0]?.n as number }),
          (error: { code?: string }) => ({ code: error.code }),
        );
        await b.query('rollback');
        return second;
      } finally {
        a.release();
        b.release();
        await pool.end();
      }
    };
    // node-pg alone: "prepared statement ... does not exist" (26000) on the other server.
    expect(await run(Client)).toEqual({ code: '26000' });
    // The API pool's client (ops through API_DATABASE_URL) parses every statement unnamed.
    expect(await run(UnnamedStatementClient)).toEqual({ n: 2 });
  });
});
