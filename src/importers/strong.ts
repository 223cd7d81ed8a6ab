import { validCalendarDate } from '../validation/isoDates';
import { parseCsv } from './csv';
import {
  boundsProblem,
  positionProblem,
  type DistanceUnit,
  formatSeconds,
  LiftingImportError,
  METRES,
  num,
  type ParsedFile,
  refuseContradiction,
  requireHeaders,
  round,
  sessionDuration,
  SessionBuilder,
  type SkippedRow,
  toLbs,
  type UnitSource,
  type WeightUnit,
  zeroIsNone,
} from './liftingTypes';

// Strong exports in the wild (docs/schema-notes.md, "Lifting: timed and distance sets"):
//   classic: Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
//            (weights and distances in the app's units, which the file does not name)
//   newer:   unit-named headers ("Weight (kg)", "Distance (meters)", "Duration (sec)") or per-row
//            "Weight Unit" / "Distance Unit" columns, sometimes semicolon-delimited.
const REQUIRED = ['Date', 'Workout Name', 'Exercise Name', 'Set Order', 'Reps'];
const SET_TYPES: Record<string, string> = { W: 'warmup', D: 'drop', F: 'failure' };
const WEIGHT_HEADERS: Record<string, WeightUnit | null> = { Weight: null, 'Weight (kg)': 'kg', 'Weight (lbs)': 'lbs', 'Weight (lb)': 'lbs' };
const DISTANCE_HEADERS: Record<string, DistanceUnit | null> = { Distance: null, 'Distance (meters)': 'm', 'Distance (m)': 'm', 'Distance (km)': 'km', 'Distance (miles)': 'mi', 'Distance (mi)': 'mi' };
const DURATION_HEADERS = ['Duration', 'Duration (sec)', 'Workout Duration'];
const DISTANCE_UNITS: Record<string, DistanceUnit> = { m: 'm', meters: 'm', metres: 'm', km: 'km', mi: 'mi', mile: 'mi', miles: 'mi' };

/** A "Distance Unit" cell as a unit: Strong's Android export writes "mi." and "km." (with the dot). */
const distanceUnitOf = (cell: string): DistanceUnit | undefined => DISTANCE_UNITS[cell.toLowerCase().replace(/\.$/, '')];

