import type { IncomingMessage } from 'node:http';
import type { Result } from 'postgraphile/grafserv';
import { getOperationAST } from 'postgraphile/graphql';
import { countErrors } from './errorCounting';
import type { OperationLabels } from './operationLabels';
import type { RequestMetrics } from './registry';

const ERRORS_KEY = Buffer.from('"errors":[', 'utf8');

/** The body of a grafserv answer as JSON, when it carries errors (only then is it parsed). */
function errorsBody(result: Result): unknown {
  if (result.type === 'json') return result.json;
  if (result.type !== 'buffer' || !/json/i.test(result.headers['content-type'] ?? '')) return undefined;
  // A key cannot hide inside a JSON string (its quotes would be escaped): an answer without this
  // byte sequence has no errors, and most answers are not parsed at all.
  if (result.buffer.indexOf(ERRORS_KEY) < 0) return undefined;
  try {
    return JSON.parse(result.buffer.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The graphile-config plugin behind the GraphQL metrics: grafast's execute notes which operation a
 * request runs (its name and type, for the latency label set by the HTTP middleware when the
 * answer is written); grafserv's processRequest counts the errors of every answer by code. It
 * runs outside VitalisErrorContractPlugin, so it sees the codes clients see.
 */
export function makeGraphQLMetricsPlugin(metrics: RequestMetrics, operations: OperationLabels): GraphileConfig.Plugin {
  return {
    name: 'VitalisMetricsPlugin',
    version: '1.0.0',
    description: 'Operation labels and error counts for GET /metrics',
    before: ['VitalisErrorContractPlugin'],
    grafast: {
      middleware: {
        execute(next, event) {
          const req = event.args.requestContext?.node?.req as IncomingMessage | undefined;
          if (req) {
            const operation = getOperationAST(event.args.document, event.args.operationName);
            if (operation) operations.note(req, operation.name?.value, operation.operation);
          }
          return next();
        },
      },
    },
    grafserv: {
      middleware: {
        async processRequest(next) {
          const result = await next();
          if (result) countErrors(metrics, 'graphql', errorsBody(result));
          return result;
        },
      },
    },
  };
}
