import { ProviderHttpError } from '../../src/providers/engine/errors';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';

/**
 * A ProviderHttp that hands each request straight to a fake handler (the same logic the fake
 * servers serve), recording the calls; a non-2xx answer (or no route: 404) throws
 * ProviderHttpError as the engine's client does. For adapter tests that need no server.
 */
export function inProcessHttp(fake: (req: FakeRequest) => FakeResponse | undefined) {
  const calls: { method: string; path: string; query: Record<string, string> }[] = [];
  const send = async (method: string, p: string, params: Record<string, string | number | undefined>) => {
    const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    calls.push({ method, path: p, query });
    const body = method === 'POST' ? new URLSearchParams(query).toString() : '';
    const res = fake({ method, path: p, query: method === 'POST' ? {} : query, headers: { authorization: 'Bearer test-token' }, body });
    if (!res) throw new ProviderHttpError(404, `${method} ${p}`, 'fake: no route');
    if (res.status >= 300) throw new ProviderHttpError(res.status, `${method} ${p}`, JSON.stringify(res.body));
    return res.body;
  };
  return {
    calls,
    get: (p: string, query: Record<string, string | number | undefined> = {}) => send('GET', p, query),
    postForm: (p: string, form: Record<string, string | number | undefined>) => send('POST', p, form),
  };
}
