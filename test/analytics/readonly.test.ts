import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withCredentials } from '../../src/db/url';
import { asRequest, useTestDatabase } from '../helpers/db';
import { daysAgo, refresh, seedPopulation, type Population } from './fixture';

// An analyst's view of the database (docs/analytics.md): logged in as vitalis_readonly, they read
// every relation in `analytics` and the dictionaries, and nothing that names or links back to a
// person. What they can read is taken from the catalog, so a view added later is checked too.

let analyst: Client | undefined;
let hadPassword = true;
// The analyst's connection goes before the database does, and the password set for it with it.
const db = useTestDatabase({
  beforeDrop: async () => {
    await analyst?.end();
    if (hadPassword) return;
    const admin = new Client({ connectionString: process.env.VITALIS_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query('alter role vitalis_readonly password null').finally(() => admin.end());
  },
});
let people: Population;

interface Relation {
  rel: string;
  schema: string;
  kind: string;
}

/**
 * Text columns in `analytics` that hold a category, never anything a person wrote. A new text
 * column fails the test until it is reviewed and listed here with its reason.
 */
const CATEGORICAL_TEXT: Record<string, string> = {
  subject: 'the keyed pseudonym (HMAC of the user id with a salt analysts cannot read)',
  biological_sex: 'male, female or other (check constraint on users)',
  flag: 'H, L, HH, LL or ABNORMAL (check constraint on blood_markers)',
  metric: 'a fixed list of daily metric names',
  biomarker: 'biomarker_dictionary.canonical_name',
  unit: 'a unit name from a fixed list or the dictionary',
  sex: 'male, female, other, unknown or all',
  age_band: '18-29 ... 70+, unknown or all',
};

/** Column names that would hold or link to a direct identifier or free text. */
const IDENTIFYING = /(^|_)(e?mail|name|birth|dob|ip|ip_address|user_agent|phone|address|user|user_id|account_id|notes?|comment|description|message|text|title|body|raw_data|hypnogram|token|password|salt|specimen_id|lab_code|file|path|url)$/;

beforeAll(async () => {
  people = await seedPopulation(db.pool);
  // Free text a person wrote, next to their results: it must not surface anywhere readable.
  await asRequest(
    db.pool,
    { userId: people.women[0]! },
    (c) =>
      c.query('select * from vitalis.upsert_blood_panels($1)', [
        JSON.stringify([{ lab_name: 'Secret Clinic', collected_at: `${daysAgo(5)}T08:00:00Z`, notes: 'SECRET-NOTE about my divorce', specimen_id: 'SPEC-SECRET-1', markers: [{ raw_name: 'SECRET-RAW-NAME', value_text: 'see SECRET-NOTE' }] }]),
      ]),
    true,
  );
  // A night and a workout, so every row-level view has rows to show.
  await asRequest(
    db.pool,
    { userId: people.women[1]! },
    async (c) => {
      await c.query('select * from vitalis.upsert_wearable_sleep($1)', [JSON.stringify([{ sleep_date: daysAgo(1), source: 'oura', total_sleep_minutes: 420, sleep_score: 80 }])]);
      await c.query('select * from vitalis.upsert_wearable_activities($1)', [
        JSON.stringify([{ activity_date: daysAgo(1), source: 'garmin', source_activity_id: 'a-1', activity_type: 'running', activity_name: 'SECRET-ACTIVITY-NAME', duration_seconds: 1800 }]),
      ]);
    },
    true,
  );
  await db.pool.query(`update vitalis.users set display_name = 'SECRET-DISPLAY-NAME', email = 'secret-analyst-probe@example.com' where user_id = $1`, [people.women[0]]);
  await refresh(db.pool);
  // A real login as the analysts' role. The operator gives it a password; a test cluster may
  // trust local connections (PostgreSQL on 127.0.0.1) or ask for one (the embedded default), so
  // one is set for this run and taken away again when the role had none.
  const password = `analyst-${randomBytes(12).toString('hex')}`;
  hadPassword = (await db.pool.query(`select rolpassword is not null as has from pg_authid where rolname = 'vitalis_readonly'`)).rows[0].has;
  await db.pool.query(`alter role vitalis_readonly password '${password}'`);
  const client = new Client({ connectionString: withCredentials(db.url, 'vitalis_readonly', password) });
  await client.connect();
  analyst = client;
});

/** The analyst's connection (opened in beforeAll). */
function as(): Client {
  if (!analyst) throw new Error('not connected');
  return analyst;
}

async function failure(sql: string): Promise<string | null> {
  return as().query(sql).then(
    () => null,
    (error: { code?: string }) => error.code ?? 'error',
  );
}

/** Every relation this connection may select from (or select any column of), in any schema. */
async function readable(): Promise<Relation[]> {
  const { rows } = await as().query<Relation>(
    `select c.oid::regclass::text as rel, n.nspname as schema, c.relkind::text as kind
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
        and has_any_column_privilege(c.oid, 'select')
      order by 1`,
  );
  return rows;
}

test('the connection is the analysts\' login role itself: no superuser, no RLS bypass', async () => {
  const { rows } = await as().query(
    `select session_user::text as session_user, current_user::text as current_user, r.rolsuper, r.rolbypassrls, r.rolcanlogin
       from pg_roles r where r.rolname = current_user`,
  );
  expect(rows).toEqual([{ session_user: 'vitalis_readonly', current_user: 'vitalis_readonly', rolsuper: false, rolbypassrls: false, rolcanlogin: true }]);
});

test('it reads every view in analytics, populated (the benchmarks included)', async () => {
  const { rows: inSchema } = await db.pool.query(
    `select c.oid::regclass::text as rel from pg_class c where c.relnamespace = 'analytics'::regnamespace and c.relkind in ('r', 'p', 'v', 'm') order by 1`,
  );
  expect(inSchema.map((r) => r.rel)).toEqual(expect.arrayContaining(['analytics.benchmark_biomarkers', 'analytics.benchmark_daily_metrics', 'analytics.daily_metrics', 'analytics.subjects']));
  const counts: Record<string, number> = {};
  for (const { rel } of inSchema) counts[rel] = (await as().query(`select count(*)::int as n from ${rel}`)).rows[0].n;
  // Each one holds the seeded people's rows (or groups).
  expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
  expect((await readable()).filter((r) => r.schema === 'analytics').map((r) => r.rel)).toEqual(inSchema.map((r) => r.rel));
});

test('everything else it can read is a dictionary: no RLS, no user column, no key into a user table', async () => {
  const others = (await readable()).filter((r) => r.schema !== 'analytics');
  expect(others.length).toBeGreaterThan(0);
  const { rows } = await db.pool.query(
    `select c.oid::regclass::text as rel, c.relkind::text as kind, c.relrowsecurity,
            exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                      and a.attname in ('user_id', 'account_id', 'subject', 'created_by')) as user_column,
            exists (select 1 from pg_constraint k join pg_class t on t.oid = k.confrelid
                     where k.conrelid = c.oid and k.contype = 'f' and (t.relrowsecurity or t.oid = 'vitalis.users'::regclass)) as user_key
       from pg_class c where c.oid::regclass::text = any($1) order by 1`,
    [others.map((r) => r.rel)],
  );
  expect(rows.filter((r) => r.kind !== 'r' || r.relrowsecurity || r.user_column || r.user_key)).toEqual([]);
  expect(rows.every((r) => r.rel.startsWith('vitalis.'))).toBe(true);
});

test('no column it can read in analytics names a person, links back to one, or holds free text', async () => {
  const analyticsRels = (await readable()).filter((r) => r.schema === 'analytics').map((r) => r.rel);
  const { rows: columns } = await as().query<{ rel: string; col: string; type: string; typtype: string; base: string }>(
    `select c.oid::regclass::text as rel, a.attname as col, format_type(a.atttypid, a.atttypmod) as type, t.typtype::text as typtype,
            coalesce(nullif(t.typcategory, 'A'), e.typcategory)::text as base
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_type t on t.oid = a.atttypid
       left join pg_type e on e.oid = t.typelem
      where c.oid::regclass::text = any($1) and a.attnum > 0 and not a.attisdropped
      order by 1, a.attnum`,
    [analyticsRels],
  );
  expect(columns.length).toBeGreaterThan(40);
  // A uuid may only be a dictionary's key (biomarker_id): it names a thing, not a person.
  const { rows: dictKeys } = await as().query<{ col: string }>(
    `select a.attname as col from pg_index i join pg_class c on c.oid = i.indrelid join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
      where i.indisprimary and i.indnatts = 1 and c.relnamespace = 'vitalis'::regnamespace and c.relkind = 'r' and not c.relrowsecurity
        and has_table_privilege(c.oid, 'select')`,
  );
  const dictionaryKey = new Set(dictKeys.map((k) => k.col));
  expect(dictionaryKey.has('biomarker_id')).toBe(true);
  const where = (c: (typeof columns)[number]) => `${c.rel}.${c.col} ${c.type}`;
  expect(columns.filter((c) => IDENTIFYING.test(c.col) || (c.col.endsWith('_id') && !dictionaryKey.has(c.col))).map(where)).toEqual([]);
  expect(columns.filter((c) => c.type === 'uuid' && !dictionaryKey.has(c.col)).map(where)).toEqual([]);
  // No network addresses, bytes, JSON or arrays; text only where it is a category (enums are).
  expect(columns.filter((c) => ['inet', 'cidr', 'macaddr', 'bytea', 'json', 'jsonb', 'xml', 'tsvector'].includes(c.type) || c.base === 'A' || c.type.endsWith('[]')).map(where)).toEqual([]);
  expect(columns.filter((c) => c.base === 'S' && c.typtype !== 'e' && !(c.col in CATEGORICAL_TEXT)).map(where)).toEqual([]);
});

test('the text it can read holds no email, name, note, id or other free text of the people behind it', async () => {
  const { rows: textColumns } = await as().query<{ rel: string; col: string }>(
    `select c.oid::regclass::text as rel, a.attname as col from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_type t on t.oid = a.atttypid
      where c.relnamespace = 'analytics'::regnamespace and has_any_column_privilege(c.oid, 'select') and a.attnum > 0 and not a.attisdropped
        and t.typcategory = 'S'`,
  );
  const { rows: secrets } = await db.pool.query<{ s: string }>(
    `select s from (select user_id::text as s from vitalis.users union all select email from vitalis.users union all select display_name from vitalis.users
                    union all select account_id::text from vitalis.users union all select notes from vitalis.blood_panels
                    union all select specimen_id from vitalis.blood_panels union all select raw_name from vitalis.blood_markers
                    union all select activity_name from vitalis.wearable_activities) x where s is not null`,
  );
  expect(secrets.map((r) => r.s)).toEqual(expect.arrayContaining(['SECRET-DISPLAY-NAME', 'SECRET-NOTE about my divorce', people.women[0]]));
  const leaks: string[] = [];
  for (const { rel, col } of textColumns) {
    const { rows } = await as().query(`select distinct ${col}::text as v from ${rel} where ${col} is not null`);
    for (const { v } of rows) if (secrets.some(({ s }) => v.includes(s) || s.includes(v) && v.length > 8)) leaks.push(`${rel}.${col}: ${v}`);
  }
  expect(leaks).toEqual([]);
  // Pseudonyms are 64 hex digits, one per person, none the hash of a user id without the salt.
  const { rows: subjects } = await as().query(`select subject from analytics.subjects`);
  expect(subjects.every((r) => /^[0-9a-f]{64}$/.test(r.subject))).toBe(true);
  const { rows: unsalted } = await db.pool.query(`select encode(digest(user_id::text, 'sha256'), 'hex') as h from vitalis.users`);
  expect(subjects.filter((r) => unsalted.some((u) => u.h === r.subject))).toEqual([]);
});

test('it cannot read any vitalis or vitalis_private table, the salt, or compute a pseudonym', async () => {
  const { rows } = await db.pool.query(
    `select c.oid::regclass::text as rel from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('vitalis', 'vitalis_private', 'graphile_worker', 'graphile_migrate') and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and c.relrowsecurity or n.nspname in ('vitalis_private', 'graphile_worker', 'graphile_migrate') and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
  );
  expect(rows.length).toBeGreaterThan(40);
  const denied: Array<{ rel: string; outcome: string | null }> = [];
  for (const { rel } of rows) denied.push({ rel, outcome: await failure(`select 1 from ${rel} limit 1`) });
  expect(denied.filter((d) => d.outcome !== '42501')).toEqual([]);
  expect(await failure('select * from vitalis.users')).toBe('42501');
  expect(await failure('select email, display_name, date_of_birth from vitalis.users')).toBe('42501');
  expect(await failure('select salt from vitalis_private.analytics_salt')).toBe('42501');
  expect(await failure(`select vitalis_private.pseudonym('${people.women[0]}')`)).toBe('42501');
  expect(await failure('select * from vitalis_private.benchmark_daily_values(90)')).toBe('42501');
  expect(await failure('select * from vitalis_private.refresh_benchmarks()')).toBe('42501');
});

test('no SECURITY DEFINER function is within its reach, and it can write or create nothing', async () => {
  const { rows: definers } = await as().query(
    `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and has_function_privilege(p.oid, 'execute') and has_schema_privilege(n.oid, 'usage')`,
  );
  expect(definers).toEqual([]);
  const { rows: writes } = await as().query(
    `select c.oid::regclass::text as rel from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and (has_table_privilege(c.oid, 'insert') or has_table_privilege(c.oid, 'update') or has_table_privilege(c.oid, 'delete') or has_table_privilege(c.oid, 'truncate'))`,
  );
  expect(writes).toEqual([]);
  const { rows: creates } = await as().query(`select nspname from pg_namespace where has_schema_privilege(oid, 'create')`);
  expect(creates).toEqual([]);
  expect(await failure('refresh materialized view analytics.benchmark_daily_metrics')).toBe('42501');
});

test('every benchmark group it sees has at least 10 people', async () => {
  const { rows } = await as().query(`select n from analytics.benchmark_daily_metrics union all select n from analytics.benchmark_biomarkers`);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((r) => r.n < 10)).toEqual([]);
});
