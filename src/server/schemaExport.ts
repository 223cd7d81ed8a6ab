import { lexicographicSortSchema, printSchema } from 'graphql';
import { Pool } from 'pg';
import { makeSchema } from 'postgraphile';
import type { Config } from '../config';
import { createLogger } from '../http/logger';
import { endPool } from '../db/pools';
import { makePreset } from './preset';

/** The GraphQL schema as SDL, sorted so the committed schema.graphql only changes when the API does. */
export async function buildSchemaSDL(config: Config, authenticatorUrl: string): Promise<string> {
  const pool = new Pool({ connectionString: authenticatorUrl, max: 2 });
  try {
    const { schema } = await makeSchema(makePreset({ config, pool, logger: createLogger({ ...config, LOG_LEVEL: 'silent' }), uploads: { storage: null, config } }));
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await endPool(pool);
  }
}
