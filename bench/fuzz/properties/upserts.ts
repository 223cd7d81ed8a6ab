// The batch upserts (vitalis.upsert_wearable_daily / _sleep / _activities, upsert_measurements)
// called as the API calls them (role vitalis_api, app.current_user_id set, as asRequest does) and
// as a provider sync does (role vitalis_worker, which may send source_updated_at), with batches
// built from valid rows whose fields are replaced by arbitrary JSON (wrong types, out-of-range
// numbers, "NaN"/"Infinity", odd dates), server-owned and unknown keys, non-object rows and huge
// arrays.
//   Written: inserted + updated + skipped = rows sent, and every row whose key is alone in the
//   batch reads back as PostgreSQL itself converts it (jsonb_populate_record of the row sent),
//   field by field.
//   Refused: the message names the field first (`rows[3].steps: ...`, `date: ...`, `sessionDate
//   must ...`) or quotes its column (`column "date"`), then the rule; the user's row counts
//   (every table, audit_log included) are as before.
import fc from 'fast-check';
import { inRequestTransaction } from '../../../src/db/requestContext';
import { CHECK_MESSAGES } from '../../../src/server/checkMessages';
import { expectUnchanged, newUser, newUserCounts, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';
import { weirdJson } from '../core/values';

type Row = Record<string, unknown>;

interface Spec {
  fn: string;
  table: string;
  /** Columns that identify a row (besides user_id). */
  key: string[];
  base: Row[];
  /** Makes the i-th copy of a base row distinct (for huge batches). */
  vary(row: Row, i: number): Row;
}

const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

const SPECS: Spec[] = [
  {
    fn: 'upsert_wearable_daily',
    table: 'wearable_daily',
    key: ['date', 'source'],
    base: [
      { date: '2024-03-01', source: 'garmin', steps: 9120, resting_hr_bpm: 48, hrv_rmssd_ms: 62.5, total_calories_kcal: 2410, spo2_avg_pct: 97.5, skin_temp_deviation_c: -0.31, raw_data: { k: 1 }, source_updated_at: '2024-03-01T23:58:00+00:00' },
      { date: '2024-03-02', source: 'oura', readiness_score: 82, active_minutes: 45, distance_m: 7021, stress_avg: 31 },
    ],
    vary: (r, i) => ({ ...r, date: day(i) }),
  },
  {
    fn: 'upsert_wearable_sleep',
    table: 'wearable_sleep',
    key: ['sleep_date', 'source'],
    base: [
      { sleep_date: '2024-03-01', source: 'oura', sleep_start: '2024-02-29T23:10:00+14:00', sleep_end: '2024-03-01T07:05:00+05:45', total_sleep_minutes: 420, rem_minutes: 90, deep_minutes: 70, sleep_efficiency_pct: 91.5, avg_hrv_ms: 55.25, hypnogram: [{ stage: 'deep', minutes: 30 }] },
      { sleep_date: '2024-03-02', source: 'whoop', total_sleep_minutes: 395, sleep_score: 81, nap_minutes: 0, nap_count: 0 },
    ],
    vary: (r, i) => ({ ...r, sleep_date: day(i) }),
  },
  {
    fn: 'upsert_wearable_activities',
    table: 'wearable_activities',
    key: ['source', 'source_activity_id'],
    base: [
      { activity_date: '2024-03-01', source: 'garmin', source_activity_id: 'act-1', activity_type: 'running', start_time: '2024-03-01T07:00:00-12:00', end_time: '2024-03-01T07:45:00-12:00', duration_seconds: 2700, distance_m: 8012.5, avg_hr_bpm: 151, calories_kcal: 610 },
      { activity_date: '2024-03-02', source: 'strava', source_activity_id: 'act-2', activity_type: 'cycling', start_time: '2024-03-02T09:00:00+00:00', duration_seconds: 3600, avg_power_watts: 190 },
    ],
    vary: (r, i) => ({ ...r, source_activity_id: `act-${i}`, activity_date: day(i % 300) }),
  },
  {
    fn: 'upsert_measurements',
    table: 'measurements',
    key: ['metric', 'measured_at', 'source'],
    base: [
      { metric: 'weight', value: 176.4, unit: 'lbs', measured_at: '2024-03-01T07:00:00+00:00', source: 'manual' },
      { metric: 'body_fat_pct', value: 18.2, unit: '%', measured_at: '2024-03-01T07:00:00+05:45', source: 'withings', notes: 'morning' },
    ],
    vary: (r, i) => ({ ...r, measured_at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString() }),
  },
];

interface Edit {
  row: number;
  /** A column of the table (picked modulo their count), or -1 for a key no table has. */
  column: number;
  op: 'set' | 'delete';
  value: unknown;
}

interface Input {
  rows: number;
  huge: boolean;
  edits: Edit[];
  /** Sends something other than an array of objects. */
  shape: 'array' | 'notArray' | 'withScalarRow';
  /** A client (its base rows without the server's source_updated_at) or a provider sync. */
  role: 'vitalis_api' | 'vitalis_worker';
  notArray: unknown;
}

const edit: fc.Arbitrary<Edit> = fc.record({ row: fc.nat(), column: fc.integer({ min: -1, max: 1000 }), op: fc.constantFrom('set' as const, 'set' as const, 'set' as const, 'delete' as const), value: weirdJson });

/** The field named first (`rows[3].steps: `, `date: `, `sessionDate must`), or a quoted column. */
export function namesField(message: string, columns: string[]): boolean {
  const camel = (c: string) => c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase());
  const names = new Set([...columns, ...columns.map(camel), 'rows']);
  // rows[3].steps, or rows[3]."a hostile key" (quoted as a JSON string when it is not a plain name).
  const head = /^(rows(?:\[\d+\])?(?:\.(?:"(?:[^"\\]|\\.)*"|[^\s,:"]*))?|[A-Za-z_][\w]*)(?::| must | is | are |, | for | ")/.exec(message);
  if (head && (names.has(head[1]!.replace(/^rows\[\d+\]\./, '')) || head[1]!.startsWith('rows'))) return true;
  const quoted = /column "([^"]+)"/.exec(message);
  if (quoted !== null && names.has(quoted[1]!)) return true;
  // A CHECK's own error: its name is <table>_<column>_<rule>, and the API answers it as that
  // field (describePgError), as every insert through GraphQL does.
  const check = /violates check constraint "([a-z0-9_]+)"/.exec(message);
  // A CHECK over two columns (end_after_start) has no column in its name: the API names its field
  // from src/server/checkMessages.ts, as it does for every GraphQL write.
  return check !== null && (columns.some((c) => check[1]!.includes(`_${c}_`)) || CHECK_MESSAGES[check[1]!]?.field !== undefined);
}

