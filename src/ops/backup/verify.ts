// The proof of a restore: every table's count and checksum recomputed on the restored database
// and compared with the manifest, which took them in the backup's own snapshot.
import type { ClientBase } from 'pg';
import { tableChecksum, useCanonicalSettings } from './checksums';
import { qualified, type Manifest } from './manifest';

export interface Difference {
  table: string;
  expected: { rows: number; checksum: string };
  actual: { rows: number; checksum: string };
}

export async function compareWithManifest(client: ClientBase, manifest: Manifest): Promise<{ rows: number; differences: Difference[] }> {
  await client.query('begin isolation level repeatable read read only');
  try {
    await useCanonicalSettings(client);
    const differences: Difference[] = [];
    let rows = 0;
    for (const t of manifest.tables) {
      const actual = await tableChecksum(client, t);
      rows += actual.rows;
      if (actual.rows !== t.rows || actual.checksum !== t.checksum) differences.push({ table: qualified(t), expected: { rows: t.rows, checksum: t.checksum }, actual });
    }
    return { rows, differences };
  } finally {
    await client.query('rollback');
  }
}
