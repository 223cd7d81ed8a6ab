// Where backups live in the bucket (SCHEMA.md §5's layout, one object per backup):
//   backups/<tier>/<timestamp>.copy.gz[.enc]   the data
//   backups/<tier>/<timestamp>.manifest.json   what it holds (./manifest.ts)
//   backups/<tier>/<timestamp>.pgdump[.enc]     a pg_dump of the same snapshot, when one matches the server
// The timestamp sorts as text in time order, so "newest" is the greatest key.

export const TIERS = ['daily', 'weekly', 'monthly'] as const;
export type Tier = (typeof TIERS)[number];
export const PREFIX = 'backups/';
const MANIFEST_SUFFIX = '.manifest.json';

/** 2026-12-06T020000.123Z: sortable, and safe in any S3 key. */
export function stamp(at: Date): string {
  return at.toISOString().replace(/:/g, '');
}

export function objectKey(tier: Tier, at: Date, encrypted: boolean): string {
  return `${PREFIX}${tier}/${stamp(at)}.copy.gz${encrypted ? '.enc' : ''}`;
}

export function manifestKeyOf(objectKey: string): string {
  return objectKey.replace(/\.copy\.gz(\.enc)?$/, '') + MANIFEST_SUFFIX;
}

/** The object key a manifest key belongs to, for the given encryption. */
export function objectKeyOf(manifestKey: string, encrypted: boolean): string {
  return manifestKey.slice(0, -MANIFEST_SUFFIX.length) + `.copy.gz${encrypted ? '.enc' : ''}`;
}

/** The pg_dump taken beside a backup (./pgDump.ts), when there is one. */
export function pgDumpKeyOf(objectKey: string): string {
  return objectKey.replace(/\.copy\.gz(\.enc)?$/, (_m, enc: string | undefined) => `.pgdump${enc ?? ''}`);
}

export const isManifestKey = (key: string) => key.endsWith(MANIFEST_SUFFIX);

/** The tiers a backup taken at this moment belongs to: every day daily, Sundays weekly, the 1st monthly (UTC). */
export function tiersFor(at: Date): Tier[] {
  const tiers: Tier[] = ['daily'];
  if (at.getUTCDay() === 0) tiers.push('weekly');
  if (at.getUTCDate() === 1) tiers.push('monthly');
  return tiers;
}
