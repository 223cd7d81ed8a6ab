// What the lab fixtures print, row by row, and the truth a correct parse must read from each row.
// Values are realistic for one adult; the rows cover what the parser must get right: flags in the
// current and previous columns, "<5.0", "Negative", "See note", critical HH/LL, qualitative
// urinalysis, ranges as "70-99", "<200", ">=40", "> OR = 40", "Not Estab.", a wrapped name, and
// results the dictionary does not hold (which must stay unmatched).
import type { LabTruth } from './truth';

export interface LabRow {
  name: string;
  /** The current result as printed: "6.2", "<5.0", "Negative", "See note". */
  result: string;
  /** The flag as printed beside the current result. */
  flag?: string;
  /** Labcorp's previous result as printed, value [flag], and its date. */
  previous?: { result: string; flag?: string; date: string };
  unit: string;
  range: string;
  /** The dictionary slug it maps to; null = not in the dictionary. */
  marker: string | null;
  /** The name is printed on its own row, the values on the next. */
  wrap?: boolean;
}

export interface Section {
  heading: string;
  rows: LabRow[];
  /** Comment lines printed under the section's rows: not results. */
  comments?: string[];
}

const r = (name: string, result: string, unit: string, range: string, marker: string | null, extra: Partial<LabRow> = {}): LabRow => ({
  name,
  result,
  unit,
  range,
  marker,
  ...extra,
});
const prev = (result: string, date = '09/12/2025', flag?: string) => ({ previous: { result, date, flag } });

const FLAGS: Record<string, LabTruth['flag']> = { H: 'H', High: 'H', L: 'L', Low: 'L', HH: 'HH', LL: 'LL', A: 'ABNORMAL', Abnormal: 'ABNORMAL' };

/** The fixture author's reading of a printed range (kept apart from the parser's on purpose). */
function rangeTruth(range: string): [number | null, number | null] {
  const t = range.replace(/^> OR = /, '>=').replace(/^above /, '');
  let m = /^(-?[\d.]+)\s*-\s*([\d.]+)$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2])];
  m = /^(<=?)\s*([\d.]+)$/.exec(t);
  if (m) return [null, Number(m[2])];
  m = /^(>=?)\s*([\d.]+)$/.exec(t);
  if (m) return [Number(m[2]), null];
  return [null, null];
}

export function truthOf(row: LabRow): LabTruth {
  const numeric = /^([<>]=?)?(\d+(\.\d+)?)$/.exec(row.result);
  const [refLow, refHigh] = rangeTruth(row.range);
  return {
    type: 'lab_result',
    printedName: row.name,
    value: numeric ? Number(numeric[2]) : null,
    valueText: numeric && !numeric[1] ? null : row.result,
    unit: row.unit === '' ? null : row.unit,
    refLow,
    refHigh,
    refRangeText: row.range === '' ? null : row.range,
    flag: row.flag ? FLAGS[row.flag]! : null,
    canonicalName: row.marker,
  };
}

