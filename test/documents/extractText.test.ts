// The text-layer path: rows rebuilt from coordinates, not from the order the PDF drew them in, and
// the files that cannot be read refused with a reason.
import PDFDocument from 'pdfkit';
import { closeExtraction, DocumentReadError, extractDocument } from '../../src/documents/extract';
import { pdfReaders } from '../../src/documents/extract/pdfReader';

function pdf(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

const TABLE = [
  ['Test', 'Result', 'Reference range'],
  ['Hemoglobin A1c', '5.4 %', '4.0-5.6'],
  ['LDL Cholesterol', '131 mg/dL', '0-99'],
  ['Vitamin D, 25-Hydroxy', '38.2 ng/mL', '30.0-100.0'],
];

/** The table written column by column: every row's first cell, then every second cell, ... */
const tableByColumns = (doc: PDFKit.PDFDocument) => {
  doc.fontSize(10);
  for (const [column, x] of [72, 250, 400].entries()) TABLE.forEach((row, i) => doc.text(row[column]!, x, 100 + i * 16, { lineBreak: false }));
};

afterAll(closeExtraction);

test('a table written column by column comes back row by row, each row its cells left to right', async () => {
  const result = await extractDocument(await pdf(tableByColumns));
  expect(result.mimeType).toBe('application/pdf');
  expect(result.method).toBe('text');
  const [page] = result.pages;
  expect(page).toMatchObject({ page: 1, method: 'text', confidence: 1, width: 612, height: 792 });
  expect(page!.lines.map((line) => line.cells.map((cell) => cell.text))).toEqual(TABLE);
  expect(page!.lines.map((line) => line.line)).toEqual([0, 1, 2, 3]);
  // Columns are set apart by two spaces; the words within a cell by one.
  expect(page!.lines[2]!.text).toBe('LDL Cholesterol  131 mg/dL  0-99');
});

test('coordinates are PDF points from the top-left corner', async () => {
  const result = await extractDocument(await pdf(tableByColumns));
  const rows = result.pages[0]!.lines;
  const result131 = rows[2]!.cells[1]!;
  expect(result131.x).toBeCloseTo(250, 1);
  // pdfkit places text by its top; the cell's top is within a couple of points of it.
  expect(Math.abs(result131.y - (100 + 2 * 16))).toBeLessThan(3);
  expect(result131.height).toBeCloseTo(10, 0);
  expect(result131.width).toBeGreaterThan(35);
  expect(result131.confidence).toBeUndefined();
  expect(rows[1]!.y).toBeLessThan(rows[2]!.y);
});

test('glyphs drawn one by one are joined into words; a wide gap in a row is two spaces', async () => {
  const bytes = await pdf((doc) => {
    doc.fontSize(12);
    let x = 72;
    for (const ch of 'Ferritin') {
      doc.text(ch, x, 200, { lineBreak: false });
      x += doc.widthOfString(ch);
    }
    doc.text('85', 300, 200, { lineBreak: false });
  });
  const [line] = (await extractDocument(bytes)).pages[0]!.lines;
  expect(line!.cells.map((cell) => cell.text)).toEqual(['Ferritin', '85']);
  expect(line!.text).toBe('Ferritin  85');
});

test('a two-page PDF gives two pages, each numbering its rows from 0', async () => {
  const bytes = await pdf((doc) => {
    doc.fontSize(11).text('Page one: Lipid panel', 72, 72);
    doc.text('Triglycerides 98 mg/dL', 72, 90);
    doc.addPage();
    doc.fontSize(11).text('Page two: Thyroid', 72, 72);
  });
  const result = await extractDocument(bytes);
  expect(result.pages.map((page) => page.page)).toEqual([1, 2]);
  expect(result.pages[0]!.lines.map((line) => [line.page, line.line, line.text])).toEqual([
    [1, 0, 'Page one: Lipid panel'],
    [1, 1, 'Triglycerides 98 mg/dL'],
  ]);
  expect(result.pages[1]!.lines.map((line) => [line.page, line.line, line.text])).toEqual([[2, 0, 'Page two: Thyroid']]);
  expect(result.millis).toBeGreaterThan(0);
});

test('a password-protected PDF is refused, naming the encryption', async () => {
  const bytes = await pdf((doc) => doc.text('Secret results', 72, 72), { userPassword: 'hunter2', pdfVersion: '1.7' });
  const error = await extractDocument(bytes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentReadError);
  expect((error as DocumentReadError).field).toBe('file');
  expect((error as Error).message).toBe('file: the PDF is encrypted (password-protected); remove the password and upload it again');
});

test('a PDF with only an owner password (print/copy restrictions) is read', async () => {
  const bytes = await pdf((doc) => doc.text('Restricted but readable', 72, 72), { ownerPassword: 'owner', permissions: { printing: 'lowResolution' } });
  expect((await extractDocument(bytes)).pages[0]!.lines[0]!.text).toBe('Restricted but readable');
});

test('garbage and a truncated PDF are refused as not readable; unknown bytes as not a PDF or image', async () => {
  const good = await pdf((doc) => doc.text('Cut short', 72, 72));
  const truncated = good.subarray(0, 40);
  await expect(extractDocument(truncated)).rejects.toThrow(/^file: not a readable PDF \(.+\)$/);
  const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);
  await expect(extractDocument(garbage)).rejects.toThrow(DocumentReadError);
  await expect(extractDocument(Buffer.from('hello, this is plain text'))).rejects.toThrow('file: is not a PDF, PNG, JPEG or HEIC file');
});

