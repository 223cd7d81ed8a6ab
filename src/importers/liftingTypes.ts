import { ranges } from '../validation/bounds';

/** A malformed file (missing header, unparseable date, a unit that contradicts the file): the whole import is refused. */
export class LiftingImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiftingImportError';
  }
}

export type WeightUnit = 'lbs' | 'kg';

export interface ParsedSet {
  /** 1-based line number of the row in the file (the header is line 1). */
  row: number;
  exerciseName: string;
  exerciseOrder: number;
  setNumber: number;
  weightLbs: number | null;
  /** The weight as the file wrote it and its unit, for the plausibility check. */
  fileWeight: { value: number; unit: WeightUnit } | null;
  reps: number | null;
  rpe: number | null;
  distanceM: number | null;
  durationSeconds: number | null;
  isWarmup: boolean;
  /** Set type marker and the file's own notes, already joined. */
  notes: string[];
}

export interface ParsedSession {
  key: string;
  /** The file line the workout starts on, for errors about the session itself. */
  row: number;
  sessionDate: string;
  name: string | null;
  durationSeconds: number | null;
  notes: string | null;
  sets: ParsedSet[];
}

export interface SkippedRow {
  row: number;
  /** The same text for every row skipped for the same rule, so the summary can group them. */
  reason: string;
}

/** Where the weight unit came from: the file (header or unit column), the caller's unit, or the default. */
export type UnitSource = { from: 'header'; header: string } | { from: 'column'; header: string } | { from: 'option' } | { from: 'default' };

export interface ParsedFile {
  /** Data rows read (the header excluded). */
  rows: number;
  sessions: ParsedSession[];
  skipped: SkippedRow[];
  warnings: string[];
  weightUnit: { unit: WeightUnit | 'mixed'; source: UnitSource };
}

export const KG_TO_LBS = 1 / 0.45359237;
export const METRES = { m: 1, km: 1000, mi: 1609.344 } as const;
export type DistanceUnit = keyof typeof METRES;

export const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/**
 * Parses an optional number cell; '' is null, garbage is NaN. A decimal comma ("102,5", from
 * Strong exports in European locales, semicolon-delimited or quoted) is read as a decimal point;
 * the apps write no thousands separators.
 */
export function num(cell: string | undefined): number | null {
  const s = (cell ?? '').trim();
  if (s === '') return null;
  return Number(/^[+-]?\d+,\d+$/.test(s) ? s.replace(',', '.') : s);
}

/** Strong writes 0 where a value does not apply: 0 and empty are both "none". */
export const zeroIsNone = (n: number | null): number | null => (n === 0 ? null : n);

export const toLbs = (value: number, unit: WeightUnit): number => round(unit === 'kg' ? value * KG_TO_LBS : value, 2);

export interface SetValues {
  weightLbs: number | null;
  reps: number | null;
  rpe: number | null;
  distanceM: number | null;
  durationSeconds: number | null;
}

/**
 * Checks one set's values against the lifting_sets bounds (bounds.ts, twins of the CHECKs);
 * returns the reason, worded the same for every row it applies to, or null.
 */
export function boundsProblem(v: SetValues): string | null {
  const b = ranges.lifting_sets;
  const bad = (x: number | null, r: { min: number; max: number; integer?: boolean }) => x !== null && (Number.isNaN(x) || x < r.min || x > r.max || (r.integer === true && !Number.isInteger(x)));
  if (v.reps === null && v.distanceM === null && v.durationSeconds === null) return 'no reps, distance or duration (an empty or unfinished set)';
  if (bad(v.reps, b.reps)) return `reps not a whole number in lifting_sets.reps ${b.reps.min}..${b.reps.max}`;
  if (bad(v.weightLbs, b.weight_lbs)) return `weight outside lifting_sets.weight_lbs ${b.weight_lbs.min}..${b.weight_lbs.max} lbs`;
  if (bad(v.rpe, b.rpe)) return `rpe outside lifting_sets.rpe ${b.rpe.min}..${b.rpe.max}`;
  if (bad(v.distanceM, b.distance_m)) return `distance outside lifting_sets.distance_m ${b.distance_m.min}..${b.distance_m.max} m`;
  if (bad(v.durationSeconds, b.duration_seconds)) return `duration not whole seconds in lifting_sets.duration_seconds ${b.duration_seconds.min}..${b.duration_seconds.max}`;
  return null;
}

/**
 * Why a set's place cannot be stored (lifting_sets.set_number and exercise_order are 1..999), or
 * null. Found by fuzzing: a Hevy set_index of 1e21 reached the database as smallint "1e+21".
 */
export function positionProblem(pos: { exerciseOrder: number; setNumber: number }): string | null {
  const b = ranges.lifting_sets;
  if (pos.setNumber > b.set_number.max) return `set number ${pos.setNumber} past lifting_sets.set_number ${b.set_number.min}..${b.set_number.max}`;
  if (pos.exerciseOrder > b.exercise_order.max) return `exercise ${pos.exerciseOrder} of its workout past lifting_sets.exercise_order ${b.exercise_order.min}..${b.exercise_order.max}`;
  return null;
}

