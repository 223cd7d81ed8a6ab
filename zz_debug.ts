import { loadConfig } from './src/config';
import { openDatabaseForProcess } from './src/server/lifecycle';
import { createApp } from './src/server/app';
(async () => {
  const config = loadConfig();
  const db = await openDatabaseForProcess(config);
  const app = await createApp({ config, db });
  try {
    const schema = await app.pgl.getSchema();
    const { printSchema } = require('graphql');
    require('fs').writeFileSync('/tmp/schema.graphql', printSchema(schema));
    console.log('schema ok');
  } catch (e) { console.error('SCHEMA ERROR', e); }
  await app.release();
  await db.close();
})();
