// The backup settings of src/config.ts, in the form src/ops/backup takes them.
import type { Config } from '../../config';
import { parseKey } from './encryption';
import { keepFromConfig } from './retention';

export function backupSettings(config: Config) {
  return {
    keep: keepFromConfig(config),
    key: config.BACKUP_ENCRYPTION_KEY ? parseKey(config.BACKUP_ENCRYPTION_KEY) : undefined,
    adminEmail: config.ADMIN_EMAIL,
    authenticatorPassword: config.AUTHENTICATOR_PASSWORD,
    workerPassword: config.WORKER_PASSWORD,
  };
}
