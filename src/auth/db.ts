import type { Pool, PoolClient } from 'pg';
import { inRequestTransaction } from '../db/requestContext';
import type { RequestState } from '../http/requestState';

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
export function authTransaction<T>(pool: Pool, ctx: AuthContext, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const { requestId, ipAddress, userAgent } = ctx.state ?? {};
  return inRequestTransaction(pool, { role: ctx.role, userId: ctx.userId, requestId, ipAddress, userAgent }, fn);
}
