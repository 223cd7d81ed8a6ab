import type { Response } from 'express';
import type { PoolClient } from 'pg';
import type { Config } from '../config';
import { sendError } from '../http/errors';

/** Requests that send mail or create an account, limited per target address and per client IP. */
export type RateLimitedAction = 'register' | 'password_reset' | 'verify_email';

export type RateLimitConfig = Pick<
  Config,
  | 'AUTH_RATE_WINDOW'
  | 'REGISTER_MAX_PER_EMAIL'
  | 'REGISTER_MAX_PER_IP'
  | 'PASSWORD_RESET_MAX_PER_EMAIL'
  | 'PASSWORD_RESET_MAX_PER_IP'
  | 'VERIFY_EMAIL_MAX_PER_EMAIL'
  | 'VERIFY_EMAIL_MAX_PER_IP'
>;

export interface RateLimitRefusal {
  retryAfter: number;
  limitedBy: 'address' | 'ip';
}

function limits(config: RateLimitConfig, action: RateLimitedAction): [perAddress: number, perIp: number] {
  switch (action) {
    case 'register':
      return [config.REGISTER_MAX_PER_EMAIL, config.REGISTER_MAX_PER_IP];
    case 'password_reset':
      return [config.PASSWORD_RESET_MAX_PER_EMAIL, config.PASSWORD_RESET_MAX_PER_IP];
    case 'verify_email':
      return [config.VERIFY_EMAIL_MAX_PER_EMAIL, config.VERIFY_EMAIL_MAX_PER_IP];
  }
}

/**
 * Counts one request against the limits (vitalis_private.auth_rate_limit, shared by every API
 * process; the IP is the transaction's app.ip_address). Call it inside the request's transaction:
 * undefined when allowed (and recorded), otherwise the refusal. `address` is the target email,
 * counted whether or not it has an account.
 */
export async function takeRateLimit(client: PoolClient, config: RateLimitConfig, action: RateLimitedAction, address: string | null): Promise<RateLimitRefusal | undefined> {
  const [perAddress, perIp] = limits(config, action);
  const { rows } = await client.query<{ retry_after: number; limited_by: 'address' | 'ip' | null }>(
    'select * from vitalis_private.auth_rate_limit($1, $2, $3, $4, $5)',
    [action, address, config.AUTH_RATE_WINDOW, perAddress, perIp],
  );
  const row = rows[0]!;
  return row.retry_after > 0 && row.limited_by ? { retryAfter: row.retry_after, limitedBy: row.limited_by } : undefined;
}

const WHAT: Record<RateLimitedAction, string> = {
  register: 'account registrations',
  password_reset: 'password reset requests',
  verify_email: 'verification email requests',
};

/** 429 RATE_LIMITED with Retry-After, naming the limit (the same for addresses with and without an account). */
export function sendRateLimited(res: Response, action: RateLimitedAction, refusal: RateLimitRefusal): void {
  res.set('Retry-After', String(refusal.retryAfter));
  const scope = refusal.limitedBy === 'address' ? 'for this email address' : 'from this IP address';
  sendError(res, 429, 'RATE_LIMITED', `Too many ${WHAT[action]} ${scope}: try again in ${refusal.retryAfter} seconds`);
}

/** Thrown inside a transaction to roll it back when a limit refuses work already done in it. */
export class RateLimitedError extends Error {
  constructor(
    readonly action: RateLimitedAction,
    readonly refusal: RateLimitRefusal,
  ) {
    super(`rate limited: ${action}`);
  }
}
