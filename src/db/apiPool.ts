import { Pool } from 'pg';
import { RequestClient } from './requestClient';

/**
 * The API's vitalis_authenticator pool. API_DATABASE_URL, when set, is the API's own way in (the
 * connection string through PgBouncer in transaction mode, see docs/pgbouncer.md); the worker and
 * migrations keep DATABASE_URL, a direct connection (LISTEN, session advisory locks).
 */
export interface ApiPoolOptions {
  /** vitalis_authenticator's direct URL, used when API_DATABASE_URL is not set. */
  authenticatorUrl: string;
  /** API_DATABASE_URL: the API's own URL (through the pooler); unset, the direct one is used. */
  pooledUrl?: string;
  max: number;
  idleTimeoutMillis: number;
}

/** Where the API connects, and whether that is through a transaction-mode pooler. */
export function apiConnection(authenticatorUrl: string, pooledUrl?: string): { url: string; throughPooler: boolean } {
  const pooled = pooledUrl?.trim();
  return pooled ? { url: pooled, throughPooler: true } : { url: authenticatorUrl, throughPooler: false };
}

/**
 * A client that sends every query as an unnamed statement. @dataplan/pg names its queries so that
 * node-pg prepares them once per connection and afterwards sends only Bind/Execute; behind a
 * transaction-mode pooler (PgBouncer 1.18 has no max_prepared_statements) the next transaction may
 * run on another server connection, where that statement does not exist. Unnamed statements are
 * parsed within the same Sync, so they are safe wherever the pooler routes them.
 */
export class UnnamedStatementClient extends RequestClient {
  // Forwards node-pg's overloaded query(); `any` keeps the override assignable to every overload.
  override query(...args: any[]): any {
    const [config, ...rest] = args as [unknown, ...unknown[]];
    const forward = super.query as (...a: unknown[]) => unknown;
    // Plain query configs only: a Submittable (pg-copy-streams, pg.Query) keeps its prototype.
    if (config && typeof config === 'object' && 'name' in config && typeof (config as { submit?: unknown }).submit !== 'function') {
      const unnamed: Record<string, unknown> = { ...config };
      delete unnamed.name;
      return forward.call(this, unnamed, ...rest);
    }
    return forward.apply(this, args);
  }
}

export function createApiPool(options: ApiPoolOptions): Pool {
  const { url, throughPooler } = apiConnection(options.authenticatorUrl, options.pooledUrl);
  return new Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: options.idleTimeoutMillis,
    application_name: 'vitalis-api',
    Client: throughPooler ? UnnamedStatementClient : RequestClient,
  });
}
