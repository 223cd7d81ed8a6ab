// The labelled values outside the tables ("Total Body Fat %  21.8 %", "Est. VAT Volume (cm³) 593",
// "Height 178.0 cm") and the summary field each one fills. Indices that only look like masses
// (Fat Mass/Height², appendicular lean index, VAT area) are not read.
import type { DEXA_SUMMARY_FIELDS } from '../draft';
import type { TextCell, TextLine } from '../types';
import { words } from './cells';
import { readNumber } from './numbers';

export type SummaryField = (typeof DEXA_SUMMARY_FIELDS)[number];

export interface Pair {
  label: string;
  value: number;
  /** The unit printed after the number, or in the label's parentheses. */
  unit: string | null;
  /** The label and value as printed. */
  text: string;
  /** The number as printed. */
  valueText: string;
  cells: TextCell[];
  repaired: boolean;
  /** Inches of a height printed in feet and inches. */
  inches?: number;
}

const UNIT = /^\(?(?:%|lbs?\.?|[1I]bs?|kg|kq|g|grams|in[³3?°*]?|inches|cm[²³23?°*]?|kb|bp|years?|yrs?|y|kg\/m[²2?]|g\/cm[²2?]|ft|'|"|cc)\)?[.,;]?$/i;

/** Each label followed by a number on the line: "Age: 41  Height: 70.0 in  Weight: 182.4 lbs". */
export function labelledValues(line: TextLine): Pair[] {
  const tokens: { text: string; cell: TextCell }[] = [];
  for (const cell of line.cells)
    for (const text of cell.text.split(/\s+/).filter(Boolean)) {
      // OCR splits "70.3" into "70." and "3kg" when the point sits apart.
      const last = tokens[tokens.length - 1];
      if (last && /^\d+\.$/.test(last.text) && /^\d/.test(text)) last.text += text;
      else tokens.push({ text, cell });
    }
  const pairs: Pair[] = [];
  let label: typeof tokens = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const feet = /^(\d)'(?:(\d{1,2}(?:\.\d+)?)"?)?$/.exec(token.text);
    const number = feet ? null : readNumber(token.text.replace(/:$/, ''));
    if ((number === null || number.value === null) && !feet) {
      // A wide gap starts a new label: "Name: A. Client      Age: 41" names the age "Age".
      const previous = tokens[i - 1];
      if (label.length > 0 && previous && previous.cell !== token.cell && token.cell.x - (previous.cell.x + previous.cell.width) >= Math.max(6, token.cell.height)) label = [];
      label.push(token);
      continue;
    }
    if (label.length === 0) continue;
    const labelText = label.map((t) => t.text).join(' ');
    const cells = [...new Set([...label, token].map((t) => t.cell))];
    const pair: Pair = { label: labelText, value: feet ? Number(feet[1]) : number!.value!, unit: number?.unit ?? null, text: '', valueText: token.text, cells, repaired: number?.repaired ?? false };
    let end = i;
    const next = tokens[i + 1];
    if (!feet && next && UNIT.test(next.text)) {
      pair.unit ??= next.text.replace(/[().,;]/g, '');
      end = i + 1;
    }
    // 5 ft 10 in, 5' 10", 5'10"
    if (feet || pair.unit === 'ft' || pair.unit === "'") {
      const inchToken = feet?.[2] !== undefined ? null : tokens[end + 1];
      const inches = feet?.[2] !== undefined ? Number(feet[2]) : inchToken ? readNumber(inchToken.text.replace(/"$/, ''))?.value ?? null : null;
      if (inches !== null && inches !== undefined) {
        pair.inches = pair.value * 12 + inches;
        if (inchToken) end += 1;
        if (tokens[end + 1] && /^(?:in|inches|")$/i.test(tokens[end + 1]!.text)) end += 1;
      } else pair.inches = pair.value * 12;
    }
    pair.unit ??= /\(([^)]*)\)/.exec(labelText)?.[1] ?? null;
    pair.text = tokens.slice(i - label.length, end + 1).map((t) => t.text).join(' ');
    pairs.push(pair);
    label = [];
    i = end;
  }
  return pairs;
}

/** The summary field a label names, given the unit printed with it. */
export function summaryField(label: string, unit: string | null): SummaryField | null {
  const w = words(label).replace(/^(?:est|estimated)\s+/, '');
  const u = (unit ?? '').toLowerCase();
  if (/^(?:height|ht)\b/.test(w)) return 'heightIn';
  if (/\/ ?(?:height|ht)|height ?2|index|area|percentile|tile|centile|change|trend|appendicular|\balm\b|\bfmi\b|\blmi\b|\bbmi\b|\bbmd\b|density|score|trunk ?\/|\/ ?% ?fat|limb/.test(w)) return null;
  if (/android ?\/? ?gynoid|\ba ?\/ ?g\b|\ba[il1|]?g ratio/.test(w)) return 'androidGynoidRatio';
  if (/\b(?:vat|visceral)\b/.test(w)) {
    if (/volume/.test(w) || /in|cm|cc/.test(u)) return /area|cm2/.test(u) ? null : 'visceralFatIn3';
    if (/mass|weight|fat/.test(w) || /lb|kg|^g/.test(u)) return 'visceralFatLbs';
    return null;
  }
  if (/^age(?: at scan)?$/.test(w)) return 'ageAtScan';
  if (/^(?:scale |body |patient )?weight$/.test(w)) return 'weightLbs';
  if (/fat/.test(w) && (/%|percent|pct/.test(w) || u === '%')) return 'totalBodyFatPct';
  if (/lean ?\+ ?bmc|fat free/.test(w)) return null;
  if (/\bfat\b/.test(w)) return 'totalFatLbs';
  if (/\blean\b|\bmuscle\b/.test(w)) return 'totalLeanLbs';
  if (/\bbmc\b|bone mineral content|bone mass|^bone$/.test(w)) return 'totalBmcLbs';
  if (/^(?:total|dexa|measured)(?: body)? (?:mass|weight)$/.test(w)) return 'totalMassLbs';
  return null;
}
