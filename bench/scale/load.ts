// Streams users into a kept data set: a chunk of users at a time is generated, encoded as COPY
// text and written in one transaction (audit and every other trigger firing as in production),
// then dropped, so memory stays flat whatever the number of users or years. The manifest
// records how far the load got: an interrupted load resumes at the next chunk.

import type { Pool } from 'pg';
import { copyInto, copyLine } from '../copy';
import { generateUsers, generateWearables, type BenchUser } from '../generate';
import { TABLES } from '../phases/ingestion';
import { loadBloodwork, seedUsers } from '../setup';
import { withClient } from '../pg';
import type { ScaleOptions } from './options';
import { writeManifest, type Manifest } from './manifest';
import { removeUsers } from './removeUsers';

export interface LoadProgress {
  users: number;
  rows: number;
  ms: number;
}

/** Lifting three times a week (5 exercises x 3 sets) for the users who lift, a weigh-in a day for everyone; set-based. */
const LIFTING_SESSIONS_SQL = `insert into vitalis.lifting_sessions (user_id, session_date, source, name, duration_seconds)
  select u, d::date, 'manual', 'Strength ' || to_char(d, 'Dy'), 3600
    from unnest($1::uuid[]) u, generate_series($2::date, $3::date, interval '1 day') d
   where extract(isodow from d) in (1, 3, 5)`;
const LIFTING_SETS_SQL = `insert into vitalis.lifting_sets (user_id, session_id, exercise_id, exercise_order, set_number, weight_lbs, reps, rpe)
  select s.user_id, s.session_id, e.exercise_id, e.n, k, 95 + 10 * e.n + (extract(doy from s.session_date)::int % 20), 5 + k, 7.5
    from vitalis.lifting_sessions s
    cross join (select exercise_id, row_number() over (order by canonical_name)::int as n
                  from vitalis.exercise_dictionary order by canonical_name limit 5) e
    cross join generate_series(1, 3) k
   where s.user_id = any($1::uuid[])`;
const MEASUREMENTS_SQL = `insert into vitalis.measurements (user_id, metric, value, unit, measured_at, source)
  select u, 'weight', round((150 + (abs(hashtext(u::text)) % 60) + 4 * sin(extract(epoch from d) / 8e6))::numeric, 1), 'lbs',
         d + interval '7 hours', 'manual'
    from unnest($1::uuid[]) u, generate_series($2::date, $3::date, interval '1 day') d`;

async function loadChunk(pool: Pool, users: BenchUser[], options: ScaleOptions, startDate: string, endDate: string): Promise<number> {
  let rows = 0;
  // A load interrupted mid-chunk may have left this chunk's users (written in their own transaction).
  await removeUsers(pool, users.map((u) => u.userId));
  await seedUsers(pool, users);
  await withClient(pool, async (client) => {
    await client.query('begin');
    try {
      // Each user generated once and kept only as COPY text per table: the chunk's text, never its objects.
      const chunks = TABLES.map(() => [] as Buffer[]);
      for (const user of users) {
        const data = generateWearables(user, { seed: options.seed, startDate, endDate });
        TABLES.forEach((spec, t) => {
          const picked = spec.pick(data);
          rows += picked.length;
          chunks[t]!.push(Buffer.from(picked.map((r) => copyLine([user.userId], r, spec.columns)).join('')));
        });
      }
      for (const [t, spec] of TABLES.entries()) {
        await copyInto(client, `vitalis.${spec.table}`, ['user_id', ...spec.columns], chunks[t]!);
      }
      const ids = users.map((u) => u.userId);
      const lifters = users.filter((u) => u.traits.sport === 'lifter' || u.traits.sport === 'mixed').map((u) => u.userId);
      for (const [sql, params] of [[LIFTING_SESSIONS_SQL, [lifters, startDate, endDate]], [LIFTING_SETS_SQL, [lifters]], [MEASUREMENTS_SQL, [ids, startDate, endDate]]] as const) {
        const r = await client.query(sql, [...params]);
        rows += r.rowCount ?? 0;
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  });
  const blood = await loadBloodwork(pool, users, { seed: options.seed, startDate, endDate, markersPerPanel: options.markersPerPanel }, () => {});
  return rows + blood.panels + blood.markers;
}

/**
 * Loads users manifest.usersLoaded .. manifest.users - 1 in chunks, `options.jobs` chunks at a
 * time; the manifest advances only past chunks that committed, in order.
 */
export async function loadUsers(pool: Pool, manifest: Manifest, options: ScaleOptions, log: (m: string) => void): Promise<LoadProgress> {
  const t0 = Date.now();
  const start = manifest.usersLoaded;
  let next = start;
  let rows = 0;
  const done = new Map<number, number>();
  let lastLog = Date.now();
  const worker = async () => {
    while (next < manifest.users) {
      const from = next;
      const count = Math.min(options.chunkUsers, manifest.users - from);
      next += count;
      const users = generateUsers({ seed: manifest.seed, users: count, endDate: manifest.endDate, from });
      rows += await loadChunk(pool, users, options, manifest.startDate, manifest.endDate);
      done.set(from, count);
      // Advance the manifest over the contiguous prefix of committed chunks.
      while (done.has(manifest.usersLoaded)) {
        const n = done.get(manifest.usersLoaded) ?? 0;
        done.delete(manifest.usersLoaded);
        manifest.usersLoaded += n;
      }
      await writeManifest(pool, manifest);
      if (Date.now() - lastLog > 15000) {
        lastLog = Date.now();
        const s = (Date.now() - t0) / 1000;
        const per = (manifest.usersLoaded - start) / s;
        log(`loaded ${manifest.usersLoaded}/${manifest.users} users, ${rows} rows, ${Math.round(rows / s)} rows/s, ${Math.round((manifest.users - manifest.usersLoaded) / Math.max(per, 1e-9))} s to go`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, () => worker()));
  return { users: manifest.usersLoaded - start, rows, ms: Date.now() - t0 };
}
