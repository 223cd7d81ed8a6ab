// vitalis.backup_runs through GraphQL: app admins read every run; other users read none; nobody
// can create, change or delete one through the API.
import { createUser } from '../helpers/db';
import { graphql, startHarness, tokenFor, type Harness } from '../server/harness';

let h: Harness;
let adminToken: string;
let userToken: string;

beforeAll(async () => {
  h = await startHarness({ ENABLE_GRAPHIQL: 'true' });
  const admin = await createUser(h.db.pool);
  const user = await createUser(h.db.pool);
  await h.db.pool.query(`update vitalis.users set role = 'admin' where user_id = $1`, [admin]);
  const run = (await h.db.pool.query(`select vitalis_private.begin_backup_run('backup', 'weekly') as id`)).rows[0].id;
  await h.db.pool.query(`select vitalis_private.finish_backup_run($1, 'succeeded', 'backups/daily/x.copy.gz', 1234, 56, '{"tables": {}}', null)`, [run]);
  await h.db.pool.query(`select vitalis_private.begin_backup_run('restore_test', null)`);
  adminToken = await tokenFor(h, admin);
  userToken = await tokenFor(h, user);
});

afterAll(async () => {
  await h?.close();
});

const RUNS = `{ backupRuns(orderBy: STARTED_AT_ASC) { nodes { kind tier status objectKey bytes rowCount error } } }`;

test('an app admin reads every backup run, numbers as strings', async () => {
  const res = await graphql(h.server, RUNS, { token: adminToken });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data!.backupRuns.nodes).toEqual([
    { kind: 'backup', tier: 'weekly', status: 'succeeded', objectKey: 'backups/daily/x.copy.gz', bytes: '1234', rowCount: '56', error: null },
    { kind: 'restore_test', tier: null, status: 'running', objectKey: null, bytes: null, rowCount: null, error: null },
  ]);
});

test('any other user reads no run', async () => {
  const res = await graphql(h.server, RUNS, { token: userToken });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data!.backupRuns.nodes).toEqual([]);
});

test('the API has no mutation that writes a backup run', async () => {
  const res = await graphql(h.server, `{ __schema { mutationType { fields { name } } } }`, { token: adminToken });
  expect(res.body.errors).toBeUndefined();
  const names = (res.body.data!.__schema.mutationType.fields as Array<{ name: string }>).map((f) => f.name);
  expect(names.filter((n) => /backup/i.test(n))).toEqual([]);
});
