import { z } from 'zod';
import { epochSeconds, measurement, parseWith } from '../shared/rowTools';
import type { MeasurementRow } from '../types';
import { withingsAttribution } from './attribution';

// Withings Measure - Getmeas (POST /measure action=getmeas): groups of measures taken together,
// each value = value x 10^unit in the type's unit. Category 1 is a real measurement, 2 a user
// objective (skipped, with a warning). measured_at is the group's date (UTC epoch seconds).
// attrib says how the group was attributed to the user; what is kept of each value, and why, is in
// attribution.ts (1, a shared scale's ambiguous weigh-in, and undocumented values are skipped; of 4,
// the sign-up entry, only the height is kept).
// Type -> metric (Withings measure type table):
//   1 weight kg, 4 height m, 5 fat free mass kg -> lean_mass, 6 fat ratio % -> body_fat_pct,
//   9 diastolic / 10 systolic blood pressure mmHg, 11 heart pulse bpm -> heart_rate,
//   12 temperature and 71 body temperature degC -> body_temperature, 54 SpO2 %,
//   76 muscle mass kg, 77 hydration (kg of water) -> body_water_pct when the group has a weight,
//   88 bone mass kg, 91 pulse wave velocity m/s, 123 VO2 max ml/min/kg, 170 visceral fat.
// Not mapped (no metric): 8 fat mass weight (kg; derivable from 1 and 6), 73 skin temperature,
// 130-139 ECG intervals and AFib flags, 155 vascular age, 167 nerve health, 168/169 extra- and
// intracellular water, 174/175 segmental fat/muscle, 226 basal metabolic rate, 227 metabolic
// age, older undocumented types (18); group fields grpid, created, deviceid, comment.

const TYPES: Record<number, { metric: string; unit: string }> = {
  1: { metric: 'weight', unit: 'kg' },
  4: { metric: 'height', unit: 'm' },
  5: { metric: 'lean_mass', unit: 'kg' },
  6: { metric: 'body_fat_pct', unit: '%' },
  9: { metric: 'blood_pressure_diastolic', unit: 'mmHg' },
  10: { metric: 'blood_pressure_systolic', unit: 'mmHg' },
  11: { metric: 'heart_rate', unit: 'bpm' },
  12: { metric: 'body_temperature', unit: 'degC' },
  54: { metric: 'spo2', unit: '%' },
  71: { metric: 'body_temperature', unit: 'degC' },
  76: { metric: 'muscle_mass', unit: 'kg' },
  88: { metric: 'bone_mass', unit: 'kg' },
  91: { metric: 'pulse_wave_velocity', unit: 'm/s' },
  123: { metric: 'vo2_max', unit: 'ml/min/kg' },
  170: { metric: 'visceral_fat_rating', unit: 'rating' },
};
const HYDRATION = 77;

export const withingsGroupSchema = z.object({
  grpid: z.number().nullish(),
  date: epochSeconds,
  modified: epochSeconds.nullish(),
  category: z.number(),
  attrib: z.number().nullish(),
  // unit is a power of ten (-3 for grams as kg); fuzzing sent 1e308, which toFixed cannot take.
  measures: z.array(z.object({ value: z.number(), type: z.number(), unit: z.number().int().min(-20).max(20) })),
});
export const withingsMeasureBodySchema = z.object({
  measuregrps: z.array(withingsGroupSchema),
  more: z.union([z.number(), z.boolean()]).nullish(),
  offset: z.number().nullish(),
  timezone: z.string().nullish(),
});

/** value x 10^unit, rounded to the unit's decimals so 72345 x 10^-3 is exactly 72.345. */
export const withingsValue = (value: number, unit: number) => (unit < 0 ? Number((value / 10 ** -unit).toFixed(-unit)) : value * 10 ** unit);

/** Maps a getmeas body ({measuregrps, more, offset, timezone}) to measurements rows. */
export function mapWithingsMeasures(body: unknown, warnings: string[]): MeasurementRow[] {
  const parsed = parseWith(withingsMeasureBodySchema, body, 'withings getmeas');
  const rows: MeasurementRow[] = [];
  const unknown = new Set<number>();
  for (const g of parsed.measuregrps) {
    const at = new Date(g.date * 1000);
    const where = `withings measure group ${g.grpid ?? at.toISOString()}`;
    if (g.category !== 1) {
      warnings.push(`${where}: category ${g.category} (${g.category === 2 ? 'a user objective' : 'not a measurement'}); skipped`);
      continue;
    }
    const attribution = withingsAttribution(g.attrib);
    if (attribution.kind === 'skip') {
      warnings.push(`${where}: ${attribution.reason}; skipped`);
      continue;
    }
    let measures = g.measures;
    if (attribution.kind === 'only') {
      const left = measures.filter((m) => !attribution.types.has(m.type));
      if (left.length > 0) warnings.push(`${where}: ${attribution.reason}: ${left.map((m) => TYPES[m.type]?.metric ?? `type ${m.type}`).join(', ')} not stored`);
      measures = measures.filter((m) => attribution.types.has(m.type));
    }
    const seen = new Set<string>();
    for (const m of measures) {
      const type = TYPES[m.type];
      if (!type) {
        if (m.type !== HYDRATION) unknown.add(m.type);
        continue;
      }
      if (seen.has(type.metric)) continue;
      seen.add(type.metric);
      const row = measurement('withings', type.metric, withingsValue(m.value, m.unit), type.unit, at, warnings, where);
      if (row) rows.push(row);
    }
    const water = measures.find((m) => m.type === HYDRATION);
    if (water) {
      const weight = measures.find((m) => m.type === 1);
      if (weight) {
        const pct = (withingsValue(water.value, water.unit) / withingsValue(weight.value, weight.unit)) * 100;
        const row = measurement('withings', 'body_water_pct', Math.round(pct * 10) / 10, '%', at, warnings, where);
        if (row) rows.push(row);
      } else warnings.push(`${where}: hydration without a weight in the group; not stored`);
    }
  }
  for (const t of unknown) warnings.push(`withings.measure type ${t}: no metric`);
  return rows;
}
