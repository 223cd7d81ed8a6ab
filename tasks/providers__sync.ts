// Runs a daily_sync, backfill or webhook_sync ingestion job: syncDevice fetches the provider's
// data window by window as the job's user, each window in one transaction with its cursor, and
// records the connection's status (src/providers/engine/sync.ts). The job records the outcome.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { PermanentJobError, RetryLaterError, runIngestionJob } from '../src/jobs/lifecycle';
import { syncOptionsFromPayload } from '../src/providers/engine/jobPayload';
import { SyncFailedError, syncDevice } from '../src/providers/engine/sync';
import { PROVIDERS, type ProviderName } from '../src/providers/types';

export function providersSync(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const outcome = await runIngestionJob(ctx.pool, payload, helpers.job, async ({ job }) => {
      const provider = PROVIDERS.find((p) => p === job.source);
      if (!provider) throw new PermanentJobError(`source: ${job.source ?? 'none'} is not a provider this server syncs`);
      let options: ReturnType<typeof syncOptionsFromPayload>;
      try {
        options = syncOptionsFromPayload(job.job_type, job.payload);
      } catch (error) {
        throw new PermanentJobError((error as Error).message);
      }
      try {
        const summary = await syncDevice(ctx.pool, {
          ...options,
          ...(options.deviceId ? {} : { userId: job.user_id, provider: provider as ProviderName }),
          config: ctx.config,
          logger: ctx.logger,
          adapters: ctx.adapters,
        });
        return { ...summary };
      } catch (error) {
        // Reconnecting, not retrying, fixes a revoked grant or an unreadable token.
        if (error instanceof SyncFailedError && !error.retryable) throw new PermanentJobError(error.message);
        // A Retry-After longer than the engine waits in-process: come back when the provider said.
        if (error instanceof SyncFailedError && error.retryAfterMs) throw new RetryLaterError(error.message, new Date(Date.now() + error.retryAfterMs));
        throw error;
      }
    });
    helpers.logger.info(`providers__sync: ${outcome}`, { outcome });
  };
}
