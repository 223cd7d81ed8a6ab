import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseWith, sameSecret } from '../shared/rowTools';
import type { WebhookEvent, WebhookRequest } from '../types';
import { isFreshTimestamp } from '../shared/webhookTime';

// Oura webhooks (API v2, /v2/webhook/subscription in the 1.29 spec; delivery format from Oura's
// webhook guide at cloud.ouraring.com/v2/docs#webhooks, as quoted by several public integrations):
// - Subscribing makes Oura GET callback_url?verification_token=<ours>&challenge=<random>; the
//   answer is 200 {"challenge": "<random>"} when the token is the one we registered.
// - Each event is a POST { event_type: create|update|delete, data_type, object_id, event_time,
//   user_id } with x-oura-timestamp and x-oura-signature = HMAC-SHA256(client secret,
//   timestamp + body) as hex (Oura's example upper-cases it; compared case-insensitively here).
// - user_id is the id from that user's GET /v2/usercollection/personal_info.
// The body carries only ids, so an event becomes a window to re-fetch around event_time.

const DAY = 86_400_000;

export function ouraSignature(clientSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', clientSecret).update(timestamp).update(rawBody).digest('hex').toUpperCase();
}

export function verifyOuraWebhook(req: WebhookRequest, secrets: { clientSecret: string }): boolean {
  const signature = req.headers['x-oura-signature'];
  const timestamp = req.headers['x-oura-timestamp'];
  if (!signature || !timestamp || !secrets.clientSecret) return false;
  // x-oura-timestamp is in epoch seconds.
  if (!isFreshTimestamp(Number(timestamp) * 1000, req.receivedAt)) return false;
  const expected = Buffer.from(ouraSignature(secrets.clientSecret, timestamp, req.rawBody));
  const given = Buffer.from(signature.toUpperCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The subscription handshake; undefined when the query is not one (no challenge). */
export function ouraChallenge(query: Record<string, string | undefined>, secrets: { webhookSecret?: string }): { status: number; body: string } | undefined {
  const { challenge, verification_token: token } = query;
  if (challenge === undefined) return undefined;
  if (!sameSecret(token, secrets.webhookSecret) || challenge === '') return { status: 401, body: JSON.stringify({ error: 'verification_token does not match' }) };
  return { status: 200, body: JSON.stringify({ challenge }) };
}

const eventBody = z
  .object({
    event_type: z.string(),
    data_type: z.string(),
    object_id: z.string().nullish(),
    event_time: z.string().nullish(),
    user_id: z.string().min(1),
  })
  .loose();

/** One event per notification: re-fetch two days before to one day after the event (sleep and daily documents belong to the previous or same day). */
export function parseOuraWebhook(req: WebhookRequest): WebhookEvent[] {
  const body = parseWith(eventBody, req.body, 'oura webhook');
  const fromBody = body.event_time ? Date.parse(body.event_time) : NaN;
  const fromHeader = Number(req.headers['x-oura-timestamp']) * 1000;
  const at = Number.isFinite(fromBody) ? fromBody : Number.isFinite(fromHeader) && fromHeader > 0 ? fromHeader : undefined;
  if (at === undefined) throw new Error('oura webhook: event_time is missing or not a date-time, and x-oura-timestamp is absent');
  // A deleted workout is deleted here too; other deletions re-fetch their days.
  if (body.event_type === 'delete' && body.data_type === 'workout' && body.object_id) return [{ externalUserId: body.user_id, deletedActivityIds: [body.object_id] }];
  return [{ externalUserId: body.user_id, window: { start: new Date(at - 2 * DAY), end: new Date(at + DAY) } }];
}
