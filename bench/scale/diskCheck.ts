// Before a scale run loads anything: do its data sets fit on the database server's disk? A
// PostgreSQL whose disk fills stops taking writes (a PANIC when WAL cannot be written), hours into
// a load; this refuses up front, naming what the run needs and what is free.

import fs from 'node:fs';
import { withDatabase } from '../../src/db/url';
import { adminQuery, datasetName, manifestOf } from './dataset';
import { compatible, migrationsFingerprint, type Manifest } from './manifest';
import type { ScaleOptions } from './options';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/**
 * Bytes a generated user-year takes with its indexes and audit rows, when no kept data set can say:
 * measured on PostgreSQL 15, 2.56 MiB (10,000 users x 1 year) and 2.60 MiB (1,000 users x 5 years).
 */
export const DEFAULT_BYTES_PER_USER_YEAR = 2.6 * MIB;

/** Room above the measured steady state: vacuum's and the statistics' own work, page splits. */
const SLACK = 1.1;

/** A kept data set smaller than this says more about its fixed overhead than about its users. */
const MIN_USERS_TO_MEASURE = 100;

/** A run refused before it loads anything: the message says why and what to change. */
export class ScaleDiskError extends Error {
  override name = 'ScaleDiskError';
}

export interface LevelPlan {
  users: number;
  /** Users a reusable kept data set of this level already holds (0 when there is none). */
  usersLoaded: number;
  /** Bytes of a kept data set of this level that the run will drop (another schema, seed or length). */
  droppedBytes: number;
}

export interface DiskNeed {
  bytes: number;
  bytesPerUserYear: number;
  /** From a kept data set, or the built-in figure. */
  measuredFrom: string;
}

/**
 * What the run adds to the disk: every level's users not yet loaded, at the per-user-year size,
 * plus the WAL PostgreSQL keeps between checkpoints, less what it drops. A level extended from a
 * smaller one costs all of its users: the copy of the smaller set, then the new users.
 */
export function bytesNeeded(levels: LevelPlan[], days: number, bytesPerUserYear: number, walBytes: number): number {
  const years = days / 365;
  const added = levels.reduce((sum, level) => sum + Math.max(0, level.users - level.usersLoaded) * years * bytesPerUserYear * SLACK, 0);
  if (added === 0) return 0;
  return Math.max(0, added + walBytes - levels.reduce((sum, level) => sum + level.droppedBytes, 0));
}

export function formatGiB(bytes: number): string {
  return `${(bytes / GIB).toFixed(bytes < 10 * GIB ? 1 : 0)} GiB`;
}

/** The message that refuses a run, or null when it fits. */
export function diskVerdict(need: DiskNeed, free: { bytes: number; where: string }, options: Pick<ScaleOptions, 'levels' | 'days'>): string | null {
  if (need.bytes <= free.bytes) return null;
  const years = Math.round((options.days / 365) * 100) / 100;
  return (
    `BENCH_SCALE: the levels ${options.levels.join(', ')} x ${years} years need about ${formatGiB(need.bytes)} more on the database server ` +
    `(the users not loaded yet at ${(need.bytesPerUserYear / MIB).toFixed(2)} MiB per user-year, ${need.measuredFrom}, and the WAL), ` +
    `and ${free.where} has ${formatGiB(free.bytes)} free. Free some space, lower BENCH_SCALE_USERS or BENCH_SCALE_YEARS, ` +
    `or set BENCH_SCALE_DISK_CHECK=0 to load anyway.`
  );
}

/** A level as ensureDataset will find it: its kept data set reused or resumed, or dropped and loaded from the start. */
export function levelPlan(users: number, kept: Manifest | null, keptBytes: number | undefined, want: Pick<Manifest, 'days' | 'seed' | 'migrations'>, force: boolean): LevelPlan {
  const reusable = kept !== null && kept.users === users && (force || compatible(kept, want));
  return { users, usersLoaded: reusable ? kept.usersLoaded : 0, droppedBytes: keptBytes !== undefined && !reusable ? keptBytes : 0 };
}

