import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { setRequestState, UUID_RE } from './requestState';

export const REQUEST_ID_HEADER = 'X-Request-Id';

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
    next();
  };
}

/** "::ffff:127.0.0.1" -> "127.0.0.1"; anything else unchanged. */
function normaliseIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
