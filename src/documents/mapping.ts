// Lab results to biomarker dictionary entries: by a printed LOINC code, else by alias once the
// printed name is normalised (case, spacing, punctuation, extraction debris such as `WBC"`), else
// by a careful fuzzy match that forgives OCR's usual confusions (h/n, l/i, m read as "ijn") and
// nothing more. German reports' names (Leukozyten, Harnsäure, GOT (ASAT)) are aliases of the markers
// like any other spelling. A name never moves to another marker on a guess: the unit must agree with the
// marker (Neutrophils in % and Neutrophils (Absolute) in x10E3/uL are different markers), a fuzzy
// match must be clearly the best, and what matches nothing stays unmatched (biomarkerId null).
import type { BiomarkerEntry } from './dictionary';
import type { LabResult } from './draft';
import { unitKey, unitKind } from './labs/units';

/** German letters as they are written without them: "Hämoglobin" and "Haemoglobin", "Gesamteiweiß" and "Gesamteiweiss" meet. */
const GERMAN_LETTERS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** The printed name as the aliases are written: lowercase, single spaces, no extraction debris. */
export function normaliseName(printed: string): string {
  return printed
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => GERMAN_LETTERS[c]!)
    .replace(/[µμ]/g, 'u')
    .replace(/^[^a-z0-9%(]+/, '')
    .replace(/["'`´‘’“”<>|_~*^]+$/, '')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Punctuation and spacing folded away: "Lymphs( Absolute)" and "lymphs (absolute)" meet. */
const keyOf = (name: string) => normaliseName(name).replace(/[^a-z0-9%#+]/g, '');
const wordsOf = (name: string) => normaliseName(name).split(/[^a-z0-9%#+]+/).filter(Boolean);

interface Index {
  byAlias: Map<string, BiomarkerEntry[]>;
  byKey: Map<string, BiomarkerEntry[]>;
  byLoinc: Map<string, BiomarkerEntry>;
  byName: Map<string, BiomarkerEntry>;
  names: { words: string[]; length: number; entry: BiomarkerEntry }[];
}

const indexes = new WeakMap<BiomarkerEntry[], Index>();

function add(map: Map<string, BiomarkerEntry[]>, key: string, entry: BiomarkerEntry) {
  const list = map.get(key) ?? [];
  if (!list.includes(entry)) list.push(entry);
  map.set(key, list);
}

function indexOf(dictionary: BiomarkerEntry[]): Index {
  const cached = indexes.get(dictionary);
  if (cached) return cached;
  const index: Index = { byAlias: new Map(), byKey: new Map(), byLoinc: new Map(), byName: new Map(), names: [] };
  for (const entry of dictionary) {
    index.byName.set(entry.canonicalName, entry);
    if (entry.loincCode) index.byLoinc.set(entry.loincCode, entry);
    for (const name of new Set([...entry.aliases, entry.displayName, entry.canonicalName.replace(/_/g, ' ')])) {
      add(index.byAlias, normaliseName(name), entry);
      add(index.byKey, keyOf(name), entry);
      const words = wordsOf(name);
      index.names.push({ words, length: words.join('').length, entry });
    }
  }
  indexes.set(dictionary, index);
  return index;
}

// --- fuzzy matching: an edit distance that charges little for what OCR confuses -------------------

const CONFUSABLE = new Set(['il', 'i1', 'l1', 'ij', 'o0', 'oc', 'ec', 'hn', 'hb', 'uv', 's5', 'b6', 'g9', 'tf', 'rn', 'nm', 'ao', 'ce', 'bh']);
const MULTI: [string, string][] = [['m', 'rn'], ['m', 'in'], ['m', 'nn'], ['m', 'ijn'], ['m', 'iin'], ['w', 'vv'], ['d', 'cl'], ['n', 'ri']];
const isDigit = (c: string) => c >= '0' && c <= '9';

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  if (isDigit(a) && isDigit(b)) return Infinity;
  return CONFUSABLE.has(a + b) || CONFUSABLE.has(b + a) ? 0.4 : 1;
}

/** Cost of turning the printed word into the dictionary's word. */
function editCost(printed: string, word: string): number {
  const n = printed.length;
  const m = word.length;
  const d: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  d[0]![0] = 0;
  const gap = (c: string) => (isDigit(c) ? 1.5 : 1);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const here = d[i]![j]!;
      if (here === Infinity) continue;
      if (i < n) d[i + 1]![j] = Math.min(d[i + 1]![j]!, here + gap(printed[i]!));
      if (j < m) d[i]![j + 1] = Math.min(d[i]![j + 1]!, here + gap(word[j]!));
      if (i < n && j < m) d[i + 1]![j + 1] = Math.min(d[i + 1]![j + 1]!, here + substitution(printed[i]!, word[j]!));
      for (const [one, many] of MULTI) {
        for (const [p, q] of [[many, one], [one, many]] as const) {
          if (printed.startsWith(p, i) && word.startsWith(q, j)) d[i + p.length]![j + q.length] = Math.min(d[i + p.length]![j + q.length]!, here + 0.5);
        }
      }
    }
  }
  return d[n]![m]!;
}

/**
 * What a word may cost: a short word only OCR's own confusions or one stray letter ("BUNY" for
 * BUN), never a different letter in its place (LDL is not HDL); longer words a little more.
 */
const allowance = (word: string, printed: string) => (word.length <= 3 ? (printed.length === word.length ? 0.5 : 1) : word.length <= 5 ? 1 : word.length / 4);

function fuzzy(name: string, index: Index, fits: (e: BiomarkerEntry) => boolean): { entry: BiomarkerEntry; words: string[] } | null {
  const printed = wordsOf(name);
  const length = printed.join('').length;
  if (length < 4) return null;
  const costs = new Map<BiomarkerEntry, number>();
  const closest = new Map<BiomarkerEntry, string[]>();
  for (const candidate of index.names) {
    if (candidate.words.length !== printed.length || Math.abs(candidate.length - length) > 4 || !fits(candidate.entry)) continue;
    let total = 0;
    for (let w = 0; w < printed.length && total !== Infinity; w++) {
      const cost = editCost(printed[w]!, candidate.words[w]!);
      total = cost > allowance(candidate.words[w]!, printed[w]!) ? Infinity : total + cost;
    }
    if (total > Math.max(1, 0.2 * candidate.length)) continue;
    if (total < (costs.get(candidate.entry) ?? Infinity)) {
      costs.set(candidate.entry, total);
      closest.set(candidate.entry, candidate.words);
    }
  }
  const ranked = [...costs.entries()].sort((a, b) => a[1] - b[1]);
  const [best, second] = ranked;
  if (!best) return null;
  // Clearly the best, or it is no match at all.
  if (best[1] > 0 && second && second[1] - best[1] < 0.5) return null;
  return { entry: best[0], words: closest.get(best[0])! };
}

/**
 * The printed name with the words OCR damaged replaced by the dictionary's, in the printed case
 * and punctuation ("hleutrophils (Absolute)" → "neutrophils (Absolute)", "CHOUL/HDLC RATIO" →
 * "CHOL/HDLC RATIO"); extraction debris around the name goes.
 */
export function repairName(printed: string, words: string[]): string {
  const trimmed = printed.replace(/^[^A-Za-z0-9%(]+/, '').replace(/["'`´‘’“”<>|_~*^]+$/, '').trim();
  let k = 0;
  return trimmed.replace(/[A-Za-z0-9%#+µμ]+/g, (word) => {
    const fixed = words[k++];
    if (fixed === undefined || fixed === word.toLowerCase()) return word;
    if (word === word.toUpperCase() && /[A-Z]/.test(word)) return fixed.toUpperCase();
    if (/^[A-Z]/.test(word)) return fixed[0]!.toUpperCase() + fixed.slice(1);
    return fixed;
  });
}

// --- units decide between markers of one name ------------------------------------------------------

function unitFits(entry: BiomarkerEntry, unit: string | null): boolean {
  if (unit === null || entry.isQualitative) return true;
  const units = [entry.canonicalUnit, ...entry.commonUnits].filter((u) => u !== '');
  if (units.length === 0) return true;
  const key = unitKey(unit);
  if (units.some((u) => unitKey(u) === key)) return true;
  return units.some((u) => unitKind(u) === unitKind(unit));
}

/** The other marker of a percentage/absolute pair (neutrophils_percent ↔ neutrophils_absolute). */
function sibling(entry: BiomarkerEntry, index: Index): BiomarkerEntry | null {
  const swapped = entry.canonicalName.replace(/_(percent|absolute)$/, (_m, s: string) => (s === 'percent' ? '_absolute' : '_percent'));
  return swapped === entry.canonicalName ? null : (index.byName.get(swapped) ?? null);
}

type Match = { entry: BiomarkerEntry; by: 'alias' | 'loinc' | 'fuzzy'; confidence: number; words?: string[] };

/** British spellings of marker words, read as the dictionary's American ones. */
const SPELLINGS: [RegExp, string][] = [[/\bhaem/g, 'hem'], [/\bhaematocrit/g, 'hematocrit'], [/\boestr/g, 'estr'], [/\bleucocyte/g, 'leukocyte'], [/\bfaeces\b/g, 'feces']];

/**
 * Shorter forms of a printed name that a report's wording adds to the marker's name: British
 * spellings; the specimen or "level" around it ("Serum TSH level", "Total white cell count"); an
 * explanation after it ("eGFR using creatinine (CKD-EPI) per 1.73 square metres", "Haemoglobin A1c
 * level - IFCC standardised"); and a bracketed abbreviation ("Alanine Aminotransferase (ALT/SGPT)":
 * the name without it, then the abbreviation alone). Never a cut that changes which specimen the
 * name is about ("Calcium, Urine" stays whole).
 */
export function simplerNames(printed: string): string[] {
  const printedForm = normaliseName(printed);
  let name = printedForm;
  for (const [from, to] of SPELLINGS) name = name.replace(from, to);
  const out: string[] = [];
  const push = (n: string) => {
    const t = n.replace(/\s+/g, ' ').replace(/[\s,;:-]+$/, '').trim();
    if (t.length >= 2 && t !== printedForm && !out.includes(t)) out.push(t);
  };
  push(name);
  // Not every " - ": "LDL - Direct" names another marker than LDL.
  const explained = name.replace(/\s+(?:using|per|by|via|calculated|calc\.?|(?:-|–)\s+(?:ifcc|dcct|ngsp|standardi[sz]ed))\s.*$|\s+(?:-|–)\s+(?:ifcc|dcct|ngsp)\b.*$/, '');
  push(explained);
  for (const base of [name, ...out]) {
    const bare = base.replace(/^(?:serum|plasma|blood|whole blood|total)\s+/, '').replace(/\s+(?:level|levels|concentration|measurement)$/, '').replace(/,\s*(?:serum|plasma|blood)$/, '');
    push(bare);
    push(bare.replace(/^(?:serum|plasma|blood)\s+/, ''));
  }
  for (const base of [name, ...out]) {
    const bracket = /^(.+?)\s*\(([^()]+)\)$/.exec(base);
    if (bracket) {
      push(bracket[1]!);
      push(bracket[2]!);
    }
  }
  return out;
}

/** The one marker a simpler form of the name names, when every form that names one names the same and its unit fits. */
function bySimplerName(name: string, index: Index, unit: string | null): Match | null {
  let found: BiomarkerEntry | null = null;
  for (const simpler of simplerNames(name)) {
    const entries = index.byAlias.get(simpler) ?? index.byKey.get(keyOf(simpler));
    if (!entries) continue;
    if (entries.length !== 1 || (found && found !== entries[0])) return null;
    found = entries[0]!;
  }
  return found && unitFits(found, unit) ? { entry: found, by: 'alias', confidence: 0.9 } : null;
}

function lookup(name: string, index: Index, unit: string | null): Match | null {
  const exact = index.byAlias.get(normaliseName(name)) ?? index.byKey.get(keyOf(name));
  if (!exact) {
    const simpler = bySimplerName(name, index, unit);
    if (simpler) return simpler;
  }
  if (exact) {
    const one = exact.length === 1 ? exact[0]! : null;
    if (one && unitFits(one, unit)) return { entry: one, by: 'alias', confidence: 1 };
    // The unit contradicts the name's marker: its pair may fit (Neutrophils printed in x10E3/uL).
    const pair = one ? sibling(one, index) : null;
    if (pair && unitFits(pair, unit)) return { entry: pair, by: 'alias', confidence: 0.9 };
    if (one || exact.length > 1) return null;
  }
  const guess = fuzzy(name, index, (e) => unitFits(e, unit));
  return guess ? { entry: guess.entry, by: 'fuzzy', confidence: 0.8, words: guess.words } : null;
}

function match(item: LabResult, index: Index): Match | null {
  if (item.loinc) {
    const byCode = index.byLoinc.get(item.loinc.trim());
    if (byCode) return { entry: byCode, by: 'loinc', confidence: 1 };
  }
  // Urinalysis prints "Glucose", "Protein", "WBC" for the urine markers.
  if (item.subPanel && /urin|\bua\b/i.test(item.subPanel)) {
    for (const name of [`urine ${item.printedName}`, `${item.printedName}, urine`]) {
      const exact = index.byAlias.get(normaliseName(name)) ?? index.byKey.get(keyOf(name));
      if (exact?.length === 1 && unitFits(exact[0]!, item.unit)) return { entry: exact[0]!, by: 'alias', confidence: 1 };
    }
  }
  return lookup(item.printedName, index, item.unit);
}

export function mapLabResults(items: LabResult[], dictionary: BiomarkerEntry[]): LabResult[] {
  const index = indexOf(dictionary);
  return items.map((item) => {
    if (item.matchedBy === 'user') return item;
    const found = match(item, index);
    if (!found) return { ...item, biomarkerId: null, canonicalName: null, matchedBy: null };
    return {
      ...item,
      // A fuzzy match is an OCR repair: the name takes the dictionary's spelling of its damaged words.
      printedName: found.words ? repairName(item.printedName, found.words) : item.printedName,
      biomarkerId: found.entry.biomarkerId,
      canonicalName: found.entry.canonicalName,
      matchedBy: found.by,
      confidence: Math.round(item.confidence * found.confidence * 100) / 100,
    };
  });
}
