// The OCR path: scanned pages (an image-only PDF) and photos read into the same rows as a text
// layer, with OCR's confidence, from the English model installed with the npm package.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { rasterisePdf } from '../../bench/generate/reports/scan';
import { closeExtraction, extractDocument } from '../../src/documents/extract';
import { LANG_PATH } from '../../src/documents/extract/ocr';
import type { ExtractedPage } from '../../src/documents/types';

jest.setTimeout(240_000);

const ROWS = [
  ['Hemoglobin A1c', '5.4', '%', '4.0-5.6', ''],
  ['Glucose, Fasting', '102', 'mg/dL', '70-99', 'H'],
  ['Total Cholesterol', '212', 'mg/dL', '100-199', 'H'],
  ['HDL Cholesterol', '48', 'mg/dL', '>39', ''],
  ['LDL Cholesterol Calc', '131', 'mg/dL', '0-99', 'H'],
  ['Triglycerides', '165', 'mg/dL', '0-149', 'H'],
  ['Creatinine', '0.94', 'mg/dL', '0.76-1.27', ''],
  ['Sodium', '139', 'mmol/L', '134-144', ''],
  ['Potassium', '4.6', 'mmol/L', '3.5-5.2', ''],
  ['Vitamin D, 25-Hydroxy', '38.2', 'ng/mL', '30.0-100.0', ''],
  ['Ferritin', '85', 'ng/mL', '30-400', ''],
  ['Hematocrit', '44.1', '%', '37.5-51.0', ''],
];
const COLUMNS = [72, 250, 310, 380, 480];

function pdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

const labPage = (doc: PDFKit.PDFDocument) => {
  doc.font('Helvetica-Bold').fontSize(14).text('Acme Laboratories Comprehensive Panel', 72, 60, { lineBreak: false });
  doc.font('Helvetica').fontSize(9);
  ROWS.forEach((row, r) => row.forEach((cell, i) => cell && doc.text(cell, COLUMNS[i]!, 110 + r * 15, { lineBreak: false })));
};

/** Share of the table's words OCR read exactly (each read word counted once). */
function wordsRight(page: ExtractedPage): number {
  const read = new Map<string, number>();
  for (const cell of page.lines.flatMap((line) => line.cells)) read.set(cell.text, (read.get(cell.text) ?? 0) + 1);
  const expected = ROWS.flat().flatMap((cell) => cell.split(' ')).filter(Boolean);
  let right = 0;
  for (const word of expected) {
    const left = read.get(word) ?? 0;
    if (left > 0) {
      right++;
      read.set(word, left - 1);
    }
  }
  return right / expected.length;
}

let scan: { pdf: Buffer; pngs: Buffer[] };
beforeAll(async () => {
  scan = await rasterisePdf(await pdf(labPage), { seed: 7 });
});
afterAll(closeExtraction);

test('a scanned page (an image-only PDF) is read by OCR: 90 % of its words right, rows rebuilt, confidence kept', async () => {
  const result = await extractDocument(scan.pdf);
  expect(result.method).toBe('ocr');
  const [page] = result.pages;
  expect(page).toMatchObject({ page: 1, method: 'ocr', width: 612, height: 792 });
  expect(page!.confidence).toBeGreaterThan(0.8);
  expect(page!.confidence).toBeLessThanOrEqual(1);
  expect(wordsRight(page!)).toBeGreaterThanOrEqual(0.9);
  for (const cell of page!.lines.flatMap((line) => line.cells)) expect(cell.confidence).toBeGreaterThanOrEqual(0);
  // Each table row is one line, its cells left to right at the columns' x in points.
  const glucose = page!.lines.find((line) => line.text.startsWith('Glucose'))!;
  expect(glucose.text).toBe('Glucose, Fasting  102  mg/dL  70-99  H');
  const at = (text: string) => glucose.cells.find((cell) => cell.text === text)!;
  expect(at('102').x).toBeCloseTo(250, -1);
  expect(at('mg/dL').x).toBeCloseTo(310, -1);
  expect(Math.abs(glucose.y - (110 + 15))).toBeLessThan(6);
  const tableRows = page!.lines.filter((line) => ROWS.some((row) => line.text.startsWith(row[0]!.split(' ')[0]!)));
  expect(tableRows.length).toBeGreaterThanOrEqual(ROWS.length);
});

