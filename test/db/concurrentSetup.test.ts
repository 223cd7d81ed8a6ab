// Two `npm start` processes started at the same moment on one empty database (two hosts behind a
// load balancer, or a restart overlapping the old process): the database is created and migrated
// once, under an advisory lock the second process waits on, and both then serve.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, SETUP_LOCK_CLASS } from '../../src/db/setup';
import { withDatabase } from '../../src/db/url';
import { portOutsideEphemeralRange } from '../helpers/ports';

const ROOT = path.resolve(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  port: number;
  output: string[];
  exited: Promise<number | null>;
}

const adminUrl = (): string => {
  const url = process.env.VITALIS_TEST_ADMIN_URL;
  if (!url) throw new Error('test/globalSetup.ts did not run');
  return url;
};

const database = `vitalis_concurrent_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-concurrent-'));
const started: Started[] = [];

afterAll(async () => {
  // The whole process group: tsx runs the server in a child of its own, which SIGKILL would orphan.
  for (const s of started) if (s.child.exitCode === null) process.kill(-s.child.pid!, 'SIGKILL');
  await Promise.all(started.map((s) => s.exited));
  await dropDatabase(adminUrl(), database);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(name: string): Promise<Started> {
  const port = await portOutsideEphemeralRange();
  const output: string[] = [];
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: withDatabase(adminUrl(), database),
      PORT: String(port),
      // Each its own local object storage; the database is what they share.
      DATA_DIR: path.join(dataDir, name),
      // Development: migrations/current applies too (it is part of what must run once). The role
      // passwords stay the development ones the rest of the suite's cluster uses.
      NODE_ENV: 'development',
      GRAPHILE_ENV: 'production',
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const s = { child, port, output, exited };
  started.push(s);
  return s;
}

async function printed(s: Started, text: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!s.output.join('').includes(text)) {
    if (s.child.exitCode !== null) throw new Error(`exited with ${s.child.exitCode}:\n${s.output.join('')}`);
    if (Date.now() > deadline) throw new Error(`"${text}" not printed after ${timeoutMs} ms:\n${s.output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('two processes on one empty database migrate it once and both serve', async () => {
  // The test holds the setup lock until both processes are waiting for it, so they really do set up
  // at the same time however fast or slow each starts; then it lets go.
  const holder = new Client({ connectionString: withDatabase(adminUrl(), 'postgres') });
  await holder.connect();
  try {
    await holder.query('select pg_advisory_lock($1, hashtext($2))', [SETUP_LOCK_CLASS, database]);
    const [a, b] = await Promise.all([start('a'), start('b')]);
    await Promise.all([a, b].map((s) => printed(s, 'Another process is setting up database')));
    await holder.query('select pg_advisory_unlock($1, hashtext($2))', [SETUP_LOCK_CLASS, database]);
  } finally {
    await holder.end();
  }
  const [a, b] = started as [Started, Started];
  await Promise.all([printed(a, 'Vitalis GraphQL API:'), printed(b, 'Vitalis GraphQL API:')]);

  for (const s of [a, b]) {
    const response = await fetch(`http://127.0.0.1:${s.port}/healthz`);
    expect(response.status).toBe(200);
  }

  const client = new Client({ connectionString: withDatabase(adminUrl(), database) });
  await client.connect();
  try {
    const { rows } = await client.query<{ filename: string; times: number }>(
      'select filename, count(*)::int as times from graphile_migrate.migrations group by filename order by filename',
    );
    // graphile-migrate records a committed migration by its number (000001-title.sql as 000001.sql).
    const committed = fs
      .readdirSync(path.join(ROOT, 'migrations', 'committed'))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => `${f.slice(0, 6)}.sql`)
      .sort();
    expect(rows).toEqual(committed.map((filename) => ({ filename, times: 1 })));
  } finally {
    await client.end();
  }

  for (const s of [a, b]) s.child.kill('SIGTERM');
  expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  // Neither log has an error: no failed lock, no duplicate object, no half-applied migration.
  for (const s of [a, b]) {
    const log = s.output.join('');
    expect(log).not.toMatch(/error|exception|failed/i);
  }
}, 150_000);
