// Lab results to dictionary markers: LOINC, alias, a careful fuzzy match for OCR damage, the unit
// deciding between a percentage and an absolute count, and no guess across markers.
import { loadBiomarkerDictionary, type BiomarkerEntry } from '../../src/documents/dictionary';
import type { LabResult } from '../../src/documents/draft';
import fs from 'node:fs';
import path from 'node:path';
import { parseLabReport } from '../../src/documents/labs';
import { linesFromText } from '../../src/documents/lines';
import { mapLabResults, normaliseName } from '../../src/documents/mapping';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let dictionary: BiomarkerEntry[];
beforeAll(async () => {
  dictionary = await loadBiomarkerDictionary(db.pool);
});

function result(printedName: string, unit: string | null, extra: Partial<LabResult> = {}): LabResult {
  return {
    id: 'r1', type: 'lab_result', confidence: 0.9, source: null, extractor: 'rules', rejected: false, corrected: [],
    printedName, subPanel: null, value: 1, valueText: null, comparator: null, unit, printedUnit: unit, refRangeText: null,
    refLow: null, refHigh: null, flag: null, printedFlag: null, loinc: null, biomarkerId: null, canonicalName: null, matchedBy: null,
    ...extra,
  };
}
const map = (r: LabResult) => mapLabResults([r], dictionary)[0]!;

test('aliases match after case, spacing, punctuation and extraction debris are folded', () => {
  for (const [name, unit, marker] of [
    ['WBC"', 'x10E3/uL', 'wbc'],
    ['RBC<"', 'x10E6/uL', 'rbc'],
    ['Neutrophils"\'', '%', 'neutrophils_percent'],
    ['Lymphs( Absolute)', 'x10E3/uL', 'lymphocytes_absolute'],
    ['Immature Grans( Abs)', 'x10E3/uL', 'immature_granulocytes_absolute'],
    ['CHOLESTEROL, TOTAL', 'mg/dL', 'cholesterol_total'],
    ['LDL Chol Calc (NIH)', 'mg/dL', 'ldl_cholesterol'],
    ['T4,Free(Direct)', 'ng/dL', 'free_t4'],
  ] as const) {
    expect({ name, found: map(result(name, unit)).canonicalName, by: map(result(name, unit)).matchedBy }).toEqual({ name, found: marker, by: 'alias' });
  }
});

test('the unit decides between a percentage and an absolute count; a contradicting unit matches nothing', () => {
  expect(map(result('Neutrophils', '%')).canonicalName).toBe('neutrophils_percent');
  expect(map(result('Neutrophils', 'x10E3/uL')).canonicalName).toBe('neutrophils_absolute');
  expect(map(result('Neutrophils (Absolute)', 'x10E3/uL')).canonicalName).toBe('neutrophils_absolute');
  expect(map(result('Neutrophils (Absolute)', '%')).canonicalName).toBe('neutrophils_percent');
  expect(map(result('Hematocrit', 'x10E3/uL'))).toMatchObject({ biomarkerId: null, canonicalName: null, matchedBy: null });
});

test('OCR damage is forgiven by a fuzzy match, with less confidence, and the damaged words take the dictionary’s spelling', () => {
  for (const [name, unit, marker, repaired] of [
    ['^asos', '%', 'basophils_percent', 'basos'],
    ['hleutrophils (Absolute)', 'x10E3/uL', 'neutrophils_absolute', 'neutrophils (Absolute)'],
    ['lijnmature Granulocytes', '%', 'immature_granulocytes_percent', 'immature Granulocytes'],
    ['Hemog1obin', 'g/dL', 'hemoglobin', 'Hemoglobin'],
    ['CHOUL/HDLC RATIO', null, 'cholesterol_hdl_ratio', 'CHOL/HDLC RATIO'],
    ['BUNY/Creatinine Ratio', null, 'bun_creatinine_ratio', 'BUN/Creatinine Ratio'],
  ] as const) {
    const mapped = map(result(name, unit));
    expect({ name, found: mapped.canonicalName, by: mapped.matchedBy, printedName: mapped.printedName }).toEqual({ name, found: marker, by: 'fuzzy', printedName: repaired });
    expect(mapped.confidence).toBeLessThan(0.9);
  }
});

test('a name that is not in the dictionary stays unmatched instead of becoming its neighbour', () => {
  for (const [name, unit] of [
    ['Vitamin A', 'mcg/dL'],
    ['Vitamin B6', 'ug/L'],
    ['Free T5', 'pg/mL'],
    ['HDL Particle Size', 'nm'],
    ['Lp-PLA2 Activity', 'nmol/min/mL'],
  ] as const) {
    expect({ name, ...map(result(name, unit)) }).toMatchObject({ name, biomarkerId: null, canonicalName: null, matchedBy: null, confidence: 0.9 });
  }
  // LDL and HDL differ by one letter and are different markers.
  expect(map(result('XDL Cholesterol', 'mg/dL')).canonicalName).toBeNull();
});

test('a printed LOINC code decides; urinalysis names map to the urine markers', () => {
  expect(map(result('Glucose, Random', 'mg/dL', { loinc: '2345-7' }))).toMatchObject({ canonicalName: 'glucose', matchedBy: 'loinc' });
  expect(map(result('Glucose', null, { subPanel: 'Urinalysis, Complete', value: null, valueText: 'Negative' })).canonicalName).toBe('urine_glucose');
  expect(map(result('Glucose', 'mg/dL', { subPanel: 'Comp. Metabolic Panel (14)' })).canonicalName).toBe('glucose');
  expect(map(result('BILIRUBIN', null, { subPanel: 'URINALYSIS, COMPLETE' })).canonicalName).toBe('urine_bilirubin');
});

