// The request -> pgSettings mapping and token verification, without a server.
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { verifyAccessToken, verifyToken } from '../../src/http/jwt';
import { parse } from 'postgraphile/graphql';
import { operationKind, pgSettingsFor } from '../../src/server/preset';

const config = loadConfig({ NODE_ENV: 'test', STATEMENT_TIMEOUT_MS: '5000' });

test('anonymous requests get vitalis_anonymous and no user', () => {
  expect(pgSettingsFor({ requestId: 'r', ipAddress: '10.0.0.1', userAgent: 'ua' }, config)).toEqual({
    role: 'vitalis_anonymous',
    'app.current_user_id': '',
    'app.request_id': 'r',
    'app.ip_address': '10.0.0.1',
    'app.user_agent': 'ua',
    statement_timeout: '5000',
  });
  expect(pgSettingsFor(undefined, config).role).toBe('vitalis_anonymous');
});

test('signed-in requests get vitalis_api and only the user id from the token', () => {
  const sub = randomUUID();
  const token = jwt.sign({ sub, role: 'vitalis_admin', email: 'x@example.com' }, config.JWT_SECRET, {
    algorithm: 'HS256',
    audience: config.JWT_AUDIENCE,
    issuer: config.JWT_ISSUER,
    expiresIn: 60,
  });
  const userId = verifyToken(token, config);
  expect(userId).toBe(sub);
  const settings = pgSettingsFor({ requestId: 'r', userId }, config);
  expect(settings.role).toBe('vitalis_api');
  expect(settings['app.current_user_id']).toBe(sub);
  // Claims never become settings: a `role` claim cannot pick the database role.
  expect(Object.values(settings)).not.toContain('vitalis_admin');
  expect(Object.keys(settings).sort()).toEqual(
    ['app.current_user_id', 'app.ip_address', 'app.request_id', 'app.user_agent', 'role', 'statement_timeout'].sort(),
  );
});

test('a caller who views nobody else says so to the database; an anonymous request never does', () => {
  const userId = randomUUID();
  expect(pgSettingsFor({ requestId: 'r', userId }, config, { ownRowsOnly: true })['app.own_rows_only']).toBe('on');
  expect(pgSettingsFor({ requestId: 'r', userId }, config)['app.own_rows_only']).toBeUndefined();
  expect(pgSettingsFor({ requestId: 'r' }, config, { ownRowsOnly: true })['app.own_rows_only']).toBeUndefined();
});

test('a GraphQL query (and only a query) runs in a read-only transaction', () => {
  expect(pgSettingsFor({ requestId: 'r' }, config, { readOnly: true }).transaction_read_only).toBe('on');
  expect(pgSettingsFor({ requestId: 'r' }, config).transaction_read_only).toBeUndefined();
  const kind = (source: string, name?: string) => operationKind(parse(source), name);
  expect(kind('{ currentUserId }')).toBe('query');
  expect(kind('mutation { logout { ok } }')).toBe('mutation');
  expect(kind('query A { currentUserId } mutation B { logout { ok } }', 'B')).toBe('mutation');
  expect(kind('query A { currentUserId } mutation B { logout { ok } }', 'A')).toBe('query');
  // Ambiguous or unknown: not a query, so never read-only by mistake (GraphQL refuses them anyway).
  expect(kind('query A { currentUserId } mutation B { logout { ok } }')).toBeUndefined();
  expect(kind('query A { currentUserId }', 'C')).toBeUndefined();
  expect(operationKind(undefined, undefined)).toBeUndefined();
});

describe('access tokens verified once are remembered, and still checked', () => {
  const sign = (claims: object, options: jwt.SignOptions = {}, secret = config.JWT_SECRET) =>
    jwt.sign(claims, secret, { algorithm: 'HS256', audience: config.JWT_AUDIENCE, issuer: config.JWT_ISSUER, expiresIn: 60, ...options });

  test('the same token verifies to the same user and session, without verifying the signature again', () => {
    const sub = randomUUID();
    const sid = randomUUID();
    const token = sign({ sub, sid });
    expect(verifyAccessToken(token, config)).toMatchObject({ userId: sub, sessionId: sid });
    const verify = jest.spyOn(jwt, 'verify');
    try {
      expect(verifyAccessToken(token, config)).toMatchObject({ userId: sub, sessionId: sid });
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
  });

  test('a remembered token is refused once it expires', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      const token = sign({ sub: randomUUID(), sid: randomUUID() }, { expiresIn: 10 });
      expect(verifyAccessToken(token, config).expiresAt).toBe(Date.parse('2026-01-01T00:00:10Z') / 1000);
      jest.setSystemTime(new Date('2026-01-01T00:00:14Z'));
      expect(() => verifyAccessToken(token, config)).not.toThrow();
      jest.setSystemTime(new Date('2026-01-01T00:00:15Z'));
      expect(() => verifyAccessToken(token, config)).toThrow('Token expired');
      expect(() => verifyAccessToken(token, config)).toThrow('Token expired');
    } finally {
      jest.useRealTimers();
    }
  });

  test('a remembered token is verified again against another secret, audience or issuer', () => {
    const token = sign({ sub: randomUUID(), sid: randomUUID() });
    verifyAccessToken(token, config);
    expect(() => verifyAccessToken(token, { ...config, JWT_SECRET: 'rotated-0123456789abcdef0123456789abcdef' })).toThrow('Invalid token');
    expect(() => verifyAccessToken(token, { ...config, JWT_AUDIENCE: 'someone-else' })).toThrow('Invalid token');
    expect(() => verifyAccessToken(token, { ...config, JWT_ISSUER: 'https://evil.example' })).toThrow('Invalid token');
    expect(() => verifyAccessToken(token, config)).not.toThrow();
  });

  test('a token that failed is not remembered: it fails every time', () => {
    const token = sign({ sub: randomUUID(), sid: randomUUID() }, {}, 'another-secret-0123456789abcdef0123456789');
    for (let i = 0; i < 3; i++) expect(() => verifyAccessToken(token, config)).toThrow('Invalid token');
    const tampered = `${sign({ sub: randomUUID(), sid: randomUUID() }).slice(0, -2)}xx`;
    expect(() => verifyAccessToken(tampered, config)).toThrow('Invalid token');
  });
});

test('garbage, tokens without audience/issuer, and tokens that never expire are rejected', () => {
  const sub = randomUUID();
  expect(() => verifyToken('garbage', config)).toThrow('Invalid token');
  expect(() => verifyToken(jwt.sign({ sub }, config.JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }), config)).toThrow('Invalid token');
  const forever = jwt.sign({ sub }, config.JWT_SECRET, { algorithm: 'HS256', audience: config.JWT_AUDIENCE, issuer: config.JWT_ISSUER });
  expect(() => verifyToken(forever, config)).toThrow('exp is required');
});
