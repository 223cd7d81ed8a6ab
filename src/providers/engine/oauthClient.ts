import type { TokenSet } from '../types';
import { ProviderHttpError, ReconnectRequiredError } from './errors';
import type { ProviderSettings } from './settings';

const TOKEN_TIMEOUT_MS = 15_000;

/** An OAuth error body's code and description, for messages ("invalid_grant: ..."); never echoes anything else. */
function oauthErrorOf(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const code = typeof body.error === 'string' ? body.error : typeof body.errors === 'string' ? body.errors : undefined;
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    return [code, description].filter(Boolean).join(': ').slice(0, 200);
  } catch {
    return '';
  }
}

/** POSTs to the token endpoint with the client credentials the way the provider takes them, and parses the answer with the adapter. */
async function requestToken(settings: ProviderSettings, params: Record<string, string>, now: Date): Promise<{ tokens: TokenSet } | { status: number; error: string }> {
  const { adapter } = settings;
  const form = new URLSearchParams({ ...params, ...adapter.tokenExtraParams });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (adapter.tokenAuth === 'basic') {
    // RFC 6749 2.3.1: each part form-urlencoded before the base64.
    const pair = `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    form.set('client_id', settings.clientId);
    form.set('client_secret', settings.clientSecret);
  }
  let response: Response;
  try {
    response = await fetch(settings.tokenUrl, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`${adapter.name} token endpoint could not be reached: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) return { status: response.status, error: oauthErrorOf(text) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${adapter.name} token endpoint answered HTTP ${response.status} with a body that is not JSON`);
  }
  return { tokens: adapter.parseToken(json, now) };
}

/** Exchanges an authorization code (the connect callback). */
export async function exchangeCode(settings: ProviderSettings, code: string, redirectUri: string, codeVerifier: string | undefined, now = new Date()): Promise<TokenSet> {
  const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
  if (codeVerifier) params.code_verifier = codeVerifier;
  const result = await requestToken(settings, params, now);
  if ('tokens' in result) return result.tokens;
  throw new ProviderHttpError(result.status, `${settings.adapter.name} token endpoint (authorization_code)`, result.error);
}

/** Refreshes an access token. A refusal (4xx) means the grant is gone: the user must connect again. */
export async function refreshTokens(settings: ProviderSettings, refreshToken: string, now = new Date()): Promise<TokenSet> {
  const result = await requestToken(settings, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
  if ('tokens' in result) return result.tokens;
  if (result.status >= 400 && result.status < 500 && result.status !== 429) {
    throw new ReconnectRequiredError(`${settings.adapter.name} refused the refresh token (HTTP ${result.status}${result.error ? `, ${result.error}` : ''})`);
  }
  throw new ProviderHttpError(result.status, `${settings.adapter.name} token endpoint (refresh_token)`, result.error);
}
