// The draft a parsed report becomes: what `documents.parse_result` holds while the user reviews it,
// and what `vitalis.confirm_document` turns into a panel, a scan or a test. One shape for every
// report kind: a header (who, when) and a list of items, each with its confidence, where it was
// found and which extractor read it, so that review is the same operation everywhere.
// The SQL functions that revise and confirm a draft read the same names (migrations/, 000015).
import { z } from 'zod';

export const DRAFT_VERSION = 1;

export const REPORT_KINDS = ['lab', 'dexa', 'epigenetic'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Who read a value: the rule-based parsers, the optional model endpoint, a provider's JSON, or the user in review. */
export const EXTRACTORS = ['rules', 'model', 'bodyspec_json', 'user'] as const;
export type Extractor = (typeof EXTRACTORS)[number];

const num = z.number().finite();
const confidence = z.number().min(0).max(1);

/** Where on the page an item was read; null for values that came from JSON. */
export const provenance = z
  .object({
    page: z.number().int().min(1),
    line: z.number().int().min(0).nullable(),
    x: num,
    y: num,
    width: num,
    height: num,
  })
  .nullable();
export type Provenance = z.infer<typeof provenance>;

/** A value as printed, before conversion to the schema's unit (kg → lbs, cm³ → in³). */
export const original = z.object({ value: num.nullable(), unit: z.string().nullable(), text: z.string() }).nullable();

const itemBase = {
  /** Stable within the draft ('r1', 'r2', …): review names items by it. */
  id: z.string().regex(/^[a-z]\w{0,31}$/),
  confidence,
  source: provenance,
  extractor: z.enum(EXTRACTORS),
  /** The user struck the item in review: confirmation skips it. */
  rejected: z.boolean().default(false),
  /** Fields the user changed in review. */
  corrected: z.array(z.string()).default([]),
};

export const LAB_FLAGS = ['H', 'L', 'HH', 'LL', 'ABNORMAL'] as const;
export const COMPARATORS = ['<', '<=', '>', '>='] as const;

export const labResult = z.object({
  ...itemBase,
  type: z.literal('lab_result'),
  printedName: z.string().min(1),
  subPanel: z.string().nullable(),
  /** The number in the result ("<5.0" → 5); null for qualitative results. */
  value: num.nullable(),
  /** The result as printed when it is not a plain number: "<5.0", "Negative", "See note". */
  valueText: z.string().nullable(),
  comparator: z.enum(COMPARATORS).nullable(),
  /** The unit after repairing OCR damage (xlOE3/uL → x10E3/uL). */
  unit: z.string().nullable(),
  printedUnit: z.string().nullable(),
  refRangeText: z.string().nullable(),
  refLow: num.nullable(),
  refHigh: num.nullable(),
  flag: z.enum(LAB_FLAGS).nullable(),
  printedFlag: z.string().nullable(),
  /** A LOINC code printed beside the result, if any. */
  loinc: z.string().nullable(),
  /** The biomarker_dictionary entry it maps to; null = unmatched (kept, confirmed with biomarker_id null). */
  biomarkerId: z.string().uuid().nullable(),
  canonicalName: z.string().nullable(),
  matchedBy: z.enum(['alias', 'loinc', 'fuzzy', 'user']).nullable(),
});
export type LabResult = z.infer<typeof labResult>;

export const DEXA_SUMMARY_FIELDS = [
  'ageAtScan',
  'heightIn',
  'weightLbs',
  'totalMassLbs',
  'totalFatLbs',
  'totalLeanLbs',
  'totalBmcLbs',
  'totalBodyFatPct',
  'visceralFatLbs',
  'visceralFatIn3',
  'androidGynoidRatio',
] as const;

export const dexaSummary = z.object({
  ...itemBase,
  type: z.literal('dexa_summary'),
  field: z.enum(DEXA_SUMMARY_FIELDS),
  value: num.nullable(),
  original,
});

/** vitalis.dexa_region */
export const DEXA_REGIONS = ['total', 'arms', 'arm_left', 'arm_right', 'legs', 'leg_left', 'leg_right', 'trunk', 'trunk_left', 'trunk_right', 'android', 'gynoid', 'head', 'ribs', 'pelvis', 'spine'] as const;

export const dexaRegion = z.object({
  ...itemBase,
  type: z.literal('dexa_region'),
  region: z.enum(DEXA_REGIONS),
  bodyFatPct: num.nullable(),
  fatLbs: num.nullable(),
  leanLbs: num.nullable(),
  bmcLbs: num.nullable(),
  totalMassLbs: num.nullable(),
  original,
});

/** vitalis.bone_density_region */
export const BONE_DENSITY_REGIONS = [
  'total', 'head', 'arms', 'arm_left', 'arm_right', 'legs', 'leg_left', 'leg_right', 'trunk', 'ribs', 'pelvis', 'thoracic_spine',
  'lumbar_spine', 'l1', 'l2', 'l3', 'l4', 'l1_l4', 'femoral_neck_left', 'femoral_neck_right', 'total_hip_left', 'total_hip_right',
  'forearm_left', 'forearm_right',
] as const;

export const boneDensity = z.object({
  ...itemBase,
  type: z.literal('bone_density'),
  region: z.enum(BONE_DENSITY_REGIONS),
  bmdGCm2: num.nullable(),
  tScore: num.nullable(),
  zScore: num.nullable(),
});

export const EPIGENETIC_SUMMARY_FIELDS = ['chronologicalAge', 'biologicalAge', 'paceScore', 'pacePercentile', 'telomereLength'] as const;

export const epigeneticSummary = z.object({
  ...itemBase,
  type: z.literal('epigenetic_summary'),
  field: z.enum(EPIGENETIC_SUMMARY_FIELDS),
  value: num.nullable(),
  original,
});

/** vitalis.organ_system */
export const ORGAN_SYSTEMS = ['brain', 'heart', 'lung', 'liver', 'kidney', 'metabolic', 'immune', 'inflammation', 'hormone', 'musculoskeletal', 'blood', 'intestine'] as const;

export const organAge = z.object({
  ...itemBase,
  type: z.literal('organ_age'),
  organSystem: z.enum(ORGAN_SYSTEMS),
  biologicalAge: num.nullable(),
  chronologicalAge: num.nullable(),
});

export const draftItem = z.discriminatedUnion('type', [labResult, dexaSummary, dexaRegion, boneDensity, epigeneticSummary, organAge]);
export type DraftItem = z.infer<typeof draftItem>;

/** Dates are 'YYYY-MM-DD' or an ISO 8601 timestamp with an offset. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/);

export const draftHeader = z.object({
  /** The lab (Labcorp, Quest, …), the DEXA provider or the epigenetic test's company. */
  provider: z.string().nullable().default(null),
  orderingProvider: z.string().nullable().default(null),
  panelName: z.string().nullable().default(null),
  collectedAt: isoDate.nullable().default(null),
  reportedAt: isoDate.nullable().default(null),
  specimenId: z.string().nullable().default(null),
  kitId: z.string().nullable().default(null),
  fasting: z.boolean().nullable().default(null),
  methylationClock: z.string().nullable().default(null),
});
export type DraftHeader = z.infer<typeof draftHeader>;

