import fs from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { appleHealthEntry } from './entry';
import { AppleHealthImportError } from './errors';

export interface ExportSource {
  /** The XML bytes, never buffered whole. */
  stream: Readable;
  /** Size of the XML (the zip entry's uncompressed size, or the file's size). */
  totalBytes: number;
  /** What is being read, for messages: "export.xml" or "export.zip:apple_health_export/export.xml". */
  name: string;
  close(): void;
}

const CHUNK = 1 << 20;

async function isZip(path: string): Promise<boolean> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

function pickEntry(entries: yauzl.Entry[]): yauzl.Entry | undefined {
  const name = appleHealthEntry(entries.map((e) => e.fileName));
  return entries.find((e) => e.fileName === name);
}

async function openZip(path: string): Promise<ExportSource> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new AppleHealthImportError(`${path}: is not a readable zip file (${(error as Error).message})`);
  }
  try {
    // Only the central directory is read here: entry headers, no file contents.
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        list.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', reject);
      zip.readEntry();
    });
    const entry = pickEntry(entries);
    if (!entry) throw new AppleHealthImportError(`${path}: is not an Apple Health export: the zip has no export.xml (expected apple_health_export/export.xml, or its localized name such as exportar.xml, from Health > Export All Health Data)`);
    const stream = await zip.openReadStreamPromise(entry);
    return { stream, totalBytes: entry.uncompressedSize, name: `${path}:${entry.fileName}`, close: () => zip.close() };
  } catch (error) {
    zip.close();
    if (error instanceof AppleHealthImportError) throw error;
    throw new AppleHealthImportError(`${path}: the zip could not be read (${(error as Error).message})`);
  }
}

/** Opens export.zip (streaming its export.xml entry) or a bare export.xml. */
export async function openExport(path: string): Promise<ExportSource> {
  let size: number;
  try {
    size = (await fs.promises.stat(path)).size;
  } catch (error) {
    throw new AppleHealthImportError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (await isZip(path)) return openZip(path);
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK });
  return { stream, totalBytes: size, name: path, close: () => stream.destroy() };
}
