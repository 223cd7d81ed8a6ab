import type { PoolClient } from 'pg';
import { LiftingImportError, normaliseName, type ParsedSession, type SkipGroup, type SkippedRow } from './liftingTypes';

export interface LiftingImportSummary {
  /** Every data row of the file is a set (written now or already stored as it is) or skipped: read = sets + skipped. */
  rows: { read: number; sets: number; skipped: number };
  sessions: { inserted: number; updated: number; unchanged: number };
  sets: { inserted: number; deleted: number };
  /**
   * Sets written by this import that are personal records (best estimated 1RM of their exercise so
   * far, flagged by the database in training order: older history imported later moves them).
   */
  personalRecords: number;
  unmatchedExercises: { name: string; sets: number }[];
  /** Skipped rows by reason, with the count and the first line numbers (1-based; the header is line 1). */
  skipped: SkipGroup[];
  /** What was kept but looks wrong (a workout left running, weights no one lifts), or guessed (Strong's distance unit). */
  warnings: string[];
}

interface SetRow {
  exercise_id: string | null;
  set_number: number;
  exercise_order: number;
  weight_lbs: number | null;
  reps: number | null;
  rpe: number | null;
  distance_m: number | null;
  duration_seconds: number | null;
  is_warmup: boolean;
  notes: string | null;
}

export interface DictionaryEntry {
  exerciseId: string;
  equipment: string | null;
}

/** alias -> exercise for every alias in the shared dictionary. */
export async function loadAliases(client: PoolClient): Promise<Map<string, DictionaryEntry>> {
  const { rows } = await client.query<{ alias: string; exercise_id: string; equipment: string | null }>(
    'select unnest(aliases) as alias, exercise_id, equipment from vitalis.exercise_dictionary',
  );
  return new Map(rows.map((r) => [normaliseName(r.alias), { exerciseId: r.exercise_id, equipment: r.equipment }]));
}

const fingerprint = (sets: SetRow[]): string =>
  JSON.stringify(
    sets
      .map((s) => [s.exercise_order, s.set_number, s.exercise_id, s.weight_lbs, s.reps, s.rpe, s.distance_m, s.duration_seconds, s.is_warmup, s.notes])
      .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
  );

/**
 * Writes the parsed sessions as the current user (RLS applies): inserts new sessions, leaves
 * identical ones untouched (no writes, so no audit rows) and replaces the sets of changed ones.
 * Rows of a session the user deleted in Vitalis are reported in `skipped` (it stays deleted).
 */
