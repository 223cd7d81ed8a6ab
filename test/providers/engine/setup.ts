import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Pool } from 'pg';
import { issueSession } from '../../../src/auth/sessions';
import { loadConfig, type Config } from '../../../src/config';
import { withCredentials } from '../../../src/db/url';
import { createProviderRouter } from '../../../src/providers/engine/router';
import type { AdapterRegistry } from '../../../src/providers/registry';
import { requestIdMiddleware } from '../../../src/http/requestId';
import { endPool } from '../../../src/db/pools';
import { fakeProviderEnv, startFakeProviders, type FakeProviders } from '../../fakeProviders/server';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { testAdapter, testProviderFake, TEST_PROVIDER } from './testAdapter';

export const KEY_A = `a1:${Buffer.alloc(32, 1).toString('base64')}`;
export const KEY_B = `b2:${Buffer.alloc(32, 2).toString('base64')}`;

export interface EngineEnv {
  db: TestDatabase;
  config: Config;
  fake: FakeProviders;
  adapters: AdapterRegistry;
  /** vitalis_authenticator, as the API connects. */
  apiPool: Pool;
  /** The app serving the provider router at /providers. */
  origin: string;
  tokenFor(userId: string): Promise<string>;
  close(): Promise<void>;
}

/** A test database, the fake providers, and an express app with the provider router: testAdapter under 'oura' unless a registry is given. */
export async function startEngineEnv(env: Record<string, string> = {}, registry?: AdapterRegistry, now?: () => Date): Promise<EngineEnv> {
  const db = await createTestDatabase();
  db.pool.on('error', () => {});
  const fake = await startFakeProviders();
  if (!registry) fake.setHandler(TEST_PROVIDER, testProviderFake);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
    TOKEN_ENCRYPTION_KEYS: KEY_A,
    ...fakeProviderEnv(fake.origin),
    ...env,
  });
  const adapters: AdapterRegistry = registry ?? { [TEST_PROVIDER]: testAdapter };
  const apiPool = new Pool({ connectionString: withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator'), max: 4 });
  apiPool.on('error', () => {});
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.use(requestIdMiddleware());
  app.use('/providers', createProviderRouter({ config, pool: apiPool, adapters, callbackBaseUrl: origin, now }));
  return {
    db,
    config,
    fake,
    adapters,
    apiPool,
    origin,
    tokenFor: async (userId) => (await issueSession(db.pool, config, userId)).accessToken,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
      await endPool(apiPool);
      await db.drop();
    },
  };
}

/** Connects `userId` to the test provider the way a browser would: connect -> provider authorize -> callback. */
export async function connectThroughBrowser(env: EngineEnv, userId: string, provider: string = TEST_PROVIDER): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await env.tokenFor(userId);
  const connect = await fetch(`${env.origin}/providers/${provider}/connect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const { authorizeUrl } = (await connect.json()) as { authorizeUrl: string };
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = await fetch(consent.headers.get('location')!);
  return { status: callback.status, body: (await callback.json()) as Record<string, unknown> };
}
