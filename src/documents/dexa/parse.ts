// A DEXA report's rows as a draft: the labelled summary values, the composition table by region
// and the bone-density tables, in the schema's units with what was printed kept in `original`.
// The table heading says what each column holds; section headings ("Left Hip", "AP Spine L1-L4")
// say which site a bone-density table measures.
import type { DraftHeader, DraftItem, ParsedReport, Provenance } from '../draft';
import type { TextLine } from '../types';
import { cellConfidence, sourceOf, splitRow } from './cells';
import { stackHeadings, tableHeader, type TableHeader } from './columns';
import { findDate, labelledDates } from './dates';
import { detectDexaFamily } from './detect';
import { cmToIn, massUnit, toIn3, toLbs, volumeUnit, type MassUnit } from './numbers';
import { withinRange } from './decimals';
import { boneRegion, boneSection, compositionRegion, type BoneSection } from './regions';
import { boneItem, compositionItem } from './rows';
import { labelledValues, summaryField, type Pair, type SummaryField } from './summary';
import { placeValues } from './table';

type Summary = Extract<DraftItem, { type: 'dexa_summary' }>;

const PROVIDERS: Record<string, string> = { bodyspec: 'BodySpec', dexafit: 'DexaFit' };
const HISTORY = 'a table of earlier scans was not read: each scan is its own upload';
const UNITS_ONLY = /^\(.*\)$|^(?:%|g|kg|lbs?|cm[²2]|g\/cm[²2])$/i;
const SCAN_DATE = /scan|exam|measured|acquired|test date|visit|study|^date$/;

/** The largest value each field takes in the unit printed: beyond it, OCR lost a decimal point. */
function ceiling(field: SummaryField, unit: string | null): number {
  switch (field) {
    case 'ageAtScan':
      return 120;
    case 'heightIn':
      return unit === 'cm' ? 250 : 100;
    case 'totalBodyFatPct':
      return 100;
    case 'androidGynoidRatio':
      return 5;
    case 'visceralFatIn3':
    case 'visceralFatLbs':
      return Infinity;
    default:
      return unit === 'g' ? Infinity : unit === 'kg' ? 400 : 800;
  }
}

/** The pair's value in the field's unit, with a reason when the unit cannot be told. */
function convert(field: SummaryField, pair: Pair, fallback: MassUnit | null): { value: number; unit: string | null; repaired: boolean } | { reason: string } {
  const unit = pair.unit;
  const mass = (unit ? massUnit(unit) : null) ?? fallback;
  const kind = field === 'heightIn' ? (unit && /cm/i.test(unit) ? 'cm' : 'in') : mass;
  const restored = pair.inches === undefined ? withinRange(pair.value, pair.valueText, ceiling(field, kind)) : { value: pair.value, repaired: false };
  const value = restored.value!;
  const repaired = restored.repaired;
  switch (field) {
    case 'heightIn':
      if (pair.inches !== undefined) return { value: pair.inches, unit: 'ft/in', repaired };
      if (unit && /cm/i.test(unit)) return { value: cmToIn(value), unit: 'cm', repaired };
      return { value, unit: unit ?? 'in', repaired };
    case 'visceralFatIn3': {
      const volume = unit ? volumeUnit(unit) : null;
      return volume ? { value: toIn3(value, volume), unit, repaired } : { reason: 'VAT volume without a unit' };
    }
    case 'totalBodyFatPct':
    case 'androidGynoidRatio':
    case 'ageAtScan':
      return { value, unit, repaired };
    default:
      if (!mass) return { reason: `${pair.label}: no mass unit printed` };
      return { value: toLbs(value, mass), unit: unit ?? mass, repaired };
  }
}

/** The unit a document's masses are in when a value prints none: the first mass unit in a table heading or beside a value. */
function documentMassUnit(lines: TextLine[], family: string): MassUnit | null {
  for (const line of lines) {
    const header = tableHeader(line);
    const unit = header?.columns.map((c) => c.unit).find((u) => u !== null);
    if (unit) return unit;
  }
  return family === 'bodyspec' ? 'lbs' : null;
}

