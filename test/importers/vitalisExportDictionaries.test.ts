// Lab results and lifting keep their dictionary links when an export moves to another instance:
// dictionary ids are random per instance, so the archive carries the dictionary rows the user's
// data points at, and the importer matches them by canonical_name to its own rows (never inserting
// them). The other instance here is its own database, its dictionaries given fresh ids first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { loadConfig } from '../../src/config';
import { importVitalisExport } from '../../src/importers/vitalisExport';
import { readCatalog } from '../../src/importers/vitalisExport/catalog';
import { planTables } from '../../src/importers/vitalisExport/checks';
import { REFERENCE_WITHOUT_KEY } from '../../src/importers/vitalisExport/policy';
import type { ExportManifest } from '../../src/importers/vitalisExport/manifest';
import { runExport } from '../../src/privacy/export/runExport';
import { openStorage, type Storage } from '../../src/storage/s3';
import { seedEveryUserTable, vitalisTables } from '../helpers/catalog';
import { createTestDatabase, createUser, useTestDatabase, type TestDatabase } from '../helpers/db';

const db = useTestDatabase();
let dir: string;
let storage: Storage;
let source: string;
const archives: Record<'json' | 'csv', { file: string; manifest: ExportManifest }> = {} as never;

const LINKS = { marker: 'glucose', goal: 'cholesterol_total', exercise: 'bench_press_barbell' };
const DICTIONARIES = { 'vitalis.biomarker_dictionary': 'biomarker_id', 'vitalis.exercise_dictionary': 'exercise_id' };

/** The canonical names the user's rows point at, read on one instance. */
async function linkedNames(pool: Pool, userId: string): Promise<Record<keyof typeof LINKS, string | null>> {
  const { rows } = await pool.query(
    `select (select d.canonical_name from vitalis.blood_markers m left join vitalis.biomarker_dictionary d using (biomarker_id) where m.user_id = $1) as marker,
            (select d.canonical_name from vitalis.goals g left join vitalis.biomarker_dictionary d using (biomarker_id) where g.user_id = $1) as goal,
            (select d.canonical_name from vitalis.lifting_sets s left join vitalis.exercise_dictionary d using (exercise_id) where s.user_id = $1) as exercise`,
    [userId],
  );
  return rows[0];
}

async function dictionarySizes(pool: Pool): Promise<number[]> {
  const { rows } = await pool.query(`select (select count(*) from vitalis.biomarker_dictionary)::int as b, (select count(*) from vitalis.exercise_dictionary)::int as e`);
  return [rows[0].b, rows[0].e];
}

/**
 * Another instance: a database of the same schema whose dictionaries have ids of their own, as
 * seeding them on a fresh install gives (every reference to them follows, found in the catalog).
 */
