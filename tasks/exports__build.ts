// Writes one data export (GDPR Art. 15/20) requested through vitalis.request_data_export:
// src/privacy/export/build.ts does the work; this file reads the payload and graphile-worker's
// attempt count. A failure is retried (from scratch) until the last attempt, which marks the
// request failed.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import type { ArchiveHooks } from '../src/privacy/export/archive';
import { buildExport, buildPayload } from '../src/privacy/export/build';

/**
 * Test hook (never in production): VITALIS_EXPORT_TEST_PAUSE_AFTER_TABLES=N stops the job after N
 * tables until the process is killed (test/privacy/exportCrash.test.ts kills it there).
 */
function testHooks(ctx: TaskContext): ArchiveHooks | undefined {
  const pauseAfter = Number(process.env.VITALIS_EXPORT_TEST_PAUSE_AFTER_TABLES);
  if (ctx.config.NODE_ENV === 'production' || !Number.isInteger(pauseAfter) || pauseAfter < 1) return undefined;
  return {
    afterTable: async (index) => {
      if (index + 1 !== pauseAfter) return;
      ctx.logger.warn({ tables: pauseAfter }, 'exports__build: paused by VITALIS_EXPORT_TEST_PAUSE_AFTER_TABLES');
      await new Promise(() => {});
    },
  };
}

export function exportsBuild(ctx: TaskContext): Task {
  return async (payload, helpers) => {
    const parsed = buildPayload.safeParse(payload);
    if (!parsed.success) {
      // A payload no run can fix: log it and finish, rather than retry it five times.
      helpers.logger.error(`exports__build: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    const outcome = await buildExport(ctx, parsed.data.exportId, {
      lastAttempt: helpers.job.attempts >= helpers.job.max_attempts,
      hooks: testHooks(ctx),
    });
    helpers.logger.info(`exports__build: ${outcome}`, { outcome, exportId: parsed.data.exportId });
  };
}
