import type { RevokeGrant, RevokeRequest } from '../types';

// Fitbit's Revoke Token (RFC 7009): POST /oauth2/revoke with the app's client id and secret as
// HTTP Basic and the token in a form body. Revoking either token removes every token the user
// granted this app, so the refresh token (which outlives an expired access token) is preferred.
export function revokeFitbit(grant: RevokeGrant): RevokeRequest {
  const basic = Buffer.from(`${grant.clientId}:${grant.clientSecret}`).toString('base64');
  return {
    method: 'POST',
    url: `${grant.apiBaseUrl.replace(/\/$/, '')}/oauth2/revoke`,
    headers: { authorization: `Basic ${basic}` },
    form: { token: grant.refreshToken ?? grant.accessToken },
  };
}
