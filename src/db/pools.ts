import type { Pool } from 'pg';

/**
 * pool.end() resolves once every client is out of the pool, while their connections are still
 * closing. Stopping PostgreSQL right after (the embedded database on shutdown) then kills them
 * mid-goodbye ("terminating connection due to administrator command"). Wait for the 'remove'
 * event of every client, which pg-pool emits once its connection has really ended.
 */
export async function endPool(pool: Pool, timeoutMs = 5000): Promise<void> {
  if (pool.ending || pool.ended) return;
  let pending = pool.totalCount;
  let timer: NodeJS.Timeout | undefined;
  const removed =
    pending === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const onRemove = () => {
            if (--pending > 0) return;
            pool.off('remove', onRemove);
            resolve();
          };
          pool.on('remove', onRemove);
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        });
  await pool.end();
  await removed;
  clearTimeout(timer);
}
