// Deletes every storage object of an erased user (uploads, imports, documents, photos, exports:
// src/storage/userPrefixes.ts). Queued by the erasure in the transaction that erases the rows;
// the erasure also purges once before. Payload {userId}. Idempotent.
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { TaskContext } from '../src/jobs/context';
import { purgeUserObjects } from '../src/privacy/erasure/purgeObjects';

export const purgePayload = z.object({ userId: z.string().uuid() }).strict();

export function storagePurgeUser(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const parsed = purgePayload.safeParse(payload);
    if (!parsed.success) throw new Error(`payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}`);
    const deleted = await purgeUserObjects(ctx.storage, parsed.data.userId);
    helpers.logger.info(`storage__purge_user: ${deleted} object${deleted === 1 ? '' : 's'} deleted`, { deleted });
  };
}
