// Cron task (daily, see CRONTAB in tasks/index.ts): keeps Oura's webhook subscriptions (one per
// collection and event type) pointing at this server, renewing those about to expire. Oura checks
// the callback URL while subscribing, so it runs in the worker, after the API is up. Does nothing
// unless Oura and its webhook secret are configured.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { ensureOuraWebhookSubscriptions } from '../src/providers/oura/subscriptions';

export function providersOuraSubscriptions(ctx: TaskContext): Task {
  return async (_payload, helpers) => {
    if (!ctx.config.OURA_CLIENT_ID || !ctx.config.OURA_WEBHOOK_SECRET) {
      helpers.logger.info('providers__oura_subscriptions: Oura webhooks are not configured; nothing to do');
      return;
    }
    const report = await ensureOuraWebhookSubscriptions(ctx.config);
    helpers.logger.info(`providers__oura_subscriptions: ${report.created} created, ${report.renewed} renewed, ${report.kept} kept`, { ...report });
  };
}
