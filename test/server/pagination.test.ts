// Cursor pagination through every orderBy value of every connection on Query, found by
// introspecting the running schema (a new table, column or aggregate ordering is covered without
// editing this file), over rows with many NULLs and repeated values: pages of `first`/`after`
// and of `last`/`before` must together give every row exactly once, in the order of the same
// query unpaged.
import type { Pool } from 'pg';
import { createHouseholdMember, createUser } from '../helpers/db';
import { hasUserId, seedEveryUserTable, topological, vitalisTables, type TableInfo } from '../helpers/catalog';
import { graphql, startHarness, tokenFor, type GraphQLResponse, type Harness } from './harness';

jest.setTimeout(120_000);

let h: Harness;
let token: string;

/** Rows added to each user table on top of the one seedEveryUserTable makes. */
const EXTRA_ROWS = 7;

beforeAll(async () => {
  h = await startHarness({ ENABLE_GRAPHIQL: 'true', MAX_QUERY_COST: '100000000', MAX_QUERY_ALIASES: '1000', MAX_QUERY_FIELDS: '100000' });
  const userId = await createUser(h.db.pool, { tier: 'family' });
  const tables = await vitalisTables(h.db.pool);
  await seedVariants(h.db.pool, tables, await seedEveryUserTable(h.db.pool, tables, userId));
  token = await tokenFor(h, userId);
  // backup_runs (no user_id) is read by app admins: the user is one, and runs exist to page through.
  await h.db.pool.query(`update vitalis.users set role = 'admin' where user_id = $1`, [userId]);
  await h.db.pool.query(`insert into vitalis.backup_runs (kind, tier, status, started_at) select 'backup', 'daily', 'succeeded', now() - make_interval(days => g) from generate_series(1, ${EXTRA_ROWS}) g`);
  // Three household members share their profiles with the user, so `users` (ordered by
  // aggregates over every table: NULL for a member without rows) has rows to page through.
  for (const data of ['one row each', 'none', 'one row each'] as const) {
    const member = await createHouseholdMember(h.db.pool, userId, `Member ${data}`);
    if (data !== 'none') await seedEveryUserTable(h.db.pool, tables, member);
    const granted = await graphql(h.server, `mutation ($viewer: UUID!) { grantProfileView(input: { viewer: $viewer }) { clientMutationId } }`, {
      token: await tokenFor(h, member),
      variables: { viewer: userId },
    });
    expect(granted.body.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await h?.close();
});

// ---------------------------------------------------------------------------------------------
// Seeding: rows that differ from the seeded one, with NULLs and repeated values in every column
// that allows them. Values a CHECK, unique or foreign key refuses fall back to the seeded row's.

interface ColumnFacts {
  generated: Set<string>;
  constraintColumns: Map<string, string[]>;
}

async function columnFacts(pool: Pool, table: string): Promise<ColumnFacts> {
  const generated = await pool.query(
    `select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and (attgenerated <> '' or attidentity = 'a')`,
    [`vitalis.${table}`],
  );
  const constraints = await pool.query(
    `select conname, array_agg(a.attname::text) as columns from pg_constraint c
       cross join unnest(c.conkey) k(attnum) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
      where c.conrelid = $1::regclass group by conname
     union all
     select i.relname, array_agg(a.attname::text) from pg_index x join pg_class i on i.oid = x.indexrelid
       cross join unnest(x.indkey) k(attnum) join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
      where x.indrelid = $1::regclass group by i.relname`,
    [`vitalis.${table}`],
  );
  return {
    generated: new Set(generated.rows.map((r) => r.attname as string)),
    constraintColumns: new Map(constraints.rows.map((r) => [r.conname as string, r.columns as string[]])),
  };
}

/** The k-th distinct value of a column type, or undefined for types left as seeded. */
function variant(type: string, enumLabels: string[] | null, k: number, seeded: unknown): unknown {
  if (enumLabels) return enumLabels[k % enumLabels.length];
  if (type === 'smallint' || type === 'integer' || type === 'bigint' || type.startsWith('numeric') || type === 'real' || type === 'double precision') {
    return 1 + k;
  }
  if (type === 'date') {
    const day = typeof seeded === 'string' ? new Date(`${seeded}T00:00:00Z`) : new Date('2025-06-01T00:00:00Z');
    return new Date(day.getTime() - k * 86_400_000).toISOString().slice(0, 10);
  }
  if (type.startsWith('timestamp')) {
    const at = seeded instanceof Date ? seeded : new Date('2025-06-01T08:00:00Z');
    return new Date(at.getTime() - k * 3_600_000).toISOString();
  }
  if (type === 'boolean') return k % 2 === 0;
  if (type === 'text' || type.startsWith('character varying')) return `v${k}`;
  if (type === 'jsonb' || type === 'json') return { k };
  return undefined;
}

// Per row and column, which variant to use: null (when allowed) and repeats are common.
const NULLABLE_PATTERN = [null, 0, 1, 0, null, 2, 1, null] as const;
const NOT_NULL_PATTERN = [0, 1, 0, 2, 1, 0, 3, 2] as const;

async function seedVariants(pool: Pool, tables: TableInfo[], base: Map<string, Record<string, unknown>>): Promise<void> {
  // users, accounts: one visible row per user; user_preferences: one row per user.
  const skip = new Set(['users', 'accounts', 'user_preferences']);
  for (const t of topological(tables.filter(hasUserId))) {
    const seeded = base.get(t.name);
    if (!seeded || skip.has(t.name)) continue;
    const facts = await columnFacts(pool, t.name);
    const fkColumns = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
    for (let i = 1; i <= EXTRA_ROWS; i++) {
      const values: Record<string, unknown> = {};
      const varied = new Set<string>();
      t.columns.forEach((c, j) => {
        if (facts.generated.has(c.name)) return;
        // Generated ids; not user_id, which primary keys contain too (docs/distribution.md).
        if (t.primaryKey.includes(c.name) && c.hasDefault && c.name !== 'user_id') return;
        const current = seeded[c.name];
        values[c.name] = current;
        if (c.name === 'user_id') return;
        if (fkColumns.has(c.name)) {
          // A nullable reference: alternately NULL and the seeded parent.
          if (!c.notNull && current != null) values[c.name] = (i + j) % 2 ? null : current;
          return;
        }
        const slot = (c.notNull ? NOT_NULL_PATTERN : NULLABLE_PATTERN)[(i + j) % 8]!;
        const value = slot === null ? null : variant(c.type, c.enumLabels, slot, current);
        if (slot !== null && value === undefined) return;
        values[c.name] = value;
        varied.add(c.name);
      });
      await insertWithFallback(pool, t, values, seeded, facts, varied, i);
    }
  }
}

/** Inserts the row, falling back towards the seeded values; false when no variant is possible. */
async function insertWithFallback(
  pool: Pool,
  t: TableInfo,
  values: Record<string, unknown>,
  seeded: Record<string, unknown>,
  facts: ColumnFacts,
  varied: Set<string>,
  row: number,
): Promise<boolean> {
  const columnType = new Map(t.columns.map((c) => [c.name, c]));
  const pinned = new Set(['user_id', ...t.foreignKeys.flatMap((fk) => fk.columns)]);
  for (let attempt = 0; attempt < 12; attempt++) {
    const cols = Object.keys(values);
    try {
      await pool.query(
        `insert into vitalis.${t.name} (${cols.join(', ')}) values (${cols.map((_, k) => `$${k + 1}`).join(', ')})`,
        cols.map((c) => (values[c] !== null && typeof values[c] === 'object' && !(values[c] instanceof Date) ? JSON.stringify(values[c]) : values[c])),
      );
      return true;
    } catch (error) {
      const e = error as { code?: string; constraint?: string; column?: string };
      const named = (e.constraint && facts.constraintColumns.get(e.constraint)) || (e.column ? [e.column] : null);
      if (e.code === '23505' || e.code === '23P01') {
        // Unique or exclusion: give this row its own values in those columns, if any may change.
        const free = (named ?? []).filter((name) => !pinned.has(name));
        if (!free.length) return false;
        for (const name of free) {
          const c = columnType.get(name)!;
          const unique = variant(c.type, c.enumLabels, 10 * row + attempt, seeded[name]);
          if (unique === undefined) return false;
          values[name] = unique;
          varied.add(name);
        }
        continue;
      }
      // Anything else (CHECK, NOT NULL, a trigger, a partition bound): back to the seeded values,
      // first of the columns the error names, then of every column changed.
      const culprits = named?.filter((n) => varied.has(n)).length ? named.filter((n) => varied.has(n)) : [...varied];
      if (!culprits.length) throw new Error(`seeding ${t.name}: ${(error as Error).message}`);
      for (const name of culprits) {
        values[name] = seeded[name];
        varied.delete(name);
        pinned.add(name);
      }
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The schema: every connection on Query with an orderBy argument, and every value of its enum.

interface ConnectionField {
  name: string;
  orderByType: string;
  orderByValues: string[];
  /** Selection that identifies a node. */
  identity: string;
}

interface IntrospectedType {
  name: string;
  kind: string;
  fields: Array<{
    name: string;
    args: Array<{ name: string; type: TypeRef }>;
    type: TypeRef;
  }> | null;
  enumValues: Array<{ name: string }> | null;
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

function named(ref: TypeRef): TypeRef {
  return ref.ofType ? named(ref.ofType) : ref;
}

async function connectionFields(): Promise<ConnectionField[]> {
  const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
  const result = await graphql(
    h.server,
    `{ __schema { queryType { name } types { name kind enumValues { name } fields { name type { ${typeRef} } args { name type { ${typeRef} } } } } } }`,
    { token },
  );
  expect(result.body.errors).toBeUndefined();
  const types = new Map<string, IntrospectedType>((result.body.data!.__schema.types as IntrospectedType[]).map((t) => [t.name, t]));
  const query = types.get(result.body.data!.__schema.queryType.name)!;
  const out: ConnectionField[] = [];
  for (const field of query.fields ?? []) {
    const orderBy = field.args.find((a) => a.name === 'orderBy');
    const connection = types.get(named(field.type).name ?? '');
    if (!orderBy || !connection?.fields?.some((f) => f.name === 'pageInfo')) continue;
    // Functions with required arguments would need values this test cannot invent.
    if (field.args.some((a) => a.type.kind === 'NON_NULL')) continue;
    const nodeType = types.get(named(connection.fields.find((f) => f.name === 'nodes')!.type).name ?? '')!;
    const nodeFields = nodeType.fields ?? [];
    const identity = nodeFields.some((f) => f.name === 'id')
      ? 'id'
      : nodeFields
          .filter((f) => f.type.kind === 'NON_NULL' && ['SCALAR', 'ENUM'].includes(named(f.type).kind) && f.args.length === 0)
          .map((f) => f.name)
          .join(' ');
    const orderByType = named(orderBy.type).name!;
    const values = types.get(orderByType)!.enumValues!.map((v) => v.name);
    out.push({ name: field.name, orderByType, orderByValues: values, identity });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Paging. Each request asks one connection for up to CHUNK orderings at once, as aliases whose
// orderBy and cursor are variables, so the same document (and its cached plan) serves every step.

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: Array<Record<string, unknown>>;
}

const CHUNK = 100;
let requests = 0;
/** One line per ordering and direction that did not give every row exactly once, in order. */
const failures: string[] = [];

async function runChunk(field: ConnectionField, orders: string[][], args: string, cursors: Array<string | null> | null, selection: string): Promise<Page[]> {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const aliases = orders.map((orderBy, k) => {
    declarations.push(`$o${k}: [${field.orderByType}!]`);
    variables[`o${k}`] = orderBy;
    if (cursors) {
      declarations.push(`$c${k}: Cursor`);
      variables[`c${k}`] = cursors[k];
    }
    return `o${k}: ${field.name}(orderBy: $o${k}, ${args.replace('$CURSOR', `$c${k}`)}) { ${selection} }`;
  });
  const document = `query (${declarations.join(', ')}) { ${aliases.join('\n')} }`;
  requests++;
  const result = await graphql(h.server, document, { token, variables });
  if (result.body.errors) throw new Error(`${field.name}: ${JSON.stringify(result.body.errors.slice(0, 3))}`);
  return orders.map((_, k) => result.body.data![`o${k}`] as Page);
}

function key(field: ConnectionField, node: Record<string, unknown>): string {
  return field.identity === 'id' ? String(node.id) : JSON.stringify(node);
}

/** Orderings to check: every value alone, and a few pairs mixing directions. */
function orderingsOf(field: ConnectionField): string[][] {
  const values = field.orderByValues;
  const asc = values.filter((v) => v.endsWith('_ASC') && !v.startsWith('PRIMARY_KEY'));
  const pairs: string[][] = [];
  for (let k = 0; k < Math.min(3, asc.length - 1); k++) {
    const first = asc[(k * 7) % asc.length]!;
    const second = asc[(k * 7 + 1) % asc.length]!.replace(/_ASC$/, '_DESC');
    pairs.push([first, second], [second.replace(/_DESC$/, '_ASC'), first.replace(/_ASC$/, '_DESC')]);
  }
  return [...values.map((v) => [v]), ...pairs];
}

interface Edges {
  totalCount?: number;
  edges: Array<{ cursor: string; node: Record<string, unknown> }>;
}

/**
 * One chunk of orderings: unpaged (the reference order, and the first page with its cursors),
 * then `after` cursors to the end, and, where `backwards` says, `last`/`before` from the end.
 */
async function checkChunk(field: ConnectionField, orders: string[][], backwards: boolean[]): Promise<number> {
  const paging = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { ${field.identity} }`;
  // totalCount on one alias only: the others would cost a count query each.
  const maxPage = h.config.MAX_PAGE_SIZE;
  const unpagedVariables: Record<string, unknown> = {};
  const unpaged = orders.map((orderBy, k) => {
    unpagedVariables[`o${k}`] = orderBy;
    return `o${k}: ${field.name}(orderBy: $o${k}, first: ${maxPage}) { ${k === 0 ? 'totalCount ' : ''}edges { cursor node { ${field.identity} } } }`;
  });
  requests++;
  const result = await graphql(h.server, `query (${orders.map((_, k) => `$o${k}: [${field.orderByType}!]`).join(', ')}) { ${unpaged.join('\n')} }`, {
    token,
    variables: unpagedVariables,
  });
  if (result.body.errors) throw new Error(`${field.name}: ${JSON.stringify(result.body.errors.slice(0, 3))}`);
  const full = orders.map((_, k) => result.body.data![`o${k}`] as Edges);
  if (full.some((page) => !page || page.edges.some((edge) => !edge))) throw new Error(`${field.name}: incomplete unpaged result`);
  const total = full[0]!.totalCount!;
  expect(total).toBeLessThanOrEqual(maxPage);
  const expected = full.map((page) => page.edges.map((e) => key(field, e.node)));
  for (const [i, list] of expected.entries()) {
    if (list.length !== total || new Set(list).size !== total) {
      failures.push(`${field.name}(orderBy: [${orders[i]}]) unpaged: ${list.length} rows, ${new Set(list).size} distinct, totalCount ${total}`);
    }
  }
  if (total === 0) return 0;
  const pageSize = Math.max(3, Math.ceil(total / 3));
  const maxSteps = Math.ceil(total / pageSize) + 1;

  for (const direction of ['forward', 'backward'] as const) {
    const active = orders.map((_, i) => i).filter((i) => direction === 'forward' || backwards[i]);
    if (!active.length) continue;
    const got = active.map(() => [] as string[]);
    const cursors: Array<string | null> = active.map(() => null);
    const done = active.map(() => false);
    if (direction === 'forward') {
      // The first page is the unpaged query's head; from its last cursor on, `after` pages.
      active.forEach((i, j) => {
        const head = full[i]!.edges.slice(0, pageSize);
        got[j]!.push(...head.map((e) => key(field, e.node)));
        cursors[j] = head[head.length - 1]!.cursor;
      });
    }
    const args = direction === 'forward' ? `first: ${pageSize}, after: $CURSOR` : `last: ${pageSize}, before: $CURSOR`;
    for (let step = 0; step <= maxSteps && done.some((d) => !d); step++) {
      const pages = await runChunk(field, active.map((i) => orders[i]!), args, cursors, paging);
      pages.forEach((page, j) => {
        if (done[j]) return; // finished orderings ride along so the document stays the same
        const ids = page.nodes.map((n) => key(field, n));
        if (direction === 'forward') got[j]!.push(...ids);
        else got[j]!.unshift(...ids);
        const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
        const next = direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
        if (!more || !next || ids.length === 0) done[j] = true;
        else cursors[j] = next;
      });
    }
    active.forEach((i, j) => {
      // An ordering that repeats a page forever is still not done after maxSteps.
      const rows = got[j]!;
      if (!done[j] || JSON.stringify(rows) !== JSON.stringify(expected[i])) {
        const missing = expected[i]!.filter((id) => !rows.includes(id)).length;
        const repeated = rows.length - new Set(rows).size;
        failures.push(
          `${field.name}(orderBy: [${orders[i]}]) ${direction}: ${rows.length} of ${total} rows, ${missing} missing, ${repeated} repeated` +
            `${done[j] ? '' : ', never finished'}${missing || repeated ? '' : ', out of order'}`,
        );
      }
    });
  }
  return total;
}

/** Backwards paging for every ordering of ordinary connections, every BACKWARD_SAMPLE-th of huge enums. */
const BACKWARD_SAMPLE = 7;

async function checkConnection(field: ConnectionField): Promise<{ orderings: number; rows: number }> {
  const orders = orderingsOf(field);
  const backwards = orders.map((_, i) => orders.length <= CHUNK || i % BACKWARD_SAMPLE === 0);
  let rows = 0;
  for (let start = 0; start < orders.length; start += CHUNK) {
    const chunk = orders.slice(start, start + CHUNK);
    try {
      rows = await checkChunk(field, chunk, backwards.slice(start, start + CHUNK));
    } catch (error) {
      failures.push(`${field.name}, orderings ${start}..${start + chunk.length - 1}: ${(error as Error).message.slice(0, 300)}`);
    }
  }
  return { orderings: orders.length, rows };
}

describe('cursor pagination', () => {
  test('every orderBy of every connection pages forwards and backwards through every row exactly once, in order', async () => {
    const started = Date.now();
    const fields = await connectionFields();
    // The schema is not empty and the usual suspects are there.
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['wearableDailies', 'wearableSleeps', 'bloodMarkers', 'users']));
    const outcomes = new Map<string, { orderings: number; rows: number; ms: number }>();
    // A few connections at a time: the requests are small, the server and PostgreSQL are local.
    // Largest enums first: `users` (aggregate orderings over every table) is the long pole.
    const queue = [...fields].sort((a, b) => b.orderByValues.length - a.orderByValues.length);
    const worker = async () => {
      for (let field = queue.shift(); field; field = queue.shift()) {
        const t0 = Date.now();
        outcomes.set(field.name, { ...(await checkConnection(field)), ms: Date.now() - t0 });
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    const all = [...outcomes.values()];
    const totals = { connections: all.length, orderings: all.reduce((n, o) => n + o.orderings, 0), rows: all.reduce((n, o) => n + o.rows, 0), requests };
    const slowest = [...outcomes].sort((x, y) => y[1].ms - x[1].ms).slice(0, 5).map(([name, o]) => `${name} ${o.orderings}x${o.rows} ${o.ms}ms`);
    console.info(`pagination: ${JSON.stringify(totals)} in ${Date.now() - started} ms; slowest: ${slowest.join(', ')}`);
    expect({ failed: failures.length, first: failures.slice(0, 20) }).toEqual({ failed: 0, first: [] });
    // Every connection has rows to page through, and users (with the aggregate orderings over
    // every table) has several: the household members below.
    for (const [name, o] of outcomes) expect({ name, hasRows: o.rows > 0 }).toEqual({ name, hasRows: true });
    expect(outcomes.get('users')!.rows).toBeGreaterThanOrEqual(4);
  });

  test('nullable columns put NULLs last ascending and first descending, across page boundaries', async () => {
    const rows = async (orderBy: string) => {
      const out: Array<number | null> = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i++) {
        const result: GraphQLResponse = await graphql(
          h.server,
          `query ($after: Cursor) { wearableDailies(orderBy: [${orderBy}], first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { readinessScore } } }`,
          { token, variables: { after } },
        );
        expect(result.body.errors).toBeUndefined();
        const connection = result.body.data!.wearableDailies;
        out.push(...connection.nodes.map((n: { readinessScore: number | null }) => n.readinessScore));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      return out;
    };
    const asc = await rows('READINESS_SCORE_ASC');
    expect(asc.filter((v) => v === null).length).toBeGreaterThan(1);
    expect(new Set(asc.filter((v) => v !== null)).size).toBeLessThan(asc.filter((v) => v !== null).length); // repeats
    const firstNull = asc.indexOf(null);
    expect(asc.slice(firstNull).every((v) => v === null)).toBe(true);
    const nonNull = asc.slice(0, firstNull) as number[];
    expect(nonNull).toEqual([...nonNull].sort((a, b) => a - b));
    const desc = await rows('READINESS_SCORE_DESC');
    expect(desc).toEqual([...asc].reverse().map((v) => v));
  });

  test('after and before together bound a window, with first or last, across NULLs', async () => {
    const page = async (orderBy: string, args: string, variables: Record<string, unknown> = {}) => {
      const result: GraphQLResponse = await graphql(
        h.server,
        `query ${['after', 'before'].filter((v) => args.includes(`$${v}`)).map((v) => `$${v}: Cursor`).join(', ').replace(/^(.+)$/, '($1)')} ` +
          `{ wearableDailies(orderBy: [${orderBy}], ${args}) { edges { cursor node { id } } } }`,
        { token, variables: Object.fromEntries(Object.entries(variables).filter(([v]) => args.includes(`$${v}`))) },
      );
      expect(result.body.errors).toBeUndefined();
      return result.body.data!.wearableDailies.edges as Array<{ cursor: string; node: { id: string } }>;
    };
    for (const orderBy of ['RESTING_HR_BPM_ASC', 'RESTING_HR_BPM_DESC', 'HRV_RMSSD_MS_DESC, READINESS_SCORE_ASC']) {
      const all = await page(orderBy, 'first: 100');
      const ids = all.map((e) => e.node.id);
      expect(ids.length).toBeGreaterThan(6);
      const after = all[1]!.cursor;
      const before = all[ids.length - 2]!.cursor;
      const inside = ids.slice(2, -2);
      const window = (args: string) => page(orderBy, args, { after, before }).then((edges) => edges.map((e) => e.node.id));
      expect({ orderBy, rows: await window('after: $after, before: $before') }).toEqual({ orderBy, rows: inside });
      expect({ orderBy, rows: await window('first: 2, after: $after, before: $before') }).toEqual({ orderBy, rows: inside.slice(0, 2) });
      expect({ orderBy, rows: await window('last: 2, after: $after, before: $before') }).toEqual({ orderBy, rows: inside.slice(-2) });
      expect({ orderBy, rows: await window('first: 2, before: $before') }).toEqual({ orderBy, rows: ids.slice(0, 2) });
      expect({ orderBy, rows: await window('last: 2, after: $after') }).toEqual({ orderBy, rows: ids.slice(-2) });
    }
  });
});
