// tasks/partitions__ensure.ts, called directly with a pg client (graphile-worker itself is ESM
// and cannot be loaded inside jest; test/server/worker.test.ts runs the real worker process).
import { Client } from 'pg';
import partitionsEnsure, { ensureFuturePartitions } from '../../tasks/partitions__ensure';
import { withCredentials } from '../../src/db/url';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase({ ignoreIdleClientErrors: true });

/** Drops next year's wearable partitions and audit_log's last future quarter; returns their names. */
async function dropFuturePartitions(): Promise<string[]> {
  const { rows } = await db.pool.query<{ name: string }>(
    `select t || '_y' || to_char(current_date + interval '1 year', 'YYYY') as name
       from unnest(array['wearable_daily', 'wearable_sleep', 'wearable_activities']) t
     union all
     select 'audit_log_' || to_char(date_trunc('quarter', current_date) + interval '1 year', 'YYYY"q"Q')`,
  );
  for (const { name } of rows) await db.pool.query(`drop table vitalis."${name}"`);
  return rows.map((r) => r.name);
}

async function existing(names: string[]): Promise<string[]> {
  const { rows } = await db.pool.query<{ relname: string }>(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'vitalis' and c.relname = any($1) order by 1`,
    [names],
  );
  return rows.map((r) => r.relname);
}

test('creates the missing future partitions as vitalis_worker, then nothing on a second run', async () => {
  const dropped = await dropFuturePartitions();
  expect(await existing(dropped)).toEqual([]);

  // The least-privileged role that runs jobs is enough: the function is SECURITY DEFINER.
  const client = new Client({ connectionString: withCredentials(db.url, 'vitalis_worker', 'vitalis-worker') });
  await client.connect();
  try {
    expect(await ensureFuturePartitions(client)).toBe(4);
    expect(await existing(dropped)).toEqual([...dropped].sort());
    expect(await ensureFuturePartitions(client)).toBe(0);
  } finally {
    await client.end();
  }
});

test('the task runs through the worker helpers and logs what it created', async () => {
  const dropped = await dropFuturePartitions();
  const messages: Array<{ message: string; meta?: unknown }> = [];
  const helpers = {
    withPgClient: async <T>(fn: (client: Client) => Promise<T>) => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    logger: { info: (message: string, meta?: unknown) => messages.push({ message, meta }) },
  };
  await partitionsEnsure({}, helpers as unknown as Parameters<typeof partitionsEnsure>[1]);
  expect(await existing(dropped)).toHaveLength(4);
  expect(messages).toEqual([{ message: 'partitions__ensure: created 4 partitions', meta: { created: 4 } }]);
});