export function parseDexaReport(lines: TextLine[]): ParsedReport {
  const family = detectDexaFamily(lines) ?? 'generic';
  const fallback = documentMassUnit(lines, family);
  const header: Partial<DraftHeader> = { provider: PROVIDERS[family] ?? null };
  const items: DraftItem[] = [];
  const unreadLines: ParsedReport['unreadLines'] = [];
  const warnings: string[] = [];
  const summaries = new Map<SummaryField, Summary>();
  const regions = new Set<string>();
  const nextId = () => `r${items.length + summaries.size + 1}`;
  let table: TableHeader | null = null;
  let section: BoneSection = { site: 'body', side: null };

  const addSummary = (field: SummaryField, value: number, original: Summary['original'], source: Provenance, confidence: number) => {
    if (summaries.has(field)) return;
    summaries.set(field, { id: nextId(), type: 'dexa_summary', field, value, original, confidence, source, extractor: 'rules', rejected: false, corrected: [] });
  };
  const unread = (line: TextLine, reason: string) => unreadLines.push({ page: line.page, line: line.line, text: line.text, reason });

  const readSummary = (line: TextLine) => {
    for (const pair of labelledValues(line)) {
      const field = summaryField(pair.label, pair.unit);
      if (!field) continue;
      const converted = convert(field, pair, fallback);
      if ('reason' in converted) {
        unread(line, converted.reason);
        continue;
      }
      const ocr = pair.cells.map((c) => ({ confidence: c.confidence ?? 1, repaired: pair.repaired || converted.repaired }));
      addSummary(field, converted.value, { value: pair.value, unit: converted.unit, text: pair.text }, sourceOf(line), cellConfidence(ocr));
    }
  };

  const readRow = (line: TextLine, current: TableHeader): boolean => {
    const row = splitRow(line);
    if (current.kind === 'history') {
      // Earlier scans: their rows open with a date, which is no number and no label either.
      if (!findDate(line.text)) return false;
      if (!warnings.includes(HISTORY)) warnings.push(HISTORY);
      return true;
    }
    if (!row.values.some((v) => v.value !== null) || row.label === '') return false;
    const region = current.kind === 'composition' ? compositionRegion(row.label) : boneRegion(row.label, section);
    if (region === null) {
      if (labelledValues(line).some((p) => summaryField(p.label, p.unit))) return false;
      unread(line, `"${row.label}" names no ${current.kind === 'composition' ? 'body' : 'bone-density'} region`);
      return true;
    }
    const kind = current.kind === 'composition' ? 'dexa_region' : 'bone_density';
    if (region === 'skip') {
      warnings.push(`${row.label}: a ${current.kind} row the schema keeps no region for; left out`);
      return true;
    }
    const placed = placeValues(current.columns, row.values);
    if ('reason' in placed) {
      unread(line, placed.reason);
      return true;
    }
    if (regions.has(`${kind}:${region}`)) {
      warnings.push(`${row.label} (page ${line.page}): ${region} was already read; this row is left out`);
      return true;
    }
    regions.add(`${kind}:${region}`);
    if (current.kind === 'bone') {
      items.push(boneItem(nextId(), region as Parameters<typeof boneItem>[1], placed.cells, line));
      return true;
    }
    const { item, warning } = compositionItem(nextId(), region as Parameters<typeof compositionItem>[1], placed.cells, line, fallback);
    if (warning) warnings.push(warning);
    items.push(item);
    return true;
  };

  let skip = -1;
  lines.forEach((line, index) => {
    if (index === skip || /^\s*page\s+\d+\s*(?:of|\/)\s*\d+\s*$/i.test(line.text)) return;
    // A heading may take two rows: words over words, or words over their units ("Fat" / "(g)").
    const next = lines[index + 1];
    const alone = tableHeader(line);
    const stacked = next && !tableHeader(next) && (!alone || next.cells.every((c) => UNITS_ONLY.test(c.text))) ? stackHeadings(line, next) : null;
    const both = stacked ? tableHeader(stacked) : null;
    if (alone || both) {
      table = both ?? alone;
      if (both) skip = index + 1;
      return;
    }
    if (table && readRow(line, table)) return;
    if (table && !/\d/.test(line.text)) table = null;
    const site = /\d/.test(line.text.replace(/l1\s*-\s*l4/gi, '')) ? null : boneSection(line.text);
    if (site) section = site;
    for (const { label, date } of labelledDates(line.text)) {
      if (SCAN_DATE.test(label) && !/birth|dob|print|report/.test(label)) header.collectedAt ??= date;
    }
    const facility = /\b(?:facility|clinic|institution|location|center)\s*:\s*(.+?)(?:\s{2,}|$)/i.exec(line.text);
    if (facility && !header.provider) header.provider = facility[1]!.trim();
    readSummary(line);
    // A row of numbers outside any table is a table whose heading could not be read: listed, not lost.
    const row = splitRow(line);
    if (!table && row.label !== '' && row.values.filter((v) => v.value !== null).length >= 3 && !labelledValues(line).some((p) => summaryField(p.label, p.unit))) {
      unread(line, 'a row of numbers under no table heading that could be read');
    }
  });

  // The composition table's total row holds the totals a report does not print on their own.
  const total = items.find((i): i is Extract<DraftItem, { type: 'dexa_region' }> => i.type === 'dexa_region' && i.region === 'total');
  if (total) {
    const fromTotal: [SummaryField, number | null][] = [
      ['totalMassLbs', total.totalMassLbs],
      ['totalFatLbs', total.fatLbs],
      ['totalLeanLbs', total.leanLbs],
      ['totalBmcLbs', total.bmcLbs],
      ['totalBodyFatPct', total.bodyFatPct],
    ];
    for (const [field, value] of fromTotal) {
      if (value !== null) addSummary(field, value, { value, unit: field === 'totalBodyFatPct' ? '%' : 'lbs', text: `Total row: ${total.original?.text ?? ''}` }, total.source, total.confidence);
    }
  }
  if (!header.collectedAt) warnings.push('no scan date found');
  return { kind: 'dexa', family, header, items: [...summaries.values(), ...items], unreadLines, warnings };
}
