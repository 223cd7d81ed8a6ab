// Writes one backup: a snapshot-consistent COPY of every table (./catalog.ts) streamed through
// gzip and, with a key, AES-256-GCM (./encryption.ts) into one storage object, then its manifest.
//
// Why COPY and not pg_dump: the embedded default ships no pg_dump, and Debian's pg_dump 15 refuses
// a newer server, so on a machine with only Node the one portable dump is the server's own COPY.
// The schema is not dumped: it is the migrations at the recorded version, which the restore
// replays (./target.ts). One REPEATABLE READ READ ONLY transaction holds a single snapshot for
// the catalog, the counts and checksums and every COPY, so the backup is one moment of the
// database however many writes run meanwhile. (A pg_dump of the matching major version, when one
// is on PATH, is taken in addition, of the same snapshot: ./pgDump.ts.)
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { backupTables, partitions, schemaVersion, sequences, tableRef, ident, type CatalogTable } from './catalog';
import { tableChecksum, useCanonicalSettings } from './checksums';
import { encryptStream, keyFingerprint } from './encryption';
import { frame, MAGIC } from './frames';
import { FORMAT, type Manifest, type TableEntry } from './manifest';
import { dumpSnapshot, pgDumpUnavailable } from './pgDump';

/** Where the bytes go: a function that consumes the stream (S3 upload in ./store.ts, a file in the bench). */
export type Sink = (body: Readable) => Promise<void>;

export interface WriteOptions {
  /** AES-256-GCM key (32 bytes), or undefined for an unencrypted backup. */
  key?: Buffer;
  now?: Date;
  /** Also a pg_dump of the same snapshot, when one matching the server is on PATH (./pgDump.ts): the database URL for pg_dump and where its output goes. */
  pgDump?: { url: string; sink: Sink };
}

/** Fails clearly when the connection cannot read every row (RLS is forced on every table, for the owner too). */
export async function assertCanReadEverything(client: ClientBase): Promise<void> {
  const { rows } = await client.query<{ role: string; ok: boolean }>(
    `select current_user::text as role, (rolsuper or rolbypassrls) as ok from pg_roles where rolname = current_user`,
  );
  if (!rows[0]?.ok) throw new Error(`database: backups need a role that bypasses row-level security (a superuser or BYPASSRLS); ${rows[0]?.role ?? 'this role'} is neither`);
}

/**
 * Streams the backup into sink and returns its manifest (the caller stores it). The client must
 * not be in a transaction; it is left outside one.
 */
export async function writeBackup(client: ClientBase, sink: Sink, options: WriteOptions = {}): Promise<Manifest> {
  const started = Date.now();
  const createdAt = (options.now ?? new Date()).toISOString();
  await assertCanReadEverything(client);
  await client.query('begin isolation level repeatable read read only');
  try {
    await useCanonicalSettings(client);
    const snapshot = options.pgDump ? (await client.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0]!.s : undefined;
    const version = await schemaVersion(client);
    const server = (await client.query<{ v: string; n: string }>(`select current_setting('server_version') as v, current_setting('server_version_num') as n`)).rows[0]!;
    const tables = await backupTables(client);
    // Counts and checksums first: the same snapshot as the COPYs below.
    const sums = new Map<CatalogTable, { rows: number; checksum: string }>();
    for (const t of tables) sums.set(t, await tableChecksum(client, t));
    const parts = await partitions(client);
    const seqs = await sequences(client);

    const entries: TableEntry[] = [];
    async function* body(): AsyncGenerator<Buffer> {
      yield MAGIC;
      for (const t of tables) {
        yield frame('T', Buffer.from(JSON.stringify({ schema: t.schema, name: t.name, columns: t.columns })));
        const copy = client.query(copyTo(`copy (select ${t.columns.map(ident).join(', ')} from ${tableRef(t)}) to stdout (format binary)`));
        let bytes = 0;
        for await (const chunk of copy as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          yield frame('D', chunk);
        }
        yield frame('E');
        entries.push({ schema: t.schema, name: t.name, columns: t.columns, ...sums.get(t)!, bytes });
      }
    }

    const hash = createHash('sha256');
    let stored = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        stored += chunk.length;
        done(null, chunk);
      },
    });
    const sinking = sink(counter).catch((error: unknown) => {
      counter.destroy(error as Error);
      throw error;
    });
    await Promise.all([pipeline(Readable.from(body()), createGzip({ level: 6 }), options.key ? encryptStream(options.key) : new PassThrough(), counter), sinking]);
    let pgDump: Manifest['pgDump'] = null;
    if (options.pgDump && snapshot) {
      const skipped = pgDumpUnavailable(Number(server.n));
      // Still inside the transaction: pg_dump can only import the snapshot while it is open.
      pgDump = skipped ? { skipped } : await dumpSnapshot(options.pgDump.url, snapshot, options.pgDump.sink, options.key);
    }
    await client.query('commit');

    return {
      format: FORMAT,
      createdAt,
      schemaVersion: version,
      server: { version: server.v, versionNum: Number(server.n) },
      method: 'copy',
      compression: 'gzip',
      encryption: options.key ? { algorithm: 'aes-256-gcm', keyFingerprint: keyFingerprint(options.key) } : null,
      tables: entries,
      partitions: parts,
      sequences: seqs,
      totals: { rows: entries.reduce((a, t) => a + t.rows, 0), copyBytes: entries.reduce((a, t) => a + t.bytes, 0) },
      object: { bytes: stored, sha256: hash.digest('hex') },
      pgDump,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