async function anotherInstance(): Promise<TestDatabase> {
  const other = await createTestDatabase();
  const client = await other.pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`); // foreign keys are re-pointed by hand below
    for (const [table, id] of Object.entries(DICTIONARIES)) {
      await client.query(`create temporary table rekey on commit drop as select ${id} as old, gen_random_uuid() as new from ${table}`);
      await client.query(`update ${table} d set ${id} = k.new from rekey k where d.${id} = k.old`);
      const { rows: refs } = await client.query(
        `select f.conrelid::regclass::text as tbl, a.attname as col from pg_constraint f join pg_attribute a on a.attrelid = f.conrelid and a.attnum = f.conkey[1]
          where f.contype = 'f' and f.confrelid = $1::regclass and f.conparentid = 0`,
        [table],
      );
      for (const r of refs) await client.query(`update ${r.tbl} x set ${r.col} = k.new from rekey k where x.${r.col} = k.old`);
      await client.query(`drop table rekey`);
    }
    await client.query('commit');
  } finally {
    client.release();
  }
  return other;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-dictionaries-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-dictionaries' }), { directory: path.join(dir, 's3') });
  source = await createUser(db.pool);
  await seedEveryUserTable(db.pool, await vitalisTables(db.pool), source);
  const byName = (table: string, name: string) => `(select ${table === 'exercise_dictionary' ? 'exercise_id' : 'biomarker_id'} from vitalis.${table} where canonical_name = '${name}')`;
  await db.pool.query(`update vitalis.blood_markers set biomarker_id = ${byName('biomarker_dictionary', LINKS.marker)} where user_id = $1`, [source]);
  await db.pool.query(`update vitalis.goals set biomarker_id = ${byName('biomarker_dictionary', LINKS.goal)} where user_id = $1`, [source]);
  await db.pool.query(`update vitalis.lifting_sets set exercise_id = ${byName('exercise_dictionary', LINKS.exercise)} where user_id = $1`, [source]);
  expect(await linkedNames(db.pool, source)).toEqual(LINKS);
  for (const format of ['json', 'csv'] as const) {
    const file = path.join(dir, `source.${format}.zip`);
    archives[format] = { file, manifest: await runExport({ pool: db.pool, storage }, { userId: source, format, out: file }) };
  }
});

afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the archive lists the dictionaries as reference tables with only the rows the user points at', () => {
  const { manifest } = archives.json;
  expect(manifest.tables.filter((t) => t.reference).map((t) => [t.table, t.rows])).toEqual([
    ['vitalis.biomarker_dictionary', 2],
    ['vitalis.exercise_dictionary', 1],
  ]);
  expect(manifest.tables.find((t) => t.table === 'vitalis.blood_markers')).not.toHaveProperty('reference');
});

test.each(['json', 'csv'] as const)('restored into another instance from %s, the links point at the rows of the same canonical_name there', async (format) => {
  const other = await anotherInstance();
  const otherStorage = await openStorage(loadConfig({ S3_BUCKET: `vitalis-dictionaries-${format}` }), { directory: path.join(dir, `other-${format}`) });
  try {
    const { rows: ids } = await other.pool.query(`select biomarker_id from vitalis.biomarker_dictionary where canonical_name = $1`, [LINKS.marker]);
    const { rows: sourceIds } = await db.pool.query(`select biomarker_id from vitalis.biomarker_dictionary where canonical_name = $1`, [LINKS.marker]);
    expect(ids[0].biomarker_id).not.toBe(sourceIds[0].biomarker_id);
    const sizes = await dictionarySizes(other.pool);
    const user = await createUser(other.pool);

    const summary = await importVitalisExport({ pool: other.pool, storage: otherStorage, file: archives[format].file, userId: user });

    expect(await linkedNames(other.pool, user)).toEqual(LINKS);
    expect(await dictionarySizes(other.pool)).toEqual(sizes);
    const matched = "a shared dictionary: its ids are matched to this instance's rows by canonical_name";
    expect(summary.tables.find((t) => t.table === 'vitalis.biomarker_dictionary')).toEqual({ table: 'vitalis.biomarker_dictionary', read: 2, inserted: 0, updated: 0, skipped: { [matched]: 2 }, notes: {} });
    expect(summary.tables.find((t) => t.table === 'vitalis.exercise_dictionary')).toMatchObject({ read: 1, inserted: 0, skipped: { [matched]: 1 } });
    for (const table of ['vitalis.blood_markers', 'vitalis.goals', 'vitalis.lifting_sets']) {
      expect(summary.tables.find((t) => t.table === table)).toMatchObject({ read: 1, inserted: 1, notes: {} });
    }
  } finally {
    await otherStorage.close();
    await other.drop();
  }
});

test('an instance without one of the named rows empties that link and says which name it lacks', async () => {
  const other = await anotherInstance();
  try {
    await other.pool.query(`delete from vitalis.exercise_dictionary where canonical_name = $1`, [LINKS.exercise]);
    const user = await createUser(other.pool);
    const summary = await importVitalisExport({ pool: other.pool, storage, file: archives.json.file, userId: user });
    expect(await linkedNames(other.pool, user)).toEqual({ ...LINKS, exercise: null });
    expect(summary.tables.find((t) => t.table === 'vitalis.exercise_dictionary')).toMatchObject({
      read: 1,
      inserted: 0,
      skipped: { [`not on this instance (canonical_name ${LINKS.exercise}): the links to them are left empty`]: 1 },
    });
    expect(summary.tables.find((t) => t.table === 'vitalis.lifting_sets')).toMatchObject({
      read: 1,
      inserted: 1,
      notes: { "exercise_id: this instance's exercise_dictionary has no row of the archive's canonical_name; left empty": 1 },
    });
    const { rows } = await other.pool.query(`select count(*)::int as n from vitalis.exercise_dictionary where canonical_name = $1`, [LINKS.exercise]);
    expect(rows[0].n).toBe(0);
  } finally {
    await other.drop();
  }
});

test('a table the archive marks as reference rows is never inserted: matched by its natural key, or not restored', async () => {
  const client = await db.pool.connect();
  try {
    const catalog = await readCatalog(client);
    const entries = archives.json.manifest.tables.map((t) => (t.table === 'vitalis.wearable_daily' ? { ...t, reference: true } : t));
    const roles = Object.fromEntries(planTables({ ...archives.json.manifest, tables: entries }, catalog).map((p) => [p.entry.table, p.role]));
    expect(roles['vitalis.biomarker_dictionary']).toEqual({ kind: 'dictionary', naturalKey: 'canonical_name' });
    expect(roles['vitalis.exercise_dictionary']).toEqual({ kind: 'dictionary', naturalKey: 'canonical_name' });
    expect(roles['vitalis.wearable_daily']).toEqual({ kind: 'skip', reason: REFERENCE_WITHOUT_KEY });
    expect(roles['vitalis.wearable_sleep']).toEqual({ kind: 'rows' });
  } finally {
    client.release();
  }
});
