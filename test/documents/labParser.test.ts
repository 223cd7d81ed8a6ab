// The lab parser on rows with positions, as text extraction gives them: columns decide which
// number is the current result, names wrap, tables run over pages, comments are not results, and
// a row that cannot be read is listed with its reason.
import type { LabResult } from '../../src/documents/draft';
import { detectLabFamily, parseLabReport } from '../../src/documents/labs';
import { CHAR_WIDTH, linesFromText } from '../../src/documents/lines';
import type { TextLine } from '../../src/documents/types';

/** A row of cells at x positions (PDF points), Helvetica-ish widths. */
function row(page: number, line: number, cells: [string, number][], confidence?: number): TextLine {
  const y = 100 + line * 14;
  const built = cells.map(([text, x]) => ({ text, x, y, width: text.length * 4.5, height: 9, ...(confidence === undefined ? {} : { confidence }) }));
  const last = built[built.length - 1]!;
  return { page, line, x: built[0]!.x, y, width: last.x + last.width - built[0]!.x, height: 9, cells: built, text: cells.map(([t]) => t).join('  ') };
}

const LABCORP_HEAD = (page: number, line: number) =>
  row(page, line, [['Test', 40], ['Current Result and Flag', 190], ['Previous Result and Date', 310], ['Units', 428], ['Reference Interval', 492]]);

/** A Labcorp result row: name, current result [flag], previous result [flag] and date, unit, range. */
function labcorpRow(page: number, line: number, name: string, current: string, flag: string | null, previous: [string, string | null] | null, unit: string, range: string) {
  const cells: [string, number][] = [[name, 40], [current, 190]];
  if (flag) cells.push([flag, 222]);
  if (previous) {
    cells.push([previous[0], 310]);
    if (previous[1]) cells.push([previous[1], 336]);
    cells.push(['05/01/2023', 362]);
  }
  cells.push([unit, 428], [range, 492]);
  return row(page, line, cells);
}

const results = (lines: TextLine[]) => parseLabReport(lines).items as LabResult[];
const byName = (items: LabResult[], name: string) => items.find((i) => i.printedName === name)!;

