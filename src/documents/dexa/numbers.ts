// Numbers and units as DEXA and epigenetic reports print them, and the conversions to the schema's
// units (lbs, in, in³). Converted values keep six decimals: the database rounds to its own scale,
// and a reviewer sees the printed value in `original`.

/** A cell that stands for a number, or for a printed blank ("—", "n/a") that still fills a column. */
export type NumberToken = { value: number | null; unit: string | null; repaired: boolean };

const BLANK = /^(?:[-–—]{1,2}|n\/?a|na|nd)$/i;
// OCR reads 0 as O and 1 as l or I; only repaired when the rest of the token is digits.
const OCR_DIGITS: Record<string, string> = { O: '0', o: '0', l: '1', I: '1', '|': '1', S: '5' };
const NUMBER = /^([-+−–—]?)(\d{1,3}(?:,\d{3})+|\d*\.\d+|\d+)(?:\.(\d+))?$/;
// OCR reads lb as 1b or Ib, kg as kq, and drops or garbles the ³ of cm³.
const TRAILING_UNIT = /^(.*?\d)\s*(%|lbs?|[1I]bs?|kg|kq|g|in³|in3|in\?|cm³|cm3|cm\?|cc|in|cm|kb|bp|years?|yrs?|y|st|nd|rd|th)\.?$/i;

function plain(text: string): number | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const digits = m[2]!.replace(/,/g, '') + (m[3] !== undefined ? `.${m[3]}` : '');
  const value = Number(digits);
  if (!Number.isFinite(value)) return null;
  return m[1] === '' || m[1] === '+' ? value : -value;
}

/** Reads "12.3", "1,234", "-1.2", "−0.4", "22.4%", "40.1lbs", "1O.2" (OCR); null when it is no number. */
export function readNumber(raw: string): NumberToken | null {
  const text = raw.trim().replace(/^\((.*)\)$/, '$1').replace(/(\d)\.$/, '$1');
  if (BLANK.test(text)) return { value: null, unit: null, repaired: false };
  let body = text;
  let unit: string | null = null;
  const withUnit = TRAILING_UNIT.exec(text);
  if (withUnit) {
    body = withUnit[1]!;
    unit = withUnit[2]!;
  }
  // "23:4" is OCR's "23.4"; "-01" lost the point of "-0.1" (numbers are never printed with a leading zero).
  const misread = /^[-+]?\d{1,3}:\d{1,3}$/.test(body) ? body.replace(':', '.') : /^[-+−–—]?0\d+$/.test(body) ? body.replace(/0/, '0.') : null;
  if (misread !== null) {
    const value = plain(misread);
    if (value !== null) return { value, unit, repaired: true };
  }
  const value = plain(body);
  if (value !== null) return { value, unit, repaired: false };
  if (!/\d/.test(body) || !/^[-+−–—]?[\dOolIS|.,]+$/.test(body)) return null;
  const repaired = plain(body.replace(/[OolIS|]/g, (c) => OCR_DIGITS[c]!));
  return repaired === null ? null : { value: repaired, unit, repaired: true };
}

export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export const LBS_PER_KG = 2.2046226218487757;
const GRAMS_PER_LB = 453.59237;
const CM3_PER_IN3 = 16.387064;
const CM_PER_IN = 2.54;

export type MassUnit = 'lbs' | 'kg' | 'g';

/** A mass unit named in a header or beside a value: "(lbs)", "lb", "kg", "(g)", "grams". */
export function massUnit(text: string): MassUnit | null {
  const t = text.toLowerCase();
  if (/\b(?:lbs?|[1i]bs?|pounds?)\b/.test(t)) return 'lbs';
  if (/\b(?:kg|kq|kilograms?)\b/.test(t)) return 'kg';
  // "(9)" is how OCR often reads "(g)" in a column heading.
  if (/(?:^|[\s(])(?:g|grams?)(?:$|[\s)])|\(9\)/.test(t)) return 'g';
  return null;
}

export function toLbs(value: number, unit: MassUnit): number {
  if (unit === 'kg') return round6(value * LBS_PER_KG);
  if (unit === 'g') return round6(value / GRAMS_PER_LB);
  return value;
}

export type VolumeUnit = 'in3' | 'cm3';

/** "in³", "in3", "cubic inches" or "cm³", "cm3", "cc"; OCR often turns ³ into 3 or drops it. */
export function volumeUnit(text: string): VolumeUnit | null {
  const t = text.toLowerCase();
  if (/in(?:³|3|\^3|[?°*'"])|cubic\s*inch|^\(?in\)?$/.test(t)) return 'in3';
  if (/cm(?:³|3|\^3|[?°*'"])|\bcc\b|cubic\s*cent|^\(?cm\)?$/.test(t)) return 'cm3';
  return null;
}

export const toIn3 = (value: number, unit: VolumeUnit) => (unit === 'cm3' ? round6(value / CM3_PER_IN3) : value);

export const cmToIn = (cm: number) => round6(cm / CM_PER_IN);
