import { asRequest, pgError, useTestDatabase } from '../helpers/db';

// vitalis_private.describe_table: one table's whole truth for a DBA (sql/describe_table.sql runs it
// from psql). Checked against tables whose facts the migrations fix.

const db = useTestDatabase();

type Fact = { section: string; name: string; detail: string };
const describeTable = async (table: string): Promise<Fact[]> =>
  asRequest(db.pool, { role: 'vitalis_admin' }, async (c) => (await c.query<Fact>('select * from vitalis_private.describe_table($1)', [table])).rows);
const find = (facts: Fact[], section: string, name: string) => facts.find((f) => f.section === section && f.name === name)?.detail;

test('columns with type, nullability, default and comment; constraints; indexes', async () => {
  const facts = await describeTable('vitalis.user_timezones');
  expect(facts[0]).toEqual({ section: 'table', name: 'vitalis.user_timezones', detail: expect.stringMatching(/^table; RLS enabled and forced; comment: Where the user was/) });
  expect(find(facts, 'column', 'user_id')).toBe('uuid; not null; default vitalis.current_user_id()');
  expect(find(facts, 'column', 'valid_to')).toBe('timestamp with time zone; null; comment: Instant the zone stops applying (exclusive); NULL while it still applies.');
  expect(find(facts, 'constraint', 'user_timezones_pkey')).toBe('PRIMARY KEY (timezone_id, user_id)');
  expect(find(facts, 'constraint', 'user_timezones_utc_offset_minutes_range')).toMatch(/CHECK .*-720.*840/);
  expect(find(facts, 'index', 'vitalis.user_timezones_user_from')).toMatch(/USING btree \(user_id, valid_from\)/);
  // Columns in table order, then the other sections in a DBA's reading order.
  const sections = [...new Set(facts.map((f) => f.section))];
  expect(sections).toEqual(['table', 'column', 'constraint', 'index', 'policy', 'grant', 'trigger']);
  expect(facts.filter((f) => f.section === 'column').map((f) => f.name).slice(0, 3)).toEqual(['timezone_id', 'user_id', 'timezone']);
});

test('policies, table and column grants, and triggers', async () => {
  const facts = await describeTable('vitalis.blood_panels');
  expect(find(facts, 'policy', 'user_isolation')).toMatch(/^permissive for all; to vitalis_api, vitalis_worker, vitalis_owner; using \(\(user_id = ANY \(\( SELECT vitalis\.readable_user_ids\(\).*with check \(\(user_id = \( SELECT vitalis\.current_user_id\(\)/);
  expect(find(facts, 'policy', 'household_read_only_update')).toMatch(/^restrictive for update; to vitalis_api; using \(\(user_id = \( SELECT vitalis\.current_user_id\(\)/);
  expect(find(facts, 'policy', 'admin_all')).toBe('permissive for all; to vitalis_admin; using (true); with check (true)');
  expect(find(facts, 'grant', 'vitalis_api')).toBe('DELETE, SELECT');
  const columnGrants = facts.filter((f) => f.section === 'column grant' && f.name === 'vitalis_api').map((f) => f.detail);
  expect(columnGrants).toEqual(expect.arrayContaining([expect.stringMatching(/^INSERT \(.*\blab_name\b.*\)$/), expect.stringMatching(/^UPDATE \(.*\bdeleted_at\b.*\)$/)]));
  expect(columnGrants.join(' ')).not.toMatch(/\bpanel_id\b|\buser_id\b/);
  expect(find(facts, 'trigger', '_900_audit_insert')).toMatch(/AFTER INSERT ON vitalis\.blood_panels REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vitalis_private\.tg__audit_insert__blood_panels\(\)/);
});

test('a partitioned table shows its key and partitions', async () => {
  const facts = await describeTable('vitalis.wearable_daily');
  expect(facts[0]?.detail).toMatch(/^partitioned table, RANGE \(date\)/);
  const partitions = facts.filter((f) => f.section === 'partition');
  expect(partitions.length).toBeGreaterThan(0);
  expect(partitions[0]?.detail).toMatch(/^FOR VALUES FROM \('\d{4}-01-01'\) TO \('\d{4}-01-01'\)$|^DEFAULT$/);
});

test('for the admin role only', async () => {
  const error = await asRequest(db.pool, { role: 'vitalis_api' }, (c) => pgError(c, () => c.query(`select * from vitalis_private.describe_table('vitalis.users')`)));
  expect(error?.code).toBe('42501');
});
