// Retention (BACKUP_KEEP_DAILY, _WEEKLY, _MONTHLY): keeps the newest N backups of each tier and
// deletes the rest. Tiers are separate copies, so pruning the dailies never touches a weekly.
import type { Storage } from '../../storage/s3';
import { TIERS, type Tier } from './keys';
import { deleteBackup, listBackups } from './store';

export type Keep = Record<Tier, number>;

export function keepFromConfig(config: { BACKUP_KEEP_DAILY: number; BACKUP_KEEP_WEEKLY: number; BACKUP_KEEP_MONTHLY: number }): Keep {
  return { daily: config.BACKUP_KEEP_DAILY, weekly: config.BACKUP_KEEP_WEEKLY, monthly: config.BACKUP_KEEP_MONTHLY };
}

/** Deletes what is beyond each tier's count and returns the keys deleted. */
export async function pruneBackups(storage: Storage, keep: Keep): Promise<string[]> {
  const deleted: string[] = [];
  for (const tier of TIERS) {
    const backups = await listBackups(storage, tier);
    for (const old of backups.slice(keep[tier])) {
      await deleteBackup(storage, old);
      deleted.push(old.objectKey);
    }
  }
  return deleted;
}
