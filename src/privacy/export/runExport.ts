// The same archive to a local file, for `npm run account -- export --user EMAIL --out FILE`: no
// request row, no mail, no link; the operator hands the file over.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportManifest } from '../../importers/vitalisExport/manifest';
import { writeExportArchive, type ExportContext, type ExportFormat } from './archive';

export interface RunExportOptions {
  userId: string;
  format: ExportFormat;
  /** Where to write the zip; default ./vitalis-export-<userId>-<date>.zip. */
  out?: string;
  /** Default a new UUID (the archive names one; no request row is made). */
  exportId?: string;
}

/**
 * Writes the user's archive to a local file and returns its manifest (and the path). The file is
 * written beside its destination under a temporary name and renamed when complete, so a failed
 * export never leaves a truncated archive under the requested name.
 */
export async function runExport(ctx: ExportContext, options: RunExportOptions): Promise<ExportManifest & { path: string }> {
  const out = path.resolve(options.out ?? `vitalis-export-${options.userId}-${new Date().toISOString().slice(0, 10)}.zip`);
  const partial = `${out}.partial-${process.pid}`;
  try {
    const manifest = await writeExportArchive(
      ctx,
      { userId: options.userId, exportId: options.exportId ?? randomUUID(), format: options.format },
      fs.createWriteStream(partial, { flags: 'wx' }),
    );
    await fs.promises.rename(partial, out);
    return { ...manifest, path: out };
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}
