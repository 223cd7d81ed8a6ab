import type { Pool } from 'pg';
import { asDeviceUser, encryptTokenSet, readDeviceTokens, writeDeviceTokens, type DeviceRow } from './connections';
import { ReconnectRequiredError } from './errors';
import { refreshTokens } from './oauthClient';
import type { ProviderSettings } from './settings';
import { decryptToken, type TokenKeyring } from './tokenCrypto';

/** Refresh ahead of time when the access token expires within this. */
const PROACTIVE_REFRESH_MS = 60_000;

/**
 * A connection's tokens during one sync: decrypted once, refreshed when the provider refuses the
 * access token (401) or it is about to expire, and saved encrypted at once: providers rotate
 * refresh tokens, so losing the new one would disconnect the user.
 */
export class ConnectionTokens {
  private access: string;
  private accessEnc: string;
  private expiresAt: Date | null;
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly device: DeviceRow,
    private readonly settings: ProviderSettings,
    private readonly keyring: TokenKeyring,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!device.access_token_enc) throw new ReconnectRequiredError(`${device.source} connection has no access token`);
    this.accessEnc = device.access_token_enc;
    this.access = decryptToken(keyring, device.access_token_enc, { userId: device.user_id, source: device.source, column: 'access_token_enc' });
    this.expiresAt = device.token_expires_at;
  }

  async accessToken(): Promise<string> {
    if (this.refreshing) return this.refreshing;
    if (this.expiresAt && this.expiresAt.getTime() - this.now().getTime() < PROACTIVE_REFRESH_MS) return this.refresh(this.access);
    return this.access;
  }

  /** A new access token after `rejected` was refused; concurrent callers share one refresh. */
  refresh(rejected: string): Promise<string> {
    if (rejected !== this.access) return Promise.resolve(this.access);
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const { device, keyring } = this;
    const binding = { userId: device.user_id, source: device.source };
    // Row lock on the tokens: another sync of this connection may have refreshed already (its
    // refresh token replaced ours), in which case its access token is the one to use.
    return asDeviceUser(this.pool, device, async (client) => {
      const stored = await readDeviceTokens(client, device.device_id, true);
      if (!stored.access_token_enc) throw new ReconnectRequiredError(`${device.source} connection was disconnected`);
      if (stored.access_token_enc !== this.accessEnc) {
        const { rows } = await client.query<{ token_expires_at: Date | null }>('select token_expires_at from vitalis.connected_devices where device_id = $1', [device.device_id]);
        return this.adopt(stored.access_token_enc, rows[0]?.token_expires_at ?? null);
      }
      if (!stored.refresh_token_enc) throw new ReconnectRequiredError(`${device.source} access token expired and there is no refresh token`);
      const refreshToken = decryptToken(keyring, stored.refresh_token_enc, { ...binding, column: 'refresh_token_enc' });
      const tokens = await refreshTokens(this.settings, refreshToken, this.now());
      const enc = encryptTokenSet(keyring, device.user_id, device.source, tokens);
      await writeDeviceTokens(client, device.device_id, { access_token_enc: enc.access, refresh_token_enc: enc.refresh });
      await client.query('update vitalis.connected_devices set token_expires_at = $2 where device_id = $1', [device.device_id, tokens.expiresAt ?? null]);
      return this.adopt(enc.access, tokens.expiresAt ?? null);
    });
  }

  private adopt(accessEnc: string, expiresAt: Date | null): string {
    this.accessEnc = accessEnc;
    this.access = decryptToken(this.keyring, accessEnc, { userId: this.device.user_id, source: this.device.source, column: 'access_token_enc' });
    this.expiresAt = expiresAt;
    return this.access;
  }
}
