// Retention: a daily backup is also the weekly on Sundays and the monthly on the 1st (UTC), and
// each tier keeps its newest N backups, object and manifest together.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { listBackups } from '../../src/ops/backup/store';
import { runBackup } from '../../src/ops/backup/backup';
import { tiersFor } from '../../src/ops/backup/keys';
import type { Storage } from '../../src/storage/s3';
import { useTestDatabase } from '../helpers/db';
import { openBackupStorage } from './backupFixtures';

const db = useTestDatabase();
let storage: Storage;
let closeStorage: () => Promise<void>;

beforeAll(async () => {
  ({ storage, close: closeStorage } = await openBackupStorage());
});

afterAll(async () => {
  await closeStorage?.();
});

test('Sundays are also weekly and the 1st also monthly, in UTC', () => {
  expect(tiersFor(new Date('2026-11-29T02:00:00Z'))).toEqual(['daily', 'weekly']);
  expect(tiersFor(new Date('2026-12-01T02:00:00Z'))).toEqual(['daily', 'monthly']);
  expect(tiersFor(new Date('2026-11-01T02:00:00Z'))).toEqual(['daily', 'weekly', 'monthly']);
  expect(tiersFor(new Date('2026-11-30T23:30:00-02:00'))).toEqual(['daily', 'monthly']);
  expect(tiersFor(new Date('2026-12-02T02:00:00Z'))).toEqual(['daily']);
});

test('each tier keeps its newest N backups and deletes the older ones with their manifests', async () => {
  const keep = { daily: 3, weekly: 2, monthly: 1 };
  // 2026-10-25 is a Sunday: the run covers three Sundays and two 1sts.
  const days = ['2026-10-25', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-08', '2026-11-30', '2026-12-01', '2026-12-02'];
  let last;
  for (const day of days) last = await runBackup({ pool: db.pool, storage }, { keep, now: new Date(`${day}T02:00:00Z`), pgDump: false });
  const stored = await listBackups(storage);
  const byTier = (tier: string) => stored.filter((b) => b.tier === tier).map((b) => b.objectKey.slice(b.objectKey.lastIndexOf('/') + 1, b.objectKey.lastIndexOf('/') + 11));
  expect(byTier('daily')).toEqual(['2026-12-02', '2026-12-01', '2026-11-30']);
  expect(byTier('weekly')).toEqual(['2026-11-08', '2026-11-01']);
  expect(byTier('monthly')).toEqual(['2026-12-01']);
  expect(last!.deleted).toEqual(['backups/daily/2026-11-08T020000.000Z.copy.gz']);
  // Nothing else is left in the bucket: every deleted backup went with its manifest.
  const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'backups/' }));
  expect(listed.Contents?.length).toBe(2 * stored.length);
  // Each run names its widest tier.
  const { rows } = await db.pool.query(`select tier, count(*)::int as n from vitalis.backup_runs where kind = 'backup' and status = 'succeeded' group by tier order by tier`);
  expect(rows).toEqual([
    { tier: 'daily', n: 4 },
    { tier: 'monthly', n: 2 },
    { tier: 'weekly', n: 2 },
  ]);
});
