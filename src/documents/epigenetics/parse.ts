// An epigenetic-age report as a draft: the headline values (chronological and biological age,
// DunedinPACE and its percentile, telomere length in kb) and the organ-system ages table, with
// the kit id, dates and the methylation clock in the header.
import { cellConfidence, phrases, sourceOf, splitRow } from '../dexa/cells';
import { labelledDates } from '../dexa/dates';
import { withinRange } from '../dexa/decimals';
import { round6 } from '../dexa/numbers';
import { labelledValues, type Pair } from '../dexa/summary';
import { placeValues } from '../dexa/table';
import type { DraftHeader, DraftItem, ParsedReport } from '../draft';
import type { TextLine } from '../types';
import { detectEpigeneticFamily } from './detect';
import { epigeneticField, organColumn, organSystem, type EpigeneticField, type OrganColumn } from './fields';

type Summary = Extract<DraftItem, { type: 'epigenetic_summary' }>;
type Organ = Extract<DraftItem, { type: 'organ_age' }>;
type Heading = { kind: OrganColumn | 'label' | 'other'; x: number; width: number };

const PROVIDERS: Record<string, string> = { trudiagnostic: 'TruDiagnostic' };
const CLOCKS = /\b(DunedinPACE|OMICmAge|SYMPHONYAge|GrimAge2?|PhenoAge|Horvath(?:\s?Clock)?|Hannum|DNAmAge|TruAge|PCGrimAge|PCPhenoAge)\b/i;

function organHeading(line: TextLine): Heading[] | null {
  const columns = phrases(line).map((p) => ({ kind: organColumn(p.text), x: p.x, width: p.width }));
  if (/\d/.test(line.text)) return null;
  return columns[0]?.kind === 'label' && columns.some((c) => c.kind === 'biologicalAge') ? columns : null;
}

const CEILINGS: Record<EpigeneticField, number> = { chronologicalAge: 120, biologicalAge: 130, paceScore: 3, pacePercentile: 100, telomereLength: 20 };

/** The value in the field's unit (telomere length in kb: bp printed → ÷ 1000), a lost decimal point restored. */
function convert(field: EpigeneticField, pair: Pair): { value: number; unit: string | null; confidence: number } {
  const bp = field === 'telomereLength' && (pair.unit ? /bp|base/i.test(pair.unit) : pair.value > 100 && /,/.test(pair.valueText));
  const restored = withinRange(pair.value, pair.valueText, bp ? 20000 : CEILINGS[field]);
  const value = bp ? round6(restored.value! / 1000) : restored.value!;
  const plausible = field === 'paceScore' ? value >= 0.2 : value > 0;
  const unit = field === 'telomereLength' ? (pair.unit ?? (bp ? 'bp' : 'kb')) : pair.unit;
  return { value, unit, confidence: !plausible ? 0.3 : restored.repaired ? 0.7 : 1 };
}