export const LABCORP_SECTIONS: Section[] = [
  {
    heading: 'CBC With Differential/Platelet',
    rows: [
      r('WBC', '6.2', 'x10E3/uL', '3.4-10.8', 'wbc', prev('8.6')),
      r('RBC', '4.85', 'x10E6/uL', '4.14-5.80', 'rbc', prev('4.66')),
      r('Hemoglobin', '14.0', 'g/dL', '13.0-17.7', 'hemoglobin', prev('13.8')),
      r('Hematocrit', '41.4', '%', '37.5-51.0', 'hematocrit', prev('40.5')),
      r('MCV', '85', 'fL', '79-97', 'mcv', prev('87')),
      r('MCH', '28.9', 'pg', '26.6-33.0', 'mch', prev('29.6')),
      r('MCHC', '33.8', 'g/dL', '31.5-35.7', 'mchc', prev('34.1')),
      r('RDW', '12.2', '%', '11.6-15.4', 'rdw', prev('12.5')),
      r('Platelets', '132', 'x10E3/uL', '150-450', 'platelets', { flag: 'Low', ...prev('142', '09/12/2025', 'Low') }),
      r('Neutrophils', '52', '%', 'Not Estab.', 'neutrophils_percent', prev('55')),
      r('Lymphs', '33', '%', 'Not Estab.', 'lymphocytes_percent', prev('34')),
      r('Monocytes', '11', '%', 'Not Estab.', 'monocytes_percent', prev('8')),
      r('Eos', '3', '%', 'Not Estab.', 'eosinophils_percent', prev('2')),
      r('Basos', '1', '%', 'Not Estab.', 'basophils_percent', prev('1')),
      r('Neutrophils (Absolute)', '3.2', 'x10E3/uL', '1.4-7.0', 'neutrophils_absolute', prev('4.7')),
      r('Lymphs (Absolute)', '2.0', 'x10E3/uL', '0.7-3.1', 'lymphocytes_absolute', prev('2.9')),
      r('Monocytes (Absolute)', '0.7', 'x10E3/uL', '0.1-0.9', 'monocytes_absolute', prev('0.7')),
      r('Eos (Absolute)', '0.2', 'x10E3/uL', '0.0-0.4', 'eosinophils_absolute', prev('0.2')),
      r('Baso (Absolute)', '0.1', 'x10E3/uL', '0.0-0.2', 'basophils_absolute', prev('0.1')),
      r('Immature Granulocytes', '0', '%', 'Not Estab.', 'immature_granulocytes_percent', prev('0')),
      r('Immature Grans (Abs)', '0.0', 'x10E3/uL', '0.0-0.1', 'immature_granulocytes_absolute', prev('0.0')),
    ],
  },
  {
    heading: 'Comp. Metabolic Panel (14)',
    rows: [
      r('Glucose', '145', 'mg/dL', '70-99', 'glucose', { flag: 'High', ...prev('98') }),
      r('BUN', '18', 'mg/dL', '6-24', 'bun', prev('26', '09/12/2025', 'High')),
      r('Creatinine', '0.94', 'mg/dL', '0.76-1.27', 'creatinine', prev('0.99')),
      r('eGFR', '104', 'mL/min/1.73', '>59', 'egfr', prev('97')),
      r('BUN/Creatinine Ratio', '19', '', '9-20', 'bun_creatinine_ratio', prev('26', '09/12/2025', 'High')),
      r('Sodium', '142', 'mmol/L', '134-144', 'sodium', prev('133', '09/12/2025', 'Low')),
      r('Potassium', '4.4', 'mmol/L', '3.5-5.2', 'potassium', prev('4.6')),
      r('Chloride', '101', 'mmol/L', '96-106', 'chloride', prev('102')),
      r('Carbon Dioxide, Total', '24', 'mmol/L', '20-29', 'carbon_dioxide', prev('23')),
      r('Calcium', '9.6', 'mg/dL', '8.7-10.2', 'calcium', prev('9.4')),
      r('Protein, Total', '7.1', 'g/dL', '6.0-8.5', 'protein_total', prev('6.9')),
      r('Albumin', '4.6', 'g/dL', '4.1-5.1', 'albumin', prev('4.4')),
      r('Globulin, Total', '2.5', 'g/dL', '1.5-4.5', 'globulin', prev('2.5')),
      r('Bilirubin, Total', '<0.2', 'mg/dL', '0.0-1.2', 'bilirubin_total', prev('0.3')),
      r('Alkaline Phosphatase', '71', 'IU/L', '44-121', 'alkaline_phosphatase', prev('68')),
      r('AST (SGOT)', '22', 'IU/L', '0-40', 'ast', prev('25')),
      r('ALT (SGPT)', '48', 'IU/L', '0-44', 'alt', { flag: 'High', ...prev('39') }),
    ],
  },
  {
    heading: 'Lipid Panel',
    rows: [
      r('Cholesterol, Total', '212', 'mg/dL', '100-199', 'cholesterol_total', { flag: 'High', ...prev('188') }),
      r('Triglycerides', '88', 'mg/dL', '0-149', 'triglycerides', prev('102')),
      r('HDL Cholesterol', '58', 'mg/dL', '>39', 'hdl_cholesterol', prev('55')),
      r('VLDL Cholesterol Cal', '16', 'mg/dL', '5-40', 'vldl_cholesterol', prev('19')),
      r('LDL Chol Calc (NIH)', '138', 'mg/dL', '0-99', 'ldl_cholesterol', { flag: 'High', ...prev('114', '09/12/2025', 'High') }),
    ],
  },
  {
    heading: 'Hemoglobin A1c',
    rows: [r('Hemoglobin A1c', '5.9', '%', '4.8-5.6', 'hemoglobin_a1c', { flag: 'High', ...prev('5.7', '09/12/2025', 'High') })],
    comments: ['Please Note:', 'Prediabetes: 5.7 - 6.4', 'Diabetes: >6.4', 'Glycemic control for adults with diabetes: <7.0'],
  },
  {
    heading: 'Thyroid and Hormones',
    rows: [
      r('TSH', '2.150', 'uIU/mL', '0.450-4.500', 'tsh', prev('1.980')),
      r('T4,Free(Direct)', '1.32', 'ng/dL', '0.82-1.77', 'free_t4', prev('1.25')),
      r('Testosterone', '512', 'ng/dL', '264-916', 'testosterone_total', prev('468')),
      r('Estradiol', '18.0', 'pg/mL', '7.6-42.6', 'estradiol', prev('<5.0', '04/13/2025')),
      r('Sex Horm Binding Glob, Serum', '41.2', 'nmol/L', '16.5-55.9', 'shbg', { wrap: true, ...prev('38.9') }),
      r('DHEA-Sulfate', '310.2', 'ug/dL', '138.5-475.2', 'dhea_s', prev('296.0')),
      r('Vitamin D, 25-Hydroxy', '45.0', 'ng/mL', '30.0-100.0', 'vitamin_d_25_oh', prev('38.0')),
      r('Vitamin B6', '12.4', 'ug/L', '3.4-65.2', null),
    ],
    comments: ['Vitamin D deficiency has been defined by the Institute of Medicine as a level below 20 ng/mL.'],
  },
];

