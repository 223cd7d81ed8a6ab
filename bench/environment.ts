// What the figures were measured on (server settings, machine, load), and the database's row
// counts and sizes at the end of the run.

import os from 'node:os';
import type { Pool } from 'pg';
import { scalar } from './pg';
import type { BenchResult } from './result';

export function loadAverage(): number[] {
  return os.loadavg().map((n) => Math.round(n * 100) / 100);
}

export async function environment(pool: Pool): Promise<BenchResult['environment']> {
  const { rows } = await pool.query(
    `select version() as version, current_setting('server_version_num')::int as num,
            json_object_agg(name, setting || coalesce(unit, '')) as settings
       from pg_settings
      where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'fsync', 'synchronous_commit',
                     'full_page_writes', 'max_wal_size', 'jit', 'random_page_cost', 'max_connections', 'TimeZone',
                     'wal_level', 'autovacuum', 'server_version')`,
  );
  const row = rows[0] as { version: string; num: number; settings: Record<string, string> };
  const cpus = os.cpus();
  return {
    postgres: { version: row.version, versionNum: row.num, settings: row.settings },
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: { start: loadAverage(), end: [] },
  };
}

const COUNTED_TABLES = [
  'vitalis.accounts', 'vitalis.users', 'vitalis.user_preferences', 'vitalis.wearable_daily', 'vitalis.wearable_sleep',
  'vitalis.wearable_activities', 'vitalis_private.activity_source_keys', 'vitalis.blood_panels', 'vitalis.blood_markers',
  'vitalis.biomarker_dictionary', 'vitalis.audit_log',
];

export async function rowCounts(pool: Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) counts[table.replace(/^[a-z_]+\./, '')] = await scalar(pool, `select count(*) from ${table}`);
  return counts;
}

export async function sizes(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query(
    `select t as table, round(sum(pg_total_relation_size(p.relid)) / 1048576.0, 1)::float8 as mib
       from unnest(array['vitalis.wearable_daily', 'vitalis.wearable_sleep', 'vitalis.wearable_activities',
                         'vitalis.blood_panels', 'vitalis.blood_markers', 'vitalis.audit_log']) t,
            lateral pg_partition_tree(t::regclass) p
      group by t
     union all
     select 'database', round(pg_database_size(current_database()) / 1048576.0, 1)::float8`,
  );
  const out: Record<string, number> = {};
  for (const r of rows as { table: string; mib: number }[]) out[r.table.replace(/^vitalis\./, '')] = r.mib;
  return out;
}
