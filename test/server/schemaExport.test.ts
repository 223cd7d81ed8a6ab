import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { withCredentials } from '../../src/db/url';
import { buildSchemaSDL } from '../../src/server/schemaExport';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();

test('the committed schema.graphql is the API the database generates (run `npm run schema:export` after a migration)', async () => {
  const sdl = await buildSchemaSDL(loadConfig({ NODE_ENV: 'test' }), withCredentials(db.url, 'vitalis_authenticator', 'vitalis-authenticator'));
  const committed = fs.readFileSync(path.resolve(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  expect(sdl === committed).toBe(true);
  // The secrets and the private schema never appear in the API.
  expect(sdl).not.toMatch(/passwordHash|accessTokenEnc|refreshTokenEnc|activitySourceKeys|analyticsSalt/);
  expect(sdl).toMatch(/type WearableDaily /);
});
