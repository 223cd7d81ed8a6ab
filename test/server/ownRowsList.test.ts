// Root lists name the caller when the caller reads nobody else's rows (plugins/OwnRowsListPlugin.ts):
// the newest rows of a long series are read from the index in order, not sorted out of everything
// readable; their requests tell the policies to skip the household lookup (app.own_rows_only); a
// household viewer's lists keep the rows shared with them, from the moment the share is live, and
// their requests carry no such hint; and the policies the plugin relies on are the ones it assumes.
import { REQUEST_SETTINGS_SQL, RequestClient } from '../../src/db/requestClient';
import { asRequest, createHouseholdMember, createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type GraphQLResponse, type Harness } from './harness';

let h: Harness;
let owner: string;
let viewer: string;
const DAYS = 400;

/** Every statement the API sent while `run` ran, with its values. */
async function statementsSent(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const sent: { text: string; values: unknown[] }[] = [];
  const real = RequestClient.prototype.query;
  const spy = jest.spyOn(RequestClient.prototype, 'query').mockImplementation(function (this: RequestClient, ...args: any[]) {
    const [config, values] = args as [unknown, unknown];
    const c = (typeof config === 'string' ? { text: config } : config) as { text?: unknown; values?: unknown[] } | undefined;
    if (typeof c?.text === 'string') sent.push({ text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) });
    return real.apply(this, args);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

/** The list pages the API sent while `run` ran: the page itself, not totalCount's count (the two go out in either order). */
async function sqlSent(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  return (await statementsSent(run)).filter((q) => q.text.includes('"wearable_daily"') && /\blimit \d+/.test(q.text));
}

/** The transaction settings of the requests `run` made, as name -> value. */
async function settingsSent(run: () => Promise<unknown>): Promise<Record<string, string>[]> {
  const sent = (await statementsSent(run)).filter((q) => q.text === REQUEST_SETTINGS_SQL);
  return sent.map((q) => Object.fromEntries(JSON.parse(q.values[0] as string) as [string, string][]));
}

/** Rows the scans of the list's plan read, run as the caller (EXPLAIN ANALYZE). */
async function rowsScanned(userId: string, query: { text: string; values: unknown[] }): Promise<number> {
  const plan = await asRequest(h.db.pool, { userId }, async (c) => {
    // A table this small may be read whole either way, whichever the planner prices lower: with
    // full sorts and sequential scans priced out, the plan shows whether an ordered read exists.
    await c.query(`set local enable_sort = off; set local enable_seqscan = off`);
    return (await c.query(`explain (analyze, format json) ${query.text}`, query.values)).rows[0]['QUERY PLAN'][0].Plan;
  });
  let scanned = 0;
  const walk = (node: Record<string, any>) => {
    if (/Scan$/.test(node['Node Type'])) scanned += Number(node['Actual Rows']) * Number(node['Actual Loops'] ?? 1);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return scanned;
}

beforeAll(async () => {
  h = await startHarness();
  owner = await createUser(h.db.pool, { tier: 'family' });
  viewer = await createHouseholdMember(h.db.pool, owner);
  await h.db.pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source, steps)
     select $1, d::date, 'garmin', 1000 + n from generate_series(current_date - $2::int + 1, current_date, '1 day') with ordinality g(d, n)`,
    [owner, DAYS],
  );
  await h.db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, current_date - 1, 'oura', 7)`, [viewer]);
  await h.db.pool.query(`analyze vitalis.wearable_daily`);
});

afterAll(async () => {
  await h?.close();
});

const NEWEST = `query { wearableDailies(first: 3, orderBy: DATE_DESC) { totalCount nodes { userId steps } } }`;

test('someone who views nobody else reads their newest rows from the index in order, not out of a sort of all of them', async () => {
  const token = await tokenFor(h, owner);
  await graphql(h.server, NEWEST, { token }); // the session's liveness (and what it says of shares) is cached now
  let response: GraphQLResponse | undefined;
  const [list] = await sqlSent(async () => {
    response = await graphql(h.server, NEWEST, { token });
  });
  expect(response?.body.errors).toBeUndefined();
  expect(response?.body.data?.wearableDailies).toEqual({
    totalCount: DAYS,
    nodes: [DAYS, DAYS - 1, DAYS - 2].map((n) => ({ userId: owner, steps: 1000 + n })),
  });
  expect(list?.text).toMatch(/"user_id" = \$\d+::uuid/);
  expect(list?.values).toContain(owner);
  // The page reads a handful of rows per partition it touches, not the year and more of them.
  expect(await rowsScanned(owner, list!)).toBeLessThan(20);
  // And the policies answer them without looking the household up (readable_user_ids()).
  const settings = await settingsSent(() => graphql(h.server, NEWEST, { token }));
  expect(settings.length).toBeGreaterThan(0);
  for (const s of settings) expect(s).toMatchObject({ 'app.current_user_id': owner, 'app.own_rows_only': 'on' });
});

test("a viewer's lists keep the rows shared with them, from the moment the share is live", async () => {
  const viewerToken = await tokenFor(h, viewer);
  const before = await graphql(h.server, NEWEST, { token: viewerToken });
  expect(before.body.data?.wearableDailies).toEqual({ totalCount: 1, nodes: [{ userId: viewer, steps: 7 }] });

  const ended = jest.spyOn(h.server.sessions, 'ended');
  const granted = await graphql(h.server, `mutation ($viewer: UUID!) { grantProfileView(input: { viewer: $viewer }) { clientMutationId } }`, {
    token: await tokenFor(h, owner),
    variables: { viewer },
  });
  expect(granted.body.errors).toBeUndefined();
  // This process drops the viewer's cached answer itself (the database's NOTIFY tells every process).
  expect(ended).toHaveBeenCalledWith(viewer);
  ended.mockRestore();
  const after = await graphql(h.server, NEWEST, { token: viewerToken });
  expect(after.body.data?.wearableDailies.totalCount).toBe(DAYS + 1);
  const [list] = await sqlSent(() => graphql(h.server, NEWEST, { token: viewerToken }));
  expect(list?.text).not.toMatch(/"user_id" = \$\d+::uuid/);
  const settings = await settingsSent(() => graphql(h.server, NEWEST, { token: viewerToken }));
  expect(settings.length).toBeGreaterThan(0);
  for (const s of settings) {
    expect(s).toMatchObject({ 'app.current_user_id': viewer });
    expect(s).not.toHaveProperty(['app.own_rows_only']);
  }
});

test('every table the plugin may narrow reads the caller’s rows, or the household’s readable ones, and nothing else', async () => {
  // The plugin marks a table whose one permissive SELECT policy for vitalis_api is user_isolation;
  // adding user_id = <caller> changes no answer only if that policy is one of these two.
  const { rows } = await h.db.pool.query(`
    select p.tablename, p.qual
      from pg_policies p
     where p.schemaname = 'vitalis' and p.policyname = 'user_isolation' and p.permissive = 'PERMISSIVE' and p.cmd in ('SELECT', 'ALL')
       and not exists (select 1 from pg_policies o where o.schemaname = p.schemaname and o.tablename = p.tablename and o.policyname <> p.policyname
                        and o.permissive = 'PERMISSIVE' and o.cmd in ('SELECT', 'ALL') and ('vitalis_api' = any (o.roles) or 'public' = any (o.roles)))`);
  expect(rows.length).toBeGreaterThan(20);
  for (const { tablename, qual } of rows as { tablename: string; qual: string }[]) {
    expect({ tablename, qual }).toEqual({
      tablename,
      qual: expect.stringMatching(/^\(user_id = (ANY \(\( SELECT vitalis\.readable_user_ids\(\) AS readable_user_ids\)::uuid\[\]\)|\( SELECT vitalis\.current_user_id\(\) AS current_user_id\))\)$/),
    });
  }
});