/** What each level's kept data set holds, as ensureDataset will find it, and the per-user-year size the kept sets show. */
export async function planLevels(adminUrl: string, options: ScaleOptions): Promise<{ levels: LevelPlan[]; need: Omit<DiskNeed, 'bytes'> }> {
  const want = { days: options.days, seed: options.seed, migrations: migrationsFingerprint() };
  const force = process.env.BENCH_SCALE_REUSE === 'force';
  const sizes = await adminQuery(adminUrl, async (c) =>
    new Map(
      (await c.query(`select datname, pg_database_size(oid)::float8 as bytes from pg_database where datname like 'vitalis\\_scale\\_%'`)).rows.map(
        (r: { datname: string; bytes: number }) => [r.datname, r.bytes] as const,
      ),
    ),
  );
  // Each kept data set's manifest, read once: the levels' plans and the size measurement both use them.
  const manifests = new Map<string, Manifest | null>();
  let measured: { bytesPerUserYear: number; name: string; users: number } | null = null;
  for (const [name, bytes] of sizes) {
    const manifest = await manifestOf(withDatabase(adminUrl, name)).catch(() => null);
    manifests.set(name, manifest);
    if (manifest && manifest.usersLoaded >= MIN_USERS_TO_MEASURE && (!measured || manifest.usersLoaded > measured.users)) {
      measured = { bytesPerUserYear: bytes / (manifest.usersLoaded * (manifest.days / 365)), name, users: manifest.usersLoaded };
    }
  }
  const levels = options.levels.map((users) => {
    const name = datasetName(users, options);
    return levelPlan(users, manifests.get(name) ?? null, sizes.get(name), want, force);
  });
  return {
    levels,
    need: measured
      ? { bytesPerUserYear: measured.bytesPerUserYear, measuredFrom: `as the kept ${measured.name} measures` }
      : { bytesPerUserYear: DEFAULT_BYTES_PER_USER_YEAR, measuredFrom: 'as measured on PostgreSQL 15 (no kept data set here to measure)' },
  };
}

/**
 * Free bytes on the filesystem of the server's data directory, when the server runs on this
 * machine and says where that is (a superuser, or pg_read_all_settings); otherwise why not.
 */
export async function serverDiskFree(adminUrl: string): Promise<{ bytes: number; where: string; walBytes: number } | { unknown: string }> {
  const host = new URL(adminUrl).hostname.replace(/^\[|\]$/g, '');
  if (host && !['localhost', '127.0.0.1', '::1'].includes(host)) return { unknown: `${host} is not this machine` };
  let dir: string;
  let walBytes: number;
  try {
    ({ dir, walBytes } = await adminQuery(adminUrl, async (c) => {
      const row = (await c.query(`select current_setting('data_directory') as dir, pg_size_bytes(current_setting('max_wal_size'))::float8 as wal`)).rows[0] as { dir: string; wal: number };
      return { dir: row.dir, walBytes: row.wal };
    }));
  } catch (error) {
    return { unknown: `the server does not say where its data directory is (${(error as Error).message})` };
  }
  try {
    const stats = fs.statfsSync(dir);
    return { bytes: stats.bavail * stats.bsize, where: dir, walBytes };
  } catch (error) {
    return { unknown: `${dir} cannot be read here (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

/** Throws when the run cannot fit; logs what it checked (or why it could not). */
export async function checkScaleDisk(adminUrl: string, options: ScaleOptions, log: (m: string) => void): Promise<void> {
  if (!options.diskCheck) return log('disk: BENCH_SCALE_DISK_CHECK=0, not checked');
  const free = await serverDiskFree(adminUrl);
  if ('unknown' in free) return log(`disk: not checked: ${free.unknown}`);
  const { levels, need } = await planLevels(adminUrl, options);
  const bytes = bytesNeeded(levels, options.days, need.bytesPerUserYear, free.walBytes);
  const verdict = diskVerdict({ ...need, bytes }, free, options);
  if (verdict) throw new ScaleDiskError(verdict);
  log(`disk: about ${formatGiB(bytes)} to add, ${formatGiB(free.bytes)} free in ${free.where}`);
}
