// Generated report fixtures and the truth they were drawn from, and the score of a draft against
// that truth: what the report tests and the benchmark's documents phase measure.
import type { Draft, DraftHeader, DraftItem, ReportKind } from '../../../src/documents/draft';

/** One lab result as the fixture prints it and as a correct parse must read it. */
export interface LabTruth {
  type: 'lab_result';
  printedName: string;
  value: number | null;
  valueText: string | null;
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  refRangeText: string | null;
  flag: 'H' | 'L' | 'HH' | 'LL' | 'ABNORMAL' | null;
  /** The dictionary slug it must map to; null when it must be kept unmatched. */
  canonicalName: string | null;
}

/** Any other item: its type, its key (field, region or organ system) and its numbers. */
export interface ValueTruth {
  type: Exclude<DraftItem['type'], 'lab_result'>;
  key: string;
  values: Record<string, number | null>;
}

export type TruthItem = LabTruth | ValueTruth;

export interface ReportFixture {
  name: string;
  kind: ReportKind;
  family: string;
  /** 'text' for a PDF with a text layer, 'scan' for an image-only copy (the OCR path). */
  layer: 'text' | 'scan';
  mimeType: 'application/pdf' | 'image/png' | 'image/jpeg';
  bytes: Buffer;
  pages: number;
  truth: { header: Partial<DraftHeader>; items: TruthItem[] };
}

export interface ReportScore {
  expected: number;
  found: number;
  /** Items whose every checked field is right. */
  right: number;
  /** Truth items neither among the items nor among the unread lines. */
  dropped: number;
  precision: number;
  recall: number;
  mistakes: string[];
}

const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9%]+/g, '');
const unitKey = (unit: string | null) =>
  unit === null ? null : unit.toLowerCase().replace(/\s+/g, '').replace(/[µμ]/g, 'u').replace(/mcg/g, 'ug').replace(/^x?10[e^*]?(\d+)/, '10^$1');
const same = (a: number | null | undefined, b: number | null | undefined) =>
  (a ?? null) === null || (b ?? null) === null ? (a ?? null) === (b ?? null) : Math.abs(a! - b!) <= 1e-6 + Math.abs(b!) * 1e-4;

function itemKey(item: DraftItem | TruthItem): string {
  if (item.type === 'lab_result') return `lab:${key(item.printedName)}`;
  if ('key' in item) return `${item.type}:${item.key}`;
  switch (item.type) {
    case 'dexa_summary':
    case 'epigenetic_summary':
      return `${item.type}:${item.field}`;
    case 'dexa_region':
    case 'bone_density':
      return `${item.type}:${item.region}`;
    case 'organ_age':
      return `${item.type}:${item.organSystem}`;
  }
}

function labMistakes(truth: LabTruth, found: Extract<DraftItem, { type: 'lab_result' }>): string[] {
  const wrong: string[] = [];
  if (!same(found.value, truth.value)) wrong.push(`value ${found.value} ≠ ${truth.value}`);
  if (truth.value === null && key(found.valueText ?? '') !== key(truth.valueText ?? '')) wrong.push(`valueText ${found.valueText} ≠ ${truth.valueText}`);
  if (unitKey(found.unit) !== unitKey(truth.unit)) wrong.push(`unit ${found.unit} ≠ ${truth.unit}`);
  if (!same(found.refLow, truth.refLow) || !same(found.refHigh, truth.refHigh)) wrong.push(`range ${found.refLow}–${found.refHigh} ≠ ${truth.refLow}–${truth.refHigh}`);
  if ((found.flag ?? null) !== truth.flag) wrong.push(`flag ${found.flag} ≠ ${truth.flag}`);
  if ((found.canonicalName ?? null) !== truth.canonicalName) wrong.push(`marker ${found.canonicalName} ≠ ${truth.canonicalName}`);
  return wrong;
}

function valueMistakes(truth: ValueTruth, found: DraftItem): string[] {
  const record = found as unknown as Record<string, number | null>;
  return Object.entries(truth.values)
    .filter(([field, value]) => !same(record[field], value))
    .map(([field, value]) => `${field} ${record[field]} ≠ ${value}`);
}

/** Scores a draft against its fixture's truth, item by item (precision over the draft's own items). */
export function scoreDraft(draft: Draft, truth: ReportFixture['truth']): ReportScore {
  const items = draft.items.filter((i) => !i.rejected);
  const byKey = new Map<string, DraftItem>();
  for (const item of items) if (!byKey.has(itemKey(item))) byKey.set(itemKey(item), item);
  const unread = draft.unreadLines.map((l) => key(l.text));
  let right = 0;
  let dropped = 0;
  const mistakes: string[] = [];
  for (const expected of truth.items) {
    const found = byKey.get(itemKey(expected));
    if (!found) {
      const listed = expected.type === 'lab_result' && unread.some((l) => l.includes(key(expected.printedName)));
      if (!listed) dropped++;
      mistakes.push(`${itemKey(expected)}: ${listed ? 'listed unread' : 'missing'}`);
      continue;
    }
    const wrong = expected.type === 'lab_result' ? labMistakes(expected, found as Extract<DraftItem, { type: 'lab_result' }>) : valueMistakes(expected, found);
    if (wrong.length === 0) right++;
    else mistakes.push(`${itemKey(expected)}: ${wrong.join(', ')}`);
  }
  return {
    expected: truth.items.length,
    found: items.length,
    right,
    dropped,
    precision: items.length === 0 ? 0 : right / items.length,
    recall: truth.items.length === 0 ? 1 : right / truth.items.length,
    mistakes,
  };
}
