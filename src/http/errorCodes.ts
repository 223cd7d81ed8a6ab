/**
 * Every `extensions.code` the API answers with, GraphQL (/graphql) and REST (/auth, /providers,
 * /imports) alike: the one list. docs/error-codes.md documents each one; a test keeps the two
 * the same, and another finds every code literal in src/ in this list.
 *
 * - `status`: the HTTP status of a REST answer, or of a GraphQL request refused before its
 *   operation was read (method, media type, size, unreadable body, trusted documents). Errors of
 *   an operation that was read (syntax, validation, limits, execution) come back in `errors` with
 *   HTTP 200 (application/json; with application/graphql-response+json, 400 when there is no data):
 *   the codes that only arise there have status 200. The exception is SERVICE_UNAVAILABLE for the
 *   database: the whole answer is 503 with Retry-After (docs/faults.md).
 * - `where`: which endpoints may answer with it.
 */
export interface ErrorCodeInfo {
  status: number;
  where: 'graphql' | 'rest' | 'both';
  meaning: string;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: {
    status: 400,
    where: 'both',
    meaning: 'an argument, input field, variable or part of the request is not acceptable; `field` names it and the message says the rule',
  },
  GRAPHQL_PARSE_FAILED: { status: 200, where: 'graphql', meaning: 'the query is not valid GraphQL syntax' },
  GRAPHQL_VALIDATION_FAILED: {
    status: 200,
    where: 'graphql',
    meaning: 'the query asks for something the schema does not have (an unknown field or argument, a missing selection, an unknown operationName)',
  },
  INTROSPECTION_DISABLED: { status: 200, where: 'graphql', meaning: 'introspection (`__schema`, `__type`) is turned off on this server' },
  TRUSTED_DOCUMENT_REQUIRED: { status: 400, where: 'graphql', meaning: 'this server runs registered operations only: send a documentId instead of a query' },
  TRUSTED_DOCUMENT_NOT_FOUND: { status: 400, where: 'graphql', meaning: 'the documentId is not a registered operation' },
  QUERY_TOO_DEEP: { status: 200, where: 'graphql', meaning: 'the query nests selections deeper than MAX_QUERY_DEPTH (or, before parsing, MAX_DOCUMENT_DEPTH)' },
  QUERY_TOO_COSTLY: { status: 200, where: 'graphql', meaning: 'the query could return more data than MAX_QUERY_COST allows: ask for fewer rows or fewer nested lists' },
  QUERY_TOO_LARGE: { status: 200, where: 'graphql', meaning: 'the query text is longer than the server reads' },
  QUERY_TOO_COMPLEX: {
    status: 200,
    where: 'graphql',
    meaning: 'the query has too many fields, aliases, fragments or nested values to be read (e.g. thousands of aliases, or a value nested thousands deep)',
  },
  UNAUTHENTICATED: { status: 401, where: 'both', meaning: 'no valid access token (or credentials) was sent: sign in, or refresh the token' },
  FORBIDDEN: { status: 403, where: 'both', meaning: 'signed in, but not allowed to do this (e.g. write another user’s rows)' },
  NOT_FOUND: { status: 404, where: 'both', meaning: 'no such route, or no record you may see or change' },
  METHOD_NOT_ALLOWED: { status: 405, where: 'both', meaning: 'the route does not take this HTTP method (GraphQL takes POST only); the Allow header lists the methods it takes' },
  NOT_ACCEPTABLE: { status: 406, where: 'graphql', meaning: 'the Accept header allows neither application/json nor application/graphql-response+json' },
  CONFLICT: { status: 409, where: 'both', meaning: 'a record with the same key already exists, or the record is still referenced' },
  PAYLOAD_TOO_LARGE: { status: 413, where: 'both', meaning: 'the request body is larger than the route accepts' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, where: 'both', meaning: 'the Content-Type is missing or not one the route reads (GraphQL: application/json)' },
  RATE_LIMITED: { status: 429, where: 'both', meaning: 'too many requests or failed attempts: wait (Retry-After, when sent) and try again' },
  TIMEOUT: { status: 200, where: 'graphql', meaning: 'the operation took longer than the server allows and was cancelled: ask for less data at a time' },
  INTERNAL_SERVER_ERROR: { status: 500, where: 'both', meaning: 'an unexpected error; the message carries an id to quote, the detail is in the server log' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    where: 'both',
    meaning:
      'a service the request depends on cannot be reached right now: the database (down or restarting; GraphQL answers this with HTTP 503 too, and Retry-After says when to try again), a sign-in provider, or the database connection behind live alerts',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/**
 * The code an HTTP status stands for where the status alone says what went wrong (method, media
 * type, size, rate): these statuses always carry these codes, whoever answers.
 */
export const STATUS_CODES: Readonly<Partial<Record<number, ErrorCode>>> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** A code for an HTTP status that came without one: its own code, or BAD_USER_INPUT / INTERNAL_SERVER_ERROR. */
export function codeForStatus(status: number): ErrorCode {
  return STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT');
}

/** One error as it leaves the API: {message, extensions: {code, field?, fields?}}. */
export interface ApiErrorBody {
  message: string;
  extensions: { code: ErrorCode; field?: string; fields?: Array<{ field: string; message: string }> | string[]; [key: string]: unknown };
}
