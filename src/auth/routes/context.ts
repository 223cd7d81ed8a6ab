// What every /auth/* route shares: the pools and settings, body parsing, the error wrapper, the
// transaction roles, and the split between routes before and after the session check.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { Config } from '../../config';
import { sendError, sendValidationErrors } from '../../http/errors';
import { getAuthentication, type Authentication, type Sessions } from '../../http/jwt';
import type { Logger } from '../../http/logger';
import { getRequestState } from '../../http/requestState';
import type { AuthContext } from '../db';
import type { Mailer } from '../mailer';

export interface RouteContext {
  config: Config;
  /** The API's vitalis_authenticator pool (the routes switch role per transaction). */
  pool: Pool;
  logger: Logger;
  mailer: Mailer;
  /** Session liveness (cached in the API: routes that end sessions say so through `ended`). */
  sessions: Sessions;
  /** JSON body parser for the auth routes (small bodies only). */
  json: RequestHandler;
  /** Wraps a handler so a rejected promise reaches the router's error handler with the request's log context. */
  handle: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
  /** 401 unless the request carries a live session (signed-in routes only). */
  requireAuth: RequestHandler;
  anonymous: (req: Request) => AuthContext;
  signedIn: (req: Request, auth: Authentication) => AuthContext;
  /** A link into the client app carrying a one-time token. */
  link: (route: string, token: string) => string;
}

/**
 * One concern's routes. `anonymous` routes are mounted before the session-checking JWT middleware
 * (an Authorization header is ignored there: refreshing with an expired access token still
 * attached must work); `signedIn` routes after it, authenticated by bearer token with a live session.
 */
export interface AuthRoutes {
  anonymous?(router: Router, ctx: RouteContext): void;
  signedIn?(router: Router, ctx: RouteContext): void;
}

/** Parses a JSON body with a zod schema, or answers 400 naming each field and rule. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request, res: Response): z.infer<S> | undefined {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    sendError(res, 400, 'BAD_USER_INPUT', 'The request body must be a JSON object (Content-Type: application/json)');
    return undefined;
  }
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    sendValidationErrors(res, parsed.error);
    return undefined;
  }
  return parsed.data;
}

/** Maps the database's own checks (same rules as the zod schemas) to 400s naming the field. */
function databaseInputError(error: unknown): { field: string; message: string } | undefined {
  const pg = error as { code?: string; constraint?: string; column?: string; message?: string };
  if (pg.code === '23514' && pg.constraint === 'users_email_format') return { field: 'email', message: 'email must be a valid email address' };
  if (pg.code === '23514' && pg.constraint?.startsWith('users_display_name')) return { field: 'displayName', message: 'displayName must be 1 to 200 characters' };
  if (pg.code === '22023' && pg.column === 'password') return { field: 'password', message: pg.message ?? 'password is not accepted' };
  return undefined;
}

export function createRouteContext(config: Config, pool: Pool, logger: Logger, mailer: Mailer, sessions: Sessions): RouteContext {
  return {
    config,
    pool,
    logger,
    mailer,
    sessions,
    json: express.json({ limit: '32kb' }),
    handle: (fn) => (req, res, next) => {
      fn(req, res).catch((error: unknown) => {
        const input = databaseInputError(error);
        if (input && !res.headersSent) {
          sendError(res, 400, 'BAD_USER_INPUT', input.message, input.field);
          return;
        }
        next(error);
      });
    },
    requireAuth: (req, res, next) => {
      if (!getAuthentication(req)) {
        sendError(res, 401, 'UNAUTHENTICATED', 'Sign in required: send Authorization: Bearer <access token>');
        return;
      }
      next();
    },
    anonymous: (req) => ({ role: 'vitalis_anonymous' as const, state: getRequestState(req) }),
    signedIn: (req, auth) => ({ role: 'vitalis_api' as const, userId: auth.userId, state: getRequestState(req) }),
    link: (route, token) => `${config.PUBLIC_URL.replace(/\/$/, '')}${route}?token=${encodeURIComponent(token)}`,
  };
}
