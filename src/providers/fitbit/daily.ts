import { z } from 'zod';
import { boundedRow, parseWith, ProviderFormatError } from '../shared/rowTools';
import type { DailyRow } from '../types';

// Fitbit Web API daily values, one endpoint per metric, merged into one wearable_daily row per day:
//   /1/user/-/activities/<resource>/date/<start>/<end>.json  {"activities-<resource>": [{dateTime, value: "123"}]}
//   /1/user/-/activities/heart/date/...   {"activities-heart": [{dateTime, value: {restingHeartRate, heartRateZones}}]}
//   /1/user/-/hrv/date/...                {"hrv": [{dateTime, value: {dailyRmssd, deepRmssd}}]}   (RMSSD, ms)
//   /1/user/-/spo2/date/...               [{dateTime, value: {avg, min, max}}]
//   /1/user/-/br/date/...                 {"br": [{dateTime, value: {breathingRate}}]}
// Units are metric because no Accept-Language header is sent: distance in km (stored in metres).
// Not mapped (no column): heartRateZones, customHeartRateZones, deepRmssd, spo2 max,
// minutesLightlyActive, minutesSedentary, elevation. active_minutes = fairly + very active.
// Time series answer every day of the range; a day without steps, heart rate, HRV, SpO2 or
// breathing rate is a day the tracker was not worn (Fitbit still reports estimated BMR calories)
// and gets no row.

/** Time-series resource -> the column it fills, and the factor from Fitbit's metric unit. */
export const FITBIT_SERIES = {
  steps: { column: 'steps', factor: 1 },
  distance: { column: 'distance_m', factor: 1000 },
  floors: { column: 'floors_climbed', factor: 1 },
  calories: { column: 'total_calories_kcal', factor: 1 },
  activityCalories: { column: 'active_calories_kcal', factor: 1 },
  minutesFairlyActive: { column: 'moderate_intensity_minutes', factor: 1 },
  minutesVeryActive: { column: 'vigorous_intensity_minutes', factor: 1 },
} as const;
export type FitbitSeries = keyof typeof FITBIT_SERIES;

export interface DayPart {
  date: string;
  values: Record<string, number | null | undefined>;
  raw: Record<string, unknown>;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');
const num = z.number().nullish();
const entries = <T extends z.ZodType>(value: T) => z.array(z.object({ dateTime: date, value }));

export function fitbitSeriesParts(resource: FitbitSeries, json: unknown): DayPart[] {
  const key = `activities-${resource}`;
  const body = parseWith(z.object({ [key]: entries(z.union([z.string(), z.number()])) }), json, `fitbit ${resource}`) as Record<string, { dateTime: string; value: string | number }[]>;
  const { column, factor } = FITBIT_SERIES[resource];
  return body[key]!.map((e) => {
    const n = Number(e.value);
    if (!Number.isFinite(n)) throw new ProviderFormatError(`fitbit ${resource}: ${e.dateTime}.value: expected a number, got "${e.value}"`);
    return { date: e.dateTime, values: { [column]: n * factor }, raw: { [resource]: e.value } };
  });
}

export function fitbitHeartParts(json: unknown): DayPart[] {
  const body = parseWith(z.object({ 'activities-heart': entries(z.looseObject({ restingHeartRate: num })) }), json, 'fitbit heart');
  return body['activities-heart'].map((e) => ({ date: e.dateTime, values: { resting_hr_bpm: e.value.restingHeartRate }, raw: { heart: e.value } }));
}

export function fitbitHrvParts(json: unknown): DayPart[] {
  const body = parseWith(z.object({ hrv: entries(z.object({ dailyRmssd: num, deepRmssd: num })) }), json, 'fitbit hrv');
  return body.hrv.map((e) => ({ date: e.dateTime, values: { hrv_rmssd_ms: e.value.dailyRmssd }, raw: { hrv: e.value } }));
}

export function fitbitSpo2Parts(json: unknown): DayPart[] {
  // A one-day request answers a single object, a range an array; a day without a reading may
  // answer an empty object, which is no entry, not a malformed one.
  const empty = json !== null && typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 0;
  const list = Array.isArray(json) ? json : empty ? [] : [json];
  return parseWith(entries(z.object({ avg: num, min: num, max: num })), list, 'fitbit spo2').map((e) => ({ date: e.dateTime, values: { spo2_avg_pct: e.value.avg, spo2_min_pct: e.value.min }, raw: { spo2: e.value } }));
}

export function fitbitBreathingParts(json: unknown): DayPart[] {
  const body = parseWith(z.object({ br: entries(z.object({ breathingRate: num })) }), json, 'fitbit br');
  return body.br.map((e) => ({ date: e.dateTime, values: { respiratory_rate_avg: e.value.breathingRate }, raw: { br: e.value } }));
}

/** Merges the parts into one row per date (bounds checked); raw_data keeps each endpoint's entry. */
export function mergeFitbitDaily(parts: DayPart[], warnings: string[]): DailyRow[] {
  const byDate = new Map<string, { values: Record<string, unknown>; raw: Record<string, unknown> }>();
  for (const p of parts) {
    const day = byDate.get(p.date) ?? { values: {}, raw: {} };
    for (const [k, v] of Object.entries(p.values)) if (v !== null && v !== undefined) day.values[k] = v;
    Object.assign(day.raw, p.raw);
    byDate.set(p.date, day);
  }
  const worn = (v: Record<string, unknown>) => Number(v.steps ?? 0) > 0 || ['resting_hr_bpm', 'hrv_rmssd_ms', 'spo2_avg_pct', 'respiratory_rate_avg'].some((k) => v[k] !== undefined);
  return [...byDate.entries()]
    .filter(([, day]) => worn(day.values))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, day]) => {
      const fairly = day.values.moderate_intensity_minutes as number | undefined;
      const very = day.values.vigorous_intensity_minutes as number | undefined;
      const active = fairly !== undefined || very !== undefined ? (fairly ?? 0) + (very ?? 0) : undefined;
      const distance = day.values.distance_m as number | undefined;
      return boundedRow('wearable_daily', `fitbit daily ${d}`, { ...day.values, date: d, source: 'fitbit' as const, active_minutes: active, distance_m: distance !== undefined ? Math.round(distance) : undefined, raw_data: day.raw }, warnings);
    });
}
