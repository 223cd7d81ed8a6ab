// A worker killed with SIGKILL in the middle of an export (its snapshot open, part of the archive
// uploaded): the next worker takes the job over, starts the archive again from scratch and
// completes it, and the archive is whole. The worker is the real `npm run worker` in a child
// process (graphile-worker cannot load inside jest), against this file's database and a real S3
// server; a test-only setting pauses the first run after the big table so it can be killed there.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { exportManifest } from '../../src/importers/vitalisExport/manifest';
import { walkZip } from '../../src/importers/vitalisExport/zip';
import { openStorage, type Storage } from '../../src/storage/s3';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';
import { startWorkerProcess, waitFor } from '../helpers/workerProcess';

const children: ChildProcess[] = [];
const db = useTestDatabase({
  ignoreIdleClientErrors: true,
  beforeDrop: () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  },
});
let storage: Storage;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-crash-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-export-crash' }), { directory: path.join(dir, 's3') });
});
afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const startWorker = (output: string[], env: NodeJS.ProcessEnv = {}) =>
  startWorkerProcess({ databaseUrl: db.url, storage, output, children, env: { DATA_DIR: path.join(dir, 'data'), ...env } });

const exportRow = async (exportId: string) =>
  (await db.pool.query(`select status, s3_key, file_size_bytes, error_message from vitalis.data_export_requests where export_id = $1`, [exportId])).rows[0];

test('an export killed mid-archive is started again by the next worker and completes whole', async () => {
  const userId = await createUser(db.pool);
  // About 15 MB of incompressible rows, so that the killed run has uploaded a part of the archive.
  const { rowCount } = await db.pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source, steps, raw_data)
     select $1, current_date - n, 'oura', 1000 + n, jsonb_build_object('blob', b.blob)
       from generate_series(1, 700) n,
            lateral (select string_agg(encode(gen_random_bytes(1024), 'base64'), '') as blob from generate_series(1, 16) i where n > 0) b`,
    [userId],
  );
  expect(rowCount).toBe(700);
  const { rows: tables } = await db.pool.query<{ table_name: string }>(`select table_name from vitalis_private.export_tables()`);
  const pauseAfter = tables.findIndex((t) => t.table_name === 'vitalis.wearable_daily') + 1;
  const exportId: string = (
    await asRequest(db.pool, { userId }, (c) => c.query(`select export_id from vitalis.request_data_export('json')`), true)
  ).rows[0].export_id;

  const output: string[] = [];
  const first = startWorker(output, { VITALIS_EXPORT_TEST_PAUSE_AFTER_TABLES: String(pauseAfter) });
  const firstExit = new Promise((resolve) => first.on('exit', resolve));
  await waitFor(
    () => `the export to pause (worker output: ${output.join('').slice(-2000)})`,
    async () => output.join('').includes('paused by VITALIS_EXPORT_TEST_PAUSE_AFTER_TABLES'),
  );
  expect(await exportRow(exportId)).toMatchObject({ status: 'processing', s3_key: null });
  first.kill('SIGKILL');
  await firstExit;
  await waitFor(
    () => 'the dead worker’s sessions to end',
    async () => (await db.pool.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name like 'vitalis-%'`)).rows[0].n === 0,
  );
  const key = `exports/${userId}/${exportId}.zip`;
  const stored = await storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key })).then(
    () => true,
    () => false,
  );
  expect(stored).toBe(false); // an unfinished multipart upload is no object
  expect(await exportRow(exportId)).toMatchObject({ status: 'processing' });

  const second = startWorker(output);
  const done = await waitFor(
    () => `the export to be ready (output: ${output.join('').slice(-2000)})`,
    async () => {
      const row = await exportRow(exportId);
      return row.status === 'ready' || row.status === 'failed' ? row : undefined;
    },
  );
  expect(done).toMatchObject({ status: 'ready', s3_key: key, error_message: null });
  expect(output.join('')).toMatch(/released jobs locked by 1 dead worker/);

  // The archive is whole: every entry matches the manifest's hash, the big table has every row.
  const file = path.join(dir, 'archive.zip');
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  await pipeline(object.Body as Readable, fs.createWriteStream(file));
  expect(fs.statSync(file).size).toBe(Number(done.file_size_bytes));
  expect(fs.statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
  const hashes = new Map<string, string>();
  let manifestText = '';
  await walkZip(file, async (entry) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    for await (const chunk of await entry.open()) {
      hash.update(chunk as Buffer);
      if (entry.name === 'manifest.json') chunks.push(chunk as Buffer);
    }
    hashes.set(entry.name, hash.digest('hex'));
    if (entry.name === 'manifest.json') manifestText = Buffer.concat(chunks).toString();
  });
  const manifest = exportManifest.parse(JSON.parse(manifestText));
  expect(manifest.tables.find((t) => t.table === 'vitalis.wearable_daily')!.rows).toBe(700);
  expect(manifest.tables.map((t) => [t.file, hashes.get(t.file)])).toEqual(manifest.tables.map((t) => [t.file, t.sha256]));

  const exited = new Promise((resolve) => second.on('exit', resolve));
  second.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 180_000);
