import { Gauge, type Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { DatabaseSnapshot, DatabaseSnapshotCache } from './databaseSnapshot';

/**
 * Gauges computed on scrape: the API pool's use (from node-pg, free) and the cached database
 * snapshot (queue, provider syncs, backups). When the snapshot cannot be read, its gauges are
 * left out of that scrape and vitalis_metrics_database_up is 0. (A gauge without labels shows 0
 * unless removed: remove() is what makes "absent when none" true.)
 */
export function registerDatabaseGauges(registry: Registry, pool: Pool, snapshots: DatabaseSnapshotCache): void {
  const registers = [registry];
  new Gauge({
    name: 'vitalis_db_pool_connections',
    help: 'Connections of the API pool (vitalis_authenticator), by state: total (open), idle, waiting (requests queued for a connection).',
    labelNames: ['state'],
    registers,
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });

  // One snapshot per scrape, shared by the gauges below (each collect() asks the cache).
  const up = new Gauge({ name: 'vitalis_metrics_database_up', help: '1 when the database numbers of this scrape could be read, else 0.', registers });
  const read = async (): Promise<DatabaseSnapshot | undefined> => {
    try {
      const snapshot = await snapshots.get();
      up.set(1);
      return snapshot;
    } catch {
      up.set(0);
      return undefined;
    }
  };

  const queueGauge = (name: string, help: string, value: (q: NonNullable<DatabaseSnapshot['queue']>[number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['task'],
      registers,
      async collect() {
        this.reset();
        for (const q of (await read())?.queue ?? []) {
          const v = value(q);
          if (v !== null) this.set({ task: q.task }, v);
        }
      },
    });
  queueGauge('vitalis_job_queue_depth', 'graphile-worker jobs ready to run now (not locked, attempts left), by task.', (q) => q.ready);
  queueGauge('vitalis_job_queue_scheduled', 'graphile-worker jobs waiting for their run_at (scheduled or retrying later), by task.', (q) => q.scheduled);
  queueGauge('vitalis_job_queue_running', 'graphile-worker jobs locked by a worker, by task.', (q) => q.running);
  queueGauge('vitalis_job_queue_failed', 'graphile-worker jobs that failed every attempt and stay in the queue, by task.', (q) => q.failed);
  queueGauge('vitalis_job_queue_oldest_age_seconds', 'How long the oldest job ready to run has waited, by task (absent when none is ready).', (q) => q.oldest_ready_seconds);

  const syncGauge = (name: string, help: string, value: (s: DatabaseSnapshot['sync'][number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['provider'],
      registers,
      async collect() {
        this.reset();
        for (const s of (await read())?.sync ?? []) this.set({ provider: s.provider }, value(s));
      },
    });
  syncGauge('vitalis_provider_connections_failing', 'Active provider connections whose last sync failed (last_sync_status error), by provider.', (s) => s.connections_failing);
  syncGauge('vitalis_provider_connections_partial', 'Active provider connections whose last sync stopped part way (last_sync_status partial), by provider.', (s) => s.connections_partial);
  syncGauge('vitalis_provider_sync_failures_24h', 'Provider sync jobs (daily, backfill, webhook) that failed every attempt in the last 24 hours, by provider.', (s) => s.jobs_failed_24h);

  new Gauge({
    name: 'vitalis_last_backup_age_seconds',
    help: 'Seconds since the last successful backup finished (absent when none has).',
    registers,
    async collect() {
      const age = (await read())?.last_backup_age_seconds;
      if (age === null || age === undefined) this.remove();
      else this.set(age);
    },
  });
  new Gauge({
    name: 'vitalis_last_restore_test_success',
    help: '1 when the last finished restore test succeeded, 0 when it failed (absent when none has finished).',
    registers,
    async collect() {
      const ok = (await read())?.last_restore_test_success;
      if (ok === null || ok === undefined) this.remove();
      else this.set(ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'vitalis_worker_up',
    help: '1 when at least one worker process holds its liveness lock on this database, else 0.',
    registers,
    async collect() {
      const snapshot = await read();
      if (snapshot) this.set(snapshot.worker_alive ? 1 : 0);
      else this.remove();
    },
  });
}
