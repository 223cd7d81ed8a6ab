// /billing (docs/billing.md): POST /billing/checkout starts a paid plan for the signed-in account
// owner, POST /billing/portal opens Stripe's portal to change or cancel it; POST /billing/webhook
// receives Stripe's events. Mounted before every JSON parser (the
// webhook's signature covers the raw bytes) and before the auth router (Stripe sends no bearer
// token; checkout checks its session itself). Without STRIPE_SECRET_KEY every route answers 404.
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Pool } from 'pg';
import Stripe from 'stripe';
import { z } from 'zod';
import type { Config } from '../config';
import { inRequestTransaction } from '../db/requestContext';
import { sendError, sendValidationErrors } from '../http/errors';
import { getAuthentication, jwtMiddleware, poolSessionChecker } from '../http/jwt';
import type { Logger } from '../http/logger';
import { getRequestState } from '../http/requestState';
import { CheckoutRefused, openBillingPortal, startCheckout } from './checkout';
import { stripeClient } from './stripe';
import { applyStripeEvent, verifyStripeEvent, WebhookRejected } from './webhook';

export interface BillingRouterOptions {
  config: Config;
  /** The API's vitalis_authenticator pool (each transaction switches role). */
  pool: Pool;
  logger: Logger;
}

/** A Stripe event is a few kB; anything far larger is not one. */
const WEBHOOK_MAX_BYTES = '512kb';

export const checkoutInput = z.object({ tier: z.enum(['pro', 'family']) }).strict();

const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };

export function createBillingRouter(options: BillingRouterOptions): Router {
  const { config, pool, logger } = options;
  const router = Router();
  const stripe = stripeClient(config);

  router.use((_req, res, next) => {
    if (stripe) return next();
    sendError(res, 404, 'NOT_FOUND', 'Billing is not enabled on this server (STRIPE_SECRET_KEY is unset)');
  });

  router.post(
    '/webhook',
    express.raw({ type: () => true, limit: WEBHOOK_MAX_BYTES }),
    handle(async (req, res) => {
      if (!config.STRIPE_WEBHOOK_SECRET) return sendError(res, 404, 'NOT_FOUND', 'Stripe webhooks are not enabled on this server (STRIPE_WEBHOOK_SECRET is unset)');
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let event: Stripe.Event;
      try {
        event = verifyStripeEvent(stripe!, config, raw, req.get('stripe-signature'));
      } catch (error) {
        if (!(error instanceof WebhookRejected)) throw error;
        logger.warn({ reason: error.message }, 'Stripe webhook refused');
        return sendError(res, 400, 'BAD_USER_INPUT', error.message, error.message.startsWith('Stripe-Signature') ? 'Stripe-Signature' : 'body');
      }
      const state = getRequestState(req);
      const outcome = await inRequestTransaction(pool, { role: 'vitalis_anonymous', requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent }, (client) =>
        applyStripeEvent(client, config, event, logger),
      );
      res.json({ received: true, outcome });
    }),
  );

  router.post(
    '/checkout',
    jwtMiddleware(config, poolSessionChecker(pool)),
    express.json({ limit: '4kb' }),
    handle(async (req, res) => {
      const auth = getAuthentication(req);
      if (!auth) return sendError(res, 401, 'UNAUTHENTICATED', 'Sign in to start a paid plan');
      const input = checkoutInput.safeParse(req.body ?? {});
      if (!input.success) return sendValidationErrors(res, input.error);
      const state = getRequestState(req);
      try {
        const started = await startCheckout(stripe!, pool, config, { userId: auth.userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent }, input.data.tier);
        res.status(201).json({ url: started.url, sessionId: started.sessionId });
      } catch (error) {
        if (!sendRefusal(res, error, logger)) throw error;
      }
    }),
  );

  router.post(
    '/portal',
    jwtMiddleware(config, poolSessionChecker(pool)),
    handle(async (req, res) => {
      const auth = getAuthentication(req);
      if (!auth) return sendError(res, 401, 'UNAUTHENTICATED', 'Sign in to manage your subscription');
      const state = getRequestState(req);
      try {
        res.status(201).json(await openBillingPortal(stripe!, pool, config, { userId: auth.userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent }));
      } catch (error) {
        if (!sendRefusal(res, error, logger)) throw error;
      }
    }),
  );

  return router;
}

/** Answers a refusal or a Stripe failure; false for anything else (the caller rethrows). */
function sendRefusal(res: Response, error: unknown, logger: Logger): boolean {
  if (error instanceof CheckoutRefused) {
    sendError(res, error.status, error.status === 403 ? 'FORBIDDEN' : error.status === 404 ? 'NOT_FOUND' : 'CONFLICT', error.message, error.field);
    return true;
  }
  // Stripe's own statuses are about our call, not the client's request: never pass them on.
  if (error instanceof Stripe.errors.StripeError) {
    logger.error({ err: error, stripeCode: error.code, stripeStatus: error.statusCode, requestId: error.requestId }, 'Stripe refused or failed a billing call');
    sendError(res, 503, 'SERVICE_UNAVAILABLE', 'Payments cannot be reached right now: try again in a few minutes');
    return true;
  }
  return false;
}
