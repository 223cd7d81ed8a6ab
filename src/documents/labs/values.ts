// The pieces of a result row, read from printed words: a result ("6.2", "<5.0", "Negative",
// "See note"), a flag (H, Low, Abnormal, critical HH), a date, and a reference range ("70-99",
// "<200", ">=40", "Not Estab.", "above >=90").
import type { LabResult } from '../draft';

export type Comparator = NonNullable<LabResult['comparator']>;
export type Flag = NonNullable<LabResult['flag']>;

export interface ResultValue {
  value: number | null;
  valueText: string | null;
  comparator: Comparator | null;
  /** Digits OCR had turned into letters were read back (1O5 → 105). */
  repaired: boolean;
}

/** Qualitative results, lowercase; multi-word ones are matched as phrases. */
const QUALITATIVE = [
  'see note', 'see below', 'see comment', 'see interpretation', 'none seen', 'not detected', 'non-reactive', 'nonreactive', 'not seen',
  'negative', 'positive', 'detected', 'reactive', 'trace', 'clear', 'cloudy', 'hazy', 'turbid', 'yellow', 'straw', 'amber', 'colorless',
  'pale', 'dark', 'red', 'none', 'rare', 'few', 'moderate', 'many', 'occasional', 'small', 'large', 'pending', 'normal', 'indeterminate',
  'equivocal', 'borderline', 'present', 'absent', 'neg', 'pos', 'tnp', 'qns', '1+', '2+', '3+', '4+', 'pattern a', 'pattern b',
  // German reports.
  'nicht nachweisbar', 'negativ', 'positiv',
];
const QUALITATIVE_PHRASES = QUALITATIVE.map((q) => q.split(' '));

const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^-?\.\d+$/;
const COMPARED = /^(<=|>=|=<|=>|<|>|≤|≥)\s?(-?\d[\d,]*(\.\d+)?|\.\d+)$/;

const comparatorOf = (s: string): Comparator => (({ '<': '<', '>': '>', '<=': '<=', '>=': '>=', '=<': '<=', '=>': '>=', '≤': '<=', '≥': '>=' }) as const)[s as '<'] ?? '<';

export const toNumber = (s: string) => Number(s.replace(/,/g, ''));

/** Letters OCR reads in place of digits, repaired only where the word is otherwise a number. */
function digitsRepaired(word: string): string | null {
  // A decimal point read as a colon: "12:2" (never a time or a titer, which have two digits after it).
  if (/^\d{1,3}:\d$/.test(word)) return word.replace(':', '.');
  if (!/\d/.test(word) || !/^[<>=≤≥]{0,2}[\dOoIl|.,]+$/.test(word)) return null;
  const fixed = word.replace(/[Oo]/g, '0').replace(/[Il|]/g, '1');
  return fixed === word ? null : fixed;
}

export function isPlainNumber(word: string): boolean {
  return NUMBER.test(word);
}

/** A numeric result, with or without a comparator; null when the word is not one. */
export function readNumeric(word: string): ResultValue | null {
  const w = word.replace(/[*]+$/, '');
  for (const [candidate, repaired] of [[w, false], [digitsRepaired(w), true]] as const) {
    if (candidate === null) continue;
    if (NUMBER.test(candidate)) return { value: toNumber(candidate), valueText: null, comparator: null, repaired };
    const m = COMPARED.exec(candidate);
    if (m) return { value: toNumber(m[2]!), valueText: candidate.replace(/\s+/g, ''), comparator: comparatorOf(m[1]!), repaired };
  }
  return null;
}

/** A qualitative result starting at words[i]: how many words it takes, or 0. */
export function qualitativeLength(words: string[], i: number): number {
  const lower = words.map((w) => w.toLowerCase().replace(/[.,;:]+$/, ''));
  let best = 0;
  for (const phrase of QUALITATIVE_PHRASES) {
    if (phrase.length > best && phrase.every((p, k) => lower[i + k] === p)) best = phrase.length;
  }
  return best;
}

/** Flags as labs print them; "critical" ones become HH/LL. */
const FLAGS: Record<string, Flag> = {
  h: 'H', high: 'H', hi: 'H', l: 'L', low: 'L', lo: 'L', hh: 'HH', ll: 'LL', 'h*': 'HH', 'l*': 'LL', a: 'ABNORMAL', abn: 'ABNORMAL',
  abnormal: 'ABNORMAL', 'a*': 'ABNORMAL', ch: 'HH', cl: 'LL', '!h': 'HH', '!l': 'LL', panic: 'ABNORMAL', critical: 'ABNORMAL',
  '*': 'ABNORMAL', '↑': 'H', '↓': 'L', '↑↑': 'HH', '↓↓': 'LL',
  // German reports mark a result above its range "+", below it "-", far outside "++" / "--".
  '+': 'H', '-': 'L', '++': 'HH', '--': 'LL',
};

