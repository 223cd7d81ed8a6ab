// PostgreSQL restarted (the test's own embedded cluster, `pg_ctl stop -m fast` then start on the
// same data directory and port) under API traffic and during a provider sync:
// - the API recovers without being restarted (its pools reconnect); while the database is down
//   every GraphQL and REST answer is 503 SERVICE_UNAVAILABLE with Retry-After, never a 500;
//   /healthz (liveness) stays 200 and /readyz says 503.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueSession } from '../../src/auth/sessions';
import { startFakeProviders, type FakeProviders } from '../fakeProviders/server';
import { createUser } from '../helpers/db';
import { privateCluster, startFaultServer, type PrivateCluster } from './scenario';
import { startTraffic, summarise } from './traffic';

const children: ChildProcess[] = [];
let dir: string;
let cluster: PrivateCluster;
let fake: FakeProviders;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-restart-'));
  cluster = await privateCluster(dir);
  fake = await startFakeProviders();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const close of closers.reverse()) await close().catch(() => {});
  await fake?.close();
  await cluster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('under API traffic: 503 with Retry-After (never 500) while the database is down, then recovery without a restart', async () => {
  const db = await cluster.createDatabase('api_traffic');
  closers.push(() => db.close());
  const { server, config } = await startFaultServer(db, { fakeOrigin: fake.origin });
  closers.push(() => server.close(1000));
  const userId = await createUser(db.pool);
  await db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, '2025-01-01', 'garmin', 1234)`, [userId]);
  const token = (await issueSession(db.pool, config, userId)).accessToken;

  const traffic = startTraffic(server, token);
  try {
    await traffic.successes(3, 0);
    const downAt = traffic.now();
    await cluster.stopServer();
    // While it is down: liveness answers, readiness says why not, and so does every request.
    await sleep(300);
    const health = await fetch(`${server.origin}/healthz`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(503);
    await sleep(700);
    await cluster.startServer();
    const upAt = traffic.now();
    const recoveredAt = await traffic.successes(3, upAt);
    await traffic.stop();

    const summary = summarise(traffic.answers, downAt, upAt, recoveredAt);
    expect(summary.byStatus['500'] ?? 0).toBe(0);
    expect(Object.keys(summary.byStatus).sort()).toEqual(['200', '503']);
    expect(summary.duringOutage.status503).toBeGreaterThan(0);
    expect(summary.duringOutage.without503Contract).toBe(0);
    // Every kind of request saw the outage as a 503.
    for (const kind of ['graphql', 'graphqlAnonymous', 'rest']) {
      expect(traffic.answers.filter((a) => a.kind === kind && a.status === 503).length).toBeGreaterThan(0);
    }
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  } finally {
    await traffic.stop();
  }
}, 60_000);
