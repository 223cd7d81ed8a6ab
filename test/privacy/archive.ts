// What the export tests share: reading an archive back, and DDL as the schema's owner.
import type { Pool } from 'pg';
import { walkZip } from '../../src/importers/vitalisExport/zip';
import { inRequestTransaction } from '../../src/db/requestContext';

/** Runs sql as vitalis_owner (creating tables the catalog must pick up), committed. */
export async function asOwner(pool: Pool, sql: string): Promise<void> {
  await inRequestTransaction(pool, { role: 'vitalis_owner' }, (client) => client.query(sql));
}

/** Every entry of the archive, in memory (the test archives are small). */
export async function readArchive(file: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  await walkZip(file, async (entry) => {
    const chunks: Buffer[] = [];
    for await (const chunk of await entry.open()) chunks.push(chunk as Buffer);
    entries.set(entry.name, Buffer.concat(chunks));
  });
  return entries;
}
