// Cross-user isolation over the real GraphQL endpoint, generated from the schema: for every
// exposed user-data type (every table in schema vitalis with a user_id column, plus accounts),
// user A owns a row and user B, over HTTP, can neither list it, fetch it by node id or by any key,
// update it, delete it, nor create a row in A's name. A table added later is covered without
// editing this file: the table -> GraphQL type mapping and every query are derived from the
// catalog and the introspected schema.
import { createUser } from '../helpers/db';
import { hasUserId, seedEveryUserTable, vitalisTables, type TableInfo } from '../helpers/catalog';
import { graphql, startHarness, tokenFor, type Harness } from './harness';
import { withoutDistributionColumn } from '../../plugins/DistributionKeyPlugin';

/** Tables with a user_id that are deliberately not part of the GraphQL API (none today). */
const NOT_EXPOSED: string[] = [];

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface Field {
  name: string;
  args: InputValue[];
  type: TypeRef;
}
interface SchemaType {
  kind: string;
  name: string;
  fields: Field[] | null;
  inputFields: InputValue[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema { queryType { name } mutationType { name }
  types { kind name fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } inputFields { name type { ${TYPE_REF} } } } } }`;

const named = (t: TypeRef): string => (t.name ?? (t.ofType ? named(t.ofType) : ''));
const isList = (t: TypeRef): boolean => t.kind === 'LIST' || (t.kind === 'NON_NULL' && !!t.ofType && isList(t.ofType));
const camel = (s: string) => s.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

let h: Harness;
let userA: string;
let userB: string;
let tokenA: string;
let tokenB: string;
let tables: TableInfo[];
let seeded: Map<string, Record<string, unknown>>;
let types: Map<string, SchemaType>;
let query: SchemaType;
let mutation: SchemaType;

beforeAll(async () => {
  h = await startHarness({ ENABLE_GRAPHIQL: 'true', MAX_QUERY_DEPTH: '20' });
  userA = await createUser(h.db.pool);
  userB = await createUser(h.db.pool);
  tokenA = await tokenFor(h, userA);
  tokenB = await tokenFor(h, userB);
  tables = await vitalisTables(h.db.pool);
  seeded = await seedEveryUserTable(h.db.pool, tables, userA);
  const introspection = await graphql(h.server, INTROSPECTION);
  expect(introspection.body.errors).toBeUndefined();
  const schema = introspection.body.data!.__schema;
  types = new Map((schema.types as SchemaType[]).map((t) => [t.name, t]));
  query = types.get(schema.queryType.name)!;
  mutation = types.get(schema.mutationType.name)!;
});

afterAll(async () => {
  await h?.close();
});

interface Exposed {
  table: TableInfo;
  type: SchemaType;
  /** The owner column: user_id, or account_id for accounts. */
  owner: string;
}

/**
 * The GraphQL type of a table: the object type returned by a Query field whose arguments are
 * exactly the table's primary key (camelCased), and, among those, the one whose fields cover
 * most of the table's columns (users and user_preferences both have a userId key).
 */
function exposedType(table: TableInfo): SchemaType | undefined {
  // The key as the API presents it: without user_id (plugins/DistributionKeyPlugin.ts).
  const pk = withoutDistributionColumn(table.primaryKey).map(camel).sort().join(',');
  let best: { type: SchemaType; score: number } | undefined;
  for (const field of query.fields ?? []) {
    if (isList(field.type) || field.args.map((a) => a.name).sort().join(',') !== pk) continue;
    const type = types.get(named(field.type));
    if (!type?.fields) continue;
    const names = new Set(type.fields.map((f) => f.name));
    const score = table.columns.filter((c) => names.has(camel(c.name))).length;
    if (!best || score > best.score) best = { type, score };
  }
  return best?.type;
}

function userDataTypes(): Exposed[] {
  const out: Exposed[] = [];
  for (const table of tables) {
    const owner = hasUserId(table) ? 'user_id' : table.name === 'accounts' ? 'account_id' : undefined;
    if (!owner || NOT_EXPOSED.includes(table.name)) continue;
    const type = exposedType(table);
    if (!type) throw new Error(`table ${table.name} has ${owner} but no GraphQL type was found for it: expose it, or list it in NOT_EXPOSED`);
    out.push({ table, type, owner });
  }
  return out;
}

/** A's row as JSON (timestamps as full-precision strings), by the seeded row's primary key. */
async function rowOf(table: TableInfo): Promise<Record<string, unknown> | undefined> {
  const seededRow = seeded.get(table.name)!;
  const keys = table.primaryKey.filter((k) => !(seededRow[k] instanceof Date));
  const { rows } = await h.db.pool.query(
    `select to_jsonb(t) as row from vitalis.${table.name} t where ${keys.map((k, i) => `${k} = $${i + 1}`).join(' and ')}`,
    keys.map((k) => seededRow[k]),
  );
  return rows[0]?.row;
}

/** Variables for a field's arguments from a row (camelCase argument -> snake_case column). */
function argsFromRow(args: InputValue[], row: Record<string, unknown>): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (const arg of args) {
    const column = Object.keys(row).find((c) => camel(c) === arg.name);
    if (!column || row[column] === null) return undefined;
    values[arg.name] = row[column];
  }
  return values;
}

function typeString(t: TypeRef): string {
  if (t.kind === 'NON_NULL') return `${typeString(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${typeString(t.ofType!)}]`;
  return t.name!;
}

function call(fieldName: string, args: InputValue[], selection: string): string {
  const defs = args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const pass = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${defs ? `(${defs})` : ''} { result: ${fieldName}${pass ? `(${pass})` : ''} ${selection} }`;
}

