// Activity and activity-summary files: each session message becomes a wearable_activities row.
// Values the session leaves out are derived from the session's own records (its time window),
// and raw_data.derived names them, so a file whose session lacks heart rate but whose records
// carry it still gets avg_hr_bpm / max_hr_bpm.
import { type Range, ranges } from '../../validation/bounds';
import { fitActivityType } from './activityType';
import { bounded, date, list, type Msg, num, outsideWindow, rawMessage, round } from './values';

/** Column bounds beyond bounds.ts: the remaining CHECKs and the numeric() precisions. */
const extraRanges = {
  avg_power_watts: { min: 0, max: 3000, integer: true },
  normalized_power_watts: { min: 0, max: 3000, integer: true },
  avg_pace_sec_per_km: { min: 0.01, max: 99999.99 },
  avg_speed_kmh: { min: 0, max: 999.99 },
  elevation_gain_m: { min: 0, max: 99999.99 },
  training_stress_score: { min: 0, max: 99999.9 },
} satisfies Record<string, Range>;

const RUNNING = new Set(['running', 'trail_running', 'treadmill_running']);

export interface Skip {
  reason: string;
  count: number;
}

/** A message_index-typed field: a number, or { value } in some decoders. */
const indexOf = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'object' && v !== null && typeof (v as Msg).value === 'number' ? ((v as Msg).value as number) : undefined);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
// Not Math.max(...xs): a day-long file at one record a second has more samples than a call takes arguments.
const max = (xs: number[]) => xs.reduce((a, b) => (b > a ? b : a), -Infinity);
const min = (xs: number[]) => xs.reduce((a, b) => (b < a ? b : a), Infinity);
const samples = (records: Msg[], ...keys: string[]) => records.map((r) => num(r, ...keys)).filter((v): v is number => v !== undefined);

/** What the session's records say, for the values the session itself leaves out. */
function recordFigures(records: Msg[], firstSession: boolean) {
  const hr = samples(records, 'heartRate').filter((v) => v > 0);
  const speed = samples(records, 'enhancedSpeed', 'speed');
  const distance = samples(records, 'distance');
  const power = samples(records, 'power');
  const times = records.map((r) => date(r, 'timestamp')).filter((d): d is Date => d !== undefined);
  return {
    avgHr: hr.length ? Math.round(mean(hr)) : undefined,
    maxHr: hr.length ? max(hr) : undefined,
    avgSpeed: speed.length ? mean(speed) : undefined,
    // record.distance accumulates over the whole file: a later session's share starts at its first record.
    distance: distance.length ? max(distance) - (firstSession ? 0 : min(distance)) : undefined,
    seconds: times.length > 1 ? (times[times.length - 1]!.getTime() - times[0]!.getTime()) / 1000 : undefined,
    /** Any non-zero power sample: a power meter was connected. */
    powerMeter: power.some((p) => p > 0),
    powerSamples: power.length,
    avgPower: power.some((p) => p > 0) ? Math.round(mean(power)) : undefined,
  };
}

/** The records inside [start, end] (every record when the file has one session and no end is known). */
function recordsOf(records: Msg[], start: Date, end: Date | undefined): Msg[] {
  const from = start.getTime();
  const to = end?.getTime() ?? Number.POSITIVE_INFINITY;
  return records.filter((r) => {
    const t = date(r, 'timestamp')?.getTime();
    return t !== undefined && t >= from && t <= to;
  });
}

