import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { updateRequestState, UUID_RE } from './requestState';

type JwtConfig = Pick<Config, 'JWT_SECRET' | 'JWT_AUDIENCE' | 'JWT_ISSUER'>;

export class AuthenticationError extends Error {}

/** Who an authenticated request is for: the access token's `sub` and its session (`sid`). */
export interface Authentication {
  userId: string;
  sessionId: string;
}

/** Whether session `sessionId` is live (not revoked, not expired) for `userId`. */
export type SessionChecker = (sessionId: string, userId: string) => Promise<boolean>;

const secretKeys = new Map<string, KeyObject>();

/**
 * JWT_SECRET as an HMAC key object, made once. Given a string, jsonwebtoken first tries it as a
 * PEM public key and builds the secret key from the exception, on every call: 0.15 ms of each
 * request's CPU in the profile (bench/profile.ts). A key object also rules out reading the
 * secret as a public key.
 */
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (secretKeys.size > 16) secretKeys.clear();
    secretKeys.set(secret, key);
  }
  return key;
}

function verifyClaims(token: string, config: JwtConfig): jwt.JwtPayload {
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secretKey(config.JWT_SECRET), {
      algorithms: ['HS256'],
      audience: config.JWT_AUDIENCE,
      issuer: config.JWT_ISSUER,
      clockTolerance: CLOCK_TOLERANCE_S,
    });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw new AuthenticationError('Token expired');
    if (error instanceof jwt.NotBeforeError) throw new AuthenticationError('Token not yet valid');
    throw new AuthenticationError('Invalid token');
  }
  if (typeof claims === 'string') throw new AuthenticationError('Invalid token');
  // A token without an expiry would be valid forever.
  if (typeof claims.exp !== 'number') throw new AuthenticationError('Invalid token: exp is required');
  if (typeof claims.sub !== 'string' || !UUID_RE.test(claims.sub)) {
    throw new AuthenticationError('Invalid token: sub must be a user id');
  }
  return claims;
}

/**
 * Verifies a bearer token's signature and claims and returns the user id it is for. HS256 only
 * (so `alg: none` and algorithm-confusion tokens fail), with the configured audience and issuer,
 * an expiry, and a uuid `sub`. This does not check the session: see verifyAccessToken and
 * jwtMiddleware.
 */
export function verifyToken(token: string, config: JwtConfig): string {
  return (verifyClaims(token, config).sub as string).toLowerCase();
}

/** An access token verified before (by the SHA-256 of its text), with what it was verified against. */
interface VerifiedToken {
  auth: Authentication & { expiresAt: number };
  config: JwtConfig;
}

/** The seconds past `exp` a token is still accepted (jwt.verify's clockTolerance). */
const CLOCK_TOLERANCE_S = 5;
const VERIFIED_TOKENS_MAX = 10_000;
const verifiedTokens = new Map<string, VerifiedToken>();

/**
 * verifyToken, plus a uuid `sid` naming the session the token was issued for, and when the token
 * expires (`exp`, seconds since the epoch).
 *
 * A client sends the same token with every request until it refreshes, and verifying it (HMAC,
 * two base64 decodes, JSON, the claims) was 80 us of each request's CPU (bench/profile.ts). A
 * token that verified is remembered with the secret, audience and issuer it verified against; a
 * later request with the same text only checks the expiry again. The key is the SHA-256 of the
 * whole text (2 us), so a lookup compares digests, never a prefix of what a client sent. Only
 * tokens that verified enter, so the map holds nothing a client can make up; it is bounded
 * (oldest first out). Whether the session is still live is checked on every request regardless.
 */
export function verifyAccessToken(token: string, config: JwtConfig): Authentication & { expiresAt: number } {
  const key = createHash('sha256').update(token).digest('base64');
  const known = verifiedTokens.get(key);
  if (known && known.config.JWT_SECRET === config.JWT_SECRET && known.config.JWT_AUDIENCE === config.JWT_AUDIENCE && known.config.JWT_ISSUER === config.JWT_ISSUER) {
    if (Math.floor(Date.now() / 1000) < known.auth.expiresAt + CLOCK_TOLERANCE_S) return { ...known.auth };
    verifiedTokens.delete(key);
    throw new AuthenticationError('Token expired');
  }
  const claims = verifyClaims(token, config);
  if (typeof claims.sid !== 'string' || !UUID_RE.test(claims.sid)) {
    throw new AuthenticationError('Invalid token: sid is required');
  }
  const auth = { userId: (claims.sub as string).toLowerCase(), sessionId: claims.sid.toLowerCase(), expiresAt: claims.exp as number };
  if (verifiedTokens.size >= VERIFIED_TOKENS_MAX) verifiedTokens.delete(verifiedTokens.keys().next().value as string);
  verifiedTokens.set(key, { auth, config: { JWT_SECRET: config.JWT_SECRET, JWT_AUDIENCE: config.JWT_AUDIENCE, JWT_ISSUER: config.JWT_ISSUER } });
  return { ...auth };
}

