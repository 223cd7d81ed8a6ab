import type { Pool, PoolClient } from 'pg';
import { inRequestTransaction } from '../db/requestContext';
import { type ActivityType, activityTypeOf, knownActivityType } from '../validation/activityTypes';
import { type Range, ranges, weightLbs } from '../validation/bounds';

// fit-file-parser ships a CommonJS build (dist/cjs) beside its ESM one; jest can only load the former.
const { default: FitParser } = require('fit-file-parser') as { default: new (options: Record<string, unknown>) => { parseAsync(content: Buffer): Promise<{ messages?: Record<string, unknown> }> } };

export interface FitImportOptions {
  userId: string;
  data: Buffer;
  source?: 'garmin' | 'fit_file';
  requestId?: string;
}

export interface FitImportSummary {
  activities: { inserted: number; updated: number; skipped: number };
  measurements: { inserted: number; updated: number; skipped: number };
  warnings: string[];
}

/** A file that is not a readable FIT file. Nothing was written. */
export class FitImportError extends Error {
  override name = 'FitImportError';
}

type Msg = Record<string, unknown>;

const num = (m: Msg, ...keys: string[]): number | undefined => {
  for (const k of keys) {
    const v = m[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
};
const date = (m: Msg, key: string): Date | undefined => {
  const v = m[key];
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v : undefined;
};
/** A message_index-typed field: a number, or the decoder's { value, reserved, selected }. */
const indexOf = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'object' && v !== null && typeof (v as Msg).value === 'number' ? ((v as Msg).value as number) : undefined);
const list = (messages: Record<string, unknown>, key: string): Msg[] => {
  const v = messages[key];
  return Array.isArray(v) ? v.filter((x): x is Msg => typeof x === 'object' && x !== null) : [];
};

/**
 * FIT names (as the decoder spells them) that the shared vocabulary does not cover. Sub-sport
 * wins over sport; "treadmill" and "trail" are only running sub-sports when the sport is running
 * (or generic), so they fall back to the sport otherwise.
 */
const SUB_SPORTS: Record<string, ActivityType> = {
  treadmill: 'treadmill_running',
  trail: 'trail_running',
  virtual_activity: 'indoor_cycling',
  mountain: 'mountain_biking',
  downhill: 'mountain_biking',
  open_water: 'open_water_swimming',
  cardio_training: 'functional_training',
  breathing: 'breathwork',
};
const SPORTS: Record<string, ActivityType> = {
  training: 'strength_training',
  fitness_equipment: 'functional_training',
};
const RUNNING_ONLY = new Set<ActivityType>(['treadmill_running', 'trail_running']);

export function fitActivityType(sport: unknown, subSport: unknown): ActivityType {
  const fromSport = typeof sport === 'string' ? activityTypeOf(sport, SPORTS) : 'other';
  const fromSub = typeof subSport === 'string' ? knownActivityType(subSport, SUB_SPORTS) : undefined;
  if (!fromSub || fromSub === 'other') return fromSport;
  if (RUNNING_ONLY.has(fromSub) && sport !== 'running' && sport !== 'generic') return fromSport;
  return fromSub;
}

/** Column bounds beyond bounds.ts: the remaining CHECKs and the numeric() precisions. */
const extraRanges: Record<string, Range> = {
  avg_power_watts: { min: 0, max: 3000, integer: true },
  normalized_power_watts: { min: 0, max: 3000, integer: true },
  avg_pace_sec_per_km: { min: 0.01, max: 99999.99 },
  avg_speed_kmh: { min: 0, max: 999.99 },
  elevation_gain_m: { min: 0, max: 99999.99 },
  training_stress_score: { min: 0, max: 99999.9 },
};

const RUNNING = new Set(['running', 'trail_running', 'treadmill_running']);

/** Checks the header and the declared length ourselves so the common failures read clearly. */
function checkFraming(data: Buffer): void {
  if (data.length < 12) throw new FitImportError(`FIT file: is not a FIT file (only ${data.length} bytes)`);
  const headerSize = data[0]!;
  if ((headerSize !== 12 && headerSize !== 14) || data.toString('latin1', 8, 12) !== '.FIT') throw new FitImportError('FIT file: is not a FIT file (no ".FIT" header)');
  if (data.length < headerSize) throw new FitImportError('FIT file: ends unexpectedly inside the header');
  const dataSize = data.readUInt32LE(4);
  const expected = headerSize + dataSize + 2;
  if (data.length < expected) throw new FitImportError(`FIT file: ends unexpectedly (${data.length} of ${expected} bytes)`);
}

async function decode(data: Buffer): Promise<Record<string, unknown>> {
  checkFraming(data);
  try {
    const parsed = await new FitParser({ force: false, mode: 'list', speedUnit: 'm/s', lengthUnit: 'm', temperatureUnit: 'celsius' }).parseAsync(data);
    return parsed.messages ?? {};
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/exceeds input length|unexpected end|out of range|outside the bounds/i.test(message)) throw new FitImportError(`FIT file: ends unexpectedly (${message})`);
    throw new FitImportError(`FIT file: could not be decoded (${message})`);
  }
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** Keeps value when it lies in range (rounded first for integer columns), else warns and drops it. */
function bounded(column: string, value: number | undefined, range: Range, warnings: string[], where: string): number | undefined {
  if (value === undefined) return undefined;
  const v = range.integer ? Math.round(value) : value;
  if (v < range.min || v > range.max) {
    warnings.push(`${where}: ${column} ${value} is outside ${range.min}..${range.max}; dropped`);
    return undefined;
  }
  return v;
}

const jsonSafe = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;

function activityRows(messages: Record<string, unknown>, source: string, warnings: string[]): Record<string, unknown>[] {
  const sessions = list(messages, 'session');
  if (sessions.length === 0) return [];
  const fileId = list(messages, 'file_id')[0];
  const activity = list(messages, 'activity')[0];
  // FIT local_timestamp is local wall-clock time in FIT seconds; its difference from timestamp is the UTC offset.
  const actTs = activity && date(activity, 'timestamp');
  const actLocal = activity && date(activity, 'local_timestamp');
  const offsetMs = actTs && actLocal ? actLocal.getTime() - actTs.getTime() : 0;
  const serial = fileId ? num(fileId, 'serial_number') : undefined;
  const created = fileId ? date(fileId, 'time_created') : undefined;
  const zoneMsgs = list(messages, 'time_in_zone');
  const rows: Record<string, unknown>[] = [];
  sessions.forEach((s, index) => {
    const start = date(s, 'start_time') ?? date(s, 'timestamp');
    if (!start) {
      warnings.push(`session ${index}: no start_time; skipped`);
      return;
    }
    const where = `session ${index} (${start.toISOString()})`;
    const startSec = Math.floor(start.getTime() / 1000);
    const sourceActivityId = serial !== undefined && created ? `fit:${serial}:${Math.floor(created.getTime() / 1000)}:${startSec}` : `fit:start:${startSec}`;
    const activityType = fitActivityType(s.sport, s.sub_sport);
    const r = ranges.wearable_activities;
    const timer = num(s, 'total_timer_time');
    const elapsed = num(s, 'total_elapsed_time');
    const end = elapsed !== undefined ? new Date(start.getTime() + Math.round(elapsed * 1000)) : date(s, 'timestamp');
    const speed = num(s, 'enhanced_avg_speed', 'avg_speed');
    const row: Record<string, unknown> = {
      activity_date: new Date(start.getTime() + offsetMs).toISOString().slice(0, 10),
      source,
      source_activity_id: sourceActivityId,
      activity_type: activityType,
      start_time: start.toISOString(),
      end_time: end && end >= start ? end.toISOString() : null,
      duration_seconds: bounded('duration_seconds', timer, r.duration_seconds, warnings, where),
      distance_m: bounded('distance_m', num(s, 'total_distance') !== undefined ? round(num(s, 'total_distance')!, 2) : undefined, r.distance_m, warnings, where),
      calories_kcal: bounded('calories_kcal', num(s, 'total_calories'), r.calories_kcal, warnings, where),
      avg_hr_bpm: bounded('avg_hr_bpm', num(s, 'avg_heart_rate'), r.avg_hr_bpm, warnings, where),
      max_hr_bpm: bounded('max_hr_bpm', num(s, 'max_heart_rate'), r.max_hr_bpm, warnings, where),
      avg_power_watts: bounded('avg_power_watts', num(s, 'avg_power'), extraRanges.avg_power_watts!, warnings, where),
      normalized_power_watts: bounded('normalized_power_watts', num(s, 'normalized_power'), extraRanges.normalized_power_watts!, warnings, where),
      elevation_gain_m: bounded('elevation_gain_m', num(s, 'total_ascent'), extraRanges.elevation_gain_m!, warnings, where),
      avg_speed_kmh: bounded('avg_speed_kmh', speed !== undefined ? round(speed * 3.6, 2) : undefined, extraRanges.avg_speed_kmh!, warnings, where),
      avg_pace_sec_per_km: RUNNING.has(activityType) && speed !== undefined && speed > 0 ? bounded('avg_pace_sec_per_km', round(1000 / speed, 2), extraRanges.avg_pace_sec_per_km!, warnings, where) : undefined,
      training_effect_aerobic: bounded('training_effect_aerobic', num(s, 'total_training_effect'), r.training_effect_aerobic, warnings, where),
      training_effect_anaerobic: bounded('training_effect_anaerobic', num(s, 'total_anaerobic_training_effect'), r.training_effect_anaerobic, warnings, where),
      training_stress_score: bounded('training_stress_score', num(s, 'training_stress_score'), extraRanges.training_stress_score!, warnings, where),
      raw_data: jsonSafe(s),
    };
    // Time in HR zones: the session's own field, else a time_in_zone message that refers to this session.
    let zones = Array.isArray(s.time_in_hr_zone) ? (s.time_in_hr_zone as unknown[]) : undefined;
    if (!zones) {
      const msgIndex = indexOf(s.message_index) ?? index;
      const z = zoneMsgs.find((m) => m.reference_mesg === 'session' && (indexOf(m.reference_index) ?? 0) === msgIndex);
      if (z && Array.isArray(z.time_in_hr_zone)) zones = z.time_in_hr_zone as unknown[];
    }
    if (zones) {
      // Garmin writes zone 0 (below zone 1) first when there are six or more entries.
      const first = zones.length >= 6 ? 1 : 0;
      for (let zone = 1; zone <= 5; zone++) {
        const v = zones[first + zone - 1];
        if (typeof v === 'number' && Number.isFinite(v) && v >= 0) row[`hr_zone_${zone}_seconds`] = Math.round(v);
      }
    }
    for (const [k, v] of Object.entries(row)) if (v === undefined) delete row[k];
    rows.push(row);
  });
  return rows;
}

interface MeasurementRow {
  metric: string;
  value: number;
  unit: string;
  measured_at: string;
}

function measurementRows(messages: Record<string, unknown>, warnings: string[]): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  list(messages, 'weight_scale').forEach((w, index) => {
    const at = date(w, 'timestamp');
    if (!at) {
      warnings.push(`weight_scale ${index}: no timestamp; skipped`);
      return;
    }
    const where = `weight_scale ${at.toISOString()}`;
    const add = (metric: string, value: number | undefined, unit: string, range: Range, asLbs = false) => {
      if (value === undefined) return;
      const checked = bounded(metric, asLbs ? value / 0.45359237 : value, range, warnings, where);
      if (checked !== undefined) rows.push({ metric, value: round(value, 3), unit, measured_at: at.toISOString() });
    };
    add('weight', num(w, 'weight'), 'kg', weightLbs, true);
    add('body_fat_pct', num(w, 'percent_fat'), '%', { min: 0, max: 100 });
    add('body_water_pct', num(w, 'percent_hydration'), '%', { min: 0, max: 100 });
    add('muscle_mass', num(w, 'muscle_mass'), 'kg', { min: 0, max: 500 });
    add('bone_mass', num(w, 'bone_mass'), 'kg', { min: 0, max: 100 });
  });
  return rows;
}

