import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenCryptoError } from './errors';

// OAuth tokens at rest: AES-256-GCM, a fresh 96-bit IV per value, and the row and column as
// additional authenticated data, so a ciphertext copied into another user's row (or from the
// refresh column into the access column) fails to decrypt instead of being used.
//
// Format: v1.<keyVersion>.<iv>.<tag>.<ciphertext> (base64url). The key version names which of
// TOKEN_ENCRYPTION_KEYS sealed it, so keys can be rotated without a flag day.

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface TokenKeyring {
  /** The newest key: everything is encrypted with it. */
  current: { version: string; key: Buffer };
  /** Every configured key by version (current included), for decryption. */
  keys: ReadonlyMap<string, Buffer>;
}

export type TokenColumn = 'access_token_enc' | 'refresh_token_enc';

/** Which row and column a ciphertext belongs to: connected_devices is unique on (user_id, source). */
export interface TokenBinding {
  userId: string;
  source: string;
  column: TokenColumn;
}

/** Parses TOKEN_ENCRYPTION_KEYS ("version:base64key,...", newest first). */
export function parseTokenKeys(spec: string): TokenKeyring {
  const keys = new Map<string, Buffer>();
  let current: TokenKeyring['current'] | undefined;
  for (const pair of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [version, b64] = pair.split(':');
    if (!version || !/^[A-Za-z0-9_-]{1,32}$/.test(version) || !b64) {
      throw new TokenCryptoError(`TOKEN_ENCRYPTION_KEYS: "${version ?? ''}" must be version:base64key (version letters, digits, _ or -)`);
    }
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new TokenCryptoError(`TOKEN_ENCRYPTION_KEYS: key ${version} must be 32 bytes, got ${key.length}`);
    if (keys.has(version)) throw new TokenCryptoError(`TOKEN_ENCRYPTION_KEYS: key version ${version} appears twice`);
    keys.set(version, key);
    current ??= { version, key };
  }
  if (!current) throw new TokenCryptoError('TOKEN_ENCRYPTION_KEYS: at least one key is required');
  return { current, keys };
}

function aad(binding: TokenBinding): Buffer {
  return Buffer.from(`vitalis.connected_devices.${binding.column}:${binding.userId.toLowerCase()}:${binding.source}`, 'utf8');
}

export function encryptToken(ring: TokenKeyring, plaintext: string, binding: TokenBinding): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(binding));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, ring.current.version, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** The key version a ciphertext was sealed with (throws on a malformed value). */
export function tokenKeyVersion(ciphertext: string): string {
  return splitCiphertext(ciphertext).version;
}

function splitCiphertext(ciphertext: string) {
  const parts = ciphertext.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new TokenCryptoError(`encrypted token is not in the ${FORMAT}.<keyVersion>.<iv>.<tag>.<ciphertext> format`);
  const [, version, iv, tag, ct] = parts as [string, string, string, string, string];
  return { version, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ct: Buffer.from(ct, 'base64url') };
}

export function decryptToken(ring: TokenKeyring, ciphertext: string, binding: TokenBinding): string {
  const { version, iv, tag, ct } = splitCiphertext(ciphertext);
  const key = ring.keys.get(version);
  if (!key) throw new TokenCryptoError(`${binding.column} was encrypted with key version "${version}", which is not in TOKEN_ENCRYPTION_KEYS`);
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenCryptoError(`${binding.column}: IV or authentication tag has the wrong length`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenCryptoError(`${binding.column} failed authentication: it was tampered with or belongs to another connection`);
  }
}
