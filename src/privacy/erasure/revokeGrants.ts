// Withdraws the user's provider grants before their tokens are erased: for every connection that
// still holds tokens, the provider's documented revocation request (ProviderAdapter.revoke).
// A provider that fails or has no revocation endpoint is logged and counted, never fatal: the
// tokens are erased with the rows either way. Counts only leave this module, no tokens or ids.
import type { Pool } from 'pg';
import type { Config } from '../../config';
import { inRequestTransaction } from '../../db/requestContext';
import type { Logger } from '../../http/logger';
import { readDeviceTokens } from '../../providers/engine/connections';
import { providerSettings } from '../../providers/engine/settings';
import { decryptToken, parseTokenKeys } from '../../providers/engine/tokenCrypto';
import type { AdapterRegistry } from '../../providers/registry';
import type { ProviderName, RevokeRequest } from '../../providers/types';

export interface RevocationCounts {
  revoked: number;
  failed: number;
  /** Connections whose provider offers no revocation (or is not configured here). */
  unsupported: number;
}

const REVOKE_TIMEOUT_MS = 15_000;

interface Connection {
  deviceId: string;
  source: ProviderName;
  accessEnc: string;
  refreshEnc: string | null;
}

async function connectionsWithTokens(pool: Pool, userId: string): Promise<Connection[]> {
  return inRequestTransaction(pool, { role: 'vitalis_worker', userId }, async (client) => {
    const { rows } = await client.query<{ device_id: string; source: ProviderName }>('select device_id, source from vitalis.connected_devices where user_id = $1 order by source', [userId]);
    const found: Connection[] = [];
    for (const row of rows) {
      const tokens = await readDeviceTokens(client, row.device_id, false);
      if (tokens.access_token_enc) found.push({ deviceId: row.device_id, source: row.source, accessEnc: tokens.access_token_enc, refreshEnc: tokens.refresh_token_enc });
    }
    return found;
  });
}

/** Sends one revocation request; resolves with the HTTP status. */
async function send(request: RevokeRequest): Promise<number> {
  const body = request.form ? new URLSearchParams(request.form).toString() : undefined;
  const headers = body ? { 'content-type': 'application/x-www-form-urlencoded', ...request.headers } : request.headers;
  const response = await fetch(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS), redirect: 'manual' });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

export async function revokeProviderGrants(options: { pool: Pool; config: Config; logger: Logger; userId: string; adapters?: AdapterRegistry }): Promise<RevocationCounts> {
  const { pool, config, logger, userId } = options;
  const counts: RevocationCounts = { revoked: 0, failed: 0, unsupported: 0 };
  const connections = await connectionsWithTokens(pool, userId);
  if (connections.length === 0) return counts;
  const keyring = parseTokenKeys(config.TOKEN_ENCRYPTION_KEYS);
  for (const connection of connections) {
    const settings = providerSettings(config, connection.source, options.adapters);
    if (!settings?.adapter.revoke) {
      counts.unsupported += 1;
      continue;
    }
    try {
      const binding = { userId, source: connection.source };
      const request = settings.adapter.revoke({
        accessToken: decryptToken(keyring, connection.accessEnc, { ...binding, column: 'access_token_enc' }),
        refreshToken: connection.refreshEnc ? decryptToken(keyring, connection.refreshEnc, { ...binding, column: 'refresh_token_enc' }) : undefined,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        apiBaseUrl: settings.apiBaseUrl,
      });
      const status = await send(request);
      if (status >= 200 && status < 300) counts.revoked += 1;
      else {
        counts.failed += 1;
        logger.warn({ provider: connection.source, status }, 'erasure: the provider refused the revocation; the tokens are erased anyway');
      }
    } catch (error) {
      counts.failed += 1;
      logger.warn({ provider: connection.source, err: (error as Error).message }, 'erasure: revoking the provider grant failed; the tokens are erased anyway');
    }
  }
  return counts;
}
