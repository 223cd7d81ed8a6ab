// What the model must answer: the report's kind, header and items in the shapes of the draft
// (src/documents/draft.ts), minus what only the server may decide (ids, confidence caps, where on
// the page, which dictionary entry). Numbers are asked for as printed, with their unit, so they can
// be checked against the text; the conversion to the draft's units (kg → lbs, cm → in) is ours
// (items.ts), not the model's arithmetic. The answer is untrusted input: anything that breaks these
// rules fails the whole answer with a message naming the path.
import { z } from 'zod';
import {
  BONE_DENSITY_REGIONS,
  COMPARATORS,
  DEXA_REGIONS,
  DEXA_SUMMARY_FIELDS,
  EPIGENETIC_SUMMARY_FIELDS,
  LAB_FLAGS,
  ORGAN_SYSTEMS,
  REPORT_KINDS,
  type ReportKind,
} from '../draft';

const num = z.number().finite().nullable().default(null).describe('the number as printed (no unit conversion), null when absent');
const text = z.string().nullable().default(null);
/** The model's own confidence, 0–1; capped and checked against the text afterwards. */
const modelConfidence = z.number().min(0).max(1).nullable().default(null).describe('how sure you are of this item, 0 to 1');
/** The row's label as printed ("Left Arm", "Visceral Fat"): how the item is found on the page. */
const label = z.string().min(1).nullable().default(null).describe("the row's label exactly as printed");

export const MASS_UNITS = ['lbs', 'kg', 'g'] as const;

const labItem = z.object({
  type: z.literal('lab_result'),
  printedName: z.string().min(1).describe('the test name exactly as printed'),
  subPanel: text,
  value: num,
  valueText: text.describe('the result as printed when it is not a plain number ("<5.0", "Negative"), else null'),
  comparator: z.enum(COMPARATORS).nullable().default(null),
  unit: text,
  refRangeText: text,
  refLow: num,
  refHigh: num,
  flag: z.enum(LAB_FLAGS).nullable().default(null),
  loinc: text,
  confidence: modelConfidence,
});

const dexaSummaryItem = z.object({
  type: z.literal('dexa_summary'),
  field: z.enum(DEXA_SUMMARY_FIELDS),
  label,
  value: num,
  unit: text,
  confidence: modelConfidence,
});

const dexaRegionItem = z.object({
  type: z.literal('dexa_region'),
  region: z.enum(DEXA_REGIONS),
  label,
  bodyFatPct: num,
  fat: num,
  lean: num,
  bmc: num,
  totalMass: num,
  massUnit: z.enum(MASS_UNITS).nullable().default(null).describe('the unit fat, lean, bmc and totalMass are printed in'),
  confidence: modelConfidence,
});

const boneDensityItem = z.object({
  type: z.literal('bone_density'),
  region: z.enum(BONE_DENSITY_REGIONS),
  label,
  bmdGCm2: num,
  tScore: num,
  zScore: num,
  confidence: modelConfidence,
});

const epigeneticSummaryItem = z.object({
  type: z.literal('epigenetic_summary'),
  field: z.enum(EPIGENETIC_SUMMARY_FIELDS),
  label,
  value: num,
  unit: text,
  confidence: modelConfidence,
});

const organAgeItem = z.object({
  type: z.literal('organ_age'),
  organSystem: z.enum(ORGAN_SYSTEMS),
  label,
  biologicalAge: num,
  chronologicalAge: num,
  confidence: modelConfidence,
});

const answerItem = z.discriminatedUnion('type', [labItem, dexaSummaryItem, dexaRegionItem, boneDensityItem, epigeneticSummaryItem, organAgeItem]);
export type AnswerItem = z.infer<typeof answerItem>;

/** Item types each kind of report may hold. */
export const ITEM_TYPES: Record<ReportKind, AnswerItem['type'][]> = {
  lab: ['lab_result'],
  dexa: ['dexa_summary', 'dexa_region', 'bone_density'],
  epigenetic: ['epigenetic_summary', 'organ_age'],
};

const answerHeader = z.object({
  provider: text,
  orderingProvider: text,
  panelName: text,
  collectedAt: text,
  reportedAt: text,
  specimenId: text,
  kitId: text,
  fasting: z.boolean().nullable().default(null),
  methylationClock: text,
});

export const answerSchema = z.object({
  kind: z.enum(REPORT_KINDS),
  header: answerHeader.default(answerHeader.parse({})),
  items: z.array(answerItem).max(2000),
});
export type Answer = z.infer<typeof answerSchema>;

/** Every failure names itself so logs and the job's error say which extractor and what. */
export class ExtractorError extends Error {
  constructor(message: string) {
    super(`extractor: ${message}`);
    this.name = 'ExtractorError';
  }
}

/** items[3].value */
function pathText(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

function issueText(issue: z.core.$ZodIssue): string {
  const at = pathText(issue.path) || 'the answer';
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) && issue.path.length > 0 ? `${at} is required` : `${at} must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `${at} must be ${issue.values.length === 1 ? quoted(issue.values) : `one of ${quoted(issue.values)}`}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options) ? `${at} must be one of ${quoted(issue.options)}` : `${at} has no valid form`;
    default:
      return `${at}: ${issue.message.replace(/^Invalid input: /, '').replace(/^Too (big|small): /, '')}`;
  }
}

/** Strips the Markdown fence some models wrap JSON in even when asked not to. */
function unfence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(content);
  return fenced ? fenced[1]! : content;
}

/** The model's message content, parsed and validated; the kind must be the one asked for when one was. */
export function readAnswer(content: string, expectedKind: ReportKind | null): Answer {
  let json: unknown;
  try {
    json = JSON.parse(unfence(content));
  } catch {
    throw new ExtractorError('answer is not JSON');
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    throw new ExtractorError(`${issues.slice(0, 3).map(issueText).join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`);
  }
  const answer = parsed.data;
  if (expectedKind && answer.kind !== expectedKind) throw new ExtractorError(`kind must be "${expectedKind}" (the report's kind), not "${answer.kind}"`);
  const allowed = ITEM_TYPES[answer.kind];
  const stray = answer.items.findIndex((item) => !allowed.includes(item.type));
  if (stray >= 0) throw new ExtractorError(`items[${stray}].type must be one of ${quoted(allowed)} in a ${answer.kind} report`);
  return answer;
}
