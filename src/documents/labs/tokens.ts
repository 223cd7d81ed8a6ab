// The words of a row with their positions: a cell the PDF drew in one piece ("Current Result and
// Flag", "145 High") is split into words placed proportionally inside it, so that columns can be
// told apart by x whatever the extractor merged. Gaps wider than a few characters separate phrases.
import type { TextLine } from '../types';

export interface Word {
  text: string;
  x: number;
  width: number;
  /** OCR's confidence for the cell the word came from; 1 on the text layer. */
  confidence: number;
  /** The word was read by OCR (its cell carries a confidence). */
  ocr: boolean;
}

export function wordsOf(line: TextLine): Word[] {
  const words: Word[] = [];
  for (const cell of line.cells) {
    const perChar = cell.text.length === 0 ? 0 : cell.width / cell.text.length;
    for (const m of cell.text.matchAll(/\S+/g)) {
      const base = { confidence: cell.confidence ?? 1, ocr: cell.confidence !== undefined };
      const x = cell.x + m.index * perChar;
      // A flag OCR ran into its result ("142H"): two words.
      const glued = base.ocr ? /^([<>]?\d+(?:\.\d+)?)(H|L|HH|LL)$/.exec(m[0]) : null;
      if (glued) {
        words.push({ text: glued[1]!, x, width: glued[1]!.length * perChar, ...base });
        words.push({ text: glued[2]!, x: x + glued[1]!.length * perChar, width: glued[2]!.length * perChar, ...base });
      } else {
        words.push({ text: m[0], x, width: m[0].length * perChar, ...base });
      }
    }
  }
  return words.sort((a, b) => a.x - b.x);
}

/** Mean width of one character on the row, from its words. */
export function charWidth(words: Word[]): number {
  const chars = words.reduce((n, w) => n + w.text.length, 0);
  return chars === 0 ? 6 : words.reduce((n, w) => n + w.width, 0) / chars;
}

/** Words grouped into phrases: a new phrase starts after a gap wider than about two characters. */
export function phrasesOf(words: Word[]): Word[][] {
  const gap = Math.max(2.2 * charWidth(words), 4);
  const phrases: Word[][] = [];
  let current: Word[] = [];
  for (const w of words) {
    const prev = current[current.length - 1];
    if (prev && w.x - (prev.x + prev.width) > gap) {
      phrases.push(current);
      current = [];
    }
    current.push(w);
  }
  if (current.length > 0) phrases.push(current);
  return phrases;
}

export const phraseText = (phrase: Word[]) => phrase.map((w) => w.text).join(' ');
