// Text without positions (a .txt report, text pasted from a portal) as the rows the parsers read.
// Each line becomes one TextLine whose cells are its whitespace-separated words, placed at their
// character offset times a nominal width: words stay in order and keep their relative distances,
// so positional logic still runs, and a run of spaces stays a visible gap between columns.
import type { TextCell, TextLine } from './types';

/** Nominal width of one character and height of one line, in PDF points (Courier at 10 pt). */
export const CHAR_WIDTH = 6;
export const LINE_HEIGHT = 12;

export function linesFromText(text: string, page = 1): TextLine[] {
  const lines: TextLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const cells: TextCell[] = [];
    const y = index * LINE_HEIGHT;
    for (const match of raw.matchAll(/\S+/g)) {
      const x = match.index * CHAR_WIDTH;
      cells.push({ text: match[0], x, y, width: match[0].length * CHAR_WIDTH, height: LINE_HEIGHT });
    }
    if (cells.length === 0) return;
    const first = cells[0]!;
    const last = cells[cells.length - 1]!;
    // Keep the printed spacing visible: a gap of two or more spaces stays two spaces.
    const joined = raw.trim().replace(/\s{2,}/g, '  ').replace(/\t/g, '  ');
    lines.push({ page, line: index, x: first.x, y, width: last.x + last.width - first.x, height: LINE_HEIGHT, cells, text: joined });
  });
  return lines;
}
