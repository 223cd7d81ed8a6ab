import { buildSchema, getNamedType, isInputObjectType, isObjectType, type GraphQLSchema } from 'postgraphile/graphql';
import { loadConfig } from '../../src/config';
import { withCredentials } from '../../src/db/url';
import { buildSchemaSDL } from '../../src/server/schemaExport';
import { useTestDatabase } from '../helpers/db';

// The generated API, read as a client sees it: no input carries a value the server owns, no
// lookup takes a key the client should not need, no argument keeps a SQL prefix.

const db = useTestDatabase();
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = buildSchema(await buildSchemaSDL(loadConfig({ NODE_ENV: 'test' }), withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator')));
});

/** Fields the server fills: never part of a create input or a patch. */
const SERVER_OWNED_INPUTS = [
  'userId', 'createdAt', 'updatedAt', 'sourceUpdatedAt', 'externalUserId', 'syncCursor', 'lastSyncAt', 'lastSyncStatus', 'lastSyncError',
  'tokenExpiresAt', 's3Key', 's3ThumbnailKey', 'parseResult', 'parseStatus', 'parseConfidence', 'valueCanonical', 'inRange', 'status',
  'completedAt', 'tablesDeleted', 'triggeredAt', 'acknowledgedAt', 'dismissedAt',
];

test('no create input or patch has a server-owned field', () => {
  const offending: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    // Record inputs (MoodJournalInput) and patches; not the mutation inputs, whose key names the row.
    if (!isInputObjectType(type) || !/(Input|Patch)$/.test(type.name) || /^(Create|Update|Delete)|Filter|Condition|Having|Aggregate/.test(type.name)) continue;
    for (const field of Object.keys(type.getFields())) if (SERVER_OWNED_INPUTS.includes(field)) offending.push(`${type.name}.${field}`);
  }
  expect(offending).toEqual([]);
});

test('the server-written tables have no create or update mutation; connections, documents and photos no create', () => {
  const mutations = Object.keys(schema.getMutationType()!.getFields());
  const serverWritten = /^(create|update)(Insight|GoalAlert|IngestionJob|DeletionRequest|AuditLog|Account|HouseholdInvite|ProfileShare|OauthIdentity)/;
  const serverCreated = /^create(ConnectedDevice|Document|Photo)/;
  expect(mutations.filter((m) => serverWritten.test(m) || serverCreated.test(m))).toEqual([]);
  expect(mutations).toEqual(expect.arrayContaining(['acknowledgeGoalAlert', 'dismissInsight', 'updateConnectedDevice']));
});

test('no lookup, update or delete by a key that contains userId or identifies a person', () => {
  const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
  expect(fields.filter((f) => /By\w*(UserId|Email|StripeCustomerId|TokenHash|ProviderUserId)\b/.test(f))).toEqual([]);
});

test('no argument or input field name keeps the SQL p_ prefix', () => {
  const offending: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) for (const arg of field.args) if (/^p[A-Z]/.test(arg.name)) offending.push(`${type.name}.${field.name}(${arg.name})`);
    }
    if (isInputObjectType(type) && !/Filter|Condition|Having|Aggregate/.test(type.name)) {
      for (const field of Object.values(type.getFields())) if (/^p[A-Z]/.test(field.name) && getNamedType(field.type)) offending.push(`${type.name}.${field.name}`);
    }
  }
  expect(offending).toEqual([]);
});

test('a connection can only be renamed: provider identity and sync state are the connect flow’s', () => {
  const patch = schema.getType('ConnectedDevicePatch');
  expect(isInputObjectType(patch) ? Object.keys(patch.getFields()) : patch).toEqual(['displayName']);
});
