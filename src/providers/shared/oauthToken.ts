import { z } from 'zod';
import type { TokenSet } from '../types';
import { parseWith } from './rowTools';

// The RFC 6749 token answer (access_token, token_type, expires_in in seconds, refresh_token,
// scope) as Oura, WHOOP, Garmin and Fitbit send it, and their error bodies: RFC 6749
// { error, error_description }, or Fitbit's { errors: [{ errorType, message }] }. Only Fitbit
// names the user (user_id); the others' adapters ask their API (fetchExternalUserId).

const seconds = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, 'expected a number of seconds').transform(Number)]);
const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  refresh_token: z.string().nullish(),
  expires_in: seconds.nullish(),
  scope: z.string().nullish(),
  user_id: z.string().nullish(),
});

/** Throws "<provider> token endpoint: <error>" for an RFC 6749 error body or Fitbit's {errors: [...]}. */
export function throwOAuthError(json: unknown, provider: string): void {
  if (typeof json !== 'object' || json === null) return;
  const body = json as { error?: unknown; error_description?: unknown; errors?: { errorType?: string; message?: string }[] };
  if (typeof body.error === 'string') throw new Error(`${provider} token endpoint: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}`);
  if (Array.isArray(body.errors) && body.errors.length) throw new Error(`${provider} token endpoint: ${body.errors.map((e) => `${e.errorType ?? 'error'}: ${e.message ?? ''}`).join('; ')}`);
}

/** Parses a token answer; errors name the provider and the field ("oura token endpoint: access_token: ..."). */
export function parseOAuthToken(json: unknown, now: Date, provider: string): TokenSet {
  throwOAuthError(json, provider);
  const t = parseWith(tokenSchema, json, `${provider} token endpoint`);
  return {
    accessToken: t.access_token,
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.expires_in != null ? { expiresAt: new Date(now.getTime() + t.expires_in * 1000) } : {}),
    ...(t.scope ? { scope: t.scope.split(/[\s,]+/).filter(Boolean) } : {}),
    ...(t.user_id ? { externalUserId: t.user_id } : {}),
  };
}
