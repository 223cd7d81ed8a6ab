// Secrets (password hashes, provider and sign-in tokens) live in vitalis_private one-to-one tables
// (migrations/current/3-private-secrets.sql): no application role may touch them, the tables the
// API reads hold none, the GraphQL schema names none, and the worker reaches device tokens only
// through functions that check the user it acts for.
import { loadConfig } from '../../src/config';
import { withCredentials } from '../../src/db/url';
import { buildSchemaSDL } from '../../src/server/schemaExport';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { rerunPrivateSecretsMigration } from '../helpers/privateSecretsMigration';

const db = useTestDatabase();
const PRIVATE = ['vitalis_private.user_passwords', 'vitalis_private.oauth_identity_tokens', 'vitalis_private.device_tokens'];
const ROLES = ['vitalis_api', 'vitalis_anonymous', 'vitalis_worker', 'vitalis_readonly', 'vitalis_authenticator', 'vitalis_analytics'];
const LOGIN_LIMITS = '3600, 900, 10, 50, 5, 86400, 1, 900';

test('no application role has any privilege on the secret tables, and a direct read is refused', async () => {
  const { rows } = await db.pool.query<{ tbl: string; role: string }>(
    `select t as tbl, r as role from unnest($1::text[]) t cross join unnest($2::text[]) r
      where has_table_privilege(r, t, 'select, insert, update, delete, truncate, references, trigger')
         or has_any_column_privilege(r, t, 'select, insert, update, references')`,
    [PRIVATE, ROLES],
  );
  expect(rows).toEqual([]);
  const user = await createUser(db.pool);
  for (const role of ['vitalis_api', 'vitalis_anonymous', 'vitalis_worker'] as const) {
    for (const table of PRIVATE) {
      const error = await asRequest(db.pool, { role, userId: role === 'vitalis_anonymous' ? null : user }, (c) => pgError(c, () => c.query(`select * from ${table}`)));
      expect({ role, table, code: error?.code }).toEqual({ role, table, code: '42501' });
    }
  }
});

test('users, oauth_identities and connected_devices hold no secret column, and the API reads them whole', async () => {
  const { rows } = await db.pool.query(
    `select table_name || '.' || column_name as col from information_schema.columns
      where table_schema = 'vitalis' and (column_name like '%password%' or column_name like '%\\_enc' or column_name like '%secret%')`,
  );
  expect(rows).toEqual([]);
  const { rows: columns } = await db.pool.query<{ tbl: string; cols: string }>(
    `select table_name as tbl, string_agg(column_name, ' ' order by ordinal_position) as cols from information_schema.columns
      where table_schema = 'vitalis' and table_name in ('users', 'oauth_identities', 'connected_devices') group by table_name order by table_name`,
  );
  expect(columns).toEqual([
    { tbl: 'connected_devices', cols: 'device_id user_id source display_name token_expires_at scope external_user_id last_sync_at last_sync_status last_sync_error sync_cursor is_active created_at updated_at' },
    { tbl: 'oauth_identities', cols: 'identity_id user_id provider provider_user_id expires_at created_at' },
    { tbl: 'users', cols: 'user_id account_id email email_verified_at display_name date_of_birth biological_sex role last_login_at created_at updated_at deleted_at' },
  ]);
  const user = await createUser(db.pool);
  const read = await asRequest(db.pool, { userId: user }, async (c) => ({
    users: (await c.query('select * from vitalis.users')).rowCount,
    identities: (await c.query('select * from vitalis.oauth_identities')).rowCount,
    devices: (await c.query('select * from vitalis.connected_devices')).rowCount,
  }));
  expect(read).toEqual({ users: 1, identities: 0, devices: 0 });
});

