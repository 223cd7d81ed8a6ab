// Text extracted without layout (pdf.js or pdftotext joining a row's cells with no space) glues a
// result to its name, unit, flag or range: "Hemoglobin14.2g/dL13.5-17.5", "Glucose 95mg/dL 70-99",
// "mg/dL<100", "(Hb)10.5Lowg/dL13.0 - 17.0". A glued word is cut into those pieces only when
// exactly one cut explains all of it; anything else stays as printed. Digits that end a marker's
// name ("Vitamin B12", "Omega-3", "HbA1c", "T4", "HCO3") are why a name is never cut just before
// its last digits on a guess: "B12612pg/mL" is Vitamin B12 at 612, or Vitamin B1 at 2612, and only
// a person can tell.
import type { Word } from './tokens';
import { readUnit } from './units';
import { readNumeric, readRange } from './values';

/** What each piece of a glued word is, in the order a row prints them. */
type Piece = 'name' | 'value' | 'flag' | 'unit' | 'flag2' | 'range';
const ORDER: Piece[] = ['name', 'value', 'flag', 'unit', 'flag2', 'range'];

/** Flags as they run into a result or a unit ("130H", "10.5Lowg/dL"). */
const GLUED_FLAG = /^(H|L|HH|LL|High|Low|HIGH|LOW)$/;

/**
 * Name endings that take digits after them, so the digits glued to them may be the name's own:
 * a one- or two-letter stem (B12, T3, D3, K2, CA125, IL6, pO2) and the longer stems of blood gases, apolipoproteins, immunoglobulins and cell markers.
 */
const DIGIT_STEM = /(?:^|[^A-Za-z])[A-Za-z]{1,2}$|(?:hco|pco|tco|spo|sao|fio|apoa|apob|hba|ig[gamed]|cd|ccp|hla|cyp|omega|vitamin|factor)$/i;

/** The name part of a glued word: it ends in a letter or a bracket, and not in a stem that takes digits. */
function nameOk(piece: string, strict: boolean): boolean {
  // Loosely, any name at all: only to tell a row whose glue cannot be undone from one never glued.
  if (!strict) return /[A-Za-z]/.test(piece) && /[A-Za-z)\]-]$/.test(piece);
  // A decimal number inside is a result or a unit already ("eGFR102mL/min/1.73m" is no name).
  if (!/[A-Za-z)\]]$/.test(piece) || /\d[.,]\d/.test(piece)) return false;
  // "HbA1c", "Hemoglobin A1c": letters after the name's digits end them, so what follows is the result.
  if (/[A-Za-z]\d+[A-Za-z]{1,2}$/.test(piece)) return true;
  return /[A-Za-z]{2}/.test(piece) && (/[)\]]$/.test(piece) || !DIGIT_STEM.test(piece));
}

/** Can this text be this piece? The range's place may also hold only its low end ("g/dL13.0 - 17.0"). */
function fits(piece: Piece, printed: string, before: Piece | null, last: boolean, strict: boolean, swap: Swap): boolean {
  const text = swap(printed);
  switch (piece) {
    case 'name':
      return before === null && nameOk(text, strict);
    case 'value': {
      // A sign after a name is the name's dash ("Omega-3"), never a negative result.
      if (!/^[<>≤≥]?\d|^\.\d/.test(text)) return false;
      const v = readNumeric(text);
      return v !== null && !v.repaired;
    }
    // A flag after the result, or after the unit; never both readings of one letter.
    case 'flag':
      return before === 'value' && GLUED_FLAG.test(text);
    case 'flag2':
      return before === 'unit' && GLUED_FLAG.test(text);
    case 'unit': {
      // A unit starting with digits ("10^3/uL") cannot be told from the result's own digits.
      if (/^\d/.test(text)) return false;
      const u = readUnit(text);
      return u !== null && !u.guessed && !u.repaired;
    }
    case 'range': {
      if (/^\d+(\.\d+)?$/.test(text)) {
        // Only a range's low end, its dash and high end in the words after; after a unit ending in
        // a digit ("mL/min/1.73") the digits could be either's.
        return last && (before === 'unit' || before === 'flag2');
      }
      const r = readRange(text);
      return r !== null && /\d/.test(text) && (r.low !== null || r.high !== null);
    }
  }
}

type Cut = { text: string; piece: Piece }[];

/**
 * Words longer than this are never cut: a glued row cell runs to about 40 characters
 * ("Haemoglobin(Hb)10.5Lowg/dL13.0-17.0"), and the search below grows with the cube of the length.
 */
const MAX_GLUED_LENGTH = 60;

/**
 * How many pieces a document's glued words may try between them (each a `fits` test of one piece
 * of text). A report's glued words take a few hundred each; a hostile text of thousands of long
 * digit-and-letter words would otherwise hold the parse for minutes. Once spent, words stay as
 * printed, and rows that needed cutting are listed unread with their reason.
 */
