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

/** Whether the target exists and holds users (checked before anything is migrated or loaded). */
async function targetHoldsUsers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return false; // no such database yet
    throw error;
  }
  try {
    if (!(await client.query(`select to_regclass('vitalis.users') as t`)).rows[0].t) return false;
    return ((await client.query('select exists (select 1 from vitalis.users) as e')).rows[0].e as boolean) === true;
  } finally {
    await client.end();
  }
}

export async function restoreBackup(storage: Storage, options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const objectKey = options.at ?? (await newestBackup(storage));
  const manifest = await readManifest(storage, objectKey);
  checkKey(manifest, options.key);
  if (!options.replace && (await targetHoldsUsers(options.to))) throw new Error('to: the target database already holds users; restore into an empty database (or pass --replace)');
  await prepareTarget(options.to, manifest, options);
  const client = new Client({ connectionString: options.to });
  await client.connect();
  try {
    const { rows } = await loadBackup(client, await openObject(storage, objectKey), manifest, options.key);
    const proof = await compareWithManifest(client, manifest);
    return { objectKey, manifest, rows, differences: proof.differences, durationMs: Date.now() - started };
  } finally {
    await client.end();
  }
}
