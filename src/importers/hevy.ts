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
  type WeightUnit,
  zeroIsNone,
} from './liftingTypes';

const REQUIRED = ['title', 'start_time', 'end_time', 'exercise_title', 'set_index', 'set_type', 'reps'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SET_TYPES: Record<string, string> = { normal: 'normal', warmup: 'warmup', dropset: 'drop', failure: 'failure' };
const WEIGHT_HEADERS: Record<string, WeightUnit> = { weight_lbs: 'lbs', weight_kg: 'kg' };
const DISTANCE_HEADERS: Record<string, DistanceUnit> = { distance_km: 'km', distance_miles: 'mi', distance_meters: 'm' };

/** "26 Nov 2024, 07:31" (or ISO "2024-11-26 07:31[:00]") -> minutes since the epoch as a wall-clock stamp. */
function parseHevyTime(text: string): { date: string; stamp: string; epoch: number } | null {
  const s = text.trim();
  let y: number, mo: number, d: number, h: number, mi: number;
  let m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})$/.exec(s);
  if (m) {
    [d, mo, y, h, mi] = [+m[1]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[3]!, +m[4]!, +m[5]!];
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?$/.exec(s);
    if (!m) return null;
    [y, mo, d, h, mi] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!];
  }
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (mo < 1 || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const iso = t.toISOString();
  return { date: iso.slice(0, 10), stamp: `${iso.slice(0, 10)} ${iso.slice(11, 16)}`, epoch: t.getTime() / 1000 };
}

/**
 * Parses a Hevy CSV export. The weight column (weight_lbs or weight_kg) and the distance column
 * (distance_km or distance_miles) name their units; a unit option that says otherwise is refused.
 * Distances are stored in metres (exact conversion of the named unit).
 */
export function parseHevy(text: string, unit?: WeightUnit): ParsedFile {
  const { header, records } = parseCsv(text, 'Hevy');
  requireHeaders('Hevy', header, REQUIRED);
  // A file with both weight columns (a converter's, writing one of them empty) is read by the one
  // that holds values, not by whichever is named first.
  const weightCols = Object.keys(WEIGHT_HEADERS).filter((h) => header.includes(h));
  const filled = (h: string) => {
    const at = header.indexOf(h);
    return records.filter((r) => (r.cells[at] ?? '').trim() !== '').length;
  };
  const weightCol = weightCols.length > 1 ? weightCols.reduce((a, b) => (filled(b) > filled(a) ? b : a)) : weightCols[0];
  if (!weightCol) throw new LiftingImportError('Hevy CSV: missing required column "weight_lbs" or "weight_kg" (one weight column must be present)');
  const weightUnit = WEIGHT_HEADERS[weightCol]!;
  refuseContradiction('Hevy', unit, weightUnit, `header "${weightCol}"`);
  const distCol = Object.keys(DISTANCE_HEADERS).find((h) => header.includes(h));
  const builder = new SessionBuilder();
  const skipped: SkippedRow[] = [];
  const warnings: string[] = [];
  const noted = new Set<string>();
  const col = (c: string | undefined) => (c ? header.indexOf(c) : -1);
  for (const { line, cells } of records) {
    const get = (c: string | undefined) => (col(c) >= 0 ? (cells[col(c)] ?? '').trim() : '');
    const start = parseHevyTime(get('start_time'));
    if (!start) throw new LiftingImportError(`Hevy CSV line ${line}: column "start_time" must be a date like "26 Nov 2024, 07:31", got "${get('start_time')}"`);
    const end = get('end_time') === '' ? null : parseHevyTime(get('end_time'));
    if (get('end_time') !== '' && !end) throw new LiftingImportError(`Hevy CSV line ${line}: column "end_time" must be a date like "26 Nov 2024, 08:31", got "${get('end_time')}"`);
    const title = get('title');
    const key = `${start.stamp} ${title}`;
    const session = builder.session(key, line, () => {
      const seconds = end ? end.epoch - start.epoch : null;
      const shown = seconds === null ? '' : `${get('start_time')} to ${get('end_time')} (${formatSeconds(Math.abs(seconds))})`;
      const d = sessionDuration(seconds, `workout "${title}" of ${start.stamp}`, shown);
      if (d.warning) warnings.push(d.warning);
      return { sessionDate: start.date, name: title || null, durationSeconds: d.seconds, notes: get('description') || null };
    });
    const exerciseName = get('exercise_title');
    if (!exerciseName) {
      skipped.push({ row: line, reason: 'column "exercise_title" is empty' });
      continue;
    }
    const skip = (reason: string) => {
      skipped.push({ row: line, reason });
      builder.seen(key, exerciseName);
    };
    const setType = SET_TYPES[get('set_type').toLowerCase() || 'normal'];
    if (!setType) {
      skip('column "set_type" is not normal, warmup, dropset or failure');
      continue;
    }
    const indexCell = num(get('set_index'));
    const setIndex = indexCell !== null && Number.isInteger(indexCell) && indexCell >= 0 ? indexCell : null;
    // 0 is "none" here as in Strong: a timed set with reps 0, a lifting set with duration 0.
    const reps = zeroIsNone(num(get('reps')));
    const distanceRaw = zeroIsNone(num(get(distCol)));
    const distanceM = distanceRaw === null || Number.isNaN(distanceRaw) ? distanceRaw : round(distanceRaw * METRES[DISTANCE_HEADERS[distCol!]!], 2);
    const durationSeconds = zeroIsNone(num(get('duration_seconds')));
    const raw = num(get(weightCol));
    const weightLbs = raw === null || Number.isNaN(raw) ? raw : toLbs(raw, weightUnit);
    const rpeRaw = num(get('rpe'));
    const rpe = rpeRaw === null || Number.isNaN(rpeRaw) ? rpeRaw : round(rpeRaw, 1);
    const problem = boundsProblem({ weightLbs, reps, rpe, distanceM, durationSeconds });
    if (problem) {
      skip(problem);
      continue;
    }
    const pos = builder.position(key, exerciseName, { index: setIndex });
    const misplaced = positionProblem(pos);
    if (misplaced) {
      skip(misplaced);
      continue;
    }
    const notes: string[] = [];
    if (setType === 'drop' || setType === 'failure') notes.push(`set type: ${setType}`);
    if (get('superset_id')) notes.push(`superset: ${get('superset_id')}`);
    // exercise_notes belongs to the block: kept once, on its first stored set (even when that set is not index 0).
    const block = `${key}\u0000${pos.exerciseOrder}`;
    if (get('exercise_notes') && !noted.has(block)) notes.push(get('exercise_notes'));
    noted.add(block);
    session.sets.push({
      row: line,
      exerciseName,
      ...pos,
      weightLbs,
      fileWeight: raw === null || Number.isNaN(raw) ? null : { value: raw, unit: weightUnit },
      reps,
      rpe,
      distanceM,
      durationSeconds,
      isWarmup: setType === 'warmup',
      notes,
    });
  }
  return { rows: records.length, sessions: builder.result(), skipped, warnings, weightUnit: { unit: weightUnit, source: { from: 'header', header: weightCol } } };
}
