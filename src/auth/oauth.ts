import type { Config } from '../config';

export type OAuthProvider = 'google' | 'apple';

export interface VerifiedIdentity {
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

export class IdTokenError extends Error {
  constructor(
    message: string,
    /** 401 for a token we reject, 503 when the provider's keys could not be fetched. */
    readonly status: 401 | 503 = 401,
  ) {
    super(message);
  }
}

type Jose = typeof import('jose');
let jose: Jose | undefined;
// jose 6 is ESM-only. Node 22 require()s it; loading it only when an ID token arrives keeps every
// other code path (and jest, whose module registry cannot load ESM) independent of it.
function loadJose(): Jose {
  return (jose ??= require('jose') as Jose);
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export interface OAuthVerifier {
  enabled: boolean;
  verify(idToken: string): Promise<VerifiedIdentity>;
}

/**
 * Verifies a Google or Apple ID token against the provider's JWKS (cached and refreshed by jose
 * on an unknown key id): RS256/ES256 signature, issuer, audience (our client ids), expiry.
 */
export function createOAuthVerifier(provider: OAuthProvider, config: Config): OAuthVerifier {
  const audiences = list(provider === 'google' ? config.GOOGLE_CLIENT_IDS : config.APPLE_CLIENT_IDS);
  const issuers = list(provider === 'google' ? config.GOOGLE_ISSUERS : config.APPLE_ISSUERS);
  const jwksUrl = provider === 'google' ? config.GOOGLE_JWKS_URL : config.APPLE_JWKS_URL;
  let jwks: ReturnType<Jose['createRemoteJWKSet']> | undefined;
  return {
    enabled: audiences.length > 0,
    async verify(idToken) {
      const { createRemoteJWKSet, jwtVerify, errors } = loadJose();
      jwks ??= createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(idToken, jwks, { issuer: issuers, audience: audiences, algorithms: ['RS256', 'ES256'], clockTolerance: 5 }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new IdTokenError('Invalid ID token: expired');
        if (error instanceof errors.JWTClaimValidationFailed) throw new IdTokenError(`Invalid ID token: ${error.claim} claim is not accepted`);
        if (error instanceof errors.JWSSignatureVerificationFailed) throw new IdTokenError('Invalid ID token: bad signature');
        if (error instanceof errors.JWKSTimeout) throw new IdTokenError(`Could not fetch the ${provider} signing keys`, 503);
        if (error instanceof errors.JOSEError) throw new IdTokenError(`Invalid ID token: ${error.code}`);
        if (error instanceof TypeError || (error as { name?: string }).name === 'AbortError') {
          throw new IdTokenError(`Could not fetch the ${provider} signing keys`, 503);
        }
        throw new IdTokenError('Invalid ID token');
      }
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
        throw new IdTokenError('Invalid ID token: sub is required');
      }
      const email = typeof payload.email === 'string' ? payload.email : undefined;
      // Google sends a boolean; Apple has sent the string "true".
      const emailVerified = payload.email_verified === true || payload.email_verified === 'true';
      const name = typeof payload.name === 'string' ? payload.name : undefined;
      return { subject: payload.sub, email, emailVerified, name };
    },
  };
}