export const QUEST_SECTIONS: Section[] = [
  {
    heading: 'LIPID PANEL, STANDARD',
    rows: [
      r('CHOLESTEROL, TOTAL', '170', 'mg/dL', '<200', 'cholesterol_total'),
      r('HDL CHOLESTEROL', '45', 'mg/dL', '> OR = 40', 'hdl_cholesterol'),
      r('TRIGLYCERIDES', '412', 'mg/dL', '<150', 'triglycerides', { flag: 'H' }),
      r('LDL-CHOLESTEROL', 'See note', 'mg/dL', '<100', 'ldl_cholesterol'),
      r('CHOL/HDLC RATIO', '3.8', '', '<5.0', 'cholesterol_hdl_ratio'),
      r('NON HDL CHOLESTEROL', '125', 'mg/dL', '<130', 'non_hdl_cholesterol'),
    ],
    comments: ['Note: LDL-C is not calculated when triglycerides exceed 400 mg/dL.'],
  },
  {
    heading: 'COMPREHENSIVE METABOLIC PANEL',
    rows: [
      r('UREA NITROGEN (BUN)', '15', 'mg/dL', '7-25', 'bun'),
      r('CREATININE', '1.42', 'mg/dL', '0.60-1.29', 'creatinine', { flag: 'H' }),
      r('SODIUM', '139', 'mmol/L', '135-146', 'sodium'),
      r('POTASSIUM', '3.2', 'mmol/L', '3.5-5.3', 'potassium', { flag: 'L' }),
      r('CALCIUM', '9.5', 'mg/dL', '8.6-10.3', 'calcium'),
      r('ALBUMIN', '4.4', 'g/dL', '3.6-5.1', 'albumin'),
    ],
  },
  {
    heading: 'INFLAMMATION AND IRON',
    rows: [
      r('HS CRP', '<0.2', 'mg/L', '<1.0', 'hs_crp'),
      r('FERRITIN', '112', 'ng/mL', '38-380', 'ferritin'),
      r('IRON, TOTAL', '88', 'mcg/dL', '50-180', 'iron'),
      r('VITAMIN A', '52', 'mcg/dL', '38-98', null),
    ],
  },
  {
    heading: 'URINALYSIS, COMPLETE',
    rows: [
      r('COLOR', 'YELLOW', '', 'YELLOW', 'urine_color'),
      r('APPEARANCE', 'CLEAR', '', 'CLEAR', 'urine_appearance'),
      r('SPECIFIC GRAVITY', '1.018', '', '1.001-1.035', 'urine_specific_gravity'),
      r('PH', '6.0', '', '5.0-8.0', 'urine_ph'),
      r('GLUCOSE', 'NEGATIVE', '', 'NEGATIVE', 'urine_glucose'),
      r('BILIRUBIN', 'NEGATIVE', '', 'NEGATIVE', 'urine_bilirubin'),
      r('KETONES', 'NEGATIVE', '', 'NEGATIVE', 'urine_ketones'),
      r('OCCULT BLOOD', 'TRACE', '', 'NEGATIVE', 'urine_occult_blood', { flag: 'A' }),
      r('PROTEIN', 'NEGATIVE', '', 'NEGATIVE', 'urine_protein'),
      r('NITRITE', 'NEGATIVE', '', 'NEGATIVE', 'urine_nitrite'),
      r('LEUKOCYTE ESTERASE', 'NEGATIVE', '', 'NEGATIVE', 'urine_leukocyte_esterase'),
    ],
  },
];

