import { Pool } from 'pg';
import { withCredentials } from '../../../src/db/url';
import { rotateTokens } from '../../../src/providers/engine/rotateTokens';
import { syncDevice } from '../../../src/providers/engine/sync';
import { decryptToken, encryptToken, parseTokenKeys, tokenKeyVersion, type TokenBinding } from '../../../src/providers/engine/tokenCrypto';
import { endPool } from '../../../src/db/pools';
import { createUser } from '../../helpers/db';
import { rerunPrivateSecretsMigration } from '../../helpers/privateSecretsMigration';
import { connectThroughBrowser, KEY_A, KEY_B, startEngineEnv, type EngineEnv } from './setup';

const binding: TokenBinding = { userId: '0b8f6a52-6f7e-4d43-9a8e-3f3b1b0e8c11', source: 'oura', column: 'access_token_enc' };

describe('token encryption', () => {
  const ring = parseTokenKeys(`${KEY_A},${KEY_B}`);

  test('round trip, versioned format, fresh IV each time', () => {
    const a = encryptToken(ring, 'secret-token', binding);
    const b = encryptToken(ring, 'secret-token', binding);
    expect(a).toMatch(/^v1\.a1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(decryptToken(ring, a, binding)).toBe('secret-token');
  });

  test('any configured key version decrypts; an unknown one is named', () => {
    const old = encryptToken(parseTokenKeys(KEY_B), 't', binding);
    expect(tokenKeyVersion(old)).toBe('b2');
    expect(decryptToken(ring, old, binding)).toBe('t');
    expect(() => decryptToken(parseTokenKeys(KEY_A), old, binding)).toThrow('access_token_enc was encrypted with key version "b2", which is not in TOKEN_ENCRYPTION_KEYS');
  });

  test('tampering is detected', () => {
    const parts = encryptToken(ring, 'secret-token', binding).split('.');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0]! ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => decryptToken(ring, parts.join('.'), binding)).toThrow(/failed authentication/);
    expect(() => decryptToken(ring, 'plaintext-token', binding)).toThrow(/format/);
  });

  test('a ciphertext moved to another user or column does not decrypt (AAD)', () => {
    const sealed = encryptToken(ring, 'secret-token', binding);
    expect(() => decryptToken(ring, sealed, { ...binding, userId: '11111111-1111-4111-8111-111111111111' })).toThrow(/belongs to another connection/);
    expect(() => decryptToken(ring, sealed, { ...binding, column: 'refresh_token_enc' })).toThrow(/belongs to another connection/);
    expect(() => decryptToken(ring, sealed, { ...binding, source: 'whoop' })).toThrow(/belongs to another connection/);
  });

  test('bad key configuration is named', () => {
    expect(() => parseTokenKeys('k1:c2hvcnQ=')).toThrow('TOKEN_ENCRYPTION_KEYS: key k1 must be 32 bytes, got 5');
    expect(() => parseTokenKeys(`${KEY_A},${KEY_A}`)).toThrow(/appears twice/);
  });
});

describe('rotateTokens', () => {
  let env: EngineEnv;
  beforeAll(async () => {
    env = await startEngineEnv();
  });
  afterAll(() => env.close());

  test('re-encrypts every token under the newest key; the old key can then be removed', async () => {
    const users = [await createUser(env.db.pool), await createUser(env.db.pool), await createUser(env.db.pool)];
    for (const u of users) expect((await connectThroughBrowser(env, u)).status).toBe(200);
    const versions = async () => (await env.db.pool.query("select split_part(access_token_enc, '.', 2) a, split_part(refresh_token_enc, '.', 2) r from vitalis_private.device_tokens")).rows;
    expect(await versions()).toEqual(users.map(() => ({ a: 'a1', r: 'a1' })));

    const worker = new Pool({ connectionString: withCredentials(env.db.url, 'vitalis_worker', 'vitalis-worker'), max: 2 });
    try {
      const newRing = parseTokenKeys(`${KEY_B},${KEY_A}`);
      const result = await rotateTokens(worker, newRing, { batchSize: 2 });
      expect(result).toEqual({ rotated: 3, failed: [] });
      expect(await versions()).toEqual(users.map(() => ({ a: 'b2', r: 'b2' })));
      // Idempotent.
      expect(await rotateTokens(worker, newRing)).toEqual({ rotated: 0, failed: [] });
      // Only the new key configured: a sync still decrypts and uses the tokens.
      const config = { ...env.config, TOKEN_ENCRYPTION_KEYS: KEY_B };
      const summary = await syncDevice(worker, {
        userId: users[0]!,
        provider: 'oura',
        mode: 'daily',
        window: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-02T00:00:00Z') },
        config,
        adapters: env.adapters,
      });
      expect(summary.daily.inserted).toBe(1);
    } finally {
      await endPool(worker);
    }
  });

  test('tokens under a key that is not configured are reported and left alone', async () => {
    const userId = await createUser(env.db.pool);
    expect((await connectThroughBrowser(env, userId)).status).toBe(200);
    const result = await rotateTokens(env.db.pool, parseTokenKeys(KEY_B));
    expect(result.rotated).toBe(0);
    expect(result.failed).toEqual([
      { deviceId: expect.any(String), column: 'access_token_enc', error: expect.stringContaining('key version "a1"') },
      { deviceId: expect.any(String), column: 'refresh_token_enc', error: expect.stringContaining('key version "a1"') },
    ]);
  });

  test('tokens stored in connected_devices before the move to vitalis_private still decrypt and sync after it', async () => {
    const userId = await createUser(env.db.pool);
    expect((await connectThroughBrowser(env, userId)).status).toBe(200);
    const stored = (await env.db.pool.query('select t.* from vitalis_private.device_tokens t join vitalis.connected_devices d using (device_id) where d.user_id = $1', [userId])).rows[0];
    // Back to the layout before migrations/current/3-private-secrets.sql: the ciphertexts in the
    // old columns, the private row gone. Re-running the migration moves them as they are.
    await env.db.pool.query('alter table vitalis.connected_devices add column access_token_enc text, add column refresh_token_enc text');
    await env.db.pool.query('update vitalis.connected_devices set access_token_enc = $2, refresh_token_enc = $3 where device_id = $1', [
      stored.device_id,
      stored.access_token_enc,
      stored.refresh_token_enc,
    ]);
    await env.db.pool.query('delete from vitalis_private.device_tokens where device_id = $1', [stored.device_id]);
    await rerunPrivateSecretsMigration(env.db.pool);

    const moved = (await env.db.pool.query('select * from vitalis_private.device_tokens where device_id = $1', [stored.device_id])).rows[0];
    expect(moved).toEqual(stored);
    const columns = await env.db.pool.query("select column_name from information_schema.columns where table_schema = 'vitalis' and table_name = 'connected_devices' and column_name like '%\\_enc'");
    expect(columns.rows).toEqual([]);
    expect(decryptToken(parseTokenKeys(KEY_A), moved.refresh_token_enc, { userId, source: 'oura', column: 'refresh_token_enc' })).toMatch(/^rt-/);
    const summary = await syncDevice(env.db.pool, {
      userId,
      provider: 'oura',
      mode: 'daily',
      window: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-02T00:00:00Z') },
      config: env.config,
      adapters: env.adapters,
    });
    expect(summary.daily.inserted).toBe(1);
  });
});
