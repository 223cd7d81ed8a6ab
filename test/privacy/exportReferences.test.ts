// Reference rows in the export: the shared tables without user_id that the user's rows point at by
// a foreign key (the dictionaries) go into the archive, found in the catalog, with only the rows
// the user's data references; what only another user, or nobody, points at stays out.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { ExportManifest } from '../../src/importers/vitalisExport/manifest';
import { runExport } from '../../src/privacy/export/runExport';
import { openStorage, type Storage } from '../../src/storage/s3';
import { createUser, useTestDatabase } from '../helpers/db';
import { asOwner as asOwnerOf, readArchive } from './archive';

const db = useTestDatabase();
let storage: Storage;
let dir: string;
let me: string;
let other: string;
const SIGNING_SECRET = `kind-secret-${randomUUID()}`;
const VAULT = `private-${randomUUID()}`;

const asOwner = (sql: string) => asOwnerOf(db.pool, sql);

/** A blood marker of the user, linked to the biomarker of that canonical name. */
async function markerFor(userId: string, canonicalName: string): Promise<void> {
  const { rows } = await db.pool.query(`insert into vitalis.blood_panels (user_id, collected_at) values ($1, now()) returning panel_id`, [userId]);
  await db.pool.query(
    `insert into vitalis.blood_markers (user_id, panel_id, raw_name, value_numeric, unit, biomarker_id)
     select $1, $2, display_name, 1, canonical_unit, biomarker_id from vitalis.biomarker_dictionary where canonical_name = $3`,
    [userId, rows[0].panel_id, canonicalName],
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-references-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-export-references' }), { directory: path.join(dir, 's3') });
  // A dictionary no code knows about (kinds, themselves grouped in families, one column a secret),
  // and a user table that points at it.
  await asOwner(`
    create table vitalis.export_probe_family (family_id uuid primary key default gen_random_uuid(), code text not null unique);
    create table vitalis.export_probe_kind (
      kind_id uuid primary key default gen_random_uuid(), code text not null unique,
      family_id uuid references vitalis.export_probe_family (family_id), signing_secret text);
    comment on table vitalis.export_probe_kind is 'Kinds of probe, shared by every user.';
    create table vitalis_private.export_probe_vault (vault_id uuid primary key default gen_random_uuid(), payload text);
    insert into vitalis_private.export_probe_vault (payload) values ('${VAULT}');
    create table vitalis.export_probe_item (
      item_id uuid primary key default gen_random_uuid(),
      user_id uuid not null default vitalis.current_user_id() references vitalis.users (user_id) on delete cascade,
      kind_id uuid references vitalis.export_probe_kind (kind_id), note text,
      vault_id uuid references vitalis_private.export_probe_vault (vault_id));
    select vitalis_private.secure_user_table('vitalis.export_probe_item', 'item_id');
    insert into vitalis.export_probe_family (code) values ('family-mine'), ('family-theirs');
    insert into vitalis.export_probe_kind (code, family_id, signing_secret)
      select k.code, f.family_id, '${SIGNING_SECRET}' from (values ('kind-mine', 'family-mine'), ('kind-theirs', 'family-theirs'), ('kind-unused', null)) k(code, family)
        left join vitalis.export_probe_family f on f.code = k.family`);
  me = await createUser(db.pool);
  other = await createUser(db.pool);
  for (const [user, kind] of [
    [me, 'kind-mine'],
    [me, 'kind-mine'],
    [me, null],
    [other, 'kind-theirs'],
  ] as const) {
    await db.pool.query(
      `insert into vitalis.export_probe_item (user_id, kind_id, note, vault_id)
       values ($1, (select kind_id from vitalis.export_probe_kind where code = $2), 'x', (select vault_id from vitalis_private.export_probe_vault))`,
      [user, kind],
    );
  }
  await markerFor(me, 'glucose');
  await markerFor(other, 'tsh');
});

afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a JSON export', () => {
  let manifest: ExportManifest;
  let entries: Map<string, Buffer>;
  const rowsOf = (table: string) => JSON.parse(entries.get(`data/${table}.json`)!.toString()) as Array<Record<string, unknown>>;

  beforeAll(async () => {
    const out = path.join(dir, 'me.zip');
    manifest = await runExport({ pool: db.pool, storage }, { userId: me, format: 'json', out });
    entries = await readArchive(out);
  });

  test('a new table without user_id that a user table points at is exported from the catalog as reference rows, with its schema', async () => {
    const kinds = manifest.tables.find((t) => t.table === 'vitalis.export_probe_kind');
    expect(kinds).toMatchObject({ rows: 1, reference: true, columns: ['kind_id', 'code', 'family_id'], omittedColumns: ['signing_secret'] });
    expect(rowsOf('vitalis.export_probe_kind').map((r) => r.code)).toEqual(['kind-mine']);
    expect(JSON.parse(entries.get(kinds!.schema)!.toString())).toMatchObject({ title: 'vitalis.export_probe_kind', description: 'Kinds of probe, shared by every user.' });
    // What a reference table points at is reference rows too.
    expect(manifest.tables.find((t) => t.table === 'vitalis.export_probe_family')).toMatchObject({ rows: 1, reference: true });
    expect(rowsOf('vitalis.export_probe_family').map((r) => r.code)).toEqual(['family-mine']);
    const { rows } = await db.pool.query(`select table_name, owner_column, reference from vitalis_private.export_tables() where table_name like 'vitalis.export_probe%' order by 1`);
    expect(rows).toEqual([
      { table_name: 'vitalis.export_probe_family', owner_column: null, reference: true },
      { table_name: 'vitalis.export_probe_item', owner_column: 'user_id', reference: false },
      { table_name: 'vitalis.export_probe_kind', owner_column: null, reference: true },
    ]);
  });

  test('a dictionary row the user does not point at is not in the archive, whoever else does', () => {
    expect(manifest.tables.find((t) => t.table === 'vitalis.biomarker_dictionary')).toMatchObject({ rows: 1, reference: true });
    expect(rowsOf('vitalis.biomarker_dictionary').map((r) => r.canonical_name)).toEqual(['glucose']);
    expect(manifest.tables.find((t) => t.table === 'vitalis.exercise_dictionary')).toMatchObject({ rows: 0, reference: true });
    const everything = Buffer.concat([...entries.values()]).toString();
    for (const absent of ['kind-theirs', 'kind-unused', 'family-theirs', '"tsh"', SIGNING_SECRET]) expect({ absent, found: everything.includes(absent) }).toEqual({ absent, found: false });
  });

  test('a private table without user_id stays out even when a user table points at it: it is server state', () => {
    expect(manifest.tables.map((t) => t.table)).not.toContain('vitalis_private.export_probe_vault');
    expect(Buffer.concat([...entries.values()]).toString().includes(VAULT)).toBe(false);
  });

  test('only shared tables are reference rows: the user tables and the account are not marked', () => {
    const marked = manifest.tables.filter((t) => t.reference).map((t) => t.table);
    expect(marked).toEqual(['vitalis.biomarker_dictionary', 'vitalis.exercise_dictionary', 'vitalis.export_probe_family', 'vitalis.export_probe_kind']);
  });
});

test('a CSV export holds the same reference rows', async () => {
  const out = path.join(dir, 'me.csv.zip');
  const manifest = await runExport({ pool: db.pool, storage }, { userId: me, format: 'csv', out });
  const entries = await readArchive(out);
  expect(manifest.tables.filter((t) => t.reference).map((t) => [t.table, t.rows])).toEqual([
    ['vitalis.biomarker_dictionary', 1],
    ['vitalis.exercise_dictionary', 0],
    ['vitalis.export_probe_family', 1],
    ['vitalis.export_probe_kind', 1],
  ]);
  expect(entries.get('data/vitalis.export_probe_kind.csv')!.toString()).toMatch(/^kind_id,code,family_id\n[0-9a-f-]{36},kind-mine,[0-9a-f-]{36}\n$/);
});
