import fs from 'node:fs';
import { Client } from 'pg';

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
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`drop database if exists "${template}" with (force)`);
    } finally {
      await client.end();
    }
  }
}
