// The daily goal evaluation (task goals__evaluate_daily): every user with an active goal that
// alerts, in batches of users, each batch its own short transaction, so one run never holds a
// long transaction open however many users there are. Evaluation itself is SQL
// (vitalis_private.evaluate_goals_batch, migrations/committed/000022-from-data-to-answers-goal-alerts-insights-training-metrics-a.sql). Alerts the data triggers
// already raised are not raised again; this run catches what no trigger saw: an evaluation that
// failed (triggers log and skip), a renamed custom metric, changed unit preferences or time zone.
import type { Pool } from 'pg';
import { inRequestTransaction } from '../../db/requestContext';

export interface GoalsEvaluationReport {
  /** Users whose goals were evaluated. */
  users: number;
  /** Alerts fired. */
  fired: number;
  /** Transactions used (batches). */
  batches: number;
}

export const DEFAULT_GOALS_BATCH = 200;

export async function evaluateGoalsDaily(pool: Pool, batchSize = DEFAULT_GOALS_BATCH): Promise<GoalsEvaluationReport> {
  const report: GoalsEvaluationReport = { users: 0, fired: 0, batches: 0 };
  let after: string | null = null;
  do {
    const batch: { users: number; fired: number; next_after: string | null } = await inRequestTransaction(pool, { role: 'vitalis_worker' }, async (client) => {
      const { rows } = await client.query('select users, fired, next_after from vitalis_private.evaluate_goals_batch($1, $2)', [after, batchSize]);
      return rows[0];
    });
    report.users += batch.users;
    report.fired += batch.fired;
    report.batches += 1;
    after = batch.next_after;
  } while (after !== null);
  return report;
}
