// Which lab's layout a report is in, from what every page of it prints: the lab's name, its column
// headings (English or German), MyChart's "Normal range:" blocks, rows shaped like results. null
// when the text is not a lab report at all.
import type { TextLine } from '../types';
import { isColumnHeaderText } from './columns';
import { readNumeric, readRange } from './values';
import { readUnit } from './units';

export type LabFamily = 'labcorp' | 'quest' | 'epic_mychart' | 'generic';

const LABCORP = /laboratory corporation of america|\blab\s?corp\b/i;
const QUEST = /quest diagnostics/i;
const MYCHART = /\bmychart\b|epic systems/i;
const NORMAL_RANGE = /^(normal range|normal value|standard range)\s*:/i;
/** German labs by name, and what their reports call themselves (regular-expression alternatives; parse.ts skips both as page furniture). */
export const GERMAN_LAB_NAMES = 'synlab|labor berlin|bioscientia|limbach|amedes';
export const GERMAN_REPORT_TITLES = 'laborbefund|laborbericht|befundbericht';
/** A German lab or report; read as generic tables. */
const GERMAN_LAB = new RegExp(`\\b(${GERMAN_LAB_NAMES}|medizinisches versorgungszentrum|mvz\\b[^\\n]*\\blabor|${GERMAN_REPORT_TITLES})`, 'i');

/** A number as the report prints it: "6,8" on reports with decimal commas. */
const numeric = (word: string) => readNumeric(word) ?? (/^[<>]?\d+,\d{1,2}$/.test(word) ? readNumeric(word.replace(',', '.')) : null);

/** Rows shaped like "Name 6.2 unit 3.4-10.8": a number followed by a unit or a range. */
function resultLike(line: TextLine): boolean {
  const words = line.text.split(/\s+/);
  const at = words.findIndex((w, i) => i > 0 && numeric(w) !== null);
  if (at < 0) return false;
  return words.slice(at + 1).some((w) => readUnit(w) !== null || (readRange(w) !== null && /\d/.test(w)));
}

export function detectLabFamily(lines: TextLine[]): LabFamily | null {
  const text = lines.slice(0, 400).map((l) => l.text).join('\n');
  if (MYCHART.test(text)) return 'epic_mychart';
  if (LABCORP.test(text) || lines.some((l) => /current result and flag/i.test(l.text))) return 'labcorp';
  if (QUEST.test(text)) return 'quest';
  if (lines.filter((l) => NORMAL_RANGE.test(l.text)).length >= 2) return 'epic_mychart';
  if (lines.some((l) => isColumnHeaderText(l.text)) || lines.filter(resultLike).length >= 3) return 'generic';
  if (GERMAN_LAB.test(text) && lines.some(resultLike)) return 'generic';
  return null;
}
