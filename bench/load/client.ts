// One HTTP exchange as the load clients see it: a timeout on every request, the status class, the
// error code (HTTP or GraphQL extensions.code), the latency. Nothing here throws: a refused,
// failed or timed-out request is an outcome to count, not an exception.
import { ERROR_CODES, isErrorCode } from '../../src/http/errorCodes';

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'timeout' | 'network';

export interface Exchange<T = unknown> {
  /** 2xx and no GraphQL errors: the server acknowledged the request. */
  ok: boolean;
  status: number | null;
  /**
   * The class of the HTTP status, or for GraphQL errors answered with 200 the class of their
   * code's status (docs/error-codes.md): INTERNAL_SERVER_ERROR counts as a 5xx, BAD_USER_INPUT as
   * a 4xx (so do codes whose status is 200, such as GRAPHQL_VALIDATION_FAILED), an operation cancelled by the server (TIMEOUT) as a timeout, an unknown code as a 5xx.
   */
  statusClass: StatusClass;
  /** HTTP error code or the first GraphQL error's extensions.code; null when ok. */
  code: string | null;
  message: string | null;
  latencyMs: number;
  data: T | null;
  body: unknown;
}

function statusClass(status: number): StatusClass {
  return status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : '2xx';
}

interface ErrorBody {
  errors?: Array<{ message?: string; extensions?: { code?: string } }>;
  data?: unknown;
}

export async function exchange<T>(url: string, init: RequestInit, timeoutMs: number): Promise<Exchange<T>> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const latencyMs = performance.now() - started;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's or express's own error page): kept as text for the report.
    }
    const parsed = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
    const error = parsed.errors?.[0];
    const ok = statusClass(response.status) === '2xx' && !error;
    const code = error?.extensions?.code;
    const cls: StatusClass = ok || response.status >= 300 || !error ? statusClass(response.status) : code === 'TIMEOUT' ? 'timeout' : (isErrorCode(code) ? ERROR_CODES[code].status : 500) >= 500 ? '5xx' : '4xx';
    return {
      ok,
      status: response.status,
      statusClass: cls,
      code: ok ? null : (error?.extensions?.code ?? `HTTP_${response.status}`),
      message: ok ? null : (error?.message ?? text.slice(0, 300)),
      latencyMs,
      data: (parsed.data ?? (ok ? body : null)) as T | null,
      body,
    };
  } catch (error) {
    const latencyMs = performance.now() - started;
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ok: false,
      status: null,
      statusClass: timedOut ? 'timeout' : 'network',
      code: timedOut ? 'TIMEOUT' : 'NETWORK',
      message: error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error),
      latencyMs,
      data: null,
      body: null,
    };
  }
}

export function graphqlRequest<T>(graphqlUrl: string, token: string, query: string, variables: Record<string, unknown>, timeoutMs: number): Promise<Exchange<T>> {
  return exchange<T>(
    graphqlUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    },
    timeoutMs,
  );
}
