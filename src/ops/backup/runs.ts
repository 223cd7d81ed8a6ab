// vitalis.backup_runs, written through its recorder functions (migrations/current/2-backups.sql).
import type { Pool, PoolClient } from 'pg';

type Queryable = Pool | PoolClient;

export async function beginRun(db: Queryable, kind: 'backup' | 'restore_test', tier: string | null): Promise<string> {
  const { rows } = await db.query<{ id: string }>('select vitalis_private.begin_backup_run($1, $2) as id', [kind, tier]);
  return rows[0]!.id;
}

export interface RunOutcome {
  status: 'succeeded' | 'failed';
  objectKey?: string | null;
  bytes?: number | null;
  rowCount?: number | null;
  details?: unknown;
  error?: string | null;
}

export async function finishRun(db: Queryable, runId: string, outcome: RunOutcome): Promise<void> {
  await db.query('select vitalis_private.finish_backup_run($1, $2, $3, $4, $5, $6, $7)', [
    runId,
    outcome.status,
    outcome.objectKey ?? null,
    outcome.bytes ?? null,
    outcome.rowCount ?? null,
    outcome.details === undefined ? null : JSON.stringify(outcome.details),
    outcome.error ?? null,
  ]);
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
