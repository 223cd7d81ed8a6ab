// GET /metrics and /readyz over real HTTP: request latency by GraphQL operation and REST route
// pattern, errors by code, the API pool, the job queue, provider sync failures and backups from
// the database (read once per cache period), bounded label cardinality, access to /metrics, and
// /readyz naming what is not ready.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import express from 'express';
import { Pool } from 'pg';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { withCredentials } from '../../src/db/url';
import { shippedSchemaVersion } from '../../src/privacy/export/schemaVersion';
import { DatabaseSnapshotCache, readinessChecker, readinessHandler } from '../../src/server/metrics';
import { metricsRoute } from '../../src/server/metrics/metricsRoute';
import { openStorage, type Storage } from '../../src/storage/s3';
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from './harness';
import { OperationLabels } from '../../src/server/metrics/operationLabels';

let h: Harness;
let storage: Storage;
let workDir: string;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-metrics-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-metrics' }), { directory: path.join(workDir, 's3') });
  h = await startHarness({}, { storage });
  // What the database gauges read, in place before the first scrape: they are cached for 10 s.
  await seedOperationalState();
});

let backupsTable: string | null;

async function seedOperationalState(): Promise<void> {
  await h.db.pool.query(`select graphile_worker.add_job('metrics_test_task', '{}'::json, run_at => now() - interval '90 seconds')`);
  const userId = await createUser(h.db.pool);
  await h.db.pool.query(
    `insert into vitalis.connected_devices (user_id, source, last_sync_status, last_sync_error) values ($1, 'oura', 'error', 'token revoked'), ($1, 'withings', 'partial', 'timeout')`,
    [userId],
  );
  await h.db.pool.query(
    `insert into vitalis.ingestion_jobs (user_id, source, job_type, status, completed_at) values ($1, 'oura', 'daily_sync', 'failed', now()), ($1, 'oura', 'daily_sync', 'failed', now() - interval '2 days')`,
    [userId],
  );
  backupsTable = (await h.db.pool.query<{ t: string | null }>(`select to_regclass('vitalis.backup_runs')::text as t`)).rows[0]!.t;
  if (backupsTable) {
    await h.db.pool.query(
      `insert into vitalis.backup_runs (kind, tier, status, started_at, finished_at) values
         ('backup', 'daily', 'succeeded', now() - interval '2 hours', now() - interval '1 hour'),
         ('backup', 'daily', 'failed', now() - interval '10 minutes', now() - interval '5 minutes'),
         ('restore_test', null, 'succeeded', now() - interval '3 days', now() - interval '3 days'),
         ('restore_test', null, 'failed', now() - interval '2 hours', now() - interval '2 hours')`,
    );
  } else {
    console.warn('metrics.test.ts: vitalis.backup_runs does not exist (migrations/current/2-backups.sql not applied): checking only that the backup gauges are absent');
  }
}

