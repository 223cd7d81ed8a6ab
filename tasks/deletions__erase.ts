// Erases one account whose grace period has ended (src/privacy/erasure/run.ts): payload {requestId}.
// Safe to run again at any point; a failure is retried by graphile-worker, and a request left in
// processing is queued again by the next deletions__process.
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { TaskContext } from '../src/jobs/context';
import { runErasure } from '../src/privacy/erasure/run';

export const erasePayload = z.object({ requestId: z.string().uuid() }).strict();

export function deletionsErase(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const parsed = erasePayload.safeParse(payload);
    if (!parsed.success) throw new Error(`payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}`);
    const outcome = await runErasure(ctx, parsed.data.requestId);
    helpers.logger.info(`deletions__erase: ${outcome.status}`, { status: outcome.status });
  };
}
