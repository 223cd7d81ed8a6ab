import { z } from 'zod';
import type { MeasurementRow } from '../types';
import { measurement, parseWith, epochSeconds } from '../shared/rowTools';

// Garmin Health API body composition summaries (GET /bodyComps, backfill and push "bodyComps").
// Masses come in GRAMS and are stored in kg.
// Not mapped: measurementTimeOffsetInSeconds (measured_at is the UTC instant), summaryId.

const num = z.number().nullish();
export const garminBodyCompSchema = z.object({
  userId: z.string().nullish(),
  summaryId: z.string().nullish(),
  measurementTimeInSeconds: epochSeconds,
  measurementTimeOffsetInSeconds: num,
  weightInGrams: num,
  bodyFatInPercent: num,
  muscleMassInGrams: num,
  boneMassInGrams: num,
  bodyWaterInPercent: num,
  bodyMassIndex: num,
});

const kg = (grams: number | null | undefined) => (grams == null ? undefined : grams / 1000);

/** Maps a JSON array of Garmin body composition summaries to measurements rows. */
export function mapGarminBodyComps(json: unknown, warnings: string[]): MeasurementRow[] {
  const items = parseWith(z.array(garminBodyCompSchema), json, 'garmin bodyComps');
  return items.flatMap((b) => {
    const at = new Date(b.measurementTimeInSeconds * 1000);
    const where = `garmin bodyComps ${at.toISOString()}`;
    return [
      measurement('garmin', 'weight', kg(b.weightInGrams), 'kg', at, warnings, where),
      measurement('garmin', 'body_fat_pct', b.bodyFatInPercent, '%', at, warnings, where),
      measurement('garmin', 'muscle_mass', kg(b.muscleMassInGrams), 'kg', at, warnings, where),
      measurement('garmin', 'bone_mass', kg(b.boneMassInGrams), 'kg', at, warnings, where),
      measurement('garmin', 'body_water_pct', b.bodyWaterInPercent, '%', at, warnings, where),
      measurement('garmin', 'bmi', b.bodyMassIndex, 'kg/m2', at, warnings, where),
    ].filter((m): m is MeasurementRow => m !== undefined);
  });
}
