import { z } from 'zod';
import type { SyncBatch } from '../types';
import type { SyncMode } from './sync';

// What the daily_sync / backfill / webhook_sync ingestion jobs carry, for the worker task that
// calls syncDevice. Queued by vitalis.request_provider_sync ({mode}) and
// vitalis_private.enqueue_provider_webhook_sync ({mode: 'webhook', window | batch, device_id}).

const payloadSchema = z.object({
  mode: z.enum(['backfill', 'daily', 'webhook']).optional(),
  device_id: z.string().uuid().optional(),
  window: z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }).optional(),
  batch: z
    .object({
      daily: z.array(z.record(z.string(), z.unknown())),
      sleep: z.array(z.record(z.string(), z.unknown())),
      activities: z.array(z.record(z.string(), z.unknown())),
      measurements: z.array(z.record(z.string(), z.unknown())),
      warnings: z.array(z.string()),
    })
    .optional(),
  deleted_activity_ids: z.array(z.string().min(1).max(200)).max(1000).optional(),
});

const MODE_OF_JOB: Record<string, SyncMode> = { daily_sync: 'daily', backfill: 'backfill', webhook_sync: 'webhook' };

/** syncDevice options from an ingestion job's type and payload; throws naming the field when the payload is malformed. */
export function syncOptionsFromPayload(jobType: string, payload: unknown): { mode: SyncMode; deviceId?: string; window?: { start: Date; end: Date }; batch?: SyncBatch; deletedActivityIds?: string[] } {
  const parsed = payloadSchema.safeParse(payload ?? {});
  if (!parsed.success) throw new Error(`job payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const mode = parsed.data.mode ?? MODE_OF_JOB[jobType];
  if (!mode) throw new Error(`job payload: job type ${jobType} is not a provider sync`);
  const { window, batch } = parsed.data;
  return {
    mode,
    deviceId: parsed.data.device_id,
    window: window ? { start: new Date(window.start), end: new Date(window.end) } : undefined,
    batch: batch as SyncBatch | undefined,
    deletedActivityIds: parsed.data.deleted_activity_ids,
  };
}
