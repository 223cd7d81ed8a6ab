// The real report text in ../shared/samples/lab_text, read by the lab parser and mapped to the
// dictionary: every result of every file, as read by a person from the file itself.
import { loadBiomarkerDictionary, type BiomarkerEntry } from '../../src/documents/dictionary';
import type { LabResult } from '../../src/documents/draft';
import { detectLabFamily, parseLabReport } from '../../src/documents/labs';
import { linesFromText } from '../../src/documents/lines';
import { mapLabResults } from '../../src/documents/mapping';
import { useTestDatabase } from '../helpers/db';
import { describeWithSamples, sample } from '../helpers/samples';

type Flag = LabResult['flag'];
/** name, value (or valueText), unit, low, high, flag, marker */
type Row = [string, number | string, string | null, number | null, number | null, Flag, string | null];

const notEstab = (name: string, value: number, marker: string): Row => [name, value, '%', null, null, null, marker];

const CBC_CLEAN: Row[] = [
  ['WBC', 6.2, 'x10E3/uL', 3.4, 10.8, null, 'wbc'],
  ['RBC', 4.85, 'x10E6/uL', 4.14, 5.8, null, 'rbc'],
  ['Hemoglobin', 14.0, 'g/dL', 13.0, 17.7, null, 'hemoglobin'],
  ['Hematocrit', 41.4, '%', 37.5, 51.0, null, 'hematocrit'],
  ['MCV', 85, 'fL', 79, 97, null, 'mcv'],
  ['MCH', 28.9, 'pg', 26.6, 33.0, null, 'mch'],
  ['MCHC', 33.8, 'g/dL', 31.5, 35.7, null, 'mchc'],
  ['RDW', 12.2, '%', 11.6, 15.4, null, 'rdw'],
  ['Platelets', 225, 'x10E3/uL', 150, 450, null, 'platelets'],
  notEstab('Neutrophils', 52, 'neutrophils_percent'),
  notEstab('Lymphs', 33, 'lymphocytes_percent'),
  notEstab('Monocytes', 11, 'monocytes_percent'),
  notEstab('Eos', 3, 'eosinophils_percent'),
  notEstab('Basos', 1, 'basophils_percent'),
  ['Neutrophils (Absolute)', 3.2, 'x10E3/uL', 1.4, 7.0, null, 'neutrophils_absolute'],
  ['Lymphs (Absolute)', 2.0, 'x10E3/uL', 0.7, 3.1, null, 'lymphocytes_absolute'],
  ['Monocytes (Absolute)', 0.7, 'x10E3/uL', 0.1, 0.9, null, 'monocytes_absolute'],
  ['Eos (Absolute)', 0.2, 'x10E3/uL', 0.0, 0.4, null, 'eosinophils_absolute'],
  ['Baso (Absolute)', 0.1, 'x10E3/uL', 0.0, 0.2, null, 'basophils_absolute'],
  notEstab('Immature Granulocytes', 0, 'immature_granulocytes_percent'),
  ['Immature Grans (Abs)', 0.0, 'x10E3/uL', 0.0, 0.1, null, 'immature_granulocytes_absolute'],
];
/** Labcorp prints a previous "<5.0" beside the current 18.0: it must never be taken as the value. */
const ESTRADIOL: Row = ['Estradiol', 18.0, 'pg/mL', 7.6, 42.6, null, 'estradiol'];
const PERCENT_FREE_T: Row = ['% Free Testosterone', 2.1, '%', 1.5, 4.2, null, 'testosterone_free_percent'];

/** OCR damage of the same report: units are repaired, and names the mapping recognised through their damage take the dictionary's spelling of the damaged words. */
const CBC_OCR: Row[] = [
  ['WBC', 6.2, 'x10E3/uL', 3.4, 10.8, null, 'wbc'],
  ['RBC', 4.85, 'x10E6/uL', 4.14, 5.8, null, 'rbc'],
  ['Hemoglobin', 14.0, 'g/dL', 13.0, 17.7, null, 'hemoglobin'],
  ['Hematocrit', 41.4, '%', 37.5, 51.0, null, 'hematocrit'],
  ['MCV', 85, 'fL', 79, 97, null, 'mcv'],
  ['MCH', 28.9, 'pg', 26.6, 33.0, null, 'mch'],
  ['MCHC', 33.8, 'g/dL', 31.5, 35.7, null, 'mchc'],
  ['RDW', 12.2, '%', 11.6, 15.4, null, 'rdw'],
  ['Platelets', 225, 'x10E3/uL', 150, 450, null, 'platelets'],
  notEstab('Neutrophils', 52, 'neutrophils_percent'),
  notEstab('Lymphs', 33, 'lymphocytes_percent'),
  notEstab('Monocytes', 11, 'monocytes_percent'),
  notEstab('Eos', 3, 'eosinophils_percent'),
  notEstab('basos', 1, 'basophils_percent'),
  ['neutrophils (Absolute)', 3.2, 'x10E3/uL', 1.4, 7.0, null, 'neutrophils_absolute'],
  ['Lymphs( Absolute)', 2.0, 'x10E3/uL', 0.7, 3.1, null, 'lymphocytes_absolute'],
  ['Monocytes(Absolute)', 0.7, 'x10E3/uL', 0.1, 0.9, null, 'monocytes_absolute'],
  ['Eos (Absolute)', 0.2, 'x10E3/uL', 0.0, 0.4, null, 'eosinophils_absolute'],
  ['Baso (Absolute)', 0.1, 'x10E3/uL', 0.0, 0.2, null, 'basophils_absolute'],
  notEstab('immature Granulocytes', 0, 'immature_granulocytes_percent'),
  ['Immature Grans( Abs)', 0.0, 'x10E3/uL', 0.0, 0.1, null, 'immature_granulocytes_absolute'],
];

