// Text extraction from an uploaded report: a PDF's text layer where it has a usable one, OCR for
// scanned pages and for images, both as rows rebuilt from coordinates in PDF points from the page's
// top-left (src/documents/types.ts). A file that cannot be read throws DocumentReadError, which no
// retry can fix; anything else that throws (a worker that failed to start) may pass on a retry.
import type { ExtractedDocument, ExtractedPage, TextCell } from '../types';
import { sniffDocumentType } from '../sniff';
import { DocumentReadError, tooSlow, unknownType } from './errors';
import { readImage } from './image';
import { closeOcr, recognise, type OcrPage } from './ocr';
import { killPdfReaders, readPdf } from './pdfReader';
import { buildLines } from './rows';

export { DocumentReadError } from './errors';

export interface ExtractOptions {
  /** More pages than this and the file is refused (DOCUMENT_MAX_PAGES). */
  maxPages?: number;
  /** 'auto': OCR the pages without a usable text layer; 'always': OCR every page; 'never': text layer only. */
  ocr?: 'auto' | 'never' | 'always';
  /** The whole extraction, reading and OCR. */
  timeoutMs?: number;
}

const DEFAULTS = { maxPages: 60, ocr: 'auto', timeoutMs: 300_000 } as const;
/** Pages are rendered for OCR at this resolution (tesseract reads 10-point text best around 300 dpi). */
const OCR_DPI = 300;
/** OCR word boxes span about cap height plus descenders; the font size is larger than the box by about this. */
const OCR_EM_PER_HEIGHT = 1.35;

/** Words OCR read off a page → a page of rows in PDF points. */
function ocrPage(page: number, ocr: OcrPage, pointsPerPixel: number, width: number, height: number): ExtractedPage {
  // Punctuation-only specks with a low confidence are table rules and dirt, not text.
  const words = ocr.words.filter((word) => /[\p{L}\p{N}]/u.test(word.text) || word.confidence >= 50);
  const cells: TextCell[] = words.map((word) => ({
    text: word.text,
    x: word.x0 * pointsPerPixel,
    y: word.y0 * pointsPerPixel,
    width: (word.x1 - word.x0) * pointsPerPixel,
    height: (word.y1 - word.y0) * pointsPerPixel,
    confidence: Math.round(word.confidence) / 100,
  }));
  const confidence = words.length === 0 ? 0 : words.reduce((sum, word) => sum + word.confidence, 0) / words.length / 100;
  return { page, method: 'ocr', confidence, width, height, lines: buildLines(page, cells, { emPerHeight: OCR_EM_PER_HEIGHT }) };
}

async function extractPdf(bytes: Buffer, options: Required<ExtractOptions>, deadline: number): Promise<ExtractedPage[]> {
  const pages: Promise<ExtractedPage>[] = [];
  await readPdf(bytes, {
    maxPages: options.maxPages,
    timeoutMs: Math.max(1, deadline - Date.now()),
    dpi: OCR_DPI,
    ocr: options.ocr,
    render: 'auto',
    onPage: (page) => {
      if (page.image) {
        const pointsPerPixel = 72 / page.dpi!;
        const image = page.image;
        const read = recognise(image, page.dpi!).then((ocr) => ocrPage(page.page, ocr, pointsPerPixel, page.width, page.height));
        // Handled here too: when the reader fails or times out, nobody awaits the pages already under OCR.
        read.catch(() => undefined);
        pages.push(read);
      } else {
        const lines = buildLines(page.page, page.runs);
        pages.push(Promise.resolve({ page: page.page, method: 'text', confidence: 1, width: page.width, height: page.height, lines }));
      }
    },
  });
  return Promise.all(pages);
}

async function extractImage(bytes: Buffer, mimeType: 'image/png' | 'image/jpeg' | 'image/heic', options: Required<ExtractOptions>): Promise<ExtractedPage[]> {
  const image = await readImage(bytes, mimeType);
  if (options.ocr === 'never') return [{ page: 1, method: 'ocr', confidence: 0, width: image.width, height: image.height, lines: [] }];
  return [ocrPage(1, await recognise(image.png, 72 / image.pointsPerPixel), image.pointsPerPixel, image.width, image.height)];
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** Reads a PDF (text layer, OCR where it has none), PNG, JPEG or HEIC into pages of rows. */
export async function extractDocument(bytes: Buffer, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const started = performance.now();
  // An option given as undefined keeps its default (a spread would let it erase the page limit).
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings: Required<ExtractOptions> = { ...DEFAULTS, ...given };
  const mimeType = sniffDocumentType(bytes.subarray(0, 1024));
  if (!mimeType) throw unknownType();
  const deadline = Date.now() + settings.timeoutMs;
  const work = mimeType === 'application/pdf' ? extractPdf(bytes, settings, deadline) : extractImage(bytes, mimeType, settings);
  const pages = (await withDeadline(work, settings.timeoutMs)).sort((a, b) => a.page - b.page);
  const methods = new Set(pages.map((page) => page.method));
  return {
    mimeType,
    pages,
    method: methods.size === 1 ? [...methods][0]! : methods.size === 0 ? 'text' : 'mixed',
    millis: performance.now() - started,
  };
}

/** Stops the OCR workers and any PDF reader still running (worker shutdown, tests). */
export async function closeExtraction(): Promise<void> {
  killPdfReaders();
  await closeOcr();
}

export const isDocumentReadError = (error: unknown): error is DocumentReadError => error instanceof DocumentReadError;
