import type { PoolClient } from 'pg';
import { asRequest, createUser, useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let user: string;

beforeAll(async () => {
  user = await createUser(db.pool);
});

async function partitions(table: string): Promise<string[]> {
  const { rows } = await db.pool.query(
    `select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass order by 1`,
    [`vitalis.${table}`],
  );
  return rows.map((r) => r.name);
}

const upsert = (client: PoolClient, rows: object[]) =>
  client.query(`select * from vitalis.upsert_wearable_daily($1)`, [JSON.stringify(rows)]).then((r) => r.rows[0]);

test('wearable tables are partitioned by year and audit_log by quarter', async () => {
  const { rows } = await db.pool.query(`
    select c.relname::text as name, pg_get_partkeydef(c.oid) as key from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'vitalis' and c.relkind = 'p' order by 1`);
  expect(rows).toEqual([
    { name: 'audit_log', key: 'RANGE (created_at)' },
    { name: 'wearable_activities', key: 'RANGE (activity_date)' },
    { name: 'wearable_daily', key: 'RANGE (date)' },
    { name: 'wearable_sleep', key: 'RANGE (sleep_date)' },
  ]);
  const thisYear = new Date().getUTCFullYear();
  expect(await partitions('wearable_daily')).toEqual(expect.arrayContaining([`wearable_daily_y${thisYear}`, `wearable_daily_y${thisYear + 1}`]));
  const quarters = await partitions('audit_log');
  expect(quarters.length).toBeGreaterThanOrEqual(5);
  expect(quarters.every((q) => /^audit_log_\d{4}q[1-4]$/.test(q))).toBe(true);
});

test('backfilling 2014 creates the 2014 partition on demand and stores the rows there', async () => {
  expect(await partitions('wearable_daily')).not.toContain('wearable_daily_y2014');
  const counts = await asRequest(db.pool, { userId: user }, (c) => upsert(c, [{ date: '2014-06-01', source: 'apple_health', steps: 4000 }]), true);
  expect(counts).toEqual({ inserted: 1, updated: 0, skipped: 0 });
  expect(await partitions('wearable_daily')).toContain('wearable_daily_y2014');
  const { rows } = await db.pool.query(`select tableoid::regclass::text as part from vitalis.wearable_daily where user_id = $1 and date = '2014-06-01'`, [user]);
  expect(rows).toEqual([{ part: 'vitalis.wearable_daily_y2014' }]);
});

test('rows for next year go into the partition kept ready for it', async () => {
  const next = new Date().getUTCFullYear() + 1;
  const counts = await asRequest(db.pool, { userId: user }, (c) => upsert(c, [{ date: `${next}-01-02`, source: 'oura', readiness_score: 80 }]), true);
  expect(counts.inserted).toBe(1);
  const { rows } = await db.pool.query(`select tableoid::regclass::text as part from vitalis.wearable_daily where user_id = $1 and date = $2`, [user, `${next}-01-02`]);
  expect(rows).toEqual([{ part: `vitalis.wearable_daily_y${next}` }]);
});

test('dates outside the sane window are rejected with a clear error and nothing is written', async () => {
  const tooOld = await asRequest(db.pool, { userId: user }, (c) => upsert(c, [{ date: '2010-01-01', source: 'garmin' }, { date: '1999-12-31', source: 'garmin' }])).catch((e) => e);
  expect(tooOld).toMatchObject({ code: '22008', column: 'date', message: expect.stringContaining('date: 1999-12-31 is outside the accepted range 2000-01-01') });
  const far = new Date().getUTCFullYear() + 3;
  const tooNew = await asRequest(db.pool, { userId: user }, (c) => upsert(c, [{ date: `${far}-01-01`, source: 'garmin' }])).catch((e) => e);
  expect(tooNew).toMatchObject({ code: '22008', message: expect.stringContaining(`${far}-01-01 is outside`) });
  expect(await partitions('wearable_daily')).not.toContain('wearable_daily_y2010');
});

test('the cron function keeps next year ready, creates nothing when all exist, and recreates a missing one', async () => {
  const next = new Date().getUTCFullYear() + 1;
  expect((await db.pool.query('select vitalis_private.ensure_future_partitions() as n')).rows[0].n).toBe(0);
  await db.pool.query(`drop table vitalis.wearable_sleep_y${next}`);
  expect(await partitions('wearable_sleep')).not.toContain(`wearable_sleep_y${next}`);
  const n = await asRequest(db.pool, { role: 'vitalis_worker', userId: null }, async (c) => (await c.query('select vitalis_private.ensure_future_partitions() as n')).rows[0].n, true);
  expect(n).toBe(1);
  expect(await partitions('wearable_sleep')).toContain(`wearable_sleep_y${next}`);
});

test('a new partition is owned by vitalis_owner, carries the indexes, and is not granted to anyone', async () => {
  const { rows } = await db.pool.query(`
    select pg_get_userbyid(c.relowner) as owner, c.relacl is null as no_grants,
           (select count(*)::int from pg_index i where i.indrelid = c.oid) as indexes
      from pg_class c where c.oid = 'vitalis.wearable_daily_y2014'::regclass`);
  expect(rows[0]).toEqual({ owner: 'vitalis_owner', no_grants: true, indexes: 4 });
});

/** Relations scanned by a plan: partitions pruned at plan or executor start do not appear. */
function scanned(plan: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') out.push(node['Relation Name']);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan);
  return [...new Set(out)].sort();
}

test("a user's last-30-days dashboard query touches one partition (two across New Year), under RLS", async () => {
  const explain = (sql: string, params: unknown[]) =>
    asRequest(db.pool, { userId: user }, async (c) => (await c.query(`explain (analyze, format json) ${sql}`, params)).rows[0]['QUERY PLAN'][0].Plan);
  const today = await explain(`select date, steps from vitalis.wearable_daily where user_id = $1 and date between current_date - 30 and current_date order by date desc`, [user]);
  const { rows } = await db.pool.query(`select extract(doy from current_date)::int as doy, extract(year from current_date)::int as year`);
  const expected = rows[0].doy > 31 ? [`wearable_daily_y${rows[0].year}`] : [`wearable_daily_y${rows[0].year - 1}`, `wearable_daily_y${rows[0].year}`];
  expect(scanned(today)).toEqual(expected);

  const year = new Date().getUTCFullYear();
  const acrossNewYear = await explain(`select date, steps from vitalis.wearable_daily where user_id = $1 and date between $2::date - 30 and $2::date`, [user, `${year + 1}-01-10`]);
  expect(scanned(acrossNewYear)).toEqual([`wearable_daily_y${year}`, `wearable_daily_y${year + 1}`]);

  const sleep = await explain(`select * from vitalis.wearable_sleep where user_id = $1 and sleep_date between current_date - 30 and current_date`, [user]);
  expect(scanned(sleep)).toHaveLength(expected.length);
});

test('API functions that read the partitioned wearable tables by dates in variables plan once per connection (a generic plan, pruned when it runs)', async () => {
  // Under plan_cache_mode = auto PostgreSQL keeps choosing custom plans for such statements and
  // plans them on every call; the upserts write rather than read ranges and are left out.
  const { rows } = await db.pool.query(`
    select p.proname::text as name, coalesce(array_to_string(p.proconfig, ','), '') as config
      from pg_proc p join pg_language l on l.oid = p.prolang
     where p.pronamespace = 'vitalis'::regnamespace and l.lanname = 'plpgsql' and p.prokind = 'f'
       and p.prosrc ~ 'vitalis\\.wearable_(daily|sleep|activities)' and p.proname !~ '^upsert_'
     order by 1`);
  expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['dashboard', 'training_load']));
  for (const r of rows) expect({ name: r.name, generic: r.config.includes('plan_cache_mode=force_generic_plan') }).toEqual({ name: r.name, generic: true });
});
