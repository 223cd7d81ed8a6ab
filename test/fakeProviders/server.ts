import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDERS, type FakeRequest, type FakeResponse, type ProviderName } from '../../src/providers/types';

// Fake OAuth providers on 127.0.0.1: per provider (http://127.0.0.1:PORT/<provider>/...) an
// authorize page (redirects straight back with a code, as a consenting user would), a token
// endpoint (authorization_code with PKCE, rotating refresh_token), and the API under /api,
// delegated to test/fakeProviders/<provider>.ts (`<provider>Fake`) or a handler set by the test.
// Tests can expire every token, make the next API calls answer 429 or 5xx, and read every request.
// A refused token is answered as each provider does (Withings: HTTP 200, status 401 in the body).

export type FakeHandler = (req: FakeRequest) => FakeResponse | undefined;
/** For endpoints that call out before answering (Oura checks a webhook callback URL before it creates the subscription). */
export type AsyncFakeHandler = (req: FakeRequest) => Promise<FakeResponse | undefined> | FakeResponse | undefined;

export interface RecordedRequest extends FakeRequest {
  provider: string;
  at: number;
}

export interface FakeProviders {
  origin: string;
  requests: RecordedRequest[];
  /** Every access token issued so far is refused (401) from now on. */
  expireTokens(): void;
  /** Lifetime of the access tokens issued from now on (expires_in; refused after it). Default 3600 s. */
  setTokenLifetime(seconds: number): void;
  /** The next n API calls answer 429 with this Retry-After. */
  rateLimitNext(n: number, retryAfter: string): void;
  /** The next n API calls answer this status (e.g. 500). */
  failNext(n: number, status: number): void;
  /** Serves the provider's API paths with this handler instead of its <provider>Fake. */
  setHandler(provider: ProviderName, handler: FakeHandler): void;
  /**
   * Serves API paths authenticated by the app's client credentials rather than a user's bearer
   * token (Oura's webhook subscriptions): asked before the token check; undefined falls through.
   */
  setAppHandler(provider: ProviderName, handler: AsyncFakeHandler | undefined): void;
  /** Token-endpoint calls, by grant type. */
  tokenCalls(provider: string, grantType?: string): RecordedRequest[];
  close(): Promise<void>;
}

export const fakeClientId = (p: string) => `${p}-client-id`;
export const fakeClientSecret = (p: string) => `${p}-client-secret`;
export const fakeWebhookSecret = (p: string) => `${p}-webhook-secret`;

/** Environment for loadConfig pointing every provider at the fake server. */
export function fakeProviderEnv(origin: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const p of PROVIDERS) {
    const P = p.toUpperCase();
    env[`${P}_CLIENT_ID`] = fakeClientId(p);
    env[`${P}_CLIENT_SECRET`] = fakeClientSecret(p);
    env[`${P}_AUTHORIZE_URL`] = `${origin}/${p}/authorize`;
    env[`${P}_TOKEN_URL`] = `${origin}/${p}/token`;
    env[`${P}_API_URL`] = `${origin}/${p}/api`;
    env[`${P}_WEBHOOK_SECRET`] = fakeWebhookSecret(p);
  }
  return env;
}

/** The provider's own fake (test/fakeProviders/<name>.ts), when that file exists. */
function loadProviderFake(name: string): FakeHandler | undefined {
  try {
    const mod = require(`./${name}`) as Record<string, unknown>;
    const handler = mod[`${name}Fake`];
    return typeof handler === 'function' ? (handler as FakeHandler) : undefined;
  } catch {
    return undefined;
  }
}

interface Code {
  provider: string;
  redirectUri: string;
  challenge?: string;
  used: boolean;
}

/** The user id each fake's token answer names (Withings' is numeric, as its webhooks' userid is). */
export const FAKE_TOKEN_USER_IDS: Partial<Record<ProviderName, string>> = { fitbit: 'fake-user-1', withings: '4217' };

/**
 * Token answers in each provider's documented shape: Withings wraps them in {status, body};
 * only Fitbit and Withings name the user. Oura, WHOOP and Garmin do not: their adapters ask the
 * API (personal_info, profile/basic, /user/id), as against the real providers.
 */
function tokenBody(provider: string, access: string, refresh: string, expiresIn: number): unknown {
  const base = { access_token: access, refresh_token: refresh, expires_in: expiresIn, token_type: 'Bearer', scope: 'read' };
  if (provider === 'withings') return { status: 0, body: { ...base, userid: FAKE_TOKEN_USER_IDS.withings } };
  if (provider === 'fitbit') return { ...base, user_id: FAKE_TOKEN_USER_IDS.fitbit };
  return base;
}

/** A refused access token: HTTP 401, except Withings, which answers every call HTTP 200 with its status in the body. */
function invalidToken(provider: string): FakeResponse {
  if (provider === 'withings') return { status: 200, body: { status: 401, body: {}, error: 'XRequestError: invalid_token: The access token provided is invalid' } };
  return { status: 401, body: { error: 'invalid_token' } };
}

