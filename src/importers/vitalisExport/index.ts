// `npm run import -- --type vitalis-export FILE`: a Vitalis export restored for a user of this
// instance. The archive is read twice, one entry at a time: first to check every entry against
// the manifest (nothing is written before that holds), then, in ONE transaction as the target
// user (RLS applies), to stage the rows, upload the objects and restore the tables. On any error
// the transaction rolls back and the uploaded objects are deleted: nothing is half-written.
import type { Readable } from 'node:stream';
import type { Pool } from 'pg';
import type { Storage } from '../../storage/s3';
import { profileColumns, readCatalog, type CatalogTable } from './catalog';
import { checkRowKeys, checkRowValues, checkSchemaVersion, checkTargetIsEmpty, planTables } from './checks';
import { ExportArchiveError } from './errors';
import { hashing } from './hashing';
import type { ExportObjectEntry } from './manifest';
import { objectKeyMap, ObjectUploader } from './objects';
import { dictionarySummary, mapIds } from './ids';
import { parentsFirst, referencedKeys, restoreProfile, restoreTable, unreferencedUploads, type TableSummary } from './restore';
import { createStaging, indexStaging, stageTable } from './stage';
import { MANIFEST_FILE, verifyArchive } from './verify';
import { walkZip } from './zip';

export { ExportArchiveError } from './errors';
export type { TableSummary } from './restore';

export interface VitalisImportOptions {
  pool: Pool;
  /** Where the archive's objects go; required when it holds any. */
  storage?: Storage;
  file: string;
  /** The target user (existing, with no data yet). */
  userId: string;
  onProgress?: (step: string) => void;
}

export interface VitalisImportSummary {
  exportId: string;
  exportedAt: string;
  schemaVersion: string;
  /** Whose export it was, as the other instance knew them. */
  from: { userId: string; email: string };
  dataFormat: 'json' | 'csv';
  /** Every table of the archive: rows read, inserted, updated, skipped with the reason. */
  tables: TableSummary[];
  /** Stored files: uploaded under the target user's prefix, or not referred to by any restored row. */
  objects: { read: number; uploaded: number; bytes: number; notReferenced: number };
}

export async function importVitalisExport(options: VitalisImportOptions): Promise<VitalisImportSummary> {
  const { pool, storage, file, userId } = options;
  const progress = options.onProgress ?? (() => {});
  progress('checking the archive');
  const manifest = await verifyArchive(file);
  const client = await pool.connect();
  const uploader = storage ? new ObjectUploader(storage) : undefined;
  let committed = false;
  try {
    await client.query('begin');
    await checkSchemaVersion(client, manifest);
    await client.query(`set local role vitalis_owner`);
    await client.query(`select set_config('app.current_user_id', $1, true)`, [userId]);
    // Goals, their data and their past alerts arrive together: no goal is evaluated halfway
    // through (an alert fired then would collide with the archive's own); the daily run evaluates them.
    await client.query(`select set_config('vitalis.goals_evaluation', 'off', true)`);
    // Locked until commit: a second import into the same user waits, then finds it has data.
    const target = await client.query(`select account_id from vitalis.users where user_id = $1 and deleted_at is null for update`, [userId]);
    if (!target.rowCount) throw new ExportArchiveError(`--user: no such user on this instance`);
    const catalog = await readCatalog(client);
    const planned = planTables(manifest, catalog);
    await checkTargetIsEmpty(client, userId, catalog);

    await createStaging(client);
    await stageTables(file, planned, (p, stream) => stageTable(client, p.entry, manifest.dataFormat, stream), progress);
    await indexStaging(client);
    await checkRowKeys(client, planned);
    await checkRowValues(client, planned);

    // Objects a restored row refers to; the others (files of the other instance's import jobs,
    // uploads never used) would be orphans here.
    const referenced = await referencedKeys(client, planned);
    const restoredObjects = manifest.objects.filter((o) => referenced.has(o.key));
    const keyMap = objectKeyMap(restoredObjects, manifest.user.userId, userId);
    if (restoredObjects.length) {
      if (!uploader) throw new ExportArchiveError(`objects: the archive holds ${restoredObjects.length} stored files, and no storage was given to put them in`);
      progress('storing files');
      await uploadObjects(file, restoredObjects, (o, stream) => uploader.upload(keyMap.get(o.key)!, stream, o));
      await client.query(`insert into pg_temp.import_keys (old, new) select * from unnest($1::text[], $2::text[])`, [[...keyMap.keys()], [...keyMap.values()]]);
    }

    progress('restoring');
    const restorable = planned.filter((p): p is Planned & { table: CatalogTable } => p.role.kind === 'rows' && p.table !== undefined);
    const dictionaries = await mapIds(client, catalog, restorable.map((p) => p.table), { oldUserId: manifest.user.userId, userId, accountId: target.rows[0].account_id });

    const summaries = new Map<string, TableSummary>();
    const ids = { userId, oldUserId: manifest.user.userId, dictionaries };
    for (const p of planned) {
      if (p.role.kind === 'profile') summaries.set(p.entry.table, await restoreProfile(client, p.entry, await profileColumns(client), ids));
      if (p.role.kind === 'dictionary') summaries.set(p.entry.table, await dictionarySummary(client, p.entry, dictionaries.get(p.entry.table)!));
      if (p.role.kind === 'skip') {
        const reason = `not restored: ${p.role.reason}`;
        summaries.set(p.entry.table, { table: p.entry.table, read: p.entry.rows, inserted: 0, updated: 0, skipped: p.entry.rows ? { [reason]: p.entry.rows } : {}, notes: {} });
      }
    }
    for (const t of parentsFirst(restorable.map((p) => p.table))) {
      const p = restorable.find((x) => x.table === t)!;
      progress(`restoring ${t.name}`);
      try {
        summaries.set(t.name, await restoreTable(client, t, p.entry, ids));
      } catch (error) {
        throw new ExportArchiveError(`${p.entry.file}: ${constraintColumn(t, error)}${(error as Error).message}`);
      }
    }
    // Files whose rows were skipped after all (another user's row, a missing parent): not kept.
    const orphans = uploader ? await unreferencedUploads(client, restorable, userId, uploader.stored) : [];
    await client.query('commit');
    committed = true;
    if (orphans.length) await uploader!.remove(orphans);
    return {
      exportId: manifest.exportId,
      exportedAt: manifest.exportedAt,
      schemaVersion: manifest.schemaVersion,
      from: manifest.user,
      dataFormat: manifest.dataFormat,
      tables: manifest.tables.map((t) => summaries.get(t.table)!),
      objects: { read: manifest.objects.length, uploaded: uploader?.stored.length ?? 0, bytes: uploader?.bytes ?? 0, notReferenced: manifest.objects.length - (uploader?.stored.length ?? 0) },
    };
  } catch (error) {
    if (committed) throw error;
    await client.query('rollback').catch(() => {});
    await uploader?.removeAll();
    throw error;
  } finally {
    client.release();
  }
}