/** A flag starting at words[i]: the flag and how many words it takes ("Critical High" is two), or null. */
export function readFlag(words: string[], i: number): { flag: Flag; printed: string; length: number } | null {
  const w = (k: number) => (words[i + k] ?? '').toLowerCase().replace(/^\(|\)$/g, '');
  if (/^(critical|crit|panic)$/.test(w(0)) && /^(high|h|hi)$/.test(w(1))) return { flag: 'HH', printed: `${words[i]} ${words[i + 1]}`, length: 2 };
  if (/^(critical|crit|panic)$/.test(w(0)) && /^(low|l|lo)$/.test(w(1))) return { flag: 'LL', printed: `${words[i]} ${words[i + 1]}`, length: 2 };
  // A sign before a number is the number's own, or a range's dash ("12,3 - 15,3"): no flag.
  if (/^[-+]$/.test(w(0)) && /^[<>]?\.?\d/.test(words[i + 1] ?? '')) return null;
  const flag = FLAGS[w(0)];
  return flag ? { flag, printed: words[i]!, length: 1 } : null;
}

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;
export const isDate = (word: string) => DATE.test(word);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The first date in a text as 'YYYY-MM-DD': 05/19/2023, 5/19/23, 2023-05-19, Apr 10, 2025, 10 Apr 2025. */
export function findDate(text: string): string | null {
  const us = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/.exec(text);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  const named = /\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  const dayFirst = /\b(\d{1,2})[\s-]+([A-Za-z]{3})[a-z]*\.?[\s-]+(\d{4})\b/.exec(text);
  // European reports: 14.03.2024 (day first).
  const dotted = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  const found: { at: number; date: string }[] = [];
  const valid = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31 && y > 1900 && y < 2200;
  if (us) {
    const y = us[3]!.length === 2 ? 2000 + Number(us[3]) : Number(us[3]);
    if (valid(y, Number(us[1]), Number(us[2]))) found.push({ at: us.index, date: `${y}-${pad(Number(us[1]))}-${pad(Number(us[2]))}` });
  }
  if (iso && valid(Number(iso[1]), Number(iso[2]), Number(iso[3]))) found.push({ at: iso.index, date: iso[0] });
  if (dotted && valid(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]))) {
    found.push({ at: dotted.index, date: `${dotted[3]}-${pad(Number(dotted[2]))}-${pad(Number(dotted[1]))}` });
  }
  for (const [m, mon, day, year] of [
    [named, named?.[1], named?.[2], named?.[3]],
    [dayFirst, dayFirst?.[2], dayFirst?.[1], dayFirst?.[3]],
  ] as const) {
    if (!m) continue;
    const month = MONTHS.indexOf(mon!.toLowerCase()) + 1;
    if (month > 0 && valid(Number(year), month, Number(day))) found.push({ at: m.index, date: `${year}-${pad(month)}-${pad(Number(day))}` });
  }
  found.sort((a, b) => a.at - b.at);
  return found[0]?.date ?? null;
}

export interface RefRange {
  low: number | null;
  high: number | null;
  text: string;
}

const RANGE_WORDS = /^(not estab\.?|not established|none|see note|see below|n\/a|negative|neg|not detected|none seen|non-reactive|nonreactive|clear|yellow|normal|0-2|0-5|negativ|nicht nachweisbar)$/i;

/** A reference range as printed; null when the text is not one. */
export function readRange(printed: string): RefRange | null {
  const text = printed.trim().replace(/\s+/g, ' ');
  // UK and Australian reports print the range in brackets: "[133.0 - 146.0]", "(3.5-5.2)", "(<21)".
  const bare = /^[[(].*[\])]$/.test(text) ? text.slice(1, -1).trim() : text;
  return readBareRange(bare);
}

function readBareRange(text: string): RefRange | null {
  const t = text
    .replace(/^([<>])\s*or\s*=\s*/i, '$1=')
    .replace(/^(above|over|greater than)\s+/i, '>=').replace(/^(below|under|less than)\s+/i, '<');
  const num = String.raw`(-?\d[\d,]*(?:\.\d+)?|\.\d+)`;
  // "4.15.1": OCR lost the dash of 4.1-5.1; the high end's decimals say where the low end stops.
  const dashless = /^(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (dashless && dashless[2]!.length > dashless[3]!.length) {
    const cut = dashless[3]!.length;
    const low = Number(`${dashless[1]}.${dashless[2]!.slice(0, cut)}`);
    const high = Number(`${dashless[2]!.slice(cut)}.${dashless[3]}`);
    if (low < high) return { low, high, text };
  }
  // German reports: "3,5 bis 5,1".
  const between = new RegExp(`^${num}\\s?(?:-|–|to|bis)\\s?${num}$`).exec(t);
  if (between) {
    const low = toNumber(between[1]!);
    const high = toNumber(between[2]!);
    if (low <= high) return { low, high, text };
  }
  const compared = new RegExp(`^(<=|>=|=<|=>|<|>|≤|≥)\\s?(?:>=|<=|>|<)?\\s?${num}$`).exec(t);
  if (compared) {
    const c = comparatorOf(compared[1]!);
    const n = toNumber(compared[2]!);
    return c.startsWith('<') ? { low: null, high: n, text } : { low: n, high: null, text };
  }
  if (RANGE_WORDS.test(text)) return { low: null, high: null, text };
  return null;
}
