import type { Pool } from 'pg';
import { asRequest } from '../helpers/db';

export interface SetInput {
  exercise: string;
  weight?: number | null;
  reps?: number | null;
  rpe?: number | null;
  warmup?: boolean;
  order?: number;
  set?: number;
  durationSeconds?: number;
}

/** exercise_id by canonical name, from the seeded dictionary. */
export async function exerciseIds(pool: Pool, names: string[]): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ canonical_name: string; exercise_id: string }>(
    'select canonical_name, exercise_id from vitalis.exercise_dictionary where canonical_name = any($1)',
    [names],
  );
  const ids = Object.fromEntries(rows.map((r) => [r.canonical_name, r.exercise_id]));
  for (const name of names) if (!ids[name]) throw new Error(`no exercise ${name} in the dictionary seed`);
  return ids;
}

/**
 * One session and its sets, written as the user through the API role (RLS, grants and triggers
 * apply) in one statement for the sets, as the importers write them. Returns the session id.
 */
export async function logSession(pool: Pool, userId: string, date: string, sets: SetInput[]): Promise<string> {
  const ids = await exerciseIds(pool, [...new Set(sets.map((s) => s.exercise))]);
  return asRequest(
    pool,
    { userId },
    async (client) => {
      const { rows } = await client.query<{ session_id: string }>(
        'insert into vitalis.lifting_sessions (session_date, name) values ($1, $2) returning session_id',
        [date, `Session ${date}`],
      );
      const sessionId = rows[0]!.session_id;
      const setNumbers = new Map<string, number>();
      const orders = new Map<string, number>();
      const values = sets.map((s) => {
        if (!orders.has(s.exercise)) orders.set(s.exercise, orders.size + 1);
        const n = (setNumbers.get(s.exercise) ?? 0) + 1;
        setNumbers.set(s.exercise, n);
        return [ids[s.exercise], s.set ?? n, s.order ?? orders.get(s.exercise), s.weight ?? null, s.reps ?? null, s.rpe ?? null, s.warmup ?? false, s.durationSeconds ?? null];
      });
      await client.query(
        `insert into vitalis.lifting_sets (session_id, exercise_id, set_number, exercise_order, weight_lbs, reps, rpe, is_warmup, duration_seconds)
         select $1, * from unnest($2::uuid[], $3::smallint[], $4::smallint[], $5::numeric[], $6::smallint[], $7::numeric[], $8::boolean[], $9::integer[])`,
        [sessionId, ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => values.map((v) => v[i]))],
      );
      return sessionId;
    },
    true,
  );
}

/** The user's sets in training order with their record flags: "date exercise weight x reps PR?". */
export async function recordFlags(pool: Pool, userId: string): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `select ss.session_date::text || ' ' || d.canonical_name || ' ' || coalesce(s.weight_lbs::float8::text, '-') || 'x' || coalesce(s.reps::text, '-')
            || case when s.is_personal_record then ' PR' else '' end as line
       from vitalis.lifting_sets s join vitalis.lifting_sessions ss using (session_id) join vitalis.exercise_dictionary d using (exercise_id)
      where s.user_id = $1
      order by ss.session_date, ss.created_at, s.exercise_order, s.set_number`,
    [userId],
  );
  return rows.map((r) => r.line);
}
