// Cron task (daily, see CRONTAB in tasks/index.ts): refreshes the analysts' benchmark materialized
// views (docs/analytics.md) through vitalis_private.refresh_benchmarks(), SECURITY DEFINER owned by
// the views' owner. CONCURRENTLY once the views are filled, so analysts and
// vitalis.my_benchmark_percentiles keep reading the previous day's rows meanwhile. Idempotent.
import type { Task } from 'graphile-worker';
import type { Queryable } from './partitions__ensure';

export interface BenchmarkRefresh {
  view: string;
  /** Groups the view publishes after the refresh (k-anonymous: each has at least 10 people). */
  groups: number;
  /** False for a view's first refresh, which cannot be concurrent. */
  concurrently: boolean;
}

/** Refreshes every benchmark view and says what each now holds. */
export async function refreshBenchmarks(client: Queryable): Promise<BenchmarkRefresh[]> {
  const { rows } = await client.query('select view_name, groups, refreshed_concurrently from vitalis_private.refresh_benchmarks()');
  return rows.map((r) => ({ view: String(r.view_name), groups: Number(r.groups), concurrently: r.refreshed_concurrently === true }));
}

const analyticsRefreshBenchmarks: Task = async (_payload, helpers) => {
  const started = Date.now();
  const refreshed = await helpers.withPgClient((client) => refreshBenchmarks(client));
  const summary = refreshed.map((r) => `${r.view} ${r.groups} group${r.groups === 1 ? '' : 's'}`).join(', ');
  helpers.logger.info(`analytics__refresh_benchmarks: ${summary} in ${Date.now() - started} ms`, { refreshed });
};

export default analyticsRefreshBenchmarks;
