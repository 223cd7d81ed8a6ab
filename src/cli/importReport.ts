// npm run import -- --user EMAIL [--type lab|dexa|epigenetic] FILE [--confirm]
// Parses a lab, DEXA or epigenetic report (PDF, scan or photo, BodySpec JSON, or its text) through
// the same code as an upload (src/documents/parse.ts) and prints the draft: every result with its
// printed name, value, unit, range, flag, confidence and matched marker (or "unmatched"), and the
// rows that could not be read. --confirm stores the file as the user's document, as an upload
// would, and confirms the draft into a panel, scan or test.
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { inRequestTransaction } from '../db/requestContext';
import { loadBiomarkerDictionary } from '../documents/dictionary';
import type { Draft, DraftItem, ReportKind } from '../documents/draft';
import { closeExtraction } from '../documents/extract';
import { modelExtractorFromConfig } from '../documents/model';
import { parseDocument, sniffReportFile } from '../documents/parse';
import { putObjectBytes } from '../storage/objects';
import { openStorage } from '../storage/s3';

export const REPORT_KINDS = ['lab', 'dexa', 'epigenetic'] as const;
const DOCUMENT_TYPE: Record<ReportKind, string> = { lab: 'blood_work', dexa: 'dexa', epigenetic: 'epigenetics' };

/** A file the report path takes when no --type says otherwise: a PDF, an image, or JSON. */
export function looksLikeReport(head: Buffer): boolean {
  return sniffReportFile(head) !== null;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const pct = (v: number) => `${Math.round(v * 100)}%`;

function describeItem(item: DraftItem): string {
  const at = item.source ? ` [p${item.source.page}${item.source.line === null ? '' : ` l${item.source.line + 1}`}]` : '';
  const struck = item.rejected ? ' (rejected)' : '';
  switch (item.type) {
    case 'lab_result': {
      const value = item.valueText ?? num(item.value);
      const range = item.refRangeText ?? (item.refLow !== null || item.refHigh !== null ? `${num(item.refLow)}-${num(item.refHigh)}` : '');
      const marker = item.canonicalName ? `→ ${item.canonicalName} (${item.matchedBy})` : '→ unmatched';
      return `  ${item.printedName}: ${value} ${item.unit ?? ''} | range ${range || '-'} | flag ${item.flag ?? '-'} | ${pct(item.confidence)} ${marker}${at}${struck}`;
    }
    case 'dexa_summary':
    case 'epigenetic_summary':
      return `  ${item.field}: ${num(item.value)}${item.original ? ` (printed ${item.original.text})` : ''} | ${pct(item.confidence)}${at}${struck}`;
    case 'dexa_region':
      return `  region ${item.region}: fat ${num(item.bodyFatPct)}% | fat ${num(item.fatLbs)} lbs | lean ${num(item.leanLbs)} lbs | bmc ${num(item.bmcLbs)} lbs | total ${num(item.totalMassLbs)} lbs | ${pct(item.confidence)}${at}${struck}`;
    case 'bone_density':
      return `  bone density ${item.region}: BMD ${num(item.bmdGCm2)} g/cm² | T ${num(item.tScore)} | Z ${num(item.zScore)} | ${pct(item.confidence)}${at}${struck}`;
    case 'organ_age':
      return `  organ age ${item.organSystem}: ${num(item.biologicalAge)} (chronological ${num(item.chronologicalAge)}) | ${pct(item.confidence)}${at}${struck}`;
  }
}

export function printDraft(draft: Draft, print: (line: string) => void): void {
  const h = draft.header;
  print(`${draft.kind} report, ${draft.family} layout, read by ${draft.extraction.method} (${draft.extraction.pages.length} pages), confidence ${pct(draft.confidence)}`);
  const header = [
    ['provider', h.provider],
    ['ordering provider', h.orderingProvider],
    ['collected', h.collectedAt],
    ['reported', h.reportedAt],
    ['specimen', h.specimenId],
    ['kit', h.kitId],
    ['clock', h.methylationClock],
  ].filter(([, v]) => v);
  if (header.length) print(`  ${header.map(([k, v]) => `${k}: ${v}`).join(' | ')}`);
  for (const page of draft.extraction.pages) if (page.method === 'ocr') print(`  page ${page.page}: OCR, confidence ${pct(page.confidence)}`);
  print(`${draft.items.length} items:`);
  for (const item of draft.items) print(describeItem(item));
  for (const line of draft.unreadLines) print(`  not read (p${line.page}${line.line === null ? '' : ` l${line.line + 1}`}): "${line.text}" — ${line.reason}`);
  for (const warning of draft.warnings) print(`  warning: ${warning}`);
}

export interface ReportImport {
  pool: Pool;
  config: Config;
  userId: string;
  file: string;
  bytes: Buffer;
  kind?: ReportKind;
  confirm: boolean;
  print: (line: string) => void;
}

/** Stores the file as an upload would, saves the draft and confirms it. Returns the document's status line. */
async function storeAndConfirm(run: ReportImport, draft: Draft): Promise<string> {
  const mimeType = sniffReportFile(run.bytes.subarray(0, 64));
  if (!mimeType) throw new Error("--confirm: only a PDF, an image of the report or a provider's JSON is stored; this file is none of them");
  const sha256 = createHash('sha256').update(run.bytes).digest('hex');
  const key = `documents/${run.userId}/${randomUUID()}/${path.basename(run.file).replace(/[^A-Za-z0-9._() -]/g, '_')}`;
  const storage = await openStorage(run.config);
  try {
    await putObjectBytes(storage, key, run.bytes, mimeType);
    return await inRequestTransaction(run.pool, { role: 'vitalis_api', userId: run.userId, requestId: 'cli:import' }, async (c) => {
      const recorded = (
        await c.query('select * from vitalis_private.record_document_upload($1::vitalis.document_type, $2, $3, $4, $5, $6, $7)', [
          DOCUMENT_TYPE[draft.kind],
          key,
          path.basename(run.file).slice(0, 200),
          mimeType,
          run.bytes.length,
          sha256,
          run.config.DOCUMENT_MAX_BYTES,
        ])
      ).rows[0] as { document_id: string; duplicate: boolean };
      // The draft read here is the parse: the queued job finds the document parsed and skips it.
      await c.query("select set_config('role', 'vitalis_worker', true)");
      await c.query('select vitalis_private.start_document_parse($1)', [recorded.document_id]);
      await c.query('select vitalis_private.save_document_draft($1, $2::jsonb, $3)', [recorded.document_id, JSON.stringify(draft), sha256]);
      await c.query("select set_config('role', 'vitalis_api', true)");
      const doc = (await c.query('select * from vitalis.confirm_document($1)', [recorded.document_id])).rows[0];
      return `${recorded.duplicate ? 'already uploaded as' : 'stored as'} document ${doc.document_id}: ${doc.parse_status}, ${doc.linked_record_type} ${doc.linked_record_id}`;
    });
  } finally {
    await storage.close();
  }
}

export async function importReport(run: ReportImport): Promise<void> {
  try {
    const draft = await parseDocument(run.bytes, {
      dictionary: await loadBiomarkerDictionary(run.pool),
      kind: run.kind,
      maxPages: run.config.DOCUMENT_MAX_PAGES,
      model: modelExtractorFromConfig(run.config),
    });
    printDraft(draft, run.print);
    if (run.confirm) run.print(await storeAndConfirm(run, draft));
  } finally {
    await closeExtraction();
  }
}
