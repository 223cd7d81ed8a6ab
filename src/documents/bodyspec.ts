// BodySpec's API composition response (GET …/results/{id}/dexa/composition) as a DEXA draft: the
// total and every region in pounds, with the kilograms BodySpec sent kept in `original`. The
// response carries no scan date, so the draft asks review for one. Region keys the schema has no
// region for are listed in the warnings, never dropped silently.
import { z } from 'zod';
import { compositionRegion, type DexaRegion } from './dexa/regions';
import { round6, toLbs } from './dexa/numbers';
import type { DraftItem, ParsedReport } from './draft';

/** The response did not have the shape BodySpec documents; `field` is the path of the first problem. */
export class BodySpecJsonError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`BodySpec composition JSON: ${field}: ${message}`);
  }
}

const kg = z.number({ error: 'must be a number (kilograms)' }).finite().min(0, { error: 'must not be negative' });
const pct = z.number({ error: 'must be a number (percent)' }).finite().min(0, { error: 'must be between 0 and 100' }).max(100, { error: 'must be between 0 and 100' });

const bodyRegion = z.object(
  {
    fat_mass_kg: kg,
    lean_mass_kg: kg,
    bone_mass_kg: kg,
    total_mass_kg: kg,
    tissue_fat_pct: pct,
    region_fat_pct: pct,
  },
  { error: 'must be an object with the region’s masses' },
);

const composition = z.object(
  {
    result_id: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
    section_name: z.string().optional(),
    total: bodyRegion,
    regions: z.record(z.string(), bodyRegion, { error: 'must be an object of regions' }),
    android_gynoid_ratio: z.number({ error: 'must be a number or null' }).finite().nullable().optional(),
  },
  { error: 'must be a JSON object' },
);

type BodyRegion = z.infer<typeof bodyRegion>;
type Item<T extends DraftItem['type']> = Extract<DraftItem, { type: T }>;

const base = { confidence: 1, source: null, extractor: 'bodyspec_json' as const, rejected: false, corrected: [] };
const lbs = (value: number) => toLbs(value, 'kg');

function regionItem(id: string, region: DexaRegion, key: string, r: BodyRegion): Item<'dexa_region'> {
  return {
    ...base,
    id,
    type: 'dexa_region',
    region,
    bodyFatPct: r.region_fat_pct,
    fatLbs: lbs(r.fat_mass_kg),
    leanLbs: lbs(r.lean_mass_kg),
    bmcLbs: lbs(r.bone_mass_kg),
    totalMassLbs: lbs(r.total_mass_kg),
    original: { value: null, unit: 'kg', text: `${key}: fat ${r.fat_mass_kg} kg, lean ${r.lean_mass_kg} kg, bone ${r.bone_mass_kg} kg, total ${r.total_mass_kg} kg, region fat ${r.region_fat_pct} %` },
  };
}

export function parseBodySpecJson(json: unknown): ParsedReport {
  const parsed = composition.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BodySpecJsonError(issue.path.length === 0 ? '(root)' : issue.path.join('.'), issue.message);
  }
  const response = parsed.data;
  const items: DraftItem[] = [];
  const warnings: string[] = ['BodySpec’s composition response carries no scan date: set it in review'];
  const id = () => `r${items.length + 1}`;
  const summary = (field: Item<'dexa_summary'>['field'], value: number, unit: string | null, printed: number, key: string) =>
    items.push({ ...base, id: id(), type: 'dexa_summary', field, value, original: { value: printed, unit, text: `${key}: ${printed}` } });

  const { total } = response;
  summary('totalMassLbs', lbs(total.total_mass_kg), 'kg', total.total_mass_kg, 'total.total_mass_kg');
  summary('totalFatLbs', lbs(total.fat_mass_kg), 'kg', total.fat_mass_kg, 'total.fat_mass_kg');
  summary('totalLeanLbs', lbs(total.lean_mass_kg), 'kg', total.lean_mass_kg, 'total.lean_mass_kg');
  summary('totalBmcLbs', lbs(total.bone_mass_kg), 'kg', total.bone_mass_kg, 'total.bone_mass_kg');
  summary('totalBodyFatPct', total.region_fat_pct, '%', total.region_fat_pct, 'total.region_fat_pct');
  if (response.android_gynoid_ratio !== null && response.android_gynoid_ratio !== undefined) {
    summary('androidGynoidRatio', response.android_gynoid_ratio, null, response.android_gynoid_ratio, 'android_gynoid_ratio');
  }
  items.push(regionItem(id(), 'total', 'total', total));

  const seen = new Set<DexaRegion>(['total']);
  for (const [key, region] of Object.entries(response.regions)) {
    const mapped = compositionRegion(key.replace(/[_-]+/g, ' '));
    if (mapped === null || mapped === 'skip') {
      warnings.push(`regions.${key}: no dexa_region for this key; left out`);
      continue;
    }
    if (seen.has(mapped)) {
      warnings.push(`regions.${key}: ${mapped} was already read; left out`);
      continue;
    }
    seen.add(mapped);
    items.push(regionItem(id(), mapped, `regions.${key}`, region));
  }
  const parts = round6(total.fat_mass_kg + total.lean_mass_kg + total.bone_mass_kg);
  if (Math.abs(parts - total.total_mass_kg) > 0.02 * total.total_mass_kg + 0.05) {
    warnings.push(`total: fat + lean + bone (${parts} kg) does not add up to total_mass_kg (${total.total_mass_kg} kg)`);
  }
  return { kind: 'dexa', family: 'bodyspec', header: { provider: 'BodySpec', specimenId: response.result_id }, items, unreadLines: [], warnings };
}
