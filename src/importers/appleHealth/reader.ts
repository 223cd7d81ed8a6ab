import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { AppleHealthImportError } from './errors';
import type { ExportSource } from './source';

export type Attrs = Record<string, string>;

/** The top-level elements of export.xml, each delivered once with its direct children. */
export interface ExportHandlers {
  record(attrs: Attrs): void;
  workout(attrs: Attrs, statistics: Attrs[], metadata: Attrs[]): void;
  correlation(attrs: Attrs, records: Attrs[]): void;
  /** The Activity app's rings for one date (dateComponents). */
  activitySummary(attrs: Attrs): void;
  /** Any other top-level element (ExportDate, Me, ClinicalRecord, Audiogram, ...). */
  other(name: string): void;
}

export interface ReadOptions {
  onProgress?: (p: { bytesRead: number; totalBytes: number }) => void;
  signal?: AbortSignal;
  /** Awaited after each chunk: lets the caller flush full batches, which also applies back-pressure. */
  afterChunk?: () => Promise<void>;
}

const PROGRESS_INTERVAL_MS = 250;

/** Longer attribute values are cut (see the opentag handler). */
const MAX_ATTRIBUTE_CHARS = 8192;

/**
 * Streams the XML through saxes, holding only the element being read (a Workout or Correlation
 * with its children at most), whatever the file's size.
 */
export async function readExport(source: ExportSource, handlers: ExportHandlers, opts: ReadOptions = {}): Promise<void> {
  const parser = new SaxesParser({ position: true, xmlns: false });
  let depth = 0;
  let sawRoot = false;
  let top: { name: string; attrs: Attrs; children: { name: string; attrs: Attrs }[] } | undefined;
  parser.on('opentag', (tag) => {
    depth++;
    // No attribute of a real export comes near this; a longer one (a damaged or hostile file) is
    // cut so the row's raw_data stays under its 512 KB bound instead of failing the whole import
    // in the database (found by fuzzing: a 10 MB sourceName).
    for (const [name, value] of Object.entries(tag.attributes)) if (value.length > MAX_ATTRIBUTE_CHARS) tag.attributes[name] = `${value.slice(0, MAX_ATTRIBUTE_CHARS)}… (cut from ${value.length} characters)`;
    sawRoot = true;
    if (depth === 1 && tag.name !== 'HealthData') throw new AppleHealthImportError(`${source.name}: is not an Apple Health export (root element <${tag.name}>, expected <HealthData>)`);
    if (depth === 2) top = { name: tag.name, attrs: tag.attributes, children: [] };
    else if (depth === 3 && top && top.name !== 'Record') top.children.push({ name: tag.name, attrs: tag.attributes });
  });
  parser.on('closetag', () => {
    if (depth === 2 && top) {
      const { name, attrs, children } = top;
      top = undefined;
      if (name === 'Record') handlers.record(attrs);
      else if (name === 'Workout') handlers.workout(attrs, children.filter((c) => c.name === 'WorkoutStatistics').map((c) => c.attrs), children.filter((c) => c.name === 'MetadataEntry').map((c) => c.attrs));
      else if (name === 'Correlation') handlers.correlation(attrs, children.filter((c) => c.name === 'Record').map((c) => c.attrs));
      else if (name === 'ActivitySummary') handlers.activitySummary(attrs);
      else handlers.other(name);
    }
    depth--;
  });

  const decoder = new StringDecoder('utf8');
  let bytesRead = 0;
  let lastProgress = 0;
  const fail = (error: unknown): never => {
    if (error instanceof AppleHealthImportError) throw error;
    const message = (error as Error).message.replace(/^(?:[^:\d][^:]*:)?\d+:\d+: /, '');
    // Nothing XML-like before the error (a CSV, a PDF, an empty file): say what the file is not.
    if (!sawRoot) throw new AppleHealthImportError(`${source.name}: is not an Apple Health export: it is not XML (${message.replace(/\.$/, '')}); expected export.zip or export.xml from Health > Export All Health Data`);
    throw new AppleHealthImportError(`${source.name}: malformed XML at line ${parser.line}, column ${parser.column}: ${message}`);
  };
  try {
    // True while a chunk is handled: an error outside that comes from reading the file itself.
    let handling = false;
    try {
      for await (const chunk of source.stream as AsyncIterable<Buffer>) {
        handling = true;
        opts.signal?.throwIfAborted();
        bytesRead += chunk.length;
        try {
          parser.write(decoder.write(chunk));
        } catch (error) {
          fail(error);
        }
        const now = Date.now();
        if (opts.onProgress && now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          opts.onProgress({ bytesRead, totalBytes: source.totalBytes });
        }
        if (opts.afterChunk) await opts.afterChunk();
        handling = false;
      }
    } catch (error) {
      // A damaged zip entry fails while it inflates (zlib's "invalid distances set"), a cut one when it ends early.
      if (handling || error instanceof AppleHealthImportError) throw error;
      throw new AppleHealthImportError(`${source.name}: could not be read to the end, the file is damaged (${(error as Error).message})`);
    }
    try {
      parser.write(decoder.end());
      parser.close();
    } catch (error) {
      fail(error);
    }
    if (depth !== 0) fail(new Error('the document ends inside an element'));
    opts.onProgress?.({ bytesRead, totalBytes: source.totalBytes });
  } finally {
    source.close();
  }
}
