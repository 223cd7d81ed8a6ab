import type { Pool } from 'pg';
import type { Config } from '../config';
import { signAccessToken } from '../http/jwt';

export type TokenConfig = Pick<Config, 'JWT_SECRET' | 'JWT_AUDIENCE' | 'JWT_ISSUER' | 'ACCESS_TOKEN_TTL' | 'REFRESH_TOKEN_TTL'>;

/** What register, login, refresh and OAuth sign-in return. */
export interface TokenResponse {
  userId: string;
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until accessToken expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

export function tokenResponse(
  config: TokenConfig,
  row: { user_id: string; session_id: string; refresh_token: string; refresh_expires_at: Date },
  accessTtl = config.ACCESS_TOKEN_TTL,
): TokenResponse {
  return {
    userId: row.user_id,
    tokenType: 'Bearer',
    accessToken: signAccessToken(config, { userId: row.user_id, sessionId: row.session_id }, accessTtl),
    expiresIn: accessTtl,
    refreshToken: row.refresh_token,
    refreshExpiresAt: row.refresh_expires_at.toISOString(),
  };
}

/**
 * A real session for a user, without a password: for server-side tooling only (the development
 * demo token, tests). `pool` must be an owner or superuser connection.
 */
export async function issueSession(pool: Pool, config: TokenConfig, userId: string, options: { accessTtl?: number } = {}): Promise<TokenResponse> {
  const { rows } = await pool.query('select $1::uuid as user_id, * from vitalis_private.auth_issue_session($1, $2)', [userId, config.REFRESH_TOKEN_TTL]);
  return tokenResponse(config, rows[0], options.accessTtl);
}
