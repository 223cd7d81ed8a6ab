import { isErrorCode } from '../../http/errorCodes';
import type { RequestMetrics } from './registry';

interface ErrorsBody {
  errors?: unknown;
}

/**
 * Counts the errors of an answer in the contract's shape ({errors: [{extensions: {code}}]}, the
 * same for GraphQL and REST) by code. A code outside the one list (src/http/errorCodes.ts) is
 * counted as OTHER, so a label value is never something a client made up.
 */
export function countErrors(metrics: RequestMetrics, api: 'graphql' | 'rest', body: unknown): void {
  const errors = (body as ErrorsBody | null)?.errors;
  if (!Array.isArray(errors)) return;
  for (const error of errors) {
    const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    metrics.errors.inc({ api, code: isErrorCode(code) ? code : 'OTHER' });
  }
}
