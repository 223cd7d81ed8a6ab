// The export's round trip: a user with a row in every user table and a stored report and photo is
// exported, imported as a new user of the same instance, and exported again; the two archives hold
// the same content apart from what the import renews on purpose. Normalised before comparing:
// every uuid (fresh primary keys, and the references to them: compared through the row they point
// at), the user id inside object keys, the users row apart from its profile fields, updated_at of
// the one-row-per-user tables (the import updates them), and the tables the import does not restore
// (accounts, audit_log, sign-in, devices, jobs, requests, household links, and every
// vitalis_private table), and a reference to a row of those, which the import empties.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { openStorage, type Storage } from '../../src/storage/s3';
import { getObjectBytes } from '../../src/storage/objects';
import { runExport } from '../../src/privacy/export/runExport';
import { importVitalisExport, type VitalisImportSummary } from '../../src/importers/vitalisExport';
import { exportManifest } from '../../src/importers/vitalisExport/manifest';
import { createTestDatabase, createUser, useTestDatabase } from '../helpers/db';
import { seedEveryUserTable, vitalisTables } from '../helpers/catalog';

const db = useTestDatabase();
let storage: Storage;
let dir: string;
let source: string;
let archive: string;
let firstImport: VitalisImportSummary;
let target: string;
/** Table -> the column holding the row's own id (a uuid primary key column that refers to nothing). */
let ownIds: Map<string, string>;

const NOT_RESTORED = ['accounts', 'audit_log', 'oauth_identities', 'connected_devices', 'ingestion_jobs', 'deletion_requests', 'data_export_requests', 'household_invites', 'profile_shares'];
const REPORT = Buffer.from('%PDF-1.4 a lab report\n');
const PHOTO = Buffer.from('a progress photo');

async function put(key: string, body: Buffer, contentType: string) {
  await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body, ContentType: contentType }));
}