/** "38min", "1h 5m", "1h", "45s", "35h 23m" -> seconds; null when empty or unrecognised. */
export function parseStrongDuration(text: string | undefined): number | null {
  const s = (text ?? '').trim().toLowerCase();
  // The regex below backtracks quadratically on a long run of digits (a million-digit field took
  // hours: found by fuzzing); no real duration is longer than "35d 23h 59m 59s".
  if (s === '' || s.length > 64) return null;
  const re = /(\d+)\s*(d|days?|h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b/g;
  let total = 0;
  let matched = '';
  for (const m of s.matchAll(re)) {
    const n = Number(m[1]);
    const u = m[2]![0];
    total += u === 'd' ? n * 86400 : u === 'h' ? n * 3600 : u === 'm' ? n * 60 : n;
    matched += m[0];
  }
  if (matched.replace(/\s/g, '') !== s.replace(/\s/g, '')) return null;
  return total;
}

// "2024-03-04 18:02:11" (24-hour), "2025-01-30 5:30:00 pm" (Strong on a 12-hour iPhone: am/pm after a
// space, a no-break space or the narrow no-break space U+202F that iOS writes), or a bare date.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[ \u00a0\u202f]*([ap])\.?m\.?)?)?$/i;

function parseStrongDate(text: string, line: number): { date: string; stamp: string } {
  const s = text.trim();
  const m = DATE_RE.exec(s);
  let hour = m?.[4] === undefined ? 0 : +m[4];
  const half = m?.[7]?.toLowerCase();
  // 12-hour clock: 1..12, 12 am is midnight and 12 pm noon.
  const validHour = half ? hour >= 1 && hour <= 12 : hour < 24;
  if (half) hour = (hour % 12) + (half === 'p' ? 12 : 0);
  const valid = m && validHour && validCalendarDate(+m[1]!, +m[2]!, +m[3]!) && +(m[5] ?? 0) < 60 && +(m[6] ?? 0) < 60;
  if (!m || !valid) throw new LiftingImportError(`Strong CSV line ${line}: column "Date" must be a date "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD h:mm:ss am/pm"), got "${s}"`);
  return { date: `${m[1]}-${m[2]}-${m[3]}`, stamp: `${m[1]}-${m[2]}-${m[3]} ${String(hour).padStart(2, '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}` };
}

/** The file's way of naming the weight unit, if any; refuses a unit option that contradicts it. */
function weightUnitOf(header: string[], option: WeightUnit | undefined): { column: string; fixed: WeightUnit | null; perRow: boolean; source: UnitSource } {
  const column = Object.keys(WEIGHT_HEADERS).find((h) => header.includes(h));
  if (!column) throw new LiftingImportError(`Strong CSV: missing required column "Weight" (or "Weight (kg)" / "Weight (lbs)")`);
  const named = WEIGHT_HEADERS[column]!;
  if (named) {
    refuseContradiction('Strong', option, named, `header "${column}"`);
    return { column, fixed: named, perRow: false, source: { from: 'header', header: column } };
  }
  if (header.includes('Weight Unit')) return { column, fixed: null, perRow: true, source: { from: 'column', header: 'Weight Unit' } };
  return { column, fixed: option ?? 'lbs', perRow: false, source: option ? { from: 'option' } : { from: 'default' } };
}

/**
 * Parses a Strong export. Classic files do not name their units: weights are read in `unit`
 * (default lbs) and distances in the matching distance unit (kg: km, lbs: miles), the file's value
 * kept in the set's notes. Rows that are not sets (Strong's "Rest Timer" rows, empty sets) or break
 * a lifting_sets bound are skipped with a reason; every row is one or the other.
 */
export function parseStrong(text: string, unit?: WeightUnit): ParsedFile {
  const { header, records } = parseCsv(text, 'Strong');
  requireHeaders('Strong', header, REQUIRED);
  const weight = weightUnitOf(header, unit);
  const distanceColumn = Object.keys(DISTANCE_HEADERS).find((h) => header.includes(h));
  const durationColumn = DURATION_HEADERS.find((h) => header.includes(h));
  const col = (name: string | undefined) => (name ? header.indexOf(name) : -1);
  const builder = new SessionBuilder();
  const skipped: SkippedRow[] = [];
  const warnings: string[] = [];
  const units = new Set<WeightUnit>();
  let guessedDistances = 0;
  let guessedUnit: DistanceUnit | null = null;
  for (const { line, cells } of records) {
    const get = (c: string | undefined) => (col(c) >= 0 ? (cells[col(c)] ?? '').trim() : '');
    const { date, stamp } = parseStrongDate(get('Date'), line);
    const workout = get('Workout Name');
    const key = `${stamp} ${workout}`;
    const session = builder.session(key, line, () => {
      const text = get(durationColumn);
      const seconds = /^\d+(\.\d+)?$/.test(text) && durationColumn !== 'Duration' ? Math.round(Number(text)) : parseStrongDuration(text);
      const d = sessionDuration(seconds, `workout "${workout}" of ${stamp}`, seconds !== null && seconds > 86400 ? `${text} (${formatSeconds(seconds)})` : text);
      if (d.warning) warnings.push(d.warning);
      return { sessionDate: date, name: workout || null, durationSeconds: d.seconds, notes: null };
    });
    if (!session.notes && get('Workout Notes')) session.notes = get('Workout Notes');
    const exerciseName = get('Exercise Name');
    if (!exerciseName) {
      skipped.push({ row: line, reason: 'column "Exercise Name" is empty' });
      continue;
    }
    const skip = (reason: string) => {
      skipped.push({ row: line, reason });
      builder.seen(key, exerciseName);
    };
    const order = get('Set Order').toUpperCase();
    if (order === 'REST TIMER') {
      skip('a Strong "Rest Timer" row (rest between sets, not a set; lifting_sets has no rest column)');
      continue;
    }
    const setType = /^\d+$/.test(order) ? 'normal' : SET_TYPES[order];
    if (!setType) {
      skip('column "Set Order" is not a number or W, D, F');
      continue;
    }

    const rawWeight = num(get(weight.column));
    const rawDistance = zeroIsNone(num(get(distanceColumn)));
    // A unit column speaks only for a value: Strong writes "kg" or "lbs" beside an empty weight and
    // "mi." beside an empty distance (a plank), and those rows are sets all the same.
    let rowUnit = weight.fixed;
    if (weight.perRow) {
      const u = get('Weight Unit').toLowerCase().replace(/\.$/, '').replace(/^lb$/, 'lbs');
      if (u !== '' && u !== 'kg' && u !== 'lbs' && rawWeight !== null) {
        skip('column "Weight Unit" is not kg or lbs');
        continue;
      }
      rowUnit = u === 'kg' || u === 'lbs' ? u : (unit ?? 'lbs');
      if (u === 'kg' || u === 'lbs') refuseContradiction('Strong', unit, rowUnit, `column "Weight Unit" (line ${line})`);
    }
    const weightUnit = rowUnit!;
    if (rawWeight !== null) units.add(weightUnit);

    let distanceUnit = distanceColumn ? DISTANCE_HEADERS[distanceColumn] : null;
    let guessed = false;
    if (!distanceUnit && rawDistance !== null && header.includes('Distance Unit') && get('Distance Unit')) {
      distanceUnit = distanceUnitOf(get('Distance Unit')) ?? null;
      if (!distanceUnit) {
        skip('column "Distance Unit" is not m, km or miles');
        continue;
      }
    }
    if (!distanceUnit) {
      distanceUnit = weightUnit === 'kg' ? 'km' : 'mi';
      guessed = true;
    }

    const reps = zeroIsNone(num(get('Reps')));
    const distanceM = rawDistance === null || Number.isNaN(rawDistance) ? rawDistance : round(rawDistance * METRES[distanceUnit], 2);
    const durationSeconds = zeroIsNone(num(get('Seconds')));
    // A timed or distance set with weight 0 carries no load (Strong writes 0 for none).
    const noLoad = rawWeight === null || (rawWeight === 0 && reps === null);
    const weightLbs = noLoad ? null : Number.isNaN(rawWeight) ? NaN : toLbs(rawWeight, weightUnit);
    const rpeRaw = zeroIsNone(num(get('RPE')));
    const rpe = rpeRaw === null || Number.isNaN(rpeRaw) ? rpeRaw : round(rpeRaw, 1);
    const problem = boundsProblem({ weightLbs, reps, rpe, distanceM, durationSeconds });
    if (problem) {
      skip(problem);
      continue;
    }
    const notes: string[] = [];
    if (setType === 'drop' || setType === 'failure') notes.push(`set type: ${setType}`);
    if (get('Notes')) notes.push(get('Notes'));
    if (rawDistance !== null && guessed) {
      notes.push(`distance in file: ${rawDistance} (read as ${distanceUnit === 'mi' ? 'miles' : distanceUnit})`);
      guessedDistances++;
      guessedUnit = distanceUnit;
    }
    const number = setType === 'normal' ? Number(order) : null;
    const pos = builder.position(key, exerciseName, { number });
    const misplaced = positionProblem(pos);
    if (misplaced) {
      skip(misplaced);
      continue;
    }
    session.sets.push({
      row: line,
      exerciseName,
      ...pos,
      weightLbs,
      fileWeight: noLoad || rawWeight === null ? null : { value: rawWeight, unit: weightUnit },
      reps,
      rpe,
      distanceM,
      durationSeconds,
      isWarmup: setType === 'warmup',
      notes,
    });
  }
  if (guessedDistances > 0) {
    warnings.push(
      `Strong does not name its distance unit: ${guessedDistances} distance set(s) read as ${guessedUnit === 'mi' ? 'miles' : 'km'} (following the weight unit ${[...units].join('/')}); each keeps the file's value in its notes`,
    );
  }
  const fileUnit = units.size > 1 ? 'mixed' : ([...units][0] ?? weight.fixed ?? unit ?? 'lbs');
  return { rows: records.length, sessions: builder.result(), skipped, warnings, weightUnit: { unit: fileUnit, source: weight.source } };
}
