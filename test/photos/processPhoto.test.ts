// What the server keeps of a photo: an upright JPEG with none of the metadata the upload carried,
// a small thumbnail, and the capture day read before the metadata went.
import sharp from 'sharp';
import { captureDay } from '../../src/photos/exif';
import { DEFAULT_MAX_PIXELS } from '../../src/photos/limits';
import { PhotoRejected, processPhoto, sniffPhoto } from '../../src/photos/process';
import { forgedPng, GPS_IFD, heic, ifd0Tags, jpegSegments, phoneJpeg, pixel, SECRETS, transparentPng, withForgedSize } from './images';

const BLUE = [0, 0, 255];
const RED = [200, 30, 30];
function near(actual: number[], expected: number[]) {
  expect(actual.map((v, i) => Math.abs(v - expected[i]!)).every((d) => d <= 12)).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<PhotoRejected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhotoRejected);
  return error as PhotoRejected;
}

/** No EXIF, XMP, IPTC, ICC or comment: the JPEG holds its image and nothing else. */
async function expectNoMetadata(jpeg: Buffer) {
  const meta = await sharp(jpeg).metadata();
  expect(meta.format).toBe('jpeg');
  expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc, orientation: meta.orientation }).toEqual({
    exif: undefined,
    xmp: undefined,
    iptc: undefined,
    icc: undefined,
    orientation: undefined,
  });
  // Not one application segment (APP1 EXIF or XMP, APP2 ICC, APP13 IPTC, even APP0 JFIF) nor a comment.
  expect(jpegSegments(jpeg).filter((s) => /^APP|COM/.test(s))).toEqual([]);
  for (const secret of SECRETS) expect(jpeg.includes(secret)).toBe(false);
}

describe('a phone JPEG (EXIF GPS, DateTimeOriginal, orientation 6, XMP, IPTC, comment)', () => {
  let input: Buffer;
  let result: Awaited<ReturnType<typeof processPhoto>>;
  beforeAll(async () => {
    input = await phoneJpeg();
    result = await processPhoto(input);
  });

  test('the upload does carry all of it', async () => {
    const meta = await sharp(input).metadata();
    expect(meta.orientation).toBe(6);
    expect(ifd0Tags(meta.exif!)).toContain(GPS_IFD);
    expect(input.includes('GPS')).toBe(true);
    expect(meta.xmp).toBeDefined();
    expect(jpegSegments(input)).toEqual(expect.arrayContaining(['APP1', 'APP13', 'COM']));
  });

  test('the stored image keeps none of it', async () => {
    await expectNoMetadata(result.image);
    await expectNoMetadata(result.thumbnail);
  });

  test('the capture day is read before the metadata goes', () => {
    expect(result.takenOn).toBe('2025-03-14');
  });

  test('the rotation is applied to the pixels: 64×48 stored sideways becomes 48×64, the left band now along the top', async () => {
    expect([result.width, result.height]).toEqual([48, 64]);
    const meta = await sharp(result.image).metadata();
    expect([meta.width, meta.height]).toEqual([48, 64]);
    near(await pixel(result.image, 2, 2), BLUE);
    near(await pixel(result.image, 45, 2), BLUE);
    near(await pixel(result.image, 2, 60), RED);
  });

  test('the thumbnail is a JPEG of the same picture', async () => {
    const meta = await sharp(result.thumbnail).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 48, 64]);
  });
});

test('a large photo is stored at most 4096 px on its long side, with a 320 px thumbnail of a few KB', async () => {
  const big = await sharp({ create: { width: 5000, height: 2500, channels: 3, background: { r: 90, g: 120, b: 150 } } })
    .jpeg()
    .toBuffer();
  const result = await processPhoto(big);
  expect([result.width, result.height]).toEqual([4096, 2048]);
  const thumb = await sharp(result.thumbnail).metadata();
  expect([thumb.width, thumb.height]).toEqual([320, 160]);
  expect(result.thumbnail.length).toBeLessThan(10_000);
  expect(result.takenOn).toBeNull();
});

test('a PNG is accepted: a JPEG comes out, transparency on white', async () => {
  const result = await processPhoto(await transparentPng());
  expect([result.width, result.height, result.takenOn]).toEqual([40, 30, null]);
  await expectNoMetadata(result.image);
  near(await pixel(result.image, 5, 5), [0, 128, 0]);
  near(await pixel(result.image, 35, 5), [255, 255, 255]);
});

