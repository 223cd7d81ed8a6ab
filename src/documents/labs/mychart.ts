// Epic MyChart's result cards: the test's name on a row of its own, "Normal range: 74 - 106 mg/dL"
// under it, the range drawn as a bar with its ends labelled ("74    106", or "Value" for a one-sided
// range), then the result, with "High"/"Low" beside it when MyChart flags it.
import type { TextLine } from '../types';
import { phrasesOf, wordsOf } from './tokens';
import { readUnit } from './units';
import { isPlainNumber, readFlag, readNumeric, qualitativeLength, readRange, type Flag, type RefRange, type ResultValue } from './values';

export const RANGE_LINE = /^\s*(normal range|normal value|standard range|reference range|normal ranges?)\s*:\s*(.*)$/i;

export interface CardRead {
  /** Rows the card took, its name row included. */
  rows: number;
  value: ResultValue | null;
  valueLine: TextLine | null;
  flag: { flag: Flag; printed: string } | null;
  unit: { unit: string; printed: string; repaired: boolean } | null;
  range: RefRange | null;
  rangeText: string;
}

/** The range row's text after its label: range first, then the unit. */
function readRangeRow(text: string): { range: RefRange | null; unit: CardRead['unit'] } {
  const ws = text.trim().split(/\s+/).filter(Boolean);
  for (let end = ws.length; end > 0; end--) {
    const range = readRange(ws.slice(0, end).join(' '));
    if (!range) continue;
    const rest = ws.slice(end).join(' ');
    const read = rest === '' ? null : readUnit(rest);
    return { range, unit: read ? { ...read, printed: rest } : rest === '' ? null : { unit: rest, printed: rest, repaired: false } };
  }
  return { range: null, unit: null };
}

/** The bar's end labels: only numbers, two or more apart on the row. */
const isBarRow = (line: TextLine) => {
  const words = line.text.trim().split(/\s+/);
  return words.length >= 2 && words.every(isPlainNumber) && phrasesOf(wordsOf(line)).length >= 2;
};

/** A card starting at lines[i] (its name row) when lines[i + 1] is its range row; null otherwise. */
export function readCard(lines: TextLine[], i: number, startsCard: (k: number) => boolean): CardRead | null {
  const rangeRow = lines[i + 1];
  const m = rangeRow ? RANGE_LINE.exec(rangeRow.text) : null;
  if (!m) return null;
  const { range, unit } = readRangeRow(m[2]!);
  let value: ResultValue | null = null;
  let valueLine: TextLine | null = null;
  let flag: CardRead['flag'] = null;
  let k = i + 2;
  for (; k < lines.length && k < i + 7 && !startsCard(k); k++) {
    const line = lines[k]!;
    const text = line.text.trim();
    if (/^(value|your value|result)$/i.test(text) || isBarRow(line)) continue;
    const ws = text.split(/\s+/).map((w) => w.replace(/^\((.*)\)$/, '$1'));
    // Rows that are not a lone result (the bar's labels, OCR debris) are passed over.
    const numeric = readNumeric(ws[0]!);
    const q = numeric ? 0 : qualitativeLength(ws, 0);
    if (!numeric && q === 0) continue;
    let j = numeric ? 1 : q;
    const f = readFlag(ws, j);
    if (f) j += f.length;
    const u = j < ws.length ? readUnit(ws[j]!) : null;
    if (u) j++;
    if (j !== ws.length) continue;
    value = numeric ?? { value: null, valueText: ws.slice(0, q).join(' '), comparator: null, repaired: false };
    valueLine = line;
    flag = f ? { flag: f.flag, printed: f.printed } : null;
  }
  return { rows: k - i, value, valueLine, flag, unit, range, rangeText: m[2]!.trim() };
}