const mychart = (name: string, value: number, unit: string, low: number, high: number | null, marker: string): Row => [name, value, unit, low, high, null, marker];
const EGFR = (value: number) => mychart('EGFR', value, 'mL/min/1.73m2', 90, null, 'egfr');

const EXPECTED: Record<string, { family: string; collectedAt: string; rows: Row[] }> = {
  'labcorp_clean_text.txt': { family: 'labcorp', collectedAt: '2023-05-19', rows: [...CBC_CLEAN, ESTRADIOL] },
  'labcorp_sample_with_ocr_errors.txt': { family: 'labcorp', collectedAt: '2023-05-19', rows: [...CBC_OCR, ESTRADIOL] },
  'labcorp_comprehensive_corrupted.txt': {
    family: 'labcorp',
    collectedAt: '2023-05-19',
    rows: [
      CBC_OCR[0]!,
      CBC_OCR[1]!,
      // "14.0 High 13.8": the flag stands in the current result's column.
      ['Hemoglobin', 14.0, 'g/dL', 13.0, 17.7, 'H', 'hemoglobin'],
      CBC_OCR[13]!,
      CBC_OCR[14]!,
      CBC_OCR[19]!,
      PERCENT_FREE_T,
    ],
  },
  'labcorp_minimal_sample.txt': {
    family: 'labcorp',
    collectedAt: '2023-05-19',
    rows: [CBC_CLEAN[0]!, CBC_CLEAN[1]!, CBC_CLEAN[2]!],
  },
  'labcorp_multiline_test.txt': {
    family: 'labcorp',
    collectedAt: '2023-10-15',
    rows: [
      notEstab('Immature Granulocytes', 0, 'immature_granulocytes_percent'),
      ['Hemoglobin A1c', 6.5, '%', null, 5.7, null, 'hemoglobin_a1c'],
      ['Vitamin D, 25-Hydroxy', 45.0, 'ng/mL', 30, 100, null, 'vitamin_d_25_oh'],
    ],
  },
  'labcorp_no_tests.txt': { family: 'labcorp', collectedAt: '2023-05-19', rows: [] },
  'labcorp_percent_test.txt': {
    family: 'labcorp',
    collectedAt: '2023-08-10',
    rows: [PERCENT_FREE_T, ['Testosterone, Total', 450, 'ng/dL', 264, 916, null, 'testosterone_total']],
  },
  'labcorp_with_flags.txt': {
    family: 'labcorp',
    collectedAt: '2023-06-12',
    rows: [
      ['Glucose', 145, 'mg/dL', 70, 99, 'H', 'glucose'],
      ['Creatinine', 0.8, 'mg/dL', 0.7, 1.3, null, 'creatinine'],
      // "22 High 05/01/2023" and "138 Low 05/01/2023" are the previous result's flags.
      ['BUN', 18, 'mg/dL', 7, 20, null, 'bun'],
      ['Sodium', 142, 'mEq/L', 136, 145, null, 'sodium'],
    ],
  },
  'quest_diagnostics_sample.txt': {
    family: 'quest',
    collectedAt: '2023-05-19',
    rows: [
      ['CHOLESTEROL, TOTAL', 170, 'mg/dL', null, 200, null, 'cholesterol_total'],
      ['HDL CHOLESTEROL', 45, 'mg/dL', 40, null, null, 'hdl_cholesterol'],
      // Above its range but printed without a flag: the flag is left for SQL to derive.
      ['LDL CHOLESTEROL', 105, 'mg/dL', null, 100, null, 'ldl_cholesterol'],
      ['TRIGLYCERIDES', 100, 'mg/dL', null, 150, null, 'triglycerides'],
    ],
  },
  'epic_mychart_full_panel.txt': {
    family: 'epic_mychart',
    collectedAt: '2025-04-10',
    rows: [
      mychart('Glucose Level', 92, 'mg/dL', 74, 106, 'glucose'),
      mychart('Blood Urea Nitrogen (BUN)', 15, 'mg/dL', 7, 25, 'bun'),
      mychart('Creatinine Level', 0.72, 'mg/dL', 0.5, 0.9, 'creatinine'),
      EGFR(126),
      mychart('Sodium Level', 140, 'mmol/L', 136, 145, 'sodium'),
      mychart('Potassium Level', 4.2, 'mmol/L', 3.5, 5.1, 'potassium'),
      mychart('Chloride Level', 102, 'mmol/L', 98, 106, 'chloride'),
      mychart('Carbon Dioxide Level', 24, 'mmol/L', 20, 29, 'carbon_dioxide'),
      mychart('Calcium Level', 9.4, 'mg/dL', 8.5, 10.5, 'calcium'),
      mychart('Protein Total', 7.1, 'g/dL', 6.0, 8.5, 'protein_total'),
      mychart('Albumin Level', 4.3, 'g/dL', 3.5, 5.5, 'albumin'),
      mychart('Anion Gap', 10, 'mmol/L', 5, 15, 'anion_gap'),
    ],
  },
  'epic_mychart_renal_panel.txt': {
    family: 'epic_mychart',
    collectedAt: '2025-04-10',
    rows: [
      mychart('Creatinine Level', 0.72, 'mg/dL', 0.5, 0.9, 'creatinine'),
      mychart('Blood Urea Nitrogen (BUN)', 15, 'mg/dL', 7, 25, 'bun'),
      mychart('Calcium Level', 9.4, 'mg/dL', 8.5, 10.5, 'calcium'),
    ],
  },
  'epic_mychart_with_flags.txt': {
    family: 'epic_mychart',
    collectedAt: '2025-06-15',
    // Out of range (118 > 106, 0.42 < 0.50, 72 < 90) but printed without flags.
    rows: [
      mychart('Glucose Level', 118, 'mg/dL', 74, 106, 'glucose'),
      mychart('Creatinine Level', 0.42, 'mg/dL', 0.5, 0.9, 'creatinine'),
      EGFR(72),
      mychart('Sodium Level', 140, 'mmol/L', 136, 145, 'sodium'),
    ],
  },
};

