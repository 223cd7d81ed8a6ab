// Client-side encryption of backup objects with BACKUP_ENCRYPTION_KEY (AES-256-GCM), chunked so a
// backup of any size streams through in constant memory. Layout:
//   "VTLSENC1" | 4-byte random nonce prefix | chunks
//   chunk = u32 BE (length | 0x80000000 on the last chunk) | ciphertext | 16-byte tag
// Each chunk's nonce is the prefix plus its 64-bit index, and its "last" flag is authenticated
// data: chunks cannot be reordered, dropped, or the stream cut short without the read failing.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const MAGIC = Buffer.from('VTLSENC1');
const CHUNK = 64 * 1024;
const LAST = 0x80000000;
const TAG = 16;

export class BackupKeyError extends Error {}

/** The first 16 hex digits of SHA-256(key): names a key in a manifest without revealing it. */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new BackupKeyError('BACKUP_ENCRYPTION_KEY: must be 32 bytes, base64');
  return key;
}

function nonce(prefix: Buffer, index: bigint): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeBigUInt64BE(index, 4);
  return n;
}

function seal(key: Buffer, prefix: Buffer, index: bigint, plain: Buffer, last: boolean): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
  cipher.setAAD(Buffer.from([last ? 1 : 0]));
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE((plain.length | (last ? LAST : 0)) >>> 0);
  return Buffer.concat([head, body]);
}

export function encryptStream(key: Buffer): Transform {
  const prefix = randomBytes(4);
  let index = 0n;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (!started) {
        this.push(Buffer.concat([MAGIC, prefix]));
        started = true;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      // Keep at least one byte back, so the chunk flagged last is never empty unless the stream is.
      while (pendingBytes > CHUNK) {
        const all = Buffer.concat(pending);
        this.push(seal(key, prefix, index++, all.subarray(0, CHUNK), false));
        pending = [all.subarray(CHUNK)];
        pendingBytes = all.length - CHUNK;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(Buffer.concat([MAGIC, prefix]));
      this.push(seal(key, prefix, index, Buffer.concat(pending), true));
      done();
    },
  });
}

export function decryptStream(key: Buffer): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let prefix: Buffer | undefined;
  let index = 0n;
  let ended = false;
  const wrongKey = () => new BackupKeyError('BACKUP_ENCRYPTION_KEY: the backup does not decrypt with this key, or it was altered');
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      try {
        if (!prefix) {
          if (buffered.length < 12) return done();
          if (!buffered.subarray(0, 8).equals(MAGIC)) throw new BackupKeyError('backup: the object is not an encrypted Vitalis backup');
          prefix = Buffer.from(buffered.subarray(8, 12));
          buffered = buffered.subarray(12);
        }
        while (buffered.length >= 4) {
          if (ended) throw wrongKey();
          const head = buffered.readUInt32BE(0);
          const length = head & ~LAST & 0x7fffffff;
          const last = (head & LAST) !== 0;
          if (length > CHUNK) throw wrongKey();
          if (buffered.length < 4 + length + TAG) break;
          const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index++));
          decipher.setAAD(Buffer.from([last ? 1 : 0]));
          decipher.setAuthTag(buffered.subarray(4 + length, 4 + length + TAG));
          let plain: Buffer;
          try {
            plain = Buffer.concat([decipher.update(buffered.subarray(4, 4 + length)), decipher.final()]);
          } catch {
            throw wrongKey();
          }
          buffered = buffered.subarray(4 + length + TAG);
          if (last) ended = true;
          this.push(plain);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      done(ended && buffered.length === 0 ? undefined : new BackupKeyError('backup: the encrypted object is cut short'));
    },
  });
}
