import type { Pool, PoolClient } from 'pg';
import type { RequestState } from '../server/requestState';

export interface AuthContext {
  /** vitalis_anonymous for register/login/refresh/reset, vitalis_api for a signed-in user. */
  role: 'vitalis_anonymous' | 'vitalis_api';
  userId?: string;
  state?: RequestState;
}

/**
 * Runs fn in a transaction on the API's vitalis_authenticator pool, switched to ctx.role with the
 * request's context in transaction-local settings (app.current_user_id, app.request_id,
 * app.ip_address, app.user_agent), exactly like a GraphQL request. The auth functions are
 * SECURITY DEFINER in vitalis_private; the audit rows they write pick up IP and user agent from here.
 */
export async function authTransaction<T>(pool: Pool, ctx: AuthContext, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `select set_config('role', $1, true), set_config('app.current_user_id', $2, true),
              set_config('app.request_id', $3, true), set_config('app.ip_address', $4, true),
              set_config('app.user_agent', $5, true)`,
      [ctx.role, ctx.userId ?? '', ctx.state?.requestId ?? '', ctx.state?.ipAddress ?? '', ctx.state?.userAgent ?? ''],
    );
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
