import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { countErrors } from './errorCounting';
import type { OperationLabels } from './operationLabels';
import { statusClass, type RequestMetrics } from './registry';

const routePatterns = new WeakMap<IncomingMessage, string>();

/**
 * Notes the route pattern a request matched (e.g. /documents/:documentId), never its path, so a
 * thousand ids make one label. Express sets req.route when a route matches, while req.baseUrl is
 * still the mount path of the router it is in (it is restored when an error leaves that router):
 * a setter on the request records both at that moment.
 */
function recordRoutePattern(req: IncomingMessage & { baseUrl?: string }): void {
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') routePatterns.set(req, `${req.baseUrl ?? ''}${path}`);
    },
  });
}

/**
 * First in the app: times every request to its end, labelled by GraphQL operation (set by
 * graphqlMetrics.ts) or REST route pattern, and counts the REST errors by code as they are sent
 * (every REST error goes through res.json in the contract's shape: src/http/errors.ts).
 */
export function requestMetricsMiddleware(metrics: RequestMetrics, operations: OperationLabels, graphqlPath: string): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const graphql = req.path === graphqlPath;
    if (!graphql) {
      recordRoutePattern(req);
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        if (res.statusCode >= 400) countErrors(metrics, 'rest', body);
        return json(body);
      };
    }
    // 'close' comes once, whether the answer was written in full or the client went away.
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status_class = statusClass(res.statusCode);
      if (graphql) {
        const operation = operations.of(req);
        metrics.graphqlDuration.observe({ operation_name: operation.name, operation_type: operation.type, status_class }, seconds);
      } else {
        metrics.restDuration.observe({ method: methodLabel(req.method), route: routePatterns.get(req) ?? 'unmatched', status_class }, seconds);
      }
    });
    next();
  };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Clients may send any method token: the usual ones, or "other". */
function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'other';
}
