import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';

/** The stream passed through, hashed on the way: digest() once it has been read to its end. */
export function hashing(source: Readable): { stream: Transform; digest(): string } {
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  pipeline(source, stream, () => {});
  return { stream, digest: () => hash.digest('hex') };
}
