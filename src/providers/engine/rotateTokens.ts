import type { Pool } from 'pg';
import { inRequestTransaction } from '../../db/requestContext';
import { readDeviceTokens, writeDeviceTokens } from './connections';
import { decryptToken, encryptToken, tokenKeyVersion, type TokenColumn, type TokenKeyring } from './tokenCrypto';

export interface RotationResult {
  /** Connections whose tokens were re-encrypted under the newest key. */
  rotated: number;
  /** Tokens that could not be decrypted (unknown key version, tampered): left as they are. */
  failed: { deviceId: string; column: TokenColumn; error: string }[];
}

interface Row {
  device_id: string;
  user_id: string;
  source: string;
}

/**
 * Re-encrypts every connection token not sealed with the newest key, in batches (one transaction
 * each, token rows locked), as vitalis_worker: it lists every connection (worker_sync_all_users)
 * and reaches each one's tokens acting as its user (vitalis_private.read_device_tokens /
 * write_device_tokens), so the audit trail and the token functions' user check see the owner.
 * Idempotent: tokens already under the newest key are not touched, so it can be re-run after a
 * crash; once it reports nothing failed, older keys can be removed from TOKEN_ENCRYPTION_KEYS.
 * `pool` must be able to `set role vitalis_worker`.
 */
export async function rotateTokens(pool: Pool, keyring: TokenKeyring, options: { batchSize?: number } = {}): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 100;
  const current = keyring.current.version;
  const result: RotationResult = { rotated: 0, failed: [] };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await inRequestTransaction(pool, { role: 'vitalis_worker', userId: null }, async (client) => {
      const { rows: batch } = await client.query<Row>(
        'select device_id, user_id, source from vitalis.connected_devices where device_id > $1 order by device_id limit $2',
        [after, batchSize],
      );
      for (const row of batch) {
        await client.query("select set_config('app.current_user_id', $1, true)", [row.user_id]);
        const stored = await readDeviceTokens(client, row.device_id, true);
        const next: Partial<Record<TokenColumn, string>> = {};
        for (const column of ['access_token_enc', 'refresh_token_enc'] as const) {
          const value = stored[column];
          if (!value) continue;
          try {
            if (tokenKeyVersion(value) === current) continue;
            const binding = { userId: row.user_id, source: row.source, column };
            next[column] = encryptToken(keyring, decryptToken(keyring, value, binding), binding);
          } catch (error) {
            result.failed.push({ deviceId: row.device_id, column, error: (error as Error).message });
          }
        }
        if (Object.keys(next).length === 0) continue;
        await writeDeviceTokens(client, row.device_id, next);
        result.rotated++;
      }
      return batch;
    });
    if (rows.length < batchSize) return result;
    after = rows[rows.length - 1]!.device_id;
  }
}
