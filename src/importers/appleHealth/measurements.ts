import { type Range, weightLbs } from '../../validation/bounds';
import { outOfRange, type Tally } from './tally';
import { fractionToPct, round, toCelsius, toKg } from './units';

export interface MeasurementRow {
  metric: string;
  value: number;
  unit: string;
  measured_at: string;
}

const Q = 'HKQuantityTypeIdentifier';
const LBS_PER_KG = 1 / 0.45359237;
// bounds.ts only bounds weight; the other metrics get plausibility ranges of their own, in the
// unit the check is made in (after the conversion shown).
const BODY_FAT: Range = { min: 1, max: 80 };
const LEAN_MASS_LBS: Range = { min: 10, max: 1000 };
const BMI: Range = { min: 5, max: 150 };
const HEIGHT_CM: Range = { min: 30, max: 300 };
const SYSTOLIC: Range = { min: 40, max: 300 };
const DIASTOLIC: Range = { min: 20, max: 250 };
const TEMPERATURE_C: Range = { min: 25, max: 45 };

/** Mass stored in the unit Apple wrote (lb -> "lbs", kg); checked in pounds like the weight CHECK. */
function mass(metric: string, value: number, unit: string | undefined, range: Range, tally: Tally, where: string): Mapped {
  const kg = toKg(value, unit);
  if (kg === undefined) return undefined;
  if (tally.bounded('measurements', metric, kg * LBS_PER_KG, range, where) === undefined) return outOfRange('measurements', metric, range);
  return unit === 'lb' ? { metric, value: round(value, 3), unit: 'lbs' } : { metric, value: round(kg, 3), unit: 'kg' };
}

/** The row without its instant, undefined for an unknown unit, or the reason it is out of range. */
type Mapped = Omit<MeasurementRow, 'measured_at'> | undefined | string;
type Mapper = (value: number, unit: string | undefined, tally: Tally, where: string) => Mapped;

const checked = (metric: string, value: number, check: number, range: Range, unit: string, tally: Tally, where: string): Mapped =>
  tally.bounded('measurements', metric, check, range, where) === undefined ? outOfRange('measurements', metric, range) : { metric, value: round(value, 3), unit };

/** Record types that become measurements; a mapper returns undefined for an unknown unit, a reason when out of range. */
const MAPPERS: Record<string, Mapper> = {
  [`${Q}BodyMass`]: (v, u, t, w) => mass('weight', v, u, weightLbs, t, w),
  [`${Q}LeanBodyMass`]: (v, u, t, w) => mass('lean_mass', v, u, LEAN_MASS_LBS, t, w),
  [`${Q}BodyFatPercentage`]: (v, u, t, w) => { const p = fractionToPct(v, u); return p === undefined ? undefined : checked('body_fat_pct', p, p, BODY_FAT, '%', t, w); },
  [`${Q}BodyMassIndex`]: (v, u, t, w) => (u === 'count' || u === undefined ? checked('bmi', v, v, BMI, 'kg/m2', t, w) : undefined),
  [`${Q}Height`]: (v, u, t, w) => {
    const cm = u === 'cm' ? v : u === 'm' ? v * 100 : u === 'in' ? v * 2.54 : u === 'ft' ? v * 30.48 : undefined;
    return cm === undefined ? undefined : checked('height', cm, cm, HEIGHT_CM, 'cm', t, w);
  },
  [`${Q}BloodPressureSystolic`]: (v, u, t, w) => (u === 'mmHg' ? checked('blood_pressure_systolic', v, v, SYSTOLIC, 'mmHg', t, w) : undefined),
  [`${Q}BloodPressureDiastolic`]: (v, u, t, w) => (u === 'mmHg' ? checked('blood_pressure_diastolic', v, v, DIASTOLIC, 'mmHg', t, w) : undefined),
  [`${Q}BodyTemperature`]: (v, u, t, w) => { const c = toCelsius(v, u); return c === undefined ? undefined : checked('body_temperature', v, c, TEMPERATURE_C, u!, t, w); },
};

export const isMeasurementType = (type: string): boolean => type in MAPPERS;

/**
 * A measurement row, or the reason there is none (also counted in the tally). measured_at is the
 * record's start (an instant, stored with its offset applied); the unit is kept as written where
 * the column allows it.
 */
export function measurementRow(type: string, value: number, unit: string | undefined, measuredAt: number, tally: Tally, where: string): MeasurementRow | string {
  const mapped = MAPPERS[type]!(value, unit, tally, where);
  if (typeof mapped === 'string') return mapped;
  if (mapped === undefined) {
    tally.skip(`${type}: unknown unit "${unit ?? ''}"`, where);
    return `unknown unit "${unit ?? ''}"`;
  }
  return { ...mapped, measured_at: new Date(measuredAt).toISOString() };
}