describe('Labcorp columns', () => {
  const lines = [
    row(1, 0, [['Laboratory Corporation of America', 40]]),
    row(1, 1, [['Date Collected: 06/12/2023', 40], ['Date Reported: 06/14/2023', 300]]),
    LABCORP_HEAD(1, 2),
    labcorpRow(1, 3, 'Sodium', '142', null, ['138', 'Low'], 'mEq/L', '136-145'),
    labcorpRow(1, 4, 'Glucose', '145', 'High', ['98', null], 'mg/dL', '70-99'),
    labcorpRow(1, 5, 'Estradiol', '18.0', null, ['<5.0', null], 'pg/mL', '7.6-42.6'),
    labcorpRow(1, 6, 'Anion Gap 3', '10', null, null, 'mmol/L', '5-15'),
    labcorpRow(1, 7, 'Potassium', '6.9', 'Critical High', null, 'mmol/L', '3.5-5.2'),
    labcorpRow(1, 8, 'HDL Cholesterol', '38', 'L', ['41', null], 'mg/dL', '>39'),
  ];
  const items = results(lines);

  test('a flag in the previous-result column belongs to the previous result', () => {
    expect(byName(items, 'Sodium')).toMatchObject({ value: 142, flag: null, printedFlag: null, unit: 'mEq/L', refLow: 136, refHigh: 145 });
  });

  test('a flag in the current column is the result’s own', () => {
    expect(byName(items, 'Glucose')).toMatchObject({ value: 145, flag: 'H', printedFlag: 'High' });
    expect(byName(items, 'Potassium')).toMatchObject({ value: 6.9, flag: 'HH', printedFlag: 'Critical High' });
    expect(byName(items, 'HDL Cholesterol')).toMatchObject({ value: 38, flag: 'L', refLow: 39, refHigh: null, refRangeText: '>39' });
  });

  test('the previous result is never the value, even when it is "<5.0"', () => {
    expect(byName(items, 'Estradiol')).toMatchObject({ value: 18, valueText: null, comparator: null });
  });

  test('a name may end in a number when its column says so', () => {
    expect(byName(items, 'Anion Gap 3')).toMatchObject({ value: 10, unit: 'mmol/L' });
  });

  test('the header is read and rows are items with ids, provenance and confidence', () => {
    const parsed = parseLabReport(lines);
    expect(parsed).toMatchObject({ kind: 'lab', family: 'labcorp', header: { provider: 'Labcorp', collectedAt: '2023-06-12', reportedAt: '2023-06-14' } });
    expect(items.map((i) => i.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(items[0]).toMatchObject({ type: 'lab_result', extractor: 'rules', biomarkerId: null, matchedBy: null, source: { page: 1, line: 3, x: 40, y: 142 } });
    for (const i of items) expect(i.confidence).toBeGreaterThan(0.9);
  });
});

describe('tables over pages, wrapped names, comments, unreadable rows', () => {
  const lines = [
    row(1, 0, [['labcorp', 40]]),
    LABCORP_HEAD(1, 1),
    row(1, 2, [['CBC With Differential/Platelet', 40]]),
    labcorpRow(1, 3, 'WBC', '6.2', null, ['8.6', null], 'x10E3/uL', '3.4-10.8'),
    row(1, 4, [['Immature Granulocytes', 40]]),
    row(1, 5, [['0', 190], ['0', 310], ['05/01/2023', 362], ['%', 428], ['Not Estab.', 492]]),
    row(1, 6, [['Hemoglobin', 40], ['##.#', 190], ['g/dL', 428], ['13.0-17.7', 492]]),
    row(1, 7, [['Please Note:', 50]]),
    row(1, 8, [['Prediabetes: 5.7 - 6.4', 50]]),
    row(1, 9, [['This document contains private and confidential health information protected by law.', 40]]),
    row(1, 10, [['Page 1 of 2', 500]]),
    row(2, 0, [['labcorp', 40]]),
    row(2, 1, [['Patient: Sample, Jane', 40], ['DOB: 03/14/1981', 250]]),
    LABCORP_HEAD(2, 2),
    labcorpRow(2, 3, 'Platelets', '132', 'Low', null, 'x10E3/uL', '150-450'),
    row(2, 4, [['Page 2 of 2', 500]]),
  ];
  const parsed = parseLabReport(lines);
  const items = parsed.items as LabResult[];

  test('repeated headings, page furniture and comments give no items; the table goes on over the page', () => {
    expect(items.map((i) => i.printedName)).toEqual(['WBC', 'Immature Granulocytes', 'Platelets']);
    expect(byName(items, 'Platelets')).toMatchObject({ value: 132, flag: 'L', subPanel: 'CBC With Differential/Platelet', source: { page: 2 } });
  });

  test('a name alone on its row takes the values of the next row', () => {
    expect(byName(items, 'Immature Granulocytes')).toMatchObject({ value: 0, unit: '%', refRangeText: 'Not Estab.', refLow: null, refHigh: null });
    expect(byName(items, 'Immature Granulocytes').source).toMatchObject({ page: 1, line: 4 });
  });

  test('a row that looks like a result but has no readable value is listed, not dropped', () => {
    expect(parsed.unreadLines).toEqual([{ page: 1, line: 6, text: 'Hemoglobin  ##.#  g/dL  13.0-17.7', reason: 'no readable result beside the test name' }]);
  });
});

describe('values, ranges and units as printed', () => {
  const GENERIC_HEAD = row(1, 0, [['Test', 40], ['Result', 220], ['Flag', 290], ['Units', 340], ['Reference Range', 430]]);
  const g = (line: number, name: string, result: string, flag: string, unit: string, range: string, confidence?: number) =>
    row(1, line, ([[name, 40], [result, 220], [flag, 290], [unit, 340], [range, 430]] as [string, number][]).filter(([t]) => t !== ''), confidence);
  const items = results([
    GENERIC_HEAD,
    g(1, 'Progesterone', '<0.5', '', 'ng/mL', '0.0-0.5'),
    g(2, 'Folate, Serum', '>20.0', '', 'ng/mL', '>=3.0'),
    g(3, 'Nitrite, Urine', 'Positive', 'A', '', 'Negative'),
    g(4, 'LDL Cholesterol', 'See note', '', 'mg/dL', '<100'),
    g(5, 'Sodium', '119', 'LL', 'mmol/L', '135-145'),
    g(6, 'WBC', '6.2', '', 'xlOE3/uL', '3.4-10.8', 0.9),
    g(7, 'MCH', '28.9', '', 'Pg', '26.6-33.0', 0.9),
    g(8, 'Platelets', '225', '', 'X10E3/UL', '150-450', 0.9),
    g(9, 'Hematocrit', '41.4', '', '%', '37.5-51.0', 0.9),
  ]);

  test('comparators and qualitative results keep their printed text', () => {
    expect(byName(items, 'Progesterone')).toMatchObject({ value: 0.5, valueText: '<0.5', comparator: '<', refLow: 0, refHigh: 0.5 });
    expect(byName(items, 'Folate, Serum')).toMatchObject({ value: 20, valueText: '>20.0', comparator: '>', refLow: 3, refHigh: null });
    expect(byName(items, 'Nitrite, Urine')).toMatchObject({ value: null, valueText: 'Positive', flag: 'ABNORMAL', printedFlag: 'A', unit: null, refRangeText: 'Negative' });
    expect(byName(items, 'LDL Cholesterol')).toMatchObject({ value: null, valueText: 'See note', unit: 'mg/dL', refHigh: 100 });
    expect(byName(items, 'Sodium')).toMatchObject({ flag: 'LL', printedFlag: 'LL' });
  });

  test('OCR damage to units is repaired, the printed spelling kept, and the result trusted less', () => {
    expect(byName(items, 'WBC')).toMatchObject({ unit: 'x10E3/uL', printedUnit: 'xlOE3/uL' });
    expect(byName(items, 'MCH')).toMatchObject({ unit: 'pg', printedUnit: 'Pg' });
    expect(byName(items, 'Platelets')).toMatchObject({ unit: 'x10E3/uL', printedUnit: 'X10E3/UL' });
    expect(byName(items, 'WBC').confidence).toBeLessThan(byName(items, 'Hematocrit').confidence);
  });
});

describe('MyChart cards', () => {
  const text = [
    'MyChart - licensed from Epic Systems Corporation',
    'Collected on Apr 10, 2025',
    'Glucose Level',
    'Normal range: 74 - 106 mg/dL',
    '74    106',
    '118 High',
    'EGFR',
    'Normal range: above >=90 mL/min/1.73m2',
    'Value',
    '72',
    'Hepatitis C Antibody',
    'Normal value: Non-Reactive',
    'Non-Reactive',
  ].join('\n');

  test('name, normal range, bar and value become one result; the bar is not a value', () => {
    const items = results(linesFromText(text));
    expect(items.map((i) => [i.printedName, i.value ?? i.valueText, i.unit, i.refLow, i.refHigh, i.flag])).toEqual([
      ['Glucose Level', 118, 'mg/dL', 74, 106, 'H'],
      ['EGFR', 72, 'mL/min/1.73m2', 90, null, null],
      ['Hepatitis C Antibody', 'Non-Reactive', null, null, null, null],
    ]);
  });
});

describe('recognising a lab report', () => {
  test('by the lab, its column headings or its result rows; null for other text', () => {
    expect(detectLabFamily(linesFromText('Quest Diagnostics\nGLUCOSE 89 65-99 mg/dL'))).toBe('quest');
    expect(detectLabFamily(linesFromText('Test  Result  Units  Reference Range\nTSH  2.1  mIU/L  0.45-4.5'))).toBe('generic');
    expect(detectLabFamily(linesFromText('Dear patient,\nYour appointment is on 05/01/2024 at 10:30.\nRoom 12'))).toBeNull();
  });

  test('text without positions gets a cell per word at its character offset', () => {
    const [line] = linesFromText('WBC    6.2 x10E3/uL', 3);
    expect(line).toMatchObject({ page: 3, line: 0, text: 'WBC  6.2 x10E3/uL' });
    expect(line!.cells.map((c) => [c.text, c.x])).toEqual([['WBC', 0], ['6.2', 7 * CHAR_WIDTH], ['x10E3/uL', 11 * CHAR_WIDTH]]);
  });
});
