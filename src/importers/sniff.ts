// What kind of file this is, from its content rather than from what the user said: a FIT file
// (".FIT" at byte 8, its file_id type read from the first message), a zip holding an Apple Health
// export.xml, an export.xml itself (<HealthData>), a Strong or a Hevy CSV (their header lines), a
// Vitalis export (a zip whose manifest.json names that format; the CLI alone restores it).
// Every import path checks the declared type against it before importing anything.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { appleHealthEntry } from './appleHealth/entry';
import { describeFitFile, fitFileType, FIT_IMPORTED_KINDS } from './fit/fileTypes';

export const FILE_KINDS = ['apple-health', 'fit', 'strong', 'hevy'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** A Vitalis export archive (manifest.json with format "vitalis-export"): restored by the CLI only. */
export const VITALIS_EXPORT = 'vitalis-export';
const VITALIS_EXPORT_ADVICE = 'restore it with npm run import -- --type vitalis-export';

export interface Sniffed {
  kind: FileKind | typeof VITALIS_EXPORT;
  /** "a FIT activity file", "an Apple Health export (zip)", ... */
  description: string;
  /** For a FIT file of a kind Vitalis does not import: why it does not. */
  notImported?: string;
}

/** A file that is not what its import type says, or whose kind cannot be told. Nothing was written. */
export class FileKindError extends Error {
  override name = 'FileKindError';
}

const HEAD_BYTES = 64 * 1024;
const WHAT: Record<FileKind, string> = {
  'apple-health': 'an Apple Health export',
  fit: 'a FIT file',
  strong: 'a Strong CSV export',
  hevy: 'a Hevy CSV export',
};

/** file_id.type from the first file_id data message, parsed by hand (the SDK is ESM-only and reads the whole file). */
function fitFileIdType(head: Buffer): number | undefined {
  const defs = new Map<number, { global: number; fields: [number, number][]; bytes: number }>();
  let pos = head[0]!;
  while (pos < head.length) {
    const header = head[pos++]!;
    if (header & 0x80) return undefined; // a compressed-timestamp message before file_id: not worth following
    const local = header & 0x0f;
    if (header & 0x40) {
      const global = head[pos + 1] === 0 ? head.readUInt16LE(pos + 2) : head.readUInt16BE(pos + 2);
      const count = head[pos + 4]!;
      pos += 5;
      const fields: [number, number][] = [];
      for (let i = 0; i < count; i++, pos += 3) fields.push([head[pos]!, head[pos + 1]!]);
      let bytes = fields.reduce((n, [, size]) => n + size, 0);
      if (header & 0x20) {
        const devCount = head[pos++]!;
        for (let i = 0; i < devCount; i++, pos += 3) bytes += head[pos + 1]!;
      }
      defs.set(local, { global, fields, bytes });
      continue;
    }
    const def = defs.get(local);
    if (!def) return undefined;
    if (def.global === 0) {
      let at = pos;
      for (const [num, size] of def.fields) {
        if (num === 0) return size >= 1 && at < head.length && head[at] !== 0xff ? head[at] : undefined;
        at += size;
      }
      return undefined;
    }
    pos += def.bytes;
  }
  return undefined;
}

function sniffFit(head: Buffer): Sniffed | undefined {
  if (head.length < 12 || (head[0] !== 12 && head[0] !== 14) || head.toString('latin1', 8, 12) !== '.FIT') return undefined;
  let type: number | undefined;
  try {
    type = fitFileIdType(head);
  } catch {
    type = undefined; // a file cut short inside its first message: still a FIT file
  }
  const known = fitFileType(type);
  const description = describeFitFile(type);
  return { kind: 'fit', description, notImported: known && !known.imports ? `Vitalis does not import ${description.replace(/^a /, '')}s (it imports ${FIT_IMPORTED_KINDS})` : undefined };
}

/** The first line's column names, for CSVs (quotes and a BOM removed). */
function csvHeader(head: Buffer): string[] {
  const line = head.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
}

function sniffText(head: Buffer): Sniffed | undefined {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*</.test(text)) return /<(!DOCTYPE\s+)?HealthData[\s>[]/.test(text) ? { kind: 'apple-health', description: 'an Apple Health export.xml' } : undefined;
  const header = csvHeader(head);
  if (header.includes('Workout Name') && header.includes('Exercise Name')) return { kind: 'strong', description: 'a Strong CSV export' };
  if (header.includes('exercise_title') && header.includes('start_time')) return { kind: 'hevy', description: 'a Hevy CSV export' };
  return undefined;
}

/** Lists the zip's entries from its central directory (no contents read); undefined when it is no readable zip. */
async function zipEntries(path: string): Promise<string[] | undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch {
    return undefined;
  }
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch {
    return undefined;
  } finally {
    zip.close();
  }
}

/** Whether the zip's manifest.json names the Vitalis export format (its first 4 KB, where format is). */
async function isVitalisExport(path: string): Promise<boolean> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch {
    return false;
  }
  try {
    return await new Promise<boolean>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== 'manifest.json') return zip.readEntry();
        const collect = (stream: Readable) => {
          let head = '';
          stream.on('data', (chunk: Buffer) => {
            head += chunk.toString('utf8');
            if (head.length >= 4096) stream.destroy();
          });
          const done = () => resolve(/"format"\s*:\s*"vitalis-export"/.test(head));
          stream.on('end', done);
          stream.on('close', done);
          stream.on('error', done);
        };
        zip.openReadStream(e, (error, stream) => (error ? reject(error) : collect(stream)));
      });
      zip.on('end', () => resolve(false));
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch {
    return false;
  } finally {
    zip.close();
  }
}

/** What the file looks like, or undefined when it is none of the kinds Vitalis imports. */
export async function sniffFile(path: string): Promise<Sniffed | undefined> {
  const handle = await fs.promises.open(path, 'r');
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    const names = await zipEntries(path);
    if (names && appleHealthEntry(names)) return { kind: 'apple-health', description: 'an Apple Health export (zip)' };
    if (names?.includes('manifest.json') && (await isVitalisExport(path))) return { kind: VITALIS_EXPORT, description: 'a Vitalis export (zip)' };
    return undefined;
  }
  return sniffFit(head) ?? sniffText(head);
}

/**
 * The kind to import the file as: the declared one when the content agrees or cannot be told,
 * the sniffed one when none was declared (undefined when it cannot be told either). Refuses
 * (FileKindError) a file that looks like another kind, naming what it looks like and, through
 * `use`, how to import it as that kind; and a FIT file of a kind Vitalis does not import.
 */
export async function checkFileKind(path: string, declared: FileKind | undefined, use: (kind: FileKind) => string): Promise<FileKind | undefined> {
  const sniffed = await sniffFile(path);
  if (sniffed?.kind === VITALIS_EXPORT) {
    throw new FileKindError(`this file is ${declared ? `not ${WHAT[declared]}; it looks like ` : ''}${sniffed.description}: ${VITALIS_EXPORT_ADVICE}`);
  }
  if (!declared) {
    if (sniffed?.notImported) throw new FileKindError(`this file is ${sniffed.description}: ${sniffed.notImported}`);
    return sniffed?.kind;
  }
  if (!sniffed || sniffed.kind === declared) return declared;
  throw new FileKindError(`this file is not ${WHAT[declared]}; it looks like ${sniffed.description}: ${sniffed.notImported ?? use(sniffed.kind)}`);
}
