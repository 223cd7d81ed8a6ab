import fs from 'node:fs';
import { dropDatabase } from '../src/db/setup';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.VITALIS_TEST_ADMIN_URL;
  const template = process.env.VITALIS_TEST_TEMPLATE;
  const embedded = (globalThis as { __vitalisEmbedded?: { stop(): Promise<void>; dir: string } }).__vitalisEmbedded;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
    return;
  }
  if (adminUrl && template) {
    await dropDatabase(adminUrl, template);
  }
}
