// Loading a damaged backup must fail by name and let go of its connection. A stream that ends or
// breaks while a table's COPY is open used to leave that COPY waiting for data for ever: the
// rollback queued behind it and the restore (and the weekly restore test) hung.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { frame, MAGIC } from '../../src/ops/backup/frames';
import { loadBackup } from '../../src/ops/backup/load';
import type { Manifest } from '../../src/ops/backup/manifest';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

const PROBE = { schema: 'public', name: 'restore_probe', columns: ['n'] };
const manifest = { tables: [{ ...PROBE, rows: 1 }], partitions: [], sequences: [], object: { bytes: 0, sha256: '' } } as unknown as Manifest;
// PostgreSQL's binary COPY header: signature, flags, header extension length; no row, no trailer.
const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function load(stream: Readable): Promise<{ error: string; after: unknown }> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const error = await within(10_000, loadBackup(client, stream, manifest)).then(
      () => 'loaded',
      (e: Error) => e.message,
    );
    return { error, after: (await within(5_000, client.query('select count(*)::int as n from public.restore_probe'))).rows[0] };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await db.pool.query('create table public.restore_probe (n integer)');
});

test('a backup cut short inside a table fails by name, rolls back, and frees its connection', async () => {
  const plain = Buffer.concat([MAGIC, frame('T', Buffer.from(JSON.stringify(PROBE))), frame('D', COPY_HEADER)]);
  expect(await load(Readable.from([gzipSync(plain)]))).toEqual({ error: expect.stringMatching(/^backup: the object is cut short/), after: { n: 0 } });
});

test('a stream that breaks while a table loads fails by name, rolls back, and frees its connection', async () => {
  const plain = Buffer.concat([MAGIC, frame('T', Buffer.from(JSON.stringify(PROBE))), frame('D', COPY_HEADER)]);
  const compressed = gzipSync(plain);
  // The compressed bytes, then garbage where the rest of the stream should be: gunzip fails mid-table.
  const broken = Readable.from([compressed.subarray(0, compressed.length - 8), Buffer.from('not gzip any more')]);
  expect(await load(broken)).toEqual({ error: expect.stringMatching(/^backup: /), after: { n: 0 } });
});
