import type { RevokeGrant, RevokeRequest } from '../types';

// WHOOP's "Revoke User Access": DELETE /v2/user/access with the user's bearer token removes this
// app's access to the member's data (204 No Content).
export function revokeWhoop(grant: RevokeGrant): RevokeRequest {
  return {
    method: 'DELETE',
    url: `${grant.apiBaseUrl.replace(/\/$/, '')}/v2/user/access`,
    headers: { authorization: `Bearer ${grant.accessToken}` },
  };
}