/** `file`: "file 2 " for the second FIT file of a chained file, so skips and warnings say which session; '' otherwise. */
export function activityRows(messages: Msg, source: string, warnings: string[], skipped: Skip[], file = ''): Record<string, unknown>[] {
  const sessions = list(messages.sessionMesgs);
  const records = list(messages.recordMesgs);
  const fileId = list(messages.fileIdMesgs)[0];
  const activity = list(messages.activityMesgs)[0];
  // FIT local_timestamp is local wall-clock time in FIT seconds; its difference from timestamp is the UTC offset.
  const actTs = activity && date(activity, 'timestamp');
  const actLocal = activity && date(activity, 'localTimestamp');
  const offsetMs = actTs && actLocal ? actLocal.getTime() - actTs.getTime() : 0;
  const serial = fileId ? num(fileId, 'serialNumber') : undefined;
  const created = fileId ? date(fileId, 'timeCreated') : undefined;
  const zoneMsgs = list(messages.timeInZoneMesgs);
  const rows: Record<string, unknown>[] = [];
  sessions.forEach((s, index) => {
    const start = date(s, 'startTime') ?? date(s, 'timestamp');
    if (!start) {
      skipped.push({ reason: `${file}session ${index}: no start_time, so no date to file it under`, count: 1 });
      return;
    }
    // The local date too: a damaged local_timestamp can move it out of the window.
    const outside = outsideWindow(start) ?? outsideWindow(new Date(start.getTime() + offsetMs));
    if (outside) {
      skipped.push({ reason: `${file}session ${index}: start_time ${outside}`, count: 1 });
      return;
    }
    const where = `${file}session ${index} (${start.toISOString()})`;
    const startSec = Math.floor(start.getTime() / 1000);
    const sourceActivityId = serial !== undefined && created ? `fit:${serial}:${Math.floor(created.getTime() / 1000)}:${startSec}` : `fit:start:${startSec}`;
    const activityType = fitActivityType(s.sport, s.subSport);
    const r = ranges.wearable_activities;
    const elapsed = num(s, 'totalElapsedTime');
    const end = elapsed !== undefined ? new Date(start.getTime() + Math.round(elapsed * 1000)) : date(s, 'timestamp');
    const fromRecords = recordFigures(recordsOf(records, start, end && end >= start ? end : undefined), index === 0);
    const derived: string[] = [];
    /** The session's own value, else the records' (noted in raw_data.derived). */
    const pick = (column: string, own: number | undefined, fromRecs: number | undefined) => {
      if (own !== undefined || fromRecs === undefined) return own;
      derived.push(column);
      return fromRecs;
    };

    const timer = pick('duration_seconds', num(s, 'totalTimerTime'), fromRecords.seconds);
    const distance = pick('distance_m', num(s, 'totalDistance'), fromRecords.distance);
    const ownSpeed = num(s, 'enhancedAvgSpeed', 'avgSpeed') ?? (num(s, 'totalDistance') !== undefined && timer ? num(s, 'totalDistance')! / timer : undefined);
    const speed = pick('avg_speed_kmh', ownSpeed, distance !== undefined && timer ? distance / timer : fromRecords.avgSpeed);
    // A ride without a power meter: 0 W on the session and no non-zero power sample is "no power", not 0 W.
    const ownPower = num(s, 'avgPower');
    const ownNp = num(s, 'normalizedPower');
    const noPowerMeter = !fromRecords.powerMeter && (ownPower === 0 || ownNp === 0 || (ownPower === undefined && fromRecords.powerSamples > 0));
    const avgPower = noPowerMeter ? undefined : pick('avg_power_watts', ownPower, fromRecords.avgPower);
    const normalizedPower = noPowerMeter ? undefined : ownNp;

    const row: Record<string, unknown> = {
      activity_date: new Date(start.getTime() + offsetMs).toISOString().slice(0, 10),
      source,
      source_activity_id: sourceActivityId,
      activity_type: activityType,
      start_time: start.toISOString(),
      end_time: end && end >= start && !outsideWindow(end) ? end.toISOString() : null,
      duration_seconds: bounded('duration_seconds', timer, r.duration_seconds, warnings, where),
      distance_m: bounded('distance_m', distance !== undefined ? round(distance, 2) : undefined, r.distance_m, warnings, where),
      calories_kcal: bounded('calories_kcal', num(s, 'totalCalories'), r.calories_kcal, warnings, where),
      avg_hr_bpm: bounded('avg_hr_bpm', pick('avg_hr_bpm', num(s, 'avgHeartRate'), fromRecords.avgHr), r.avg_hr_bpm, warnings, where),
      max_hr_bpm: bounded('max_hr_bpm', pick('max_hr_bpm', num(s, 'maxHeartRate'), fromRecords.maxHr), r.max_hr_bpm, warnings, where),
      avg_power_watts: bounded('avg_power_watts', avgPower, extraRanges.avg_power_watts, warnings, where),
      normalized_power_watts: bounded('normalized_power_watts', normalizedPower, extraRanges.normalized_power_watts, warnings, where),
      elevation_gain_m: bounded('elevation_gain_m', num(s, 'totalAscent'), extraRanges.elevation_gain_m, warnings, where),
      avg_speed_kmh: bounded('avg_speed_kmh', speed !== undefined ? round(speed * 3.6, 2) : undefined, extraRanges.avg_speed_kmh, warnings, where),
      avg_pace_sec_per_km: RUNNING.has(activityType) && speed !== undefined && speed > 0 ? bounded('avg_pace_sec_per_km', round(1000 / speed, 2), extraRanges.avg_pace_sec_per_km, warnings, where) : undefined,
      training_effect_aerobic: bounded('training_effect_aerobic', num(s, 'totalTrainingEffect'), r.training_effect_aerobic, warnings, where),
      training_effect_anaerobic: bounded('training_effect_anaerobic', num(s, 'totalAnaerobicTrainingEffect'), r.training_effect_anaerobic, warnings, where),
      training_stress_score: bounded('training_stress_score', num(s, 'trainingStressScore'), extraRanges.training_stress_score, warnings, where),
    };
    const raw = rawMessage(s);
    if (derived.length) raw.derived = derived;
    if (noPowerMeter) raw.no_power_meter = true;
    row.raw_data = raw;
    // Time in HR zones: the session's own field, else a time_in_zone message that refers to this session.
    let zones = Array.isArray(s.timeInHrZone) ? (s.timeInHrZone as unknown[]) : undefined;
    if (!zones) {
      const msgIndex = indexOf(s.messageIndex) ?? index;
      const z = zoneMsgs.find((m) => m.referenceMesg === 'session' && (indexOf(m.referenceIndex) ?? 0) === msgIndex);
      if (z && Array.isArray(z.timeInHrZone)) zones = z.timeInHrZone as unknown[];
    }
    if (zones) {
      // Garmin writes zone 0 (below zone 1) first when there are six or more entries.
      const first = zones.length >= 6 ? 1 : 0;
      const columns = ['hr_zone_1_seconds', 'hr_zone_2_seconds', 'hr_zone_3_seconds', 'hr_zone_4_seconds', 'hr_zone_5_seconds'] as const;
      for (const [i, column] of columns.entries()) {
        const v = zones[first + i];
        // Bounded like every other field: a value past a week was written to the database and
        // refused there unnamed (found by fuzzing, bench/fuzz).
        if (typeof v === 'number' && Number.isFinite(v)) row[column] = bounded(column, v, r[column], warnings, where);
      }
    }
    for (const [k, v] of Object.entries(row)) if (v === undefined) delete row[k];
    rows.push(row);
  });
  return rows;
}
