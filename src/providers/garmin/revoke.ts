import type { RevokeGrant, RevokeRequest } from '../types';

// Garmin's Health API "Delete User Registration": DELETE /user/registration (under
// /wellness-api/rest) with the user's bearer token deregisters them from this app, which stops
// Garmin's pushes and pings for them.
export function revokeGarmin(grant: RevokeGrant): RevokeRequest {
  return {
    method: 'DELETE',
    url: `${grant.apiBaseUrl.replace(/\/$/, '')}/user/registration`,
    headers: { authorization: `Bearer ${grant.accessToken}` },
  };
}