type Planned = ReturnType<typeof planTables>[number];

/** The second pass: each restored table's entry staged as it streams, its SHA-256 checked again. */
async function stageTables(file: string, planned: Planned[], stage: (p: Planned, stream: Readable) => Promise<number>, progress: (step: string) => void): Promise<void> {
  const tables = new Map(planned.filter((p) => p.role.kind !== 'skip').map((p) => [p.entry.file, p]));
  await walkZip(file, async (entry) => {
    const p = tables.get(entry.name);
    if (!p) return; // manifest.json, schemas, objects and tables not restored: not read here
    progress(`reading ${p.entry.table}`);
    const hashed = hashing(await entry.open());
    let rows: number;
    try {
      rows = await stage(p, hashed.stream);
    } catch (error) {
      if (error instanceof ExportArchiveError) throw error;
      throw new ExportArchiveError(`${p.entry.file}: ${(error as Error).message}`);
    }
    if (hashed.digest() !== p.entry.sha256) throw new ExportArchiveError(`${p.entry.file}: changed while it was being imported`);
    if (rows !== p.entry.rows) throw new ExportArchiveError(`${p.entry.file}: holds ${rows} rows, ${MANIFEST_FILE} says ${p.entry.rows}`);
  });
}

/** The third pass: the objects to restore, streamed to storage (the uploader checks each SHA-256 again). */
async function uploadObjects(file: string, objects: ExportObjectEntry[], upload: (o: ExportObjectEntry, stream: Readable) => Promise<void>): Promise<void> {
  const byFile = new Map(objects.map((o) => [o.file, o]));
  await walkZip(file, async (entry) => {
    const object = byFile.get(entry.name);
    if (object) await upload(object, await entry.open());
  });
}

/** "column energy_score: " for a CHECK named after its column (mood_journal_energy_score_range), else "". */
function constraintColumn(t: CatalogTable, error: unknown): string {
  const constraint = (error as { constraint?: unknown }).constraint;
  if (typeof constraint !== 'string') return '';
  const named = t.columns.map((c) => c.name).filter((c) => constraint.includes(c)).sort((a, b) => b.length - a.length)[0];
  return named ? `column ${named}: ` : '';
}
