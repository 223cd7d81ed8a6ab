// HealthKit unit strings as they appear in export.xml, converted to the columns' units.
// An unknown unit returns undefined: the caller drops the value with a counted reason.

const METRES: Record<string, number> = { m: 1, km: 1000, cm: 0.01, mi: 1609.344, ft: 0.3048, yd: 0.9144, in: 0.0254 };
const KCAL: Record<string, number> = { kcal: 1, Cal: 1, cal: 0.001, kJ: 1 / 4.184, J: 1 / 4184 };
const KG: Record<string, number> = { kg: 1, g: 0.001, lb: 0.45359237, st: 6.35029318 };
const MINUTES: Record<string, number> = { min: 1, s: 1 / 60, hr: 60, h: 60 };

const convert = (table: Record<string, number>) => (value: number, unit: string | undefined): number | undefined => {
  const factor = unit === undefined ? undefined : table[unit];
  return factor === undefined ? undefined : value * factor;
};

export const toMetres = convert(METRES);
export const toKcal = convert(KCAL);
export const toKg = convert(KG);
export const toMinutes = convert(MINUTES);

/** Beats per minute: HealthKit writes "count/min". */
export const toBpm = (value: number, unit: string | undefined): number | undefined => (unit === 'count/min' || unit === 'bpm' ? value : undefined);

/** Percent from HealthKit's "%" unit, which holds a fraction (0.97 means 97 %). */
export const fractionToPct = (value: number, unit: string | undefined): number | undefined => (unit === '%' ? (value <= 1 ? value * 100 : value) : undefined);

export function toCelsius(value: number, unit: string | undefined): number | undefined {
  if (unit === 'degC') return value;
  if (unit === 'degF') return ((value - 32) * 5) / 9;
  return undefined;
}

export const round = (v: number, places: number): number => Math.round(v * 10 ** places) / 10 ** places;
