// The model's answer becomes draft items: ids m1, m2, …, extractor 'model', the row each item was
// read from (found by its printed name or label, never taken from the model's word), numbers
// converted to the draft's units, and a confidence the model cannot raise above MAX_MODEL_CONFIDENCE
// and that drops when its numbers are not printed in that row: a model may invent, the text may not.
import type { DraftHeader, DraftItem, Provenance } from '../draft';
import type { TextLine } from '../types';
import { ExtractorError, type Answer, type AnswerItem } from './answer';

/** A model's item never confirms itself as surely as a rule's. */
export const MAX_MODEL_CONFIDENCE = 0.8;
/** When the model gives none. */
const DEFAULT_MODEL_CONFIDENCE = 0.7;
/** Its name or label is on no row. */
const NOT_FOUND = 0.5;
/** One of its numbers is not printed where it was claimed (its row, or anywhere when no row was found). */
const NOT_PRINTED = 0.4;

const normal = (text: string) => ` ${text.toLowerCase().replace(/[^a-z0-9%]+/g, ' ').trim()} `;

function numbersIn(text: string): number[] {
  return (text.match(/\d[\d,]*(?:\.\d+)?|\.\d+/g) ?? []).map((n) => Number(n.replace(/,/g, ''))).filter(Number.isFinite);
}

/** The number is printed in the text (sign aside: "-1.2" and "1.2" are one token to a row split on dashes). */
function printedIn(value: number, text: string): boolean {
  const target = Math.abs(value);
  return numbersIn(text).some((n) => Math.abs(n - target) <= 1e-9 * Math.max(1, target));
}

function itemName(item: AnswerItem): string | null {
  return item.type === 'lab_result' ? item.printedName : item.label;
}

/** The numbers (or, for a qualitative result, the text) that must be printed in the item's row. */
function claims(item: AnswerItem): { numbers: number[]; text: string | null } {
  switch (item.type) {
    case 'lab_result':
      return { numbers: item.value === null ? [] : [item.value], text: item.value === null ? item.valueText : null };
    case 'dexa_summary':
    case 'epigenetic_summary':
      return { numbers: item.value === null ? [] : [item.value], text: null };
    case 'dexa_region':
      return { numbers: [item.bodyFatPct, item.fat, item.lean, item.bmc, item.totalMass].filter((n): n is number => n !== null), text: null };
    case 'bone_density':
      return { numbers: [item.bmdGCm2, item.tScore, item.zScore].filter((n): n is number => n !== null), text: null };
    case 'organ_age':
      return { numbers: [item.biologicalAge, item.chronologicalAge].filter((n): n is number => n !== null), text: null };
  }
}

function claimsPrinted(item: AnswerItem, text: string): boolean {
  const { numbers, text: qualitative } = claims(item);
  return numbers.every((n) => printedIn(n, text)) && (qualitative === null || normal(text).includes(normal(qualitative)));
}

/**
 * The row holding the item: one whose text contains its name as whole words, preferring rows not
 * yet given to another item, rows that start with the name, and rows where its numbers are printed.
 */
