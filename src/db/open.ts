import path from 'node:path';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { setupDatabase } from './setup';
import { databaseName, withCredentials } from './url';

export interface OpenDatabase {
  /** Owner/admin connection (migrations, worker bookkeeping). */
  url: string;
  /** What the API connects as: vitalis_authenticator, switching role per request. */
  authenticatorUrl: string;
  redactedUrl: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise embedded PostgreSQL with its data in DATA_DIR/postgres, kept
 * across restarts. Either way the database is migrated before it is returned.
 */
export async function openDatabase(config: Config, options: { includeCurrent?: boolean; quiet?: boolean } = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl: string;
  let database: string;
  if (config.DATABASE_URL) {
    adminUrl = config.DATABASE_URL;
    database = databaseName(config.DATABASE_URL);
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), persistent: true });
    adminUrl = embedded.adminUrl;
    database = 'vitalis';
  }
  try {
    const url = await setupDatabase({
      adminUrl,
      database,
      authenticatorPassword: config.AUTHENTICATOR_PASSWORD,
      workerPassword: config.WORKER_PASSWORD,
      includeCurrent: options.includeCurrent,
      quiet: options.quiet,
    });
    const redacted = new URL(url);
    if (redacted.password) redacted.password = '***';
    return {
      url,
      authenticatorUrl: withCredentials(url, 'vitalis_authenticator', config.AUTHENTICATOR_PASSWORD),
      redactedUrl: redacted.toString(),
      close: async () => {
        if (embedded) await embedded.stop();
      },
    };
  } catch (error) {
    if (embedded) await embedded.stop();
    throw error;
  }
}
