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
const SET_TYPES: Record<string, string> = { normal: 'normal', warmup: 'warmup', dropset: 'drop', failure: 'failure' };
const WEIGHT_HEADERS: Record<string, WeightUnit> = { weight_lbs: 'lbs', weight_kg: 'kg' };
const DISTANCE_HEADERS: Record<string, DistanceUnit> = { distance_km: 'km', distance_miles: 'mi', distance_meters: 'm' };

// Month names. Hevy writes start_time and end_time in the app's language ("22 janv. 2023, 10:13",
// "21 août 2024, 18:00", "22 März 2023, 10:13"): a French export read with English names alone lost
// seven months of twelve (févr./août/déc. do not even look like a month name in ASCII; avr./mai/
// juin/juil. do but name none). Listed here: each month's full names in the Latin-script languages
// below, as CLDR writes them, and their abbreviations that are not a prefix of a full name. A word
// (accents, case and a final dot ignored) is read as a month when it is one of these, or else when
// it is the first three or more letters of full names of exactly one month ("Sept.", "Mär", "févr.").
// Anything else (another script, a word two months begin with) is refused naming the word and the rule.
const MONTH_LANGUAGES = 'English, French, German, Spanish, Italian, Portuguese, Dutch, Swedish, Danish, Norwegian, Polish, Turkish, Romanian or Indonesian';
const MONTH_NAMES: readonly string[] = [
  'january janvier januar enero gennaio janeiro januari styczen stycznia ocak ianuarie',
  'february fevrier februar febrero febbraio fevereiro februari luty lutego subat februarie',
  'march mars marz marzo marco maart marts marzec marca mart martie maret mrz mrt',
  'april avril abril aprile kwiecien kwietnia nisan aprilie',
  'may mai mayo maggio maio mei maj maja mayis',
  'june juin juni junio giugno junho czerwiec czerwca haziran iunie',
  'july juillet juli julio luglio julho lipiec lipca temmuz iulie',
  'august aout agosto augustus augusti sierpien sierpnia agustos agustus',
  'september septembre septiembre settembre setembro wrzesien wrzesnia eylul septembrie sept',
  'october octobre oktober octubre ottobre outubro pazdziernik pazdziernika ekim octombrie',
  'november novembre noviembre novembro listopad listopada kasim noiembrie',
  'december decembre dezember diciembre dicembre dezembro desember grudzien grudnia aralik decembrie',
];
const monthWords = MONTH_NAMES.map((line) => line.split(' '));
/** Accents, case and a final dot do not matter: "Févr." and "fevr" are one word (Turkish ı, which has no accent to drop, is i). */
const monthKey = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i').toLowerCase().replace(/\.$/, '');

/** 1-12 for a month word, or the reason it is not one. */
function monthOf(word: string): number | string {
  const key = monthKey(word);
  const exact = monthWords.findIndex((names) => names.includes(key));
  if (exact >= 0) return exact + 1;
  const starts = key.length >= 3 ? monthWords.flatMap((names, i) => (names.some((n) => n.startsWith(key)) ? [i + 1] : [])) : [];
  if (starts.length === 1) return starts[0]!;
  if (starts.length > 1) return `"${word}" begins the names of more than one month`;
  return `"${word}" is not a month name in ${MONTH_LANGUAGES}`;
}

/**
 * "26 Nov 2024, 07:31", "22 févr. 2023, 10:13", "22. März 2023, 10:13" (or ISO "2024-11-26 07:31[:00]")
 * -> the wall-clock stamp; null when the text has none of these shapes, or why its month word is not
 * a month.
 */
function parseHevyTime(text: string): { date: string; stamp: string; epoch: number } | { problem: string } | null {
  const s = text.trim();
  let y: number, mo: number, d: number, h: number, mi: number;
  let m = /^(\d{1,2})\.? (\p{L}+)\.? (\d{4}),? (\d{1,2}):(\d{2})$/u.exec(s);
  if (m) {
    const month = monthOf(m[2]!);
    if (typeof month === 'string') return { problem: month };
    [d, mo, y, h, mi] = [+m[1]!, month, +m[3]!, +m[4]!, +m[5]!];
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

/** A start_time or end_time cell read, or a LiftingImportError naming the line, the column and the rule. */
function hevyTime(text: string, line: number, column: string, example: string): { date: string; stamp: string; epoch: number } {
  const t = parseHevyTime(text);
  if (t && !('problem' in t)) return t;
  const why = t ? `: ${t.problem}` : '';
  throw new LiftingImportError(`Hevy CSV line ${line}: column "${column}" must be a date like "${example}" (day, month name, year, 24-hour time)${why}, got "${text}"`);
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
    const start = hevyTime(get('start_time'), line, 'start_time', '26 Nov 2024, 07:31');
    const end = get('end_time') === '' ? null : hevyTime(get('end_time'), line, 'end_time', '26 Nov 2024, 08:31');
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