test('a PNG scan is read as one page, in points from its recorded resolution', async () => {
  const result = await extractDocument(scan.pngs[0]!);
  expect(result).toMatchObject({ mimeType: 'image/png', method: 'ocr' });
  const [page] = result.pages;
  expect(page!.width).toBeCloseTo(612, 0);
  expect(page!.height).toBeCloseTo(792, 0);
  expect(wordsRight(page!)).toBeGreaterThanOrEqual(0.9);
  const creatinine = page!.lines.find((line) => line.text.startsWith('Creatinine'))!;
  expect(creatinine.cells[0]!.x).toBeCloseTo(72, -1);
});

test('a JPEG photo without a resolution is taken to be a Letter page wide', async () => {
  const sharp = require('sharp') as typeof import('sharp');
  const jpeg = await sharp(scan.pngs[0]!).resize({ width: 1400 }).jpeg({ quality: 85 }).withMetadata({ density: 72 }).toBuffer();
  const result = await extractDocument(jpeg);
  expect(result.mimeType).toBe('image/jpeg');
  expect(result.pages[0]!.width).toBeCloseTo(612, 0);
  expect(wordsRight(result.pages[0]!)).toBeGreaterThanOrEqual(0.85);
});

test('a PDF with a text page and a scanned page reads each its own way', async () => {
  const bytes = await pdf((doc) => {
    doc.fontSize(11).text('Summary page with a real text layer', 72, 72);
    doc.addPage();
    doc.text('p. 2', 540, 760, { lineBreak: false }); // a stray page number over a scanned image
    doc.image(scan.pngs[0]!, 0, 0, { width: 612, height: 792 });
  });
  const result = await extractDocument(bytes);
  expect(result.method).toBe('mixed');
  expect(result.pages.map((page) => page.method)).toEqual(['text', 'ocr']);
  expect(wordsRight(result.pages[1]!)).toBeGreaterThanOrEqual(0.9);
});

test("ocr: 'always' reads a text PDF by OCR too", async () => {
  const result = await extractDocument(await pdf(labPage), { ocr: 'always' });
  expect(result.method).toBe('ocr');
  expect(wordsRight(result.pages[0]!)).toBeGreaterThanOrEqual(0.9);
});

test('the English model is read from the installed package: nothing fetched, no cache written', () => {
  expect(LANG_PATH).toContain(path.join('node_modules', '@tesseract.js-data', 'eng'));
  expect(fs.existsSync(path.join(LANG_PATH, 'eng.traineddata.gz'))).toBe(true);
  // tesseract.js writes a fetched model to its cachePath ('.' by default) unless cacheMethod is 'none'.
  for (const folder of [process.cwd(), os.tmpdir(), path.join(__dirname, '..', '..')]) expect(fs.existsSync(path.join(folder, 'eng.traineddata'))).toBe(false);
});

test('a page scanned 1.5° askew still gives one row per table row (word boxes levelled)', async () => {
  const tilted = await rasterisePdf(await pdf(labPage), { seed: 11, skewDegrees: 1.5, noise: 0.02 });
  const [page] = (await extractDocument(tilted.pngs[0]!)).pages;
  // Without levelling, the right-hand columns drift 7 points (half a row) from the left-hand ones.
  expect(page!.lines.find((line) => line.text.startsWith('Triglycerides'))!.text).toBe('Triglycerides  165  mg/dL  0-149  H');
  expect(wordsRight(page!)).toBeGreaterThanOrEqual(0.9);
});
