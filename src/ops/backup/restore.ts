// npm run restore and the weekly restore test: picks a backup (the newest, or --at), brings the
// target to its schema (./target.ts), loads it (./load.ts) and proves it (./verify.ts).
import { Client } from 'pg';
import type { Storage } from '../../storage/s3';
import { checkKey, loadBackup } from './load';
import type { Manifest } from './manifest';
import { listBackups, openObject, readManifest } from './store';
import { prepareTarget, type TargetOptions } from './target';
import { compareWithManifest, type Difference } from './verify';

export interface RestoreOptions extends TargetOptions {
  /** The backup's object key; default the newest backup of any tier. */
  at?: string;
  /** The database to restore into (created when missing), as a role that may set session_replication_role (a superuser). */
  to: string;
  key?: Buffer;
  /** Allow replacing the data of a target that already holds users. */
  replace?: boolean;
}

export interface RestoreResult {
  objectKey: string;
  manifest: Manifest;
  rows: number;
  differences: Difference[];
  durationMs: number;
}

export async function newestBackup(storage: Storage): Promise<string> {
  const newest = (await listBackups(storage))[0];
  if (!newest) throw new Error('at: there is no backup in storage (backups/)');
  return newest.objectKey;
}

async function holdsUsers(client: Client): Promise<boolean> {
  if (!(await client.query(`select to_regclass('vitalis.users') as t`)).rows[0].t) return false;
  return ((await client.query('select exists (select 1 from vitalis.users) as e')).rows[0].e as boolean) === true;
}

export async function restoreBackup(storage: Storage, options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const objectKey = options.at ?? (await newestBackup(storage));
  const manifest = await readManifest(storage, objectKey);
  checkKey(manifest, options.key);
  await prepareTarget(options.to, manifest, options);
  const client = new Client({ connectionString: options.to });
  await client.connect();
  try {
    if (!options.replace && (await holdsUsers(client))) throw new Error('to: the target database already holds users; restore into an empty database (or pass --replace)');
    const { rows } = await loadBackup(client, await openObject(storage, objectKey), manifest, options.key);
    const proof = await compareWithManifest(client, manifest);
    return { objectKey, manifest, rows, differences: proof.differences, durationMs: Date.now() - started };
  } finally {
    await client.end();
  }
}
