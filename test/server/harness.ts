// Starts the real express app (PostGraphile included) on an ephemeral port against this test
// file's database, and talks to it over HTTP with fetch.
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { issueSession } from '../../src/auth/sessions';
import { loadConfig, type Config } from '../../src/config';
import { withCredentials } from '../../src/db/url';
import { startServer, type RunningServer } from '../../src/server/app';
import type { Storage } from '../../src/storage/s3';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/** A production configuration's secrets: production refuses weak or development ones. */
export function productionSecrets(): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUTHENTICATOR_PASSWORD: randomBytes(16).toString('hex'),
    WORKER_PASSWORD: randomBytes(16).toString('hex'),
    TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };
}

export interface Harness {
  db: TestDatabase;
  config: Config;
  server: RunningServer;
  close(): Promise<void>;
}

/** options.storage: serve POST /imports/{fileType} with it (the caller closes it). */
export async function startHarness(env: NodeJS.ProcessEnv = {}, options: { storage?: Storage } = {}): Promise<Harness> {
  const db = await createTestDatabase();
  // test/helpers/db.ts drop() ends the pool and then drops the database WITH (FORCE): a client still
  // closing gets terminated, and its pool would re-emit that as an unhandled 'error'.
  db.pool.on('error', () => {});
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    JWT_AUDIENCE: 'vitalis-test',
    JWT_ISSUER: 'https://auth.vitalis.test',
    DATABASE_URL: db.url,
    TOKEN_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 3).toString('base64')}`,
    ...env,
  });
  const openDatabase = {
    url: db.url,
    authenticatorUrl: withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator'),
    redactedUrl: db.url,
    close: async () => {},
  };
  let server: RunningServer;
  try {
    server = await startServer({ config, db: openDatabase, host: '127.0.0.1', port: 0, storage: options.storage });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    db,
    config,
    server,
    close: async () => {
      await server.close(1000);
      await db.drop();
    },
  };
}

/**
 * A valid access token for a signed-in user, as a client would hold after logging in. Use this
 * for every positive-path request; signToken is for hand-crafting bad tokens.
 */
export async function tokenFor(h: Harness, userId: string): Promise<string> {
  // A real session (vitalis_private.sessions), so logout and password changes end it like any other.
  return (await issueSession(h.db.pool, h.config, userId)).accessToken;
}

export function signToken(
  config: Config,
  sub: string,
  options: { secret?: string; audience?: string; issuer?: string; algorithm?: jwt.Algorithm; expiresIn?: number; sid?: string } = {},
): string {
  return jwt.sign(options.sid ? { sub, sid: options.sid } : { sub }, options.secret ?? config.JWT_SECRET, {
    algorithm: options.algorithm ?? 'HS256',
    audience: options.audience ?? config.JWT_AUDIENCE,
    issuer: options.issuer ?? config.JWT_ISSUER,
    expiresIn: options.expiresIn ?? 300,
  });
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> };
}

export async function graphql<T = Record<string, any>>(
  server: RunningServer,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(server.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** Inserts wearable_daily rows as the superuser (RLS does not apply to superusers). */
export async function insertDaily(db: TestDatabase, userId: string, rows: Array<{ date: string; steps: number; source?: string }>): Promise<void> {
  for (const row of rows) {
    await db.pool.query(`insert into vitalis.wearable_daily (user_id, date, source, steps) values ($1, $2, $3, $4)`, [
      userId,
      row.date,
      row.source ?? 'garmin',
      row.steps,
    ]);
  }
}
