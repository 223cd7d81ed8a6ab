// A lab report's rows become lab_result items. One pass over the rows of every page, in order:
// header labels fill the header; column headings (repeated on each page) set the table's columns;
// a row with a name and a result is a result; a name alone on its row followed by a row of values is
// a wrapped name; other rows without values are sub-panel headings or comments; a row that looks like
// a result but cannot be read is listed in unreadLines with the reason. Mapping to the dictionary is
// mapLabResults' job (src/documents/mapping.ts).
import type { DraftHeader, LabResult, ParsedReport } from '../draft';
import type { TextLine } from '../types';
import { assignColumns, isColumnHeaderText, readColumnHeader, type ColumnLayout } from './columns';
import { GERMAN_LAB_NAMES, GERMAN_REPORT_TITLES, detectLabFamily, type LabFamily } from './detect';
import { mergeHeader, readHeaderRow } from './header';
import { RANGE_LINE, readCard } from './mychart';
import { readRowByColumns, readRowByWords, type RowOutcome, type RowRead } from './rows';
import { wordsOf, type Word } from './tokens';
import { readUnit } from './units';
import { restoreDecimals } from './decimals';
import { glueBudget, unglue } from './glued';
import { isDate, isPlainNumber, readNumeric, readRange, toNumber } from './values';

const PROVIDERS: Partial<Record<LabFamily, string>> = { labcorp: 'Labcorp', quest: 'Quest Diagnostics' };

/** Page furniture: banners, page numbers, the lab's name and address lines. */
const FURNITURE = [
  /^page \d+( of \d+)?$/i,
  /^laboratory corporation of america/i,
  /^labcorp\b/i,
  /^quest diagnostics\b/i,
  /^mychart\b/i,
  /licensed from epic/i,
  /^(final|preliminary|corrected|amended) report$/i,
  /^(patient report|lab results?|test results?|results)$/i,
  /^(patient|specimen|physician|provider|order|client) (information|details|demographics)$/i,
  /^(patient details\s+specimen details\s+physician details|ordered items)$/i,
  // German reports: the page count, the report's own title and status, the lab's name.
  /^seite \d+( von \d+)?$/i,
  new RegExp(`^(${GERMAN_REPORT_TITLES})(\\s+(endbefund|teilbefund|vorläufiger befund|nachtrag))?$`, 'i'),
  /^(endbefund|teilbefund|vorläufiger befund)$/i,
  new RegExp(`^(${GERMAN_LAB_NAMES}|mvz)\\b.*$|\\blabor\\b.*\\b(gmbh|mvz)$`, 'i'),
  /^(printed from health gorilla|function health|insidetracker|lifelabs|dynacare|sonora quest laboratories|bioreference laboratories|arup laboratories|mayo clinic laboratories|kaiser permanente)$/i,
];

/** Comments and footnotes: lines that explain rather than report. */
const COMMENT =
  /^(comments?|notes?|footnotes?|please|disclaimer|interpretation|performing|reference (interval|range)s? (is|are|was|were|changed)|this (test|report|result|document|assay)|results? (is|are|was|were|of|for)|the |a |an |for |if |\*|†|‡|\(\d+\)|\d{2}\s+[A-Z][a-z]+ [A-Z][a-z]+|see note)/i;

function isComment(text: string, read?: RowRead): boolean {
  const t = text.trim();
  const words = t.split(/\s+/);
  if (COMMENT.test(t)) return true;
  // A note under a label ("Prediabetes: 5.7 - 6.4", "Please Note:").
  if (/^[A-Za-z][^:\d]{0,40}:(\s|$)/.test(t)) return true;
  // A row read with its unit and a numeric range is a result, however many ordinary words it holds
  // ("Serum ferritin 21 ug/L [30.0 - 400.0] Below low reference limit").
  if (read?.unit && read.range && (read.range.low !== null || read.range.high !== null)) return false;
  // Prose: a sentence of ordinary lowercase words, which no result row is.
  const lowercase = words.filter((w) => /^[a-z]{2,}[.,;]?$/.test(w)).length;
  if (lowercase >= 4 && (/[.!?]$/.test(t) || words.length >= 8)) return true;
  return words.length >= 12;
}

