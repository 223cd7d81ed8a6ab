// npm run tokens:rotate
// Re-encrypts every stored provider token under the newest TOKEN_ENCRYPTION_KEYS key. Rotate a
// key by putting the new one first (keep the old ones after it), restart, run this; when it
// reports no failures, the old keys can be removed.
import { Pool } from 'pg';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { rotateTokens } from '../providers/engine/rotateTokens';
import { parseTokenKeys } from '../providers/engine/tokenCrypto';

async function main(): Promise<number> {
  let keyring;
  let config;
  try {
    config = loadConfig();
    keyring = parseTokenKeys(config.TOKEN_ENCRYPTION_KEYS);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const db = await openDatabase(config, { quiet: true });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const result = await rotateTokens(pool, keyring);
    console.log(`Re-encrypted the tokens of ${result.rotated} connection(s) under key ${keyring.current.version}`);
    for (const f of result.failed) console.error(`  could not re-encrypt ${f.column} of device ${f.deviceId}: ${f.error}`);
    if (result.failed.length > 0) {
      console.error(`${result.failed.length} token(s) were left as they are: keep their keys in TOKEN_ENCRYPTION_KEYS (or ask those users to reconnect).`);
      return 1;
    }
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pool.end();
    await db.close();
  }
}

main().then((code) => process.exit(code));