export async function writeSessions(
  client: PoolClient,
  userId: string,
  aliases: Map<string, DictionaryEntry>,
  source: 'strong' | 'hevy',
  sessions: ParsedSession[],
  summary: LiftingImportSummary,
  skipped: SkippedRow[],
): Promise<void> {
  const unmatched = new Map<string, number>();
  const written: string[] = [];
  // Oldest first: each session's sets then only extend the personal-record history (the database
  // re-ranks from the earliest date a statement touches, and an export may list the newest first).
  const inDateOrder = [...sessions].sort((a, b) => (a.sessionDate < b.sessionDate ? -1 : a.sessionDate > b.sessionDate ? 1 : 0));
  for (const session of inDateOrder) {
    try {
      const sets: SetRow[] = session.sets.map((s) => {
        const exerciseId = aliases.get(normaliseName(s.exerciseName))?.exerciseId ?? null;
        const notes = [...(exerciseId ? [] : [`exercise: ${s.exerciseName}`]), ...s.notes];
        return {
          exercise_id: exerciseId,
          set_number: s.setNumber,
          exercise_order: s.exerciseOrder,
          weight_lbs: s.weightLbs,
          reps: s.reps,
          rpe: s.rpe,
          distance_m: s.distanceM,
          duration_seconds: s.durationSeconds,
          is_warmup: s.isWarmup,
          notes: notes.length ? notes.join('; ') : null,
        };
      });
      const { rows: existing } = await client.query<{ session_id: string; session_date: string; name: string | null; duration_seconds: number | null; notes: string | null; deleted_at: Date | null }>(
        `select session_id, session_date::text as session_date, name, duration_seconds, notes, deleted_at
           from vitalis.lifting_sessions where user_id = $1 and source = $2 and source_session_id = $3`,
        [userId, source, session.key],
      );
      const old = existing[0];
      // A session the user deleted stays deleted: re-importing the file must not bring it back.
      if (old?.deleted_at) {
        summary.sessions.unchanged++;
        for (const s of session.sets) skipped.push({ row: s.row, reason: 'its workout was deleted in Vitalis and stays deleted' });
        continue;
      }
      for (const s of session.sets) if (!aliases.has(normaliseName(s.exerciseName))) unmatched.set(s.exerciseName, (unmatched.get(s.exerciseName) ?? 0) + 1);
      summary.rows.sets += sets.length;
      let sessionId: string;
      if (!old) {
        const { rows } = await client.query<{ session_id: string }>(
          // user_id comes from the request context (the column's default): clients never write it.
          `insert into vitalis.lifting_sessions (session_date, source, source_session_id, name, duration_seconds, notes)
           values ($1, $2, $3, $4, $5, $6) returning session_id`,
          [session.sessionDate, source, session.key, session.name, session.durationSeconds, session.notes],
        );
        sessionId = rows[0]!.session_id;
        summary.sessions.inserted++;
      } else {
        sessionId = old.session_id;
        const { rows: oldSets } = await client.query<SetRow>(
          `select exercise_id, set_number, exercise_order, weight_lbs::float8 as weight_lbs, reps, rpe::float8 as rpe,
                  distance_m::float8 as distance_m, duration_seconds, coalesce(is_warmup, false) as is_warmup, notes
             from vitalis.lifting_sets where session_id = $1 and user_id = $2`,
          [sessionId, userId],
        );
        const sameSession = old.session_date === session.sessionDate && old.name === session.name && old.duration_seconds === session.durationSeconds && old.notes === session.notes;
        const sameSets = fingerprint(oldSets) === fingerprint(sets);
        if (sameSession && sameSets) {
          summary.sessions.unchanged++;
          continue;
        }
        summary.sessions.updated++;
        if (!sameSession) {
          await client.query('update vitalis.lifting_sessions set session_date = $2, name = $3, duration_seconds = $4, notes = $5 where session_id = $1', [
            sessionId,
            session.sessionDate,
            session.name,
            session.durationSeconds,
            session.notes,
          ]);
        }
        if (sameSets) continue;
        const { rowCount } = await client.query('delete from vitalis.lifting_sets where session_id = $1 and user_id = $2', [sessionId, userId]);
        summary.sets.deleted += rowCount ?? 0;
      }
      if (sets.length === 0) continue;
      await client.query(
        `insert into vitalis.lifting_sets (session_id, exercise_id, set_number, exercise_order, weight_lbs, reps, rpe, distance_m, duration_seconds, is_warmup, notes)
         select $1, * from unnest($2::uuid[], $3::smallint[], $4::smallint[], $5::numeric[], $6::smallint[], $7::numeric[], $8::numeric[], $9::integer[], $10::boolean[], $11::text[])`,
        [
          sessionId,
          sets.map((s) => s.exercise_id),
          sets.map((s) => s.set_number),
          sets.map((s) => s.exercise_order),
          sets.map((s) => s.weight_lbs),
          sets.map((s) => s.reps),
          sets.map((s) => s.rpe),
          sets.map((s) => s.distance_m),
          sets.map((s) => s.duration_seconds),
          sets.map((s) => s.is_warmup),
          sets.map((s) => s.notes),
        ],
      );
      summary.sets.inserted += sets.length;
      written.push(sessionId);
    } catch (error) {
      throw refusedByDatabase(error, source, session) ?? error;
    }
  }
  if (written.length > 0) {
    // Counted once at the end: a session imported after a newer one may have taken its record.
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::integer as n from vitalis.lifting_sets where user_id = $1 and session_id = any($2::uuid[]) and is_personal_record',
      [userId, written],
    );
    summary.personalRecords = rows[0]!.n;
  }
  for (const [name, count] of unmatched) summary.unmatchedExercises.push({ name, sets: count });
}

/** The file's column for each lifting_sessions column a database rule can refuse. */
const SESSION_COLUMNS: Record<'strong' | 'hevy', Record<string, string>> = {
  strong: { session_date: 'Date', duration_seconds: 'Duration', name: 'Workout Name', notes: 'Workout Notes' },
  hevy: { session_date: 'start_time', duration_seconds: 'end_time', name: 'title', notes: 'description' },
};

/**
 * A database rule the session broke (a date outside the window lifting_sessions accepts, say
 * 9999-12-31), as a LiftingImportError naming the line and the file's column; undefined for
 * other errors. The caller's transaction rolls back: nothing is written.
 */
function refusedByDatabase(error: unknown, source: 'strong' | 'hevy', session: ParsedSession): LiftingImportError | undefined {
  const e = error as { code?: unknown; column?: string; message?: string } | null;
  // 23514 check_violation, 22003 numeric out of range, 22008 datetime out of range, 22007 bad datetime, 22001 string too long.
  if (!e || typeof e.code !== 'string' || !['23514', '22003', '22008', '22007', '22001'].includes(e.code)) return undefined;
  const format = source === 'strong' ? 'Strong' : 'Hevy';
  const column = (e.column && SESSION_COLUMNS[source][e.column]) || SESSION_COLUMNS[source].session_date!;
  return new LiftingImportError(`${format} CSV line ${session.row}: column "${column}" of workout "${session.name ?? ''}" is refused: ${e.message ?? e.code}`);
}
