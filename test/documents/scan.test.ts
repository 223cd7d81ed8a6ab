// Scanned twins of report PDFs (bench/generate/reports/scan.ts): image-only, page for page the
// original's size, and the same bytes for the same seed.
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { rasterisePdf } from '../../bench/generate/reports/scan';
import { closeExtraction, extractDocument } from '../../src/documents/extract';

jest.setTimeout(120_000);

function twoPagePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', info: { CreationDate: new Date(Date.UTC(2024, 0, 1)) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(10).text('Lipid panel  Cholesterol 182 mg/dL', 72, 72);
  doc.addPage({ size: 'A4' });
  doc.text('Page two', 72, 72);
  doc.end();
  return done;
}

afterAll(closeExtraction);

test('the scan has no text layer, and keeps the page count and each page size', async () => {
  const scan = await rasterisePdf(await twoPagePdf());
  const read = await extractDocument(scan.pdf, { ocr: 'never' });
  expect(read.pages.map((page) => [page.width, Math.round(page.height), page.lines.length])).toEqual([
    [612, 792, 0],
    [595.28, 842, 0],
  ]);
  expect(scan.pngs).toHaveLength(2);
});

test('each page is an 8-bit grey PNG at the scan resolution, with that resolution recorded', async () => {
  const { pngs } = await rasterisePdf(await twoPagePdf(), { dpi: 150 });
  const meta = await sharp(pngs[0]!).metadata();
  expect(meta).toMatchObject({ format: 'png', channels: 1, density: 150, width: Math.floor((612 * 150) / 72), height: Math.floor((792 * 150) / 72) });
});

test('the same seed gives the same bytes; another seed another scan', async () => {
  const original = await twoPagePdf();
  const a = await rasterisePdf(original, { seed: 3 });
  const b = await rasterisePdf(original, { seed: 3 });
  const c = await rasterisePdf(original, { seed: 4 });
  expect(a.pdf.equals(b.pdf)).toBe(true);
  expect(a.pngs[1]!.equals(b.pngs[1]!)).toBe(true);
  expect(a.pngs[0]!.equals(c.pngs[0]!)).toBe(false);
});

test('noise and tilt show: a clean, level scan differs from the default one', async () => {
  const original = await twoPagePdf();
  const clean = await rasterisePdf(original, { noise: 0, skewDegrees: 0 });
  const scanned = await rasterisePdf(original);
  const stats = async (png: Buffer) => (await sharp(png).stats()).channels[0]!;
  // Paper is greyish on both; speckled, with softer edges, on the scanned one.
  expect((await stats(scanned.pngs[0]!)).mean).toBeLessThan((await stats(clean.pngs[0]!)).mean);
  expect((await stats(scanned.pngs[0]!)).stdev).toBeGreaterThan((await stats(clean.pngs[0]!)).stdev);
});
