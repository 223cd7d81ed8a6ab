// A request body on its way to storage: counted and failed past the limit, so an upload can never
// fill the disk; when asked, hashed (SHA-256) and with its first bytes kept, so that its type can
// be sniffed and a second upload of the same bytes recognised. POST /imports and POST /documents.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export class UploadTooLarge extends Error {
  constructor(
    readonly maxBytes: number,
    what = '',
  ) {
    super(`the file is larger than the ${maxBytes} bytes this server accepts${what}`);
  }
}

export interface MeasuredBody {
  /** Pipe the request through it. */
  stream: Transform;
  /** Filled as the body passes; sha256 and head once it has ended (hash: true). */
  state: { bytes: number; sha256: string; head: Buffer };
}

const HEAD_BYTES = 64;

export function measuredBody(maxBytes: number, options: { hash?: boolean; what?: string } = {}): MeasuredBody {
  // Hashing costs CPU per byte: only for the uploads that need it (reports), not multi-GB imports.
  const hash = options.hash ? createHash('sha256') : null;
  const head: Buffer[] = [];
  let headBytes = 0;
  const state = { bytes: 0, sha256: '', head: Buffer.alloc(0) };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      state.bytes += chunk.length;
      if (state.bytes > maxBytes) return done(new UploadTooLarge(maxBytes, options.what));
      if (hash) {
        hash.update(chunk);
        if (headBytes < HEAD_BYTES) {
          head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
          headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
        }
      }
      done(null, chunk);
    },
    flush(done) {
      if (hash) {
        state.sha256 = hash.digest('hex');
        state.head = Buffer.concat(head);
      }
      done();
    },
  });
  return { stream, state };
}
