// OCR drops decimal points: "41.4" comes back as "414", "11.6-15.4" as "116-154". On a scanned row
// the reference range printed beside a result says which scale is right: a result ten times past
// a range that has decimals, or a range ten times past a result that has one, is put back — only
// when one tenth lands the number inside what the row itself says, and with less confidence.
import type { RefRange, ResultValue } from './values';

const hasPoint = (text: string | null | undefined) => text !== null && text !== undefined && /\d\.\d/.test(text);

export interface DecimalsRestored {
  value: ResultValue;
  range: RefRange | null;
  restored: boolean;
}

export function restoreDecimals(value: ResultValue, printedValue: string, range: RefRange | null): DecimalsRestored {
  const unchanged = { value, range, restored: false };
  if (value.value === null || range === null || range.high === null) return unchanged;
  const v = value.value;
  const low = range.low ?? 0;
  const high = range.high;
  // "414" beside 37.5-51.0, "142" beside 0.60-1.29: the result lost its point.
  if (!hasPoint(printedValue) && hasPoint(range.text) && /\d{2,}/.test(printedValue) && v > high * 3) {
    for (const scale of [10, 100]) {
      if (v / scale >= low * 0.7 && v / scale <= high * 1.5) return { value: { ...value, value: v / scale }, range, restored: true };
    }
  }
  // "0.7-31" beside 2.0: the high end lost its point (labs print both ends to one precision).
  const [lowText, highText] = range.text.split(/\s*[-–]\s*/);
  if (highText !== undefined && hasPoint(lowText) && !hasPoint(highText) && range.low !== null && high / 10 > range.low && v <= (high / 10) * 1.5 && v >= range.low * 0.5) {
    return { value, range: { ...range, high: high / 10 }, restored: true };
  }
  // "7.9" beside 34-70: the range lost its points.
  if (hasPoint(printedValue) && !hasPoint(range.text) && range.low !== null && range.low > 0 && (v < range.low || v > high) && v * 10 >= low * 0.8 && v * 10 <= high * 1.5) {
    return { value, range: { low: low / 10, high: high / 10, text: range.text }, restored: true };
  }
  return unchanged;
}
