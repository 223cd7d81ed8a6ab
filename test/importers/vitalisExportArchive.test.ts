// The import's reader on small archives written here with yazl, following the manifest contract
// (src/importers/vitalisExport/manifest.ts): what it refuses, by name and before writing anything,
// and what it maps (missing columns take defaults, dictionary ids by canonical name).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { openStorage, type Storage } from '../../src/storage/s3';
import { ExportArchiveError, importVitalisExport } from '../../src/importers/vitalisExport';
import { jsonArrayRows } from '../../src/importers/vitalisExport/jsonRows';
import { checkFileKind, sniffFile } from '../../src/importers/sniff';
import { dataFile, EXPORT_FORMAT, EXPORT_VERSION, objectFile, schemaFile, type ExportManifest } from '../../src/importers/vitalisExport/manifest';
import { createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let storage: Storage;
let dir: string;
let schemaVersion: string;
const OLD_USER = randomUUID();

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface ArchiveSpec {
  tables: Record<string, Record<string, unknown>[]>;
  objects?: Record<string, Buffer>;
  /** Changes the manifest after the hashes are taken. */
  manifest?: (m: ExportManifest) => void;
  /** Replaces an entry's bytes after the manifest is written (a tampered archive). */
  tamper?: Record<string, Buffer>;
  extra?: Record<string, Buffer>;
}

async function writeArchive(spec: ArchiveSpec): Promise<string> {
  const zip = new yazl.ZipFile();
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportId: randomUUID(),
    exportedAt: new Date().toISOString(),
    schemaVersion,
    user: { userId: OLD_USER, email: 'old@example.com' },
    dataFormat: 'json',
    tables: [],
    objects: [],
  };
  const add = (name: string, body: Buffer) => zip.addBuffer(spec.tamper?.[name] ?? body, name);
  for (const [table, rows] of Object.entries(spec.tables)) {
    const body = Buffer.from(`[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    manifest.tables.push({ table, rows: rows.length, file: dataFile(table, 'json'), schema: schemaFile(table), sha256: sha(body), columns, omittedColumns: [] });
    add(dataFile(table, 'json'), body);
    add(schemaFile(table), Buffer.from('{}'));
  }
  for (const [key, body] of Object.entries(spec.objects ?? {})) {
    manifest.objects.push({ key, file: objectFile(key), bytes: body.length, sha256: sha(body), contentType: 'application/pdf' });
    add(objectFile(key), body);
  }
  for (const [name, body] of Object.entries(spec.extra ?? {})) zip.addBuffer(body, name);
  spec.manifest?.(manifest);
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json');
  zip.end();
  const file = path.join(dir, `${randomUUID()}.zip`);
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on('finish', resolve).on('error', reject));
  return file;
}

const sleep = (over: Record<string, unknown> = {}) => ({
  sleep_id: randomUUID(), user_id: OLD_USER, sleep_date: '2024-03-01', source: 'oura', total_sleep_minutes: 420, created_at: '2024-03-01T08:00:00+00:00', ...over,
});

async function rowCount(userId: string): Promise<number> {
  const { rows } = await db.pool.query(
    `select (select count(*) from vitalis.wearable_sleep where user_id = $1) + (select count(*) from vitalis.documents where user_id = $1) + (select count(*) from vitalis.blood_panels where user_id = $1) as n`,
    [userId],
  );
  return Number(rows[0].n);
}

async function storedKeys(userId: string): Promise<string[]> {
  const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `documents/${userId}/` }));
  return (page.Contents ?? []).map((o) => o.Key!);
}

/** Imports into a new user and returns the error, checking that nothing was written. */
async function refusal(file: string): Promise<string> {
  const userId = await createUser(db.pool);
  const error = await importVitalisExport({ pool: db.pool, storage, file, userId }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ExportArchiveError);
  expect(await rowCount(userId)).toBe(0);
  expect(await storedKeys(userId)).toEqual([]);
  return (error as Error).message;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-archive-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-export-archive' }), { directory: path.join(dir, 's3') });
  schemaVersion = (await db.pool.query(`select filename from graphile_migrate.migrations order by filename desc limit 1`)).rows[0].filename;
});

afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an entry changed after the manifest was written is refused by name', async () => {
  const rows = [sleep()];
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': rows }, tamper: { 'data/vitalis.wearable_sleep.json': Buffer.from(JSON.stringify([{ ...rows[0], total_sleep_minutes: 1 }])) } });
  expect(await refusal(file)).toMatch(/^data\/vitalis\.wearable_sleep\.json: SHA-256 [0-9a-f]{64} differs from the manifest's/);
});

test('a stored file changed after the manifest was written is refused before anything is uploaded', async () => {
  const key = `documents/${OLD_USER}/${randomUUID()}/report.pdf`;
  const file = await writeArchive({
    tables: { 'vitalis.documents': [{ document_id: randomUUID(), user_id: OLD_USER, document_type: 'blood_work', s3_key: key, parse_status: 'pending' }] },
    objects: { [key]: Buffer.from('%PDF a report') },
    tamper: { [objectFile(key)]: Buffer.from('%PDF another') },
  });
  expect(await refusal(file)).toContain(`objects/${key}: SHA-256`);
});

test('an entry the manifest does not list, or a listed one that is missing, is refused by name', async () => {
  expect(await refusal(await writeArchive({ tables: { 'vitalis.wearable_sleep': [sleep()] }, extra: { 'data/vitalis.sneaky.json': Buffer.from('[]') } }))).toBe(
    'data/vitalis.sneaky.json: is in the archive but not in manifest.json: the archive was changed after it was written',
  );
  const missing = await writeArchive({
    tables: { 'vitalis.wearable_sleep': [sleep()] },
    manifest: (m) => m.tables.push({ ...m.tables[0]!, table: 'vitalis.mood_journal', file: 'data/vitalis.mood_journal.json', schema: 'schemas/vitalis.mood_journal.schema.json' }),
  });
  expect(await refusal(missing)).toBe('data/vitalis.mood_journal.json: listed in manifest.json but missing from the archive');
});

test('an archive from a newer or foreign schema is refused', async () => {
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': [sleep()] }, manifest: (m) => (m.schemaVersion = '999999.sql') });
  expect(await refusal(file)).toMatch(/^schemaVersion: 999999\.sql is not a migration of this instance \(its latest is \d{6}\.sql\)/);
});

test('a manifest that is not the contract is refused with the field at fault', async () => {
  const file = await writeArchive({ tables: {}, manifest: (m) => ((m as { format: string }).format = 'someone-else') });
  expect(await refusal(file)).toMatch(/^manifest\.json: format: /);
});

test('a column this instance does not have is refused by name', async () => {
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': [sleep({ dream_count: 3 })] } });
  expect(await refusal(file)).toBe('data/vitalis.wearable_sleep.json: column dream_count of vitalis.wearable_sleep does not exist on this instance');
});

test('a row with a key the manifest does not list for its table is refused by name', async () => {
  const file = await writeArchive({
    tables: { 'vitalis.wearable_sleep': [sleep(), sleep({ sleep_date: '2024-03-02' })] },
    manifest: (m) => (m.tables[0]!.columns = m.tables[0]!.columns.filter((c) => c !== 'total_sleep_minutes')),
  });
  expect(await refusal(file)).toBe('data/vitalis.wearable_sleep.json: column total_sleep_minutes is not one of the columns the manifest lists for vitalis.wearable_sleep');
});

test('a row count that differs from the manifest is refused', async () => {
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': [sleep()] }, manifest: (m) => (m.tables[0]!.rows = 2) });
  expect(await refusal(file)).toBe('data/vitalis.wearable_sleep.json: holds 1 rows, manifest.json says 2');
});

test('a row the database refuses rolls back the whole import, uploaded files included', async () => {
  const key = `documents/${OLD_USER}/${randomUUID()}/report.pdf`;
  const file = await writeArchive({
    tables: {
      'vitalis.documents': [{ document_id: randomUUID(), user_id: OLD_USER, document_type: 'blood_work', s3_key: key, parse_status: 'pending' }],
      'vitalis.wearable_sleep': [sleep({ total_sleep_minutes: 5000 })],
    },
    objects: { [key]: Buffer.from('%PDF a report') },
  });
  expect(await refusal(file)).toMatch(/^data\/vitalis\.wearable_sleep\.json: .*total_sleep_minutes/);
});

test("a key naming a file the archive does not hold is never kept: it could be another user's file here", async () => {
  const victim = await createUser(db.pool);
  const stored = `photos/${OLD_USER}/kept.jpg`;
  const file = await writeArchive({
    tables: {
      'vitalis.documents': [{ document_id: randomUUID(), user_id: OLD_USER, document_type: 'blood_work', s3_key: `documents/${victim}/x/report.pdf`, parse_status: 'pending' }],
      'vitalis.photos': [{ photo_id: randomUUID(), user_id: OLD_USER, photo_date: '2024-01-01', photo_type: 'front', s3_key: stored, s3_thumbnail_key: `photos/${victim}/thumb.jpg` }],
    },
    objects: { [stored]: Buffer.from('a photo') },
  });
  const userId = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file, userId });
  expect(summary.tables.find((t) => t.table === 'vitalis.documents')).toMatchObject({ read: 1, inserted: 0, skipped: { 's3_key: its file is not in the archive': 1 } });
  expect(summary.tables.find((t) => t.table === 'vitalis.photos')).toMatchObject({ read: 1, inserted: 1, notes: { 's3_thumbnail_key: its file is not in the archive; left empty': 1 } });
  const { rows } = await db.pool.query(`select s3_key, s3_thumbnail_key from vitalis.photos where user_id = $1`, [userId]);
  expect(rows).toEqual([{ s3_key: `photos/${userId}/kept.jpg`, s3_thumbnail_key: null }]);
});

test('a stored file keeps a content type Vitalis stores; any other is stored as plain bytes', async () => {
  const pdf = `documents/${OLD_USER}/a/report.pdf`;
  const page = `documents/${OLD_USER}/b/page.html`;
  const file = await writeArchive({
    tables: {
      'vitalis.documents': [pdf, page].map((key) => ({ document_id: randomUUID(), user_id: OLD_USER, document_type: 'other', s3_key: key, parse_status: 'pending' })),
    },
    objects: { [pdf]: Buffer.from('%PDF'), [page]: Buffer.from('<script>alert(1)</script>') },
    manifest: (m) => (m.objects[1]!.contentType = 'text/html'),
  });
  const userId = await createUser(db.pool);
  await importVitalisExport({ pool: db.pool, storage, file, userId });
  const type = async (key: string) => (await storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }))).ContentType;
  expect(await type(`documents/${userId}/a/report.pdf`)).toBe('application/pdf');
  expect(await type(`documents/${userId}/b/page.html`)).toBe('application/octet-stream');
});

test('columns an older archive lacks take their defaults; ids and the user are renewed', async () => {
  const old = sleep();
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': [old] } });
  const userId = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file, userId });
  expect(summary.tables).toEqual([{ table: 'vitalis.wearable_sleep', read: 1, inserted: 1, updated: 0, skipped: {}, notes: {} }]);
  const { rows } = await db.pool.query(`select sleep_id, total_sleep_minutes, nap_minutes, updated_at is not null as stamped from vitalis.wearable_sleep where user_id = $1`, [userId]);
  expect(rows).toEqual([{ sleep_id: expect.any(String), total_sleep_minutes: 420, nap_minutes: null, stamped: true }]);
  expect(rows[0].sleep_id).not.toBe(old.sleep_id);
});

test("another user's row in the archive is skipped with its reason", async () => {
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': [sleep(), sleep({ user_id: randomUUID(), sleep_date: '2024-03-02' })] } });
  const userId = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file, userId });
  expect(summary.tables[0]).toMatchObject({ read: 2, inserted: 1, skipped: { "another user's row (user_id is not the exported user's)": 1 } });
});

test('the file of a row that was skipped is not kept', async () => {
  const key = `documents/${OLD_USER}/c/report.pdf`;
  const file = await writeArchive({
    tables: { 'vitalis.documents': [{ document_id: randomUUID(), user_id: randomUUID(), document_type: 'other', s3_key: key, parse_status: 'pending' }] },
    objects: { [key]: Buffer.from('%PDF') },
  });
  const userId = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file, userId });
  expect(summary.objects).toEqual({ read: 1, uploaded: 0, bytes: 0, notReferenced: 1 });
  expect(await storedKeys(userId)).toEqual([]);
});

test('a row that refers to a skipped row is restored with that link emptied, not refused by the foreign key', async () => {
  const document = randomUUID();
  const file = await writeArchive({
    tables: {
      'vitalis.documents': [{ document_id: document, user_id: OLD_USER, document_type: 'blood_work', s3_key: `documents/${OLD_USER}/gone/report.pdf`, parse_status: 'pending' }],
      'vitalis.blood_panels': [{ panel_id: randomUUID(), user_id: OLD_USER, collected_at: '2024-01-02T08:00:00+00:00', document_id: document }],
    },
  });
  const userId = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file, userId });
  expect(summary.tables.find((t) => t.table === 'vitalis.documents')).toMatchObject({ read: 1, inserted: 0, skipped: { 's3_key: its file is not in the archive': 1 } });
  expect(summary.tables.find((t) => t.table === 'vitalis.blood_panels')).toMatchObject({ read: 1, inserted: 1, notes: { 'document_id: referred to a row that was not imported; left empty': 1 } });
  const { rows } = await db.pool.query(`select document_id from vitalis.blood_panels where user_id = $1`, [userId]);
  expect(rows).toEqual([{ document_id: null }]);
});

test("dictionary ids from another instance are matched by canonical name to this instance's", async () => {
  const foreignGlucose = randomUUID();
  const panel = randomUUID();
  const file = await writeArchive({
    tables: {
      'vitalis.biomarker_dictionary': [{ biomarker_id: foreignGlucose, canonical_name: 'glucose' }],
      'vitalis.blood_panels': [{ panel_id: panel, user_id: OLD_USER, collected_at: '2024-01-02T08:00:00+00:00' }],
      'vitalis.blood_markers': [
        { marker_id: randomUUID(), user_id: OLD_USER, panel_id: panel, biomarker_id: foreignGlucose, raw_name: 'Glucose', value_numeric: 90, unit: 'mg/dL' },
        { marker_id: randomUUID(), user_id: OLD_USER, panel_id: panel, biomarker_id: randomUUID(), raw_name: 'Mystery', value_numeric: 1, unit: 'x' },
        { marker_id: randomUUID(), user_id: OLD_USER, panel_id: randomUUID(), biomarker_id: null, raw_name: 'Orphan', value_numeric: 1, unit: 'x' },
      ],
    },
  });
  const userId = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file, userId });
  expect(summary.tables.find((t) => t.table === 'vitalis.biomarker_dictionary')).toMatchObject({ read: 1, inserted: 0, skipped: { "a shared dictionary: its ids are matched to this instance's rows by canonical_name": 1 } });
  expect(summary.tables.find((t) => t.table === 'vitalis.blood_markers')).toMatchObject({
    read: 3,
    inserted: 2,
    skipped: { 'panel_id refers to a row the archive does not hold': 1 },
    notes: { "biomarker_id: not in this instance's biomarker_dictionary (the archive does not name it); left empty": 1 },
  });
  const { rows } = await db.pool.query(
    `select m.raw_name, d.canonical_name from vitalis.blood_markers m left join vitalis.biomarker_dictionary d using (biomarker_id) where m.user_id = $1 order by 1`,
    [userId],
  );
  expect(rows).toEqual([
    { raw_name: 'Glucose', canonical_name: 'glucose' },
    { raw_name: 'Mystery', canonical_name: null },
  ]);
});

test('the archive is told from its content: a Vitalis export given as another kind is refused with the way to restore it', async () => {
  const file = await writeArchive({ tables: { 'vitalis.wearable_sleep': [sleep()] } });
  expect(await sniffFile(file)).toEqual({ kind: 'vitalis-export', description: 'a Vitalis export (zip)' });
  await expect(checkFileKind(file, 'apple-health', (k) => `use --type ${k}`)).rejects.toThrow(
    'this file is not an Apple Health export; it looks like a Vitalis export (zip): restore it with npm run import -- --type vitalis-export',
  );
  const other = await writeArchive({ tables: {}, manifest: (m) => ((m as { format: string }).format = 'someone-else') });
  expect(await sniffFile(other)).toBeUndefined();
});

describe('jsonArrayRows', () => {
  const split = async (chunks: string[]) => {
    const out: string[] = [];
    for await (const row of jsonArrayRows(Readable.from(chunks.map((c) => Buffer.from(c))), 'data/t.json')) out.push(row);
    return out;
  };

  test('splits rows that cross chunk boundaries, with braces, brackets and escaped quotes inside strings', async () => {
    const rows = [{ a: 'x}{]["\\"' }, { b: [1, { c: 'é' }] }, {}];
    const text = JSON.stringify(rows, null, 1);
    const chunks = text.match(/.{1,3}/gs)!;
    expect((await split(chunks)).map((r) => JSON.parse(r))).toEqual(rows);
  });

  test('refuses what is not an array of objects, or is cut short', async () => {
    await expect(split(['{"a": 1}'])).rejects.toThrow('data/t.json: must be a JSON array of rows');
    await expect(split(['[1, 2]'])).rejects.toThrow('data/t.json: row 1: every row must be a JSON object, separated by commas');
    await expect(split(['[{"a": 1},'])).rejects.toThrow('data/t.json: ends before its array is closed (cut short?)');
    await expect(split(['[{"a": 1}] x'])).rejects.toThrow('data/t.json: has more after the closing ] of its array');
    expect(await split(['[]'])).toEqual([]);
  });
});
