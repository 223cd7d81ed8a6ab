// One table row as a draft item: a composition row in pounds (from lbs, kg or g as the column says)
// or a bone-density row. The masses must add up; a row whose parts and total disagree is kept
// with a low confidence and a warning, so that review looks at it.
import type { DraftItem } from '../draft';
import type { TextLine } from '../types';
import { cellConfidence, sourceOf, type ValueCell } from './cells';
import type { Column } from './columns';
import { massUnit, round6, toLbs, type MassUnit } from './numbers';
import type { BoneRegion, DexaRegion } from './regions';
import type { Cells } from './table';

type Item<T extends DraftItem['type']> = Extract<DraftItem, { type: T }>;
type Placed = ValueCell & { column: Column };

export function unitOf(cell: Placed | undefined, fallback: MassUnit | null): MassUnit | null {
  if (!cell) return null;
  return cell.column.unit ?? (cell.unit ? massUnit(cell.unit) : null) ?? fallback;
}

export function compositionItem(id: string, region: DexaRegion, cells: Cells, line: TextLine, fallback: MassUnit | null): { item: Item<'dexa_region'>; warning?: string } {
  const lbs = (cell: Placed | undefined) => {
    const unit = unitOf(cell, fallback);
    return cell?.value === null || cell?.value === undefined ? null : toLbs(cell.value, unit ?? 'lbs');
  };
  const fat = lbs(cells.fat);
  const bmc = lbs(cells.bmc);
  const leanBmc = lbs(cells.leanBmc);
  const lean = cells.lean ? lbs(cells.lean) : leanBmc !== null && bmc !== null ? round6(leanBmc - bmc) : null;
  const total = lbs(cells.total);
  const pct = (cells.fatPct ?? cells.tissueFatPct)?.value ?? null;
  const used = Object.values(cells).filter((c): c is Placed => c !== undefined);
  const units = [...new Set(used.map((c) => unitOf(c, fallback)).filter((u) => u !== null))];
  let confidence = cellConfidence(used);
  let warning: string | undefined;
  if (used.some((c) => ['fat', 'lean', 'leanBmc', 'bmc', 'total'].includes(c.column.kind) && unitOf(c, fallback) === null)) {
    confidence = Math.min(confidence, 0.6);
    warning = `${region}: no mass unit printed; read as lbs`;
  }
  const parts = fat !== null && lean !== null && bmc !== null && total !== null ? fat + lean + bmc : null;
  if (parts !== null && total !== null && Math.abs(parts - total) > 0.02 * total + 0.1) {
    confidence = Math.min(confidence, 0.5);
    warning = `${region}: fat + lean + BMC (${parts.toFixed(2)} lbs) does not add up to the total mass (${total.toFixed(2)} lbs)`;
  }
  if (pct !== null && (pct < 0 || pct > 100)) {
    confidence = Math.min(confidence, 0.4);
    warning = `${region}: body fat ${pct} % is not a percentage`;
  }
  return {
    item: {
      id,
      type: 'dexa_region',
      region,
      bodyFatPct: pct,
      fatLbs: fat,
      leanLbs: lean,
      bmcLbs: bmc,
      totalMassLbs: total,
      original: { value: null, unit: units.join(', ') || null, text: line.text },
      confidence,
      source: sourceOf(line),
      extractor: 'rules',
      rejected: false,
      corrected: [],
    },
    warning,
  };
}

export function boneItem(id: string, region: BoneRegion, cells: Cells, line: TextLine): Item<'bone_density'> {
  const bmd = cells.bmd?.value ?? null;
  const t = cells.tScore?.value ?? null;
  const z = cells.zScore?.value ?? null;
  const plausible = (bmd === null || (bmd > 0.1 && bmd < 3)) && [t, z].every((s) => s === null || Math.abs(s) < 8);
  const used = [cells.bmd, cells.tScore, cells.zScore].filter((c): c is Placed => c !== undefined);
  return {
    id,
    type: 'bone_density',
    region,
    bmdGCm2: bmd,
    tScore: t,
    zScore: z,
    confidence: plausible ? cellConfidence(used) : 0.3,
    source: sourceOf(line),
    extractor: 'rules',
    rejected: false,
    corrected: [],
  };
}
