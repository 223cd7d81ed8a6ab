// Rows rebuilt from coordinates: cells whose vertical centres line up form a row, whatever order the
// PDF's content stream (or OCR's layout analysis) produced them in — a table written column by
// column still comes out row by row. The same code serves the text layer and OCR.
import type { TextCell, TextLine } from '../types';

/** Runs closer than this (× the font size) are pieces of one word: glyphs a PDF drew one by one. */
const GLYPH_GAP = 0.12;
/** A gap this wide (× the font size) separates columns: two spaces in the row's text. */
const COLUMN_GAP = 0.8;

const centre = (cell: TextCell) => cell.y + cell.height / 2;
const right = (cell: TextCell) => cell.x + cell.width;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

interface Row {
  cells: TextCell[];
  centre: number;
  height: number;
}

/** Joins a row's glyph runs into words; drops the second copy of text drawn twice (fake bold). */
function mergeRuns(cells: TextCell[], fontSize: number): TextCell[] {
  const merged: TextCell[] = [];
  for (const cell of cells) {
    const last = merged[merged.length - 1];
    if (last && last.text === cell.text && Math.abs(last.x - cell.x) < fontSize * 0.3 && Math.abs(last.y - cell.y) < fontSize * 0.3) continue;
    const gap = last ? cell.x - right(last) : Infinity;
    // OCR words are words already; only text-layer runs are glued.
    if (last && last.confidence === undefined && cell.confidence === undefined && gap < fontSize * GLYPH_GAP && gap > -fontSize * 0.5 && !/\s$/.test(last.text) && !/^\s/.test(cell.text)) {
      const top = Math.min(last.y, cell.y);
      const bottom = Math.max(last.y + last.height, cell.y + cell.height);
      merged[merged.length - 1] = { text: last.text + cell.text, x: last.x, y: top, width: Math.max(right(last), right(cell)) - last.x, height: bottom - top };
    } else merged.push(cell);
  }
  return merged;
}

/**
 * A run padded into columns with spaces (fixed-width reports print whole rows as one string) is cut
 * at every run of two or more spaces, each piece placed by its share of the characters.
 */
function splitPadded(cell: TextCell): TextCell[] {
  if (cell.confidence !== undefined || !/\S\s{2,}\S/.test(cell.text)) return [cell];
  const perChar = cell.width / cell.text.length;
  const pieces: TextCell[] = [];
  for (const match of cell.text.matchAll(/\S+(?: \S+)*/g))
    pieces.push({ ...cell, text: match[0], x: cell.x + match.index * perChar, width: match[0].length * perChar });
  return pieces;
}

export interface RowOptions {
  /** The font size over a cell's height: 1 for the text layer, about 1.35 for OCR word boxes (cap height, not em). */
  emPerHeight: number;
}

/** Groups cells into rows top to bottom, each sorted left to right, with its text and box. */
export function buildLines(page: number, input: TextCell[], options: RowOptions = { emPerHeight: 1 }): TextLine[] {
  const cells = input
    .flatMap(splitPadded)
    .map((cell) => ({ ...cell, text: cell.text.replace(/\s+/g, ' ').trim() }))
    .filter((cell) => cell.text !== '' && cell.height > 0 && Number.isFinite(cell.x) && Number.isFinite(cell.y))
    .sort((a, b) => centre(a) - centre(b) || a.x - b.x);
  const rows: Row[] = [];
  for (const cell of cells) {
    const c = centre(cell);
    // Rows are made in centre order, so only the latest few can still reach this cell.
    let best: Row | undefined;
    for (let i = rows.length - 1; i >= 0 && i >= rows.length - 4; i--) {
      const row = rows[i]!;
      const distance = Math.abs(row.centre - c);
      // Centre overlap: one's centre lies within the other's height.
      if (distance <= Math.max(row.height, cell.height) / 2 && (!best || distance < Math.abs(best.centre - c))) best = row;
    }
    if (best) {
      best.cells.push(cell);
      best.centre = best.cells.reduce((sum, x) => sum + centre(x), 0) / best.cells.length;
      best.height = median(best.cells.map((x) => x.height));
    } else rows.push({ cells: [cell], centre: c, height: cell.height });
  }
  return rows
    .sort((a, b) => a.centre - b.centre)
    .map((row, line) => {
      const fontSize = row.height * options.emPerHeight;
      const cellsOfRow = mergeRuns(
        [...row.cells].sort((a, b) => a.x - b.x),
        fontSize,
      );
      let text = '';
      cellsOfRow.forEach((cell, i) => {
        if (i > 0) text += cell.x - right(cellsOfRow[i - 1]!) >= fontSize * COLUMN_GAP ? '  ' : ' ';
        text += cell.text;
      });
      const x = Math.min(...cellsOfRow.map((cell) => cell.x));
      const y = Math.min(...cellsOfRow.map((cell) => cell.y));
      return {
        page,
        line,
        x,
        y,
        width: Math.max(...cellsOfRow.map(right)) - x,
        height: Math.max(...cellsOfRow.map((cell) => cell.y + cell.height)) - y,
        cells: cellsOfRow,
        text,
      };
    });
}