const ownerField = (e: Exposed) => camel(e.owner);

/** The payload field of a mutation payload type that returns the record type. */
function payloadRecordField(field: Field, type: SchemaType): string | undefined {
  const payload = types.get(named(field.type));
  return payload?.fields?.find((f) => named(f.type) === type.name)?.name;
}

describe('user B cannot reach user A’s data through GraphQL', () => {
  test('every user-data table maps to a GraphQL type', () => {
    const exposed = userDataTypes();
    expect(exposed.length).toBeGreaterThan(20);
    expect(exposed.map((e) => e.table.name)).toEqual(expect.arrayContaining(['accounts', 'users', 'wearable_daily', 'mood_journal', 'blood_markers']));
  });

  test('the connection of every type lists none of A’s rows', async () => {
    let seenByA = 0;
    for (const e of userDataTypes()) {
      const connection = query.fields!.find((f) => named(f.type) === `${e.type.name}Connection`);
      if (!connection) continue;
      const asA = await graphql(h.server, `{ result: ${connection.name} { nodes { id ${ownerField(e)} } } }`, { token: tokenA });
      const asB = await graphql(h.server, `{ result: ${connection.name} { nodes { id ${ownerField(e)} } } }`, { token: tokenB });
      const ownerA = e.owner === 'user_id' ? userA : seeded.get('users')!.account_id;
      const leaked = ((asB.body.data?.result?.nodes ?? []) as Array<Record<string, unknown>>).filter((n) => n[ownerField(e)] === ownerA);
      expect({ type: e.type.name, leaked }).toEqual({ type: e.type.name, leaked: [] });
      // The query itself works: A sees their own row where A may read the table at all.
      const ownNodes = (asA.body.data?.result?.nodes ?? []) as Array<Record<string, unknown>>;
      if (ownNodes.some((n) => n[ownerField(e)] === ownerA)) seenByA += 1;
    }
    // Not vacuous: the same queries do return A's rows to A.
    expect(seenByA).toBeGreaterThan(20);
  });

  test('fetching A’s row by node id or by any key returns nothing', async () => {
    let checkedNodeIds = 0;
    for (const e of userDataTypes()) {
      const row = (await rowOf(e.table))!;
      expect(row).toBeDefined();
      for (const field of query.fields!.filter((f) => !isList(f.type) && named(f.type) === e.type.name)) {
        const nodeIdArg = field.args.length === 1 && named(field.args[0]!.type) === 'ID';
        let variables: Record<string, unknown> | undefined;
        if (nodeIdArg) {
          // A's own node id, as A sees it (where A may read the row).
          const pkField = query.fields!.find((f) => f !== field && named(f.type) === e.type.name && f.args.length === withoutDistributionColumn(e.table.primaryKey).length);
          const pkArgs = pkField && argsFromRow(pkField.args, row);
          if (!pkField || !pkArgs) continue;
          const own = await graphql(h.server, `query${call(pkField.name, pkField.args, '{ id }')}`, { token: tokenA, variables: pkArgs });
          const id = own.body.data?.result?.id;
          if (typeof id !== 'string') continue;
          variables = { [field.args[0]!.name]: id };
          const node = await graphql(h.server, `query($id: ID!) { result: node(id: $id) { id } }`, { token: tokenB, variables: { id } });
          expect({ field: 'node', type: e.type.name, result: node.body.data?.result ?? null }).toEqual({ field: 'node', type: e.type.name, result: null });
          checkedNodeIds += 1;
        } else {
          variables = argsFromRow(field.args, row);
          if (!variables) continue;
        }
        const result = await graphql(h.server, `query${call(field.name, field.args, '{ id }')}`, { token: tokenB, variables });
        expect({ field: field.name, result: result.body.data?.result ?? null }).toEqual({ field: field.name, result: null });
      }
    }
    expect(checkedNodeIds).toBeGreaterThan(10);
  });

  test('update and delete mutations by node id or key change nothing of A’s', async () => {
    let attempts = 0;
    for (const e of userDataTypes()) {
      const before = (await rowOf(e.table))!;
      const mutations = mutation.fields!.filter((f) => /^(update|delete)/.test(f.name) && payloadRecordField(f, e.type));
      for (const field of mutations) {
        const inputType = types.get(named(field.args[0]!.type))!;
        const input: Record<string, unknown> = {};
        let ok = true;
        for (const inputField of inputType.inputFields ?? []) {
          const typeName = named(inputField.type);
          if (inputField.name === 'clientMutationId') continue;
          if (typeName === 'ID') {
            const pkField = query.fields!.find((f) => named(f.type) === e.type.name && f.args.length === withoutDistributionColumn(e.table.primaryKey).length && named(f.args[0]!.type) !== 'ID');
            const pkArgs = pkField && argsFromRow(pkField.args, before);
            const own = pkField && pkArgs ? await graphql(h.server, `query${call(pkField.name, pkField.args, '{ id }')}`, { token: tokenA, variables: pkArgs }) : undefined;
            const id = own?.body.data?.result?.id;
            if (typeof id !== 'string') ok = false;
            else input[inputField.name] = id;
          } else if (typeName.endsWith('Patch')) {
            const patchType = types.get(typeName)!;
            const names = (patchType.inputFields ?? []).map((f) => f.name);
            // userId is the server's (never an input); any text field, else any field of the row.
            expect({ patch: typeName, userId: names.includes('userId') }).toEqual({ patch: typeName, userId: false });
            const text = (patchType.inputFields ?? []).find((f) => named(f.type) === 'String');
            const other = (patchType.inputFields ?? []).find((f) => Object.keys(before).some((c) => camel(c) === f.name && before[c] !== null));
            if (text) input[inputField.name] = { [text.name]: 'changed-by-b' };
            else if (other) input[inputField.name] = { [other.name]: before[Object.keys(before).find((c) => camel(c) === other.name)!] };
            else ok = false;
          } else {
            const column = Object.keys(before).find((c) => camel(c) === inputField.name);
            if (!column) ok = false;
            else input[inputField.name] = before[column];
          }
        }
        if (!ok) continue;
        attempts += 1;
        const result = await graphql(h.server, `mutation($input: ${typeString(field.args[0]!.type)}) { result: ${field.name}(input: $input) { clientMutationId } }`, {
          token: tokenB,
          variables: { input },
        });
        // Refused as NOT_FOUND (B cannot tell A's row from a missing one), and nothing was touched.
        expect(result.status).toBeLessThan(500);
        expect({ mutation: field.name, codes: result.body.errors?.map((x) => x.extensions?.code) }).toEqual({ mutation: field.name, codes: ['NOT_FOUND'] });
        expect({ mutation: field.name, row: await rowOf(e.table) }).toEqual({ mutation: field.name, row: before });
        for (const error of result.body.errors ?? []) expect(error.message).not.toMatch(/violates|constraint|relation|SQL|select|insert|update|delete from/i);
      }
    }
    expect(attempts).toBeGreaterThan(20);
  });

  test('creating a row in A’s name is impossible: userId is not an input, and sending it is refused', async () => {
    let attempts = 0;
    for (const e of userDataTypes()) {
      if (e.owner !== 'user_id') continue;
      // The table's own create mutation (function mutations such as createFileImport also start with "create").
      const field = mutation.fields!.find((f) => f.name === `create${e.type.name}` && payloadRecordField(f, e.type));
      if (!field) continue;
      const before = (await rowOf(e.table))!;
      const inputType = types.get(named(field.args[0]!.type))!;
      const recordInput = inputType.inputFields!.find((f) => named(f.type) !== 'String')!;
      const recordType = types.get(named(recordInput.type))!;
      const record: Record<string, unknown> = {};
      for (const inputField of recordType.inputFields ?? []) {
        const column = Object.keys(before).find((c) => camel(c) === inputField.name);
        if (!column || before[column] === null) continue;
        // Scalars only (a row's JSON may not fit an input object such as Interval).
        if (types.get(named(inputField.type))?.kind === 'INPUT_OBJECT') continue;
        record[inputField.name] = before[column];
      }
      record.userId = userA;
      // A fresh key where the key is generated, so a clash with A's row cannot be the reason.
      for (const pk of e.table.primaryKey) {
        const c = e.table.columns.find((col) => col.name === pk);
        if (c?.type === 'uuid' && pk !== 'user_id' && record[camel(pk)]) record[camel(pk)] = crypto.randomUUID();
      }
      attempts += 1;
      const count = async () =>
        (await h.db.pool.query(`select count(*)::int as n from vitalis.${e.table.name} where user_id = $1`, [userA])).rows[0].n as number;
      const countBefore = await count();
      const result = await graphql(h.server, `mutation($input: ${typeString(field.args[0]!.type)}) { result: ${field.name}(input: $input) { clientMutationId } }`, {
        token: tokenB,
        variables: { input: { [recordInput.name]: record } },
      });
      expect({ mutation: field.name, userIdInput: recordType.inputFields!.some((f) => f.name === 'userId') }).toEqual({ mutation: field.name, userIdInput: false });
      expect({ mutation: field.name, codes: result.body.errors?.map((x) => x.extensions?.code) }).toEqual({ mutation: field.name, codes: ['BAD_USER_INPUT'] });
      expect(result.body.errors?.[0]?.message).toMatch(/userId/);
      expect({ table: e.table.name, n: await count() }).toEqual({ table: e.table.name, n: countBefore });
    }
    expect(attempts).toBeGreaterThan(20);
  });
});
