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

export type TableKind = 'composition' | 'bone';

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
  if (kinds.has('bmd') && (kinds.has('tScore') || kinds.has('zScore'))) return { kind: 'bone', columns };
  if (COMPOSITION.filter((k) => kinds.has(k)).length >= 3) return { kind: 'composition', columns };
  return null;
}