/**
 * An `Authorization` value checked the way every request is: "Bearer <token>", a valid access
 * token, and its session (`sid`) still live for its `sub`. Throws AuthenticationError with the
 * message the client sees. jwtMiddleware (HTTP) and the websocket handshake (src/server) both use it.
 */
export async function authenticateBearer(
  header: string,
  config: JwtConfig,
  sessions: SessionChecker | undefined,
): Promise<Authentication & { expiresAt: number }> {
  const match = /^Bearer\s+([^\s]+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  const auth = verifyAccessToken(match[1], config);
  if (!sessions) throw new AuthenticationError('Sessions cannot be checked by this server');
  if (!(await sessions(auth.sessionId, auth.userId))) throw new AuthenticationError('Session has ended: sign in again');
  return auth;
}

/** A short-lived access token for a session: HS256, sub = user id, sid = session id. */
export function signAccessToken(config: JwtConfig & Pick<Config, 'ACCESS_TOKEN_TTL'>, auth: Authentication, expiresInSeconds?: number): string {
  return jwt.sign({ sid: auth.sessionId }, secretKey(config.JWT_SECRET), {
    algorithm: 'HS256',
    subject: auth.userId,
    audience: config.JWT_AUDIENCE,
    issuer: config.JWT_ISSUER,
    expiresIn: expiresInSeconds ?? config.ACCESS_TOKEN_TTL,
  });
}

/**
 * Session liveness as routes see it: the check, and word that this process has just ended
 * sessions (of one user, or of users it cannot name), so nothing cached outlives them.
 */
export interface Sessions {
  check: SessionChecker;
  ended(userId?: string): void;
}

/** Sessions without a cache: every check is a lookup (tests, tools, routers used alone). */
export function uncachedSessions(pool: Pool): Sessions {
  return { check: poolSessionChecker(pool), ended: () => {} };
}

/**
 * Checks sessions with one primary-key lookup on the API's own connection (vitalis_authenticator
 * may execute vitalis_private.auth_session_live_until without switching role). The same function
 * as the cached check (sessionLiveness.ts), so "live" has one definition.
 */
export function poolSessionChecker(pool: Pool): SessionChecker {
  return async (sessionId, userId) => {
    const { rows } = await pool.query<{ live: boolean }>('select vitalis_private.auth_session_live_until($1, $2) is not null as live', [sessionId, userId]);
    return rows[0]?.live === true;
  };
}

const authentications = new WeakMap<IncomingMessage, Authentication>();

/** The verified token of this request (set by jwtMiddleware), or undefined when anonymous. */
export function getAuthentication(req: IncomingMessage): Authentication | undefined {
  return authentications.get(req);
}

export function sendUnauthenticated(res: Response, message: string): void {
  res
    .status(401)
    .set('WWW-Authenticate', 'Bearer')
    .json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/**
 * Express middleware, before PostGraphile: no Authorization header -> anonymous; a valid bearer
 * token whose session (`sid`) is still live for its `sub` -> the request acts for `sub`; anything
 * else -> 401 before GraphQL runs (an error thrown later, in grafast.context, would be a 500).
 *
 * Logging out, changing or resetting the password revoke sessions, so the check is made on every
 * request. The auth router (src/auth) runs this middleware with a session checker for everything
 * that passes it; a later instance sees the request already authenticated and passes it on. An
 * instance without a checker cannot tell a revoked token from a live one and refuses tokens.
 */
export function jwtMiddleware(config: JwtConfig, sessions?: SessionChecker): RequestHandler {
  return async (req, res, next) => {
    if (authentications.has(req)) {
      next();
      return;
    }
    const header = req.get('authorization');
    if (header === undefined) {
      next();
      return;
    }
    let auth: Authentication;
    try {
      const { userId, sessionId } = await authenticateBearer(header, config, sessions);
      auth = { userId, sessionId };
    } catch (error) {
      if (error instanceof AuthenticationError) {
        sendUnauthenticated(res, error.message);
        return;
      }
      throw error;
    }
    authentications.set(req, auth);
    updateRequestState(req, { userId: auth.userId });
    next();
  };
}
