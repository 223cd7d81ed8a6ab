// /healthz never touches the database; /readyz reports 503, naming the database check, when the API's pool cannot reach it.
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { startServer, type RunningServer } from '../../src/server/app';

let server: RunningServer;

beforeAll(async () => {
  // Nothing listens on this port: every connection attempt is refused.
  const port = await freePort();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  server = await startServer({
    config,
    db: { authenticatorUrl: `postgres://vitalis_authenticator:x@127.0.0.1:${port}/vitalis` },
    host: '127.0.0.1',
    port: 0,
    // The schema cannot be built without a database; serve /healthz and /readyz anyway.
    waitForSchema: false,
  });
});

afterAll(async () => {
  await server?.close(100);
});

test('/healthz is 200 without a database', async () => {
  const response = await fetch(`${server.origin}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
});

test('/readyz is 503 when PostgreSQL is unreachable', async () => {
  const response = await fetch(`${server.origin}/readyz`);
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({
    status: 'unavailable',
    ready: false,
    failing: [{ check: 'database', reason: expect.stringMatching(/^cannot reach PostgreSQL \(error ECONNREFUSED\)$/) }],
  });
  expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});
