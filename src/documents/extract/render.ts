// Every page of a PDF as a PNG, through the same child process as extraction (for the scanned
// report fixtures, and anything else that needs to see a page as a reader does).
import { readPdf } from './pdfReader';

export interface RenderedPage {
  page: number;
  png: Buffer;
  /** The page's size in PDF points. */
  width: number;
  height: number;
  dpi: number;
}

export async function renderPdfPages(pdf: Buffer, options: { dpi?: number; maxPages?: number; timeoutMs?: number } = {}): Promise<RenderedPage[]> {
  const pages: RenderedPage[] = [];
  await readPdf(pdf, {
    maxPages: options.maxPages ?? 200,
    timeoutMs: options.timeoutMs ?? 300_000,
    dpi: options.dpi ?? 300,
    ocr: 'never',
    render: 'all',
    onPage: (page) => pages.push({ page: page.page, png: page.image!, width: page.width, height: page.height, dpi: page.dpi! }),
  });
  return pages.sort((a, b) => a.page - b.page);
}
