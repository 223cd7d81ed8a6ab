// npm run insights -- --user EMAIL
// Refreshes one user's goal alerts and insights now (the same SQL and code as the worker's jobs)
// and prints them: for each insight its title, n, r, p, adjusted p and lag.
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig, type Config } from '../config';
import { openDatabase } from '../db/open';
import { inRequestTransaction } from '../db/requestContext';
import { refreshUserInsights } from '../insights/refresh';
import { email } from '../validation/schemas';

const USAGE = 'usage: npm run insights -- --user EMAIL';

const insightsArgs = z.object({ user: email });

export function parseInsightsArgs(argv: string[]): z.ZodSafeParseResult<z.infer<typeof insightsArgs>> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--user') out.user = argv[++i] ?? '';
    else return insightsArgs.safeParse({ user: `unknown option ${a}` });
  }
  return insightsArgs.safeParse(out);
}

interface InsightLine {
  insight_type: string;
  title: string;
  data_points: number | null;
  correlation_r: string | null;
  spearman_rho: string | null;
  p_value: string | null;
  p_adjusted: string | null;
  lag_days: number | null;
  effect_size: string | null;
  is_dismissed: boolean;
  valid_until: string | null;
}

const fmt = (v: string | number | null, label: string) => (v === null || v === undefined ? '' : ` ${label}=${v}`);
/** p-values are stored to six decimals: a stored 0 means below 0.000001. */
const fmtP = (v: string | null, label: string) => (v === '0.000000' ? ` ${label}<0.000001` : fmt(v, label));

/** Refreshes and prints one user's goal alerts and insights; returns the exit code. */
export async function runInsights(pool: Pool, config: Config, userEmail: string, print: (line: string) => void): Promise<number> {
  const { rows: users } = await pool.query<{ user_id: string }>('select user_id from vitalis.users where lower(email) = lower($1) and deleted_at is null', [userEmail]);
  const userId = users[0]?.user_id;
  if (!userId) throw new Error(`--user: no user with email ${userEmail}`);

  // Goal alerts first, through the goals' own evaluation (the daily task's and the data triggers').
  const alertsWritten = (await pool.query<{ n: number }>('select vitalis_private.evaluate_goals($1::uuid) as n', [userId])).rows[0]?.n ?? 0;
  const outcome = await refreshUserInsights(pool, config, userId);

  const { alerts, insights } = await inRequestTransaction(pool, { role: 'vitalis_worker', userId }, async (client) => ({
    alerts: (
      await client.query<{ triggered_at: Date; trigger_value: string | null; message: string | null; acknowledged: boolean }>(
        `select triggered_at, trigger_value, message, acknowledged_at is not null as acknowledged
           from vitalis.goal_alerts order by triggered_at desc limit 20`,
      )
    ).rows,
    insights: (
      await client.query<InsightLine>(
        `select insight_type::text, title, data_points, correlation_r::text, spearman_rho::text, p_value::text, p_adjusted::text, lag_days,
                effect_size::text, coalesce(is_dismissed, false) as is_dismissed, valid_until::text
           from vitalis.insights
          order by coalesce(is_dismissed, false), insight_type, p_adjusted nulls last, title
          limit 200`,
      )
    ).rows,
  }), false);

  print(`${userEmail}: ${outcome.series} daily series, ${outcome.testsRun} tests, ${outcome.correlations} correlation(s) and ${outcome.interventions} before/after finding(s) at FDR ${config.INSIGHTS_FDR}`);
  print(`Goal alerts: ${alertsWritten} new`);
  if (alerts.length === 0) print('  none');
  for (const a of alerts) {
    print(`  ${a.triggered_at.toISOString()}${a.acknowledged ? ' (acknowledged)' : ''}  ${a.message ?? ''}${fmt(a.trigger_value, 'value')}`);
  }
  print('Insights');
  if (insights.length === 0) print('  none');
  for (const i of insights) {
    print(
      `  [${i.insight_type}${i.is_dismissed ? ', dismissed' : ''}] ${i.title}` +
        `${fmt(i.data_points, 'n')}${fmt(i.correlation_r, 'r')}${fmt(i.spearman_rho, 'rho')}${fmtP(i.p_value, 'p')}${fmtP(i.p_adjusted, 'p_adj')}` +
        `${fmt(i.lag_days, 'lag')}${i.insight_type === 'trend' ? fmt(i.effect_size, 'g') : ''}${fmt(i.valid_until, 'until')}`,
    );
  }
  return 0;
}

async function main(): Promise<number> {
  const parsed = parseInsightsArgs(process.argv.slice(2));
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => `--user: ${i.message}`).join('\n')}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config, { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    return await runInsights(pool, config, parsed.data.user, (line) => console.log(line));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pool.end();
    await db.close();
  }
}

if (require.main === module) main().then((code) => process.exit(code));
