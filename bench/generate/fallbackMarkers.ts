// Bench-only biomarker dictionary rows, for a database whose dictionary is not loaded.

/**
 * Used only when the database's biomarker dictionary has no numeric markers yet (it is seeded
 * separately): common US-conventional markers with typical adult reference ranges, enough for
 * ~40-marker panels.
 */
export const FALLBACK_MARKERS: readonly {
  canonicalName: string;
  displayName: string;
  category: string;
  subcategory: string;
  unit: string;
  normalLow: number | null;
  normalHigh: number | null;
}[] = [
  { canonicalName: 'glucose', displayName: 'Glucose', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 65, normalHigh: 99 },
  { canonicalName: 'bun', displayName: 'Urea Nitrogen (BUN)', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 7, normalHigh: 25 },
  { canonicalName: 'creatinine', displayName: 'Creatinine', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 0.6, normalHigh: 1.29 },
  { canonicalName: 'egfr', displayName: 'eGFR', category: 'metabolic', subcategory: 'CMP', unit: 'mL/min/1.73m2', normalLow: 60, normalHigh: null },
  { canonicalName: 'sodium', displayName: 'Sodium', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 135, normalHigh: 146 },
  { canonicalName: 'potassium', displayName: 'Potassium', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 3.5, normalHigh: 5.3 },
  { canonicalName: 'chloride', displayName: 'Chloride', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 98, normalHigh: 110 },
  { canonicalName: 'carbon_dioxide', displayName: 'Carbon Dioxide', category: 'metabolic', subcategory: 'CMP', unit: 'mmol/L', normalLow: 20, normalHigh: 32 },
  { canonicalName: 'calcium', displayName: 'Calcium', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 8.6, normalHigh: 10.3 },
  { canonicalName: 'total_protein', displayName: 'Protein, Total', category: 'metabolic', subcategory: 'CMP', unit: 'g/dL', normalLow: 6.1, normalHigh: 8.1 },
  { canonicalName: 'albumin', displayName: 'Albumin', category: 'metabolic', subcategory: 'CMP', unit: 'g/dL', normalLow: 3.6, normalHigh: 5.1 },
  { canonicalName: 'globulin', displayName: 'Globulin', category: 'metabolic', subcategory: 'CMP', unit: 'g/dL', normalLow: 1.9, normalHigh: 3.7 },
  { canonicalName: 'bilirubin_total', displayName: 'Bilirubin, Total', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 0.2, normalHigh: 1.2 },
  { canonicalName: 'alkaline_phosphatase', displayName: 'Alkaline Phosphatase', category: 'metabolic', subcategory: 'CMP', unit: 'U/L', normalLow: 36, normalHigh: 130 },
  { canonicalName: 'ast', displayName: 'AST', category: 'metabolic', subcategory: 'CMP', unit: 'U/L', normalLow: 10, normalHigh: 40 },
  { canonicalName: 'alt', displayName: 'ALT', category: 'metabolic', subcategory: 'CMP', unit: 'U/L', normalLow: 9, normalHigh: 46 },
  { canonicalName: 'hemoglobin_a1c', displayName: 'Hemoglobin A1c', category: 'metabolic', subcategory: 'Diabetes', unit: '%', normalLow: 4, normalHigh: 5.6 },
  { canonicalName: 'insulin', displayName: 'Insulin', category: 'metabolic', subcategory: 'Diabetes', unit: 'uIU/mL', normalLow: 2, normalHigh: 19.6 },
  { canonicalName: 'total_cholesterol', displayName: 'Cholesterol, Total', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 200 },
  { canonicalName: 'hdl_cholesterol', displayName: 'HDL Cholesterol', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: 40, normalHigh: null },
  { canonicalName: 'ldl_cholesterol', displayName: 'LDL Cholesterol', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 100 },
  { canonicalName: 'triglycerides', displayName: 'Triglycerides', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 150 },
  { canonicalName: 'non_hdl_cholesterol', displayName: 'Non-HDL Cholesterol', category: 'lipids', subcategory: 'Lipid Panel', unit: 'mg/dL', normalLow: null, normalHigh: 130 },
  { canonicalName: 'apolipoprotein_b', displayName: 'Apolipoprotein B', category: 'lipids_advanced', subcategory: 'Cardio IQ', unit: 'mg/dL', normalLow: null, normalHigh: 90 },
  { canonicalName: 'lipoprotein_a', displayName: 'Lipoprotein (a)', category: 'lipids_advanced', subcategory: 'Cardio IQ', unit: 'nmol/L', normalLow: null, normalHigh: 75 },
  { canonicalName: 'wbc', displayName: 'White Blood Cell Count', category: 'hematology', subcategory: 'CBC', unit: '10^3/uL', normalLow: 3.8, normalHigh: 10.8 },
  { canonicalName: 'rbc', displayName: 'Red Blood Cell Count', category: 'hematology', subcategory: 'CBC', unit: '10^6/uL', normalLow: 4.2, normalHigh: 5.8 },
  { canonicalName: 'hemoglobin', displayName: 'Hemoglobin', category: 'hematology', subcategory: 'CBC', unit: 'g/dL', normalLow: 13.2, normalHigh: 17.1 },
  { canonicalName: 'hematocrit', displayName: 'Hematocrit', category: 'hematology', subcategory: 'CBC', unit: '%', normalLow: 38.5, normalHigh: 50 },
  { canonicalName: 'mcv', displayName: 'MCV', category: 'hematology', subcategory: 'CBC', unit: 'fL', normalLow: 80, normalHigh: 100 },
  { canonicalName: 'mch', displayName: 'MCH', category: 'hematology', subcategory: 'CBC', unit: 'pg', normalLow: 27, normalHigh: 33 },
  { canonicalName: 'mchc', displayName: 'MCHC', category: 'hematology', subcategory: 'CBC', unit: 'g/dL', normalLow: 32, normalHigh: 36 },
  { canonicalName: 'rdw', displayName: 'RDW', category: 'hematology', subcategory: 'CBC', unit: '%', normalLow: 11, normalHigh: 15 },
  { canonicalName: 'platelets', displayName: 'Platelet Count', category: 'hematology', subcategory: 'CBC', unit: '10^3/uL', normalLow: 140, normalHigh: 400 },
  { canonicalName: 'neutrophils_absolute', displayName: 'Absolute Neutrophils', category: 'hematology', subcategory: 'CBC', unit: 'cells/uL', normalLow: 1500, normalHigh: 7800 },
  { canonicalName: 'lymphocytes_absolute', displayName: 'Absolute Lymphocytes', category: 'hematology', subcategory: 'CBC', unit: 'cells/uL', normalLow: 850, normalHigh: 3900 },
  { canonicalName: 'tsh', displayName: 'TSH', category: 'thyroid', subcategory: 'Thyroid Panel', unit: 'mIU/L', normalLow: 0.4, normalHigh: 4.5 },
  { canonicalName: 'free_t4', displayName: 'T4, Free', category: 'thyroid', subcategory: 'Thyroid Panel', unit: 'ng/dL', normalLow: 0.8, normalHigh: 1.8 },
  { canonicalName: 'free_t3', displayName: 'T3, Free', category: 'thyroid', subcategory: 'Thyroid Panel', unit: 'pg/mL', normalLow: 2.3, normalHigh: 4.2 },
  { canonicalName: 'testosterone_total', displayName: 'Testosterone, Total', category: 'hormones', subcategory: 'Hormones', unit: 'ng/dL', normalLow: 250, normalHigh: 1100 },
  { canonicalName: 'shbg', displayName: 'Sex Hormone Binding Globulin', category: 'hormones', subcategory: 'Hormones', unit: 'nmol/L', normalLow: 10, normalHigh: 50 },
  { canonicalName: 'dhea_sulfate', displayName: 'DHEA Sulfate', category: 'hormones', subcategory: 'Hormones', unit: 'ug/dL', normalLow: 110, normalHigh: 510 },
  { canonicalName: 'cortisol', displayName: 'Cortisol, AM', category: 'hormones', subcategory: 'Hormones', unit: 'ug/dL', normalLow: 4, normalHigh: 22 },
  { canonicalName: 'hs_crp', displayName: 'hs-CRP', category: 'inflammation', subcategory: 'Inflammation', unit: 'mg/L', normalLow: null, normalHigh: 1 },
  { canonicalName: 'homocysteine', displayName: 'Homocysteine', category: 'inflammation', subcategory: 'Inflammation', unit: 'umol/L', normalLow: null, normalHigh: 11 },
  { canonicalName: 'ferritin', displayName: 'Ferritin', category: 'vitamins_minerals', subcategory: 'Iron Panel', unit: 'ng/mL', normalLow: 38, normalHigh: 380 },
  { canonicalName: 'iron', displayName: 'Iron, Total', category: 'vitamins_minerals', subcategory: 'Iron Panel', unit: 'ug/dL', normalLow: 50, normalHigh: 180 },
  { canonicalName: 'vitamin_d_25_oh', displayName: 'Vitamin D, 25-OH', category: 'vitamins_minerals', subcategory: 'Vitamins', unit: 'ng/mL', normalLow: 30, normalHigh: 100 },
  { canonicalName: 'vitamin_b12', displayName: 'Vitamin B12', category: 'vitamins_minerals', subcategory: 'Vitamins', unit: 'pg/mL', normalLow: 200, normalHigh: 1100 },
  { canonicalName: 'folate', displayName: 'Folate, Serum', category: 'vitamins_minerals', subcategory: 'Vitamins', unit: 'ng/mL', normalLow: 5.4, normalHigh: null },
  { canonicalName: 'magnesium', displayName: 'Magnesium', category: 'vitamins_minerals', subcategory: 'Minerals', unit: 'mg/dL', normalLow: 1.5, normalHigh: 2.5 },
  { canonicalName: 'zinc', displayName: 'Zinc', category: 'vitamins_minerals', subcategory: 'Minerals', unit: 'ug/dL', normalLow: 60, normalHigh: 130 },
  { canonicalName: 'uric_acid', displayName: 'Uric Acid', category: 'metabolic', subcategory: 'CMP', unit: 'mg/dL', normalLow: 4, normalHigh: 8 },
];
