import type { Pool } from 'pg';

export interface QueueStats {
  task: string;
  ready: number;
  scheduled: number;
  running: number;
  failed: number;
  /** How long the oldest job ready to run has waited; null when none is ready. */
  oldest_ready_seconds: number | null;
}

export interface SyncStats {
  provider: string;
  connections_failing: number;
  connections_partial: number;
  jobs_failed_24h: number;
}

/** What vitalis_private.metrics_snapshot() (migrations/current/4-metrics.sql) returns. */
export interface DatabaseSnapshot {
  /** Null when graphile-worker's bridge (sql/worker_bridge.sql) is not installed. */
  queue: QueueStats[] | null;
  sync: SyncStats[];
  /** Null when no backup has succeeded (or the backups table does not exist). */
  last_backup_age_seconds: number | null;
  /** Null when no restore test has finished. */
  last_restore_test_success: boolean | null;
  worker_alive: boolean;
}

/**
 * The cross-user numbers behind /metrics and /readyz, read at most once per `ttlMs`: concurrent
 * and repeated scrapes share one query (and one pool connection), so a scrape storm costs one
 * query every ttlMs. A failed read is not cached beyond the call that failed.
 */
export class DatabaseSnapshotCache {
  private current: { at: number; value: Promise<DatabaseSnapshot> } | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly ttlMs = 10_000,
  ) {}

  get(): Promise<DatabaseSnapshot> {
    const now = Date.now();
    if (this.current && now - this.current.at < this.ttlMs) return this.current.value;
    const value = this.read();
    const entry = { at: now, value };
    this.current = entry;
    value.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    return value;
  }

  private async read(): Promise<DatabaseSnapshot> {
    const { rows } = await this.pool.query<{ snapshot: DatabaseSnapshot }>('select vitalis_private.metrics_snapshot() as snapshot');
    return rows[0]!.snapshot;
  }
}