export async function startFakeProviders(): Promise<FakeProviders> {
  const requests: RecordedRequest[] = [];
  const handlers = new Map<string, FakeHandler | undefined>();
  const appHandlers = new Map<string, AsyncFakeHandler>();
  const codes = new Map<string, Code>();
  /** Access token -> when it stops working (ms). */
  const accessTokens = new Map<string, number>();
  let tokenLifetime = 3600;
  const refreshTokens = new Map<string, string>();
  let rateLimited = { n: 0, retryAfter: '1' };
  let failing = { n: 0, status: 500 };

  const issue = (provider: string) => {
    const access = `at-${randomBytes(12).toString('hex')}`;
    const refresh = `rt-${randomBytes(12).toString('hex')}`;
    accessTokens.set(access, Date.now() + tokenLifetime * 1000);
    refreshTokens.set(refresh, provider);
    return tokenBody(provider, access, refresh, tokenLifetime);
  };

  const route = async (provider: string, rest: string, req: FakeRequest): Promise<FakeResponse> => {
    const form = new URLSearchParams(req.body);
    if (rest === '/authorize') {
      const q = req.query;
      if (q.client_id !== fakeClientId(provider) || q.response_type !== 'code' || !q.redirect_uri || !q.state) return { status: 400, body: { error: 'invalid_request' } };
      if (q.code_challenge && q.code_challenge_method !== 'S256') return { status: 400, body: { error: 'invalid_request', error_description: 'S256 only' } };
      const target = new URL(q.redirect_uri);
      if (q.deny === '1') target.searchParams.set('error', 'access_denied');
      else {
        const code = `code-${randomBytes(12).toString('hex')}`;
        codes.set(code, { provider, redirectUri: q.redirect_uri, challenge: q.code_challenge, used: false });
        target.searchParams.set('code', code);
      }
      target.searchParams.set('state', q.state);
      return { status: 302, headers: { location: target.toString() }, body: '' };
    }
    if (rest === '/token' && req.method === 'POST') {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
      if (id !== fakeClientId(provider) || secret !== fakeClientSecret(provider)) return { status: 401, body: { error: 'invalid_client' } };
      if (form.get('grant_type') === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used || code.provider !== provider) return { status: 400, body: { error: 'invalid_grant', error_description: 'unknown or used code' } };
        code.used = true;
        if (code.redirectUri !== form.get('redirect_uri')) return { status: 400, body: { error: 'invalid_grant', error_description: 'redirect_uri mismatch' } };
        if (code.challenge) {
          const verifier = form.get('code_verifier') ?? '';
          if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) return { status: 400, body: { error: 'invalid_grant', error_description: 'PKCE verification failed' } };
        }
        return { status: 200, body: issue(provider) };
      }
      if (form.get('grant_type') === 'refresh_token') {
        const refresh = form.get('refresh_token') ?? '';
        if (refreshTokens.get(refresh) !== provider) return { status: 400, body: { error: 'invalid_grant', error_description: 'refresh token unknown or already used' } };
        refreshTokens.delete(refresh); // rotation: a refresh token works once
        return { status: 200, body: issue(provider) };
      }
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    if (rest.startsWith('/api/') || rest === '/api') {
      const appAnswer = await appHandlers.get(provider)?.({ ...req, path: rest.slice('/api'.length) || '/' });
      if (appAnswer) return appAnswer;
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !((accessTokens.get(token) ?? 0) > Date.now())) return invalidToken(provider);
      if (rateLimited.n > 0) {
        rateLimited.n--;
        return { status: 429, headers: { 'retry-after': rateLimited.retryAfter }, body: { error: 'rate_limited' } };
      }
      if (failing.n > 0) {
        failing.n--;
        return { status: failing.status, body: { error: 'server_error' } };
      }
      if (!handlers.has(provider)) handlers.set(provider, loadProviderFake(provider));
      const answer = handlers.get(provider)?.({ ...req, path: rest.slice('/api'.length) || '/' });
      return answer ?? { status: 404, body: { error: 'not_found', path: rest } };
    }
    return { status: 404, body: { error: 'not_found' } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const [, provider = '', ...parts] = url.pathname.split('/');
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const fake: FakeRequest = { method: req.method ?? 'GET', path: `/${parts.join('/')}`, query: Object.fromEntries(url.searchParams), headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push({ ...fake, provider, at: Date.now() });
      route(provider, fake.path, fake)
        .catch((error: unknown): FakeResponse => ({ status: 500, body: { error: 'fake_failed', detail: String(error) } }))
        .then((answer) => {
          const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
          res.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
          res.end(body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    expireTokens: () => accessTokens.clear(),
    setTokenLifetime: (seconds) => {
      tokenLifetime = seconds;
    },
    rateLimitNext: (n, retryAfter) => {
      rateLimited = { n, retryAfter };
    },
    failNext: (n, status) => {
      failing = { n, status };
    },
    setHandler: (provider, handler) => {
      handlers.set(provider, handler);
    },
    setAppHandler: (provider, handler) => {
      if (handler) appHandlers.set(provider, handler);
      else appHandlers.delete(provider);
    },
    tokenCalls: (provider, grantType) =>
      requests.filter((r) => r.provider === provider && r.path === '/token' && (!grantType || new URLSearchParams(r.body).get('grant_type') === grantType)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