/** Every entry of a zip, read whole (test archives are small). */
async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', async (e: yauzl.Entry) => {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
      out.set(e.fileName, Buffer.concat(chunks));
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The archive's content with ids replaced by what they name: a row's own id by "<table>#<n>" (n
 * its place among the table's rows sorted by their other values), a reference by the name of the
 * row it points at (a dictionary id through the archive's reference row), the user by USER.
 */
function normalise(files: Map<string, Buffer>, ownIds: Map<string, string>): Record<string, unknown> {
  const manifest = exportManifest.parse(JSON.parse(files.get('manifest.json')!.toString()));
  const userId = manifest.user.userId;
  const tables = new Map<string, Record<string, unknown>[]>();
  const names = new Map<string, string | null>([[userId, 'USER']]);
  for (const t of manifest.tables) {
    const name = t.table.replace(/^vitalis\./, '');
    if (!t.table.startsWith('vitalis.')) continue;
    const rows: Record<string, unknown>[] = JSON.parse(files.get(t.file)!.toString());
    // A reference to a row the import does not restore is emptied (documents.parse_job_id).
    if (NOT_RESTORED.includes(name)) rows.forEach((row) => ownIds.has(name) && names.set(row[ownIds.get(name)!] as string, null));
    else tables.set(name, rows);
  }
  const withoutIds = (row: Record<string, unknown>) => JSON.stringify(Object.entries(row).filter(([, v]) => !(typeof v === 'string' && UUID.test(v))).sort());
  for (const [name, rows] of tables) {
    rows.sort((a, b) => withoutIds(a).localeCompare(withoutIds(b)));
    rows.forEach((row, i) => {
      const own = ownIds.get(name);
      if (own && typeof row[own] === 'string') names.set(row[own] as string, `${name}#${i}`);
    });
  }
  const rename = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    if (names.get(v) === null) return null;
    return v.replace(UUID_IN_TEXT, (id) => names.get(id) ?? id);
  };
  const out: Record<string, unknown> = {};
  for (const [name, rows] of tables) {
    out[name] = rows.map((row) => {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) copy[k] = rename(v);
      if (name === 'users') return { display_name: copy.display_name, date_of_birth: copy.date_of_birth, biological_sex: copy.biological_sex };
      if (name === 'user_preferences') delete copy.updated_at;
      return copy;
    });
  }
  out.objects = manifest.objects.map((o) => ({ key: rename(o.key), sha256: o.sha256, bytes: o.bytes })).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return out;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-roundtrip-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-roundtrip' }), { directory: path.join(dir, 's3') });
  const pool = db.pool;
  source = await createUser(pool, { sex: 'female' });
  const tables = await vitalisTables(pool);
  ownIds = new Map(
    tables.flatMap((t) => {
      const own = t.primaryKey.find((k) => k !== 'user_id' && !t.foreignKeys.some((f) => f.columns.includes(k)) && t.columns.find((c) => c.name === k)?.type === 'uuid');
      return own ? [[t.name, own] as [string, string]] : [];
    }),
  );
  const rows = await seedEveryUserTable(pool, tables, source);
  const reportKey = `documents/${source}/${randomUUID()}/report.pdf`;
  const photoKey = `photos/${source}/p1.jpg`;
  const thumbKey = `photos/${source}/p1.thumb.jpg`;
  await put(reportKey, REPORT, 'application/pdf');
  await put(photoKey, PHOTO, 'image/jpeg');
  await put(thumbKey, PHOTO.subarray(0, 8), 'image/jpeg');
  await put(`uploads/${source}/never-used`, Buffer.from('an upload no row refers to'), 'application/octet-stream');
  // References the generic seed leaves empty: a polymorphic link, a dictionary id, a job that is not restored.
  const panel = rows.get('blood_panels')!.panel_id;
  await pool.query(
    `update vitalis.documents set s3_key = $2, linked_record_id = $3, linked_record_type = 'blood_panel', confirmed_by = user_id, parse_job_id = $4 where user_id = $1`,
    [source, reportKey, panel, rows.get('ingestion_jobs')!.job_id],
  );
  await pool.query(`update vitalis.blood_panels set document_id = $2 where user_id = $1`, [source, rows.get('documents')!.document_id]);
  await pool.query(`update vitalis.photos set s3_key = $2, s3_thumbnail_key = $3 where user_id = $1`, [source, photoKey, thumbKey]);
  await pool.query(`update vitalis.blood_markers set biomarker_id = (select biomarker_id from vitalis.biomarker_dictionary where canonical_name = 'glucose') where user_id = $1`, [source]);
  await pool.query(`update vitalis.users set display_name = 'Ada', date_of_birth = '1980-02-03' where user_id = $1`, [source]);
  // Values that test the formats: arrays, nested JSON, text with quotes, commas, tabs, newlines and
  // non-ASCII, exact decimals.
  await pool.query(`update vitalis.menstrual_cycles set symptoms = array['cramps', 'with, comma', 'quote"d', 'naïve'] where user_id = $1`, [source]);
  await pool.query(`update vitalis.wearable_sleep set hypnogram = '[{"stage": "deep", "minutes": 5.25}, {"stage": "rem"}]', avg_hrv_ms = 45.67 where user_id = $1`, [source]);
  await pool.query(`update vitalis.wearable_daily set raw_data = $2::jsonb, hrv_rmssd_ms = 51.05 where user_id = $1`, [source, JSON.stringify({ note: 'multi\nline\t"quoted"', n: [1, 2.5, null], deep: { é: true } })]);
  await pool.query(`update vitalis.mood_journal set notes = $2 where user_id = $1`, [source, 'Line one,\n"line" two\tand a backslash \\ — ok']);

  archive = path.join(dir, 'first.zip');
  await runExport({ pool, storage }, { userId: source, format: 'json', out: archive });
  target = await createUser(pool);
  firstImport = await importVitalisExport({ pool, storage, file: archive, userId: target });
});

afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('exporting the imported user again gives the same content apart from renewed ids, keys and server-owned columns', async () => {
  const again = path.join(dir, 'second.zip');
  await runExport({ pool: db.pool, storage }, { userId: target, format: 'json', out: again });
  const first = normalise(await readZip(archive), ownIds);
  const second = normalise(await readZip(again), ownIds);
  expect(first.mood_journal).toMatchObject([{ notes: 'Line one,\n"line" two\tand a backslash \\ — ok' }]);
  expect(first.menstrual_cycles).toMatchObject([{ symptoms: ['cramps', 'with, comma', 'quote"d', 'naïve'] }]);
  // The upload no row refers to is not restored (it would be an orphan): the only expected difference.
  expect((first.objects as { key: string }[]).map((o) => o.key)).toContain('uploads/USER/never-used');
  first.objects = (first.objects as { key: string }[]).filter((o) => !o.key.startsWith('uploads/'));
  expect(second).toEqual(first);
});

test('another instance (its own database and bucket) restores the archive to the same content', async () => {
  const other = await createTestDatabase();
  const otherStorage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-roundtrip-other' }), { directory: path.join(dir, 'other-s3') });
  try {
    const user = await createUser(other.pool);
    await importVitalisExport({ pool: other.pool, storage: otherStorage, file: archive, userId: user });
    const again = path.join(dir, 'other.zip');
    await runExport({ pool: other.pool, storage: otherStorage }, { userId: user, format: 'json', out: again });
    const first = normalise(await readZip(archive), ownIds);
    first.objects = (first.objects as { key: string }[]).filter((o) => !o.key.startsWith('uploads/'));
    expect(normalise(await readZip(again), ownIds)).toEqual(first);
  } finally {
    await otherStorage.close();
    await other.drop();
  }
});

