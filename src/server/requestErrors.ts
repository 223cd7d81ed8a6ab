import { codeForStatus, isErrorCode, type ErrorCode } from '../http/errorCodes';

/**
 * The errors grafserv answers by itself, outside maskError: an unreadable request (method, media
 * type, size, JSON body, `query` / `variables` of the wrong shape) and a document that does not
 * parse (syntax, or nested too deep to parse). They come with no code; this gives each one its
 * code, the request part it is about (`field`), and a message without internals.
 */

export interface WireError {
  message: string;
  locations?: unknown;
  path?: unknown;
  extensions?: Record<string, unknown>;
}

interface Rewrite {
  code: ErrorCode;
  message?: string;
  field?: string;
  status?: number;
}

const BODY_HELP = 'send a JSON object such as {"query": "{ ... }", "variables": {}}';

/** grafserv's own messages (grafserv/dist/middleware/graphql.js) -> code, field, clearer words. */
function rewriteFor(message: string, status: number, maxBodyBytes: number): Rewrite | undefined {
  if (/Maximum call stack size exceeded/i.test(message)) {
    return { code: 'QUERY_TOO_COMPLEX', message: 'The query is nested too deeply to be read; simplify it' };
  }
  if (/^Syntax Error:/.test(message)) return { code: 'GRAPHQL_PARSE_FAILED' };
  if (/^Could not determine the Content-Type/.test(message)) {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415, message: 'Content-Type is missing: send Content-Type: application/json' };
  }
  if (/^Media type .* is not (allowed|understood)/.test(message)) {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: `${message}: send Content-Type: application/json` };
  }
  if (status === 413) return { code: 'PAYLOAD_TOO_LARGE', field: 'body', message: `The request body is too large (at most ${maxBodyBytes} bytes)` };
  if (/^Parsing failed|^Invalid body|^Do not understand type/.test(message)) {
    return { code: 'BAD_USER_INPUT', field: 'body', message: `body: the request body is not valid JSON; ${BODY_HELP}` };
  }
  if (/^query must be a string/.test(message)) return { code: 'BAD_USER_INPUT', field: 'query', message: `query: a GraphQL query string is required; ${BODY_HELP}` };
  if (/^operationName, if given/.test(message)) return { code: 'BAD_USER_INPUT', field: 'operationName', message: 'operationName: must be a string when given' };
  if (/^Invalid variables/.test(message)) return { code: 'BAD_USER_INPUT', field: 'variables', message: 'variables: must be a JSON object' };
  if (/^Invalid onError/.test(message)) return { code: 'BAD_USER_INPUT', field: 'onError', message: `onError: ${message.replace(/^Invalid onError; /, '')}` };
  if (/^Invalid extensions/.test(message)) return { code: 'BAD_USER_INPUT', field: 'extensions', message: 'extensions: must be a JSON object' };
  if (status === 405) return { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed: send GraphQL requests with POST' };
  if (status === 406) return { code: 'NOT_ACCEPTABLE' };
  return undefined;
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** GraphQL's "Did you mean ..." hints name schema members: dropped when introspection is off. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trim();
}

export interface CodedErrors {
  status: number;
  errors: WireError[];
}

/**
 * Every error of an answer gets a code (those that have one keep it), and the status the code
 * implies where grafserv chose another. Unknown errors of a failed request are not passed on:
 * their message could name internals.
 */
export function codeWireErrors(errors: WireError[], status: number, options: { suggestions: boolean; maxBodyBytes: number }): CodedErrors {
  let outStatus = status;
  const coded = errors.map((error): WireError => {
    // grafserv's statusCode extension repeats the HTTP status: not part of the contract.
    const extensions = { ...(error.extensions ?? {}) };
    delete extensions.statusCode;
    const message = options.suggestions ? error.message : withoutSuggestions(String(error.message));
    if (isErrorCode(extensions.code)) return { ...error, message, extensions };
    const rewrite = rewriteFor(message, status, options.maxBodyBytes);
    if (rewrite) {
      if (rewrite.status) outStatus = rewrite.status;
      const ext: Record<string, unknown> = { ...extensions, code: rewrite.code };
      if (rewrite.field) ext.field = rewrite.field;
      return { ...error, message: rewrite.message ?? message, extensions: ext };
    }
    if (status >= 500 || status < 400) {
      return { message: 'An unexpected error occurred while reading the request', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return { ...error, message, extensions: { ...extensions, code: codeForStatus(status) } };
  });
  return { status: outStatus, errors: coded };
}
