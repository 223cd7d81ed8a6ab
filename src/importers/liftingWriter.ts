import type { PoolClient } from 'pg';
import { normaliseName, type ParsedSession } from './liftingTypes';

export interface LiftingImportSummary {
  sessions: { inserted: number; updated: number; unchanged: number };
  sets: { inserted: number; deleted: number };
  unmatchedExercises: { name: string; sets: number }[];
  /** row: 1-based line number in the file (the header is line 1). */
  skipped: { row: number; reason: string }[];
}

interface SetRow {
  exercise_id: string | null;
  set_number: number;
  exercise_order: number;
  weight_lbs: number | null;
  reps: number;
  rpe: number | null;
  is_warmup: boolean;
  notes: string | null;
}

/** alias -> exercise_id for every alias in the shared dictionary. */
export async function loadAliases(client: PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ alias: string; exercise_id: string }>('select unnest(aliases) as alias, exercise_id from vitalis.exercise_dictionary');
  return new Map(rows.map((r) => [normaliseName(r.alias), r.exercise_id]));
}

const fingerprint = (sets: SetRow[]): string =>
  JSON.stringify(
    sets
      .map((s) => [s.exercise_order, s.set_number, s.exercise_id, s.weight_lbs, s.reps, s.rpe, s.is_warmup, s.notes])
      .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
  );

/**
 * Writes the parsed sessions as the current user (RLS applies): inserts new sessions, leaves
 * identical ones untouched (no writes, so no audit rows) and replaces the sets of changed ones.
 */
export async function writeSessions(client: PoolClient, userId: string, source: 'strong' | 'hevy', sessions: ParsedSession[], summary: LiftingImportSummary): Promise<void> {
  const aliases = await loadAliases(client);
  const unmatched = new Map<string, number>();
  for (const session of sessions) {
    const sets: SetRow[] = session.sets.map((s) => {
      const exerciseId = aliases.get(normaliseName(s.exerciseName)) ?? null;
      const notes = [...(exerciseId ? [] : [`exercise: ${s.exerciseName}`]), ...s.notes];
      if (!exerciseId) unmatched.set(s.exerciseName, (unmatched.get(s.exerciseName) ?? 0) + 1);
      return { exercise_id: exerciseId, set_number: s.setNumber, exercise_order: s.exerciseOrder, weight_lbs: s.weightLbs, reps: s.reps, rpe: s.rpe, is_warmup: s.isWarmup, notes: notes.length ? notes.join('; ') : null };
    });
    const { rows: existing } = await client.query<{ session_id: string; session_date: string; name: string | null; duration_seconds: number | null; notes: string | null; deleted_at: Date | null }>(
      `select session_id, session_date::text as session_date, name, duration_seconds, notes, deleted_at
         from vitalis.lifting_sessions where user_id = $1 and source = $2 and source_session_id = $3`,
      [userId, source, session.key],
    );
    const old = existing[0];
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
      // A session the user deleted stays deleted: re-importing the file must not bring it back.
      if (old.deleted_at) {
        summary.sessions.unchanged++;
        continue;
      }
      sessionId = old.session_id;
      const { rows: oldSets } = await client.query<SetRow>(
        `select exercise_id, set_number, exercise_order, weight_lbs::float8 as weight_lbs, reps, rpe::float8 as rpe, coalesce(is_warmup, false) as is_warmup, notes
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
      `insert into vitalis.lifting_sets (session_id, exercise_id, set_number, exercise_order, weight_lbs, reps, rpe, is_warmup, notes)
       select $1, * from unnest($2::uuid[], $3::smallint[], $4::smallint[], $5::numeric[], $6::smallint[], $7::numeric[], $8::boolean[], $9::text[])`,
      [
        sessionId,
        sets.map((s) => s.exercise_id),
        sets.map((s) => s.set_number),
        sets.map((s) => s.exercise_order),
        sets.map((s) => s.weight_lbs),
        sets.map((s) => s.reps),
        sets.map((s) => s.rpe),
        sets.map((s) => s.is_warmup),
        sets.map((s) => s.notes),
      ],
    );
    summary.sets.inserted += sets.length;
  }
  for (const [name, count] of unmatched) summary.unmatchedExercises.push({ name, sets: count });
}
