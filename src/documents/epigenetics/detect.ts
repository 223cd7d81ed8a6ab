// Whether a document is an epigenetic-age report, and whose. TruDiagnostic's reports name their
// tests (TruAge, SYMPHONYAge, OMICmAge); any other methylation-age report is read as 'generic'.
import type { TextLine } from '../types';

export type EpigeneticFamily = 'trudiagnostic' | 'generic';

const EVIDENCE = [/epigenetic/i, /methylation/i, /biological age|bio(?:logical)?\.? age/i, /dunedin\s?pace|pace of aging/i, /telomere/i, /chronological age/i, /organ (?:system )?age|symphony/i];

export function detectEpigeneticFamily(lines: TextLine[]): EpigeneticFamily | null {
  const text = lines.map((l) => l.text).join('\n');
  if (EVIDENCE.filter((r) => r.test(text)).length < 2) return null;
  return /trudiagnostic|truage|symphony ?age|omicm ?age/i.test(text) ? 'trudiagnostic' : 'generic';
}