describe('HEIC', () => {
  test('an HEVC HEIC (what iPhones write) is decoded: upright pixels, its EXIF date, no metadata kept', async () => {
    const input = heic();
    expect(sniffPhoto(input)).toBe('heif');
    expect(ifd0Tags((await sharp(input).metadata()).exif!)).toContain(GPS_IFD);
    const result = await processPhoto(input);
    expect([result.width, result.height, result.takenOn]).toEqual([96, 64, '2024-11-02']);
    await expectNoMetadata(result.image);
    near(await pixel(result.image, 5, 32), BLUE);
    near(await pixel(result.image, 90, 32), RED);
  });

  test('an AV1 HEIF (AVIF) is decoded by sharp itself', async () => {
    const avif = await sharp({ create: { width: 30, height: 20, channels: 3, background: { r: 0, g: 0, b: 255 } } })
      .heif({ compression: 'av1' })
      .toBuffer();
    expect(sniffPhoto(avif)).toBe('heif');
    const result = await processPhoto(avif);
    expect([result.width, result.height]).toEqual([30, 20]);
    await expectNoMetadata(result.image);
  });

  test('a HEIC past the pixel limit is refused from its header', async () => {
    const error = await rejection(processPhoto(heic(), { maxPixels: 5000 }));
    expect(error.message).toBe('file: the image is 96×64 pixels, more than the 5000 this server accepts');
  });

  test('a damaged HEIC is refused with a message, not a crash', async () => {
    const input = heic();
    const damaged = Buffer.concat([input.subarray(0, 300), Buffer.alloc(200, 0x55)]);
    const error = await rejection(processPhoto(damaged));
    expect(error.field).toBe('file');
  });
});

describe('refused', () => {
  test('a text file, whatever it is called', async () => {
    const error = await rejection(processPhoto(Buffer.from('name,weight\nme,80\n')));
    expect([error.message, error.field, error.status]).toEqual(['file: is not a JPEG, PNG or HEIC image', 'file', 400]);
  });

  test('other images (GIF, WebP) and an MP4 video', async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).gif().toBuffer();
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).webp().toBuffer();
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0isomiso2', 'latin1')]);
    for (const file of [gif, webp, mp4]) expect((await rejection(processPhoto(file))).message).toBe('file: is not a JPEG, PNG or HEIC image');
  });

  test('an empty file, and one past maxBytes (413)', async () => {
    expect((await rejection(processPhoto(Buffer.alloc(0)))).message).toBe('file: is empty');
    const tooLarge = await rejection(processPhoto(await phoneJpeg(), { maxBytes: 100 }));
    expect([tooLarge.message, tooLarge.status]).toEqual(['file: is larger than the 100 bytes this server accepts', 413]);
  });

  test('decompression bombs: a few hundred bytes claiming billions of pixels are refused before decoding', async () => {
    const png = forgedPng(100_000, 100_000);
    expect(png.length).toBeLessThan(100);
    const started = Date.now();
    expect((await rejection(processPhoto(png))).message).toBe(`file: the image is 100000×100000 pixels, more than the ${DEFAULT_MAX_PIXELS} this server accepts`);
    const jpeg = withForgedSize(await phoneJpeg(), 65_000, 65_000);
    expect((await rejection(processPhoto(jpeg))).message).toMatch(/^file: the image is 65000×65000 pixels, more than/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('maxPixels bounds what is decoded', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#333' } }).png().toBuffer();
    expect((await rejection(processPhoto(png, { maxPixels: 50_000 }))).message).toBe('file: the image is 300×300 pixels, more than the 50000 this server accepts');
    await expect(processPhoto(png, { maxPixels: 90_000 })).resolves.toMatchObject({ width: 300 });
  });

  test('a JPEG cut short', async () => {
    const jpeg = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#357' } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="80" fill="#fa0"/></svg>') }])
      .jpeg()
      .toBuffer();
    const error = await rejection(processPhoto(jpeg.subarray(0, Math.floor(jpeg.length / 2))));
    expect(error.message).toBe('file: cannot be read as an image: it is damaged or cut short');
  });
});

describe('the capture day', () => {
  test('DateTimeOriginal becomes YYYY-MM-DD; unset or impossible dates are no date', async () => {
    const day = async (value: string) => (await processPhoto(await phoneJpeg({ dateTimeOriginal: value }))).takenOn;
    expect(await day('2024:02:29 23:59:59')).toBe('2024-02-29');
    expect(await day('0000:00:00 00:00:00')).toBeNull();
    expect(await day('2023:02:29 10:00:00')).toBeNull();
    expect(await day('    :  :     :  :  ')).toBeNull();
  });

  test('a block that lies about its offsets is no date, not an error', () => {
    const lying = Buffer.concat([Buffer.from('Exif\0\0II*\0', 'latin1'), Buffer.from([0xff, 0xff, 0xff, 0x0f])]);
    expect(captureDay(lying)).toBeNull();
    expect(captureDay(Buffer.from('not exif'))).toBeNull();
    expect(captureDay(undefined)).toBeNull();
  });
});
