import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';

export const fixture = (...parts: string[]): string => fs.readFileSync(path.join(__dirname, '..', 'fixtures', ...parts), 'utf8');

export async function counts(pool: Pool, userId: string): Promise<{ sessions: number; sets: number; audit: number }> {
  const { rows } = await pool.query(
    `select (select count(*)::int from vitalis.lifting_sessions where user_id = $1) as sessions,
            (select count(*)::int from vitalis.lifting_sets where user_id = $1) as sets,
            (select count(*)::int from vitalis.audit_log where table_name in ('lifting_sessions', 'lifting_sets')) as audit`,
    [userId],
  );
  return rows[0];
}

export interface SetView {
  session: string;
  exercise: string | null;
  exercise_order: number;
  set_number: number;
  weight_lbs: number | null;
  reps: number | null;
  rpe: number | null;
  distance_m: number | null;
  duration_seconds: number | null;
  is_warmup: boolean;
  notes: string | null;
}

export async function sets(pool: Pool, userId: string): Promise<SetView[]> {
  const { rows } = await pool.query<SetView>(
    `select s.name as session, d.canonical_name as exercise, t.exercise_order, t.set_number, t.weight_lbs::float8 as weight_lbs,
            t.reps, t.rpe::float8 as rpe, t.distance_m::float8 as distance_m, t.duration_seconds, t.is_warmup, t.notes
       from vitalis.lifting_sets t join vitalis.lifting_sessions s using (session_id)
       left join vitalis.exercise_dictionary d using (exercise_id)
      where t.user_id = $1 order by s.session_date, t.exercise_order, t.set_number`,
    [userId],
  );
  return rows;
}
