// Backup encryption streams: a round trip of any size, and a wrong key, a cut-short object or
// reordered chunks refused.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { decryptStream, encryptStream } from '../../src/ops/backup/encryption';

const KEY = Buffer.alloc(32, 1);

async function through(input: Buffer, stream: NodeJS.ReadWriteStream, pieces = 7): Promise<Buffer> {
  const size = Math.ceil(input.length / pieces) || 1;
  const chunks = Array.from({ length: Math.ceil(input.length / size) }, (_, i) => input.subarray(i * size, (i + 1) * size));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(stream as unknown as NodeJS.WritableStream & Readable)) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

test.each([0, 1, 65_536, 65_537, 300_000])('%i bytes encrypt and decrypt back to the same bytes', async (size) => {
  const plain = randomBytes(size);
  const sealed = await through(plain, encryptStream(KEY));
  expect(sealed.length).toBeGreaterThan(size);
  expect(await through(sealed, decryptStream(KEY), 3)).toEqual(plain);
});

test('another key is refused naming BACKUP_ENCRYPTION_KEY', async () => {
  const sealed = await through(randomBytes(1000), encryptStream(KEY));
  await expect(through(sealed, decryptStream(Buffer.alloc(32, 2)))).rejects.toThrow(/^BACKUP_ENCRYPTION_KEY: the backup does not decrypt with this key/);
});

test('an object cut after a whole chunk, or with its chunks swapped, is refused', async () => {
  const sealed = await through(randomBytes(200_000), encryptStream(KEY));
  const chunk = 4 + 65_536 + 16;
  await expect(through(sealed.subarray(0, 12 + chunk), decryptStream(KEY))).rejects.toThrow(/cut short/);
  const swapped = Buffer.concat([sealed.subarray(0, 12), sealed.subarray(12 + chunk, 12 + 2 * chunk), sealed.subarray(12, 12 + chunk), sealed.subarray(12 + 2 * chunk)]);
  await expect(through(swapped, decryptStream(KEY))).rejects.toThrow(/^BACKUP_ENCRYPTION_KEY: /);
});
