// The body a DEXA fixture reports on, in grams per region, and the same numbers as each report
// prints them (lbs, kg or g, rounded as that report rounds) with the truth a correct parse
// yields: the printed number converted to the schema's unit, never the unrounded grams.
import { Random } from '../../random';
import type { ValueTruth } from './truth';

export interface Tissue {
  fat: number;
  lean: number;
  bmc: number;
}

export const PARTS = ['arm_left', 'arm_right', 'leg_left', 'leg_right', 'trunk', 'head', 'android', 'gynoid'] as const;
export type Part = (typeof PARTS)[number];
export type Region = Part | 'arms' | 'legs' | 'total';

const BASE: Record<Part, Tissue> = {
  arm_left: { fat: 1100, lean: 3900, bmc: 210 },
  arm_right: { fat: 1150, lean: 4100, bmc: 220 },
  leg_left: { fat: 3300, lean: 10200, bmc: 580 },
  leg_right: { fat: 3350, lean: 10400, bmc: 590 },
  trunk: { fat: 8200, lean: 28500, bmc: 900 },
  head: { fat: 1050, lean: 3300, bmc: 560 },
  android: { fat: 1500, lean: 3600, bmc: 60 },
  gynoid: { fat: 3200, lean: 8600, bmc: 290 },
};

/** A subject: the base body scaled by fatness and frame, each region varied a little. */
export function body(seed: string, fatScale: number, leanScale: number): Record<Region, Tissue> {
  const random = new Random(`dexa:${seed}`);
  const parts = Object.fromEntries(
    PARTS.map((p) => [p, { fat: BASE[p].fat * fatScale * random.uniform(0.9, 1.1), lean: BASE[p].lean * leanScale * random.uniform(0.95, 1.05), bmc: BASE[p].bmc * leanScale * random.uniform(0.95, 1.05) }]),
  ) as Record<Part, Tissue>;
  const sum = (...names: Part[]): Tissue => ({
    fat: names.reduce((s, n) => s + parts[n].fat, 0),
    lean: names.reduce((s, n) => s + parts[n].lean, 0),
    bmc: names.reduce((s, n) => s + parts[n].bmc, 0),
  });
  return { ...parts, arms: sum('arm_left', 'arm_right'), legs: sum('leg_left', 'leg_right'), total: sum('arm_left', 'arm_right', 'leg_left', 'leg_right', 'trunk', 'head') };
}

export type Unit = 'lbs' | 'kg' | 'g';

const FROM_GRAMS: Record<Unit, number> = { lbs: 1 / 453.59237, kg: 1 / 1000, g: 1 };
const TO_LBS: Record<Unit, number> = { lbs: 1, kg: 2.2046226218487757, g: 1 / 453.59237 };

/** A mass as printed: in the unit, to the decimals, with thousands separated when asked. */
export function printMass(grams: number, unit: Unit, decimals: number, commas = false): string {
  const value = (grams * FROM_GRAMS[unit]).toFixed(decimals);
  return commas ? Number(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : value;
}

/** The pounds a correct parse reads from the printed text. */
export const printedLbs = (printed: string, unit: Unit) => Number(printed.replace(/,/g, '')) * TO_LBS[unit];

export interface PrintedRow {
  region: Region;
  fat: string;
  lean: string;
  bmc: string;
  total: string;
  pct: string;
}

export function printRow(region: Region, t: Tissue, unit: Unit, decimals: { mass: number; bmc: number; total?: number; totalUnit?: Unit }, commas = false): PrintedRow {
  const total = t.fat + t.lean + t.bmc;
  return {
    region,
    fat: printMass(t.fat, unit, decimals.mass, commas),
    lean: printMass(t.lean, unit, decimals.mass, commas),
    bmc: printMass(t.bmc, unit, decimals.bmc, commas),
    total: printMass(total, decimals.totalUnit ?? unit, decimals.total ?? decimals.mass, commas),
    pct: ((t.fat / total) * 100).toFixed(1),
  };
}

export function regionTruth(row: PrintedRow, unit: Unit, totalUnit: Unit = unit, dbRegion: string = row.region): ValueTruth {
  return {
    type: 'dexa_region',
    key: dbRegion,
    values: {
      bodyFatPct: Number(row.pct),
      fatLbs: printedLbs(row.fat, unit),
      leanLbs: printedLbs(row.lean, unit),
      bmcLbs: printedLbs(row.bmc, unit),
      totalMassLbs: printedLbs(row.total, totalUnit),
    },
  };
}

export const summaryTruth = (field: string, value: number): ValueTruth => ({ type: 'dexa_summary', key: field, values: { value } });

export const boneTruth = (region: string, bmd: string, t: string, z: string): ValueTruth => ({
  type: 'bone_density',
  key: region,
  values: { bmdGCm2: Number(bmd), tScore: Number(t), zScore: Number(z) },
});