function locate(item: AnswerItem, lines: TextLine[], used: Set<TextLine>): TextLine | null {
  const name = itemName(item);
  if (!name || normal(name).trim() === '') return null;
  const wanted = normal(name);
  let best: TextLine | null = null;
  let bestScore = -1;
  for (const line of lines) {
    const text = normal(line.text);
    if (!text.includes(wanted)) continue;
    const score = (used.has(line) ? 0 : 4) + (claimsPrinted(item, line.text) ? 2 : 0) + (text.startsWith(wanted) ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [line, score];
  }
  return best;
}

const provenanceOf = (line: TextLine | null): Provenance =>
  line ? { page: line.page, line: line.line, x: line.x, y: line.y, width: line.width, height: line.height } : null;

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const LB_PER_KG = 2.20462262185;

/** A mass in pounds; the unit as printed (null: pounds, as the draft's field is named). */
function toLbs(value: number | null, unit: string | null, at: string): number | null {
  if (value === null) return null;
  const u = (unit ?? 'lbs').toLowerCase().replace(/[.\s]/g, '');
  if (/^(lbs?|pounds?)$/.test(u)) return value;
  if (/^(kg|kilograms?)$/.test(u)) return round3(value * LB_PER_KG);
  if (/^(g|grams?)$/.test(u)) return round3((value / 1000) * LB_PER_KG);
  throw new ExtractorError(`${at} must be a mass unit (lbs, kg, g), not "${unit}"`);
}

function summaryValue(field: string, value: number | null, unit: string | null, at: string): number | null {
  if (value === null) return null;
  if (/Lbs$/.test(field)) return toLbs(value, unit, at);
  const u = (unit ?? '').toLowerCase().replace(/[.\s]/g, '');
  if (field === 'heightIn') {
    if (u === '' || /^(in|inches|")$/.test(u)) return value;
    if (u === 'cm') return round3(value / 2.54);
    if (u === 'm') return round3((value * 100) / 2.54);
    throw new ExtractorError(`${at} must be a length unit (in, cm, m), not "${unit}"`);
  }
  if (field === 'visceralFatIn3') {
    if (u === '' || /^(in3|in³|in\^3|cuin|cubicinches)$/.test(u)) return value;
    if (/^(cm3|cm³|cm\^3|cc|ml)$/.test(u)) return round3(value / 16.387064);
    throw new ExtractorError(`${at} must be a volume unit (in³, cm³), not "${unit}"`);
  }
  return value;
}

function toDraftItem(item: AnswerItem, index: number, row: TextLine | null): DraftItem {
  const base = { id: `m${index + 1}`, confidence: 0, source: provenanceOf(row), extractor: 'model' as const, rejected: false, corrected: [] };
  const at = `items[${index}]`;
  const printed = row?.text ?? itemName(item) ?? '';
  switch (item.type) {
    case 'lab_result':
      return {
        ...base, type: 'lab_result', printedName: item.printedName, subPanel: item.subPanel, value: item.value, valueText: item.valueText, comparator: item.comparator,
        unit: item.unit, printedUnit: item.unit, refRangeText: item.refRangeText, refLow: item.refLow, refHigh: item.refHigh, flag: item.flag, printedFlag: item.flag,
        loinc: item.loinc, biomarkerId: null, canonicalName: null, matchedBy: null,
      };
    case 'dexa_summary':
      return { ...base, type: 'dexa_summary', field: item.field, value: summaryValue(item.field, item.value, item.unit, `${at}.unit`), original: { value: item.value, unit: item.unit, text: printed } };
    case 'dexa_region': {
      const lbs = (n: number | null) => toLbs(n, item.massUnit, `${at}.massUnit`);
      return {
        ...base, type: 'dexa_region', region: item.region, bodyFatPct: item.bodyFatPct, fatLbs: lbs(item.fat), leanLbs: lbs(item.lean), bmcLbs: lbs(item.bmc), totalMassLbs: lbs(item.totalMass),
        original: { value: null, unit: item.massUnit, text: printed },
      };
    }
    case 'bone_density':
      return { ...base, type: 'bone_density', region: item.region, bmdGCm2: item.bmdGCm2, tScore: item.tScore, zScore: item.zScore };
    case 'epigenetic_summary':
      return { ...base, type: 'epigenetic_summary', field: item.field, value: item.value, original: { value: item.value, unit: item.unit, text: printed } };
    case 'organ_age':
      return { ...base, type: 'organ_age', organSystem: item.organSystem, biologicalAge: item.biologicalAge, chronologicalAge: item.chronologicalAge };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function confidenceOf(item: AnswerItem, row: TextLine | null, allText: string): number {
  let confidence = Math.min(MAX_MODEL_CONFIDENCE, item.confidence ?? DEFAULT_MODEL_CONFIDENCE);
  if (!row) confidence *= NOT_FOUND;
  if (!claimsPrinted(item, row ? row.text : allText)) confidence *= NOT_PRINTED;
  return round2(confidence);
}

export function answerItems(answer: Answer, lines: TextLine[]): { items: DraftItem[]; notFound: number } {
  const used = new Set<TextLine>();
  const allText = lines.map((l) => l.text).join('\n');
  let notFound = 0;
  const items = answer.items.map((item, index) => {
    const row = locate(item, lines, used);
    if (row) used.add(row);
    else notFound++;
    return { ...toDraftItem(item, index, row), confidence: confidenceOf(item, row, allText) };
  });
  return { items, notFound };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The header's non-null fields; dates the draft cannot hold are left out with a warning. */
export function answerHeader(header: Answer['header'], warnings: string[]): Partial<DraftHeader> {
  const out: Partial<DraftHeader> = {};
  for (const [field, value] of Object.entries(header) as [keyof DraftHeader, string | boolean | null][]) {
    if (value === null) continue;
    if ((field === 'collectedAt' || field === 'reportedAt') && !ISO_DATE.test(String(value))) {
      warnings.push(`extractor: header.${field} ${JSON.stringify(value)} is not a date (YYYY-MM-DD); left out`);
      continue;
    }
    (out as Record<string, unknown>)[field] = value;
  }
  return out;
}