test('the GraphQL schema names no secret', async () => {
  const sdl = await buildSchemaSDL(loadConfig({ NODE_ENV: 'test' }), withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator'));
  expect(sdl).toMatch(/type ConnectedDevice /);
  expect(sdl).not.toMatch(/passwordHash|TokenEnc|userPasswords|deviceTokens|oauthIdentityTokens/i);
  // The one password in the API is an input the client sends to re-authenticate
  // (requestAccountDeletion); no type the API returns has one.
  expect(sdl.match(/^\s+password\w*\s*[:(].*$/gim)?.map((field) => field.trim())).toEqual(['password: String']);
  const returned = sdl.match(/^type \w+[^{]*\{[^}]*\}/gm) ?? [];
  expect(returned.length).toBeGreaterThan(100);
  expect(returned.filter((block) => /^\s+password\w*\s*[:(]/im.test(block))).toEqual([]);
});

test('the worker reads and writes device tokens only for the user it acts as', async () => {
  const [owner, other] = [await createUser(db.pool), await createUser(db.pool)];
  const device = await asRequest(db.pool, { userId: owner }, async (c) =>
    (await c.query(`select vitalis_private.save_device_connection('oura', 'Oura', 'enc-access', 'enc-refresh', null, null, null) as id`)).rows[0].id as string,
  true);
  const asWorker = <T>(userId: string, fn: Parameters<typeof asRequest<T>>[2]) => asRequest(db.pool, { role: 'vitalis_worker', userId }, fn);
  expect(await asWorker(owner, async (c) => (await c.query('select * from vitalis_private.read_device_tokens($1, true)', [device])).rows)).toEqual([
    { access_token_enc: 'enc-access', refresh_token_enc: 'enc-refresh' },
  ]);
  for (const call of ['select * from vitalis_private.read_device_tokens($1, false)', `select vitalis_private.write_device_tokens($1, 'stolen', null)`]) {
    const error = await asWorker(other, (c) => pgError(c, () => c.query(call, [device])));
    expect(error).toMatchObject({ code: 'VT404', message: 'deviceId: no such connection for the acting user', column: 'device_id' });
  }
  // A null keeps the stored token (providers that do not rotate the refresh token).
  expect(await asWorker(owner, async (c) => (await c.query(`select vitalis_private.write_device_tokens($1, 'enc-access-2', null) as ok`, [device])).rows[0].ok)).toBe(true);
  expect((await db.pool.query('select access_token_enc, refresh_token_enc from vitalis_private.device_tokens where device_id = $1', [device])).rows).toEqual([
    { access_token_enc: 'enc-access', refresh_token_enc: 'enc-refresh' },
  ]);
  // Disconnecting erases the tokens; a later write does not bring them back.
  await asRequest(db.pool, { userId: owner }, (c) => c.query(`select vitalis_private.disconnect_device('oura')`), true);
  expect((await db.pool.query('select 1 from vitalis_private.device_tokens where device_id = $1', [device])).rowCount).toBe(0);
  expect(await asWorker(owner, async (c) => (await c.query(`select vitalis_private.write_device_tokens($1, 'enc-access-3', null) as ok`, [device])).rows[0].ok)).toBe(false);
});

test('secrets stored in their old columns before the move are copied: the password still signs in; the rows go with their owners', async () => {
  const register = async (email: string) =>
    asRequest(db.pool, { role: 'vitalis_anonymous', userId: null }, async (c) =>
      (await c.query(`select * from vitalis_private.auth_register($1, 'correct horse battery staple', 'Moved', 3600)`, [email])).rows[0],
    true);
  const login = async (email: string, password: string) =>
    asRequest(db.pool, { role: 'vitalis_anonymous', userId: null }, async (c) =>
      (await c.query(`select status from vitalis_private.auth_login($1, $2, ${LOGIN_LIMITS})`, [email, password])).rows[0].status as string,
    true);
  const email = 'moved@example.com';
  const { user_id: userId } = await register(email);
  // Back to the layout before the move: the hash and a sign-in identity's tokens in their old
  // columns, no private rows. The copy must see every user's rows despite forced RLS.
  await db.pool.query('alter table vitalis.users add column password_hash text');
  await db.pool.query('update vitalis.users u set password_hash = p.password_hash from vitalis_private.user_passwords p where p.user_id = u.user_id');
  await db.pool.query('delete from vitalis_private.user_passwords');
  await db.pool.query('alter table vitalis.oauth_identities add column access_token_enc text, add column refresh_token_enc text');
  const { rows: identity } = await db.pool.query(
    `insert into vitalis.oauth_identities (user_id, provider, provider_user_id, access_token_enc, refresh_token_enc) values ($1, 'google', 'sub-1', 'enc-a', 'enc-r') returning identity_id`,
    [userId],
  );
  await rerunPrivateSecretsMigration(db.pool);

  expect((await db.pool.query('select count(*)::int as n from vitalis_private.user_passwords where user_id = $1', [userId])).rows[0].n).toBe(1);
  expect((await db.pool.query('select * from vitalis_private.oauth_identity_tokens')).rows).toEqual([
    { identity_id: identity[0].identity_id, access_token_enc: 'enc-a', refresh_token_enc: 'enc-r' },
  ]);
  expect(await login(email, 'correct horse battery staple')).toBe('ok');
  expect(await login(email, 'wrong horse battery staple')).toBe('invalid');

  await db.pool.query('delete from vitalis.users where user_id = $1', [userId]);
  expect((await db.pool.query('select count(*)::int as n from vitalis_private.user_passwords where user_id = $1', [userId])).rows[0].n).toBe(0);
  expect((await db.pool.query('select count(*)::int as n from vitalis_private.oauth_identity_tokens')).rows[0].n).toBe(0);
});
