import { parseCsv } from './csv';
import { boundsProblem, KG_TO_LBS, LiftingImportError, num, type ParsedFile, requireHeaders, round, SessionBuilder, type SkippedRow } from './liftingTypes';

const REQUIRED = ['title', 'start_time', 'end_time', 'exercise_title', 'set_index', 'set_type', 'reps'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SET_TYPES: Record<string, string> = { normal: 'normal', warmup: 'warmup', dropset: 'drop', failure: 'failure' };

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

/** Parses a Hevy CSV export; the weight column (weight_lbs or weight_kg) names the unit. */
export function parseHevy(text: string): ParsedFile {
  const { header, records } = parseCsv(text);
  requireHeaders('Hevy', header, REQUIRED);
  const weightCol = header.includes('weight_lbs') ? 'weight_lbs' : header.includes('weight_kg') ? 'weight_kg' : null;
  if (!weightCol) throw new LiftingImportError('Hevy CSV: missing required column "weight_lbs" or "weight_kg" (one weight column must be present)');
  const distCol = header.includes('distance_km') ? 'distance_km' : 'distance_miles';
  const builder = new SessionBuilder();
  const skipped: SkippedRow[] = [];
  for (const { line, cells } of records) {
    const get = (c: string) => (header.indexOf(c) >= 0 ? (cells[header.indexOf(c)] ?? '').trim() : '');
    const start = parseHevyTime(get('start_time'));
    if (!start) throw new LiftingImportError(`Hevy CSV line ${line}: column "start_time" must be a date like "26 Nov 2024, 07:31", got "${get('start_time')}"`);
    const end = get('end_time') === '' ? null : parseHevyTime(get('end_time'));
    if (get('end_time') !== '' && !end) throw new LiftingImportError(`Hevy CSV line ${line}: column "end_time" must be a date like "26 Nov 2024, 08:31", got "${get('end_time')}"`);
    const title = get('title');
    const key = `${start.stamp} ${title}`;
    const duration = end ? end.epoch - start.epoch : null;
    const session = builder.session(key, () => ({ sessionDate: start.date, name: title || null, durationSeconds: duration !== null && duration >= 0 && duration <= 86400 ? duration : null, notes: get('description') || null }));
    const exerciseName = get('exercise_title');
    if (!exerciseName) {
      skipped.push({ row: line, reason: 'column "exercise_title" is empty' });
      continue;
    }
    const setType = SET_TYPES[get('set_type').toLowerCase() || 'normal'];
    if (!setType) {
      skipped.push({ row: line, reason: `column "set_type" must be normal, warmup, dropset or failure; got "${get('set_type')}"` });
      continue;
    }
    const reps = num(get('reps'));
    const distance = num(get(distCol)) ?? 0;
    const seconds = num(get('duration_seconds')) ?? 0;
    if ((reps === null || reps === 0) && (distance > 0 || seconds > 0)) {
      skipped.push({ row: line, reason: `cardio/timed row (${distCol} ${distance}, duration_seconds ${seconds}, no reps): lifting_sets has no distance or duration column` });
      continue;
    }
    const raw = num(get(weightCol));
    const weightLbs = raw === null || Number.isNaN(raw) ? raw : round(weightCol === 'weight_kg' ? raw * KG_TO_LBS : raw, 2);
    const rpeRaw = num(get('rpe'));
    const rpe = rpeRaw === null || Number.isNaN(rpeRaw) ? rpeRaw : round(rpeRaw, 1);
    const problem = boundsProblem(weightLbs, reps, rpe);
    if (problem) {
      skipped.push({ row: line, reason: problem });
      continue;
    }
    const pos = builder.position(key, exerciseName);
    const notes: string[] = [];
    if (setType === 'drop' || setType === 'failure') notes.push(`set type: ${setType}`);
    if (get('superset_id')) notes.push(`superset: ${get('superset_id')}`);
    if (pos.setNumber === 1 && get('exercise_notes')) notes.push(get('exercise_notes'));
    session.sets.push({ row: line, exerciseName, ...pos, weightLbs, reps: reps!, rpe, isWarmup: setType === 'warmup', notes });
  }
  return { sessions: builder.result(), skipped };
}
