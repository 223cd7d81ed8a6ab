import { useTestDatabase } from '../helpers/db';

// House rules of the schema, checked on the catalog so new tables follow them too.

const db = useTestDatabase();

const vitalisTables = `
  select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'vitalis' and c.relkind in ('r', 'p') and not c.relispartition`;

test('every table has a comment (it becomes the API documentation)', async () => {
  const { rows } = await db.pool.query(`select relname from (${vitalisTables}) t where obj_description(t.oid, 'pg_class') is null order by 1`);
  expect(rows).toEqual([]);
});

test('every table with updated_at keeps it current by trigger', async () => {
  const { rows } = await db.pool.query(`
    select t.relname from (${vitalisTables}) t
     where exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'updated_at' and not a.attisdropped)
       and t.relname <> 'audit_log'
       and not exists (select 1 from pg_trigger g where g.tgrelid = t.oid and g.tgname = '_100_set_updated_at')
     order by 1`);
  expect(rows).toEqual([]);
});

test('updated_at moves on update', async () => {
  const { rows } = await db.pool.query(`
    with a as (insert into vitalis.accounts default values returning account_id, updated_at)
    select account_id from a`);
  await db.pool.query(`select pg_sleep(0.01)`);
  const { rows: after } = await db.pool.query(`update vitalis.accounts set subscription_status = 'past_due' where account_id = $1 returning updated_at > created_at as moved`, [rows[0].account_id]);
  expect(after[0].moved).toBe(true);
});

// A parent's delete (GDPR erasure cascades) looks children up by the key columns: an index that
// leads with one of them keeps that from scanning the child table.
test('every foreign key is backed by an index that leads with one of its columns', async () => {
  const { rows } = await db.pool.query(`
    select c.conrelid::regclass::text as tbl, c.conname
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
     where n.nspname = 'vitalis' and c.contype = 'f'
       and not exists (
         select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0] = any(c.conkey))
     order by 1, 2`);
  expect(rows).toEqual([]);
});

test('every security definer function pins its search_path', async () => {
  const { rows } = await db.pool.query(`
    select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('vitalis', 'vitalis_private') and p.prosecdef
       and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')`);
  expect(rows).toEqual([]);
});

test('no application object lives in the public schema', async () => {
  const { rows } = await db.pool.query(`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')`);
  expect(rows).toEqual([]);
});

test('the critical indexes of SCHEMA.md section 9 exist', async () => {
  const expected = [
    ['wearable_daily', '(user_id, date DESC)'],
    ['wearable_sleep', '(user_id, sleep_date DESC)'],
    ['wearable_activities', '(user_id, activity_date DESC)'],
    ['blood_markers', '(user_id, biomarker_id, panel_id)'],
    ['blood_markers', '(user_id, biomarker_id)'],
    ['blood_panels', '(user_id, collected_at DESC)'],
    ['biomarker_dictionary', 'gin (aliases)'],
    ['biomarker_dictionary', '(canonical_name)'],
    ['biomarker_dictionary', '(category)'],
    ['goals', '(user_id) WHERE (is_active = true)'],
    ['insights', '(user_id, created_at DESC) WHERE (is_dismissed = false)'],
    ['ingestion_jobs', "(status, next_retry_at) WHERE (status = ANY (ARRAY['queued'::vitalis.job_status, 'failed'::vitalis.job_status]))"],
    ['dexa_scans', '(user_id, scan_date DESC)'],
    ['epigenetic_tests', '(user_id, collected_at DESC)'],
    ['supplement_logs', '(user_id, taken_at DESC)'],
    ['supplement_logs', '(supplement_id, taken_at)'],
    ['users', '(email)'],
    ['users', '(account_id)'],
    ['connected_devices', '(source, last_sync_at)'],
    ['audit_log', '(user_id, created_at DESC)'],
    ['audit_log', '(table_name, record_id)'],
    ['audit_log', '(action_by, created_at DESC)'],
  ];
  const { rows } = await db.pool.query(`select tablename, indexdef from pg_indexes where schemaname = 'vitalis'`);
  const missing = expected.filter(([table, def]) => !rows.some((r) => r.tablename === table && r.indexdef.endsWith(def!)));
  expect(missing).toEqual([]);
});

test('no function is executable by PUBLIC; anonymous requests reach only what is granted to them', async () => {
  const { rows } = await db.pool.query(`
    select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('vitalis', 'vitalis_private')
       and exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')`);
  expect(rows).toEqual([]);
  const { rows: anon } = await db.pool.query(`select has_function_privilege('vitalis_anonymous', 'vitalis_private.create_partitions(regclass, date, date)', 'execute') as can`);
  expect(anon[0].can).toBe(false);
});
