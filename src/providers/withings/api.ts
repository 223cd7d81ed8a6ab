import { ProviderHttpError, RateLimitedError } from '../engine/errors';
import type { ProviderHttp } from '../types';

// Every Withings answer is HTTP 200 with {status, body}: status 0 is success, anything else an
// error (401 invalid or expired token, 601 too many requests, 503 invalid parameters, 2554 unknown
// action, ...). Paged actions answer {more, offset} inside body; the next page is asked with
// that offset.

/** A Withings status other than 0 (HTTP 200 nonetheless). */
export class WithingsApiError extends Error {
  override name = 'WithingsApiError';
  constructor(
    readonly withingsStatus: number,
    readonly request: string,
    detail: string,
  ) {
    super(`${request}: Withings status ${withingsStatus}${detail ? ` (${detail})` : ''}`);
  }
}

/** Unwraps {status, body}; a non-zero status throws (401 and 601 as the engine's own errors). */
export function withingsBody(json: unknown, request: string): unknown {
  const answer = json as { status?: unknown; body?: unknown; error?: unknown } | null;
  if (typeof answer !== 'object' || answer === null || typeof answer.status !== 'number') throw new WithingsApiError(-1, request, 'answer has no numeric status');
  if (answer.status === 0) return answer.body ?? {};
  const detail = typeof answer.error === 'string' ? answer.error : '';
  if (answer.status === 401) throw new ProviderHttpError(401, request, detail || 'invalid token');
  if (answer.status === 601) throw new RateLimitedError(request, 60_000);
  throw new WithingsApiError(answer.status, request, detail);
}

/** POSTs action with form, following more/offset; returns each page's body. */
export async function withingsPages(http: ProviderHttp, path: string, form: Record<string, string | number | undefined>): Promise<unknown[]> {
  const pages: unknown[] = [];
  let offset: number | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const body = withingsBody(await http.postForm(path, { ...form, offset }), `POST ${path} ${String(form.action)}`) as { more?: unknown; offset?: unknown };
    pages.push(body);
    const more = body.more === true || body.more === 1;
    if (!more) return pages;
    if (typeof body.offset !== 'number' || body.offset === offset) throw new WithingsApiError(-1, `POST ${path} ${String(form.action)}`, 'more=1 without a new offset');
    offset = body.offset;
  }
  throw new WithingsApiError(-1, `POST ${path} ${String(form.action)}`, 'more than 1000 pages');
}
