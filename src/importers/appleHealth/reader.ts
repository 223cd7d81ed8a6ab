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
/**
 * Bytes decoded and parsed at a time. Strings above V8's regular object size (~128 KiB; a 1 MiB
 * chunk decodes to 2 MiB once one character is not Latin-1, like the ’ in "Jane’s Apple Watch")
 * are allocated in large-object space, which only a full collection frees; pieces this small stay
 * in the young generation and die cheaply.
 */
const PIECE = 32 * 1024;

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
  // The top-level element being read: its name and attributes, and its direct children's (never
  // kept for a Record, the element nearly every byte of an export belongs to).
  let topName: string | undefined;
  let topAttrs: Attrs = {};
  let children: { name: string; attrs: Attrs }[] = [];
  parser.on('opentag', (tag) => {
    depth++;
    // No attribute of a real export comes near this; a longer one (a damaged or hostile file) is
    // cut so the row's raw_data stays under its 512 KB bound instead of failing the whole import
    // in the database (found by fuzzing: a 10 MB sourceName).
    const attrs = tag.attributes;
    for (const name in attrs) {
      const value = attrs[name] as string;
      if (value.length > MAX_ATTRIBUTE_CHARS) attrs[name] = `${value.slice(0, MAX_ATTRIBUTE_CHARS)}… (cut from ${value.length} characters)`;
    }
    if (depth === 2) {
      topName = tag.name;
      topAttrs = tag.attributes;
      if (children.length) children = [];
    } else if (depth === 3) {
      if (topName !== undefined && topName !== 'Record') children.push({ name: tag.name, attrs: tag.attributes });
    } else if (depth === 1) {
      sawRoot = true;
      if (tag.name !== 'HealthData') throw new AppleHealthImportError(`${source.name}: is not an Apple Health export (root element <${tag.name}>, expected <HealthData>)`);
    }
  });
  parser.on('closetag', () => {
    if (depth === 2 && topName !== undefined) {
      const name = topName;
      const attrs = topAttrs;
      topName = undefined;
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
          for (let at = 0; at < chunk.length; at += PIECE) parser.write(decoder.write(chunk.subarray(at, at + PIECE)));
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
