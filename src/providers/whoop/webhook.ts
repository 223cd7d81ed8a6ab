import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseWith } from '../shared/rowTools';
import type { WebhookEvent, WebhookRequest } from '../types';
import { isFreshTimestamp } from '../shared/webhookTime';

// WHOOP webhooks (developer.whoop.com/docs/developing/webhooks, v2 model): a POST
// { user_id: <int>, id: <uuid>, type: "workout.updated" | "sleep.updated" | "recovery.updated" |
// "*.deleted", trace_id } with X-WHOOP-Signature = base64(HMAC-SHA256(client secret,
// X-WHOOP-Signature-Timestamp + raw body)); the timestamp is in epoch milliseconds. The body
// carries ids only (for recovery.updated the id is the sleep's), so an event becomes a window to
// re-fetch around the delivery time. WHOOP has no subscription handshake (the URL is set in the
// developer dashboard).

const DAY = 86_400_000;

export function whoopSignature(clientSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', clientSecret).update(timestamp).update(rawBody).digest('base64');
}

export function verifyWhoopWebhook(req: WebhookRequest, secrets: { clientSecret: string }): boolean {
  const signature = req.headers['x-whoop-signature'];
  const timestamp = req.headers['x-whoop-signature-timestamp'];
  if (!signature || !timestamp || !secrets.clientSecret) return false;
  if (!isFreshTimestamp(Number(timestamp), req.receivedAt)) return false;
  const expected = Buffer.from(whoopSignature(secrets.clientSecret, timestamp, req.rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const eventBody = z.object({ user_id: z.union([z.number().int(), z.string().min(1)]), id: z.union([z.string(), z.number()]).nullish(), type: z.string(), trace_id: z.string().nullish() }).loose();

/**
 * One event per notification for the WHOOP user: re-fetch from two days before the delivery to one
 * hour after (a sleep or recovery update concerns last night; a workout edit is usually recent).
 */
export function parseWhoopWebhook(req: WebhookRequest): WebhookEvent[] {
  const body = parseWith(eventBody, req.body, 'whoop webhook');
  const stamp = Number(req.headers['x-whoop-signature-timestamp']);
  if (!Number.isFinite(stamp) || stamp <= 0) throw new Error('whoop webhook: X-WHOOP-Signature-Timestamp is missing or not epoch milliseconds');
  // A deleted workout is deleted here too; other deletions (sleep, recovery) re-fetch their nights.
  if (body.type === 'workout.deleted' && body.id !== null && body.id !== undefined) return [{ externalUserId: String(body.user_id), deletedActivityIds: [String(body.id)] }];
  return [{ externalUserId: String(body.user_id), window: { start: new Date(stamp - 2 * DAY), end: new Date(stamp + DAY / 24) } }];
}
