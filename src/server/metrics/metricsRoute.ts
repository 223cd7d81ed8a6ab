import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { sendError } from '../../http/errors';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Directly from this machine: a loopback peer, and no proxy header saying it relays someone else. */
function isLocal(req: Request): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded && !req.headers['x-real-ip'];
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics for the operator (docs/metrics.md). With a token (METRICS_TOKEN), only
 * `Authorization: Bearer <token>` is served, from anywhere; without one, only requests made on
 * this machine (127.0.0.1 / ::1, not relayed by a proxy), since the counts describe every user.
 */
export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return async (req, res) => {
    if (expected) {
      const sent = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!sent || !timingSafeEqual(digest(sent), expected)) {
        sendError(res, 401, 'UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
        return;
      }
    } else if (!isLocal(req)) {
      sendError(res, 403, 'FORBIDDEN', 'GET /metrics is served to this machine only (127.0.0.1); set METRICS_TOKEN to scrape it from elsewhere');
      return;
    }
    const body = await registry.metrics();
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
  };
}
