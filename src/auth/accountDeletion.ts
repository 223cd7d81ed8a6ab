// Asking for erasure (docs/erasure.md), shared by POST /auth/account-deletion and the GraphQL
// mutation requestAccountDeletion: one call of vitalis_private.request_account_deletion in the
// caller's transaction (role vitalis_api, acting as the signed-in user), and what its status
// means for the client. Refusals are outcomes, not exceptions: the caller must commit a refusal
// too, so that a wrong password stays counted with the failed logins.
import type { Config } from '../config';
import type { ErrorCode } from '../http/errorCodes';

/** Accounts without a password prove themselves by a sign-in this recent (seconds). */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

/** The longest password read (the route's and the mutation's bound). */
export const MAX_PASSWORD_LENGTH = 1000;

export type AccountDeletionConfig = Pick<Config, 'DELETION_GRACE_DAYS' | 'PUBLIC_URL' | 'LOGIN_WINDOW' | 'LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP'>;

/** Both node-postgres clients and the GraphQL request's client take a query config. */
export interface QueryClient {
  query<T>(query: { text: string; values?: readonly unknown[] }): PromiseLike<{ readonly rows: readonly T[] }>;
}

export interface DeletionRequested {
  requestId: string;
  status: 'pending';
  /** ISO 8601, UTC, milliseconds. */
  gracePeriodEndsAt: string;
  /** Sessions signed out by this request; 0 when the request was already pending. */
  sessionsRevoked: number;
}

export type AccountDeletionOutcome =
  /** A new request: the grace period started, every session was revoked, the mail queued. */
  | { status: 'requested'; request: DeletionRequested }
  /** A request was already running its grace period (or being processed): that one, unchanged. */
  | { status: 'pending'; request: DeletionRequested }
  | { status: 'invalid_password' }
  | { status: 'password_required' }
  /** No password on the account, and the session's sign-in is not recent enough. */
  | { status: 'reauthenticate' }
  | { status: 'rate_limited'; retryAfterSeconds: number };

export type AccountDeletionRefusal = Exclude<AccountDeletionOutcome, { request: DeletionRequested }>;

interface Row {
  status: 'ok' | 'pending' | 'invalid_password' | 'password_required' | 'reauthenticate' | 'rate_limited';
  request_id: string | null;
  grace_period_ends_at: string | null;
  sessions_revoked: number | string | null;
  retry_after: number | string | null;
}

/**
 * Asks for the erasure of the signed-in user's account, re-authenticated by `password` (or, for an
 * account without one, by a sign-in of session `sessionId` within RECENT_SIGN_IN_SECONDS). The
 * client must be in a transaction acting as that user; a new request revokes every session,
 * `sessionId` included, in that transaction.
 */
export async function requestAccountDeletion(
  client: QueryClient,
  input: { sessionId: string; password: string | null | undefined },
  config: AccountDeletionConfig,
): Promise<AccountDeletionOutcome> {
  // Values normalised in SQL: the GraphQL client and node-postgres parse types differently.
  const { rows } = await client.query<Row>({
    text: `select r.status, r.request_id::text,
                  to_char(r.grace_period_ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as grace_period_ends_at,
                  r.sessions_revoked, r.retry_after
             from vitalis_private.request_account_deletion($1, $2, $3, $4, $5, $6, $7) r`,
    values: [
      input.sessionId,
      input.password ?? null,
      config.DELETION_GRACE_DAYS,
      config.PUBLIC_URL,
      RECENT_SIGN_IN_SECONDS,
      config.LOGIN_WINDOW,
      config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
    ],
  });
  const row = rows[0];
  if (!row) throw new Error('request_account_deletion returned no row');
  switch (row.status) {
    case 'ok':
    case 'pending':
      return {
        status: row.status === 'ok' ? 'requested' : 'pending',
        request: { requestId: row.request_id!, status: 'pending', gracePeriodEndsAt: row.grace_period_ends_at!, sessionsRevoked: Number(row.sessions_revoked ?? 0) },
      };
    case 'rate_limited':
      return { status: 'rate_limited', retryAfterSeconds: Math.max(1, Number(row.retry_after ?? 1)) };
    case 'invalid_password':
    case 'password_required':
    case 'reauthenticate':
      return { status: row.status };
    default:
      throw new Error(`request_account_deletion returned an unknown status: ${String(row.status)}`);
  }
}

/** What a refusal tells the client, the same on both APIs (the code fixes the HTTP status of the route). */
export function describeRefusal(refusal: AccountDeletionRefusal): { code: ErrorCode; message: string; field?: string } {
  switch (refusal.status) {
    case 'invalid_password':
      return { code: 'BAD_USER_INPUT', message: 'password is not correct', field: 'password' };
    case 'password_required':
      return { code: 'BAD_USER_INPUT', message: 'password is required: send your current password to confirm the deletion', field: 'password' };
    case 'reauthenticate':
      return {
        code: 'FORBIDDEN',
        message: `Sign in again (within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes) to confirm the deletion of an account without a password`,
      };
    case 'rate_limited':
      return {
        code: 'RATE_LIMITED',
        message: `Too many wrong passwords for this account from this IP address: try again in ${refusal.retryAfterSeconds} seconds`,
      };
  }
}
