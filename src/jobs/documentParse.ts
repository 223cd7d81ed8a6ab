// Reads one uploaded report into a draft for review (a document_parse ingestion job). The bytes
// are checked before anything reads them: present, within the size limit, the SHA-256 the upload
// declared, and of a type sniffed from their content. A file that cannot be read (encrypted,
// malformed, no known layout) fails the job and the document with the reason and writes nothing
// else; a transient failure (storage, database) is retried and fails the document only when the
// last attempt does.
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { inRequestTransaction } from '../db/requestContext';
import { BodySpecJsonError } from '../documents/bodyspec';
import { loadBiomarkerDictionary } from '../documents/dictionary';
import type { Draft, ReportKind } from '../documents/draft';
import { DocumentReadError } from '../documents/extract';
import { modelExtractorFromConfig } from '../documents/model';
import { parseDocument, sniffReportFile, UnrecognisedReportError } from '../documents/parse';
import { getObjectBytes, ObjectMissingError, ObjectTooLargeError } from '../storage/objects';
import type { TaskContext } from './context';
import { type JobRun, PermanentJobError } from './lifecycle';

export const documentParsePayload = z.object({ documentId: z.string().uuid({ message: 'documentId must be a UUID' }) });

interface DocumentRow {
  document_id: string;
  document_type: string;
  s3_key: string;
  sha256: string | null;
  mime_type: string | null;
}

const KIND_OF_TYPE: Record<string, ReportKind | undefined> = { blood_work: 'lab', dexa: 'dexa', epigenetics: 'epigenetic' };

const FILE_ERRORS = [DocumentReadError, UnrecognisedReportError, BodySpecJsonError, ObjectMissingError, ObjectTooLargeError];

function asOwner<T>(ctx: TaskContext, userId: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return inRequestTransaction(ctx.pool, { role: 'vitalis_worker', userId }, fn);
}

async function readUpload(ctx: TaskContext, doc: DocumentRow): Promise<{ bytes: Buffer; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await getObjectBytes(ctx.storage, doc.s3_key, ctx.config.DOCUMENT_MAX_BYTES);
  } catch (error) {
    if (error instanceof ObjectMissingError) throw new PermanentJobError('file: nothing was uploaded for this document (PUT the file to its upload URL before confirming the upload)');
    if (error instanceof ObjectTooLargeError) throw new PermanentJobError(`file: ${error.message}`);
    throw error;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (doc.sha256 && doc.sha256 !== sha256) throw new PermanentJobError('file: the uploaded bytes are not the file whose sha256 was given when the upload was requested');
  if (!sniffReportFile(bytes.subarray(0, 64))) throw new PermanentJobError("file: is not a PDF, PNG, JPEG or HEIC file, nor a provider's JSON report");
  return { bytes, sha256 };
}

export function summariseDraft(draft: Draft): Record<string, unknown> {
  const labs = draft.items.filter((i) => i.type === 'lab_result');
  return {
    kind: draft.kind,
    family: draft.family,
    method: draft.extraction.method,
    pages: draft.extraction.pages.length,
    items: draft.items.length,
    unmatched: labs.filter((i) => i.type === 'lab_result' && i.biomarkerId === null).length,
    unread: draft.unreadLines.length,
    confidence: draft.confidence,
  };
}

export async function runDocumentParse(ctx: TaskContext, run: JobRun): Promise<Record<string, unknown>> {
  const parsed = documentParsePayload.safeParse(run.job.payload);
  if (!parsed.success) throw new PermanentJobError(`payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const { documentId } = parsed.data;
  const userId = run.job.user_id;
  const doc = await asOwner(ctx, userId, async (c) => (await c.query<DocumentRow>('select * from vitalis_private.start_document_parse($1)', [documentId])).rows[0]);
  if (!doc?.document_id) return { documentId, skipped: 'the document is already parsed or confirmed' };
  const lastAttempt = run.job.attempts >= run.job.max_attempts;
  try {
    run.progress({ percent: 5 });
    const { bytes, sha256 } = await readUpload(ctx, doc);
    run.progress({ percent: 20 });
    const dictionary = await loadBiomarkerDictionary(ctx.pool);
    const draft = await parseDocument(bytes, {
      dictionary,
      kind: KIND_OF_TYPE[doc.document_type],
      maxPages: ctx.config.DOCUMENT_MAX_PAGES,
      model: modelExtractorFromConfig(ctx.config),
    });
    run.progress({ percent: 90 });
    const saved = await asOwner(ctx, userId, async (c) =>
      (await c.query<{ parse_status: string }>('select parse_status from vitalis_private.save_document_draft($1, $2::jsonb, $3)', [documentId, JSON.stringify(draft), sha256])).rows[0],
    );
    return { documentId, status: saved?.parse_status ?? null, ...summariseDraft(draft) };
  } catch (error) {
    const permanent = error instanceof PermanentJobError || FILE_ERRORS.some((type) => error instanceof type);
    const message = error instanceof Error ? error.message : String(error);
    if (permanent || lastAttempt) {
      await asOwner(ctx, userId, (c) => c.query('select vitalis_private.fail_document_parse($1, $2)', [documentId, message]));
    }
    if (permanent && !(error instanceof PermanentJobError)) throw new PermanentJobError(message);
    throw error;
  }
}
