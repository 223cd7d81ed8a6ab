// What a kept data set holds, stored in the data set itself (public.bench_manifest), so a later
// run knows whether it can reuse it, resume its load, or must start again.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';

export interface Manifest {
  /** Bumped when the generator or the loader changes what a data set holds. */
  format: number;
  users: number;
  usersLoaded: number;
  days: number;
  seed: string;
  startDate: string;
  endDate: string;
  /** sha256 of every migration file: a data set is reused only on the schema it was loaded into. */
  migrations: string;
  loadMs: number;
}

export const MANIFEST_FORMAT = 1;

export function migrationsFingerprint(root = path.resolve(__dirname, '..', '..', 'migrations')): string {
  const hash = crypto.createHash('sha256');
  for (const dir of ['committed', 'current']) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full).sort()) {
      hash.update(`${dir}/${name}\n`);
      hash.update(fs.readFileSync(path.join(full, name)));
    }
  }
  return hash.digest('hex');
}

export async function readManifest(pool: Pool): Promise<Manifest | null> {
  const { rows } = await pool.query(`select manifest from public.bench_manifest where id = 1`).catch(() => ({ rows: [] as { manifest: Manifest }[] }));
  return (rows[0] as { manifest: Manifest } | undefined)?.manifest ?? null;
}

export async function writeManifest(pool: Pool, manifest: Manifest): Promise<void> {
  await pool.query(`create table if not exists public.bench_manifest (id int primary key check (id = 1), manifest jsonb not null)`);
  await pool.query(
    `insert into public.bench_manifest (id, manifest) values (1, $1) on conflict (id) do update set manifest = excluded.manifest`,
    [JSON.stringify(manifest)],
  );
}

/** Whether a data set loaded with `have` can serve (or be extended to serve) `want`. */
export function compatible(have: Manifest, want: Pick<Manifest, 'days' | 'seed' | 'migrations'>): boolean {
  return have.format === MANIFEST_FORMAT && have.days === want.days && have.seed === want.seed && have.migrations === want.migrations;
}
