import { z } from 'zod';
import type { LocalClock } from '../../time/localTime';
import { measurement, parseWith } from '../shared/rowTools';
import type { MeasurementRow } from '../types';
import { fitbitLocalToUtc } from './sleep';

// Fitbit Web API body weight logs (GET /1/user/-/body/log/weight/date/<start>/<end>.json).
// Fitbit answers in the unit system of the Accept-Language header (en_US: pounds, en_GB: stone);
// we send none, which means METRIC: weight in kg. date + time are local; the zone the user was in then
// makes them UTC. Not mapped: logId, source ("Aria", "API", "Web").

export const fitbitWeightSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  time: z.string().regex(/^\d{2}:\d{2}:\d{2}$/, 'expected hh:mm:ss').nullish(),
  weight: z.number(),
  bmi: z.number().nullish(),
  fat: z.number().nullish(),
  logId: z.number().nullish(),
});

export function mapFitbitWeight(json: unknown, clock: LocalClock, warnings: string[]): MeasurementRow[] {
  const body = parseWith(z.object({ weight: z.array(fitbitWeightSchema) }), json, 'fitbit weight');
  return body.weight.flatMap((w) => {
    const at = new Date(fitbitLocalToUtc(`${w.date}T${w.time ?? '00:00:00'}`, clock));
    const where = `fitbit weight ${at.toISOString()}`;
    return [
      measurement('fitbit', 'weight', w.weight, 'kg', at, warnings, where),
      measurement('fitbit', 'bmi', w.bmi, 'kg/m2', at, warnings, where),
      measurement('fitbit', 'body_fat_pct', w.fat, '%', at, warnings, where),
    ].filter((m): m is MeasurementRow => m !== undefined);
  });
}
