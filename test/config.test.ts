import { randomBytes } from 'node:crypto';
import { mulberry32 } from '../seeds/random';
import { secretWeakness } from '../src/secrets';
import { loadConfig } from '../src/config';

test('defaults work on a fresh machine', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ PORT: 5678, HOST: '127.0.0.1', ENABLE_GRAPHIQL: 'true', S3_BUCKET: 'vitalis' });
  expect(config.DATABASE_URL).toBeUndefined();
});

const DEV_KEY = 'ZGV2LW9ubHktdG9rZW4ta2V5LWNoYW5nZS1tZS0wMTI=';
const randomKey = () => randomBytes(32).toString('base64');
/** What `openssl rand` gives: every production secret strong and random. */
function strong(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUTHENTICATOR_PASSWORD: randomBytes(16).toString('hex'),
    WORKER_PASSWORD: randomBytes(16).toString('hex'),
    TOKEN_ENCRYPTION_KEYS: `k2:${randomKey()},k1:${randomKey()}`,
  };
}

test('production turns Ruru off and starts with strong random secrets', () => {
  for (let i = 0; i < 50; i++) expect(loadConfig(strong()).ENABLE_GRAPHIQL).toBe('false');
  // Other random shapes pass too: base64 (openssl rand -base64 32), a long random alphanumeric string.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const alnum = (n: number) => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
  for (let i = 0; i < 50; i++) {
    expect(() => loadConfig({ ...strong(), JWT_SECRET: randomBytes(32).toString('base64'), AUTHENTICATOR_PASSWORD: alnum(32), WORKER_PASSWORD: alnum(32) })).not.toThrow();
  }
  expect(loadConfig({ ...strong(), ENABLE_GRAPHIQL: 'true' }).ENABLE_GRAPHIQL).toBe('true');
});

