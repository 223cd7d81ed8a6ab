import { loadConfig } from '../src/config';

test('defaults work on a fresh machine', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ PORT: 5678, HOST: '127.0.0.1', ENABLE_GRAPHIQL: 'true', S3_BUCKET: 'vitalis' });
  expect(config.DATABASE_URL).toBeUndefined();
});

test('production turns Ruru off and requires a real JWT secret', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('JWT_SECRET must be set in production');
  const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
  expect(config.ENABLE_GRAPHIQL).toBe('false');
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ENABLE_GRAPHIQL: 'true' }).ENABLE_GRAPHIQL).toBe('true');
});

test('a bad setting fails with a message naming it', () => {
  expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT: /);
  expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
});
