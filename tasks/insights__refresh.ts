// Refreshes one user's correlation and before/after insights (src/insights/refresh.ts). Queued
// nightly (insights__refresh_nightly) and, debounced, by the triggers on the data tables
// (migrations: _810_insights_refresh_soon), always under job_key insights:<userId>.
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { TaskContext } from '../src/jobs/context';
import { refreshUserInsights } from '../src/insights/refresh';

const payloadSchema = z.object({ userId: z.string().uuid() });

export function insightsRefresh(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) {
      // A payload no run can fix: log it and finish, rather than retry it.
      helpers.logger.error(`insights__refresh: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return;
    }
    const outcome = await refreshUserInsights(ctx.pool, ctx.config, parsed.data.userId);
    helpers.logger.info(
      `insights__refresh: ${outcome.correlations} correlation(s), ${outcome.interventions} before/after of ${outcome.testsRun} tests`,
      { ...outcome },
    );
  };
}
