// Uploaded images (a phone photo or a scan of a report) as one page for OCR: HEIC decoded with
// heic-decode (libheif in wasm), everything else read by sharp, turned upright from its EXIF
// orientation, and kept to a size OCR can handle.
import sharp from 'sharp';
import { notReadableImage } from './errors';

/** Photos larger than this are scaled down: more pixels add time, not words. */
const MAX_PIXELS = 24_000_000;
/** Without a believable resolution in the file, a photo is taken to span a US Letter page's width. */
const LETTER_WIDTH_POINTS = 612;

export interface ImagePage {
  png: Buffer;
  /** PDF points per pixel of png. */
  pointsPerPixel: number;
  /** The page's size in points. */
  width: number;
  height: number;
}

async function heicToPng(bytes: Buffer): Promise<Buffer> {
  const decode: (input: { buffer: Uint8Array }) => Promise<{ width: number; height: number; data: Uint8ClampedArray }> = require('heic-decode');
  const image = await decode({ buffer: new Uint8Array(bytes) });
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

export async function readImage(bytes: Buffer, mimeType: 'image/png' | 'image/jpeg' | 'image/heic'): Promise<ImagePage> {
  try {
    const source = mimeType === 'image/heic' ? await heicToPng(bytes) : bytes;
    const meta = await sharp(source).metadata();
    const { data, info } = await sharp(source, { limitInputPixels: 200_000_000 })
      .rotate()
      .resize({ width: Math.round(Math.sqrt(MAX_PIXELS * (meta.width! / meta.height!))), withoutEnlargement: true, fit: 'inside', height: Math.round(Math.sqrt(MAX_PIXELS * (meta.height! / meta.width!))) })
      .png({ compressionLevel: 1 })
      .toBuffer({ resolveWithObject: true });
    const scale = info.width / (meta.orientation && meta.orientation >= 5 ? meta.height! : meta.width!);
    const density = meta.density && meta.density >= 100 && meta.density <= 1200 ? meta.density * scale : undefined;
    const pointsPerPixel = density ? 72 / density : LETTER_WIDTH_POINTS / info.width;
    return { png: data, pointsPerPixel, width: info.width * pointsPerPixel, height: info.height * pointsPerPixel };
  } catch (error) {
    throw notReadableImage((error as Error).message.split('\n')[0]!);
  }
}
