// Scanned twins of generated report PDFs: each page rendered to a greyscale image with what a
// document scanner adds (a slight tilt, soft focus, sensor noise), then put back into a PDF that
// has no text layer, so the same report goes down the OCR path. Deterministic for a seed.
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { renderPdfPages } from '../../../src/documents/extract/render';
import { Random } from '../../random';

export interface ScanOptions {
  /** Scanner resolution; 200 dpi is the common office setting. */
  dpi?: number;
  seed?: number;
  /** Standard deviation of the grey-level noise as a fraction of full scale (0.04 ≈ 10 levels). */
  noise?: number;
  /** The page's tilt on the glass; each page varies a little around it. */
  skewDegrees?: number;
}

export interface Scan {
  /** An image-only PDF: one JPEG per page, the size of the original page. */
  pdf: Buffer;
  /** The scanned pages as PNGs (with their resolution recorded), for the image upload path. */
  pngs: Buffer[];
}

/** One page as a scanner would see it: tilted, softened and noisy, 8-bit grey. */
async function scanPage(png: Buffer, dpi: number, random: Random, noise: number, skewDegrees: number): Promise<Buffer> {
  const { width, height } = await sharp(png).metadata();
  const angle = skewDegrees + (skewDegrees === 0 ? 0 : random.uniform(-0.15, 0.15));
  const tilted = await sharp(png)
    .flatten({ background: '#ffffff' })
    .greyscale()
    .rotate(angle, { background: '#ffffff' })
    .toBuffer();
  const meta = await sharp(tilted).metadata();
  const { data, info } = await sharp(tilted)
    .extract({ left: Math.floor((meta.width! - width!) / 2), top: Math.floor((meta.height! - height!) / 2), width: width!, height: height! })
    .blur(0.3 + (dpi / 300) * 0.4)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  // A faint grey cast (paper is never quite white) plus per-pixel noise: normal samples drawn once
  // and picked per pixel by a seeded xorshift (a normal draw per pixel is far too slow).
  const table = Int16Array.from({ length: 1 << 16 }, () => Math.round(random.normal(0, noise * 255)));
  const paper = random.int(4, 12);
  let state = random.int(1, 0x7fffffff);
  for (let i = 0; i < data.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = data[i]! - paper + table[state & 0xffff]!;
    data[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 6 })
    .withDensity(dpi)
    .toBuffer();
}

function imagePdf(pages: { jpeg: Buffer; width: number; height: number }[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: 'Vitalis scan fixture', Creator: 'scanner', CreationDate: new Date(Date.UTC(2024, 0, 1)) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const page of pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    doc.image(page.jpeg, 0, 0, { width: page.width, height: page.height });
  }
  doc.end();
  return done;
}

/** Renders each page of pdf, scans it, and builds the image-only twin. */
export async function rasterisePdf(pdf: Buffer, options: ScanOptions = {}): Promise<Scan> {
  const dpi = options.dpi ?? 200;
  const random = new Random(`scan:${options.seed ?? 1}`);
  const noise = options.noise ?? 0.04;
  const skew = options.skewDegrees ?? 0.4;
  const rendered = await renderPdfPages(pdf, { dpi });
  const pngs: Buffer[] = [];
  const pages: { jpeg: Buffer; width: number; height: number }[] = [];
  for (const page of rendered) {
    const png = await scanPage(page.png, page.dpi, random, noise, skew);
    pngs.push(png);
    pages.push({ jpeg: await sharp(png).jpeg({ quality: 80 }).toBuffer(), width: page.width, height: page.height });
  }
  return { pdf: await imagePdf(pages), pngs };
}