/** A sub-panel heading: a short line of words without values ("CBC With Differential/Platelet"). */
function isHeading(text: string): boolean {
  const t = text.trim();
  const words = t.split(/\s+/);
  return words.length <= 8 && /[A-Za-z]{2}/.test(t) && !/[.:;!?]$/.test(t) && !/:/.test(t) && !isComment(t);
}

/** Words OCR is known to misread in test names: the digit 1 read as a letter in "A1c" and "B12". */
const NAME_REPAIRS: [RegExp, string][] = [
  [/\bA[lI|]c\b/g, 'A1c'],
  [/\bB[lI|]2\b/g, 'B12'],
];

/** Debris extraction leaves after a name (labcorp samples: `WBC"`, `RBC<"`) and OCR's misread digits. */
function cleanName(printed: string): { name: string; cleaned: boolean } {
  let name = printed.replace(/["'`´‘’“”<>|_~]+$/g, '').replace(/\s+/g, ' ').trim();
  for (const [re, fixed] of NAME_REPAIRS) name = name.replace(re, fixed);
  return { name: name === '' ? printed : name, cleaned: name !== printed.trim() };
}

const box = (lines: TextLine[]) => {
  const x = Math.min(...lines.map((l) => l.x));
  const y = Math.min(...lines.map((l) => l.y));
  const right = Math.max(...lines.map((l) => l.x + l.width));
  const bottom = Math.max(...lines.map((l) => l.y + l.height));
  return { page: lines[0]!.page, line: lines[0]!.line, x, y, width: right - x, height: bottom - y };
};

const withoutPrevious = (words: Word[], layout: ColumnLayout) =>
  assignColumns(words, layout).flatMap((c) => (c.kind === 'previous' ? [] : c.words)).sort((a, b) => a.x - b.x);

const inNameColumn = (words: Word[], layout: ColumnLayout) =>
  assignColumns(words, layout).every((c) => c.kind === 'name' || c.words.length === 0);

const meanConfidence = (words: Word[]) => (words.length === 0 ? 1 : words.reduce((s, w) => s + w.confidence, 0) / words.length);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Signs that a row was meant as a result even though it could not be read: a unit or a numeric range. */
function looksLikeResult(words: Word[]): boolean {
  return words.some((w, i) => i > 0 && ((readUnit(w.text) !== null && !readUnit(w.text)?.guessed) || (/\d/.test(w.text) && readRange(w.text) !== null && !isDate(w.text))));
}

/**
 * Reports from continental Europe write 14,2 for 14.2 and 1.250 for 1250. A report is read so when its
 * numbers say so: several with a comma followed by one, two or four digits and none with a point
 * followed by one or two.
 */
function usesDecimalComma(rows: TextLine[]): boolean {
  const tokens = rows.flatMap((r) => r.text.split(/\s+/)).map((t) => t.replace(/^[<>≤≥([]+|[)\]]+$/g, ''));
  const comma = tokens.filter((t) => /^\d+,(\d{1,2}|\d{4,})$/.test(t) || /^\d+,\d+-\d+,\d+$/.test(t)).length;
  const point = tokens.filter((t) => /^\d+\.\d{1,2}$/.test(t) || /^\d+\.\d+-\d+\.\d+$/.test(t)).length;
  return comma >= 2 && point === 0;
}

/** A number (or range) written with a decimal comma, in the point notation; other words as they are. */
function swapDecimalComma(word: string): string {
  if (!/^[<>≤≥=([]*\d[\d.,]*([-–]\d[\d.,]*)?[)\]]*$/.test(word) || /^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(word)) return word;
  return word.replace(/[.,]/g, (c) => (c === ',' ? '.' : ','));
}

/** A one-letter result-status column (F final, P preliminary, C corrected) opening most result rows, or null. */
function statusColumn(words: Word[][]): RegExp | null {
  const firsts = words.filter((ws) => ws.length >= 3 && ws.slice(2).some((w) => readNumeric(w.text) !== null)).map((ws) => ws[0]!.text);
  for (const letter of ['F', 'P', 'C']) {
    const count = firsts.filter((f) => f === letter).length;
    if (count >= 3 && count >= firsts.length * 0.6) return new RegExp(`^${letter}\\s+`);
  }
  return null;
}

/** A row that can be a wrapped test name: words, and no dates or decimal numbers (those are a row of its own). */
const looksLikeName = (words: Word[]) =>
  words.some((w) => /[A-Za-z]{2}/.test(w.text)) && !words.some((w) => isDate(w.text) || /^[<>]?\d+\.\d+$/.test(w.text));

/** A row holding only a range's wrapped high end, with or without the unit: "1.10 MG/DL". */
function rangeEnd(words: Word[]): { high: number; text: string; unit: RowRead['unit'] } | null {
  if (words.length === 0 || words.length > 2 || !isPlainNumber(words[0]!.text)) return null;
  const printed = words[1]?.text;
  const read = printed === undefined ? null : readUnit(printed);
  if (printed !== undefined && !read) return null;
  return { high: toNumber(words[0]!.text), text: words[0]!.text, unit: read && printed ? { unit: read.unit, printed, repaired: read.repaired } : null };
}

export function parseLabReport(lines: TextLine[]): ParsedReport {
  const family = detectLabFamily(lines);
  const header: Partial<DraftHeader> = {};
  const items: LabResult[] = [];
  const unreadLines: ParsedReport['unreadLines'] = [];
  const warnings: string[] = [];
  if (family === null) warnings.push('not recognised as a lab report: read as a generic table');
  const provider = PROVIDERS[family ?? 'generic'];
  if (provider) header.provider = provider;

  const rows = lines.filter((l) => l.text.trim() !== '');
  const decimalComma = usesDecimalComma(rows);
  const words = rows.map((l) => wordsOf(l).map((w) => (decimalComma ? { ...w, text: swapDecimalComma(w.text) } : w)));
  const budget = glueBudget();
  const glued = words.map((ws) => unglue(ws, decimalComma ? swapDecimalComma : undefined, budget));
  const status = statusColumn(words);
  const headerRows = rows.map(readHeaderRow);
  let layout: ColumnLayout | null = null;
  let subPanel: string | null = null;

  const read = (k: number): RowOutcome => {
    const printed = readAsPrinted(k);
    const pieces = glued[k]!.words;
    if ((printed.kind === 'result' && !printed.row.weak) || !pieces) return printed;
    // Cells the extraction glued together ("Hemoglobin14.2g/dL13.5-17.5"), cut where the cut is
    // certain (as printed, such a row reads at best as a name and a lone number). Their positions say nothing about columns, so word order reads them, and only a row
    // the cut explains with its unit or range counts.
    const cut = readRowByWords(pieces);
    if (cut.kind === 'result' && !cut.row.weak && (cut.row.unit || cut.row.range)) return { kind: 'result', row: { ...cut.row, unglued: true } };
    return printed;
  };
  const readAsPrinted = (k: number): RowOutcome => {
    if (!layout) return readRowByWords(words[k]!);
    const byColumns = readRowByColumns(words[k]!, layout);
    if (byColumns) return byColumns;
    // Read by word order, but never from the previous result's column, and a name must stay in
    // the name column: "Protein, Total y 2" is OCR debris in the result column, not a name.
    const byWords = readRowByWords(withoutPrevious(words[k]!, layout));
    if (byWords.kind === 'result' && !inNameColumn(byWords.row.nameWords, layout)) return { kind: 'none' };
    return byWords;
  };
  /** Row k's result has a name that goes on from the row before: "(ALT/SGPT)" under "Alanine Aminotransferase". */
  const continuesName = (k: number): boolean => {
    const prev = rows[k - 1];
    if (!prev || prev.page !== rows[k]!.page || !looksLikeName(words[k - 1]!) || isComment(prev.text)) return false;
    if (headerRows[k - 1]!.isHeader || isColumnHeaderText(prev.text) || FURNITURE.some((re) => re.test(prev.text.trim()))) return false;
    const outcome = read(k);
    if (outcome.kind !== 'result' || !/^\(/.test(outcome.row.nameWords[0]?.text ?? '')) return false;
    return read(k - 1).kind === 'none';
  };
  const isRangeRow = (k: number) => rows[k] !== undefined && RANGE_LINE.test(rows[k]!.text);
  const startsCard = (k: number) => isRangeRow(k + 1) && !isRangeRow(k);

  const unread = (source: TextLine[], reason: string) =>
    unreadLines.push({ page: source[0]!.page, line: source[0]!.line, text: source.map((l) => l.text).join('  '), reason });

  const push = (read: RowRead, name: string, source: TextLine[], wrapped: boolean, rowWords: Word[]) => {
    // A result-status column before the name ("F GLU 91 70-100 (mg/dL)": F for final) is not part of it.
    const clean = cleanName(status ? name.replace(status, '') : name);
    let row = read;
    const valueWord = rowWords.find((w) => read.value.value !== null && readNumeric(w.text)?.value === read.value.value);
    if (valueWord && valueWord.ocr && valueWord.confidence < 0.3) {
      unread(source, 'result too faint to read');
      return;
    }
    if (rowWords.some((w) => w.ocr)) {
      const printed = valueWord?.text ?? '';
      const fixed = restoreDecimals(read.value, printed, read.range);
      if (fixed.restored) row = { ...read, value: { ...fixed.value, repaired: true }, range: fixed.range };
    }
    let confidence = row.by === 'columns' ? 0.97 : layout ? 0.85 : 0.92;
    if (clean.cleaned) confidence -= 0.1;
    if (row.unit?.repaired) confidence -= 0.05;
    if (row.value.repaired) confidence -= 0.1;
    if (wrapped) confidence -= 0.05;
    if (row.unglued) confidence -= 0.05;
    if (row.weak) confidence -= 0.2;
    confidence *= meanConfidence(rowWords);
    items.push({
      id: `r${items.length + 1}`,
      type: 'lab_result',
      confidence: round2(Math.max(0.05, Math.min(1, confidence))),
      source: box(source),
      extractor: 'rules',
      rejected: false,
      corrected: [],
      printedName: clean.name,
      subPanel,
      value: row.value.value,
      valueText: row.value.valueText,
      comparator: row.value.comparator,
      unit: row.unit?.unit ?? null,
      printedUnit: row.unit?.printed ?? null,
      refRangeText: row.range?.text ?? null,
      refLow: row.range?.low ?? null,
      refHigh: row.range?.high ?? null,
      flag: row.flag?.flag ?? null,
      printedFlag: row.flag?.printed ?? null,
      loinc: null,
      biomarkerId: null,
      canonicalName: null,
      matchedBy: null,
    });
  };

  for (let k = 0; k < rows.length; k++) {
    const line = rows[k]!;
    const text = line.text.trim();
    if (FURNITURE.some((re) => re.test(text))) continue;
    if (headerRows[k]!.isHeader && !RANGE_LINE.test(text) && !/reference range\s*:/i.test(text)) {
      mergeHeader(header, headerRows[k]!.fields);
      continue;
    }
    if (isColumnHeaderText(text)) {
      // Repeated on every page of a long table; a heading row without usable positions keeps none.
      layout = readColumnHeader(line);
      continue;
    }
    // MyChart: a name row followed by its "Normal range:" row.
    if (startsCard(k)) {
      const card = readCard(rows, k, startsCard);
      if (card) {
        if (card.value && card.valueLine) {
          const row: RowRead = { nameWords: words[k]!, value: card.value, flag: card.flag, unit: card.unit, range: card.range, by: 'words', weak: false };
          const before = items.length;
          push(row, text, [line, card.valueLine], false, [...words[k]!, ...wordsOf(card.valueLine)]);
          const item = items[before];
          if (item) {
            item.confidence = round2(Math.min(1, item.confidence + 0.03));
            if (card.range === null) item.refRangeText = card.rangeText || null;
          }
        } else {
          unread([line], 'no result after its normal range');
        }
        k += card.rows - 1;
        continue;
      }
    }
    if (isRangeRow(k)) continue;
    const outcome = read(k);
    if (outcome.kind === 'result' && outcome.row.nameWords.length > 0) {
      if (outcome.row.by === 'words' && isComment(text, outcome.row)) continue;
      if (outcome.row.weak && ((layout === null && subPanel === null) || isComment(text, outcome.row))) continue;
      const next = rows[k + 1];
      const wrappedHigh = outcome.row.openRangeLow !== undefined && next?.page === line.page ? rangeEnd(words[k + 1]!) : null;
      if (outcome.row.openRangeLow !== undefined && wrappedHigh && wrappedHigh.high >= outcome.row.openRangeLow) {
        // "0.60 -" on the row, "1.10 MG/DL" under it: the range's high end and the unit wrapped.
        const low = outcome.row.openRangeLow;
        const range = { low, high: wrappedHigh.high, text: `${outcome.row.range!.text} ${wrappedHigh.text}` };
        const row: RowRead = { ...outcome.row, range, unit: outcome.row.unit ?? wrappedHigh.unit };
        push(row, outcome.row.nameWords.map((w) => w.text).join(' '), [line, next!], false, [...words[k]!, ...words[k + 1]!]);
        k++;
        continue;
      }
      if (continuesName(k)) {
        // "Alanine Aminotransferase" over "(ALT/SGPT)  44  H  U/L  0-40": one name on two rows.
        const prev = rows[k - 1]!;
        push(outcome.row, `${prev.text.trim()} ${outcome.row.nameWords.map((w) => w.text).join(' ')}`, [prev, line], true, [...words[k - 1]!, ...words[k]!]);
        continue;
      }
      push(outcome.row, outcome.row.nameWords.map((w) => w.text).join(' '), [line], false, words[k]!);
      continue;
    }
    if (outcome.kind === 'result') {
      // Values without a name: the name is the row before, alone on its row (a wrapped name).
      const prev = rows[k - 1]?.page === line.page ? rows[k - 1] : undefined;
      const prevOutcome = prev ? read(k - 1) : null;
      if (prev && prevOutcome?.kind === 'none' && looksLikeName(words[k - 1]!) && !isComment(prev.text) && !headerRows[k - 1]!.isHeader && !isColumnHeaderText(prev.text)) {
        push(outcome.row, prev.text.trim(), [prev, line], true, [...words[k - 1]!, ...words[k]!]);
      } else if (!outcome.row.weak) {
        unread([line], 'values without a test name');
      }
      continue;
    }
    // No result on the row. A name alone whose values follow on the next row is handled with them.
    const next = rows[k + 1];
    if (next && next.page === line.page) {
      const nextOutcome = read(k + 1);
      if (nextOutcome.kind === 'result' && nextOutcome.row.nameWords.length === 0 && !isComment(text)) continue;
      if (continuesName(k + 1)) continue;
    }
    if (glued[k]!.ambiguous && !isComment(text)) {
      unread([line], 'columns run together, and where the result ends cannot be told');
      continue;
    }
    if (looksLikeResult(glued[k]!.words ?? words[k]!) && !isComment(text)) {
      unread([line], 'no readable result beside the test name');
      continue;
    }
    if (isHeading(text)) subPanel = text;
  }
  if (items.length === 0) warnings.push('no test results found');
  const firstPanel = items.find((i) => i.subPanel)?.subPanel;
  if (firstPanel && header.panelName === undefined) header.panelName = firstPanel;
  return { kind: 'lab', family: family ?? 'generic', header, items, unreadLines, warnings };
}
