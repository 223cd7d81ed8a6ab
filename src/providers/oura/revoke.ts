import type { RevokeGrant, RevokeRequest } from '../types';

// Oura's OAuth revocation: a request to /oauth/revoke naming the access token in the query
// (access_token=...); the user's grant to this app ends with it.
export function revokeOura(grant: RevokeGrant): RevokeRequest {
  const url = new URL(`${grant.apiBaseUrl.replace(/\/$/, '')}/oauth/revoke`);
  url.searchParams.set('access_token', grant.accessToken);
  return { method: 'GET', url: url.toString(), headers: {} };
}
