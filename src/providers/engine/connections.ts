import type { Pool, PoolClient } from 'pg';
import { inRequestTransaction } from '../../db/requestContext';
import type { ProviderName, TokenSet } from '../types';
import { encryptToken, type TokenKeyring } from './tokenCrypto';

// connected_devices as the engine reads and writes it, with the connection's encrypted tokens
// (vitalis_private.device_tokens). Syncs run as vitalis_worker acting as the connection's user, so
// RLS and the audit trail see the owner; the worker reaches the tokens only through
// vitalis_private.read_device_tokens / write_device_tokens, which check that user.

export interface DeviceRow {
  device_id: string;
  user_id: string;
  source: ProviderName;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
  external_user_id: string | null;
  sync_cursor: Record<string, unknown>;
  is_active: boolean;
}

export type DeviceRef = { deviceId: string } | { userId: string; provider: ProviderName };

type StoredTokens = Pick<DeviceRow, 'access_token_enc' | 'refresh_token_enc'>;

const COLUMNS = 'device_id, user_id, source, token_expires_at, external_user_id, sync_cursor, is_active';

export async function loadDevice(pool: Pool, ref: DeviceRef): Promise<DeviceRow | undefined> {
  // worker_sync_all_users lets the worker find a device by id before it knows the user; the
  // tokens are read acting as that user.
  const userId = 'userId' in ref ? ref.userId : null;
  return inRequestTransaction(pool, { role: 'vitalis_worker', userId }, async (client) => {
    const { rows } =
      'deviceId' in ref
        ? await client.query<Omit<DeviceRow, keyof StoredTokens>>(`select ${COLUMNS} from vitalis.connected_devices where device_id = $1`, [ref.deviceId])
        : await client.query<Omit<DeviceRow, keyof StoredTokens>>(`select ${COLUMNS} from vitalis.connected_devices where user_id = $1 and source = $2`, [ref.userId, ref.provider]);
    const device = rows[0];
    if (!device) return undefined;
    await client.query("select set_config('app.current_user_id', $1, true)", [device.user_id]);
    return { ...device, ...(await readDeviceTokens(client, device.device_id, false)) };
  });
}

/** The connection's encrypted tokens (nulls once disconnected); the client's transaction must act as the device's user. */
export async function readDeviceTokens(client: PoolClient, deviceId: string, forUpdate: boolean): Promise<StoredTokens> {
  const { rows } = await client.query<StoredTokens>('select access_token_enc, refresh_token_enc from vitalis_private.read_device_tokens($1, $2)', [deviceId, forUpdate]);
  return rows[0] ?? { access_token_enc: null, refresh_token_enc: null };
}

/** Stores new encrypted tokens (null keeps the stored one); false when the connection was disconnected meanwhile. */
export async function writeDeviceTokens(client: PoolClient, deviceId: string, tokens: Partial<StoredTokens>): Promise<boolean> {
  const { rows } = await client.query<{ written: boolean }>('select vitalis_private.write_device_tokens($1, $2, $3) as written', [
    deviceId,
    tokens.access_token_enc ?? null,
    tokens.refresh_token_enc ?? null,
  ]);
  return rows[0]!.written;
}

/** Runs fn as vitalis_worker acting as the device's user. */
export function asDeviceUser<T>(pool: Pool, device: Pick<DeviceRow, 'user_id'>, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return inRequestTransaction(pool, { role: 'vitalis_worker', userId: device.user_id }, fn);
}

/** The encrypted column values for a token set; a missing refresh token keeps the stored one (providers that do not rotate it). */
export function encryptTokenSet(keyring: TokenKeyring, userId: string, source: ProviderName, tokens: TokenSet) {
  return {
    access: encryptToken(keyring, tokens.accessToken, { userId, source, column: 'access_token_enc' }),
    refresh: tokens.refreshToken ? encryptToken(keyring, tokens.refreshToken, { userId, source, column: 'refresh_token_enc' }) : null,
  };
}

/**
 * Stores the user's connection after a connect (the caller's transaction acts as the user, role
 * vitalis_api, which may not write tokens, provider ids or sync state: the SQL function does):
 * active again, fresh tokens, scope and provider ids; the sync cursor is kept, so reconnecting does
 * not re-download what is already stored. The display name starts as the provider's own (token
 * answers name no device); users may rename it.
 */
const PROVIDER_LABELS: Record<ProviderName, string> = { oura: 'Oura', whoop: 'WHOOP', garmin: 'Garmin', fitbit: 'Fitbit', withings: 'Withings' };

export async function saveConnection(client: PoolClient, userId: string, source: ProviderName, tokens: TokenSet, keyring: TokenKeyring): Promise<string> {
  const enc = encryptTokenSet(keyring, userId, source, tokens);
  const { rows } = await client.query<{ device_id: string }>(
    'select vitalis_private.save_device_connection($1, $2, $3, $4, $5, $6, $7) as device_id',
    [source, PROVIDER_LABELS[source], enc.access, enc.refresh, tokens.expiresAt ?? null, tokens.scope ?? null, tokens.externalUserId ?? null],
  );
  return rows[0]!.device_id;
}

/** Disconnects the signed-in user (the caller's transaction): inactive, tokens gone. Returns whether there was a connection. */
export async function disconnect(client: PoolClient, source: ProviderName): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>('select vitalis_private.disconnect_device($1) as found', [source]);
  return rows[0]!.found;
}

export async function setSyncStatus(pool: Pool, device: DeviceRow, status: 'success' | 'error' | 'partial', error: string | null): Promise<void> {
  await asDeviceUser(pool, device, (client) =>
    client.query('update vitalis.connected_devices set last_sync_at = now(), last_sync_status = $2, last_sync_error = $3 where device_id = $1', [
      device.device_id,
      status,
      error === null ? null : error.slice(0, 1000),
    ]),
  );
}
