// Imports one uploaded file for its owner. Every importer writes in a single transaction as the
// user, so a failed attempt leaves nothing behind and a retry (or a re-run after a crash) starts
// from a clean slate; every importer is idempotent, so running the same file twice changes nothing.
// Before any importer runs, the file's content is checked against its declared type
// (src/importers/sniff.ts): a FIT file uploaded as an Apple Health export is refused by name.
import fs from 'node:fs';
import type { Pool } from 'pg';
import { z } from 'zod';
import { AppleHealthImportError, importAppleHealth } from '../importers/appleHealth';
import { FitImportError, importFit } from '../importers/fit';
import { importLiftingCsv, LiftingImportError } from '../importers/lifting';
import { checkFileKind, type FileKind, FileKindError } from '../importers/sniff';
import { PermanentJobError } from './lifecycle';

export const fileImportPayload = z.object({
  fileType: z.enum(['apple-health', 'fit', 'strong', 'hevy'], { error: 'fileType must be one of apple-health, fit, strong, hevy' }),
  objectKey: z.string().min(1, { message: 'objectKey is required' }),
  weightUnit: z.enum(['kg', 'lbs'], { error: 'weightUnit must be kg or lbs' }).optional(),
});
export type FileImportPayload = z.infer<typeof fileImportPayload>;

export interface FileImportRun {
  pool: Pool;
  userId: string;
  file: string;
  bytes: number;
  requestId?: string;
  onProgress?: (p: { bytesRead: number; totalBytes: number }) => void;
  /** How the user imports a file as another kind, for the refusal of a mismatched one (default: the upload route). */
  useKind?: (kind: FileKind) => string;
}

const uploadAdvice = (kind: FileKind) => `import it with fileType ${kind} (POST /imports/${kind})`;

/** Errors that describe the file, not the moment: retrying cannot help. */
const FILE_ERRORS = [AppleHealthImportError, FitImportError, LiftingImportError, FileKindError];

/** The importer for the file type; only Apple Health reports progress while it reads. */
function runImporter(payload: FileImportPayload, run: FileImportRun): Promise<object> {
  switch (payload.fileType) {
    case 'fit':
      return fs.promises.readFile(run.file).then((data) => importFit(run.pool, { userId: run.userId, data, source: 'fit_file', requestId: run.requestId }));
    case 'strong':
    case 'hevy':
      return importLiftingCsv(run.pool, { userId: run.userId, format: payload.fileType, unit: payload.weightUnit, csv: fs.createReadStream(run.file), requestId: run.requestId });
    case 'apple-health':
      return importAppleHealth(run.pool, { userId: run.userId, path: run.file, requestId: run.requestId, onProgress: run.onProgress });
  }
}

export async function importFile(payload: FileImportPayload, run: FileImportRun): Promise<Record<string, unknown>> {
  try {
    await checkFileKind(run.file, payload.fileType, run.useKind ?? uploadAdvice);
    const summary = await runImporter(payload, run);
    run.onProgress?.({ bytesRead: run.bytes, totalBytes: run.bytes });
    return { ...summary };
  } catch (error) {
    if (FILE_ERRORS.some((type) => error instanceof type)) throw new PermanentJobError((error as Error).message);
    throw error;
  }
}
