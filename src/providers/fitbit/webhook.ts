import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { parseWith, sameSecret } from '../shared/rowTools';
import type { WebhookEvent, WebhookRequest } from '../types';

// Fitbit Subscriptions API. The subscriber endpoint is verified once with GET ?verify=<code>: 204
// when the code is the verification code configured for the subscriber (our webhook secret), 404
// otherwise. Notifications are POSTed as a JSON array and signed: X-Fitbit-Signature is
// base64(HMAC-SHA1(raw body, client secret + "&")). Each notification names a user and a local
// date whose data changed; we fetch that day. userRevokedAccess and foods are not data we store.

export function verifyFitbitWebhook(req: WebhookRequest, secrets: { clientSecret: string }): boolean {
  const signature = req.headers['x-fitbit-signature'];
  if (!signature || !secrets.clientSecret) return false;
  const expected = createHmac('sha1', `${secrets.clientSecret}&`).update(req.rawBody).digest('base64');
  return sameSecret(signature, expected);
}

export function fitbitVerificationChallenge(query: Record<string, string | undefined>, secrets: { webhookSecret?: string }): { status: number; body: string } | undefined {
  if (query.verify === undefined) return undefined;
  return sameSecret(query.verify, secrets.webhookSecret) ? { status: 204, body: '' } : { status: 404, body: '' };
}

const notificationSchema = z.array(
  z.object({
    collectionType: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date').nullish(),
    ownerId: z.string().min(1),
    ownerType: z.string().nullish(),
    subscriptionId: z.string().nullish(),
  }),
);
const FETCHED = new Set(['activities', 'body', 'sleep']);
const DAY_MS = 86_400_000;

export function parseFitbitWebhook(req: WebhookRequest): WebhookEvent[] {
  const windows = new Map<string, { start: Date; end: Date }>();
  for (const n of parseWith(notificationSchema, req.body, 'fitbit webhook')) {
    if (!FETCHED.has(n.collectionType) || !n.date) continue;
    const start = new Date(`${n.date}T00:00:00Z`);
    const prev = windows.get(n.ownerId);
    windows.set(n.ownerId, {
      start: prev && prev.start < start ? prev.start : start,
      end: new Date(Math.max(start.getTime() + DAY_MS, prev?.end.getTime() ?? 0)),
    });
  }
  return [...windows.entries()].map(([externalUserId, window]) => ({ externalUserId, window }));
}