export const GLUE_STEPS_PER_DOCUMENT = 300_000;

/** The steps left to a document's glued words (one per parse, shared by all its rows). */
export interface GlueBudget {
  steps: number;
}

export function glueBudget(): GlueBudget {
  return { steps: GLUE_STEPS_PER_DOCUMENT };
}
/** How the report writes its numbers: a report with decimal commas has "14,2" read as 14.2. */
type Swap = (text: string) => string;
const asPrinted: Swap = (text) => text;

/**
 * Every way the word is a run of pieces in print order, two at least; stops counting past two.
 * Null when the budget ran out before the search ended (no answer, rather than a partial one).
 */
function cuts(word: string, strict: boolean, swap: Swap, budget: GlueBudget): Cut[] | null {
  const found: Cut[] = [];
  // Places from which no cut reaches the end, by what precedes them: each is tried once.
  const dead = new Set<string>();
  const walk = (at: number, from: number, done: Cut) => {
    if (found.length > 1) return;
    if (at === word.length) {
      if (done.length >= 2 && done.some((p) => p.piece !== 'name')) found.push(done);
      return;
    }
    const last = done[done.length - 1];
    const key = `${at}:${from}:${last?.piece}:${/\d$/.test(last?.text ?? '')}:${done.length >= 2}`;
    if (dead.has(key)) return;
    const before = found.length;
    for (let end = word.length; end > at; end--) {
      const text = word.slice(at, end);
      for (let k = from; k < ORDER.length; k++) {
        const piece = ORDER[k]!;
        // A name is followed by its result; the unit's place after a unit ending in a digit is not cut.
        if (last?.piece === 'name' && piece !== 'value') continue;
        if (piece === 'range' && last?.piece === 'unit' && /\d$/.test(last.text) && /^\d/.test(text)) continue;
        if (budget.steps <= 0) return;
        budget.steps--;
        if (!fits(piece, text, last?.piece ?? null, end === word.length, strict, swap)) continue;
        walk(end, k + 1, [...done, { text, piece }]);
      }
    }
    if (found.length === before) dead.add(key);
  };
  walk(0, 0, []);
  return budget.steps <= 0 ? null : found;
}

/** A word that is one piece already ("x10E3/uL", "4.8-5.6", "B12"): nothing to cut. */
function whole(word: string): boolean {
  const unit = readUnit(word);
  return readNumeric(word) !== null || (unit !== null && !unit.guessed) || readRange(word) !== null || !/\d/.test(word);
}

export interface Unglued {
  /** The row's words with glued ones cut into pieces; null when nothing was cut. */
  words: Word[] | null;
  /** A word looked glued to a unit or range, but could be cut more than one way (or only through a name's digits). */
  ambiguous: boolean;
}

/** The pieces a glued word is cut into, placed proportionally inside it; null when it stays whole. */
export function ungluedWord(word: Word, swap: Swap = asPrinted, budget: GlueBudget = glueBudget()): { pieces: Word[] | null; ambiguous: boolean } {
  if (word.text.length > MAX_GLUED_LENGTH || whole(word.text)) return { pieces: null, ambiguous: false };
  const strict = cuts(word.text, true, swap, budget);
  if (strict === null) return { pieces: null, ambiguous: false };
  if (strict.length === 1) {
    const perChar = word.text.length === 0 ? 0 : word.width / word.text.length;
    let offset = 0;
    const pieces = strict[0]!.map(({ text }) => {
      const piece = { ...word, text: swap(text), x: word.x + offset * perChar, width: text.length * perChar };
      offset += text.length;
      return piece;
    });
    return { pieces, ambiguous: false };
  }
  // Glued for sure (a unit or range is in it), but where the result starts is anyone's guess.
  const loose = strict.length > 1 ? strict : cuts(word.text, false, swap, budget);
  if (loose === null) return { pieces: null, ambiguous: false };
  const ambiguous = loose.some((cut) => cut.some((p) => p.piece === 'unit' || p.piece === 'range')) || strict.length > 1;
  return { pieces: null, ambiguous };
}

/** A row's words with its glued words cut where the cut is certain. */
export function unglue(words: Word[], swap: Swap = asPrinted, budget: GlueBudget = glueBudget()): Unglued {
  let changed = false;
  let ambiguous = false;
  const out: Word[] = [];
  for (const w of words) {
    const { pieces, ambiguous: unsure } = ungluedWord(w, swap, budget);
    ambiguous ||= unsure;
    if (pieces) {
      changed = true;
      out.push(...pieces);
    } else {
      out.push(w);
    }
  }
  return { words: changed ? out : null, ambiguous };
}