const asRow = (r: LabResult): Row => [r.printedName, r.value ?? r.valueText ?? '', r.unit, r.refLow, r.refHigh, r.flag, r.canonicalName];

describeWithSamples('lab reports from real text (../shared/samples/lab_text)', () => {
  const db = useTestDatabase();
  let dictionary: BiomarkerEntry[];
  beforeAll(async () => {
    dictionary = await loadBiomarkerDictionary(db.pool);
  });

  test.each(Object.keys(EXPECTED))('%s: every result with its value, unit, range, flag and marker', (file) => {
    const expected = EXPECTED[file]!;
    const lines = linesFromText(sample('lab_text', file));
    expect(detectLabFamily(lines)).toBe(expected.family);
    const parsed = parseLabReport(lines);
    const results = mapLabResults(parsed.items as LabResult[], dictionary);
    expect(results.map(asRow)).toEqual(expected.rows);
    expect(parsed.header.collectedAt).toBe(expected.collectedAt);
    expect(parsed.unreadLines).toEqual([]);
    for (const r of results) {
      expect(r.source).toMatchObject({ page: 1 });
      expect(r.extractor).toBe('rules');
    }
  });

  test('OCR-repaired names and units are trusted less than clean ones, and fuzzy matches say so', () => {
    const clean = mapLabResults(parseLabReport(linesFromText(sample('lab_text', 'labcorp_clean_text.txt'))).items as LabResult[], dictionary);
    const damaged = mapLabResults(parseLabReport(linesFromText(sample('lab_text', 'labcorp_sample_with_ocr_errors.txt'))).items as LabResult[], dictionary);
    const wbc = (rs: LabResult[]) => rs.find((r) => r.canonicalName === 'wbc')!;
    expect(wbc(damaged).printedUnit).toBe('xlOE3/uL');
    expect(wbc(damaged).confidence).toBeLessThan(wbc(clean).confidence);
    const basos = damaged.find((r) => r.canonicalName === 'basophils_percent')!;
    expect(basos).toMatchObject({ matchedBy: 'fuzzy', printedName: 'basos' });
    expect(basos.confidence).toBeLessThan(wbc(damaged).confidence);
    expect(clean.every((r) => r.matchedBy === 'alias')).toBe(true);
  });

  test('headers: lab, ordering provider and collection date', () => {
    expect(parseLabReport(linesFromText(sample('lab_text', 'labcorp_no_tests.txt'))).header).toMatchObject({
      provider: 'Labcorp',
      orderingProvider: 'Dr. Smith',
      collectedAt: '2023-05-19',
    });
    expect(parseLabReport(linesFromText(sample('lab_text', 'epic_mychart_with_flags.txt'))).header).toMatchObject({
      provider: 'Regional Medical Center',
      orderingProvider: 'Dr. Johnson',
      collectedAt: '2025-06-15',
    });
  });

  test('a report without results parses to no items and no error', () => {
    const parsed = parseLabReport(linesFromText(sample('lab_text', 'labcorp_no_tests.txt')));
    expect(parsed.items).toEqual([]);
    expect(parsed.unreadLines).toEqual([]);
  });
});
