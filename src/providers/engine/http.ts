import type { ProviderHttp } from '../types';
import { ProviderHttpError, RateLimitedError } from './errors';

/** Where the bearer token comes from: ConnectionTokens in production. */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  /** A fresh token after `rejected` got a 401. */
  refresh(rejected: string): Promise<string>;
}

export interface ProviderHttpOptions {
  apiBaseUrl: string;
  tokens: AccessTokenSource;
  /** Longest Retry-After waited in-process; longer fails with RateLimitedError so the job retries later. */
  maxRateLimitWaitMs?: number;
  /** Retries of 5xx answers and network errors (after the first attempt). */
  maxRetries?: number;
  /** First backoff; doubles per retry. */
  backoffMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called before each wait (rate limit or backoff), for logs and tests. */
  onWait?: (reason: 'rate_limited' | 'retry', ms: number, request: string) => void;
}

/** Seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** When a 429 carries no Retry-After. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

/**
 * ProviderHttp on global fetch: bearer token, one refresh on 401, Retry-After on 429 (waited up
 * to maxRateLimitWaitMs, at most 3 times per request), bounded exponential backoff on 5xx and
 * network errors, a timeout per attempt, and JSON parsing with errors that name the request.
 */
export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = options.apiBaseUrl.replace(/\/+$/, '');

  async function request(method: 'GET' | 'POST', path: string, params: Record<string, string | number | undefined> | undefined): Promise<unknown> {
    const label = `${method} ${path}`;
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) search.set(k, String(v));
    const url = `${base}${path.startsWith('/') ? path : `/${path}`}`;
    let retries = 0;
    let rateWaits = 0;
    let refreshed = false;
    for (;;) {
      const token = await options.tokens.accessToken();
      const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
      let response: Response;
      try {
        response = await fetch(method === 'GET' && search.size > 0 ? `${url}?${search}` : url, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          body: method === 'POST' ? search : undefined,
          signal: AbortSignal.any(signals),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (retries >= maxRetries) {
          const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
          throw new Error(`${label}: provider could not be reached after ${retries + 1} attempts (${reason})`);
        }
        await wait('retry', backoffMs * 2 ** retries++, label);
        continue;
      }
      if (response.status === 401 && !refreshed) {
        await response.body?.cancel();
        refreshed = true;
        await options.tokens.refresh(token);
        continue;
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const retryAfter = parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
        if (retryAfter > maxWait || rateWaits >= 3) throw new RateLimitedError(label, retryAfter);
        rateWaits++;
        await wait('rate_limited', retryAfter, label);
        continue;
      }
      if (response.status >= 500 && retries < maxRetries) {
        await response.body?.cancel();
        await wait('retry', backoffMs * 2 ** retries++, label);
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new ProviderHttpError(response.status, label, text.replace(/\s+/g, ' ').slice(0, 200));
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`${label}: provider answered HTTP ${response.status} with a body that is not JSON (content-type ${response.headers.get('content-type') ?? 'none'})`);
      }
    }
  }

  async function wait(reason: 'rate_limited' | 'retry', ms: number, label: string): Promise<void> {
    options.onWait?.(reason, ms, label);
    await sleep(ms, options.signal);
  }

  return {
    get: (path, query) => request('GET', path, query),
    postForm: (path, form) => request('POST', path, form),
  };
}
