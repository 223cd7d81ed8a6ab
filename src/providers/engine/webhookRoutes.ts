import express, { Router, type Request } from 'express';
import { sendError } from '../../http/errors';
import type { WebhookEvent, WebhookRequest } from '../types';
import type { ProviderRouterOptions } from './connectRoutes';
import { configuredProvider, handle, requestTransaction } from './routeHelpers';

/** The body as the adapter wants it: JSON or form fields when it is either, else the raw text. */
function parsedBody(req: Request, raw: Buffer): unknown {
  const type = req.get('content-type') ?? '';
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

function webhookRequest(req: Request, receivedAt: Date): WebhookRequest {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') query[k] = v;
  return { headers, query, rawBody: raw, body: parsedBody(req, raw), receivedAt };
}

/** What a webhook_sync job carries (see syncOptionsFromPayload). */
export function webhookJobPayload(event: WebhookEvent): Record<string, unknown> {
  return {
    mode: 'webhook',
    ...(event.window ? { window: { start: event.window.start.toISOString(), end: event.window.end.toISOString() } } : {}),
    ...(event.batch ? { batch: event.batch } : {}),
    ...(event.deletedActivityIds?.length ? { deleted_activity_ids: event.deletedActivityIds } : {}),
  };
}

/**
 * POST /:provider/webhook (signature checked on the raw body, then one webhook_sync job per
 * matching connection), GET /:provider/webhook (subscription verification challenges) and HEAD
 * (200 when the provider has webhooks: a reachability check).
 * Unknown provider users are acknowledged with 200: providers retry anything else.
 */
export function createWebhookRoutes(options: ProviderRouterOptions): Router {
  const { config, pool, adapters, logger } = options;
  const router = Router();

  // Withings checks the callback URL with a HEAD when a subscription is made. Declared before
  // the GET route, which express would otherwise run for HEAD too.
  router.head('/:provider/webhook', (req, res) => {
    const settings = configuredProvider(req, res, config, adapters);
    if (!settings) return;
    res.status(settings.adapter.verifyWebhook ? 200 : 404).end();
  });

  router.get('/:provider/webhook', (req, res) => {
    const settings = configuredProvider(req, res, config, adapters);
    if (!settings) return;
    const query: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') query[k] = v;
    const answer = settings.adapter.verificationChallenge?.(query, { webhookSecret: settings.webhookSecret });
    if (!answer) return sendError(res, 404, 'NOT_FOUND', `provider: ${settings.adapter.name} has no webhook verification challenge`, 'provider');
    res.status(answer.status).type(answer.body.trim().startsWith('{') ? 'application/json' : 'text/plain').send(answer.body);
  });

  router.post(
    '/:provider/webhook',
    express.raw({ type: () => true, limit: '5mb' }),
    handle(async (req, res) => {
      const settings = configuredProvider(req, res, config, adapters);
      if (!settings) return;
      const { adapter } = settings;
      if (!adapter.verifyWebhook || !adapter.parseWebhook) return sendError(res, 404, 'NOT_FOUND', `provider: ${adapter.name} has no webhooks`, 'provider');
      const hook = webhookRequest(req, options.now?.() ?? new Date());
      if (!adapter.verifyWebhook(hook, { clientSecret: settings.clientSecret, webhookSecret: settings.webhookSecret })) {
        logger?.warn({ provider: adapter.name }, 'webhook signature rejected');
        return sendError(res, 401, 'UNAUTHENTICATED', `${adapter.name} webhook signature is not valid`);
      }
      let events: WebhookEvent[];
      try {
        events = adapter.parseWebhook(hook);
      } catch (error) {
        return sendError(res, 400, 'BAD_USER_INPUT', `${adapter.name} webhook body: ${(error as Error).message}`);
      }
      let queued = 0;
      await requestTransaction(pool, req, 'vitalis_anonymous', null, async (client) => {
        for (const event of events) {
          const { rows } = await client.query<{ queued: number }>('select vitalis_private.enqueue_provider_webhook_sync($1, $2, $3::jsonb) as queued', [
            adapter.name,
            event.externalUserId,
            JSON.stringify(webhookJobPayload(event)),
          ]);
          const count = rows[0]?.queued ?? 0;
          if (count === 0) logger?.info({ provider: adapter.name, externalUserId: event.externalUserId }, 'webhook for an unknown or disconnected provider user ignored');
          queued += count;
        }
      });
      res.json({ received: events.length, queued });
    }),
  );
  return router;
}
