import { loadConfig } from '../src/config';

test('defaults work on a fresh machine', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ PORT: 5678, HOST: '127.0.0.1', ENABLE_GRAPHIQL: 'true', S3_BUCKET: 'vitalis' });
  expect(config.DATABASE_URL).toBeUndefined();
});

const PROD_KEYS = `k2:${Buffer.alloc(32, 7).toString('base64')}`;

test('production turns Ruru off and requires a real JWT secret and token keys', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: PROD_KEYS })).toThrow('JWT_SECRET must be set in production');
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow('TOKEN_ENCRYPTION_KEYS must be set in production');
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), TOKEN_ENCRYPTION_KEYS: PROD_KEYS });
  expect(config.ENABLE_GRAPHIQL).toBe('false');
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), TOKEN_ENCRYPTION_KEYS: PROD_KEYS, ENABLE_GRAPHIQL: 'true' }).ENABLE_GRAPHIQL).toBe('true');
});

test('token keys must be version:base64 pairs of 32 bytes', () => {
  expect(() => loadConfig({ TOKEN_ENCRYPTION_KEYS: 'v1:c2hvcnQ=' })).toThrow(/TOKEN_ENCRYPTION_KEYS must be comma-separated version:base64 pairs, each key 32 bytes/);
  expect(loadConfig({ TOKEN_ENCRYPTION_KEYS: `${PROD_KEYS},k1:${Buffer.alloc(32, 1).toString('base64')}` }).TOKEN_ENCRYPTION_KEYS).toContain('k1:');
});

test('a bad setting fails with a message naming it', () => {
  expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT: /);
  expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
});