const SESSION_MAX = ranges.lifting_sessions.duration_seconds.max;

/**
 * The session length to store, and a warning naming the workout when it is odd: over a day
 * (a workout left running) is kept as the file says; over the lifting_sessions bound it is left
 * empty, and said so.
 */
export function sessionDuration(seconds: number | null, label: string, text: string): { seconds: number | null; warning?: string } {
  if (seconds === null) return { seconds: null, warning: text ? `${label}: length "${text}" not understood, left empty` : undefined };
  if (seconds < 0) return { seconds: null, warning: `${label}: ends before it starts ("${text}"), length left empty` };
  if (seconds > SESSION_MAX) return { seconds: null, warning: `${label}: length ${text} is over the ${SESSION_MAX / 86400}-day bound of lifting_sessions.duration_seconds, left empty` };
  if (seconds > 86400) return { seconds, warning: `${label}: length ${text} is over a day (probably left running in the app); kept as the file says` };
  return { seconds };
}

/** "1d 11h 23m" for a length in seconds. */
export function formatSeconds(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d ? `${d}d` : '', h ? `${h}h` : '', `${m}m`].filter(Boolean).join(' ');
}

type Block = { id: string; order: number; count: number; lastIndex: number; lastNumber: number | null };
type BuiltSession = ParsedSession & { blocks: Block[]; last: string | null };

/**
 * Groups rows into sessions and exercise blocks as the file has them: an exercise that comes back
 * later in a workout is a new block with its own exercise_order and set numbers.
 * - Strong (no index): a block is a run of consecutive rows of one exercise; a set number that
 *   starts again (1, 2, 3, 1) opens a new block too. set_number is the position in the block.
 * - Hevy (0-based set_index): a row joins the latest block of its exercise unless its index starts
 *   again, so interleaved superset rows stay in their blocks; set_number is set_index + 1.
 */
export class SessionBuilder {
  private sessions = new Map<string, BuiltSession>();

  session(key: string, row: number, init: () => Omit<ParsedSession, 'key' | 'row' | 'sets'>): ParsedSession {
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, row, ...init(), sets: [], blocks: [], last: null };
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Records a row of exerciseName that is not a set (skipped): it still ends the block before it. */
  seen(key: string, exerciseName: string): void {
    this.sessions.get(key)!.last = normaliseName(exerciseName);
  }

  /** exercise_order and set_number for the next set of exerciseName in the session. */
  position(key: string, exerciseName: string, at: { index?: number | null; number?: number | null } = {}): { exerciseOrder: number; setNumber: number } {
    const s = this.sessions.get(key)!;
    const id = normaliseName(exerciseName);
    const index = at.index ?? null;
    const number = at.number ?? null;
    let block = [...s.blocks].reverse().find((b) => b.id === id);
    const continues =
      block !== undefined &&
      (index !== null ? index > block.lastIndex : s.last === id && !(number !== null && block.lastNumber !== null && number <= block.lastNumber));
    if (!block || !continues) {
      block = { id, order: s.blocks.length + 1, count: 0, lastIndex: -1, lastNumber: null };
      s.blocks.push(block);
    }
    block.count++;
    if (index !== null) block.lastIndex = index;
    if (number !== null) block.lastNumber = number;
    s.last = id;
    return { exerciseOrder: block.order, setNumber: index !== null ? index + 1 : block.count };
  }

  result(): ParsedSession[] {
    return [...this.sessions.values()].map(({ blocks: _b, last: _l, ...s }) => s);
  }
}

/** The dictionary's alias form: lowercase, trimmed, single-spaced. */
export function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function requireHeaders(format: string, header: string[], required: string[]): void {
  for (const col of required) {
    if (!header.includes(col)) throw new LiftingImportError(`${format} CSV: missing required column "${col}" (the header must include ${required.map((c) => `"${c}"`).join(', ')})`);
  }
}

/** Refuses a unit option that says something else than the file. */
export function refuseContradiction(format: string, option: WeightUnit | undefined, fileUnit: WeightUnit, where: string): void {
  if (option && option !== fileUnit) {
    throw new LiftingImportError(
      `${format} CSV: the unit "${option}" given for this import (--unit / weightUnit) contradicts the file, whose ${where} says ${fileUnit}; leave the unit out (the file names it) or check the file`,
    );
  }
}

/** Skipped rows of one reason: how many, and the first lines (the summary stays short for big files). */
export interface SkipGroup {
  reason: string;
  count: number;
  /** The first SKIP_LINES_SHOWN line numbers, in file order. */
  rows: number[];
}

export const SKIP_LINES_SHOWN = 10;

/** Groups skipped rows by reason, in the order each reason first occurs in the file. */
export function groupSkips(skipped: SkippedRow[]): SkipGroup[] {
  const groups = new Map<string, SkipGroup>();
  for (const s of [...skipped].sort((a, b) => a.row - b.row)) {
    const g = groups.get(s.reason) ?? { reason: s.reason, count: 0, rows: [] };
    g.count++;
    if (g.rows.length < SKIP_LINES_SHOWN) g.rows.push(s.row);
    groups.set(s.reason, g);
  }
  return [...groups.values()];
}
