// A parser's report plus how its text was read becomes the draft stored for review. The document's
// confidence is what decides whether it may confirm itself (user_preferences.auto_confirm_documents):
// the weakest link of the reading (OCR pages), the items' own confidences, and the share of
// results that found no dictionary entry or could not be read at all.
import { DRAFT_VERSION, draft as draftSchema, draftHeader, type Draft, type ParsedReport } from './draft';
import type { ExtractedDocument } from './types';

const round2 = (n: number) => Math.round(n * 100) / 100;

export function documentConfidence(parsed: Pick<ParsedReport, 'items' | 'unreadLines'>, pageConfidences: number[]): number {
  const items = parsed.items.filter((i) => !i.rejected);
  if (items.length === 0) return 0;
  const mean = items.reduce((sum, i) => sum + i.confidence, 0) / items.length;
  const unmatched = items.filter((i) => i.type === 'lab_result' && i.biomarkerId === null).length;
  const readable = items.length / (items.length + parsed.unreadLines.length);
  const reading = pageConfidences.length === 0 ? 1 : Math.min(...pageConfidences);
  return round2(Math.max(0, Math.min(1, mean * readable * Math.min(1, reading + 0.1) * (1 - (0.5 * unmatched) / items.length))));
}

/** A number anywhere in the item that JSON cannot hold (a million-digit value reads as Infinity). */
const hasNonFinite = (v: unknown): boolean => (v !== null && typeof v === 'object' ? Object.values(v).some(hasNonFinite) : typeof v === 'number' && !Number.isFinite(v));

/**
 * Items holding a number too large to be a number become unread lines with that reason. Found by
 * fuzzing: a result of a million digits parsed as Infinity and the draft schema threw a ZodError
 * (a 500 for the upload) instead of listing the line as unread.
 */
function withoutNonFinite(parsed: ParsedReport): ParsedReport {
  const bad = parsed.items.filter(hasNonFinite);
  if (bad.length === 0) return parsed;
  const unread = bad.map((i) => ({
    page: i.source?.page ?? 1,
    line: i.source?.line ?? null,
    text: 'printedName' in i && typeof i.printedName === 'string' ? i.printedName : i.type,
    reason: 'a number in it is too large to be read (not finite)',
  }));
  return { ...parsed, items: parsed.items.filter((i) => !hasNonFinite(i)), unreadLines: [...parsed.unreadLines, ...unread] };
}

export function assembleDraft(report: ParsedReport, extraction: ExtractedDocument | { method: 'json'; millis: number }): Draft {
  const parsed = withoutNonFinite(report);
  const pages =
    'pages' in extraction ? extraction.pages.map((p) => ({ page: p.page, method: p.method, confidence: round2(p.confidence), lines: p.lines.length })) : [];
  return draftSchema.parse({
    version: DRAFT_VERSION,
    kind: parsed.kind,
    family: parsed.family,
    extraction: { method: extraction.method, pages, millis: Math.round(extraction.millis) },
    header: draftHeader.parse(parsed.header),
    items: parsed.items,
    unreadLines: parsed.unreadLines,
    confidence: documentConfidence(parsed, pages.map((p) => p.confidence)),
    warnings: parsed.warnings,
  });
}
