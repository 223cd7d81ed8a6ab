// A progress photo as the server keeps it: a JPEG with no metadata at all (a phone's photo
// carries where it was taken, the device, often the owner's name: none of it may be stored),
// turned upright, at most MAX_STORED_SIDE on its long side, and a thumbnail. The one thing read
// from the metadata first is the day the photo was taken.
import sharp, { type Sharp } from 'sharp';
import { captureDay } from './exif';
import { decodeHeic, HeicUnreadable } from './heic';
import { DEFAULT_MAX_PIXELS, MAX_STORED_SIDE, PROCESS_TIMEOUT_SECONDS, THUMBNAIL_SIDE, tooManyPixels } from './limits';

export interface ProcessedPhoto {
  /** The stored image: JPEG, upright, no EXIF, XMP, IPTC, ICC or comment. */
  image: Buffer;
  thumbnail: Buffer;
  /** Of the stored image (after rotation and any downscaling). */
  width: number;
  height: number;
  /** DateTimeOriginal of the upload, 'YYYY-MM-DD', or null. */
  takenOn: string | null;
}

/** A photo the server will not keep; message is "<field>: <rule>", status the HTTP answer's. */
export class PhotoRejected extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(`${field}: ${rule}`);
  }
}

export type PhotoFormat = 'jpeg' | 'png' | 'heif';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISO base media brands of HEIF still images (HEVC, AV1 and generic). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'mif2', 'msf1', 'avif', 'avis']);

/** The file's real type from its first bytes, whatever name or Content-Type it came with. */
export function sniffPhoto(bytes: Buffer): PhotoFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 16 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    // ftyp: size, 'ftyp', major brand, minor version, compatible brands up to size.
    const end = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
    const brands = [bytes.toString('latin1', 8, 12)];
    for (let at = 16; at + 4 <= end; at += 4) brands.push(bytes.toString('latin1', at, at + 4));
    if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'heif';
  }
  return undefined;
}

const SHARP_FORMATS: Record<PhotoFormat, string> = { jpeg: 'jpeg', png: 'png', heif: 'heif' };

export async function processPhoto(bytes: Buffer, options: { maxPixels?: number; maxBytes?: number } = {}): Promise<ProcessedPhoto> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length === 0) throw new PhotoRejected('file', 'is empty');
  if (options.maxBytes !== undefined && bytes.length > options.maxBytes) {
    throw new PhotoRejected('file', `is larger than the ${options.maxBytes} bytes this server accepts`, 413);
  }
  const format = sniffPhoto(bytes);
  if (!format) throw new PhotoRejected('file', 'is not a JPEG, PNG or HEIC image');

  // The header only: dimensions and metadata, nothing decoded yet (so no pixel limit here: ours
  // follows, with a message that says the size).
  const header = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => undefined);
  if (header && header.format !== SHARP_FORMATS[format]) throw new PhotoRejected('file', 'is not a JPEG, PNG or HEIC image');
  if (!header && format !== 'heif') throw unreadable();
  if (header && header.width * header.height > maxPixels) throw new PhotoRejected('file', tooManyPixels(header.width, header.height, maxPixels));
  const takenOn = captureDay(header?.exif);

  let source: Sharp;
  if (format === 'heif' && header?.compression !== 'av1') {
    const decoded = await decodeHeic(bytes, { maxPixels, timeoutMs: PROCESS_TIMEOUT_SECONDS * 1000 }).catch((error: unknown) => {
      throw error instanceof HeicUnreadable ? new PhotoRejected('file', error.message) : error;
    });
    // libheif applied the container's rotation; an EXIF orientation in a HEIC is informative only.
    source = sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: 4 }, limitInputPixels: maxPixels });
  } else {
    source = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', autoOrient: true });
  }

  try {
    // sharp writes no metadata unless told to (keepExif, withMetadata...): none is asked for here,
    // and the colours are converted to sRGB before the ICC profile goes.
    const image = await source
      .flatten({ background: '#ffffff' })
      .resize(MAX_STORED_SIDE, MAX_STORED_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .timeout({ seconds: PROCESS_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(image.data)
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
    return { image: image.data, thumbnail, width: image.info.width, height: image.info.height, takenOn };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/pixel limit/i.test(message)) throw new PhotoRejected('file', `the image has more than the ${maxPixels} pixels this server accepts`);
    if (/timeout/i.test(message)) throw new PhotoRejected('file', 'the image took too long to process');
    throw unreadable();
  }
}

function unreadable(): PhotoRejected {
  return new PhotoRejected('file', 'cannot be read as an image: it is damaged or cut short');
}
