import type { Pool, PoolClient } from 'pg';

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
    await client.query(
      `select set_config('role', $1, true), set_config('app.current_user_id', $2, true),
              set_config('app.request_id', $3, true), set_config('app.ip_address', $4, true),
              set_config('app.user_agent', $5, true)`,
      [settings.role, settings.userId ?? '', settings.requestId ?? '', settings.ipAddress ?? '', settings.userAgent ?? ''],
    );
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
