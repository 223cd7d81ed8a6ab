// Drawing the DEXA and epigenetic fixture reports: text placed at exact positions on Letter pages
// with pdfkit's built-in Helvetica (no font files), and a fixed creation date so the same truth
// always gives the same bytes.
import PDFDocument from 'pdfkit';

export interface Run {
  text: string;
  x: number;
  /** The top of the text, in points from the page's top. */
  y: number;
  size?: number;
  bold?: boolean;
  /** 'right' puts the text's right edge at x (numbers in columns). */
  align?: 'left' | 'right';
}

export type Page = Run[];

export interface Column {
  heading: string;
  x: number;
  align?: 'left' | 'right';
}

/** A table: the heading row, a rule under it, then one row per entry (cells in column order). */
export function table(top: number, columns: Column[], rows: string[][], size = 9, rowHeight = 15): Run[] {
  const runs: Run[] = columns.map((c) => ({ text: c.heading, x: c.x, y: top, size, bold: true, align: c.align }));
  rows.forEach((row, r) =>
    row.forEach((text, i) => {
      if (text !== '') runs.push({ text, x: columns[i]!.x, y: top + (r + 1) * rowHeight + 3, size, align: columns[i]!.align });
    }),
  );
  return runs;
}

/** Label/value pairs on one row: [label, value, label x, value x]. */
export function pairs(top: number, entries: [string, string, number, number][], size = 10): Run[] {
  return entries.flatMap(([label, value, x, valueX]) => [
    { text: label, x, y: top, size, bold: true },
    { text: value, x: valueX, y: top, size },
  ]);
}

export function renderPdf(pages: Page[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    autoFirstPage: false,
    compress: true,
    info: { Title: title, Producer: 'Vitalis report fixture', Creator: 'Vitalis', CreationDate: new Date(Date.UTC(2026, 0, 1)) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const page of pages) {
    doc.addPage({ size: 'LETTER', margin: 0 });
    for (const run of page) {
      doc.font(run.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(run.size ?? 10);
      const x = run.align === 'right' ? run.x - doc.widthOfString(run.text) : run.x;
      doc.text(run.text, x, run.y, { lineBreak: false });
    }
  }
  doc.end();
  return done;
}
