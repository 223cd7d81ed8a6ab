// Cron task (daily, see CRONTAB in tasks/index.ts): deletes what is past its retention
// (src/privacy/retention.ts; the settings are the RETENTION_* ones, docs/privacy.md).
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { applyRetention, retentionOptions } from '../src/privacy/retention';

export function privacyRetention(ctx: Pick<TaskContext, 'pool' | 'config' | 'storage'>): Task {
  return async (_payload, helpers) => {
    const report = await applyRetention(ctx, retentionOptions(ctx.config));
    const rawData = Object.values(report.rawData).reduce((a, b) => a + b, 0);
    helpers.logger.info(
      `privacy__retention: ${report.sessions} sessions, ${report.loginAttempts} login attempts, ${report.emailTokens} email tokens, ` +
        `${report.authRateEvents} rate-limit events, ${rawData} raw_data payloads, ${report.importUploads} import uploads, ` +
        `${report.failedMails} failed mails, ${report.stripeEvents} Stripe event ids` +
        (report.complete ? '' : ' (more left for the next run)'),
      { report },
    );
  };
}
