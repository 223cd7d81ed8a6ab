// Images that cannot be decoded are refused with a reason, like unreadable PDFs.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { closeExtraction, DocumentReadError, extractDocument } from '../../src/documents/extract';

afterAll(closeExtraction);

test('a PNG cut short is refused as not a readable image', async () => {
  const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const error = await extractDocument(png.subarray(0, 60)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentReadError);
  expect((error as Error).message).toMatch(/^file: not a readable image \(.+\)$/);
});

test('a HEIC header over bytes that are not an image is refused as not a readable image', async () => {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftypheic', 4, 'latin1');
  box.write('mif1heic', 16, 'latin1');
  const bytes = Buffer.concat([box, Buffer.alloc(500, 7)]);
  await expect(extractDocument(bytes)).rejects.toThrow(/^file: not a readable image \(.+\)$/);
});

test("ocr: 'never' on an image reads nothing but still gives its page and size", async () => {
  const png = await sharp({ create: { width: 1275, height: 1650, channels: 3, background: '#ffffff' } }).png().withDensity(150).toBuffer();
  const result = await extractDocument(png, { ocr: 'never' });
  expect(result).toMatchObject({ mimeType: 'image/png', method: 'ocr' });
  expect(result.pages).toEqual([{ page: 1, method: 'ocr', confidence: 0, width: 612, height: 792, lines: [] }]);
});

test('a real HEIC photo (HEVC) is decoded and goes down the OCR path', async () => {
  const heic = fs.readFileSync(path.join(__dirname, '..', 'photos', 'fixtures', 'gps-dated.heic'));
  const result = await extractDocument(heic, { ocr: 'never' });
  expect(result).toMatchObject({ mimeType: 'image/heic', method: 'ocr' });
  expect(result.pages).toHaveLength(1);
  expect(result.pages[0]!.width).toBeGreaterThan(0);
});
