// Layouts seen on real lab reports beyond Labcorp, Quest's plain rows and MyChart, each in a small
// report of the project's own writing (test/fixtures/labs): Quest's "> OR =" ranges and "(calc)"
// units, a result-status column and units in brackets, Epic printouts whose range wraps to the next
// row, NHS GP bracketed ranges and "Below low reference limit", Australian bracketed ranges, a flag
// column before the result, decimal commas, a biomarker summary with a status column, columns
// that text extraction without layout glued together, and German reports (Laborbefund).
import fs from 'node:fs';
import path from 'node:path';
import type { LabResult } from '../../src/documents/draft';
import { detectLabFamily, parseLabReport } from '../../src/documents/labs';
import { linesFromText } from '../../src/documents/lines';
import { GLUE_STEPS_PER_DOCUMENT, glueBudget, ungluedWord } from '../../src/documents/labs/glued';
import type { Word } from '../../src/documents/labs/tokens';

type Flag = LabResult['flag'];
/** name, value (or valueText), unit, low, high, flag */
type Row = [string, number | string, string | null, number | null, number | null, Flag];

const read = (file: string) => parseLabReport(linesFromText(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'labs', file), 'utf8')));
const asRow = (r: LabResult): Row => [r.printedName, r.value ?? r.valueText ?? '', r.unit, r.refLow, r.refHigh, r.flag];
const rows = (file: string) => (read(file).items as LabResult[]).map(asRow);

test('Quest: "> OR = 40" and "< OR = 4.0" are ranges, "(calc)" and "% of total Hgb" belong to the unit', () => {
  const parsed = read('quest-or-equal.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['CHOLESTEROL, TOTAL', 191, 'mg/dL', null, 200, null],
    ['HDL CHOLESTEROL', 36, 'mg/dL', 40, null, 'L'],
    ['LDL-CHOLESTEROL', 121, 'mg/dL', null, null, 'H'],
    ['CHOL/HDLC RATIO', 4.4, null, null, 5, null],
    ['NON HDL CHOLESTEROL', 155, 'mg/dL', null, 130, 'H'],
    ['HEMOGLOBIN A1c', 5.3, '%', null, 5.7, null],
    ['eGFR', 102, 'mL/min/1.73m2', 60, null, null],
    ['PSA, TOTAL', 1.1, 'ng/mL', null, 4, null],
    ['ABSOLUTE NEUTROPHILS', 2870, 'cells/uL', 1500, 7800, null],
  ]);
  const items = parsed.items as LabResult[];
  expect(items.find((i) => i.printedName === 'HDL CHOLESTEROL')!.refRangeText).toBe('> OR = 40');
  expect(items.find((i) => i.printedName === 'HEMOGLOBIN A1c')!.printedUnit).toBe('% of total Hgb');
  expect(items.find((i) => i.printedName === 'LDL-CHOLESTEROL')!.printedUnit).toBe('mg/dL (calc)');
  expect(parsed.unreadLines).toEqual([]);
});

test('a one-letter status column is not part of the name, and a unit in brackets is the unit', () => {
  const parsed = read('status-column-units-in-brackets.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['GLU', 97, 'mg/dL', 70, 100, null],
    ['CA', 9.6, 'mg/dL', 8.7, 10.6, null],
    ['K', 5.4, 'mmol/L', 3.5, 5.1, 'H'],
    ['d%A1c', 5.4, '%', null, 6, null],
    ['Protein, Urine', 8, 'mg/dL', null, null, null],
    ['BUN/CREAT RATIO', 14.1, null, 0, 20, null],
  ]);
  expect(parsed.unreadLines).toEqual([]);
  // The heading row of the table is neither a sub-panel nor a result.
  expect(parsed.header.panelName).toBe('BMP (Basic Metabolic Panel)');
});

test('Epic: the result date and site after the range are passed over; a range wrapped to the next row is joined', () => {
  const parsed = read('epic-wrapped-range.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Magnesium', 2.1, null, 1.6, 2.6, null],
    ['Creatinine', 0.88, 'mg/dL', 0.57, 1, null],
    ['Vitamin B12', 612, 'pg/mL', 232, 1245, null],
    ['25-Hydroxy D3', 5, 'ng/mL', null, null, null],
  ]);
  const creatinine = (parsed.items as LabResult[]).find((i) => i.printedName === 'Creatinine')!;
  expect(creatinine).toMatchObject({ refRangeText: '0.57 - 1.00', printedUnit: 'MG/DL', source: { line: 3 } });
  expect(parsed.unreadLines).toEqual([]);
});

