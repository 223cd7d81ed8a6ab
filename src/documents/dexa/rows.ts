// One table row as a draft item: a composition row in pounds (from lbs, kg or g as the column says)
// or a bone-density row. The masses must add up; a row whose parts and total disagree is kept
// with a low confidence and a warning, so that review looks at it.
import type { DraftItem } from '../draft';
import type { TextLine } from '../types';
import { cellConfidence, sourceOf, type ValueCell } from './cells';
import type { Column } from './columns';
import { balanceMasses, withinRange } from './decimals';
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
  let commaAsPoint = false;
  const lbs = (cell: Placed | undefined) => {
    const unit = unitOf(cell, fallback);
    if (cell?.value === null || cell?.value === undefined) return null;
    // Nobody prints grams to the milligram: "7.324" in a grams column is OCR's reading of "7,324".
    if (unit === 'g' && /^\d{1,3}\.\d{3}$/.test(cell.text)) {
      commaAsPoint = true;
      return toLbs(cell.value * 1000, 'g');
    }
    return toLbs(cell.value, unit ?? 'lbs');
  };
  const mass = (cell: Placed | undefined) => ({ lbs: lbs(cell), printed: cell?.text ?? '' });
  let fat = lbs(cells.fat);
  let bmc = lbs(cells.bmc);
  let lean = lbs(cells.lean);
  let total = lbs(cells.total);
  const used = Object.values(cells).filter((c): c is Placed => c !== undefined);
  let confidence = cellConfidence(used);
  const warnings: string[] = [];
  const adds = (parts: number, whole: number) => Math.abs(parts - whole) <= 0.02 * whole + 0.1;
  // Fat, lean and BMC add up to the total: the check that finds a value OCR misread.
  const withLean = cells.lean !== undefined;
  const parts = withLean ? [mass(cells.fat), mass(cells.lean), mass(cells.bmc)] : [mass(cells.fat), mass(cells.leanBmc)];
  const balanced = cells.total ? balanceMasses(parts, mass(cells.total), adds) : null;
  if (balanced) {
    [fat, lean] = [balanced.parts[0]!, withLean ? balanced.parts[1]! : lean];
    if (withLean) bmc = balanced.parts[2]!;
    total = balanced.total;
    confidence = Math.min(confidence, 0.7);
    warnings.push(`${region}: a decimal point restored so that the masses add up`);
  }
  // A part unread: the printed region %fat (fat ÷ total) is the check left for fat and total.
  const pctRead = cells.fatPct?.value ?? null;
  if (!balanced && fat !== null && total !== null && total > 0 && pctRead !== null && /\./.test(cells.fatPct!.text) && Math.abs((100 * fat) / total - pctRead) > 0.6) {
    const scales = (text: string) => (/[.,]/.test(text) ? [1] : [1, 10, 100]);
    const fits = scales(cells.fat!.text).flatMap((f) => scales(cells.total!.text).map((t) => ({ f, t, changed: Number(f > 1) + Number(t > 1) })));
    const fit = fits.sort((a, b) => a.changed - b.changed).find(({ f, t }) => Math.abs((100 * (fat! / f)) / (total! / t) - pctRead) <= 0.6);
    if (fit && fit.changed > 0) {
      [fat, total] = [round6(fat / fit.f), round6(total / fit.t)];
      confidence = Math.min(confidence, 0.7);
      warnings.push(`${region}: a decimal point restored so that fat ÷ total matches the body fat %`);
    }
  }
  const leanBmc = withLean ? null : balanced ? balanced.parts[1]! : lbs(cells.leanBmc);
  if (lean === null && leanBmc !== null && bmc !== null) lean = round6(leanBmc - bmc);
  const pctCell = cells.fatPct ?? cells.tissueFatPct;
  const sum0 = () => (fat !== null && lean !== null && bmc !== null ? fat + lean + bmc : fat !== null && leanBmc !== null ? fat + leanBmc : null);
  const expected0 = () => (fat === null ? null : cells.fatPct || !cells.tissueFatPct ? (total ? (fat / total) * 100 : null) : lean !== null ? (fat / (fat + lean)) * 100 : null);
  let pct = pctCell?.value ?? null;
  const expected = fat === null ? null : cells.fatPct ? (total ? (fat / total) * 100 : null) : lean !== null ? (fat / (fat + lean)) * 100 : null;
  if (pct !== null && pctCell && !/[.,]/.test(pctCell.text)) {
    const tenth = round6(pct / 10);
    if (pct > 100 || (expected !== null && Math.abs(pct - expected) > 1.5 && Math.abs(tenth - expected) <= 1.5)) {
      pct = withinRange(tenth, '', 100).value;
      confidence = Math.min(confidence, 0.7);
      warnings.push(`${region}: a decimal point restored in the body fat %`);
    }
  }
  // The masses add up, so they are right: a printed % that disagrees with them was misread.
  const trusted = total !== null && fat !== null && (balanced !== null || (sum0() !== null && adds(sum0()!, total)));
  if (trusted && expected0() !== null && (pct === null || Math.abs(pct - expected0()!) > 1.5)) {
    warnings.push(`${region}: body fat ${pctCell?.text ?? 'blank'} does not match the masses; ${expected0()!.toFixed(1)} % computed from them`);
    pct = Math.round(expected0()! * 10) / 10;
    confidence = Math.min(confidence, 0.5);
  }
  if (commaAsPoint) {
    confidence = Math.min(confidence, 0.7);
    warnings.push(`${region}: a thousands separator read as a decimal point`);
  }
  const unreadable = used.filter((c) => !c.readable);
  if (unreadable.length > 0) {
    confidence = Math.min(confidence, 0.3);
    warnings.push(`${region}: ${unreadable.map((c) => `"${c.text}"`).join(', ')} could not be read as a number`);
  }
  const units = [...new Set(used.map((c) => unitOf(c, fallback)).filter((u) => u !== null))];
  if (used.some((c) => ['fat', 'lean', 'leanBmc', 'bmc', 'total'].includes(c.column.kind) && unitOf(c, fallback) === null)) {
    confidence = Math.min(confidence, 0.6);
    warnings.push(`${region}: no mass unit printed; read as lbs`);
  }
  const sum = fat !== null && lean !== null && bmc !== null ? fat + lean + bmc : null;
  if (sum !== null && total !== null && !adds(sum, total)) {
    confidence = Math.min(confidence, 0.5);
    warnings.push(`${region}: fat + lean + BMC (${sum.toFixed(2)} lbs) does not add up to the total mass (${total.toFixed(2)} lbs)`);
  }
  if (pct !== null && (pct < 0 || pct > 100)) {
    confidence = Math.min(confidence, 0.4);
    warnings.push(`${region}: body fat ${pct} % is not a percentage`);
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
    warning: warnings.length > 0 ? warnings.join('; ') : undefined,
  };
}

export function boneItem(id: string, region: BoneRegion, cells: Cells, line: TextLine): Item<'bone_density'> {
  // BMD is near 1 g/cm² and scores within a few SD: larger printed without a point lost one.
  const bmd = withinRange(cells.bmd?.value ?? null, cells.bmd?.text ?? '', 3);
  const t = withinRange(cells.tScore?.value ?? null, cells.tScore?.text ?? '', 7);
  const z = withinRange(cells.zScore?.value ?? null, cells.zScore?.text ?? '', 7);
  const repaired = [bmd, t, z].some((r) => r.repaired);
  const used = [cells.bmd, cells.tScore, cells.zScore].filter((c): c is Placed => c !== undefined);
  const unreadable = used.some((c) => !c.readable);
  return {
    id,
    type: 'bone_density',
    region,
    bmdGCm2: bmd.value,
    tScore: t.value,
    zScore: z.value,
    confidence: unreadable ? 0.3 : repaired ? Math.min(0.7, cellConfidence(used)) : cellConfidence(used),
    source: sourceOf(line),
    extractor: 'rules',
    rejected: false,
    corrected: [],
  };
}
