import { emptyBatch, type SyncBatch, type WebhookEvent, type WebhookRequest } from '../types';
import { addGarminSummaries, type GarminType } from './fetch';
import { mergeGarminBatch } from './merge';
import { ProviderFormatError, sameSecret } from '../shared/rowTools';

// Garmin Health API notifications: one POST per summary type, {"dailies": [...]}.
// Push: each entry is the summary itself (with userId); ping: each entry is {userId,
// userAccessToken, uploadStartTimeInSeconds, uploadEndTimeInSeconds, callbackURL} and we pull that
// upload window. Garmin does not sign notifications: the endpoint URL registered in the Garmin
// developer portal carries ?token=<GARMIN webhook secret>, and verifyWebhook accepts a request
// only when that token matches (constant-time); with no secret configured every request is refused.

export function verifyGarminWebhook(req: WebhookRequest, secrets: { webhookSecret?: string }): boolean {
  return sameSecret(req.query.token, secrets.webhookSecret);
}

type Entry = Record<string, unknown>;
/**
 * Notification body keys -> summary types. Pulse Ox and respiration are keyed "pulseox" and
 * "allDayRespiration" in push and ping bodies although their endpoints are /pulseOx and
 * /respiration; the endpoint spellings are accepted too.
 */
const TYPE_OF_KEY: Record<string, GarminType> = {
  dailies: 'dailies',
  sleeps: 'sleeps',
  activities: 'activities',
  bodyComps: 'bodyComps',
  hrv: 'hrv',
  pulseox: 'pulseOx',
  pulseOx: 'pulseOx',
  allDayRespiration: 'respiration',
  respiration: 'respiration',
  stressDetails: 'stressDetails',
};

export function parseGarminWebhook(req: WebhookRequest): WebhookEvent[] {
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ProviderFormatError('garmin webhook: body must be a JSON object keyed by summary type');
  const batches = new Map<string, SyncBatch>();
  const windows = new Map<string, { start: Date; end: Date }>();
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const type = Object.hasOwn(TYPE_OF_KEY, key) ? TYPE_OF_KEY[key] : undefined;
    if (!Array.isArray(value)) throw new ProviderFormatError(`garmin webhook: ${key} must be an array`);
    const entries = value as Entry[];
    entries.forEach((e, i) => {
      if (typeof e?.userId !== 'string') throw new ProviderFormatError(`garmin webhook: ${key}[${i}].userId must be a string`);
    });
    if (!type) {
      ignored.push(key);
      continue;
    }
    for (const e of entries.filter((x) => typeof x.callbackURL === 'string')) {
      const start = Number(e.uploadStartTimeInSeconds);
      const end = Number(e.uploadEndTimeInSeconds);
      if (!Number.isFinite(start) || !Number.isFinite(end)) throw new ProviderFormatError(`garmin webhook: ${key} ping for ${String(e.userId)} has no upload window`);
      const prev = windows.get(e.userId as string);
      windows.set(e.userId as string, { start: new Date(Math.min(start * 1000, prev?.start.getTime() ?? Infinity)), end: new Date(Math.max(end * 1000, prev?.end.getTime() ?? 0)) });
    }
    const pushed = entries.filter((x) => typeof x.callbackURL !== 'string');
    for (const userId of new Set(pushed.map((e) => e.userId as string))) {
      const batch = batches.get(userId) ?? emptyBatch();
      addGarminSummaries(batch, type, pushed.filter((e) => e.userId === userId));
      batches.set(userId, batch);
    }
  }
  for (const batch of batches.values()) {
    mergeGarminBatch(batch);
    for (const key of ignored) batch.warnings.push(`garmin.${key}: not stored`);
  }
  const users = new Set([...batches.keys(), ...windows.keys()]);
  return [...users].map((externalUserId) => ({ externalUserId, ...(windows.get(externalUserId) ? { window: windows.get(externalUserId) } : {}), ...(batches.get(externalUserId) ? { batch: batches.get(externalUserId) } : {}) }));
}