async function write(client: PoolClient, userId: string, source: string, activities: Record<string, unknown>[], measurements: MeasurementRow[], summary: FitImportSummary): Promise<void> {
  if (activities.length > 0) {
    const { rows } = await client.query<{ inserted: number; updated: number; skipped: number }>('select * from vitalis.upsert_wearable_activities($1::jsonb)', [JSON.stringify(activities)]);
    const r = rows[0];
    if (r) summary.activities = { inserted: r.inserted, updated: r.updated, skipped: r.skipped };
  }
  if (measurements.length > 0) {
    const { rows } = await client.query<{ inserted: number; updated: number; skipped: number }>('select * from vitalis.upsert_measurements($1::jsonb)', [
      JSON.stringify(measurements.map((m) => ({ ...m, user_id: userId, source }))),
    ]);
    const r = rows[0];
    if (r) summary.measurements = { inserted: r.inserted, updated: r.updated, skipped: r.skipped };
  }
}

/**
 * Imports a FIT file: each session of an activity file becomes a wearable_activities row (via
 * vitalis.upsert_wearable_activities, idempotent per file serial/time_created/session start) and
 * each weight_scale message becomes measurements rows (idempotent on the measurements key). Runs
 * in one transaction as the user (role vitalis_api). An unreadable file throws FitImportError
 * ("FIT file: ...") and writes nothing; out-of-range values are dropped with a warning.
 */
export async function importFit(pool: Pool, opts: FitImportOptions): Promise<FitImportSummary> {
  const source = opts.source ?? 'fit_file';
  if (source !== 'garmin' && source !== 'fit_file') throw new FitImportError(`FIT file: source must be "garmin" or "fit_file", got "${String(source)}"`);
  if (!Buffer.isBuffer(opts.data)) throw new FitImportError('FIT file: data must be a Buffer');
  const messages = await decode(opts.data);
  const summary: FitImportSummary = { activities: { inserted: 0, updated: 0, skipped: 0 }, measurements: { inserted: 0, updated: 0, skipped: 0 }, warnings: [] };
  const activities = activityRows(messages, source, summary.warnings);
  const measurements = measurementRows(messages, summary.warnings);
  if (activities.length === 0 && measurements.length === 0) {
    summary.warnings.push('FIT file has no session or weight_scale messages; nothing imported');
    return summary;
  }
  await inRequestTransaction(pool, { role: 'vitalis_api', userId: opts.userId, requestId: opts.requestId }, (client) => write(client, opts.userId, source, activities, measurements, summary));
  return summary;
}
