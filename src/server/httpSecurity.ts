import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { REQUEST_ID_HEADER } from '../http/requestId';

type HeadersConfig = Pick<Config, 'NODE_ENV' | 'ENABLE_GRAPHIQL'>;

/** The API serves JSON only: nothing in a response may load, run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Security headers on every response. Ruru (GraphiQL), when enabled, is an HTML page with its
 * own scripts and styles, so its paths get a CSP that lets them load from this origin only.
 */
export function securityHeaders(config: HeadersConfig, uiPaths: { graphiqlPath: string; staticPrefix: string }): RequestHandler {
  const production = config.NODE_ENV === 'production';
  const graphiql = config.ENABLE_GRAPHIQL === 'true';
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    const ui = graphiql && (req.path === uiPaths.graphiqlPath || req.path.startsWith(uiPaths.staticPrefix));
    res.setHeader(
      'Content-Security-Policy',
      ui
        ? "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        : API_CSP,
    );
    // Health data: no shared or browser cache keeps a response.
    if (!ui) res.setHeader('Cache-Control', 'no-store');
    // HSTS only where TLS is terminated in front of us in production; harmless over plain HTTP
    // (browsers ignore it there), but in development it would pin localhost to HTTPS.
    if (production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/**
 * CORS from an allow-list of exact origins (CORS_ORIGINS). Credentials (the Authorization header,
 * cookies) are allowed, so a wildcard never is; an origin not on the list gets no CORS headers
 * and the browser blocks the response. Preflights are answered here, before authentication.
 */
export function corsMiddleware(config: Pick<Config, 'CORS_ORIGINS'>): RequestHandler {
  const allowed = new Set(config.CORS_ORIGINS);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept', REQUEST_ID_HEADER],
    exposedHeaders: [REQUEST_ID_HEADER],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