/** MyChart cards: name, range line, and the result; one-sided ranges print "Value" instead of a bar. */
export const MYCHART_ROWS: LabRow[] = [
  r('Glucose Level', '118', 'mg/dL', '74 - 106', 'glucose', { flag: 'High' }),
  r('Blood Urea Nitrogen (BUN)', '15', 'mg/dL', '7 - 25', 'bun'),
  r('Creatinine Level', '0.42', 'mg/dL', '0.50 - 0.90', 'creatinine', { flag: 'Low' }),
  r('EGFR', '126', 'mL/min/1.73m2', 'above >=90', 'egfr'),
  r('Sodium Level', '140', 'mmol/L', '136 - 145', 'sodium'),
  r('Potassium Level', '4.2', 'mmol/L', '3.5 - 5.1', 'potassium'),
  r('Chloride Level', '102', 'mmol/L', '98 - 106', 'chloride'),
  r('Carbon Dioxide Level', '24', 'mmol/L', '20 - 29', 'carbon_dioxide'),
  r('Calcium Level', '9.4', 'mg/dL', '8.5 - 10.5', 'calcium'),
  r('Magnesium Level', '2.1', 'mg/dL', '1.6 - 2.6', 'magnesium'),
  r('Albumin Level', '4.3', 'g/dL', '3.5 - 5.5', 'albumin'),
  r('Anion Gap', '10', 'mmol/L', '5 - 15', 'anion_gap'),
];

/** A hospital's plain table (Test | Result | Flag | Units | Reference Range), drawn column by column. */
export const GENERIC_SECTIONS: Section[] = [
  {
    heading: 'Chemistry',
    rows: [
      r('Potassium', '6.8', 'mmol/L', '3.5-5.1', 'potassium', { flag: 'HH' }),
      r('Sodium', '119', 'mmol/L', '135-145', 'sodium', { flag: 'LL' }),
      r('Magnesium', '2.0', 'mg/dL', '1.7-2.4', 'magnesium'),
      r('Uric Acid', '7.9', 'mg/dL', '3.4-7.0', 'uric_acid', { flag: 'H' }),
      r('Cystatin C', '0.88', 'mg/L', '0.53-0.95', 'cystatin_c'),
    ],
  },
  {
    heading: 'Endocrine',
    rows: [
      r('Free T3', '3.1', 'pg/mL', '2.0-4.4', 'free_t3'),
      r('Insulin, Fasting', '7.8', 'uIU/mL', '2.6-24.9', 'insulin'),
      r('Cortisol, AM', '14.2', 'ug/dL', '6.2-19.4', 'cortisol'),
      r('Prolactin', '9.6', 'ng/mL', '4.0-15.2', 'prolactin'),
      r('Progesterone', '<0.5', 'ng/mL', '0.0-0.5', 'progesterone'),
      r('Apolipoprotein B', '104', 'mg/dL', '<90', 'apolipoprotein_b', { flag: 'H' }),
      r('Lipoprotein (a)', '18', 'nmol/L', '<75', 'lipoprotein_a'),
    ],
  },
  {
    heading: 'Vitamins',
    rows: [
      r('Vitamin B12', '512', 'pg/mL', '232-1245', 'vitamin_b12'),
      r('Folate, Serum', '>20.0', 'ng/mL', '>3.0', 'folate'),
      r('Homocysteine', '11.2', 'umol/L', '0.0-14.5', 'homocysteine'),
    ],
  },
  {
    heading: 'Urine',
    rows: [
      r('Nitrite, Urine', 'Positive', '', 'Negative', 'urine_nitrite', { flag: 'A' }),
      r('Glucose, Urine', 'Negative', '', 'Negative', 'urine_glucose'),
    ],
    comments: ['Critical values were called to and read back by the nurse on 03/03/2026 at 09:12.'],
  },
];
