import type { RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { Config } from '../config';
import { updateRequestState, UUID_RE } from './requestState';

type JwtConfig = Pick<Config, 'JWT_SECRET' | 'JWT_AUDIENCE' | 'JWT_ISSUER'>;

export class AuthenticationError extends Error {}

/**
 * Verifies a bearer token and returns the user id it is for. HS256 only (so `alg: none` and
 * algorithm-confusion tokens fail), with the configured audience and issuer, an expiry, and a
 * uuid `sub`.
 */
export function verifyToken(token: string, config: JwtConfig): string {
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, config.JWT_SECRET, {
      algorithms: ['HS256'],
      audience: config.JWT_AUDIENCE,
      issuer: config.JWT_ISSUER,
      clockTolerance: 5,
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
  return claims.sub.toLowerCase();
}

export function sendUnauthenticated(res: Response, message: string): void {
  res
    .status(401)
    .set('WWW-Authenticate', 'Bearer')
    .json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/**
 * Express middleware, before PostGraphile: no Authorization header -> anonymous; a valid bearer
 * token -> the request acts for its `sub`; anything else -> 401 before GraphQL runs (an error
 * thrown later, in grafast.context, would be a 500).
 */
export function jwtMiddleware(config: JwtConfig): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      next();
      return;
    }
    const match = /^Bearer\s+([^\s]+)\s*$/i.exec(header);
    if (!match?.[1]) {
      sendUnauthenticated(res, 'Authorization header must be "Bearer <token>"');
      return;
    }
    try {
      updateRequestState(req, { userId: verifyToken(match[1], config) });
    } catch (error) {
      if (error instanceof AuthenticationError) {
        sendUnauthenticated(res, error.message);
        return;
      }
      throw error;
    }
    next();
  };
}
