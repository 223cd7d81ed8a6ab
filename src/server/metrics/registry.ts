import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The request metrics of one API instance, in a registry of its own (not prom-client's global
 * one), so that several apps in one process (tests) do not collide. docs/metrics.md lists them.
 * Every label value comes from a bounded set: route patterns, operation names up to a cap, error
 * codes of the one list, status classes.
 */
export interface RequestMetrics {
  registry: Registry;
  graphqlDuration: Histogram<'operation_name' | 'operation_type' | 'status_class'>;
  restDuration: Histogram<'method' | 'route' | 'status_class'>;
  errors: Counter<'api' | 'code'>;
}

/** Seconds: from a cached read (a few ms) to the 30 s statement timeout. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createRequestMetrics(): RequestMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    graphqlDuration: new Histogram({
      name: 'vitalis_graphql_request_duration_seconds',
      help: 'GraphQL requests (POST /graphql) from the first byte read to the last byte written, by operation name ("anonymous" when unnamed, "other" past the cap, "invalid" when the document did not validate), operation type and HTTP status class.',
      labelNames: ['operation_name', 'operation_type', 'status_class'],
      buckets: BUCKETS,
      registers: [registry],
    }),
    restDuration: new Histogram({
      name: 'vitalis_http_request_duration_seconds',
      help: 'Every other HTTP request by method, route pattern (e.g. /documents/:documentId; "unmatched" when no route matched) and HTTP status class.',
      labelNames: ['method', 'route', 'status_class'],
      buckets: BUCKETS,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'vitalis_errors_total',
      help: 'Errors answered to clients, by API (graphql or rest) and extensions.code (docs/error-codes.md); a GraphQL answer with several errors counts each.',
      labelNames: ['api', 'code'],
      registers: [registry],
    }),
  };
}

/** 200 -> "2xx". */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}
