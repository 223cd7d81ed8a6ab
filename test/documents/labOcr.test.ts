// What OCR does to a scanned lab report, and what the parser puts back from the row itself:
// decimal points (checked against the printed range), dashes in ranges, flags run into their
// result, look-alike letters in units and names. What it cannot put back is listed, not guessed.
import type { LabResult } from '../../src/documents/draft';
import { parseLabReport } from '../../src/documents/labs';
import type { TextLine } from '../../src/documents/types';

/** A scanned row: cells as OCR words with their confidences. */
function scanned(line: number, cells: [string, number, number?][]): TextLine {
  const y = 100 + line * 14;
  const built = cells.map(([text, x, confidence]) => ({ text, x, y, width: text.length * 4.5, height: 9, confidence: confidence ?? 0.9 }));
  const last = built[built.length - 1]!;
  return { page: 1, line, x: built[0]!.x, y, width: last.x + last.width - built[0]!.x, height: 9, cells: built, text: cells.map(([t]) => t).join(' ') };
}

const HEAD = scanned(0, [['Test', 40], ['Result', 220], ['Flag', 290], ['Units', 340], ['Reference', 430], ['Range', 470]]);
const parse = (...rows: [string, number, number?][][]) => parseLabReport([HEAD, ...rows.map((cells, i) => scanned(i + 1, cells))]);
const only = (...cells: [string, number, number?][]) => parse(cells).items[0] as LabResult;

test('a result ten times past a range with decimals lost its point', () => {
  expect(only(['Hematocrit', 40], ['414', 220], ['%', 340], ['37.5-51.0', 430])).toMatchObject({ value: 41.4, refLow: 37.5, refHigh: 51 });
  expect(only(['Creatinine', 40], ['142', 220], ['H', 290], ['mg/dL', 340], ['0.60-1.29', 430])).toMatchObject({ value: 1.42, flag: 'H' });
});

test('a range ten times past a result with a decimal lost its points', () => {
  expect(only(['Uric Acid', 40], ['7.9', 220], ['H', 290], ['mg/dL', 340], ['34-70', 430])).toMatchObject({ value: 7.9, refLow: 3.4, refHigh: 7 });
  expect(only(['Lymphs (Absolute)', 40], ['2.0', 220], ['x10E3/uL', 340], ['0.7-31', 430])).toMatchObject({ refLow: 0.7, refHigh: 3.1 });
});

test('a result that fits its range is left alone, whatever its size', () => {
  expect(only(['Platelets', 40], ['225', 220], ['x10E3/uL', 340], ['150-450', 430])).toMatchObject({ value: 225, refLow: 150, refHigh: 450 });
  expect(only(['Glucose', 40], ['145', 220], ['H', 290], ['mg/dL', 340], ['70-99', 430])).toMatchObject({ value: 145 });
});

test('the same rows on a text layer are taken as printed: only OCR loses points', () => {
  const row: TextLine = { ...scanned(1, [['Hematocrit', 40], ['414', 220], ['%', 340], ['37.5-51.0', 430]]) };
  row.cells = row.cells.map(({ confidence: _, ...cell }) => cell);
  expect((parseLabReport([HEAD, row]).items[0] as LabResult).value).toBe(414);
});

test('dash-less ranges, colon decimals, glued flags and look-alike letters', () => {
  expect(only(['Albumin', 40], ['4.6', 220], ['g/dL', 340], ['4.15.1', 430])).toMatchObject({ refLow: 4.1, refHigh: 5.1 });
  expect(only(['RDW', 40], ['12:2', 220], ['%', 340], ['11.6-15.4', 430])).toMatchObject({ value: 12.2 });
  expect(only(['POTASSIUM', 40], ['3.2L', 220], ['mmol/L', 340], ['3.5-5.3', 430])).toMatchObject({ value: 3.2, flag: 'L' });
  expect(only(['TSH', 40], ['2.150', 220], ['ulu/mL', 340], ['0.450-4.500', 430])).toMatchObject({ unit: 'uIU/mL', printedUnit: 'ulu/mL' });
  expect(only(['Hemoglobin Alc', 40], ['5.9', 220], ['%', 340], ['4.8-5.6', 430])).toMatchObject({ printedName: 'Hemoglobin A1c' });
});

test('a result OCR could barely see, or could not read, is listed with its reason', () => {
  const parsed = parse(
    [['Magnesium', 40], ['745', 220, 0.06], ['mg/dL', 340], ['1.6-2.6', 430]],
    [['Protein, Total', 40], ['6%', 220, 0.4], ['g/dL', 340], ['6.0-8.5', 430]],
    // Debris in the result column is not part of the name, and "2" is not the result.
    [['Albumin', 40], ['y', 220, 0.34], ['2', 228, 0.4], ['g/dL', 340], ['4.1-5.1', 430]],
  );
  expect(parsed.items).toEqual([]);
  expect(parsed.unreadLines.map((u) => [u.text, u.reason])).toEqual([
    ['Magnesium 745 mg/dL 1.6-2.6', 'result too faint to read'],
    ['Protein, Total 6% g/dL 6.0-8.5', 'no readable result beside the test name'],
    ['Albumin y 2 g/dL 4.1-5.1', 'no readable result beside the test name'],
  ]);
});
