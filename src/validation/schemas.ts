import { z } from 'zod';
import { isCalendarDate } from './isoDates';
import { ageYears, measurementProblem, ranges, textLimit, type Range, type RangeTable } from './bounds';

// zod schemas for everything that enters from outside (API payloads, imports, provider syncs).
// Built from bounds.ts so they cannot drift from the database CHECKs; messages name the field
// and the rule.

function bounded(table: string, column: string, r: Range) {
  const base = z.number({ error: `${table}.${column} must be a finite number` }).refine(Number.isFinite, {
    message: `${table}.${column} must be a finite number`,
  });
  return base
    .refine((v) => !r.integer || Number.isInteger(v), { message: `${table}.${column} must be a whole number` })
    .refine((v) => v >= r.min && v <= r.max, { message: `${table}.${column} must be between ${r.min} and ${r.max}` });
}

function boundedColumns<T extends RangeTable>(table: T) {
  const shape: Record<string, z.ZodType> = {};
  for (const [column, r] of Object.entries(ranges[table]) as [string, Range][]) {
    shape[column] = bounded(table, column, r).nullish();
  }
  return shape as { [K in keyof (typeof ranges)[T]]: z.ZodOptional<z.ZodNullable<z.ZodType<number>>> };
}

const isoDate = (field: string) =>
  z.string({ error: `${field} is required` }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${field} must be a date (YYYY-MM-DD)` })
    .refine(isCalendarDate, { message: `${field} must be a real calendar date` });

export const dataSources = [
  'garmin', 'oura', 'whoop', 'apple_health', 'fitbit', 'withings', 'polar', 'coros', 'suunto',
  'google_fit', 'health_connect', 'samsung_health', 'eight_sleep', 'dexcom', 'libre', 'strava',
  'strong', 'hevy', 'myfitnesspal', 'cronometer', 'fit_file', 'csv_import', 'pdf_import',
  'lab', 'manual', 'system',
] as const;
export const dataSource = z.enum(dataSources, { error: `source must be one of: ${dataSources.join(', ')}` });

export const wearableDailyRow = z.object({
  date: isoDate('wearable_daily.date'),
  source: dataSource,
  ...boundedColumns('wearable_daily'),
  raw_data: z.unknown().optional(),
  source_updated_at: z.iso.datetime({ offset: true }).nullish(),
});

export const wearableSleepRow = z.object({
  sleep_date: isoDate('wearable_sleep.sleep_date'),
  source: dataSource,
  sleep_start: z.iso.datetime({ offset: true }).nullish(),
  sleep_end: z.iso.datetime({ offset: true }).nullish(),
  ...boundedColumns('wearable_sleep'),
  hypnogram: z.array(z.object({ t: z.string(), stage: z.enum(['awake', 'light', 'deep', 'rem']) })).nullish(),
  raw_data: z.unknown().optional(),
  source_updated_at: z.iso.datetime({ offset: true }).nullish(),
});

export const wearableActivityRow = z.object({
  activity_date: isoDate('wearable_activities.activity_date'),
  source: dataSource,
  source_activity_id: z.string().min(1).max(textLimit('source_activity_id')).nullish(),
  activity_type: z.string().min(1),
  activity_name: z.string().max(textLimit('activity_name'), { message: `wearable_activities.activity_name must be at most ${textLimit('activity_name')} characters` }).nullish(),
  start_time: z.iso.datetime({ offset: true }).nullish(),
  end_time: z.iso.datetime({ offset: true }).nullish(),
  ...boundedColumns('wearable_activities'),
  raw_data: z.unknown().optional(),
  source_updated_at: z.iso.datetime({ offset: true }).nullish(),
});

export const moodJournalRow = z.object({ journal_date: isoDate('mood_journal.journal_date'), ...boundedColumns('mood_journal'), notes: z.string().max(textLimit('notes'), { message: `mood_journal.notes must be at most ${textLimit('notes')} characters` }).nullish() });
export const liftingSetRow = z.object({ ...boundedColumns('lifting_sets'), set_number: z.number().int().min(1).max(999).nullish(), is_warmup: z.boolean().nullish() });
export const dexaScanRow = z.object({ scan_date: isoDate('dexa_scans.scan_date'), ...boundedColumns('dexa_scans') });
export const dexaRegionRow = z.object({ ...boundedColumns('dexa_regions') });
export const epigeneticTestRow = z.object({ ...boundedColumns('epigenetic_tests') });
export const menstrualCycleRow = z.object({ cycle_date: isoDate('menstrual_cycles.cycle_date'), ...boundedColumns('menstrual_cycles') });

export const measurementRow = z
  .object({
    metric: z.string().min(1),
    value: z.number({ error: 'measurements.value must be a finite number' }).refine(Number.isFinite, { message: 'measurements.value must be a finite number' }),
    unit: z.string().min(1, { message: 'measurements.unit is required' }),
    measured_at: z.iso.datetime({ offset: true }),
  })
  .superRefine((row, ctx) => {
    // The per-metric range of CHECK measurements_value_range (weight 20-1000 lbs, spo2 50-100 %, ...).
    const problem = measurementProblem(row.metric, row.value, row.unit);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

export const bloodMarkerValue = z.object({
  raw_name: z.string().trim().min(1, { message: 'blood_markers.raw_name is required' }),
  value_numeric: z.number().refine(Number.isFinite, { message: 'blood_markers.value_numeric must be a finite number' }).nullish(),
  value_text: z.string().nullish(),
  unit: z.string().nullish(),
});

/** users.email: trimmed, lowercase, and shaped like an address. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'users.email must be a valid email address' });

/** users.date_of_birth: in the past, making the user 13 to 150 years old today. */
export function dateOfBirth(today: Date = new Date()) {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const shift = (years: number) => {
    const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate()));
    return iso(d);
  };
  const latest = shift(ageYears.min);
  const earliestExclusive = shift(ageYears.max);
  return isoDate('users.date_of_birth').refine((s) => s <= latest && s > earliestExclusive, {
    message: `users.date_of_birth must make the user between ${ageYears.min} and ${ageYears.max} years old`,
  });
}

export function rangeSchema(table: RangeTable, column: string) {
  const r = (ranges[table] as Record<string, Range>)[column];
  if (!r) throw new Error(`no range for ${table}.${column}`);
  return bounded(table, column, r);
}