export function parseEpigeneticReport(lines: TextLine[]): ParsedReport {
  const family = detectEpigeneticFamily(lines) ?? 'generic';
  const header: Partial<DraftHeader> = { provider: PROVIDERS[family] ?? null };
  const summaries = new Map<EpigeneticField, Summary>();
  const organs = new Map<string, Organ>();
  const unreadLines: ParsedReport['unreadLines'] = [];
  const warnings: string[] = [];
  const nextId = () => `r${summaries.size + organs.size + 1}`;
  let table: Heading[] | null = null;

  const readOrgan = (line: TextLine, columns: Heading[]): boolean => {
    const row = splitRow(line);
    if (row.label === '' || !row.values.some((v) => v.value !== null)) return false;
    const system = organSystem(row.label);
    if (!system) {
      unreadLines.push({ page: line.page, line: line.line, text: line.text, reason: `"${row.label}" names no organ system` });
      return true;
    }
    const placed = placeValues<OrganColumn, Heading>(columns, row.values);
    if ('reason' in placed) {
      unreadLines.push({ page: line.page, line: line.line, text: line.text, reason: placed.reason });
      return true;
    }
    if (organs.has(system)) {
      warnings.push(`${row.label}: ${system} was already read; this row is left out`);
      return true;
    }
    const { biologicalAge: bioCell, chronologicalAge: chronoCell, delta } = placed.cells;
    const bio = withinRange(bioCell?.value ?? null, bioCell?.text ?? '', 130);
    const chrono = withinRange(chronoCell?.value ?? null, chronoCell?.text ?? '', 120);
    let confidence = cellConfidence(Object.values(placed.cells).filter((c) => c !== undefined));
    if (bio.repaired || chrono.repaired) confidence = Math.min(confidence, 0.7);
    const printedDelta = withinRange(delta?.value ?? null, delta?.text ?? '', 60).value;
    if (bio.value !== null && chrono.value !== null && printedDelta !== null && Math.abs(bio.value - chrono.value - printedDelta) > 0.15 && Math.abs(bio.value - chrono.value - printedDelta / 10) > 0.15) {
      confidence = Math.min(confidence, 0.5);
      warnings.push(`${row.label}: biological − chronological age is not the printed difference ${delta!.text}`);
    }
    organs.set(system, {
      id: nextId(),
      type: 'organ_age',
      organSystem: system,
      biologicalAge: bio.value,
      chronologicalAge: chrono.value,
      confidence,
      source: sourceOf(line),
      extractor: 'rules',
      rejected: false,
      corrected: [],
    });
    return true;
  };

  for (const line of lines) {
    if (/^\s*page\s+\d+\s*(?:of|\/)\s*\d+\s*$/i.test(line.text)) continue;
    const heading = organHeading(line);
    if (heading) {
      table = heading;
      continue;
    }
    if (table && readOrgan(line, table)) continue;
    if (table && !/\d/.test(line.text)) table = null;

    for (const { label, date } of labelledDates(line.text)) {
      if (/collect|drawn|sample date|specimen date/.test(label)) header.collectedAt ??= date;
      else if (/report|result|issued/.test(label)) header.reportedAt ??= date;
    }
    const kit = /\b(?:kit|sample|specimen|barcode)\s*(?:id|#|no\.?|number|code)?\s*[:#]\s*([A-Z0-9][A-Z0-9-]{3,})/i.exec(line.text);
    if (kit) header.kitId ??= kit[1]!;
    const clock = /\b(?:methylation\s+)?(?:clock|algorithm)\s*:\s*(.+?)(?:\s{2,}|$)/i.exec(line.text);
    if (clock) header.methylationClock ??= clock[1]!.trim();
    const lab = /\b(?:laboratory|lab|provider|company)\s*:\s*(.+?)(?:\s{2,}|$)/i.exec(line.text);
    if (lab) header.provider ??= lab[1]!.trim();

    const pairs = labelledValues(line);
    const loose = splitRow(line);
    const system = loose.label === '' ? null : organSystem(loose.label);
    if (system && !pairs.some((p) => epigeneticField(p.label)) && loose.values.some((v) => v.value !== null)) {
      // An organ row under no heading that could be read: one number is its biological age.
      if (loose.values.length === 1 && !organs.has(system)) {
        const bio = withinRange(loose.values[0]!.value, loose.values[0]!.text, 130);
        organs.set(system, { id: nextId(), type: 'organ_age', organSystem: system, biologicalAge: bio.value, chronologicalAge: null, confidence: Math.min(0.6, cellConfidence(loose.values)), source: sourceOf(line), extractor: 'rules', rejected: false, corrected: [] });
      } else unreadLines.push({ page: line.page, line: line.line, text: line.text, reason: 'an organ-system row under no table heading that could be read' });
      continue;
    }
    for (const pair of pairs) {
      const field = epigeneticField(pair.label);
      if (!field || summaries.has(field)) continue;
      if (field === 'biologicalAge') header.methylationClock ??= CLOCKS.exec(pair.label)?.[1] ?? null;
      const { value, unit, confidence } = convert(field, pair);
      if (confidence < 0.5) warnings.push(`${pair.text}: ${value} is outside the range ${field} takes`);
      const ocr = pair.cells.map((c) => ({ confidence: c.confidence ?? 1, repaired: pair.repaired }));
      summaries.set(field, {
        id: nextId(),
        type: 'epigenetic_summary',
        field,
        value,
        original: { value: pair.value, unit, text: pair.text },
        confidence: Math.min(confidence, cellConfidence(ocr)),
        source: sourceOf(line),
        extractor: 'rules',
        rejected: false,
        corrected: [],
      });
    }
  }

  // Organ tables often print only biological ages; the test's chronological age applies to each.
  const chronological = summaries.get('chronologicalAge')?.value ?? null;
  for (const organ of organs.values()) organ.chronologicalAge ??= chronological;
  if (!header.collectedAt) warnings.push('no collection date found');
  if (header.methylationClock === undefined || header.methylationClock === null) header.methylationClock = summaries.has('paceScore') ? 'DunedinPACE' : null;
  return { kind: 'epigenetic', family, header, items: [...summaries.values(), ...organs.values()], unreadLines, warnings };
}
