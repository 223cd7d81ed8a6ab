// The export archive (format: src/importers/vitalisExport/manifest.ts), written as one stream:
// every table's rows (and the dictionary rows they point at) from one repeatable-read snapshot through COPY, a JSON Schema per table, the
// user's stored files, and manifest.json last with counts and SHA-256 of every entry. Nothing is
// held whole: each entry flows from PostgreSQL or S3 through a hash into the zip and out.
import { createHash } from 'node:crypto';
import type { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import yazl from 'yazl';
import type { Config } from '../../config';
import type { Logger } from '../../http/logger';
import type { Storage } from '../../storage/s3';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  dataFile,
  exportManifest,
  objectFile,
  schemaFile,
  type ExportManifest,
  type ExportObjectEntry,
  type ExportTableEntry,
} from '../../importers/vitalisExport/manifest';
import { loadExportTables, type ExportTable } from './catalog';
import { tableJsonSchema } from './jsonSchema';
import { listUserObjects, openObject } from './objects';
import { schemaVersion } from './schemaVersion';
import { copyStatement, CsvRecordCounter, Digest, JsonLinesToArray } from './tableCopy';

export type ExportFormat = 'json' | 'csv';

export interface ExportContext {
  pool: Pool;
  storage: Storage;
  config?: Config;
  logger?: Logger;
}

export interface ExportRequest {
  userId: string;
  exportId: string;
  format: ExportFormat;
}

export interface ArchiveHooks {
  /** Called after each table's data is in the archive (the crash test pauses here). */
  afterTable?: (index: number, table: string) => Promise<void>;
}

// Formats that are compressed already: stored as they are.
const COMPRESSED = /\.(zip|gz|jpe?g|png|heic|webp|pdf|fit)$/i;

/** objects/<key>, or a name derived from the key when the key is not a safe path inside a zip. */
function objectPath(key: string): string {
  const segments = key.split('/');
  const safe = !key.startsWith('/') && !key.includes('\\') && segments.every((s) => s !== '' && s !== '.' && s !== '..') && key.length <= 1000;
  return safe ? objectFile(key) : objectFile(`_renamed/${createHash('sha256').update(key).digest('hex')}`);
}

/** Adds one streamed entry and resolves once the zip has read all of it. */
async function addStream(zip: yazl.ZipFile, path: string, source: Readable, transform: Transform | null, compress: boolean, mtime: Date): Promise<Digest> {
  const digest = new Digest();
  zip.addReadStream(digest, path, { compress, mtime });
  await (transform ? pipeline(source, transform, digest) : pipeline(source, digest));
  return digest;
}

async function addTable(zip: yazl.ZipFile, client: PoolClient, table: ExportTable, request: ExportRequest, mtime: Date): Promise<ExportTableEntry> {
  const file = dataFile(table.table, request.format);
  const counter = request.format === 'json' ? new JsonLinesToArray() : new CsvRecordCounter();
  const copy = client.query(copyTo(copyStatement(table, request.userId, request.format)));
  const digest = await addStream(zip, file, copy, counter, true, mtime);
  zip.addBuffer(Buffer.from(`${JSON.stringify(tableJsonSchema(table), null, 2)}\n`), schemaFile(table.table), { mtime });
  return {
    table: table.table,
    rows: counter.rows,
    file,
    schema: schemaFile(table.table),
    sha256: digest.hex(),
    columns: table.columns.map((c) => c.name),
    omittedColumns: table.omittedColumns,
    ...(table.reference ? { reference: true } : {}),
  };
}

/** Every table, from one snapshot: what the archive holds is one consistent state of the account. */
async function addTables(zip: yazl.ZipFile, pool: Pool, request: ExportRequest, mtime: Date, hooks: ArchiveHooks): Promise<{ email: string; tables: ExportTableEntry[] }> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ email: string }>(`select u.email from vitalis_private.export_rows(null::vitalis.users, $1::uuid) u`, [request.userId]);
    if (!rows[0]) throw new Error(`userId: no such user ${request.userId}`);
    const tables: ExportTableEntry[] = [];
    for (const [index, table] of (await loadExportTables(client)).entries()) {
      tables.push(await addTable(zip, client, table, request, mtime));
      await hooks.afterTable?.(index, table.table);
    }
    await client.query('commit');
    return { email: rows[0].email, tables };
  } catch (error) {
    // A COPY cut off mid-stream leaves the connection unusable: do not return it to the pool.
    broken = true;
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release(broken);
  }
}

async function addObjects(zip: yazl.ZipFile, storage: Storage, userId: string, mtime: Date): Promise<ExportObjectEntry[]> {
  const entries: ExportObjectEntry[] = [];
  for await (const object of listUserObjects(storage, userId)) {
    let opened;
    try {
      opened = await openObject(storage, object.key);
    } catch (error) {
      const e = error as { name?: string };
      if (e.name === 'NoSuchKey' || e.name === 'NotFound') continue; // deleted since it was listed
      throw error;
    }
    const file = objectPath(object.key);
    const digest = await addStream(zip, file, opened.body, null, !COMPRESSED.test(object.key), mtime);
    entries.push({ key: object.key, file, bytes: digest.bytes, sha256: digest.hex(), ...(opened.contentType ? { contentType: opened.contentType } : {}) });
  }
  return entries;
}

/**
 * Writes the user's export archive (a zip) to output and returns its manifest. The output is
 * ended when the archive is complete; on failure it is destroyed with the error.
 */
export async function writeExportArchive(ctx: ExportContext, request: ExportRequest, output: Writable, hooks: ArchiveHooks = {}): Promise<ExportManifest> {
  const exportedAt = new Date();
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream as Readable, output);
  // Fail fast when the output fails (S3 refuses a part): the entries would otherwise wait forever.
  const failed = written.then(
    () => new Promise<never>(() => {}),
    (error: unknown) => Promise.reject(error),
  );
  failed.catch(() => {});
  try {
    const version = await schemaVersion(ctx.pool);
    const { email, tables } = await Promise.race([addTables(zip, ctx.pool, request, exportedAt, hooks), failed]);
    const objects = await Promise.race([addObjects(zip, ctx.storage, request.userId, exportedAt), failed]);
    const manifest = exportManifest.parse({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportId: request.exportId,
      exportedAt: exportedAt.toISOString(),
      schemaVersion: version,
      user: { userId: request.userId, email },
      dataFormat: request.format,
      tables,
      objects,
    } satisfies ExportManifest);
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: exportedAt });
    zip.end();
    await written;
    ctx.logger?.info({ exportId: request.exportId, tables: tables.length, objects: objects.length }, 'export archive written');
    return manifest;
  } catch (error) {
    (zip.outputStream as Readable).destroy(error as Error);
    output.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
}
