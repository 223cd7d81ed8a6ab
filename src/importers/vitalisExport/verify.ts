// First pass over the archive, before anything is written: manifest.json read and validated, and
// every entry's SHA-256 compared with what the manifest says. A changed, missing or extra entry
// refuses the archive by name.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ExportArchiveError } from './errors';
import { exportManifest, type ExportManifest } from './manifest';
import { walkZip } from './zip';

export const MANIFEST_FILE = 'manifest.json';
/** A manifest lists entries, not rows: far below this even for decades of data. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

export async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function readBounded(stream: Readable, max: number, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > max) {
      stream.destroy();
      throw new ExportArchiveError(`${name}: larger than ${max} bytes; not a Vitalis export manifest`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseManifest(text: string): ExportManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ExportArchiveError(`${MANIFEST_FILE}: is not JSON (${(error as Error).message})`);
  }
  const parsed = exportManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExportArchiveError(`${MANIFEST_FILE}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** What the manifest expects of each listed entry. */
export function expectedEntries(manifest: ExportManifest): Map<string, { sha256: string; bytes?: number }> {
  const expected = new Map<string, { sha256: string; bytes?: number }>();
  const add = (file: string, value: { sha256: string; bytes?: number }, what: string) => {
    if (expected.has(file) || file === MANIFEST_FILE) throw new ExportArchiveError(`${MANIFEST_FILE}: ${file} is listed twice (${what})`);
    expected.set(file, value);
  };
  const tables = new Set<string>();
  for (const t of manifest.tables) {
    if (tables.has(t.table)) throw new ExportArchiveError(`${MANIFEST_FILE}: table ${t.table} is listed twice`);
    tables.add(t.table);
    add(t.file, { sha256: t.sha256 }, `table ${t.table}`);
  }
  const keys = new Set<string>();
  for (const o of manifest.objects) {
    if (keys.has(o.key)) throw new ExportArchiveError(`${MANIFEST_FILE}: object ${o.key} is listed twice`);
    keys.add(o.key);
    add(o.file, { sha256: o.sha256, bytes: o.bytes }, `object ${o.key}`);
  }
  return expected;
}

/**
 * Reads the whole archive once, hashing every entry (streamed), and returns its manifest when
 * every listed entry is present with the listed SHA-256 and size, and nothing else is there but
 * the tables' JSON Schemas.
 */
export async function verifyArchive(path: string): Promise<ExportManifest> {
  let manifestText: string | undefined;
  const seen = new Map<string, { sha256: string; bytes: number }>();
  await walkZip(path, async (entry) => {
    if (seen.has(entry.name) || (entry.name === MANIFEST_FILE && manifestText !== undefined)) throw new ExportArchiveError(`${entry.name}: appears twice in the archive`);
    if (entry.name === MANIFEST_FILE) {
      manifestText = await readBounded(await entry.open(), MAX_MANIFEST_BYTES, entry.name);
      return;
    }
    seen.set(entry.name, await sha256Of(await entry.open()));
  });
  if (manifestText === undefined) throw new ExportArchiveError(`${path}: has no ${MANIFEST_FILE}; not a Vitalis export`);
  const manifest = parseManifest(manifestText);
  const expected = expectedEntries(manifest);
  const schemas = new Set(manifest.tables.map((t) => t.schema));
  for (const [file, want] of expected) {
    const got = seen.get(file);
    if (!got) throw new ExportArchiveError(`${file}: listed in ${MANIFEST_FILE} but missing from the archive`);
    if (got.sha256 !== want.sha256) throw new ExportArchiveError(`${file}: SHA-256 ${got.sha256} differs from the manifest's ${want.sha256}: the archive was changed after it was written`);
    if (want.bytes !== undefined && got.bytes !== want.bytes) throw new ExportArchiveError(`${file}: ${got.bytes} bytes, the manifest says ${want.bytes}`);
  }
  for (const file of seen.keys()) {
    if (!expected.has(file) && !schemas.has(file)) throw new ExportArchiveError(`${file}: is in the archive but not in ${MANIFEST_FILE}: the archive was changed after it was written`);
  }
  return manifest;
}
