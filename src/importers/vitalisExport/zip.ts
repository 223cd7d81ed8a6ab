// The archive read one entry at a time (yauzl lazyEntries): only the central directory and the
// entry being read are ever in memory, whatever the archive's size.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ExportArchiveError } from './errors';

export interface ZipEntry {
  name: string;
  /** The size the central directory declares; yauzl refuses an entry that inflates to more. */
  bytes: number;
  open(): Promise<Readable>;
}

/** Calls visit for every entry in archive order, waiting for it before reading the next. */
export async function walkZip(path: string, visit: (entry: ZipEntry) => Promise<void>): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    throw new ExportArchiveError(`${path}: is not a readable zip file (${(error as Error).message})`);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName.endsWith('/')) return zip.readEntry(); // a folder: nothing to read
        const entry: ZipEntry = { name: e.fileName, bytes: e.uncompressedSize, open: () => zip.openReadStreamPromise(e) };
        visit(entry).then(() => zip.readEntry(), (error: unknown) => reject(damaged(path, error)));
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: unknown) => reject(damaged(path, error)));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/**
 * The zip's or an entry stream's own error (a bad central directory, an entry that does not
 * inflate) as an ExportArchiveError naming the file; the visitor's errors (already named, or the
 * database's and the storage's, which carry their own codes) pass through.
 */
function damaged(path: string, error: unknown): unknown {
  if (error instanceof ExportArchiveError) return error;
  if (!(error instanceof Error)) {
    // zlib's inflate errors can arrive as plain objects whose code is a Z_ name (Z_DATA_ERROR): found by fuzzing.
    const zlib = (error as { code?: unknown } | null)?.code;
    return typeof zlib === 'string' && zlib.startsWith('Z_') ? new ExportArchiveError(`${path}: is not a readable zip file (${zlib})`) : error;
  }
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) || '$metadata' in error) return error;
  return new ExportArchiveError(`${path}: is not a readable zip file (${error.message})`);
}
