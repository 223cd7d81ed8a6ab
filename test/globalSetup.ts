import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { setupDatabase } from '../src/db/setup';
import { withDatabase } from '../src/db/url';

// One migrated template database per run; every test file clones its own from it.
// With TEST_DATABASE_URL (or DATABASE_URL) the run uses that server; otherwise embedded PostgreSQL
// in a temporary directory.
export default async function globalSetup(): Promise<void> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let adminUrl: string;
  if (external) {
    adminUrl = withDatabase(external, 'postgres');
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
    adminUrl = embedded.adminUrl;
    (globalThis as { __vitalisEmbedded?: { stop(): Promise<void>; dir: string } }).__vitalisEmbedded = { stop: embedded.stop, dir };
  }
  const template = `vitalis_template_${process.pid}`;
  await setupDatabase({
    adminUrl,
    database: template,
    authenticatorPassword: 'vitalis-authenticator',
    workerPassword: 'vitalis-worker',
    includeCurrent: fs.readdirSync(path.join(__dirname, '..', 'migrations', 'current')).length > 0,
    quiet: true,
  });
  process.env.VITALIS_TEST_ADMIN_URL = adminUrl;
  process.env.VITALIS_TEST_TEMPLATE = template;
}
