import { sameSecret } from '../shared/rowTools';
import type { WebhookEvent, WebhookRequest } from '../types';

// Withings notifications: application/x-www-form-urlencoded POST with userid, appli and either
// startdate/enddate (epoch seconds) or date (YYYY-MM-DD or epoch). Withings signs nothing, so the
// callback URL subscribed with /notify action=subscribe carries ?token=<Withings webhook secret>
// and verifyWebhook accepts a request only when that token matches (constant-time); with no secret
// configured every notification is refused. (Withings also sends a HEAD to the callback URL when
// subscribing: the route must answer it with 2xx.)
// appli fetched: 1 weight/body composition, 2 temperature, 4 blood pressure/heart rate/SpO2,
// 16 activity, 44 sleep. Others (46 profile change, 50/51 bed in/out, 52-58 ECG, glucose, ...)
// are not stored and give no event.

const FETCHED = new Set([1, 2, 4, 16, 44]);
const DAY_MS = 86_400_000;

export function verifyWithingsWebhook(req: WebhookRequest, secrets: { webhookSecret?: string }): boolean {
  return sameSecret(req.query.token, secrets.webhookSecret);
}

function fields(req: WebhookRequest): Record<string, string> {
  if (typeof req.body === 'object' && req.body !== null && !Buffer.isBuffer(req.body) && 'userid' in req.body) {
    return Object.fromEntries(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
}

export function parseWithingsWebhook(req: WebhookRequest): WebhookEvent[] {
  const f = fields(req);
  if (!/^\d+$/.test(f.userid ?? '')) throw new Error('withings webhook: userid must be a number');
  if (!/^\d+$/.test(f.appli ?? '')) throw new Error('withings webhook: appli must be a number');
  if (!FETCHED.has(Number(f.appli))) return [];
  if (/^\d+$/.test(f.startdate ?? '') && /^\d+$/.test(f.enddate ?? '')) {
    const start = Number(f.startdate) * 1000;
    // enddate is inclusive; the window is half-open.
    return [{ externalUserId: f.userid!, window: { start: new Date(start), end: new Date(Math.max(Number(f.enddate) * 1000 + 1000, start + 1000)) } }];
  }
  const day = /^\d{4}-\d{2}-\d{2}$/.test(f.date ?? '') ? Date.parse(`${f.date}T00:00:00Z`) : /^\d+$/.test(f.date ?? '') ? Number(f.date) * 1000 : undefined;
  if (day === undefined) throw new Error('withings webhook: needs startdate and enddate, or date');
  const start = new Date(Math.floor(day / DAY_MS) * DAY_MS);
  return [{ externalUserId: f.userid!, window: { start, end: new Date(start.getTime() + DAY_MS) } }];
}
