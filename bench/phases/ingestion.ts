// Phase 1, ingestion, per wearable table: vitalis.upsert_* as a provider sync calls them (the
// worker acting as the user, versioned rows) for the upsert cohort (one transaction per user,
// per-source batches, audit triggers included), the same batches again (an idempotent no-op),
// then COPY as superuser of half the COPY cohort in one statement, after the same COPY with the
// audit INSERT trigger disabled in a rolled-back transaction (what auditing costs), and of the
// other half one committed transaction per user (the upserts' unit of work).

import type { Pool, PoolClient } from 'pg';
import { copyInto, copyLine } from '../copy';
import { ACTIVITY_COLUMNS, DAILY_COLUMNS, SLEEP_COLUMNS, type BenchUser, type Row, type WearableData } from '../generate';
import { SET_SYNC_SQL, auditCount, auditInsertTrigger, warmUp, withClient } from '../pg';
import type { BenchResult, CopyPhaseResult, TableIngestionResult, UpsertPhaseResult, WearableTable } from '../result';
import { elapsedMs, perSecond, summarize } from '../stats';

export interface TableSpec {
  table: WearableTable;
  fn: string;
  columns: readonly string[];
  pick: (data: WearableData) => Row[];
}

export const TABLES: readonly TableSpec[] = [
  { table: 'wearable_daily', fn: 'vitalis.upsert_wearable_daily', columns: DAILY_COLUMNS, pick: (d) => d.daily },
  { table: 'wearable_sleep', fn: 'vitalis.upsert_wearable_sleep', columns: SLEEP_COLUMNS, pick: (d) => d.sleep },
  { table: 'wearable_activities', fn: 'vitalis.upsert_wearable_activities', columns: ACTIVITY_COLUMNS, pick: (d) => d.activities },
];

/** Per-source batches of at most batchSize rows, each already serialised to JSON. */
function batchesFor(rows: readonly Row[], batchSize: number): { json: string; rows: number }[] {
  const bySource = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row.source);
    const list = bySource.get(key) ?? [];
    list.push(row);
    bySource.set(key, list);
  }
  const batches: { json: string; rows: number }[] = [];
  for (const list of bySource.values()) {
    for (let i = 0; i < list.length; i += batchSize) {
      const chunk = list.slice(i, i + batchSize);
      batches.push({ json: JSON.stringify(chunk), rows: chunk.length });
    }
  }
  return batches;
}

interface UserBatches {
  userId: string;
  batches: { json: string; rows: number }[];
}

