// Cron task (daily, see CRONTAB in tasks/index.ts): evaluates every active goal that alerts
// against its latest data (src/insights/goals/evaluateDaily.ts), in batches of users. Data
// arriving during the day is evaluated at once by triggers; this run is the safety net for what
// they skipped (a failed evaluation is logged and left to it). Idempotent: an alert fires once per crossing.
import type { Task } from 'graphile-worker';
import type { TaskContext } from '../src/jobs/context';
import { evaluateGoalsDaily } from '../src/insights/goals/evaluateDaily';

export function goalsEvaluateDaily(ctx: Pick<TaskContext, 'pool'>): Task {
  return async (_payload, helpers) => {
    const report = await evaluateGoalsDaily(ctx.pool);
    helpers.logger.info(`goals__evaluate_daily: ${report.users} user${report.users === 1 ? '' : 's'} evaluated, ${report.fired} alert${report.fired === 1 ? '' : 's'} fired`, {
      report,
    });
  };
}