test('a PDF with more pages than the limit is refused before any page is read', async () => {
  const bytes = await pdf((doc) => {
    for (let i = 0; i < 5; i++) {
      if (i > 0) doc.addPage();
      doc.text(`Page ${i + 1}`, 72, 72);
    }
  });
  await expect(extractDocument(bytes, { maxPages: 4 })).rejects.toThrow('file: has 5 pages; at most 4 are read');
  expect((await extractDocument(bytes, { maxPages: 5 })).pages).toHaveLength(5);
});

test("ocr: 'never' leaves a page without text empty and on the text path", async () => {
  const bytes = await pdf((doc) => doc.rect(72, 72, 100, 100).fill('#000000'));
  const result = await extractDocument(bytes, { ocr: 'never' });
  expect(result.pages[0]).toMatchObject({ method: 'text', lines: [] });
});

test('a file that takes longer than the time allowed is refused, and its reader is stopped', async () => {
  const bytes = await pdf(tableByColumns);
  await expect(extractDocument(bytes, { timeoutMs: 5 })).rejects.toThrow(/^file: took longer than 5 ms to read \(the limit\)/);
  // The next file is read as usual.
  expect((await extractDocument(bytes)).pages[0]!.lines).toHaveLength(TABLE.length);
});

test('a row printed as one space-padded string (a fixed-width report) is cut into its columns', async () => {
  const bytes = await pdf((doc) => doc.font('Courier').fontSize(10).text('GLUCOSE          102      65-99   mg/dL', 72, 72, { lineBreak: false }));
  const [line] = (await extractDocument(bytes)).pages[0]!.lines;
  expect(line!.cells.map((cell) => cell.text)).toEqual(['GLUCOSE', '102', '65-99', 'mg/dL']);
  expect(line!.text).toBe('GLUCOSE  102  65-99  mg/dL');
  // Courier is 6 points a character at 10 points: "102" starts 17 characters in.
  expect(line!.cells[1]!.x).toBeCloseTo(72 + 17 * 6, 0);
});

describe('the PDF reader process', () => {
  beforeEach(() => closeExtraction());

  test('a reader that read a file cleanly reads the next one; one that met a bad file is replaced', async () => {
    await extractDocument(await pdf(tableByColumns));
    const [first] = pdfReaders().idle;
    expect(first).toBeGreaterThan(0);
    await extractDocument(await pdf((doc) => doc.text('Ferritin 88 ng/mL 30-400', 72, 72)));
    expect(pdfReaders()).toEqual({ idle: [first], busy: [] });

    await expect(extractDocument(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer'))).rejects.toBeInstanceOf(DocumentReadError);
    expect(pdfReaders()).toEqual({ idle: [], busy: [] });
    await extractDocument(await pdf(tableByColumns));
    expect(pdfReaders().idle).not.toContain(first);
  });

  test('readers run side by side, and no more than two wait for work', async () => {
    const files = await Promise.all([1, 2, 3].map((n) => pdf((doc) => doc.text(`Glucose ${90 + n} mg/dL 70-99`, 72, 72))));
    const read = await Promise.all(files.map((file) => extractDocument(file)));
    expect(read.map((r) => r.pages[0]!.lines[0]!.text)).toEqual(['Glucose 91 mg/dL 70-99', 'Glucose 92 mg/dL 70-99', 'Glucose 93 mg/dL 70-99']);
    expect(pdfReaders().idle).toHaveLength(2);
    expect(pdfReaders().busy).toEqual([]);
  });
});

test('a page limit given as undefined is the default limit, not none', async () => {
  const many = await pdf((doc) => {
    for (let n = 1; n <= 61; n++) {
      if (n > 1) doc.addPage();
      doc.text(`page ${n}`, 72, 72);
    }
  });
  await expect(extractDocument(many, { maxPages: undefined })).rejects.toThrow('file: has 61 pages; at most 60 are read');
});