test('NHS GP records: bracketed ranges, 10*9/L counts, limit phrases as flags, a decimal inside the name', () => {
  const parsed = read('nhs-gp-brackets.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Haemoglobin', 141, 'g/L', 130, 180, null],
    ['Total white cell count', 5.3, 'x10^9/L', 4, 11, null],
    ['Red blood cell count', 4.62, 'x10^12/L', 4.5, 6.5, null],
    ['Platelet count', 188, 'x10^9/L', 150, 400, null],
    ['Serum ferritin', 19, 'ug/L', 30, 400, 'L'],
    ['Serum ALT level', 61, 'U/L', 0, 50, 'H'],
    ['Haemoglobin A1c level - IFCC standardised', 36, 'mmol/mol', 20, 41, null],
    ['eGFR using creatinine (CKD-EPI) per 1.73 square metres', 90, 'mL/min', 90, null, null],
  ]);
  const items = parsed.items as LabResult[];
  expect(items[0]!.refRangeText).toBe('130.0 - 180.0');
  expect(items[1]!.printedUnit).toBe('10*9/L');
  expect(items[4]!.printedFlag).toBe('Below low reference limit');
  expect(parsed.unreadLines).toEqual([]);
});

test('ranges in brackets; a flag column printed before the result; "x E9/L"', () => {
  expect(rows('brackets-and-flag-first.txt')).toEqual([
    ['Sodium', 139, 'mmol/L', 135, 145, null],
    ['Creatinine', 74, 'umol/L', 60, 110, null],
    ['Bilirubin', 7, 'umol/L', null, 21, null],
    ['eGFR', 90, 'mL/min/1.73m2', 59, null, null],
    ['Hemoglobin', 149, 'g/L', 133, 173, null],
    ['WBC', 6.6, 'x10^9/L', 4, 11, null],
    ['Creatinine', 121, 'umol/L', 60, 115, 'H'],
    ['Glucose Fasting', 3.2, 'mmol/L', 3.6, 6, 'L'],
  ]);
});

test('decimal commas: 15,1 is 15.1 and 1.180 is 1180 when the report writes its decimals with commas', () => {
  const parsed = read('decimal-comma.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Hemoglobin', 15.1, 'g/dL', 13.5, 17.5, null],
    ['Leukocytes', 7.9, 'x10^9/L', 4, 10, null],
    ['Platelets', 1180, 'x10^9/L', 150, 400, null],
    ['Creatinine', 1.31, 'mg/dL', 0.7, 1.2, 'H'],
    ['TSH', 0.98, 'mU/L', 0.27, 4.2, null],
  ]);
  expect(parsed.header.collectedAt).toBe('2024-09-02');
});

test('the same numbers in a report with decimal points keep their thousands separators', () => {
  const parsed = parseLabReport(linesFromText('Test  Result  Unit  Reference Range\nPlatelets  1,180  10^9/L  150 - 400\nCreatinine  1.31  mg/dL  0.70 - 1.20'));
  expect((parsed.items as LabResult[]).map((i) => i.value)).toEqual([1180, 1.31]);
});

test('a biomarker summary: its heading row is the table’s columns, its status words are no results', () => {
  const parsed = read('biomarker-summary.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Apolipoprotein B', 84, 'mg/dL', null, 90, null],
    ['Lipoprotein (a)', 212, 'nmol/L', null, 75, null],
    ['hs-CRP', 0.2, 'mg/L', null, 1, null],
    ['Platelets', 1310, 'x10E3/uL', 140, 400, null],
  ]);
  expect(parsed.header.panelName).toBeUndefined();
});

test('a name over two rows, its second row in brackets; "*" and "HH" flags; a repeated page header mid-table', () => {
  const parsed = read('wrapped-name-and-page-break.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Glucose', 131, 'mg/dL', 70, 99, 'ABNORMAL'],
    ['Potassium', 6.6, 'mmol/L', 3.5, 5.1, 'HH'],
    ['Aspartate Aminotransferase (AST/SGOT)', 52, 'U/L', 0, 40, 'H'],
    ['Ferritin', 1104, 'ng/mL', 30, 400, 'H'],
  ]);
  expect((parsed.items as LabResult[])[2]!.source).toMatchObject({ line: 3 });
  expect(parsed.header.panelName).toBeUndefined();
  expect(parsed.unreadLines).toEqual([]);
});

