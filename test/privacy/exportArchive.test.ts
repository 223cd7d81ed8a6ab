// The export archive (GDPR Art. 15/20) as a user receives it: every table they own, found in the
// catalog (a table added later included without a code change), with the right rows, each file
// valid against its JSON Schema; their stored files byte for byte; no secret and nothing of another
// user anywhere in it. Written by runExport against a real database and a real S3-protocol server.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { exportManifest, type ExportManifest } from '../../src/importers/vitalisExport/manifest';
import { runExport } from '../../src/privacy/export/runExport';
import { openStorage, type Storage } from '../../src/storage/s3';
import { seedEveryUserTable, vitalisTables } from '../helpers/catalog';
import { createUser, useTestDatabase } from '../helpers/db';
import { asOwner as asOwnerOf, readArchive } from './archive';

const db = useTestDatabase();
let storage: Storage;
let dir: string;
let me: string;
let other: string;
let seeded: Map<string, Record<string, unknown>>;

/** Values that must never leave the database: each stored in a secret column of one of my rows. */
const SECRETS = {
  passwordHash: `$2b$10$${'p'.repeat(53)}`,
  refreshTokenHash: randomBytes(16).toString('hex'),
  emailTokenHash: randomBytes(16).toString('hex'),
  inviteTokenHash: randomBytes(16).toString('hex'),
  stateHash: randomBytes(16).toString('hex'),
  codeVerifier: `verifier-${randomUUID()}-${randomUUID()}`,
  probeSecret: `probe-${randomUUID()}`,
};

const MY_FILES: Record<string, Buffer> = {};

async function put(key: string, body: Buffer): Promise<void> {
  await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' }));
}

const asOwner = (sql: string) => asOwnerOf(db.pool, sql);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Schema = { type?: string | string[]; enum?: unknown[]; format?: string; items?: Schema; properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean };

