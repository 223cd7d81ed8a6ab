// One report, whatever its form, becomes a draft: the same path for an upload, the command line
// and the benchmark. Bytes are sniffed (never trusted by name): BodySpec's API JSON, plain text,
// or a PDF/image whose text is read from the text layer or by OCR. The kind (lab, DEXA,
// epigenetic) is recognised from the content, the uploader's claim serving only when nothing is
// recognised; the rules parse the layouts they know, and the optional model extractor
// (DOCUMENT_EXTRACTOR_URL) reads what they do not.
import { assembleDraft } from './assemble';
import { parseBodySpecJson } from './bodyspec';
import { detectDexaFamily, parseDexaReport } from './dexa';
import type { BiomarkerEntry } from './dictionary';
import type { Draft, LabResult, ParsedReport, ReportKind } from './draft';
import { detectEpigeneticFamily, parseEpigeneticReport } from './epigenetics';
import { extractDocument } from './extract';
import { detectLabFamily, parseLabReport } from './labs';
import { linesFromText } from './lines';
import { mapLabResults } from './mapping';
import { extractWithModel, type ModelExtractorConfig } from './model';
import { sniffDocumentType } from './sniff';
import type { ExtractedDocument, TextLine } from './types';

export interface ParseOptions {
  dictionary: BiomarkerEntry[];
  /** The kind the uploader declared; recognised from the content when absent. */
  kind?: ReportKind;
  maxPages?: number;
  /** The optional model endpoint; null or absent = rules only, nothing leaves the machine. */
  model?: ModelExtractorConfig | null;
}

/** The file is readable but holds no report this server can read: retrying cannot help. */
export class UnrecognisedReportError extends Error {
  readonly field = 'file';
}

const PARSERS: Record<ReportKind, { detect: (lines: TextLine[]) => string | null; parse: (lines: TextLine[]) => ParsedReport }> = {
  epigenetic: { detect: detectEpigeneticFamily, parse: parseEpigeneticReport },
  dexa: { detect: detectDexaFamily, parse: parseDexaReport },
  lab: { detect: detectLabFamily, parse: parseLabReport },
};
// Most specific first: a DEXA or epigenetic report may print a few lab-like rows; a lab report never has a T-score table.
const DETECTION_ORDER: ReportKind[] = ['epigenetic', 'dexa', 'lab'];

/** The kind the content shows, over the one declared (an upload's documentType is a claim, not a fact). */
function recognise(lines: TextLine[], declared: ReportKind | undefined): { kind: ReportKind | null; warning?: string } {
  const found = DETECTION_ORDER.find((kind) => PARSERS[kind].detect(lines) !== null);
  if (found && declared && found !== declared) return { kind: found, warning: `uploaded as a ${declared} report, but it reads as a ${found} report: read as ${found}` };
  return { kind: found ?? declared ?? null };
}

function looksLikeJson(bytes: Buffer): boolean {
  const first = bytes.subarray(0, 64).toString('utf8').trimStart()[0];
  return first === '{';
}

export type ReportMimeType = NonNullable<ReturnType<typeof sniffDocumentType>> | 'application/json';

/** The type of an uploaded report, from its first bytes: a PDF, an image, or a provider's JSON answer. */
export function sniffReportFile(head: Buffer): ReportMimeType | null {
  return sniffDocumentType(head) ?? (looksLikeJson(head) ? 'application/json' : null);
}

function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  return !head.includes(0) && !sniffDocumentType(head) && Buffer.from(head.toString('utf8'), 'utf8').equals(head);
}

function withMapping(parsed: ParsedReport, dictionary: BiomarkerEntry[]): ParsedReport {
  if (parsed.kind !== 'lab') return parsed;
  const labs = parsed.items.filter((i): i is LabResult => i.type === 'lab_result');
  const mapped = new Map(mapLabResults(labs, dictionary).map((r) => [r.id, r]));
  return { ...parsed, items: parsed.items.map((i) => mapped.get(i.id) ?? i) };
}

/** Plain text (a report already turned into text elsewhere) is one page read as a text layer. */
function textDocument(text: string): ExtractedDocument {
  const started = performance.now();
  const lines = linesFromText(text);
  return { mimeType: 'application/pdf', method: 'text', pages: [{ page: 1, method: 'text', confidence: 1, width: 612, height: 792, lines }], millis: performance.now() - started };
}

async function readLines(bytes: Buffer, options: ParseOptions): Promise<{ lines: TextLine[]; extraction: ExtractedDocument }> {
  if (looksLikeText(bytes)) {
    const extraction = textDocument(bytes.toString('utf8'));
    return { lines: extraction.pages[0]!.lines, extraction };
  }
  const extraction = await extractDocument(bytes, { maxPages: options.maxPages });
  return { lines: extraction.pages.flatMap((p) => p.lines), extraction };
}

export async function parseDocument(bytes: Buffer, options: ParseOptions): Promise<Draft> {
  if (looksLikeJson(bytes)) {
    const started = performance.now();
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new UnrecognisedReportError(`file: looks like JSON but is not valid JSON (${(error as Error).message})`);
    }
    return assembleDraft(parseBodySpecJson(json), { method: 'json', millis: performance.now() - started });
  }
  const { lines, extraction } = await readLines(bytes, options);
  const { kind, warning } = recognise(lines, options.kind);
  let parsed: ParsedReport | null = kind ? PARSERS[kind].parse(lines) : null;
  if (parsed && warning) parsed = { ...parsed, warnings: [warning, ...parsed.warnings] };
  if ((!parsed || parsed.items.length === 0) && options.model) {
    parsed = await extractWithModel({ lines, kind }, options.model);
  }
  if (!parsed || (parsed.items.length === 0 && parsed.unreadLines.length === 0 && !kind)) {
    throw new UnrecognisedReportError(
      lines.length === 0
        ? 'file: no text could be read from it (neither a text layer nor OCR found any)'
        : 'file: not a lab, DEXA or epigenetic report of a layout this server reads (nor a FIT file, an Apple Health export, or a Strong or Hevy CSV); set DOCUMENT_EXTRACTOR_URL to read other report layouts with a model',
    );
  }
  return assembleDraft(withMapping(parsed, options.dictionary), extraction);
}