test('production requires every secret to be set explicitly', () => {
  for (const name of ['JWT_SECRET', 'AUTHENTICATOR_PASSWORD', 'WORKER_PASSWORD', 'TOKEN_ENCRYPTION_KEYS']) {
    const env = strong();
    delete env[name];
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name} must be set in production`));
  }
  // Development leaves them at their defaults.
  expect(() => loadConfig({ NODE_ENV: 'development' })).not.toThrow();
});

test('the value the messages suggest, `openssl rand -hex 16`, is never refused as weak', () => {
  // 20,000 such values from a seeded generator (the same every run): CI once refused a password
  // drawn at random here, which had 2.99 bits per character under a 3-bit floor.
  const random = mulberry32(20261207);
  const hex16 = () => Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256))).toString('hex');
  const refused: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const password = hex16();
    if (secretWeakness(password, { minBytes: 16, minBits: 56 })) refused.push(password);
  }
  expect(refused).toEqual([]);
});

test('production refuses a weak JWT_SECRET, naming the setting and the rule', () => {
  const refused = (secret: string, why: RegExp) => {
    expect(() => loadConfig({ ...strong(), JWT_SECRET: secret })).toThrow(/JWT_SECRET is too weak: in production it must be at least 32 bytes of random data/);
    expect(() => loadConfig({ ...strong(), JWT_SECRET: secret })).toThrow(why);
  };
  refused('a'.repeat(32), /repeats a 1-character pattern/);
  refused('abcdefghijklmnop'.repeat(2), /repeats a 16-character pattern/);
  refused('ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ', /runs of equal or consecutive characters/);
  refused('acegcaegeacgagecgcaeaecgaegcegacagcea', /vary too little/); // four letters, shuffled
  refused(randomBytes(16).toString('hex'), /bits of entropy, at least 128 needed/); // 32 hex characters: 128 bits at most
  // The development default, however it is dressed up.
  refused('dev-only-secret-change-me-0123456789abcdef', /development default/);
  refused('prod-only-secret-change-me-0123456789abcdef', /development default/);
  refused('PROD_ONLY_SECRET_CHANGE_ME_0123456789ABCDEF', /development default/);
  refused(`${randomBytes(12).toString('hex')}secret-change-me${randomBytes(8).toString('hex')}`, /development default/);
  refused('test-secret-0123456789abcdef0123456789abcdef', /development default/);
  expect(() => loadConfig({ ...strong(), JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
});

test('production refuses development or weak database passwords', () => {
  for (const name of ['AUTHENTICATOR_PASSWORD', 'WORKER_PASSWORD']) {
    expect(() => loadConfig({ ...strong(), [name]: 'vitalis-authenticator' })).toThrow(new RegExp(`${name} is too weak: .*development default`));
    expect(() => loadConfig({ ...strong(), [name]: 'Vitalis_Worker_2026!' })).toThrow(new RegExp(`${name} is too weak: .*development default`));
    expect(() => loadConfig({ ...strong(), [name]: 'password' })).toThrow(new RegExp(`${name} is too weak: in production it must be set explicitly to at least 16 random characters.*8 bytes long`));
    expect(() => loadConfig({ ...strong(), [name]: 'x'.repeat(20) })).toThrow(new RegExp(`${name} is too weak: .*repeats`));
  }
});

test('production refuses the development token key under any version label, and keys that are not random', () => {
  const keys = (...pairs: string[]) => ({ ...strong(), TOKEN_ENCRYPTION_KEYS: pairs.join(',') });
  expect(() => loadConfig(keys(`dev1:${DEV_KEY}`))).toThrow(/TOKEN_ENCRYPTION_KEYS is not acceptable in production: .*key "dev1" is the development key/);
  expect(() => loadConfig(keys(`prod7:${randomKey()}`, `prod2:${DEV_KEY}`))).toThrow(/key "prod2" is the development key/);
  const nearDev = Buffer.from('dev-only-token-key-change-me-013').toString('base64');
  expect(() => loadConfig(keys(`k1:${nearDev}`))).toThrow(/key "k1" resembles the development key/);
  expect(() => loadConfig(keys(`k1:${Buffer.from('correct horse battery staple!!42').toString('base64')}`))).toThrow(/key "k1" is printable text/);
  expect(() => loadConfig(keys(`k1:${Buffer.alloc(32, 7).toString('base64')}`))).toThrow(/key "k1" is not random/);
  expect(loadConfig(keys(`k3:${randomKey()}`)).TOKEN_ENCRYPTION_KEYS).toMatch(/^k3:/);
});

test('production refuses the in-process S3 secret for a real S3 endpoint', () => {
  const s3 = { ...strong(), S3_ENDPOINT: 'https://s3.example.com' };
  expect(() => loadConfig(s3)).toThrow(/S3_SECRET_ACCESS_KEY must be set in production when S3_ENDPOINT is set/);
  expect(() => loadConfig({ ...s3, S3_SECRET_ACCESS_KEY: 'S3RVER' })).toThrow(/S3_SECRET_ACCESS_KEY is not acceptable in production/);
  expect(() => loadConfig({ ...s3, S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64') })).not.toThrow();
});

test('every problem is reported at once', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32) })).toThrow(
    /^Invalid configuration: JWT_SECRET is too weak: .*; AUTHENTICATOR_PASSWORD must be set .*; WORKER_PASSWORD must be set .*; TOKEN_ENCRYPTION_KEYS must be set/,
  );
});

test('the account throttle threshold must exceed the per-IP-and-account limit', () => {
  expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '5' })).toThrow(/LOGIN_MAX_FAILURES_PER_ACCOUNT must be greater than LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP/);
});

test('token keys must be version:base64 pairs of 32 bytes', () => {
  expect(() => loadConfig({ TOKEN_ENCRYPTION_KEYS: 'v1:c2hvcnQ=' })).toThrow(/TOKEN_ENCRYPTION_KEYS must be comma-separated version:base64 pairs, each key 32 bytes/);
  expect(loadConfig({ TOKEN_ENCRYPTION_KEYS: `k2:${randomKey()},k1:${randomKey()}` }).TOKEN_ENCRYPTION_KEYS).toContain('k1:');
});

test('a bad setting fails with a message naming it', () => {
  expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT: /);
  expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
});