/** A row that looked like a result but could not be read: listed, never silently dropped. */
export const unreadLine = z.object({ page: z.number().int().min(1), line: z.number().int().min(0).nullable(), text: z.string(), reason: z.string() });

export const draft = z.object({
  version: z.literal(DRAFT_VERSION),
  kind: z.enum(REPORT_KINDS),
  /** The layout recognised: labcorp, quest, epic_mychart, generic, bodyspec, dexafit, hologic, ge_lunar, trudiagnostic, … */
  family: z.string(),
  extraction: z.object({
    method: z.enum(['text', 'ocr', 'mixed', 'json']),
    pages: z.array(z.object({ page: z.number().int().min(1), method: z.enum(['text', 'ocr']), confidence, lines: z.number().int().min(0) })),
    millis: z.number().min(0),
  }),
  header: draftHeader,
  items: z.array(draftItem),
  unreadLines: z.array(unreadLine),
  /** The document's confidence: how much of it a reviewer may trust without looking. */
  confidence,
  warnings: z.array(z.string()).default([]),
});
export type Draft = z.infer<typeof draft>;

/** What a parser returns before the dictionary mapping and the document-level confidence are added. */
export interface ParsedReport {
  kind: ReportKind;
  family: string;
  header: Partial<DraftHeader>;
  items: DraftItem[];
  unreadLines: z.infer<typeof unreadLine>[];
  warnings: string[];
}