async function runUpserts(client: PoolClient, fn: string, users: readonly UserBatches[]): Promise<{ inserted: number; updated: number; skipped: number; batchMs: number[] }> {
  const totals = { inserted: 0, updated: 0, skipped: 0, batchMs: [] as number[] };
  const sql = `select inserted, updated, skipped from ${fn}($1::jsonb)`;
  for (const user of users) {
    await client.query('begin');
    try {
      await client.query(SET_SYNC_SQL, [user.userId]);
      for (const batch of user.batches) {
        const t0 = process.hrtime.bigint();
        const { rows } = await client.query(sql, [batch.json]);
        totals.batchMs.push(elapsedMs(t0));
        const r = rows[0] as { inserted: number; updated: number; skipped: number };
        totals.inserted += r.inserted;
        totals.updated += r.updated;
        totals.skipped += r.skipped;
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  }
  return totals;
}

async function upsertPhase(pool: Pool, spec: TableSpec, users: readonly UserBatches[], method: UpsertPhaseResult['method']): Promise<UpsertPhaseResult> {
  const auditBefore = await auditCount(pool);
  const rows = users.reduce((n, u) => n + u.batches.reduce((m, b) => m + b.rows, 0), 0);
  const { ms, result } = await withClient(pool, async (client) => {
    const t0 = process.hrtime.bigint();
    const result = await runUpserts(client, spec.fn, users);
    return { ms: elapsedMs(t0), result };
  });
  return {
    method,
    users: users.length,
    batches: result.batchMs.length,
    rows,
    ms: Math.round(ms),
    rowsPerSec: perSecond(rows, ms),
    inserted: result.inserted,
    updated: result.updated,
    skipped: result.skipped,
    auditRows: (await auditCount(pool)) - auditBefore,
    batchLatency: summarize(result.batchMs),
  };
}

async function warmUpUpserts(pool: Pool, fn: string, user: UserBatches): Promise<void> {
  await withClient(pool, async (client) => {
    // runUpserts commits; a savepoint-free rollback is simpler with its own transaction here.
    await client.query('begin');
    try {
      await client.query(SET_SYNC_SQL, [user.userId]);
      for (const batch of user.batches) await client.query(`select * from ${fn}($1::jsonb)`, [batch.json]);
    } finally {
      await client.query('rollback');
    }
  });
}

/** Each user's rows of the table as one chunk of COPY text, with the row and byte counts. */
function copyChunks(spec: TableSpec, users: readonly BenchUser[], wearables: readonly WearableData[]): { columns: string[]; chunks: Buffer[]; rows: number; bytes: number } {
  const columns = ['user_id', ...spec.columns];
  const chunks = users.map((u) => Buffer.from(spec.pick(wearables[u.index] as WearableData).map((row) => copyLine([u.userId], row, spec.columns)).join('')));
  const rows = users.reduce((n, u) => n + spec.pick(wearables[u.index] as WearableData).length, 0);
  return { columns, chunks, rows, bytes: chunks.reduce((n, c) => n + c.length, 0) };
}

/**
 * COPY of one user's rows per committed transaction, each timed with its begin and commit, as
 * runUpserts times a user's batches: upserts and COPY compared with the same unit of work.
 */
async function copyPerUser(pool: Pool, spec: TableSpec, users: readonly BenchUser[], wearables: readonly WearableData[]): Promise<CopyPhaseResult> {
  const { columns, chunks, rows, bytes } = copyChunks(spec, users, wearables);
  const auditBefore = await auditCount(pool);
  const { ms, copied } = await withClient(pool, async (client) => {
    let copied = 0;
    const tc = process.hrtime.bigint();
    for (const chunk of chunks) {
      await client.query('begin');
      copied += await copyInto(client, `vitalis.${spec.table}`, columns, [chunk]);
      await client.query('commit');
    }
    return { ms: elapsedMs(tc), copied };
  });
  if (copied !== rows) throw new Error(`COPY into ${spec.table} wrote ${copied} rows, expected ${rows}`);
  return { method: 'copy_per_user', users: users.length, rows, bytes, ms: Math.round(ms), rowsPerSec: perSecond(rows, ms), auditRows: (await auditCount(pool)) - auditBefore };
}

/** COPY of the COPY cohort's rows: first with the audit INSERT trigger disabled (rolled back), then for real. */
async function copyPhases(pool: Pool, spec: TableSpec, copyCohort: readonly BenchUser[], wearables: readonly WearableData[], log: (message: string) => void): Promise<{ copy: CopyPhaseResult; copyWithoutAudit: CopyPhaseResult | null }> {
  let copyWithoutAudit: CopyPhaseResult | null = null;
  const { columns, chunks, rows, bytes } = copyChunks(spec, copyCohort, wearables);
  const firstChunk = chunks[0];
  if (firstChunk) await warmUp(pool, (client) => copyInto(client, `vitalis.${spec.table}`, columns, [firstChunk]));
  // The same COPY without the audit INSERT trigger, rolled back: what auditing costs.
  const auditTrigger = await auditInsertTrigger(pool, spec.table);
  if (auditTrigger) {
    const noAuditMs = await withClient(pool, async (client) => {
      await client.query('begin');
      try {
        await client.query(`alter table vitalis.${spec.table} disable trigger ${client.escapeIdentifier(auditTrigger)}`);
        const tc = process.hrtime.bigint();
        const copied = await copyInto(client, `vitalis.${spec.table}`, columns, chunks);
        const took = elapsedMs(tc);
        if (copied !== rows) throw new Error(`COPY into ${spec.table} wrote ${copied} rows, expected ${rows}`);
        return took;
      } finally {
        await client.query('rollback');
      }
    });
    copyWithoutAudit = { method: 'copy_without_audit', users: copyCohort.length, rows, bytes, ms: Math.round(noAuditMs), rowsPerSec: perSecond(rows, noAuditMs), auditRows: 0 };
    log(`${spec.table}: COPY without audit trigger (rolled back) ${copyWithoutAudit.rowsPerSec} rows/s`);
  }
  // Rolled-back rows leave dead index entries on the very keys about to be loaded.
  await pool.query(`vacuum vitalis.${spec.table}`);
  const auditBefore = await auditCount(pool);
  const { ms, copied } = await withClient(pool, async (client) => {
    const tc = process.hrtime.bigint();
    await client.query('begin');
    const copied = await copyInto(client, `vitalis.${spec.table}`, columns, chunks);
    await client.query('commit');
    return { ms: elapsedMs(tc), copied };
  });
  if (copied !== rows) throw new Error(`COPY into ${spec.table} wrote ${copied} rows, expected ${rows}`);
  const copy: CopyPhaseResult = { method: 'copy', users: copyCohort.length, rows, bytes, ms: Math.round(ms), rowsPerSec: perSecond(rows, ms), auditRows: (await auditCount(pool)) - auditBefore };
  log(`${spec.table}: COPY ${rows} rows in ${copy.ms} ms (${copy.rowsPerSec} rows/s)`);
  return { copy, copyWithoutAudit };
}

export interface IngestionInput {
  wearables: readonly WearableData[];
  upsertCohort: readonly BenchUser[];
  copyCohort: readonly BenchUser[];
  batchSize: number;
  log: (message: string) => void;
}

export async function runIngestion(pool: Pool, input: IngestionInput): Promise<BenchResult['ingestion']> {
  const { wearables, upsertCohort, copyCohort, log } = input;
  const tables: TableIngestionResult[] = [];
  for (const spec of TABLES) {
    const batches: UserBatches[] = upsertCohort.map((u) => ({ userId: u.userId, batches: batchesFor(spec.pick(wearables[u.index] as WearableData), input.batchSize) }));
    const first = batches[0];
    if (first) {
      await warmUpUpserts(pool, spec.fn, first);
      await pool.query(`vacuum vitalis.${spec.table}`);
    }
    log(`${spec.table}: upsert ${upsertCohort.length} users`);
    const upsert = await upsertPhase(pool, spec, batches, 'upsert');
    log(`${spec.table}: upsert ${upsert.rows} rows in ${upsert.ms} ms (${upsert.rowsPerSec} rows/s); re-run`);
    const rerun = await upsertPhase(pool, spec, batches, 'upsert_rerun');
    log(`${spec.table}: re-run ${rerun.rowsPerSec} rows/s`);
    // Half the COPY cohort in one statement, the other half a transaction per user (with a single
    // COPY user, the one statement only).
    const bulk = copyCohort.length > 1 ? copyCohort.filter((_, i) => i % 2 === 0) : copyCohort;
    const single = copyCohort.length > 1 ? copyCohort.filter((_, i) => i % 2 === 1) : [];
    const { copy, copyWithoutAudit } = bulk.length > 0 ? await copyPhases(pool, spec, bulk, wearables, log) : { copy: null, copyWithoutAudit: null };
    const perUser = single.length > 0 ? await copyPerUser(pool, spec, single, wearables) : null;
    if (perUser) log(`${spec.table}: COPY a transaction per user, ${perUser.rows} rows in ${perUser.ms} ms (${perUser.rowsPerSec} rows/s)`);
    tables.push({ table: spec.table, upsert, rerun, copy, copyWithoutAudit, copyPerUser: perUser });
  }
  const sum = (pick: (t: TableIngestionResult) => { rows: number; ms: number } | null) => {
    const parts = tables.map(pick).filter((p): p is { rows: number; ms: number } => p !== null);
    return parts.length ? perSecond(parts.reduce((n, p) => n + p.rows, 0), parts.reduce((n, p) => n + p.ms, 0)) : null;
  };
  return {
    batchSize: input.batchSize,
    tables,
    totals: {
      upsertRowsPerSec: sum((t) => t.upsert) ?? 0,
      rerunRowsPerSec: sum((t) => t.rerun) ?? 0,
      copyRowsPerSec: sum((t) => t.copy),
    },
  };
}
