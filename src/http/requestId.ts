import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { setRequestState, UUID_RE } from './requestState';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const current = new AsyncLocalStorage<string>();

/** The id of the request being handled, wherever in its async chain this is called from. */
export function currentRequestId(): string | undefined {
  return current.getStore();
}

/**
 * Accepts the caller's X-Request-Id when it is a uuid (so a trace can span a proxy or client),
 * otherwise generates one; echoes it in the response and records it, with the caller's address
 * and user agent, for the GraphQL context (app.request_id -> audit_log.request_id).
 */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming && UUID_RE.test(incoming) ? incoming.toLowerCase() : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    setRequestState(req, {
      requestId,
      ipAddress: normaliseIp(req.ip),
      userAgent: req.get('user-agent')?.slice(0, 512),
    });
    // Everything that runs for this request (GraphQL execution, error masking) can find its id,
    // so every log line it writes carries it (see createLogger's mixin).
    current.run(requestId, next);
  };
}

/** "::ffff:127.0.0.1" -> "127.0.0.1"; anything else unchanged. */
function normaliseIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
