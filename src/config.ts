import path from 'node:path';
import { z } from 'zod';

// All configuration, read once from the environment and validated, so a bad setting fails at
// start with a message naming it rather than deep inside a request.
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(5678),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default(path.resolve(process.cwd(), '.data')),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default('dev-only-secret-change-me-0123456789abcdef'),
  JWT_AUDIENCE: z.string().default('vitalis'),
  JWT_ISSUER: z.string().default('vitalis'),
  AUTHENTICATOR_PASSWORD: z.string().min(8).default('vitalis-authenticator'),
  WORKER_PASSWORD: z.string().min(8).default('vitalis-worker'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  // Ruru (GraphiQL) and introspection: on in development, off in production unless asked for.
  ENABLE_GRAPHIQL: z.enum(['true', 'false']).optional(),
  // Object storage: any S3-protocol service; without S3_ENDPOINT an in-process one (s3rver) is
  // started with its data in DATA_DIR/s3.
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a valid bucket name').default('vitalis'),
  S3_ACCESS_KEY_ID: z.string().default('S3RVER'),
  S3_SECRET_ACCESS_KEY: z.string().default('S3RVER'),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Omit<z.infer<typeof schema>, 'ENABLE_GRAPHIQL'> & { ENABLE_GRAPHIQL: 'true' | 'false' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && config.JWT_SECRET.startsWith('dev-only')) {
    throw new Error('Invalid configuration: JWT_SECRET must be set in production');
  }
  return { ...config, ENABLE_GRAPHIQL: config.ENABLE_GRAPHIQL ?? (config.NODE_ENV === 'production' ? 'false' : 'true') };
}
