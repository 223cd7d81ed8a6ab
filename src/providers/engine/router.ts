import { Router, type ErrorRequestHandler } from 'express';
import { sendError } from '../../http/errors';
import { createConnectRoutes, type ProviderRouterOptions } from './connectRoutes';
import { createWebhookRoutes } from './webhookRoutes';

export type { ProviderRouterOptions };

/**
 * Provider connections over HTTP, mounted at /providers (after the auth router, before
 * PostGraphile): connect (signed in), OAuth callback (from the provider's site), disconnect
 * (signed in), webhooks (from the provider). Its own raw-body parser: no JSON parser may run
 * before it, or webhook signatures cannot be checked.
 */
export function createProviderRouter(options: ProviderRouterOptions): Router {
  const router = Router();
  router.use(createWebhookRoutes(options));
  router.use(createConnectRoutes(options));
  const onError: ErrorRequestHandler = (error, _req, res, next) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500 && !res.headersSent) {
      sendError(res, status, 'BAD_USER_INPUT', status === 413 ? 'The request body is too large' : 'The request could not be read');
      return;
    }
    next(error);
  };
  router.use(onError);
  return router;
}
