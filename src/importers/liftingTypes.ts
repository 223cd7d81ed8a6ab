import { ranges } from '../validation/bounds';

/** A malformed file (missing header, unparseable date): the whole import is refused. */
export class LiftingImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiftingImportError';
  }
}

export interface ParsedSet {
  /** 1-based line number of the row in the file (the header is line 1). */
  row: number;
  exerciseName: string;
  exerciseOrder: number;
  setNumber: number;
  weightLbs: number | null;
  reps: number;
  rpe: number | null;
  isWarmup: boolean;
  /** Set type marker and the file's own notes, already joined. */
  notes: string[];
}

export interface ParsedSession {
  key: string;
  sessionDate: string;
  name: string | null;
  durationSeconds: number | null;
  notes: string | null;
  sets: ParsedSet[];
}

export interface SkippedRow {
  row: number;
  reason: string;
}

export interface ParsedFile {
  sessions: ParsedSession[];
  skipped: SkippedRow[];
}

export const KG_TO_LBS = 1 / 0.45359237;

export const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/** Parses an optional number cell; '' is null, garbage is NaN. */
export function num(cell: string | undefined): number | null {
  const s = (cell ?? '').trim();
  if (s === '') return null;
  return Number(s);
}

/** Checks one set's values against lifting_sets bounds; returns the reason or null. */
export function boundsProblem(weightLbs: number | null, reps: number | null, rpe: number | null): string | null {
  const b = ranges.lifting_sets;
  if (reps === null || Number.isNaN(reps)) return `reps is empty or not a number (lifting_sets.reps must be ${b.reps.min}..${b.reps.max})`;
  if (!Number.isInteger(reps) || reps < b.reps.min || reps > b.reps.max) return `reps ${reps} outside lifting_sets.reps ${b.reps.min}..${b.reps.max}`;
  if (weightLbs !== null && (Number.isNaN(weightLbs) || weightLbs < b.weight_lbs.min || weightLbs > b.weight_lbs.max)) {
    return `weight ${weightLbs} lbs outside lifting_sets.weight_lbs ${b.weight_lbs.min}..${b.weight_lbs.max}`;
  }
  if (rpe !== null && (Number.isNaN(rpe) || rpe < b.rpe.min || rpe > b.rpe.max)) return `rpe ${rpe} outside lifting_sets.rpe ${b.rpe.min}..${b.rpe.max}`;
  return null;
}

/** Groups rows into sessions and numbers exercises (first appearance) and sets (position in block). */
export class SessionBuilder {
  private sessions = new Map<string, ParsedSession & { order: Map<string, number>; counts: Map<string, number> }>();

  session(key: string, init: () => Omit<ParsedSession, 'key' | 'sets'>): ParsedSession & { order: Map<string, number>; counts: Map<string, number> } {
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, ...init(), sets: [], order: new Map(), counts: new Map() };
      this.sessions.set(key, s);
    }
    return s;
  }

  /** exercise_order and set_number for the next row of exerciseName in the session. */
  position(key: string, exerciseName: string): { exerciseOrder: number; setNumber: number } {
    const s = this.sessions.get(key)!;
    const id = normaliseName(exerciseName);
    if (!s.order.has(id)) s.order.set(id, s.order.size + 1);
    const n = (s.counts.get(id) ?? 0) + 1;
    s.counts.set(id, n);
    return { exerciseOrder: s.order.get(id)!, setNumber: n };
  }

  result(): ParsedSession[] {
    return [...this.sessions.values()].map(({ order: _o, counts: _c, ...s }) => s);
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
