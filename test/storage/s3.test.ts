import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { openStorage, type Storage } from '../../src/storage/s3';

let storage: Storage;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-s3-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-test' }), { directory: dir });
});
afterAll(async () => {
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('without S3 settings an in-process S3 server on 127.0.0.1 stores and returns files byte for byte', async () => {
  expect(storage.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const body = Buffer.alloc(12000, 7);
  await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'u/1/report.pdf', Body: Readable.from([body]), ContentLength: body.length }));
  const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: 'u/1/report.pdf' }));
  const bytes = Buffer.from(await got.Body!.transformToByteArray());
  expect(bytes.length).toBe(12000);
  expect(bytes.equals(body)).toBe(true);
});

test('a bad bucket name is a configuration error naming the setting', () => {
  expect(() => loadConfig({ S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3_BUCKET: S3_BUCKET must be a valid bucket name/);
});
