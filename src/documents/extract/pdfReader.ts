// Reads a PDF in a child process (pdfChild.mjs says why): its pages' text runs and, for pages that
// need OCR or when every page is asked for, a PNG rendering. The child's heap is capped, it is
// killed on the timeout, and a file with more than maxPages pages is refused before any is read.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { encrypted, notReadablePdf, tooLarge, tooManyPages, tooSlow } from './errors';

/** A text item in PDF points from the page's top-left. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfPage {
  page: number;
  /** PDF points, after the page's /Rotate. */
  width: number;
  height: number;
  runs: TextRun[];
  /** A PNG of the page, when it needs OCR (or render: 'all'). */
  image?: Buffer;
  /** The resolution image was rendered at (lower than asked for on a huge page). */
  dpi?: number;
}

export interface PdfReadOptions {
  maxPages: number;
  timeoutMs: number;
  dpi: number;
  ocr: 'auto' | 'never' | 'always';
  render: 'auto' | 'all';
  /** Called with each page as the child finishes it, so OCR can start before the last page is read. */
  onPage: (page: PdfPage) => void;
}

const CHILD = path.join(__dirname, 'pdfChild.mjs');
const HEAP_MB = 1024;
const children = new Set<ChildProcess>();

type Message =
  | { type: 'pages'; count: number }
  | ({ type: 'page' } & Omit<PdfPage, 'image'> & { image?: Uint8Array })
  | { type: 'done' }
  | { type: 'error'; code: 'encrypted' | 'invalid' | 'pages'; reason: string; count?: number };

/** Resolves with the page count once every page has been handed to onPage. */
export function readPdf(bytes: Buffer, options: PdfReadOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: [`--max-old-space-size=${HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    children.add(child);
    let stderr = '';
    let settled = false;
    let count = 0;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      children.delete(child);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(count);
    };
    const timer = setTimeout(() => finish(tooSlow(options.timeoutMs)), options.timeoutMs);
    child.on('message', (message: Message) => {
      if (settled) return;
      try {
        if (message.type === 'pages') count = message.count;
        else if (message.type === 'page') options.onPage({ ...message, image: message.image ? Buffer.from(message.image) : undefined });
        else if (message.type === 'done') finish(undefined);
        else if (message.code === 'encrypted') finish(encrypted());
        else if (message.code === 'pages') finish(tooManyPages(message.count ?? 0, options.maxPages));
        else finish(notReadablePdf(message.reason));
      } catch (error) {
        finish(error as Error);
      }
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) => {
      if (settled) return;
      if (/heap out of memory|Allocation failed/i.test(stderr)) finish(tooLarge(HEAP_MB));
      else finish(new Error(`the PDF reader stopped (${signal ?? `exit code ${code}`}) before it finished: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
    child.send({ bytes, maxPages: options.maxPages, dpi: options.dpi, ocr: options.ocr, render: options.render });
  });
}

/** Kills any PDF reader still running (shutdown, tests). */
export function killPdfReaders(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
