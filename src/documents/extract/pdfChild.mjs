// The PDF reader's child process: pdf.js (pdfjs-dist 5) and its rendering through @napi-rs/canvas.
//
// Plain JavaScript on purpose: pdfjs-dist 5 ships only ES modules, which jest's CommonJS runtime
// cannot import and which tsx, jest and graphile-worker would each load differently. A child
// process forked on this file loads them natively everywhere, and keeps a hostile PDF away from the
// caller: the parent caps its heap, kills it on a timeout and reads at most maxPages pages.
//
// Protocol (IPC, advanced serialisation so Buffers pass as they are), one request after another:
//   in:  { bytes: Uint8Array, maxPages, dpi, ocr: 'auto'|'never'|'always', render: 'auto'|'all' }
//   out: { type: 'pages', count }, then { type: 'page', page, width, height, runs, image? } per page,
//        then { type: 'done' }; or { type: 'error', code: 'encrypted'|'invalid'|'pages', reason, count? }.
// A run is a text item in PDF points from the page's top-left: { text, x, y, width, height }.
// image is a PNG of the page (greyscale-ready, white background) when the page needs OCR or
// render is 'all'.
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));
const { createCanvas } = require('@napi-rs/canvas');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

// A page is rendered at most this large, whatever size it claims (a 200-inch page at 300 dpi
// would otherwise ask for gigabytes).
const MAX_RENDER_PIXELS = 40_000_000;
const MAX_RENDER_SIDE = 12_000;
// Fewer readable characters than this on a page that draws images: a scan with a stray stamp or
// page number, not a text layer.
const FEW_CHARACTERS = 40;
const IMAGE_OPS = new Set([
  pdfjs.OPS.paintImageXObject,
  pdfjs.OPS.paintInlineImageXObject,
  pdfjs.OPS.paintImageMaskXObject,
  pdfjs.OPS.paintImageXObjectRepeat,
  pdfjs.OPS.paintImageMaskXObjectRepeat,
  pdfjs.OPS.paintSolidColorImageMask,
  pdfjs.OPS.paintInlineImageXObjectGroup,
  pdfjs.OPS.paintImageMaskXObjectGroup,
].filter((op) => op !== undefined));

const send = (message) =>
  new Promise((resolve, reject) => process.send(message, (error) => (error ? reject(error) : resolve())));

/** Text items → runs in PDF points from the top-left (the viewport flips y and applies /Rotate). */
function runsOf(content, viewport) {
  const runs = [];
  for (const item of content.items) {
    if (typeof item.str !== 'string' || item.str.trim() === '') continue;
    const tx = pdfjs.Util.transform(viewport.transform, item.transform);
    const size = Math.hypot(tx[2], tx[3]);
    if (!(size > 0) || !Number.isFinite(tx[4]) || !Number.isFinite(tx[5])) continue;
    const ascent = content.styles[item.fontName]?.ascent;
    const up = typeof ascent === 'number' && ascent > 0.5 && ascent < 1.2 ? ascent : 0.8;
    // Horizontal text only has a sensible left-to-right width; rotated runs keep their box's size.
    const vertical = Math.abs(tx[1]) > Math.abs(tx[0]);
    const width = vertical ? size : Math.abs(item.width);
    const height = vertical ? Math.abs(item.width) || size : size;
    runs.push({ text: item.str, x: tx[4], y: vertical ? tx[5] - height : tx[5] - up * size, width, height });
  }
  return runs;
}

/** Characters that read as text: letters, digits and ordinary punctuation (not private-use glyph codes). */
function readableCharacters(runs) {
  let readable = 0;
  let total = 0;
  for (const run of runs)
    for (const ch of run.text) {
      if (/\s/.test(ch)) continue;
      total++;
      if (/[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) && !/[\p{Co}\p{Cc}\uFFFD]/u.test(ch)) readable++;
    }
  return { readable, total };
}

async function drawsImages(page) {
  const list = await page.getOperatorList();
  return list.fnArray.some((op) => IMAGE_OPS.has(op));
}

async function needsOcr(page, runs, ocr) {
  if (ocr === 'always') return true;
  if (ocr === 'never') return false;
  const { readable, total } = readableCharacters(runs);
  if (readable === 0) return true;
  if (readable < total / 2) return true; // glyph codes without a Unicode mapping
  return readable < FEW_CHARACTERS && (await drawsImages(page));
}

async function render(page, dpi) {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  scale = Math.min(scale, Math.sqrt(MAX_RENDER_PIXELS / (base.width * base.height)), MAX_RENDER_SIDE / base.width, MAX_RENDER_SIDE / base.height);
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.max(1, Math.floor(viewport.width)), Math.max(1, Math.floor(viewport.height)));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas, canvasContext: context, viewport, background: '#ffffff' }).promise;
  return { image: await canvas.encode('png'), dpi: scale * 72 };
}

async function read({ bytes, maxPages, dpi, ocr, render: renderMode }) {
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
      cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
      cMapPacked: true,
      wasmUrl: path.join(pdfjsRoot, 'wasm') + path.sep,
      iccUrl: path.join(pdfjsRoot, 'iccs') + path.sep,
      isEvalSupported: false,
      useSystemFonts: false,
      enableXfa: false,
      maxImageSize: MAX_RENDER_PIXELS,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if (error?.name === 'PasswordException') return send({ type: 'error', code: 'encrypted', reason: error.message });
    return send({ type: 'error', code: 'invalid', reason: String(error?.message ?? error) });
  }
  if (doc.numPages > maxPages) return send({ type: 'error', code: 'pages', count: doc.numPages, reason: `${doc.numPages} pages` });
  await send({ type: 'pages', count: doc.numPages });
  for (let number = 1; number <= doc.numPages; number++) {
    let page;
    try {
      page = await doc.getPage(number);
    } catch (error) {
      return send({ type: 'error', code: 'invalid', reason: `page ${number}: ${String(error?.message ?? error)}` });
    }
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const runs = runsOf(content, viewport);
    const wantImage = renderMode === 'all' || (await needsOcr(page, runs, ocr));
    const rendered = wantImage ? await render(page, dpi) : undefined;
    await send({ type: 'page', page: number, width: viewport.width, height: viewport.height, runs, image: rendered?.image, dpi: rendered?.dpi });
    page.cleanup();
  }
  await doc.destroy();
  return send({ type: 'done' });
}

// One file at a time: the parent sends the next request only after 'done', and kills this process
// after an error. Without a parent there is nothing to do.
process.on('message', (request) => {
  read(request).catch((error) => send({ type: 'error', code: 'invalid', reason: String(error?.message ?? error) }));
});
process.on('disconnect', () => process.exit(0));
