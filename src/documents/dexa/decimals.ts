// OCR loses small decimal points: "41.3" comes back as "413". A value printed without a point
// that is out of its field's range is read again with the point restored (÷10 until it fits);
// masses, which have no fixed range, are restored when that is what makes a row add up.
import { round6 } from './numbers';

export interface Restored {
  value: number | null;
  repaired: boolean;
}

/** The value, or the value with its lost decimal point restored when it exceeds max. */
export function withinRange(value: number | null, printed: string, max: number): Restored {
  if (value === null || Math.abs(value) <= max || /[.,]/.test(printed)) return { value, repaired: false };
  let v = value;
  while (Math.abs(v) > max) v /= 10;
  return { value: round6(v), repaired: true };
}

export interface MassCell {
  /** Pounds as read. */
  lbs: number | null;
  printed: string;
}

/**
 * Scales (÷10, ÷100) that make fat + lean + BMC equal the total, changing as few values as
 * possible; null when the row adds up as read or no such repair exists.
 */
export function balanceMasses(parts: MassCell[], total: MassCell, fits: (parts: number, total: number) => boolean): { parts: number[]; total: number } | null {
  const cells = [...parts, total];
  if (cells.some((c) => c.lbs === null)) return null;
  const sum = (values: number[]) => values.slice(0, -1).reduce((s, v) => s + v, 0);
  const values = cells.map((c) => c.lbs!);
  if (fits(sum(values), values[values.length - 1]!)) return null;
  const choices = cells.map((c) => (/[.,]/.test(c.printed) ? [1] : [1, 10, 100]));
  let best: { changed: number; values: number[] } | null = null;
  const visit = (i: number, scaled: number[], changed: number) => {
    if (best && changed >= best.changed) return;
    if (i === cells.length) {
      if (fits(sum(scaled), scaled[scaled.length - 1]!)) best = { changed, values: scaled };
      return;
    }
    for (const divisor of choices[i]!) visit(i + 1, [...scaled, round6(values[i]! / divisor)], changed + (divisor === 1 ? 0 : 1));
  };
  visit(0, [], 0);
  const found = best as { changed: number; values: number[] } | null;
  return found ? { parts: found.values.slice(0, -1), total: found.values[found.values.length - 1]! } : null;
}
