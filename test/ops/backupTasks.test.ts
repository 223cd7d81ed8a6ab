// The worker's backup cron task: one backup with the configured retention and key, recorded.
import type { JobHelpers } from 'graphile-worker';
import { backupsDaily } from '../../tasks/backups__daily';
import { loadConfig } from '../../src/config';
import { listBackups, readManifest } from '../../src/ops/backup/store';
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

test('backups__daily writes an encrypted backup with BACKUP_ENCRYPTION_KEY and records the run', async () => {
  const key = Buffer.alloc(32, 5).toString('base64');
  const config = loadConfig({ BACKUP_ENCRYPTION_KEY: key, BACKUP_KEEP_DAILY: '2' });
  const logged: string[] = [];
  const helpers = { logger: { info: (m: string) => logged.push(m), error: (m: string) => logged.push(m) } } as unknown as JobHelpers;
  await backupsDaily({ pool: db.pool, config, storage })({}, helpers);
  const [stored] = await listBackups(storage, 'daily');
  expect(stored!.objectKey).toMatch(/^backups\/daily\/.*\.copy\.gz\.enc$/);
  expect((await readManifest(storage, stored!.objectKey)).encryption).not.toBeNull();
  const { rows } = await db.pool.query(`select status, object_key from vitalis.backup_runs where kind = 'backup'`);
  expect(rows).toEqual([{ status: 'succeeded', object_key: stored!.objectKey }]);
  expect(logged.join('\n')).toMatch(/^backups__daily: \d+ rows in \d+ bytes at backups\/daily\//);
});
