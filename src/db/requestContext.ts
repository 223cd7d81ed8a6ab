import type { Pool, PoolClient } from 'pg';
import { REQUEST_SETTINGS_SQL } from './requestClient';

/** What a request runs as: the role and the transaction-local app.* settings RLS and audit read. */
export interface RequestSettings {
  role: string;
  userId?: string | null;
  requestId?: string;
  ipAddress?: string;
  userAgent?: string;
}

/**
 * Runs fn in a transaction switched to settings.role with the request's context in
 * transaction-local settings (never session state, so pooled connections stay clean), exactly as
 * PostGraphile applies pgSettings to a GraphQL request. Commits unless commit is false.
 */
export async function inRequestTransaction<T>(pool: Pool, settings: RequestSettings, fn: (client: PoolClient) => Promise<T>, commit = true): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const entries = [
      ['role', settings.role],
      ['app.current_user_id', settings.userId ?? ''],
      ['app.request_id', settings.requestId ?? ''],
      ['app.ip_address', settings.ipAddress ?? ''],
      ['app.user_agent', settings.userAgent ?? ''],
    ];
    // The statement @dataplan/pg uses: on the API's pool (RequestClient) it goes out with `begin` as one message.
    await client.query(REQUEST_SETTINGS_SQL, [JSON.stringify(entries)]);
    const result = await fn(client);
    await client.query(commit ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