/** Thrown inside the transaction to roll back a write that read back right: cases stay independent. */
class RollBack extends Error {}

function upsertTarget(spec: Spec) {
  return defineTarget({
    name: spec.fn,
    description: `vitalis.${spec.fn} as a client (vitalis_api) and as a sync (vitalis_worker): refusals name the field and the rule and write nothing; writes read back as PostgreSQL converts the input`,
    setup: async (env: FuzzEnv) => {
      const { rows } = await env.pool.query<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'vitalis' and table_name = $1 order by ordinal_position`, [spec.table]);
      return { env, columns: rows.map((r) => r.column_name) };
    },
    arbitrary: () =>
      fc.record({
        rows: fc.integer({ min: 0, max: 4 }),
        huge: fc.nat({ max: 39 }).map((n) => n === 0),
        edits: fc.array(edit, { maxLength: 4 }),
        shape: fc.constantFrom('array' as const, 'array' as const, 'array' as const, 'array' as const, 'array' as const, 'array' as const, 'array' as const, 'array' as const, 'notArray' as const, 'withScalarRow' as const),
        notArray: weirdJson,
        role: fc.constantFrom('vitalis_api' as const, 'vitalis_worker' as const),
      }),
    run: async ({ env, columns }, input: Input) => {
      const count = input.huge ? 2000 : input.rows;
      const rows: Row[] = Array.from({ length: count }, (_, i) => {
        const row = spec.vary({ ...spec.base[i % spec.base.length]! }, i);
        if (input.role === 'vitalis_api') delete row.source_updated_at;
        return row;
      });
      for (const e of input.edits) {
        if (rows.length === 0) break;
        const row = rows[e.row % rows.length]!;
        const column = e.column < 0 ? 'no_such_field' : columns[e.column % columns.length]!;
        if (e.op === 'delete') delete row[column];
        else row[column] = e.value;
      }
      const payload: unknown = input.shape === 'notArray' ? input.notArray : input.shape === 'withScalarRow' ? [...rows, input.notArray] : rows;
      const userId = await newUser(env.pool);
      const before = await newUserCounts(env.pool);
      try {
        await inRequestTransaction(
          env.pool,
          { role: input.role, userId },
          async (client) => {
            const { rows: result } = await client.query<{ inserted: number; updated: number; skipped: number }>(`select inserted, updated, skipped from vitalis.${spec.fn}($1::jsonb)`, [JSON.stringify(payload)]);
            const r = result[0]!;
            const sent = Array.isArray(payload) ? payload.length : 0;
            if (r.inserted + r.updated + r.skipped !== sent) throw new FuzzViolation('unaccounted', `${sent} rows sent, ${r.inserted} inserted + ${r.updated} updated + ${r.skipped} skipped`);
            // What was sent: a "notArray" shape that happens to be an array (say []) is the batch.
            await readBack(client, spec, userId, payload as Row[]);
            throw new RollBack();
          },
          true,
        );
      } catch (error) {
        if (error instanceof RollBack) return 'imported';
        if (error instanceof FuzzViolation) throw error;
        const message = (error as Error).message;
        if (!(error as { code?: string }).code) throw error;
        if (!namesField(message, columns)) throw new FuzzViolation('unnamedRejection', message.slice(0, 300));
        expectUnchanged(before, await rowCounts(env.pool, userId), `refused: ${message.slice(0, 120)}`);
        return 'rejected';
      }
      throw new FuzzViolation('crash', 'the transaction neither rolled back nor failed');
    },
  });
}

/** Each row alone in the batch with its key, compared with PostgreSQL's own conversion of it. */
async function readBack(client: import('pg').PoolClient, spec: Spec, userId: string, rows: Row[]): Promise<void> {
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(spec.key.map((k) => r[k] ?? null));
  const { rows: converted } = await client.query<{ want: Record<string, unknown> }>(
    `select to_jsonb(r) as want from jsonb_array_elements($1::jsonb) with ordinality e(j, i) cross join lateral jsonb_populate_record(null::vitalis.${spec.table}, e.j) r order by e.i`,
    [JSON.stringify(rows)],
  );
  const counts = new Map<string, number>();
  for (const c of converted) counts.set(keyOf(c.want), (counts.get(keyOf(c.want)) ?? 0) + 1);
  let checked = 0;
  for (const [i, { want }] of converted.entries()) {
    if (counts.get(keyOf(want)) !== 1) continue;
    // A huge batch is checked on its first rows: one query per row would dominate the run.
    if (++checked > 25) break;
    const where = spec.key.map((k) => `t.${k} is not distinct from (jsonb_populate_record(null::vitalis.${spec.table}, $2::jsonb)).${k}`).join(' and ');
    const { rows: stored } = await client.query<{ got: Record<string, unknown> }>(`select to_jsonb(t) as got from vitalis.${spec.table} t where t.user_id = $1 and ${where}`, [userId, JSON.stringify(want)]);
    if (stored.length !== 1) throw new FuzzViolation('readbackMismatch', `row ${i} (${keyOf(want)}): ${stored.length} rows stored`);
    const got = stored[0]!.got;
    for (const field of Object.keys(rows[i]!)) {
      const w = want[field];
      // Ids, timestamps of the row itself and deleted_at are the table's to set: a client's batch
      // naming them is refused, a sync's has them ignored (docs/fuzzing.md).
      if (w === null || w === undefined || /_id$/.test(field) && field !== 'source_activity_id' || ['created_at', 'updated_at', 'deleted_at'].includes(field)) continue;
      const g = got[field];
      const same = field === 'raw_data' && w && typeof w === 'object' && !Array.isArray(w) ? Object.entries(w).every(([k, v]) => JSON.stringify((g as Row)?.[k]) === JSON.stringify(v)) : JSON.stringify(g) === JSON.stringify(w);
      if (!same) throw new FuzzViolation('readbackMismatch', `row ${i} ${field}: sent ${JSON.stringify(rows[i]![field]).slice(0, 80)}, converts to ${JSON.stringify(w).slice(0, 80)}, stored ${JSON.stringify(g).slice(0, 80)}`);
    }
  }
}

export const upsertTargets = SPECS.map(upsertTarget);
