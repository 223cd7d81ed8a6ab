import fs from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';

// Files always go through the S3 protocol. With S3_ENDPOINT they go to that service; without it an
// in-process S3-protocol server (s3rver) on 127.0.0.1 keeps them in DATA_DIR/s3, so a fresh machine
// needs nothing else. s3rver does not check signatures: nothing may rely on it rejecting one.

export interface Storage {
  client: S3Client;
  bucket: string;
  endpoint: string;
  close(): Promise<void>;
}

type S3rverInstance = { run(): Promise<{ port: number; address: string }>; close(): Promise<void> };

export async function openStorage(config: Config, options: { directory?: string } = {}): Promise<Storage> {
  let local: S3rverInstance | undefined;
  let endpoint = config.S3_ENDPOINT;
  if (!endpoint) {
    const directory = options.directory ?? path.join(config.DATA_DIR, 's3');
    fs.mkdirSync(directory, { recursive: true });
    const S3rver = require('s3rver') as new (options: object) => S3rverInstance;
    local = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: config.S3_BUCKET }] });
    const { port } = await local.run();
    endpoint = `http://127.0.0.1:${port}`;
  }
  const client = new S3Client({
    endpoint,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    // With the SDK default, streamed bodies were stored with chunk framing (12,044 bytes for 12,000).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: config.S3_BUCKET }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: config.S3_BUCKET }));
  }
  return {
    client,
    bucket: config.S3_BUCKET,
    endpoint,
    close: async () => {
      client.destroy();
      await local?.close();
    },
  };
}
