// One result row read two ways. By columns, when the table's headings gave their positions: each
// word is in the column it stands under, so a previous result, its flag and its date can never be
// taken for the current ones. By word order, for text without positions (or a row the columns do
// not explain): name, result, its flag, then "previous result [flag] date", unit and range.
import type { ColumnLayout } from './columns';
import { assignColumns } from './columns';
import type { Word } from './tokens';
import { readUnit } from './units';
import { isDate, isPlainNumber, qualitativeLength, readFlag, readNumeric, readRange, toNumber, type Flag, type RefRange, type ResultValue } from './values';

export interface RowRead {
  nameWords: Word[];
  value: ResultValue;
  flag: { flag: Flag; printed: string } | null;
  unit: { unit: string; printed: string; repaired: boolean } | null;
  range: RefRange | null;
  /** 'columns': every word fell in its column; 'words': read by word order. */
  by: 'columns' | 'words';
  /** Only a name and a number: nothing else on the row vouches that it is a result. */
  weak: boolean;
  /** The low end of a range whose high end wrapped to the next row ("0.60 -"). */
  openRangeLow?: number;
  /** Read only once words the extraction had glued together were cut apart (glued.ts). */
  unglued?: boolean;
}

export type RowOutcome = { kind: 'result'; row: RowRead } | { kind: 'unreadable'; reason: string } | { kind: 'none' };

const COMPARATOR_WORD = /^(<|>|<=|>=|≤|≥)$/;

function valueAt(ws: string[], i: number): { value: ResultValue; length: number } | null {
  const w = ws[i];
  if (w === undefined) return null;
  if (COMPARATOR_WORD.test(w) && ws[i + 1] !== undefined) {
    const joined = readNumeric(w + ws[i + 1]);
    if (joined) return { value: joined, length: 2 };
  }
  const numeric = readNumeric(w);
  if (numeric) return { value: numeric, length: 1 };
  const q = qualitativeLength(ws, i);
  if (q > 0) return { value: { value: null, valueText: ws.slice(i, i + q).join(' '), comparator: null, repaired: false }, length: q };
  return null;
}

