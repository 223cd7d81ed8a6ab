// Reading a row of cells: phrases (the words of one column heading or label), the label that
// opens a row and the numbers that follow it, and where on the page an item was read.
import type { Provenance } from '../draft';
import type { TextCell, TextLine } from '../types';
import { readNumber, type NumberToken } from './numbers';

export interface Phrase {
  text: string;
  x: number;
  width: number;
  cells: TextCell[];
}

/** Joins cells separated by less than a word space or so: OCR reads a heading word by word. */
export function phrases(line: TextLine): Phrase[] {
  const out: Phrase[] = [];
  for (const cell of line.cells) {
    const last = out[out.length - 1];
    const gap = last ? cell.x - (last.x + last.width) : Infinity;
    if (last && gap < Math.max(4, 0.8 * cell.height)) {
      last.text = `${last.text} ${cell.text}`;
      last.width = cell.x + cell.width - last.x;
      last.cells.push(cell);
    } else out.push({ text: cell.text, x: cell.x, width: cell.width, cells: [cell] });
  }
  return out;
}

export interface ValueCell extends NumberToken {
  text: string;
  x: number;
  width: number;
  /** OCR's confidence for the cell; 1 on the text layer. */
  confidence: number;
  /** False for a cell among the numbers that reads as neither a number nor a unit. */
  readable: boolean;
}

export interface Row {
  label: string;
  values: ValueCell[];
}

const UNIT_CELL = /^\(?(?:%|lbs?|kg|g|in[³3]?|cm[³3]?|kb|bp|years?|yrs?|g\/cm[²2]?)\)?$/i;

/** Splits a row into its label (the words before the first number) and its values. */
export function splitRow(line: TextLine): Row {
  const label: string[] = [];
  const values: ValueCell[] = [];
  line.cells.forEach((cell, i) => {
    // The first cell is always a label: "L1" must not become the number 11.
    const token = i === 0 ? null : readNumber(cell.text);
    const at = { text: cell.text, x: cell.x, width: cell.width, confidence: cell.confidence ?? 1 };
    // More digits than letters ("i79}") is a number OCR garbled, not a word of the label ("L1", "(L1-L4)").
    const garbled = i > 0 && token === null && (cell.text.match(/\d/g)?.length ?? 0) > (cell.text.match(/\p{L}/gu)?.length ?? 0);
    if (token !== null && (values.length > 0 || token.value !== null)) values.push({ ...token, ...at, readable: true });
    else if (values.length === 0 && !garbled) label.push(cell.text);
    else if (UNIT_CELL.test(cell.text)) values[values.length - 1]!.unit ??= cell.text.replace(/[()]/g, '');
    else values.push({ value: null, unit: null, repaired: false, ...at, readable: false });
  });
  return { label: label.join(' '), values };
}

export const sourceOf = (line: TextLine): Provenance => ({ page: line.page, line: line.line, x: line.x, y: line.y, width: line.width, height: line.height });

/** How far to trust a value read from these cells: OCR's confidence, less for repaired digits. */
export function cellConfidence(cells: (Pick<ValueCell, 'confidence' | 'repaired'> & { readable?: boolean })[], base = 0.95): number {
  if (cells.some((c) => c.readable === false)) return 0.3;
  const ocr = cells.length === 0 ? 1 : Math.min(...cells.map((c) => c.confidence));
  const repaired = cells.some((c) => c.repaired) ? 0.7 : 1;
  return Math.round(base * Math.min(1, ocr + 0.05) * repaired * 100) / 100;
}

/** Lower-case words only, for matching labels: "Est. VAT Mass (g)" → "est vat mass g". */
export const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[³]/g, '3')
    .replace(/[²]/g, '2')
    .replace(/[^a-z0-9%/+]+/g, ' ')
    .trim();
