// After the run, as superuser (no RLS): every acknowledged write is in the database exactly once
// with the value the client sent, no unacknowledged write is there more than once, nothing of this
// run is there that no client sent, and every acknowledged import ended with its file's rows.
import type { Pool } from 'pg';
import type { LedgerWrite, WriteKind } from './ledger';
import { addDays, RESYNC_DAYS, WRITE_RANGES } from './operations';

export interface KindReconciliation {
  /** Writes the clients sent (rows, for batch upserts). */
  sent: number;
  acknowledged: number;
  /** Acknowledged and found exactly once with the value sent. */
  confirmed: number;
  lost: number;
  duplicated: number;
  wrongValue: number;
  /** Not acknowledged (error, timeout) but committed once all the same, and no acknowledged copy of it sent: allowed, reported. */
  unacknowledgedPresent: number;
  unacknowledgedDuplicated: number;
  /** Rows of this run that no client sent. */
  phantom: number;
}

export interface Reconciliation {
  exact: boolean;
  kinds: Record<WriteKind, KindReconciliation>;
  imports: {
    acknowledged: number;
    succeeded: number;
    /** Status of the jobs that did not succeed, e.g. { failed: 1, running: 2 }. */
    notSucceeded: Record<string, number>;
    /** Acknowledged imports whose job result's set count or stored sets differ from the file's rows. */
    rowCountMismatches: number;
    /** Jobs of the run's users beyond one per upload that reached the server. */
    extraJobs: number;
  };
  /** Every discrepancy, precisely (the first 200). */
  mismatches: string[];
  mismatchCount: number;
}

interface Found {
  count: number;
  values: number[];
}

const KINDS: WriteKind[] = ['measurement', 'mood', 'daily', 'activity', 'strongImport', 'appleHealthImport', 'appleHealthMeasurement'];
/** Kinds whose writes are rows of their own; an Apple Health file is checked through its job and its records. */
const ROW_KINDS = new Set<WriteKind>(KINDS.filter((k) => k !== 'appleHealthImport'));
const IMPORT_KINDS = new Set<WriteKind>(['strongImport', 'appleHealthImport']);

/** identity-keyed rows of each kind in the database: user id + '|' + identity -> count and values. */
async function foundRows(pool: Pool, runId: string, userIds: string[]): Promise<Record<WriteKind, Map<string, Found>>> {
  const like = `${runId}:%`;
  const queries: Record<WriteKind, [string, unknown[]]> = {
    measurement: [`select user_id::text, notes as identity, value::float8 as value from vitalis.measurements where notes like $1`, [like]],
    mood: [`select user_id::text, notes as identity, mood_score::float8 as value from vitalis.mood_journal where notes like $1`, [like]],
    daily: [
      `select user_id::text, date::text as identity, steps::float8 as value from vitalis.wearable_daily
        where user_id = any($1::uuid[]) and source = 'garmin' and date >= $2::date and date < $3::date`,
      [userIds, WRITE_RANGES.dailyFrom, addDays(WRITE_RANGES.resyncFrom, RESYNC_DAYS)],
    ],
    activity: [`select user_id::text, source_activity_id as identity, duration_seconds::float8 as value from vitalis.wearable_activities where source_activity_id like $1`, [like]],
    strongImport: [
      `select s.user_id::text, s.name as identity, (select count(*) from vitalis.lifting_sets x where x.session_id = s.session_id and x.user_id = s.user_id)::float8 as value
         from vitalis.lifting_sessions s where s.name like $1`,
      [like],
    ],
    appleHealthImport: [`select null::text as user_id, null::text as identity, 0::float8 as value where false`, []],
    appleHealthMeasurement: [
      `select user_id::text, to_char(measured_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as identity, value::float8 as value
         from vitalis.measurements where user_id = any($1::uuid[]) and source = 'apple_health' and metric = 'weight'`,
      [userIds],
    ],
  };
  const out = {} as Record<WriteKind, Map<string, Found>>;
  for (const kind of KINDS) {
    const [text, params] = queries[kind];
    const map = new Map<string, Found>();
    for (const row of (await pool.query<{ user_id: string; identity: string; value: number }>(text, params)).rows) {
      const key = `${row.user_id}|${row.identity}`;
      const found = map.get(key) ?? { count: 0, values: [] };
      found.count++;
      found.values.push(row.value);
      map.set(key, found);
    }
    out[kind] = map;
  }
  return out;
}

function emptyKind(): KindReconciliation {
  return { sent: 0, acknowledged: 0, confirmed: 0, lost: 0, duplicated: 0, wrongValue: 0, unacknowledgedPresent: 0, unacknowledgedDuplicated: 0, phantom: 0 };
}

/** The rows of the file the job says it read: a Strong file's sets, an Apple Health export's records. */
function importRows(kind: WriteKind, result: unknown): number | null {
  const r = result as { rows?: { sets?: unknown }; recordsRead?: unknown; measurements?: { inserted: number; updated: number; skipped: number } } | null;
  if (kind === 'strongImport') return typeof r?.rows?.sets === 'number' ? r.rows.sets : null;
  const m = r?.measurements;
  // Every record read must have become a measurement: new, changed or already there.
  return typeof r?.recordsRead === 'number' && m && m.inserted + m.updated + m.skipped === r.recordsRead ? r.recordsRead : null;
}