test('every row of the archive is accounted for: inserted, updated, or skipped with a reason', () => {
  for (const t of firstImport.tables) {
    const skipped = Object.values(t.skipped).reduce((a, b) => a + b, 0);
    expect({ table: t.table, accounted: t.inserted + t.updated + skipped }).toEqual({ table: t.table, accounted: t.read });
  }
  const byName = new Map(firstImport.tables.map((t) => [t.table.replace(/^vitalis\./, ''), t]));
  expect(byName.get('wearable_daily')).toMatchObject({ read: 1, inserted: 1 });
  expect(byName.get('users')).toMatchObject({ read: 1, updated: 1 });
  expect(byName.get('user_preferences')).toMatchObject({ read: 1, updated: 1 });
  for (const name of ['audit_log', 'accounts', 'connected_devices', 'oauth_identities', 'ingestion_jobs']) {
    const t = byName.get(name)!;
    expect(t.inserted).toBe(0);
    expect(Object.keys(t.skipped)[0]).toMatch(/^not restored: /);
  }
  expect(byName.get('documents')!.notes).toEqual({ 'parse_job_id: referred to a row that was not imported; left empty': 1 });
  expect(firstImport.objects).toMatchObject({ read: 4, uploaded: 3, notReferenced: 1 });
});

test('the restored rows have fresh ids, belong to the target user and point at its own objects', async () => {
  const { rows } = await db.pool.query(
    `select d.document_id, d.s3_key, d.linked_record_id, d.confirmed_by, d.parse_job_id, p.panel_id, p.document_id as panel_document
       from vitalis.documents d join vitalis.blood_panels p on p.user_id = d.user_id where d.user_id = $1`,
    [target],
  );
  const original = (await db.pool.query(`select document_id from vitalis.documents where user_id = $1`, [source])).rows[0].document_id;
  expect(rows).toHaveLength(1);
  const d = rows[0];
  expect(d.document_id).not.toBe(original);
  expect(d.linked_record_id).toBe(d.panel_id);
  expect(d.panel_document).toBe(d.document_id);
  expect(d.confirmed_by).toBe(target);
  expect(d.parse_job_id).toBeNull();
  expect(d.s3_key).toMatch(new RegExp(`^documents/${target}/[0-9a-f-]{36}/report\\.pdf$`));
  expect(await getObjectBytes(storage, d.s3_key, 1024)).toEqual(REPORT);
  const user = (await db.pool.query(`select display_name, date_of_birth::text, email from vitalis.users where user_id = $1`, [target])).rows[0];
  expect(user).toMatchObject({ display_name: 'Ada', date_of_birth: '1980-02-03' });
  expect(user.email).not.toContain(source);
});

test('the same archive imports again into another new user, with ids of its own', async () => {
  const third = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file: archive, userId: third });
  expect(summary.tables.find((t) => t.table === 'vitalis.lifting_sets')).toMatchObject({ read: 1, inserted: 1 });
  const { rows } = await db.pool.query(`select count(distinct set_id)::int as ids, count(*)::int as n from vitalis.lifting_sets where user_id in ($1, $2, $3)`, [source, target, third]);
  expect(rows[0]).toEqual({ ids: 3, n: 3 });
});

test('a user who already has data is refused, and nothing is written', async () => {
  await expect(importVitalisExport({ pool: db.pool, storage, file: archive, userId: target })).rejects.toThrow(/--user: the user already has data \(.*wearable_daily/);
  const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.wearable_daily where user_id = $1`, [target]);
  expect(rows[0].n).toBe(1);
});

test('a CSV export restores the same content as the JSON one', async () => {
  const csv = path.join(dir, 'csv.zip');
  await runExport({ pool: db.pool, storage }, { userId: source, format: 'csv', out: csv });
  const user = await createUser(db.pool);
  const summary = await importVitalisExport({ pool: db.pool, storage, file: csv, userId: user });
  expect(summary.dataFormat).toBe('csv');
  const again = path.join(dir, 'from-csv.zip');
  await runExport({ pool: db.pool, storage }, { userId: user, format: 'json', out: again });
  const first = normalise(await readZip(archive), ownIds);
  first.objects = (first.objects as { key: string }[]).filter((o) => !o.key.startsWith('uploads/'));
  expect(normalise(await readZip(again), ownIds)).toEqual(first);
});
