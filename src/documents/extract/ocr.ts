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
  /** Pixels of the image passed in, after any deskewing tesseract did. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrPage {
  words: OcrWord[];
  /** The image's size in pixels. */
  width: number;
  height: number;
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
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '0' });
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

/**
 * Greyscale and a 3×3 median: tesseract binarises the whole page with one threshold, and scanner
 * or sensor noise on the paper otherwise comes out as a field of specks it tries to read. (No
 * contrast stretch: with text on under 1 % of a page, percentile stretching turns paper noise black.)
 */
export async function prepareForOcr(image: Buffer): Promise<{ png: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).rotate().flatten({ background: '#ffffff' }).greyscale().median(3).png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}

/** The words on an image (any format sharp reads), with their boxes and confidences. */
export async function recognise(image: Buffer): Promise<OcrPage> {
  const prepared = await prepareForOcr(image);
  const ocr = await getScheduler();
  const result = await ocr.addJob('recognize', prepared.png, { rotateAuto: true }, { blocks: true, text: false });
  const words: OcrWord[] = [];
  for (const block of result.data.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines)
        for (const word of line.words) {
          const text = word.text.trim();
          if (text === '') continue;
          words.push({ text, confidence: word.confidence, x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1, y1: word.bbox.y1 });
        }
  return { words, width: prepared.width, height: prepared.height };
}

/** Terminates the OCR workers; the next recognise starts new ones. */
export async function closeOcr(): Promise<void> {
  const running = scheduler;
  scheduler = undefined;
  if (running) await (await running.catch(() => undefined))?.terminate();
}
