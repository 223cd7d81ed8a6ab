// Loads a backup stream into a database already at the backup's schema (./target.ts), in one
// transaction: every backed-up table emptied, each table's COPY data loaded in dependency order
// with triggers and foreign-key checks off (session_replication_role = replica: the audit triggers
// must not log the restore as new changes, and the rows are one consistent snapshot already),
// missing partitions created first and sequences set to their recorded positions. The object's
// SHA-256 is checked before the transaction commits: a damaged object leaves nothing behind.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ident, tableRef } from './catalog';
import { decryptStream, keyFingerprint, BackupKeyError } from './encryption';
import { readFrames } from './frames';
import { qualified, type Manifest } from './manifest';

/** Refuses, by name, a missing or wrong BACKUP_ENCRYPTION_KEY before any byte is read. */
export function checkKey(manifest: Manifest, key: Buffer | undefined): void {
  if (!manifest.encryption) return;
  if (!key) throw new BackupKeyError('BACKUP_ENCRYPTION_KEY: the backup is encrypted; set the key it was made with');
  if (keyFingerprint(key) !== manifest.encryption.keyFingerprint) {
    throw new BackupKeyError(`BACKUP_ENCRYPTION_KEY: the backup was encrypted with another key (fingerprint ${manifest.encryption.keyFingerprint}, this key's is ${keyFingerprint(key)})`);
  }
}

export async function loadBackup(client: ClientBase, object: Readable, manifest: Manifest, key?: Buffer): Promise<{ rows: number }> {
  checkKey(manifest, key);
  const expected = new Map(manifest.tables.map((t) => [qualified(t), t]));
  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let plain: Readable = object.pipe(hashing);
  object.on('error', (e) => hashing.destroy(e));
  if (manifest.encryption) {
    const decrypt = decryptStream(key!);
    hashing.on('error', (e) => decrypt.destroy(e));
    plain = plain.pipe(decrypt);
  }
  const gunzip = createGunzip();
  plain.on('error', (e) => gunzip.destroy(e));
  // The frames loop below surfaces gunzip's error; once it has let go of the stream, a late
  // 'error' event with no listener would crash the process (the worker, in the restore test).
  gunzip.on('error', () => undefined);
  plain = plain.pipe(gunzip);

  let loading: { copy: ReturnType<typeof copyFrom>; name: string } | undefined;
  await client.query('begin');
  try {
    await client.query('set local session_replication_role = replica');
    for (const p of manifest.partitions) {
      await client.query(`create table if not exists ${tableRef(p)} partition of ${p.parent.split('.').map(ident).join('.')} ${p.bound}`);
    }
    if (manifest.tables.length > 0) await client.query(`truncate ${manifest.tables.map(tableRef).join(', ')}`);
    let rows = 0;
    let copyError: Error | undefined;
    const seen = new Set<string>();
    for await (const f of readFrames(plain as AsyncIterable<Buffer>)) {
      if (f.type === 'T') {
        const header = JSON.parse(f.payload.toString('utf8')) as { schema: string; name: string; columns: string[] };
        const name = qualified(header);
        const entry = expected.get(name);
        if (!entry || loading || seen.has(name)) throw new Error(`backup: the object holds ${name}, which its manifest does not list once`);
        seen.add(name);
        const copy = client.query(copyFrom(`copy ${tableRef(header)} (${entry.columns.map(ident).join(', ')}) from stdin (format binary)`));
        // The server may refuse the data at any moment (a damaged object): keep the error for the next await.
        copy.on('error', (error) => (copyError ??= error));
        loading = { copy, name };
      } else if (f.type === 'D') {
        if (!loading) throw new Error('backup: the object is corrupt (data outside a table)');
        if (copyError) break;
        if (!loading.copy.write(f.payload)) await once(loading.copy, 'drain');
      } else {
        if (!loading) throw new Error('backup: the object is corrupt (end outside a table)');
        if (copyError) break;
        loading.copy.end();
        await finished(loading.copy);
        rows += expected.get(loading.name)!.rows;
        loading = undefined;
      }
    }
    if (copyError) {
      throw new Error(`backup: loading ${loading?.name} failed (a damaged object fails here, before its SHA-256 is checked at the end): ${copyError.message}`);
    }
    const missing = [...expected.keys()].filter((n) => !seen.has(n));
    if (loading || missing.length > 0) throw new Error(`backup: the object is cut short (missing ${missing.join(', ') || loading?.name})`);
    const sha = hash.digest('hex');
    if (bytes !== manifest.object.bytes || sha !== manifest.object.sha256) {
      throw new Error(`backup: the object differs from its manifest (${bytes} bytes, SHA-256 ${sha.slice(0, 12)}…; the manifest says ${manifest.object.bytes} bytes, ${manifest.object.sha256.slice(0, 12)}…)`);
    }
    for (const s of manifest.sequences) {
      await client.query('select pg_catalog.setval($1::regclass, $2::bigint, $3)', [`${ident(s.schema)}.${ident(s.name)}`, s.lastValue, s.isCalled]);
    }
    await client.query('commit');
    return { rows };
  } catch (error) {
    object.destroy();
    if (loading) {
      // A table's COPY is still open (the stream ended or broke mid-table): end it with CopyFail,
      // or the rollback would queue behind it for ever and the restore would hang.
      loading.copy.destroy(error instanceof Error ? error : new Error(String(error)));
      await finished(loading.copy).catch(() => undefined);
    }
    await client.query('rollback').catch(() => undefined);
    // zlib's and the server's own words, named as what they are here.
    const message = error instanceof Error ? error.message : String(error);
    throw /^(backup|BACKUP_ENCRYPTION_KEY): /.test(message) ? error : new Error(`backup: the object cannot be restored (${message})`, { cause: error });
  }
}
