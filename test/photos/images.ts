// Photos made for the tests: what a phone writes (EXIF with GPS and the capture time, a rotation
// flag, XMP, IPTC, a comment), so the tests can prove none of it is stored.
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

const RED = { r: 200, g: 30, b: 30 };
const BLUE = { r: 0, g: 0, b: 255 };

/** A JPEG segment: marker, big-endian length (itself included), payload. */
function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Private text a photo's metadata carries here; none of it may reach storage. */
export const SECRETS = ['GPS', 'Exif', 'TestCam', 'Jane Doe', 'http://ns.adobe.com/xap', 'Photoshop', '51.5'];

/**
 * A 64×48 JPEG, red with a blue band down its left side, stored sideways: EXIF orientation 6
 * (display rotated 90° clockwise, so the band is along the top, 48×64). EXIF carries GPS, a camera
 * and DateTimeOriginal 2025:03:14; XMP, IPTC and a comment segment carry the owner's name.
 */
export async function phoneJpeg(options: { dateTimeOriginal?: string } = {}): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: RED } })
    .composite([{ input: { create: { width: 16, height: 48, channels: 3, background: BLUE } }, left: 0, top: 0 }])
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Phone 1', Artist: 'Jane Doe' },
      IFD2: { DateTimeOriginal: options.dateTimeOriginal ?? '2025:03:14 09:26:53' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const xmp = segment(
    0xe1,
    Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Jane Doe</dc:creator><exif:GPSLatitude>51.5N</exif:GPSLatitude></x:xmpmeta>', 'latin1'),
  );
  const byLine = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50, 0x00, 0x08]), Buffer.from('Jane Doe')]);
  const resource = Buffer.alloc(12);
  resource.write('8BIM', 0, 'latin1');
  resource.writeUInt16BE(0x0404, 4);
  resource.writeUInt32BE(byLine.length, 8);
  const iptc = segment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource, byLine, Buffer.alloc(byLine.length % 2)]));
  const comment = segment(0xfe, Buffer.from('taken by Jane Doe at 51.5N', 'latin1'));
  return Buffer.concat([jpeg.subarray(0, 2), comment, xmp, iptc, jpeg.subarray(2)]);
}

/** A 40×30 PNG: green on the left, transparent on the right. */
export async function transparentPng(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: { create: { width: 20, height: 30, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 1 } } }, left: 0, top: 0 }])
    .png()
    .toBuffer();
}

/** The tags of an EXIF block's first directory (IFD0), e.g. 0x8825 the GPS directory's pointer. */
export function ifd0Tags(exif: Buffer): number[] {
  const start = exif.indexOf('II*\0') >= 0 ? exif.indexOf('II*\0') : exif.indexOf('MM\0*');
  if (start < 0) return [];
  const tiff = exif.subarray(start);
  const little = tiff[0] === 0x49;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  return Array.from({ length: u16(ifd) }, (_, i) => u16(ifd + 2 + i * 12));
}
export const GPS_IFD = 0x8825;

/** A PNG whose header claims width × height pixels over a few bytes of data: a decompression bomb's shape. */
export function forgedPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The same JPEG with its frame header (SOF) claiming width × height. */
export function withForgedSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let at = 2; at + 9 < out.length; ) {
    const marker = out.readUInt16BE(at);
    if (marker >= 0xffc0 && marker <= 0xffc2) {
      out.writeUInt16BE(height, at + 5);
      out.writeUInt16BE(width, at + 7);
      return out;
    }
    at += 2 + out.readUInt16BE(at + 2);
  }
  throw new Error('no frame header');
}

/** The markers of a JPEG's segments before its image data, e.g. ['APP0', 'DQT', 'SOF0', 'DHT', 'SOS']. */
export function jpegSegments(jpeg: Buffer): string[] {
  const names: Record<number, string> = { 0xc0: 'SOF0', 0xc1: 'SOF1', 0xc2: 'SOF2', 0xc4: 'DHT', 0xdb: 'DQT', 0xdd: 'DRI', 0xda: 'SOS', 0xfe: 'COM' };
  const found: string[] = [];
  for (let at = 2; at + 4 <= jpeg.length; ) {
    const marker = jpeg[at + 1]!;
    found.push(names[marker] ?? (marker >= 0xe0 && marker <= 0xef ? `APP${marker - 0xe0}` : `0x${marker.toString(16)}`));
    if (marker === 0xda) break;
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  return found;
}

/** RGB of one pixel of an image. */
export async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return Array.from(data.subarray(at, at + 3));
}

/**
 * A real HEIC (HEVC, as iPhones write), 96×64, a blue band on the left third of red, with EXIF
 * GPS (48°51'N 2°21'E) and DateTimeOriginal 2024:11:02. Made once with libheif's heif-enc (x265)
 * from a JPEG carrying that EXIF: nothing in the project can write HEVC.
 */
export const HEIC_FIXTURE = path.join(__dirname, 'fixtures', 'gps-dated.heic');
export function heic(): Buffer {
  return fs.readFileSync(HEIC_FIXTURE);
}