test('columns glued together by the extraction are cut apart where only one cut explains them; a name’s own digits are never cut on a guess', () => {
  const parsed = read('glued-columns.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Hemoglobin', 14.2, 'g/dL', 13.5, 17.5, null],
    ['Hematocrit (Hct)', 38.1, '%', 39, 51, 'L'],
    ['WBC', 6.8, 'x10E3/uL', 3.4, 10.8, null],
    ['Neutrophils', 60, '%', 40, 80, null],
    ['Glucose', 95, 'mg/dL', 70, 99, null],
    ['LDL Cholesterol', 130, 'mg/dL', null, 100, 'H'],
    ['Hemoglobin A1c', 5.4, '%', 4.8, 5.6, null],
    ['T3, Free', 3.1, 'pg/mL', 2, 4.4, null],
    ['Omega-3 Index', 8.1, '%', 8, null, null],
    ['25-OH Vitamin D', 41, 'ng/mL', 30, 100, null],
  ]);
  // "B12612": Vitamin B12 at 612 or B1 at 2612; "T41.32": T4 at 1.32 or T at 41.32; "9570-99": 95 and 70-99, or 957 and 0-99.
  expect(parsed.unreadLines.map((u) => [u.text, u.reason])).toEqual([
    ['Vitamin B12612pg/mL232-1245', 'columns run together, and where the result ends cannot be told'],
    ['Free T41.32ng/dL0.82-1.77', 'columns run together, and where the result ends cannot be told'],
    ['Glucose, Fasting9570-99', 'columns run together, and where the result ends cannot be told'],
  ]);
  // A cut is an inference: those rows are trusted a little less than rows printed apart.
  const items = parsed.items as LabResult[];
  expect(items[0]!.confidence).toBeLessThan(items.find((i) => i.printedName === 'Omega-3 Index')!.confidence);
});


test('cutting glued words has a bounded cost: long words stay whole, and a document spends one budget of tries', () => {
  const word = (t: string): Word => ({ text: t, x: 0, width: t.length * 6, confidence: 1, ocr: false });
  const budget = glueBudget();
  expect(ungluedWord(word('Hemoglobin14.2g/dL13.5-17.5'), undefined, budget).pieces?.map((p) => p.text)).toEqual(['Hemoglobin', '14.2', 'g/dL', '13.5-17.5']);
  expect(budget.steps).toBeLessThan(GLUE_STEPS_PER_DOCUMENT);
  // A word longer than any glued cell is not searched at all.
  const before = budget.steps;
  expect(ungluedWord(word(`Hemoglobin14.2g/dL13.5-17.5${'x1'.repeat(30)}`), undefined, budget)).toEqual({ pieces: null, ambiguous: false });
  expect(budget.steps).toBe(before);
  // With the budget spent, a word that would be cut stays as printed.
  expect(ungluedWord(word('Hemoglobin14.2g/dL13.5-17.5'), undefined, { steps: 0 })).toEqual({ pieces: null, ambiguous: false });
  // One budget per document: a hostile text of many digit-and-letter words spends it, and the
  // glued row after them is listed unread instead of holding the parse.
  const hostile = Array.from({ length: 200 }, (_, i) => `Row${i} ${'1H'.repeat(29)}${i % 10}`).join('\n');
  const parsed = parseLabReport(linesFromText(`Test Result Units Reference\n${hostile}\nHemoglobin14.2g/dL13.5-17.5`));
  expect((parsed.items as LabResult[]).map((i) => i.printedName)).not.toContain('Hemoglobin');
  // The same row alone is read.
  const alone = parseLabReport(linesFromText('Test Result Units Reference\nHemoglobin14.2g/dL13.5-17.5'));
  expect((alone.items as LabResult[]).map(asRow)).toEqual([['Hemoglobin', 14.2, 'g/dL', 13.5, 17.5, null]]);
});

const text = (file: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'labs', file), 'utf8');

test('a German report is recognised by its German column headings, its lab and its decimal-comma rows', () => {
  expect(detectLabFamily(linesFromText(text('german-blutbild.txt')))).toBe('generic');
  expect(detectLabFamily(linesFromText(text('german-laborbefund.txt')))).toBe('generic');
  // Headings alone, and rows alone, are each enough.
  expect(detectLabFamily(linesFromText('Untersuchung  Ergebnis  Einheit  Referenzbereich'))).toBe('generic');
  expect(detectLabFamily(linesFromText('Laborbefund\nLeukozyten  6,8  /nl  3,9 - 10,2'))).toBe('generic');
  expect(detectLabFamily(linesFromText('Laborbefund\nBitte vereinbaren Sie einen Termin.'))).toBeNull();
});

