import { type ErrorRequestHandler, Router } from 'express';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { sendError } from '../http/errors';
import { jwtMiddleware, type Sessions, uncachedSessions } from '../http/jwt';
import type { Logger } from '../http/logger';
import { createMailer, type Mailer } from './mailer';
import { createRouteContext, type AuthRoutes } from './routes/context';
import { emailVerificationRoutes } from './routes/emailVerification';
import { oauthSignInRoutes } from './routes/oauthSignIn';
import { passwordRoutes } from './routes/passwords';
import { registrationRoutes } from './routes/registration';
import { sessionRoutes } from './routes/sessions';

export interface AuthRouterOptions {
  config: Config;
  /** The API's vitalis_authenticator pool (the router switches role per transaction). */
  pool: Pool;
  logger: Logger;
  mailer?: Mailer;
  /** The API's session liveness (cached); without it every check is a lookup. */
  sessions?: Sessions;
}

/** Every concern's routes (src/auth/routes/), in mounting order. */
const CONCERNS: AuthRoutes[] = [registrationRoutes, sessionRoutes, emailVerificationRoutes, passwordRoutes, oauthSignInRoutes];

/**
 * POST /auth/* (JSON): accounts, sessions, email verification, password reset, Google and Apple
 * sign-in (docs/auth.md). Mounted before PostGraphile; it also runs the session-checking JWT
 * middleware for every request that passes it, so /graphql sees only live sessions.
 */
export function createAuthRouter(options: AuthRouterOptions): Router {
  const { config, pool, logger } = options;
  const sessions = options.sessions ?? uncachedSessions(pool);
  const ctx = createRouteContext(config, pool, logger, options.mailer ?? createMailer(config), sessions);
  const router = Router();

  // Anonymous routes first: an Authorization header is ignored there.
  for (const concern of CONCERNS) concern.anonymous?.(router, ctx);

  // ---- everything below, and every request that passes this router (GraphQL), is authenticated
  // by bearer token with a live session ----
  router.use(jwtMiddleware(config, sessions.check));
  for (const concern of CONCERNS) concern.signedIn?.(router, ctx);

  // Malformed JSON bodies are the client's fault, not a 500.
  const onError: ErrorRequestHandler = (error, req, res, next) => {
    const status = (error as { status?: number; type?: string }).status;
    if (req.path.startsWith('/auth/') && typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      sendError(res, status, 'BAD_USER_INPUT', status === 413 ? 'The request body is too large' : 'The request body is not valid JSON');
      return;
    }
    next(error);
  };
  router.use(onError);
  return router;
}
