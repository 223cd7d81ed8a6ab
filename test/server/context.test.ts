// The request -> pgSettings mapping and token verification, without a server.
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { verifyToken } from '../../src/http/jwt';
import { pgSettingsFor } from '../../src/server/preset';

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

test('garbage, tokens without audience/issuer, and tokens that never expire are rejected', () => {
  const sub = randomUUID();
  expect(() => verifyToken('garbage', config)).toThrow('Invalid token');
  expect(() => verifyToken(jwt.sign({ sub }, config.JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }), config)).toThrow('Invalid token');
  const forever = jwt.sign({ sub }, config.JWT_SECRET, { algorithm: 'HS256', audience: config.JWT_AUDIENCE, issuer: config.JWT_ISSUER });
  expect(() => verifyToken(forever, config)).toThrow('exp is required');
});
