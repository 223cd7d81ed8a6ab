import { z } from 'zod';
import { measurement, parseWith } from '../shared/rowTools';
import type { MeasurementRow } from '../types';
import { num } from './common';

// WHOOP body measurement (GET /v2/user/measurement/body): the profile's current height and
// weight, with no date. Stored as measurements at measuredAt (the caller passes the sync day), so
// a value is recorded once a day at most and never back-dated into history.
//
// not mapped: max_heart_rate (WHOOP's computed maximum; no measurement metric or column holds it).

const bodyRecord = z.object({ height_meter: num, weight_kilogram: num, max_heart_rate: num }).loose();

export function mapBody(json: unknown, measuredAt: Date): { measurements: MeasurementRow[]; warnings: string[] } {
  const b = parseWith(bodyRecord, json, 'whoop body measurement');
  const warnings: string[] = [];
  const where = `whoop body measurement ${measuredAt.toISOString().slice(0, 10)}`;
  const rows = [measurement('whoop', 'weight', b.weight_kilogram, 'kg', measuredAt, warnings, where), measurement('whoop', 'height', b.height_meter, 'm', measuredAt, warnings, where)];
  return { measurements: rows.filter((r): r is MeasurementRow => r !== undefined), warnings };
}
