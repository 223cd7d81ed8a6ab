// Column headings of a results table and the columns they define. A heading row is recognised by
// its labels (Labcorp: "Test | Current Result and Flag | Previous Result and Date | Units |
// Reference Interval"; Quest: "Test Name | In Range | Out Of Range | Reference Range | Lab"; German
// labs: "Untersuchung | Ergebnis | Einheit | Referenzbereich", "Analyse | Resultat | Einheit |
// Normbereich", "Parameter | Wert | Einheit | Referenzwerte"); when
// its labels stand apart on the page, their x positions say which column each word of a row is in.
import type { TextLine } from '../types';
import { phrasesOf, phraseText, wordsOf, type Word } from './tokens';

export type ColumnKind = 'name' | 'result' | 'flag' | 'previous' | 'units' | 'range' | 'lab';

export interface Column {
  kind: ColumnKind;
  /** Where the column's heading starts, in PDF points. */
  x: number;
}

export interface ColumnLayout {
  columns: Column[];
}

const LABELS: [RegExp, ColumnKind][] = [
  [/^(tests?|test name|tests? ordered|component|analyte|name|determination|biomarker|marker|parameter|investigation|test description|description|untersuchung|analyse|bezeichnung|analyt)$/i, 'name'],
  [/^(current result( and flag)?|current|result|results|value|your value|in range|out of range|result value|ergebnis|resultat|wert|messwert|befund)$/i, 'result'],
  [/^(flag|flags|abnormal flag|abn flag|abn|kennung|bewertung)$/i, 'flag'],
  [/^(previous result( and date)?|previous|prior result( and date)?|last result|vorwert|vorbefund)$/i, 'previous'],
  [/^(units?|uom|einheit)$/i, 'units'],
  [/^(reference (interval|range)|ref\.? (interval|range)|normal range|standard range|range|reference|referenzbereich|referenzwerte?|normbereich|normalbereich|normwerte?|referenz|norm)$/i, 'range'],
  [/^(lab|site|performing lab)$/i, 'lab'],
];

/** A row of column headings, judged on its words alone (with or without usable positions). */
export function isColumnHeaderText(text: string): boolean {
  if (/\d/.test(text)) return false;
  return (
    /\b(test|tests|component|analyte|biomarker|marker|parameter|investigation|name|untersuchung|analyse|bezeichnung|analyt)\b/i.test(text) &&
    /\b(result|results|value|in range|ergebnis|resultat|wert|messwert|befund)\b/i.test(text) &&
    /\b(units?|reference|range|interval|einheit|referenzbereich|referenzwerte?|normbereich|normalbereich|normwerte?)\b/i.test(text)
  );
}

/** The layout a heading row defines, or null when its labels do not stand apart as columns. */
export function readColumnHeader(line: TextLine): ColumnLayout | null {
  if (!isColumnHeaderText(line.text)) return null;
  const columns: Column[] = [];
  for (const phrase of phrasesOf(wordsOf(line))) {
    const label = phraseText(phrase).replace(/[:|]+$/, '').trim();
    const kind = LABELS.find(([re]) => re.test(label))?.[1];
    if (kind) columns.push({ kind, x: phrase[0]!.x });
  }
  const kinds = new Set(columns.map((c) => c.kind));
  if (!kinds.has('name') || !kinds.has('result') || !(kinds.has('units') || kinds.has('range')) || columns.length < 3) return null;
  return { columns };
}

/** The words of a row by column: each word goes to the last column starting at or before it (give or take a scan's tilt). */
export function assignColumns(words: Word[], layout: ColumnLayout, tolerance = 8): { kind: ColumnKind; words: Word[] }[] {
  const out = layout.columns.map((c) => ({ kind: c.kind, words: [] as Word[] }));
  for (const w of words) {
    let at = 0;
    layout.columns.forEach((c, k) => {
      if (c.x <= w.x + tolerance) at = k;
    });
    out[at]!.words.push(w);
  }
  return out;
}