test('a match the user made in review is kept; flags are left as printed', () => {
  const mine = result('My Marker', 'mg/dL', { matchedBy: 'user', biomarkerId: dictionary[0]!.biomarkerId, canonicalName: dictionary[0]!.canonicalName });
  expect(map(mine)).toEqual(mine);
  expect(map(result('Glucose', 'mg/dL', { value: 300 })).flag).toBeNull();
});

test('no two markers share a normalised name: folding punctuation never merges two aliases', () => {
  const owners = new Map<string, Set<string>>();
  for (const entry of dictionary) {
    for (const name of [...entry.aliases, entry.displayName]) {
      const key = normaliseName(name).replace(/[^a-z0-9%#+]/g, '');
      owners.set(key, (owners.get(key) ?? new Set()).add(entry.canonicalName));
    }
  }
  expect([...owners].filter(([, set]) => set.size > 1).map(([key, set]) => `${key}: ${[...set].join(', ')}`)).toEqual([]);
});

test('a name the report words around the marker matches by its simpler form, with a little less confidence', () => {
  for (const [name, unit, marker] of [
    ['Total white cell count', '10*9/L', 'wbc'],
    ['Serum TSH level', 'mIU/L', 'tsh'],
    ['Serum ALT level', 'U/L', 'alt'],
    ['Alanine Aminotransferase (ALT/SGPT)', 'U/L', 'alt'],
    ['Aspartate Aminotransferase (AST/SGOT)', 'U/L', 'ast'],
    ['eGFR using creatinine (CKD-EPI) per 1.73 square metres', 'mL/min/1.73m2', 'egfr'],
    ['Haemoglobin A1c level - IFCC standardised', 'mmol/mol', 'hemoglobin_a1c'],
    ['Oestradiol', 'pg/mL', 'estradiol'],
  ] as const) {
    const mapped = map(result(name, unit));
    expect({ name, found: mapped.canonicalName, by: mapped.matchedBy }).toEqual({ name, found: marker, by: 'alias' });
    expect(mapped.confidence).toBeLessThan(0.9);
  }
});

test('a simpler form never crosses to another specimen, or to a marker its unit contradicts', () => {
  expect(map(result('Calcium, Urine', 'mg/dL')).canonicalName).not.toBe('calcium');
  expect(map(result('Serum TSH level', 'x10E3/uL'))).toMatchObject({ canonicalName: null, matchedBy: null });
});

test('German names map to their markers, with or without umlauts, where the unit fits', () => {
  for (const [name, unit, marker] of [
    ['Hämoglobin', 'g/dL', 'hemoglobin'],
    ['Haemoglobin', 'g/dL', 'hemoglobin'],
    ['Leukozyten', 'x10^9/L', 'wbc'],
    ['Thrombozyten', 'x10E3/uL', 'platelets'],
    ['Harnsäure', 'mg/dL', 'uric_acid'],
    ['Harnsaeure', 'umol/L', 'uric_acid'],
    ['Cholesterin gesamt', 'mmol/L', 'cholesterol_total'],
    ['Nüchternglukose', 'mg/dL', 'glucose'],
    ['GPT (ALAT)', 'U/L', 'alt'],
    ['GOT', 'U/L', 'ast'],
    ['Gesamteiweiß', 'g/dL', 'protein_total'],
    ['Natrium', 'mmol/L', 'sodium'],
    ['Eisen', 'ug/dL', 'iron'],
    ['Vitamin D (25-OH)', 'ng/mL', 'vitamin_d_25_oh'],
    ['Östradiol', 'pg/mL', 'estradiol'],
  ] as const) {
    expect({ name, found: map(result(name, unit)).canonicalName }).toEqual({ name, found: marker });
  }
  // The unit still decides: neutrophils counted per nanolitre are the absolute count, in % the share.
  expect(map(result('Neutrophile', 'x10^9/L')).canonicalName).toBe('neutrophils_absolute');
  expect(map(result('Neutrophile', '%')).canonicalName).toBe('neutrophils_percent');
  // A unit that contradicts the marker matches nothing; Harnstoff (urea) is not urea nitrogen (BUN).
  expect(map(result('Leukozyten', '%')).canonicalName).toBeNull();
  expect(map(result('Harnstoff', 'mg/dL')).canonicalName).toBeNull();
});

test('every result of a German Laborbefund maps to its marker', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'labs', 'german-laborbefund.txt'), 'utf8');
  const mapped = mapLabResults(parseLabReport(linesFromText(text)).items as LabResult[], dictionary);
  expect(mapped.map((r) => [r.printedName, r.canonicalName])).toEqual([
    ['Leukozyten', 'wbc'],
    ['Erythrozyten', 'rbc'],
    ['Hämoglobin', 'hemoglobin'],
    ['Hämatokrit', 'hematocrit'],
    ['Thrombozyten', 'platelets'],
    ['Natrium', 'sodium'],
    ['Kalium', 'potassium'],
    ['Calcium', 'calcium'],
    ['Kreatinin', 'creatinine'],
    ['Harnsäure', 'uric_acid'],
    ['Glukose nüchtern', 'glucose'],
    ['GOT (ASAT)', 'ast'],
    ['GPT (ALAT)', 'alt'],
    ['Gamma-GT', 'ggt'],
    ['Cholesterin gesamt', 'cholesterol_total'],
    ['HDL-Cholesterin', 'hdl_cholesterol'],
    ['LDL-Cholesterin', 'ldl_cholesterol'],
    ['Triglyceride', 'triglycerides'],
    ['Eisen', 'iron'],
    ['Ferritin', 'ferritin'],
    ['CRP', 'crp'],
    ['HbA1c', 'hemoglobin_a1c'],
    ['Vitamin D (25-OH)', 'vitamin_d_25_oh'],
    ['TSH', 'tsh'],
  ]);
});
