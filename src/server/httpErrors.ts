import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import { sendError } from '../http/errors';
import { codeForStatus } from '../http/errorCodes';
import type { Logger } from '../http/logger';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './pgErrors';

/**
 * The express app's last two handlers, in the error contract's shape
 * ({errors: [{message, extensions: {code, field?}}]}): a route that does not exist (404), or exists
 * for other methods (405, with Allow), and an error no router answered (a body that could not be
 * read: 400 / 413 / 415; the database unreachable (down, restarting): 503 with Retry-After;
 * anything else: 500 with an id to quote, the detail logged).
 */

interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  match?: (path: string) => false | { path: string };
}

/** The methods the app's routes answer at `path` (express 5's router stack; empty if unknown). */
function allowedMethods(stack: RouterLayer[] | undefined, path: string, out = new Set<string>()): Set<string> {
  for (const layer of stack ?? []) {
    const matched = layer.match?.(path);
    if (!matched) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      allowedMethods(layer.handle.stack, path.slice(matched.path.length) || '/', out);
    }
  }
  return out;
}

export function notFoundHandler(app: Express): RequestHandler {
  return (req, res) => {
    let methods = new Set<string>();
    try {
      methods = allowedMethods((app as unknown as { router?: { stack?: RouterLayer[] } }).router?.stack, req.path);
    } catch {
      // The router's internals changed: answer 404, which is still true for this method.
    }
    if (methods.has('GET')) methods.add('HEAD');
    if (methods.size && !methods.has(req.method)) {
      res.set('Allow', [...methods].sort().join(', '));
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here: use ${[...methods].sort().join(' or ')}`);
      return;
    }
    sendError(res, 404, 'NOT_FOUND', `Not found: no route ${req.method} ${req.path}`);
  };
}

/** body-parser's errors carry the status and a type; the client can fix these. */
function clientStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const status = clientStatus(error);
    if (status !== undefined) {
      logger.info({ err: error, status }, 'refused request');
      if (res.headersSent) return;
      if (status === 413) return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large', 'body');
      if (status === 415) return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body has a character set or encoding the server does not read', 'body');
      const type = (error as { type?: unknown }).type;
      if (type === 'entity.parse.failed') return sendError(res, 400, 'BAD_USER_INPUT', 'body: the request body is not valid JSON', 'body');
      const code = codeForStatus(status);
      return sendError(res, status, code, 'The request could not be read', code === 'BAD_USER_INPUT' ? 'body' : undefined);
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error }, 'database unavailable: answered 503');
      if (res.headersSent) return;
      res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendError(res, 503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
    }
    const errorId = randomUUID();
    logger.error({ err: error, errorId }, 'unhandled request error');
    if (res.headersSent) return;
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', `An error occurred (id: ${errorId})`);
  };
}
