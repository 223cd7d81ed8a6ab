// OCR with tesseract.js 7: a scheduler of up to two workers (worker threads), started on first use
// and kept for later pages and documents until closeOcr. The English model comes from the installed
// @tesseract.js-data/eng package, read from disk: nothing is fetched, and with cacheMethod 'none'
// nothing is written to or read from a cache either.
import path from 'node:path';
import sharp from 'sharp';
import { createScheduler, createWorker, OEM, PSM, type Scheduler } from 'tesseract.js';

export interface OcrWord {
  text: string;
  /** 0–100, as tesseract gives it. */
  confidence: number;
  /** Pixels of the image passed in, levelled when the page was tilted. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrPage {
  words: OcrWord[];
}

const WORKERS = 2;
/** The LSTM model tesseract.js itself would fetch from a CDN for OEM.LSTM_ONLY, from the installed package instead. */
export const LANG_PATH = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

let scheduler: Promise<Scheduler> | undefined;

async function startScheduler(): Promise<Scheduler> {
  const started = createScheduler();
  const workers = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      createWorker('eng', OEM.LSTM_ONLY, {
        langPath: LANG_PATH,
        gzip: true,
        cacheMethod: 'none',
        legacyCore: false,
        legacyLang: false,
      }),
    ),
  );
  for (const worker of workers) {
    await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '0' });
    started.addWorker(worker);
  }
  return started;
}

function getScheduler(): Promise<Scheduler> {
  scheduler ??= startScheduler().catch((error) => {
    scheduler = undefined;
    throw error;
  });
  return scheduler;
}

/** Tesseract misses decimal points in 9-point text below about this resolution (a 5.4 read as 54). */
const TARGET_DPI = 400;
const MAX_SCALE = 2.5;
// Tesseract holds several copies of the page per worker: bounded, a huge page costs resolution, not memory.
const MAX_OCR_PIXELS = 25_000_000;

/**
 * Greyscale, a 3×3 median, then enlarged towards TARGET_DPI: tesseract binarises the whole page with
 * one threshold, so scanner or sensor noise on the paper otherwise comes out as specks it tries to
 * read, and small punctuation needs the pixels. (No contrast stretch: with text on under 1 % of a
 * page, percentile stretching turns paper noise black.)
 */
export async function prepareForOcr(image: Buffer, dpi: number): Promise<{ png: Buffer; scale: number }> {
  const meta = await sharp(image).metadata();
  const pixels = meta.width! * meta.height!;
  const scale = Math.max(1, Math.min(TARGET_DPI / dpi, MAX_SCALE, Math.sqrt(MAX_OCR_PIXELS / pixels)));
  let pipeline = sharp(image).flatten({ background: '#ffffff' }).greyscale().median(3);
  if (scale > 1.05) pipeline = sharp(await pipeline.png({ compressionLevel: 0 }).toBuffer()).resize({ width: Math.round(meta.width! * scale), kernel: 'lanczos3' });
  return { png: await pipeline.png({ compressionLevel: 1 }).toBuffer(), scale: scale > 1.05 ? scale : 1 };
}

/** The page's tilt in radians, from the baselines of tesseract's longer lines (their median). */
function skewOf(lines: { baseline: { x0: number; y0: number; x1: number; y1: number } }[], minLength: number): number {
  const angles = lines
    .map(({ baseline: b }) => ({ length: b.x1 - b.x0, angle: Math.atan2(b.y1 - b.y0, b.x1 - b.x0) }))
    .filter((line) => line.length >= minLength && Math.abs(line.angle) < 0.2)
    .map((line) => line.angle)
    .sort((a, b) => a - b);
  return angles.length === 0 ? 0 : angles[Math.floor(angles.length / 2)]!;
}

/**
 * The words on an image (any format sharp reads, upright) at dpi, with their boxes in its pixels
 * and confidences. A tilted page's boxes are turned level about the top-left corner so that a row
 * keeps one y across the page. (The boxes, not the image: tesseract's own rotateAuto resamples the
 * image and loses decimal points.)
 */
export async function recognise(image: Buffer, dpi: number): Promise<OcrPage> {
  const prepared = await prepareForOcr(image, dpi);
  const ocr = await getScheduler();
  const result = await ocr.addJob('recognize', prepared.png, {}, { blocks: true, text: false });
  const lines = (result.data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
  const skew = skewOf(lines, dpi * prepared.scale * 1.5);
  const [cos, sin] = [Math.cos(-skew), Math.sin(-skew)];
  const k = 1 / prepared.scale;
  const words: OcrWord[] = [];
  for (const line of lines)
    for (const word of line.words) {
      const text = word.text.trim();
      if (text === '') continue;
      const { x0, y0, x1, y1 } = word.bbox;
      const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
      const [dx, dy] = [cx * cos - cy * sin - cx, cx * sin + cy * cos - cy];
      words.push({ text, confidence: word.confidence, x0: (x0 + dx) * k, y0: (y0 + dy) * k, x1: (x1 + dx) * k, y1: (y1 + dy) * k });
    }
  return { words };
}

/** Terminates the OCR workers; the next recognise starts new ones. */
export async function closeOcr(): Promise<void> {
  const running = scheduler;
  scheduler = undefined;
  if (running) await (await running.catch(() => undefined))?.terminate();
}
