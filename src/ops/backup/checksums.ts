// Per-table row counts and checksums, computed by the server the same way at both ends: inside
// the backup's snapshot, and on the restored database. The checksum is order-independent (a sum
// of each row's md5, split in two 60-bit halves) so it streams in constant memory over any table
// and needs no primary key; the session settings fix every type's text form (time zone, dates,
// floats, bytea), so the same rows give the same checksum on PostgreSQL 15 and 18.
import type { ClientBase } from 'pg';
import { tableRef } from './catalog';

export const CANONICAL_SETTINGS = [
  "set local timezone = 'UTC'",
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  'set local extra_float_digits = 1',
  "set local bytea_output = 'hex'",
];

export async function useCanonicalSettings(client: ClientBase): Promise<void> {
  for (const statement of CANONICAL_SETTINGS) await client.query(statement);
}

export async function tableChecksum(client: ClientBase, table: { schema: string; name: string }): Promise<{ rows: number; checksum: string }> {
  const { rows } = await client.query<{ n: string; checksum: string }>(
    `select count(*)::text as n,
            md5(coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint), 0)::text || ':' ||
                coalesce(sum(('x' || substr(h, 16, 15))::bit(60)::bigint), 0)::text) as checksum
       from (select md5(t::text) as h from ${tableRef(table)} t) s`,
  );
  return { rows: Number(rows[0]!.n), checksum: rows[0]!.checksum };
}