function rangeAt(ws: string[], i: number): { range: RefRange; length: number } | null {
  for (const length of [4, 3, 2, 1]) {
    if (i + length > ws.length) continue;
    const joined = ws.slice(i, i + length).join(' ');
    // Quest: "> OR = 40", "< OR = 4.0".
    const orEqual = /^[[(]?[<>]$/.test(ws[i]!) && /^or$/i.test(ws[i + 1] ?? '');
    if (length === 4 && !orEqual) continue;
    if (length === 3 && !/^[-–]|^(to|bis)$/i.test(ws[i + 1]!) && !orEqual) continue;
    if (length === 2 && !/^[[(]?(not|above|below|over|under|<|>|<=|>=|none|see|non)$/i.test(ws[i]!)) continue;
    const range = readRange(joined);
    if (range) return { range, length };
  }
  return null;
}

function unitAt(ws: string[], i: number): { unit: string; printed: string; repaired: boolean; length: number } | null {
  // Units printed over several words: "% of total Hgb", "mg/dL (calc)", "x E9/L", "mg/24 h".
  for (const length of [4, 3, 2]) {
    if (i + length > ws.length) continue;
    const printed = ws.slice(i, i + length).join(' ');
    const many = readUnit(printed);
    if (many && !many.guessed) {
      return { unit: many.unit, repaired: many.repaired, printed, length };
    }
  }
  const one = readUnit(ws[i]!);
  return one ? { ...one, printed: ws[i]!, length: 1 } : null;
}

interface Tail {
  value: ResultValue;
  flag: RowRead['flag'];
  unit: RowRead['unit'];
  range: RefRange | null;
  previous: boolean;
  /** Words after the unit or range that belong to neither (a lab code, "OPTIMAL"). */
  notes: number;
  /** The low end of a range whose high end is on the next row ("0.60 -"). */
  open: number | null;
  /** A result date after the unit or range (Epic's "05/11/2024 KAISER"): a results table's row. */
  dated: boolean;
}

/** Everything after the name, in print order; null when the words do not form a result. */
function readTail(ws: string[], start: number): Tail | null {
  const v = valueAt(ws, start);
  if (!v) return null;
  let j = start + v.length;
  let flag: RowRead['flag'] = null;
  const f = readFlag(ws, j);
  if (f) {
    flag = { flag: f.flag, printed: f.printed };
    j += f.length;
  }
  let previous = false;
  const pv = valueAt(ws, j);
  if (pv) {
    let k = j + pv.length;
    const pf = readFlag(ws, k);
    if (pf) k += pf.length;
    if (ws[k] !== undefined && isDate(ws[k]!)) {
      previous = true;
      j = k + 1;
    }
  } else if (ws[j] !== undefined && isDate(ws[j]!)) {
    j++;
  }
  let unit: RowRead['unit'] = null;
  let range: RefRange | null = null;
  let notes = 0;
  let open: number | null = null;
  let dated = false;
  while (j < ws.length) {
    const w = ws[j]!;
    if (/^(reference|ref\.?|normal)$/i.test(w) && /^(range|interval):?$/i.test(ws[j + 1] ?? '')) {
      j += 2;
      continue;
    }
    if (/^(range|interval|ref):$/i.test(w)) {
      j++;
      continue;
    }
    const r: { range: RefRange; length: number } | null = range === null ? rangeAt(ws, j) : null;
    if (r && !(unit === null && r.range.low === null && r.range.high === null && readUnit(w) !== null)) {
      range = r.range;
      j += r.length;
      continue;
    }
    const u: ReturnType<typeof unitAt> = unit === null ? unitAt(ws, j) : null;
    if (u) {
      unit = { unit: u.unit, printed: u.printed, repaired: u.repaired };
      j += u.length;
      continue;
    }
    const fl = flag === null ? readFlag(ws, j) : null;
    if (fl && (unit !== null || range !== null)) {
      flag = { flag: fl.flag, printed: fl.printed };
      j += fl.length;
      continue;
    }
    // NHS GP systems: "Below low reference limit", "Above high reference limit".
    const limit = /^(below|above) (low|high) reference limit$/i.exec(ws.slice(j, j + 4).join(' '));
    if (limit && (unit !== null || range !== null)) {
      flag ??= { flag: limit[1]!.toLowerCase() === 'below' ? 'L' : 'H', printed: ws.slice(j, j + 4).join(' ') };
      j += 4;
      continue;
    }
    // Epic printouts put a range's high end on the next row when its column is narrow: "0.60 -".
    if (range === null && isPlainNumber(w) && /^[-–]$/.test(ws[j + 1] ?? '') && !isPlainNumber(ws[j + 2] ?? '')) {
      range = { low: null, high: null, text: `${w} -` };
      open = toNumber(w);
      j += 2;
      continue;
    }
    // The date and place a result was reported at (Epic: "05/11/2024 KAISER") say nothing about it.
    if ((unit !== null || range !== null) && (isDate(w) || /^\d{1,2}:\d{2}$/.test(w))) {
      dated = true;
      j++;
      continue;
    }
    // After a range, short words are notes (a lab code, "OPTIMAL", "(calc)"); a stray number before one is not.
    if (range !== null && (/^\(?[A-Za-z]+\)?$/.test(w) || /^\d{1,2}$/.test(w))) {
      notes++;
      j++;
      continue;
    }
    if (unit !== null && /^\(?[A-Za-z]+\)?$/.test(w)) {
      notes++;
      j++;
      continue;
    }
    return null;
  }
  return { value: v.value, flag, unit, range, previous, notes, open, dated };
}

/**
 * A name holds a letter, and neither a date, a decimal number nor a trailing label colon. A decimal
 * inside the name's own words is part of it (NHS: "eGFR ... per 1.73 square metres").
 */
const nameOk = (words: Word[]) =>
  words.some((w) => /[A-Za-z]/.test(w.text)) &&
  !words.some((w, i) => isDate(w.text) || (isPlainNumber(w.text) && w.text.includes('.') && !/^[a-z]{3,}$/.test(words[i + 1]?.text ?? ''))) &&
  !/:$/.test(words[words.length - 1]?.text ?? '');

const strength = (t: Tail) =>
  (t.unit ? 1 : 0) + (t.range ? 1 : 0) + (t.previous ? 1 : 0) + (t.flag ? 0.5 : 0) + (t.value.value === null ? 1 : 0) + (t.dated ? 0.5 : 0) - t.notes * 0.25;

/** A row by word order. A row starting with its result (a wrapped name's values) has no name words. */
export function readRowByWords(words: Word[]): RowOutcome {
  const ws = words.map((w) => w.text);
  let best: { at: number; tail: Tail; score: number } | null = null;
  for (let at = 0; at < ws.length; at++) {
    if (at > 0 && !nameOk(words.slice(0, at))) continue;
    if (at > 8) break;
    const tail = readTail(ws, at);
    if (!tail) continue;
    const score = strength(tail);
    // A name may hold numbers ("Anion Gap 3"): the first split whose tail reads as a result wins,
    // unless a later one explains the row strictly better.
    if (best === null || score > best.score + 0.01) best = { at, tail, score };
  }
  if (best === null) return { kind: 'none' };
  const { at, tail } = best;
  const weak = strength(tail) <= 0.5 && tail.value.value !== null;
  let nameWords = words.slice(0, at);
  // LifeLabs and others print the flag column before the result: "Creatinine  H  118  60 - 115 umol/L".
  const before = nameWords[nameWords.length - 1];
  if (nameWords.length >= 2 && tail.flag === null && before && /^(h|l|hh|ll|hi|lo|high|low|\*|[↑↓])$/i.test(before.text)) {
    const f = readFlag([before.text], 0);
    if (f) {
      tail.flag = { flag: f.flag, printed: f.printed };
      nameWords = nameWords.slice(0, -1);
    }
  }
  return {
    kind: 'result',
    row: {
      nameWords, value: tail.value, flag: tail.flag, unit: tail.unit, range: tail.range, by: 'words', weak,
      ...(tail.open === null ? {} : { openRangeLow: tail.open }),
    },
  };
}

/** A row by the columns its table's headings define; null when the row does not fit them. */
export function readRowByColumns(words: Word[], layout: ColumnLayout): RowOutcome | null {
  const cols = assignColumns(words, layout);
  const of = (kind: string) => cols.filter((c) => c.kind === kind).flatMap((c) => c.words);
  const nameWords = of('name');
  const resultWords = of('result').map((w) => w.text);
  if (resultWords.length === 0) {
    // Nothing under the result headings: a heading, a comment, a wrapped name, or a result the
    // columns do not explain (word order decides).
    return null;
  }
  const v = valueAt(resultWords, 0);
  if (!v) return null;
  let j = v.length;
  let flag: RowRead['flag'] = null;
  const f = readFlag(resultWords, j);
  if (f) {
    flag = { flag: f.flag, printed: f.printed };
    j += f.length;
  }
  if (j !== resultWords.length) return null;
  const flagWords = of('flag').map((w) => w.text);
  if (flagWords.length > 0) {
    const ff = readFlag(flagWords, 0);
    if (!ff || ff.length !== flagWords.length) return null;
    flag ??= { flag: ff.flag, printed: ff.printed };
  }
  if (nameWords.length > 0 && !nameOk(nameWords)) return null;
  const unitWords = of('units').map((w) => w.text);
  let unit: RowRead['unit'] = null;
  if (unitWords.length > 0) {
    const printed = unitWords.join(' ');
    const read = readUnit(printed) ?? (unitWords.length === 1 ? null : readUnit(unitWords[0]!));
    unit = read ? { ...read, printed } : { unit: printed, printed, repaired: false };
  }
  const rangeWords = of('range').map((w) => w.text);
  let range: RefRange | null = null;
  for (let end = rangeWords.length; end > 0 && range === null; end--) {
    const r = readRange(rangeWords.slice(0, end).join(' '));
    if (r) {
      range = r;
      // Quest prints the unit after the range, in the same column.
      const rest = rangeWords.slice(end);
      if (unit === null && rest.length > 0) {
        const u = unitAt(rest, 0);
        if (u) unit = { unit: u.unit, printed: u.printed, repaired: u.repaired };
      }
    }
  }
  if (range === null && rangeWords.length > 0) {
    const u = unitAt(rangeWords, 0);
    if (u && unit === null) unit = { unit: u.unit, printed: u.printed, repaired: u.repaired };
    else return null;
  }
  return { kind: 'result', row: { nameWords, value: v.value, flag, unit, range, by: 'columns', weak: false } };
}