afterAll(async () => {
  await h?.close();
  await storage?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function scrape(headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${h.server.origin}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample (name{labels} value), or undefined when the scrape has none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/** Every distinct value one label takes in a metric's samples. */
function labelValues(text: string, name: string, label: string): Set<string> {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const value = new RegExp(`${label}="([^"]*)"`).exec(line)?.[1];
    if (value !== undefined) values.add(value);
  }
  return values;
}

test('GraphQL requests are timed by operation name and type, and their errors counted by code', async () => {
  const before = sample(await scrape(), 'vitalis_errors_total', { api: 'graphql', code: 'GRAPHQL_VALIDATION_FAILED' }) ?? 0;
  for (let i = 0; i < 3; i++) expect((await graphql(h.server, 'query MetricsPing { __typename }')).body.data).toEqual({ __typename: 'Query' });
  await graphql(h.server, '{ __typename }');
  const failed = await graphql(h.server, 'query MetricsBroken { noSuchField }');
  expect(failed.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  // Coded by the error contract after grafserv answered by itself: counted with the code clients see.
  expect((await graphql(h.server, 'query MetricsSyntax {')).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  // An error raised while the operation runs, answered beside its data.
  const token = await tokenFor(h, await createUser(h.db.pool));
  const cursor = await graphql(h.server, 'query MetricsCursor { wearableDailies(after: "garbage") { nodes { date } } }', { token });
  expect(cursor.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

  const text = await scrape();
  expect(sample(text, 'vitalis_graphql_request_duration_seconds_count', { operation_name: 'MetricsPing', operation_type: 'query', status_class: '2xx' })).toBe(3);
  expect(sample(text, 'vitalis_graphql_request_duration_seconds_bucket', { operation_name: 'MetricsPing', le: '+Inf' })).toBe(3);
  expect(sample(text, 'vitalis_graphql_request_duration_seconds_count', { operation_name: 'anonymous', operation_type: 'query' })).toBe(1);
  // A document that does not validate never runs: its name is not trusted as a label.
  expect(sample(text, 'vitalis_graphql_request_duration_seconds_count', { operation_name: 'invalid', operation_type: 'none' })).toBeGreaterThanOrEqual(1);
  expect(labelValues(text, 'vitalis_graphql_request_duration_seconds_count', 'operation_name').has('MetricsBroken')).toBe(false);
  expect(sample(text, 'vitalis_errors_total', { api: 'graphql', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(before + 1);
  expect(sample(text, 'vitalis_graphql_request_duration_seconds_count', { operation_name: 'MetricsCursor', operation_type: 'query' })).toBe(1);
  expect(sample(text, 'vitalis_errors_total', { api: 'graphql', code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
  expect(sample(text, 'vitalis_errors_total', { api: 'graphql', code: 'BAD_USER_INPUT' })).toBeGreaterThanOrEqual(1);
});

test('REST requests are timed by route pattern, so a thousand ids make one label, and their errors counted by code', async () => {
  const ids = Array.from({ length: 1000 }, () => randomUUID());
  for (let i = 0; i < ids.length; i += 100) {
    await Promise.all(ids.slice(i, i + 100).map(async (id) => expect((await fetch(`${h.server.origin}/exports/${id}/download`)).status).toBe(401)));
  }
  // A router mounted under a prefix keeps it in the label.
  await fetch(`${h.server.origin}/providers/garmin/webhook`);
  await fetch(`${h.server.origin}/providers/nosuchprovider/webhook`);
  // Paths no route matches are one label too.
  await Promise.all(ids.slice(0, 50).map((id) => fetch(`${h.server.origin}/nothing/${id}`)));

  const text = await scrape();
  expect(sample(text, 'vitalis_http_request_duration_seconds_count', { method: 'GET', route: '/exports/:exportId/download', status_class: '4xx' })).toBe(1000);
  expect(sample(text, 'vitalis_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(50);
  const routes = labelValues(text, 'vitalis_http_request_duration_seconds_count', 'route');
  expect([...routes].filter((r) => r.startsWith('/providers/'))).toEqual(['/providers/:provider/webhook']);
  expect([...routes].some((r) => /[0-9a-f]{8}-/.test(r))).toBe(false);
  expect(sample(text, 'vitalis_errors_total', { api: 'rest', code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1000);
  expect(sample(text, 'vitalis_errors_total', { api: 'rest', code: 'NOT_FOUND' })).toBeGreaterThanOrEqual(50);
});

test('the scrape shows the API pool, the job queue by task and the default process metrics', async () => {
  const text = await scrape();
  expect(sample(text, 'vitalis_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'vitalis_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
  expect(sample(text, 'vitalis_db_pool_connections', { state: 'waiting' })).toBe(0);
  expect(sample(text, 'vitalis_metrics_database_up')).toBe(1);
  expect(sample(text, 'vitalis_job_queue_depth', { task: 'metrics_test_task' })).toBe(1);
  expect(sample(text, 'vitalis_job_queue_oldest_age_seconds', { task: 'metrics_test_task' })).toBeGreaterThanOrEqual(89);
  expect(sample(text, 'vitalis_worker_up')).toBe(0);
  expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);

  // Within the cache period a scrape reuses the numbers read before: a scrape storm costs one query.
  await h.db.pool.query(`select graphile_worker.add_job('metrics_test_task', '{}'::json)`);
  const [health, ...again] = await Promise.all([fetch(`${h.server.origin}/healthz`), ...Array.from({ length: 20 }, () => scrape())]);
  for (const t of again) expect(sample(t, 'vitalis_job_queue_depth', { task: 'metrics_test_task' })).toBe(1);
  // /healthz answers during scrapes.
  expect(health!.status).toBe(200);
});

test('sync failures by provider and the last backup and restore test come from the database', async () => {
  const text = await scrape();
  expect(sample(text, 'vitalis_provider_connections_failing', { provider: 'oura' })).toBe(1);
  expect(sample(text, 'vitalis_provider_connections_partial', { provider: 'withings' })).toBe(1);
  // One failed in the last 24 hours; the one of two days ago is not counted.
  expect(sample(text, 'vitalis_provider_sync_failures_24h', { provider: 'oura' })).toBe(1);
  if (backupsTable) {
    // The last successful backup (an hour ago; a later one failed), and the last restore test (failed).
    const age = sample(text, 'vitalis_last_backup_age_seconds');
    expect(age).toBeGreaterThanOrEqual(3600);
    expect(age).toBeLessThan(3700);
    expect(sample(text, 'vitalis_last_restore_test_success')).toBe(0);
  } else {
    expect(sample(text, 'vitalis_last_backup_age_seconds')).toBeUndefined();
    expect(sample(text, 'vitalis_last_restore_test_success')).toBeUndefined();
  }
});

test('operation names chosen by clients become labels only up to a cap', () => {
  const labels = new OperationLabels(2);
  const req = () => ({}) as never;
  const named = ['A', 'B', 'C', 'A'].map((name) => {
    const r = req();
    labels.note(r, name, 'query');
    return labels.of(r).name;
  });
  expect(named).toEqual(['A', 'B', 'other', 'A']);
  const long = req();
  labels.note(long, 'x'.repeat(101), 'query');
  expect(labels.of(long).name).toBe('other');
  expect(labels.of(req())).toEqual({ name: 'invalid', type: 'none' });
});

test('/metrics without a token is served to this machine only, not to requests relayed by a proxy', async () => {
  const relayed = await fetch(`${h.server.origin}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
  expect(relayed.status).toBe(403);
  const body = (await relayed.json()) as { errors: Array<{ extensions: { code: string } }> };
  expect(body.errors[0]?.extensions.code).toBe('FORBIDDEN');
});

test('/metrics with a token answers only the bearer of that token', async () => {
  const registry = new Registry();
  const app = express();
  app.get('/metrics', metricsRoute(registry, 'scrape-secret'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer scrape-secret', 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('/readyz is 200 when the database is migrated and storage answers', async () => {
  const response = await fetch(`${h.server.origin}/readyz`);
  expect(await response.json()).toEqual({ status: 'ok' });
  expect(response.status).toBe(200);
});

test('/readyz names each check that fails: storage down, no worker running', async () => {
  // The handler createApp mounts, on the API's role, with storage whose endpoint nothing listens
  // on, expecting a worker (RUN_WORKER) where none runs.
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const down: Storage = { client, bucket: 'vitalis-metrics', endpoint, close: async () => client.destroy() };
  const pool = new Pool({ connectionString: withCredentials(h.db.url, 'vitalis_authenticator', 'vitalis-authenticator'), max: 2 });
  const app = express();
  app.get('/readyz', readinessHandler({ pool, snapshots: new DatabaseSnapshotCache(pool), storage: down, shippedMigration: shippedSchemaVersion(), expectWorker: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; ready: boolean; failing: Array<{ check: string; reason: string }> };
    expect(body.status).toBe('unavailable');
    expect(body.ready).toBe(false);
    expect(body.failing.map((f) => f.check).sort()).toEqual(['storage', 'worker']);
    expect(body.failing.find((f) => f.check === 'storage')?.reason).toBe('cannot reach the storage bucket (error ECONNREFUSED)');
    expect(body.failing.find((f) => f.check === 'worker')?.reason).toBe('no worker process is running against this database');
  } finally {
    await new Promise((r) => server.close(r));
    await pool.end();
    client.destroy();
  }
});

test('/readyz says when the database lacks the migration the code needs', async () => {
  const pool = new Pool({ connectionString: withCredentials(h.db.url, 'vitalis_authenticator', 'vitalis-authenticator'), max: 1 });
  try {
    const check = readinessChecker({ pool, snapshots: new DatabaseSnapshotCache(pool), shippedMigration: '999999.sql', expectWorker: false });
    const failing = await check();
    expect(failing).toEqual([{ check: 'migrations', reason: expect.stringMatching(/^the database is at \d{6}\.sql, this code needs 999999\.sql: run npm run db:migrate$/) }]);
  } finally {
    await pool.end();
  }
});
