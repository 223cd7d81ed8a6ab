// Column headings of the composition and bone-density tables. A heading says what a column holds
// and often its unit ("Fat (g)", "Total Mass (kg)", "BMD (g/cm²)"); columns the schema has no
// place for (Area, Tissue (g), percentiles, PR/AM %) are kept as 'other' so that positions still line up.
import type { TextLine } from '../types';
import { phrases, words } from './cells';
import { massUnit, readNumber, type MassUnit } from './numbers';

export type ColumnKind =
  | 'label'
  | 'fatPct'
  | 'tissueFatPct'
  | 'fat'
  | 'lean'
  | 'leanBmc'
  | 'bmc'
  | 'total'
  | 'bmd'
  | 'tScore'
  | 'zScore'
  | 'other';

export interface Column {
  kind: ColumnKind;
  heading: string;
  x: number;
  width: number;
  unit: MassUnit | null;
}

function kindOf(heading: string): ColumnKind {
  const w = words(heading);
  if (/^(?:region|site|area name|location)$/.test(w)) return 'label';
  if (/t ?score|young adult/.test(w)) return 'tScore';
  if (/z ?score|age matched/.test(w)) return 'zScore';
  if (/\bbmd\b|g\/cm2/.test(w) && !/\barea\b/.test(w)) return 'bmd';
  if (/tile|percentile|\byn\b|\bam\b|\bpr\b|centile|area|index|ratio/.test(w)) return 'other';
  if (/lean ?\+ ?bmc|lean and bmc|fat free/.test(w)) return 'leanBmc';
  if (/%|percent|pct/.test(w) && /fat/.test(w)) return /tissue/.test(w) ? 'tissueFatPct' : 'fatPct';
  if (/\bfat\b/.test(w)) return 'fat';
  if (/\blean\b|muscle/.test(w)) return 'lean';
  if (/\bbmc\b|bone mass|bone mineral content|\bbone\b/.test(w)) return 'bmc';
  if (/\btissue\b/.test(w)) return 'other';
  if (/\btotal\b|\bmass\b|\bweight\b/.test(w)) return 'total';
  return 'other';
}

/** 'history' is a table of earlier scans, one row per date (trend tables): not this scan's values. */
export type TableKind = 'composition' | 'bone' | 'history';

export interface TableHeader {
  kind: TableKind;
  columns: Column[];
}

const COMPOSITION: ColumnKind[] = ['fat', 'lean', 'leanBmc', 'bmc', 'total', 'fatPct', 'tissueFatPct'];

/** The line as a table heading, or null when it is not one. */
export function tableHeader(line: TextLine): TableHeader | null {
  const columns = phrases(line).map((p) => ({ kind: kindOf(p.text), heading: p.text, x: p.x, width: p.width, unit: massUnit(p.text) }));
  // Headings hold no numbers; a digit inside one is OCR's reading of a unit ("(9)" for "(g)", "cm2").
  if (columns.some((c) => c.kind !== 'other' && c.kind !== 'label' ? false : readNumber(c.heading)?.value != null)) return null;
  const kinds = new Set(columns.map((c) => c.kind));
  const dated = /^(?:scan |measured |exam )?date|^scan$/i.test(words(columns[0]?.heading ?? ''));
  const bone = kinds.has('bmd') && (kinds.has('tScore') || kinds.has('zScore'));
  const composition = COMPOSITION.filter((k) => kinds.has(k)).length >= 3;
  if ((bone || composition) && dated) return { kind: 'history', columns };
  if (bone) return { kind: 'bone', columns };
  if (composition) return { kind: 'composition', columns };
  return null;
}

/**
 * Two heading rows read as one ("Tissue" over "(%Fat)", "Fat" over "(g)"): each phrase of the lower
 * row joins the upper phrase it sits under. Null when the lower row holds numbers.
 */
export function stackHeadings(upper: TextLine, lower: TextLine): TextLine | null {
  if (lower.page !== upper.page || lower.cells.some((c) => readNumber(c.text)?.value != null && !/^\(\d\)$/.test(c.text))) return null;
  const merged = phrases(upper).map((p) => ({ ...p }));
  for (const below of phrases(lower)) {
    const centre = below.x + below.width / 2;
    const above = merged.find((p) => centre >= p.x - 4 && centre <= p.x + p.width + 4) ?? merged.find((p) => below.x < p.x + p.width && p.x < below.x + below.width);
    if (above) {
      above.text = `${above.text} ${below.text}`;
      const right = Math.max(above.x + above.width, below.x + below.width);
      above.x = Math.min(above.x, below.x);
      above.width = right - above.x;
    } else merged.push({ ...below });
  }
  merged.sort((a, b) => a.x - b.x);
  const cells = merged.map((p) => ({ text: p.text, x: p.x, y: upper.y, width: p.width, height: upper.height }));
  return { ...upper, cells, text: cells.map((c) => c.text).join('  ') };
}
