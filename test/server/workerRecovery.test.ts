// Crashed-worker recovery (DESIGN.md section 6): jobs locked by a worker that holds no liveness
// lock are released; jobs of live workers, and very recent locks, are left alone.
import { Pool } from 'pg';
import { endPool } from '../../src/db/pools';
import { releaseDeadWorkerLocks, WorkerLiveness } from '../../src/jobs/workerRecovery';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase({ ignoreIdleClientErrors: true });

async function addLockedJob(key: string, lockedBy: string, lockedAgo: string, queue: string | null = null): Promise<void> {
  await db.pool.query(`select graphile_worker.add_job('partitions__ensure', '{}'::json, queue_name => $2, job_key => $1)`, [key, queue]);
  await db.pool.query(
    `update graphile_worker._private_jobs set locked_by = $2, locked_at = now() - $3::interval, attempts = 1 where key = $1`,
    [key, lockedBy, lockedAgo],
  );
  if (queue) {
    await db.pool.query(`update graphile_worker._private_job_queues set locked_by = $2, locked_at = now() - $3::interval where queue_name = $1`, [
      queue,
      lockedBy,
      lockedAgo,
    ]);
  }
}

async function locks(): Promise<Record<string, string | null>> {
  const { rows } = await db.pool.query<{ key: string; locked_by: string | null }>('select key, locked_by from graphile_worker._private_jobs order by key');
  return Object.fromEntries(rows.map((r) => [r.key, r.locked_by]));
}

test('releases the jobs and queues of dead workers only', async () => {
  await addLockedJob('dead', 'worker-dead', '10 minutes');
  await addLockedJob('dead-serial', 'worker-dead-serial', '10 minutes', 'serial');
  await addLockedJob('live', 'worker-live', '10 minutes');
  await addLockedJob('pool', 'pool-live', '2 hours');
  await addLockedJob('fresh', 'worker-fresh', '1 second');

  const liveness = new WorkerLiveness(db.url);
  await liveness.start();
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    await liveness.hold('worker-live');
    await liveness.hold('pool-live');
    await liveness.hold('worker-live'); // idempotent

    expect(await releaseDeadWorkerLocks(pool)).toEqual(['worker-dead', 'worker-dead-serial']);
    expect(await locks()).toEqual({ dead: null, 'dead-serial': null, fresh: 'worker-fresh', live: 'worker-live', pool: 'pool-live' });
    const { rows } = await db.pool.query(`select locked_by from graphile_worker._private_job_queues where queue_name = 'serial'`);
    expect(rows).toEqual([{ locked_by: null }]);

    // A released worker id is dead again.
    await liveness.release('pool-live');
    expect(await releaseDeadWorkerLocks(pool)).toEqual(['pool-live']);

    // The process ends: its session and every liveness lock with it.
    await liveness.close();
    expect(await releaseDeadWorkerLocks(pool, { graceSeconds: 0 })).toEqual(['worker-fresh', 'worker-live']);
    expect(Object.values(await locks())).toEqual([null, null, null, null, null]);
  } finally {
    await liveness.close();
    await endPool(pool);
  }
});

test('liveness locks survive a lost connection: they are taken again on reconnect', async () => {
  const liveness = new WorkerLiveness(db.url);
  await liveness.start();
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    await addLockedJob('reconnect', 'worker-reconnect', '10 minutes');
    await liveness.hold('worker-reconnect');
    await db.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'vitalis-worker-liveness' and datname = current_database()`);
    // Reconnects after about a second and re-takes the lock.
    let held = false;
    for (let i = 0; i < 50 && !held; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const { rows } = await db.pool.query(
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and objsubid = 2 and objid = hashtext('worker-reconnect')::oid`,
      );
      held = rows[0].n === 1;
    }
    expect(held).toBe(true);
    expect(await releaseDeadWorkerLocks(pool)).toEqual([]);
  } finally {
    await liveness.close();
    await endPool(pool);
  }
});
