// Errors that say the database cannot be reached right now (down, restarting, refusing
// connections, or the connection broke), as opposed to anything about the statement: the API
// answers them with 503 and Retry-After (src/server/errors.ts, httpErrors.ts), the worker waits
// for the database to come back (src/db/patientPool.ts). docs/faults.md.

/** An error PostgreSQL itself sent (it has a severity), not one node-pg made up. */
function isServerError(error: object): boolean {
  return typeof (error as { severity?: unknown }).severity === 'string' || typeof (error as { routine?: unknown }).routine === 'string';
}

/** Node's socket errors that mean the database server cannot be reached (or went away mid-talk). */
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is going away or not taking connections: 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery),
 * 53300 too_many_connections, and class 08 (connection exceptions).
 */
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|53300|08[0-9A-Z]{3})$/;

/** node-pg and pg-pool's own words for a lost or never-made connection (they carry no code). */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool)$/;

/**
 * Whether an error means the database is unreachable right now (down, restarting, refusing
 * connections, or the connection broke), rather than anything about the request: the API answers
 * 503 SERVICE_UNAVAILABLE with Retry-After for these, never 500 (docs/faults.md). Looks through
 * `cause` and AggregateError's `errors` (Node reports a refused connection to several addresses
 * as one AggregateError).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; originalError?: unknown };
  if (typeof e.code === 'string' && (UNREACHABLE_SOCKET_CODES.has(e.code) || (UNAVAILABLE_SQLSTATE.test(e.code) && isServerError(error)))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.originalError, depth + 1);
}

/** Seconds a client should wait before retrying while the database is unavailable (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The message of a 503 for an unreachable database. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable right now (restarting or unreachable): try again shortly';
