import { parseCsv } from './csv';
import { boundsProblem, KG_TO_LBS, LiftingImportError, num, type ParsedFile, requireHeaders, round, SessionBuilder, type SkippedRow } from './liftingTypes';

const REQUIRED = ['Date', 'Workout Name', 'Exercise Name', 'Set Order', 'Weight', 'Reps'];
const SET_TYPES: Record<string, string> = { W: 'warmup', D: 'drop', F: 'failure' };

/** "38min", "1h 5m", "1h", "45s", "1h 5m 30s" -> seconds; null when empty or unrecognised. */
export function parseStrongDuration(text: string | undefined): number | null {
  const s = (text ?? '').trim().toLowerCase();
  if (s === '') return null;
  const re = /(\d+)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b/g;
  let total = 0;
  let matched = '';
  for (const m of s.matchAll(re)) {
    const n = Number(m[1]);
    const u = m[2]![0];
    total += u === 'h' ? n * 3600 : u === 'm' ? n * 60 : n;
    matched += m[0];
  }
  if (matched.replace(/\s/g, '') !== s.replace(/\s/g, '')) return null;
  return total <= 86400 ? total : null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function parseStrongDate(text: string, line: number): { date: string; stamp: string } {
  const s = text.trim();
  const m = DATE_RE.exec(s);
  const valid = m && (() => {
    const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
    return d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]! && +(m[4] ?? 0) < 24 && +(m[5] ?? 0) < 60 && +(m[6] ?? 0) < 60;
  })();
  if (!m || !valid) throw new LiftingImportError(`Strong CSV line ${line}: column "Date" must be a date "YYYY-MM-DD HH:MM:SS", got "${s}"`);
  return { date: `${m[1]}-${m[2]}-${m[3]}`, stamp: `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}` };
}

/** Parses a Strong export. Weights are in the app's unit, which the file does not record. */
export function parseStrong(text: string, unit: 'lbs' | 'kg'): ParsedFile {
  const { header, records } = parseCsv(text);
  requireHeaders('Strong', header, REQUIRED);
  const col = (name: string) => header.indexOf(name);
  const idx = Object.fromEntries(['Date', 'Workout Name', 'Duration', 'Exercise Name', 'Set Order', 'Weight', 'Reps', 'Distance', 'Seconds', 'Notes', 'Workout Notes', 'RPE'].map((c) => [c, col(c)]));
  const builder = new SessionBuilder();
  const skipped: SkippedRow[] = [];
  for (const { line, cells } of records) {
    const get = (c: string) => (idx[c]! >= 0 ? (cells[idx[c]!] ?? '').trim() : '');
    const { date, stamp } = parseStrongDate(get('Date'), line);
    const workout = get('Workout Name');
    const key = `${stamp} ${workout}`;
    const session = builder.session(key, () => ({ sessionDate: date, name: workout || null, durationSeconds: parseStrongDuration(get('Duration')), notes: null }));
    if (!session.notes && get('Workout Notes')) session.notes = get('Workout Notes');
    const exerciseName = get('Exercise Name');
    if (!exerciseName) {
      skipped.push({ row: line, reason: 'column "Exercise Name" is empty' });
      continue;
    }
    const order = get('Set Order').toUpperCase();
    const setType = /^\d+$/.test(order) ? 'normal' : SET_TYPES[order];
    if (!setType) {
      skipped.push({ row: line, reason: `column "Set Order" must be a number or W, D, F; got "${get('Set Order')}"` });
      continue;
    }
    const reps = num(get('Reps'));
    const distance = num(get('Distance')) ?? 0;
    const seconds = num(get('Seconds')) ?? 0;
    if ((reps === null || reps === 0) && (distance > 0 || seconds > 0)) {
      skipped.push({ row: line, reason: `cardio/timed row (distance ${distance}, seconds ${seconds}, no reps): lifting_sets has no distance or duration column` });
      continue;
    }
    const raw = num(get('Weight'));
    const weightLbs = raw === null || Number.isNaN(raw) ? raw : round(unit === 'kg' ? raw * KG_TO_LBS : raw, 2);
    const rpeRaw = num(get('RPE'));
    const rpe = rpeRaw === null || Number.isNaN(rpeRaw) ? rpeRaw : round(rpeRaw, 1);
    const problem = boundsProblem(weightLbs, reps, rpe);
    if (problem) {
      skipped.push({ row: line, reason: problem });
      continue;
    }
    const notes: string[] = [];
    if (setType === 'drop' || setType === 'failure') notes.push(`set type: ${setType}`);
    if (get('Notes')) notes.push(get('Notes'));
    session.sets.push({ row: line, exerciseName, ...builder.position(key, exerciseName), weightLbs, reps: reps!, rpe, isWarmup: setType === 'warmup', notes });
  }
  return { sessions: builder.result(), skipped };
}