test('a German Laborbefund: decimal commas, "+" and "-" flags, "< 35" ranges, /nl and /pl counts, German header labels', () => {
  const parsed = read('german-laborbefund.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Leukozyten', 6.8, 'x10^9/L', 3.9, 10.2, null],
    ['Erythrozyten', 4.21, 'x10^12/L', 4.1, 5.2, null],
    ['Hämoglobin', 12.1, 'g/dL', 12.3, 15.3, 'L'],
    ['Hämatokrit', 36.4, '%', 35.5, 45, null],
    ['Thrombozyten', 245, 'x10^9/L', 146, 328, null],
    ['Natrium', 139, 'mmol/L', 136, 145, null],
    ['Kalium', 4.3, 'mmol/L', 3.5, 5.1, null],
    ['Calcium', 2.38, 'mmol/L', 2.15, 2.5, null],
    ['Kreatinin', 0.82, 'mg/dL', 0.51, 0.95, null],
    ['Harnsäure', 6.4, 'mg/dL', 2.4, 5.7, 'H'],
    ['Glukose nüchtern', 92, 'mg/dL', 70, 99, null],
    ['GOT (ASAT)', 23, 'U/L', null, 35, null],
    ['GPT (ALAT)', 41, 'U/L', null, 35, 'H'],
    ['Gamma-GT', 18, 'U/L', null, 40, null],
    ['Cholesterin gesamt', 231, 'mg/dL', null, 200, 'H'],
    ['HDL-Cholesterin', 58, 'mg/dL', 45, null, null],
    ['LDL-Cholesterin', 151, 'mg/dL', null, 116, 'H'],
    ['Triglyceride', 110, 'mg/dL', null, 150, null],
    ['Eisen', 62, 'ug/dL', 37, 145, null],
    ['Ferritin', 18, 'ug/L', 30, 150, 'L'],
    ['CRP', 0.6, 'mg/L', null, 5, null],
    ['HbA1c', 5.4, '%', 4.8, 5.9, null],
    ['Vitamin D (25-OH)', 21.3, 'ng/mL', 30, 100, 'L'],
    ['TSH', 1.82, 'mU/L', 0.27, 4.2, null],
  ]);
  const items = parsed.items as LabResult[];
  expect(items.find((i) => i.printedName === 'Hämoglobin')).toMatchObject({ printedFlag: '-', printedUnit: 'g/dl', refRangeText: '12.3 - 15.3' });
  expect(items.find((i) => i.printedName === 'CRP')).toMatchObject({ comparator: '<', refRangeText: '< 5.0' });
  expect(items.find((i) => i.printedName === 'Leukozyten')!.printedUnit).toBe('/nl');
  expect(parsed.header).toMatchObject({ collectedAt: '2024-04-15', reportedAt: '2024-04-16', specimenId: '2404150123', orderingProvider: 'Praxis Dr. med. Hausarzt', panelName: 'Hämatologie' });
  expect(parsed.unreadLines).toEqual([]);
  expect(parsed.warnings).toEqual([]);
});

test('a German Blutbild: "Analyse | Resultat | Einheit | Normbereich", Tsd/µl and Mio/µl, "bis" ranges, H and L flags', () => {
  const parsed = read('german-blutbild.txt');
  expect((parsed.items as LabResult[]).map(asRow)).toEqual([
    ['Leukozyten', 11.4, 'x10E3/uL', 4, 10, 'H'],
    ['Erythrozyten', 4.62, 'x10E6/uL', 4.3, 5.8, null],
    ['Hämoglobin', 13.9, 'g/dL', 13.5, 17.5, null],
    ['Hämatokrit', 41.2, '%', 40, 52, null],
    ['MCV', 89.2, 'fL', 80, 99, null],
    ['MCH', 30.1, 'pg', 27, 33.5, null],
    ['Thrombozyten', 152, 'x10E3/uL', 160, 370, 'L'],
  ]);
  expect(parsed.family).toBe('generic');
  expect(parsed.header).toMatchObject({ collectedAt: '2024-10-02', reportedAt: '2024-10-02', panelName: 'Kleines Blutbild' });
  expect(parsed.unreadLines).toEqual([]);
});