/** Waits (up to the deadline) until every ingestion job of the run's users has ended, so reconciliation sees the worker's final word. */
export async function waitForJobs(pool: Pool, userIds: string[], deadline: number): Promise<number> {
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from vitalis.ingestion_jobs where user_id = any($1::uuid[]) and status not in ('succeeded', 'failed', 'canceled')`,
      [userIds],
    );
    if (rows[0]!.n === 0 || Date.now() >= deadline) return rows[0]!.n;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function reconcile(pool: Pool, runId: string, userIds: string[], writes: LedgerWrite[]): Promise<Reconciliation> {
  const found = await foundRows(pool, runId, userIds);
  const kinds = Object.fromEntries(KINDS.map((k) => [k, emptyKind()])) as Record<WriteKind, KindReconciliation>;
  const mismatches: string[] = [];
  const sentKeys = new Set<string>();
  const acknowledgedKeys = new Set(writes.filter((w) => w.acknowledged).map((w) => `${w.kind}|${w.userId}|${w.identity}`));
  for (const w of writes) {
    const k = kinds[w.kind];
    if (!ROW_KINDS.has(w.kind)) {
      k.sent++;
      if (w.acknowledged) k.acknowledged++;
      continue;
    }
    const key = `${w.userId}|${w.identity}`;
    sentKeys.add(`${w.kind}|${key}`);
    const row = found[w.kind].get(key) ?? { count: 0, values: [] };
    k.sent++;
    if (w.acknowledged) {
      k.acknowledged++;
      if (row.count === 0) {
        k.lost++;
        mismatches.push(`lost: ${w.kind} ${w.identity} of user ${w.userId} was acknowledged but is not in the database`);
      } else if (row.count > 1) {
        k.duplicated++;
        mismatches.push(`duplicated: ${w.kind} ${w.identity} of user ${w.userId} was acknowledged once and is there ${row.count} times`);
      } else if (row.values[0] !== w.expected) {
        k.wrongValue++;
        mismatches.push(`wrong value: ${w.kind} ${w.identity} of user ${w.userId} holds ${row.values[0]}, the client sent ${w.expected}`);
      } else {
        k.confirmed++;
      }
    } else if (row.count === 1) {
      // Present through its acknowledged twin (a double submit refused as CONFLICT) is no news.
      if (!acknowledgedKeys.has(`${w.kind}|${key}`)) k.unacknowledgedPresent++;
    } else if (row.count > 1) {
      k.unacknowledgedDuplicated++;
      mismatches.push(`duplicated: ${w.kind} ${w.identity} of user ${w.userId} was not acknowledged (${w.failure?.code}) and is there ${row.count} times`);
    }
  }
  for (const kind of KINDS) {
    for (const [key, row] of found[kind]) {
      if (sentKeys.has(`${kind}|${key}`)) continue;
      kinds[kind].phantom += row.count;
      mismatches.push(`phantom: ${kind} ${key.split('|')[1]} of user ${key.split('|')[0]} is in the database ${row.count} time(s) but no client sent it`);
    }
  }

  // Imports: the worker's job must have succeeded with the file's rows.
  const uploads = writes.filter((w) => IMPORT_KINDS.has(w.kind));
  const acknowledged = uploads.filter((w) => w.acknowledged && w.job);
  const jobs = new Map(
    (await pool.query<{ job_id: string; status: string; result: unknown; error_message: string | null }>(
      `select job_id::text, status::text, result, error_message from vitalis.ingestion_jobs where job_id = any($1::uuid[])`,
      [acknowledged.map((w) => w.job!.jobId)],
    )).rows.map((r) => [r.job_id, r]),
  );
  const imports: Reconciliation['imports'] = { acknowledged: acknowledged.length, succeeded: 0, notSucceeded: {}, rowCountMismatches: 0, extraJobs: 0 };
  for (const w of acknowledged) {
    const job = jobs.get(w.job!.jobId);
    const status = job?.status ?? 'missing';
    if (status !== 'succeeded') {
      imports.notSucceeded[status] = (imports.notSucceeded[status] ?? 0) + 1;
      mismatches.push(`import ${w.identity} of user ${w.userId}: job ${w.job!.jobId} is ${status}${job?.error_message ? ` (${job.error_message})` : ''}`);
      continue;
    }
    imports.succeeded++;
    const reported = importRows(w.kind, job?.result);
    // A workout's sets are counted in the database here; an export's records are rows of their own (appleHealthMeasurement).
    const stored = w.kind === 'strongImport' ? (found.strongImport.get(`${w.userId}|${w.identity}`)?.values[0] ?? 0) : w.expected;
    if (reported !== w.expected || stored !== w.expected) {
      imports.rowCountMismatches++;
      mismatches.push(`import ${w.identity} of user ${w.userId}: the file has ${w.expected} rows, the job reports ${reported}, the database holds ${stored}`);
    } else if (!ROW_KINDS.has(w.kind)) {
      kinds[w.kind].confirmed++;
    }
  }
  const reachedServer = uploads.filter((w) => w.acknowledged || w.failure?.statusClass === 'timeout' || w.failure?.statusClass === 'network' || w.failure?.statusClass === '5xx').length;
  const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from vitalis.ingestion_jobs where user_id = any($1::uuid[]) and job_type = 'file_import'`, [userIds]);
  imports.extraJobs = Math.max(0, rows[0]!.n - reachedServer);
  if (imports.extraJobs > 0) mismatches.push(`imports: ${rows[0]!.n} file-import jobs for ${reachedServer} uploads that may have reached the server`);

  return { exact: mismatches.length === 0, kinds, imports, mismatches: mismatches.slice(0, 200), mismatchCount: mismatches.length };
}
