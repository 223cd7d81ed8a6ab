// HEVC-coded HEIC (what iPhones write): sharp's prebuilt libvips reads HEIF containers and AV1
// (AVIF) but has no HEVC decoder, so these go through heic-decode (libheif with libde265, in
// WebAssembly). Its decode is synchronous and can take seconds on a 12-Mpx photo, so it runs in
// a worker thread: the server's event loop keeps answering, a time limit ends a decode that
// hangs, and the WebAssembly memory goes away with the worker.
import { Worker } from 'node:worker_threads';
import { tooManyPixels } from './limits';

export interface DecodedHeic {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel; libheif has already applied the file's rotation and mirroring. */
  data: Buffer;
}

/** Thrown for a file heic-decode cannot read or one larger than allowed; message for the user. */
export class HeicUnreadable extends Error {}

// Plain JavaScript: an eval worker is not compiled by tsx or jest. The module path is resolved
// by the parent, so the worker finds heic-decode whatever the current directory.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.module);
(async () => {
  const images = await decode.all({ buffer: workerData.bytes });
  try {
    const first = images[0];
    if (!first) throw new Error('the file holds no image');
    if (first.width * first.height > workerData.maxPixels) {
      parentPort.postMessage({ tooLarge: true, width: first.width, height: first.height });
      return;
    }
    const image = await first.decode();
    const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    parentPort.postMessage({ width: image.width, height: image.height, data }, [data.buffer]);
  } finally {
    images.dispose();
  }
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

type WorkerAnswer =
  | { width: number; height: number; data: Uint8Array }
  | { tooLarge: true; width: number; height: number }
  | { error: string };

export async function decodeHeic(bytes: Buffer, options: { maxPixels: number; timeoutMs?: number }): Promise<DecodedHeic> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module: require.resolve('heic-decode'), bytes, maxPixels: options.maxPixels },
  });
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new HeicUnreadable('the HEIC image took too long to decode')), options.timeoutMs ?? 60_000);
      worker.once('message', (message: WorkerAnswer) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(new HeicUnreadable(`the HEIC image could not be decoded (${error.message})`));
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new HeicUnreadable(`the HEIC image could not be decoded (decoder exited with ${code})`));
      });
    });
    if ('error' in answer) throw new HeicUnreadable(`the HEIC image could not be decoded (${answer.error})`);
    if ('tooLarge' in answer) throw new HeicUnreadable(tooManyPixels(answer.width, answer.height, options.maxPixels));
    return { width: answer.width, height: answer.height, data: Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.byteLength) };
  } finally {
    await worker.terminate();
  }
}