/** A small JSON Schema check: the keywords the export's schemas use. Returns the problems. */
function validate(value: unknown, schema: Schema, at = '$'): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const actual = typeOf(value);
  if (types.length && !types.some((t) => t === actual || (t === 'number' && actual === 'integer'))) return [`${at}: ${actual} is not ${types.join('|')}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${String(value)} is not one of ${schema.enum.join(', ')}`];
  if (typeof value === 'string' && schema.format === 'uuid' && !/^[0-9a-f-]{36}$/.test(value)) return [`${at}: not a uuid`];
  if (typeof value === 'string' && schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${at}: not a date-time`];
  if (typeof value === 'string' && schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return [`${at}: not a date`];
  if (Array.isArray(value) && schema.items) return value.flatMap((v, i) => validate(v, schema.items!, `${at}[${i}]`));
  if (actual === 'object' && schema.properties) {
    const row = value as Record<string, unknown>;
    const missing = (schema.required ?? []).filter((k) => !(k in row)).map((k) => `${at}.${k}: missing`);
    const extra = schema.additionalProperties === false ? Object.keys(row).filter((k) => !(k in schema.properties!)).map((k) => `${at}.${k}: not in the schema`) : [];
    return [...missing, ...extra, ...Object.entries(row).flatMap(([k, v]) => (schema.properties![k] ? validate(v, schema.properties![k]!, `${at}.${k}`) : []))];
  }
  return [];
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-export-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-export' }), { directory: path.join(dir, 's3') });

  // A table no code knows about: a user's table in vitalis (RLS, audit) and a private one with secrets.
  await asOwner(`
    create table vitalis.export_probe (
      probe_id uuid primary key default gen_random_uuid(),
      user_id uuid not null default vitalis.current_user_id() references vitalis.users (user_id) on delete cascade,
      label text not null, score numeric(5,2), tags text[], happened_on date);
    comment on table vitalis.export_probe is 'A table created by the export test.';
    comment on column vitalis.export_probe.label is 'What the probe says.';
    select vitalis_private.secure_user_table('vitalis.export_probe', 'probe_id', '{label}', '{label}');
    create table vitalis_private.export_probe_keys (
      user_id uuid primary key references vitalis.users (user_id) on delete cascade,
      api_secret text not null, note text)`);

  me = await createUser(db.pool, { email: `me-${randomUUID()}@example.com` });
  other = await createUser(db.pool, { email: `other-${randomUUID()}@example.com` });
  seeded = await seedEveryUserTable(db.pool, await vitalisTables(db.pool), me);
  await seedEveryUserTable(db.pool, await vitalisTables(db.pool), other);

  for (let i = 0; i < 3; i++) {
    await db.pool.query(`insert into vitalis.export_probe (user_id, label, score, tags, happened_on) values ($1, $2, 12.5, '{a,"b c"}', '2025-01-02')`, [
      me,
      `line "${i}", with\nnewline and \\ backslash`,
    ]);
  }
  await db.pool.query(`insert into vitalis.export_probe (user_id, label) values ($1, 'not mine')`, [other]);
  await db.pool.query(`insert into vitalis_private.export_probe_keys (user_id, api_secret, note) values ($1, $2, 'kept')`, [me, SECRETS.probeSecret]);
  // The secrets the catalog's rule and explicit list must leave out.
  await db.pool.query(`insert into vitalis_private.user_passwords (user_id, password_hash) values ($1, $2)`, [me, SECRETS.passwordHash]);
  await db.pool.query(
    `insert into vitalis_private.sessions (family_id, user_id, refresh_token_hash, expires_at) values (gen_random_uuid(), $1, $2, now() + interval '1 day')`,
    [me, SECRETS.refreshTokenHash],
  );
  await db.pool.query(`insert into vitalis_private.email_tokens (token_hash, user_id, purpose, email, expires_at) values ($1, $2, 'verify_email', 'me@example.com', now() + interval '1 day')`, [
    SECRETS.emailTokenHash,
    me,
  ]);
  await db.pool.query(`update vitalis.household_invites set token_hash = $2 where user_id = $1`, [me, SECRETS.inviteTokenHash]);
  await db.pool.query(
    `insert into vitalis_private.provider_oauth_states (state_hash, user_id, source, code_verifier, redirect_uri, expires_at) values ($1, $2, 'oura', $3, 'http://127.0.0.1/cb', now() + interval '1 hour')`,
    [SECRETS.stateHash, me, SECRETS.codeVerifier],
  );

  MY_FILES[`documents/${me}/${randomUUID()}/report.pdf`] = Buffer.from('%PDF-1.4 my lab report');
  MY_FILES[`photos/${me}/${randomUUID()}.jpg`] = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  MY_FILES[`imports/${me}/${randomUUID()}/strong.csv`] = Buffer.from('Date,Exercise Name\n2025-01-01,Squat\n');
  for (const [key, body] of Object.entries(MY_FILES)) await put(key, body);
  await put(`documents/${other}/${randomUUID()}/theirs.pdf`, Buffer.from('%PDF-1.4 not mine'));
  await put(`exports/${me}/${randomUUID()}.zip`, Buffer.from('an earlier archive'));
});

afterAll(async () => {
  await storage?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a JSON export', () => {
  let manifest: ExportManifest;
  let entries: Map<string, Buffer>;
  let exportTables: Array<{ table_name: string }>;

  beforeAll(async () => {
    const out = path.join(dir, 'me.zip');
    manifest = await runExport({ pool: db.pool, storage }, { userId: me, format: 'json', out });
    entries = await readArchive(out);
    exportTables = (await db.pool.query(`select table_name from vitalis_private.export_tables()`)).rows;
  });

  test('a table created after the code was written is exported: its rows, its columns, its schema with the comments', () => {
    const probe = manifest.tables.find((t) => t.table === 'vitalis.export_probe')!;
    // Three rows of mine, plus the one the catalog-driven seed put in it; none of the other user's.
    expect(probe).toMatchObject({ rows: 4, file: 'data/vitalis.export_probe.json', columns: ['probe_id', 'user_id', 'label', 'score', 'tags', 'happened_on'] });
    const rows = JSON.parse(entries.get(probe.file)!.toString()) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.label)).toEqual(expect.arrayContaining([`line "0", with\nnewline and \\ backslash`]));
    // Rows come in key order (random uuids): the seeded row may come first.
    expect(rows.find((r) => String(r.label).startsWith('line "0"'))).toMatchObject({ user_id: me, score: 12.5, tags: ['a', 'b c'], happened_on: '2025-01-02' });
    const schema = JSON.parse(entries.get(probe.schema)!.toString());
    expect(schema).toMatchObject({
      description: 'A table created by the export test.',
      properties: { label: { type: 'string', description: 'What the probe says.' }, score: { type: ['number', 'null'] }, tags: { type: ['array', 'null'] } },
    });
    expect(manifest.tables.find((t) => t.table === 'vitalis_private.export_probe_keys')).toMatchObject({ rows: 1, columns: ['user_id', 'note'], omittedColumns: ['api_secret'] });
  });

  test('every table of the catalog is in the archive, every seeded table with its rows, and the manifest is valid and last', async () => {
    expect(() => exportManifest.parse(manifest)).not.toThrow();
    expect([...entries.keys()].at(-1)).toBe('manifest.json');
    const { path: written, ...returned } = manifest as ExportManifest & { path: string };
    expect(written).toBe(path.join(dir, 'me.zip'));
    expect(JSON.parse(entries.get('manifest.json')!.toString())).toEqual(JSON.parse(JSON.stringify(returned)));
    expect(manifest.tables.map((t) => t.table)).toEqual(exportTables.map((t) => t.table_name));
    expect(manifest.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['vitalis.users', 'vitalis.accounts', 'vitalis.audit_log', 'vitalis_private.sessions']));
    const counts = Object.fromEntries(manifest.tables.map((t) => [t.table, t.rows]));
    for (const table of seeded.keys()) {
      if (table === 'audit_log') continue;
      const { rows } = await db.pool.query(`select count(*)::int as n from vitalis.${table} where ${table === 'accounts' ? 'account_id = (select account_id from vitalis.users where user_id = $1)' : 'user_id = $1'}`, [me]);
      expect({ table, rows: counts[`vitalis.${table}`] }).toEqual({ table, rows: rows[0].n });
      expect(rows[0].n).toBeGreaterThan(0);
    }
    const audit = await db.pool.query(`select count(*)::int as n from vitalis.audit_log where user_id = $1`, [me]);
    expect(counts['vitalis.audit_log']).toBe(audit.rows[0].n);
    expect(manifest.user).toEqual({ userId: me, email: seeded.get('users')!.email });
    expect(manifest.schemaVersion).toMatch(/^\d{6}\.sql$/);
  });

  test('each data file is a JSON array of rows valid against its schema, with the counted rows and hash', () => {
    const problems: string[] = [];
    for (const table of manifest.tables) {
      const bytes = entries.get(table.file)!;
      expect({ table: table.table, sha256: sha256(bytes) }).toEqual({ table: table.table, sha256: table.sha256 });
      const rows = JSON.parse(bytes.toString()) as unknown[];
      expect({ table: table.table, rows: rows.length }).toEqual({ table: table.table, rows: table.rows });
      const schema = JSON.parse(entries.get(table.schema)!.toString()) as Schema;
      expect(Object.keys(schema.properties!)).toEqual(table.columns);
      rows.forEach((row, i) => problems.push(...validate(row, schema, `${table.table}[${i}]`)));
    }
    expect(problems).toEqual([]);
  });

  test('no secret leaves: not the values, not the columns, not in audit images', () => {
    const everything = Buffer.concat([...entries.values()]).toString('latin1');
    for (const [name, value] of Object.entries(SECRETS)) expect({ name, leaked: everything.includes(value) }).toEqual({ name, leaked: false });
    const omitted = Object.fromEntries(manifest.tables.filter((t) => t.omittedColumns.length).map((t) => [t.table, t.omittedColumns]));
    expect(omitted).toEqual({
      'vitalis.household_invites': ['token_hash'],
      'vitalis_private.email_tokens': ['token_hash'],
      'vitalis_private.export_probe_keys': ['api_secret'],
      'vitalis_private.provider_oauth_states': ['state_hash', 'code_verifier'],
      'vitalis_private.sessions': ['refresh_token_hash'],
      'vitalis_private.user_passwords': ['password_hash'],
    });
    for (const table of manifest.tables) {
      const data = entries.get(table.file)!.toString();
      const schema = entries.get(table.schema)!.toString();
      for (const column of table.omittedColumns) expect({ table: table.table, column, inData: data.includes(`"${column}"`), inSchema: schema.includes(`"${column}"`) }).toEqual({ table: table.table, column, inData: false, inSchema: false });
    }
    // Audit images of the invite (token_hash was written) keep no secret key.
    const audit = JSON.parse(entries.get('data/vitalis.audit_log.json')!.toString()) as Array<{ table_name: string; new_values: Record<string, unknown> | null }>;
    expect(audit.filter((r) => r.table_name === 'household_invites').length).toBeGreaterThan(0);
    expect(audit.filter((r) => r.new_values && 'token_hash' in r.new_values)).toEqual([]);
  });

  test('the stored files are included byte for byte with their hash; earlier archives and other users’ files are not', () => {
    expect(manifest.objects.map((o) => o.key).sort()).toEqual(Object.keys(MY_FILES).sort());
    for (const object of manifest.objects) {
      const bytes = entries.get(object.file)!;
      expect(object.file).toBe(`objects/${object.key}`);
      expect(bytes.equals(MY_FILES[object.key]!)).toBe(true);
      expect(object).toMatchObject({ bytes: bytes.length, sha256: sha256(bytes) });
    }
  });

  test('nothing of another user: their id, email and rows appear nowhere', async () => {
    const theirs = (await db.pool.query(`select email from vitalis.users where user_id = $1`, [other])).rows[0].email;
    const everything = Buffer.concat([...entries.values()]).toString();
    expect(everything.includes(other)).toBe(false);
    expect(everything.includes(theirs)).toBe(false);
    expect(everything.includes('not mine')).toBe(false);
  });
});

test('a CSV export has the same tables and rows, each file headed by its columns', async () => {
  const out = path.join(dir, 'me-csv.zip');
  const manifest = await runExport({ pool: db.pool, storage }, { userId: me, format: 'csv', out });
  const entries = await readArchive(out);
  const json = await runExport({ pool: db.pool, storage }, { userId: me, format: 'json', out: path.join(dir, 'me-again.zip') });
  expect(manifest.dataFormat).toBe('csv');
  expect(manifest.tables.map((t) => [t.table, t.rows])).toEqual(json.tables.map((t) => [t.table, t.rows]));
  for (const table of manifest.tables) {
    const text = entries.get(table.file)!.toString();
    expect(table.file).toBe(`data/${table.table}.csv`);
    expect({ table: table.table, header: text.slice(0, text.indexOf('\n')) }).toEqual({ table: table.table, header: table.columns.join(',') });
    expect(sha256(entries.get(table.file)!)).toBe(table.sha256);
  }
  const probe = entries.get('data/vitalis.export_probe.csv')!.toString();
  expect(probe).toContain(`"line ""0"", with\nnewline and \\ backslash"`);
  expect(fs.existsSync(out)).toBe(true);
});

test('a failed export leaves no file under the requested name', async () => {
  const out = path.join(dir, 'nobody.zip');
  await expect(runExport({ pool: db.pool, storage }, { userId: randomUUID(), format: 'json', out })).rejects.toThrow(/no such user/);
  expect(fs.readdirSync(dir).filter((f) => f.startsWith('nobody'))).toEqual([]);
});
