import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { registerDatabaseGauges } from './databaseGauges';
import { DatabaseSnapshotCache } from './databaseSnapshot';
import { makeGraphQLMetricsPlugin } from './graphqlMetrics';
import { requestMetricsMiddleware } from './httpMetrics';
import { metricsRoute } from './metricsRoute';
import { OperationLabels } from './operationLabels';
import { createRequestMetrics } from './registry';

export { readinessHandler, readinessChecker, type FailingCheck, type ReadinessOptions } from './readiness';
export { DatabaseSnapshotCache } from './databaseSnapshot';

export interface ApiMetrics {
  registry: Registry;
  /** Mount first: times every request. */
  middleware: RequestHandler;
  /** Add to PostGraphile's preset: operation labels and GraphQL error counts. */
  graphqlPlugin: GraphileConfig.Plugin;
  /** GET /metrics. */
  route: RequestHandler;
  /** The cached cross-user numbers, shared with /readyz. */
  snapshots: DatabaseSnapshotCache;
}

export interface ApiMetricsOptions {
  pool: Pool;
  graphqlPath: string;
  /** Bearer token for GET /metrics (METRICS_TOKEN); without one it is served to 127.0.0.1 only. */
  token?: string;
  /** How long the database numbers are reused between scrapes (ms). */
  cacheMs?: number;
  /** How many distinct GraphQL operation names become labels before the rest are "other". */
  maxOperationNames?: number;
}

/** Everything behind GET /metrics for one API instance (docs/metrics.md). */
export function createApiMetrics(options: ApiMetricsOptions): ApiMetrics {
  const metrics = createRequestMetrics();
  const operations = new OperationLabels(options.maxOperationNames);
  const snapshots = new DatabaseSnapshotCache(options.pool, options.cacheMs);
  registerDatabaseGauges(metrics.registry, options.pool, snapshots);
  const token = options.token;
  return {
    registry: metrics.registry,
    middleware: requestMetricsMiddleware(metrics, operations, options.graphqlPath),
    graphqlPlugin: makeGraphQLMetricsPlugin(metrics, operations),
    route: metricsRoute(metrics.registry, token),
    snapshots,
  };
}
