// npm run schema:export: writes schema.graphql (the generated API, sorted) so client developers
// and DBAs see API changes in review. test/server/schemaExport.test.ts fails when it is stale.
import fs from 'node:fs';
import path from 'node:path';
import '../server/graphileEnv';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { buildSchemaSDL } from '../server/schemaExport';

export const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema.graphql');

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config, { quiet: true });
  try {
    const sdl = await buildSchemaSDL(config, db.authenticatorUrl);
    fs.writeFileSync(SCHEMA_FILE, sdl);
    console.log(`Wrote schema.graphql (${sdl.split('\n').length} lines)`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
