// Weight-scale and blood-pressure files: each weigh-in or reading becomes measurements rows.
// Fields with no measurement metric are counted as not imported, by name.
import { measurementBounds } from '../../validation/bounds';
import type { Skip } from './sessions';
import { bounded, date, list, type Msg, num, outsideWindow, round } from './values';

export interface MeasurementRow {
  metric: string;
  value: number;
  unit: string;
  measured_at: string;
}

/** SDK field -> metric and unit. Weight is bounded in pounds (the CHECK's unit), stored in kg. */
const WEIGHT_SCALE: [field: string, metric: string, unit: string][] = [
  ['weight', 'weight', 'kg'],
  ['percentFat', 'body_fat_pct', '%'],
  ['percentHydration', 'body_water_pct', '%'],
  ['muscleMass', 'muscle_mass', 'kg'],
  ['boneMass', 'bone_mass', 'kg'],
  ['visceralFatRating', 'visceral_fat_rating', ''],
  ['bmi', 'bmi', 'kg/m2'],
];
const BLOOD_PRESSURE: [field: string, metric: string, unit: string][] = [
  ['systolicPressure', 'blood_pressure_systolic', 'mmHg'],
  ['diastolicPressure', 'blood_pressure_diastolic', 'mmHg'],
  ['heartRate', 'heart_rate', 'bpm'],
];
/** Fields that identify or time the message rather than measure the body. */
const NOT_MEASURES = new Set(['timestamp', 'userProfileIndex', 'developerFields', 'status', 'heartRateType']);

function rowsOf(kind: string, messages: Msg[], fields: [string, string, string][], warnings: string[], skipped: Skip[]): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  const unmapped = new Map<string, number>();
  messages.forEach((m, index) => {
    const at = date(m, 'timestamp');
    if (!at) {
      skipped.push({ reason: `${kind} ${index}: no timestamp`, count: 1 });
      return;
    }
    const outside = outsideWindow(at);
    if (outside) {
      skipped.push({ reason: `${kind} ${index}: timestamp ${outside}`, count: 1 });
      return;
    }
    const where = `${kind} ${at.toISOString()}`;
    for (const [field, metric, unit] of fields) {
      const value = num(m, field);
      if (value === undefined) continue;
      const bound = measurementBounds[metric]!;
      const judged = metric === 'weight' ? value / 0.45359237 : value;
      if (bounded(metric, judged, bound.range, warnings, where) !== undefined) rows.push({ metric, value: round(value, 3), unit, measured_at: at.toISOString() });
    }
    for (const key of Object.keys(m)) if (!NOT_MEASURES.has(key) && !fields.some(([f]) => f === key) && m[key] !== undefined) unmapped.set(key, (unmapped.get(key) ?? 0) + 1);
  });
  for (const [key, count] of unmapped) skipped.push({ reason: `${kind} field ${key}: no measurement metric for it`, count });
  return rows;
}

/** `file`: "file 2 " for the second FIT file of a chained file; '' otherwise. */
export function measurementRows(messages: Msg, warnings: string[], skipped: Skip[], file = ''): MeasurementRow[] {
  return [
    ...rowsOf(`${file}weight_scale`, list(messages.weightScaleMesgs), WEIGHT_SCALE, warnings, skipped),
    ...rowsOf(`${file}blood_pressure`, list(messages.bloodPressureMesgs), BLOOD_PRESSURE, warnings, skipped),
  ];
}
