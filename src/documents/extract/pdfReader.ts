// Reads a PDF in a child process (pdfChild.mjs says why): its pages' text runs and, for pages that
// need OCR or when every page is asked for, a PNG rendering. The child's heap is capped, it is
// killed on the timeout, and a file with more than maxPages pages is refused before any is read.
// A reader that finished a file cleanly is kept for the next one (see MAX_USES).
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
// Starting a reader (node plus pdf.js) costs about half a second, several times what reading a
// text-layer report takes, so a reader that finished a file cleanly reads the next one. It is
// replaced after MAX_USES files so that whatever one file left behind cannot pile up, and killed
// after any file that failed, timed out or ran out of memory.
const MAX_IDLE = 2;
const MAX_USES = 25;
const children = new Set<ChildProcess>();
const idle: ChildProcess[] = [];
const uses = new WeakMap<ChildProcess, number>();
const stderrOf = new WeakMap<ChildProcess, string>();

type Message =
  | { type: 'pages'; count: number }
  | ({ type: 'page' } & Omit<PdfPage, 'image'> & { image?: Uint8Array })
  | { type: 'done' }
  | { type: 'error'; code: 'encrypted' | 'invalid' | 'pages'; reason: string; count?: number };

const alive = (child: ChildProcess) => child.connected && child.exitCode === null && child.signalCode === null;

function kill(child: ChildProcess): void {
  children.delete(child);
  const at = idle.indexOf(child);
  if (at >= 0) idle.splice(at, 1);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** An idle reader, or a new one. An idle reader does not keep the process alive. */
function acquire(): ChildProcess {
  for (let child = idle.pop(); child; child = idle.pop()) {
    if (!alive(child)) {
      kill(child);
      continue;
    }
    child.ref();
    child.channel?.ref();
    stderrOf.set(child, '');
    return child;
  }
  const child = fork(CHILD, [], {
    execArgv: [`--max-old-space-size=${HEAP_MB}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  children.add(child);
  uses.set(child, 0);
  stderrOf.set(child, '');
  child.stderr?.on('data', (chunk: Buffer) => stderrOf.set(child, ((stderrOf.get(child) ?? '') + chunk.toString()).slice(-4000)));
  child.once('exit', () => kill(child));
  return child;
}

function release(child: ChildProcess): void {
  const used = (uses.get(child) ?? 0) + 1;
  uses.set(child, used);
  if (used >= MAX_USES || idle.length >= MAX_IDLE || !alive(child)) return kill(child);
  child.unref();
  child.channel?.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  idle.push(child);
}

/** Resolves with the page count once every page has been handed to onPage. */
export function readPdf(bytes: Buffer, options: PdfReadOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = acquire();
    let settled = false;
    let count = 0;
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('error', onError);
      child.off('exit', onExit);
      if (error) {
        kill(child);
        reject(error);
      } else {
        release(child);
        resolve(count);
      }
    };
    const timer = setTimeout(() => finish(tooSlow(options.timeoutMs)), options.timeoutMs);
    const onMessage = (message: Message) => {
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
    };
    const onError = (error: Error) => finish(error);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      const stderr = stderrOf.get(child) ?? '';
      if (/heap out of memory|Allocation failed/i.test(stderr)) finish(tooLarge(HEAP_MB));
      else finish(new Error(`the PDF reader stopped (${signal ?? `exit code ${code}`}) before it finished: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    };
    child.on('message', onMessage);
    child.on('error', onError);
    child.on('exit', onExit);
    child.send({ bytes, maxPages: options.maxPages, dpi: options.dpi, ocr: options.ocr, render: options.render });
  });
}

/** The readers' process ids, waiting and at work (for the tests and diagnostics). */
export function pdfReaders(): { idle: number[]; busy: number[] } {
  const pid = (c: ChildProcess) => c.pid ?? -1;
  return { idle: idle.map(pid), busy: [...children].filter((c) => !idle.includes(c)).map(pid) };
}

/** Kills any PDF reader still running (shutdown, tests). */
export function killPdfReaders(): void {
  for (const child of [...children]) kill(child);
}
