import type { Request, RequestHandler, Response } from 'express';
import type { Pool, PoolClient } from 'pg';
import type { Config } from '../../config';
import { inRequestTransaction } from '../../db/requestContext';
import { sendError } from '../../http/errors';
import { getRequestState } from '../../http/requestState';
import type { AdapterRegistry } from '../registry';
import type { ProviderName } from '../types';
import { isProviderName, providerSettings, type ProviderSettings } from './settings';

/** Runs fn on the API's pool as `role` (acting as userId), with the request's id, IP and user agent for the audit trail. */
export function requestTransaction<T>(pool: Pool, req: Request, role: 'vitalis_api' | 'vitalis_anonymous', userId: string | null, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const state = getRequestState(req);
  return inRequestTransaction(pool, { role, userId, requestId: state?.requestId, ipAddress: state?.ipAddress, userAgent: state?.userAgent }, fn);
}

/** The :provider parameter as a known name, or a 404 naming it. */
export function providerParam(req: Request, res: Response): ProviderName | undefined {
  const name = String(req.params.provider ?? '');
  if (isProviderName(name)) return name;
  sendError(res, 404, 'NOT_FOUND', `provider: "${name}" is not a supported provider`, 'provider');
  return undefined;
}

/** The provider's settings, or a 404 when this server does not run it. */
export function configuredProvider(req: Request, res: Response, config: Config, adapters: AdapterRegistry | undefined): ProviderSettings | undefined {
  const name = providerParam(req, res);
  if (!name) return undefined;
  const settings = providerSettings(config, name, adapters);
  if (!settings) sendError(res, 404, 'NOT_FOUND', `provider: ${name} is not configured on this server`, 'provider');
  return settings;
}

/** Passes a rejected promise to express's error handling. */
export const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };
