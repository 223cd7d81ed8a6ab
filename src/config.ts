import path from 'node:path';
import { z } from 'zod';
import { DEV_AUTHENTICATOR_PASSWORD, DEV_JWT_SECRET, DEV_TOKEN_ENCRYPTION_KEYS, DEV_WORKER_PASSWORD, productionSecretProblems } from './secrets';

// All configuration, read once from the environment and validated, so a bad setting fails at
// start with a message naming it rather than deep inside a request.
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(5678),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default(path.resolve(process.cwd(), '.data')),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEV_JWT_SECRET),
  JWT_AUDIENCE: z.string().default('vitalis'),
  JWT_ISSUER: z.string().default('vitalis'),
  AUTHENTICATOR_PASSWORD: z.string().min(8).default(DEV_AUTHENTICATOR_PASSWORD),
  WORKER_PASSWORD: z.string().min(8).default(DEV_WORKER_PASSWORD),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
  // Crashed-worker recovery (src/jobs/workerRecovery.ts): how often to look for jobs locked by
  // dead workers, and how old such a lock must be before it is released.
  WORKER_RECOVERY_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  WORKER_RECOVERY_GRACE_SECONDS: z.coerce.number().int().min(1).default(30),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  // Ruru (GraphiQL) and introspection: on in development, off in production unless asked for.
  ENABLE_GRAPHIQL: z.enum(['true', 'false']).optional(),
  // GraphQL endpoint limits (src/server/limits.ts): checked before an operation executes.
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(250000),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(100000).default(500),
  // Document limits (src/server/documentLimits.ts): checked before a document is validated or
  // planned, so no document can hold the event loop. Fields and aliases count those reached through
  // fragments; the depth covers selection sets (fragments included) and input values and variables.
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1000).default(100_000),
  MAX_DOCUMENT_TOKENS: z.coerce.number().int().min(100).default(10_000),
  MAX_DOCUMENT_DEPTH: z.coerce.number().int().min(2).max(200).default(32),
  MAX_QUERY_FIELDS: z.coerce.number().int().min(10).default(1000),
  // Planning sibling connections takes time growing about with the square of their number (400
  // aliased connections 1.2 s, 800 4.3 s), and aliases are what widen a selection set past the
  // schema's own fields; bench/hostilePhase.ts measures the largest document accepted.
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(50),
  MAX_QUERY_FRAGMENTS: z.coerce.number().int().min(0).max(1000).default(100),
  // grafast's own limits: planning is synchronous (blocks the event loop), execution is checked
  // before each asynchronous step; statement_timeout (above) bounds each SQL statement.
  GRAPHQL_PLANNING_TIMEOUT_MS: z.coerce.number().int().min(10).default(2000),
  GRAPHQL_EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  // Trusted documents: when set, only the ids of the <hash>.graphql files in this directory are
  // accepted (as documentId, id or extensions.persistedQuery.sha256Hash); free-form queries are refused.
  TRUSTED_DOCUMENTS_DIR: z.string().min(1).optional(),
  // Browser origins allowed to call the API (comma-separated, exact origins such as
  // https://app.example.com); empty: no cross-origin access. '*' is refused: the API takes credentials.
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean))
    .refine((origins) => origins.every((o) => o !== '*' && /^https?:\/\/[^/\s]+$/.test(o)), {
      message: 'CORS_ORIGINS must be a comma-separated list of origins like https://app.example.com (no wildcard)',
    }),
  // Object storage: any S3-protocol service; without S3_ENDPOINT an in-process one (s3rver) is
  // started with its data in DATA_DIR/s3.
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a valid bucket name').default('vitalis'),
  S3_ACCESS_KEY_ID: z.string().default('S3RVER'),
  S3_SECRET_ACCESS_KEY: z.string().default('S3RVER'),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  // Largest file POST /imports/{fileType} accepts (Apple Health exports of several GB are common).
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 ** 3),
  // Reports (lab, DEXA, epigenetic PDFs and scans) and progress photos (docs/documents.md).
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 ** 2),
  DOCUMENT_MAX_PAGES: z.coerce.number().int().min(1).max(1000).default(60),
  PHOTO_MAX_BYTES: z.coerce.number().int().min(1024).default(30 * 1024 ** 2),
  // Presigned PUT URLs for phone uploads stay valid this many seconds.
  UPLOAD_URL_TTL: z.coerce.number().int().min(30).max(7 * 86_400).default(900),
  // Optional model-based extraction for report layouts the rules do not cover: an OpenAI-compatible
  // chat-completions endpoint (a local llama.cpp or Ollama server). Off unless the URL is set.
  DOCUMENT_EXTRACTOR_URL: z.string().url().optional(),
  DOCUMENT_EXTRACTOR_MODEL: z.string().min(1).default('local-model'),
  DOCUMENT_EXTRACTOR_API_KEY: z.string().min(1).optional(),
  DOCUMENT_EXTRACTOR_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Accounts and sign-in (docs/auth.md). Lifetimes in seconds.
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL: z.coerce.number().int().min(300).default(30 * 86_400),
  EMAIL_VERIFICATION_TTL: z.coerce.number().int().min(60).default(86_400),
  PASSWORD_RESET_TTL: z.coerce.number().int().min(60).default(3600),
  // Login limits (docs/auth.md, "Rate limits"): failures lock an (account, IP) pair and an IP for
  // LOGIN_WINDOW; past LOGIN_MAX_FAILURES_PER_ACCOUNT failures within LOGIN_ACCOUNT_WINDOW the account
  // is throttled (delay base * 2^n, at most the max), except from IPs it signed in from before.
  LOGIN_WINDOW: z.coerce.number().int().min(1).default(900),
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_ACCOUNT_WINDOW: z.coerce.number().int().min(1).default(86_400),
  LOGIN_THROTTLE_BASE_DELAY: z.coerce.number().int().min(1).default(1),
  LOGIN_THROTTLE_MAX_DELAY: z.coerce.number().int().min(1).default(3600),
  // Requests that send mail or create accounts, per target address and per client IP within AUTH_RATE_WINDOW.
  AUTH_RATE_WINDOW: z.coerce.number().int().min(1).default(3600),
  REGISTER_MAX_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  REGISTER_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  PASSWORD_RESET_MAX_PER_EMAIL: z.coerce.number().int().min(1).default(3),
  PASSWORD_RESET_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  VERIFY_EMAIL_MAX_PER_EMAIL: z.coerce.number().int().min(1).default(3),
  VERIFY_EMAIL_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  // Email: without SMTP_URL messages are written to DATA_DIR/outbox as .eml files.
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Vitalis <no-reply@vitalis.local>'),
  // Where the links in emails point (the client app that takes ?token=...).
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:5678'),
  // Where browsers reach this API (provider OAuth redirect_uri = <API_PUBLIC_URL>/providers/<name>/callback); default PUBLIC_URL.
  API_PUBLIC_URL: z.string().url().optional(),
  // Sign in with Google / Apple: enabled when the client ids (comma-separated audiences) are set.
  GOOGLE_CLIENT_IDS: z.string().default(''),
  GOOGLE_JWKS_URL: z.string().url().default('https://www.googleapis.com/oauth2/v3/certs'),
  GOOGLE_ISSUERS: z.string().default('https://accounts.google.com,accounts.google.com'),
  APPLE_CLIENT_IDS: z.string().default(''),
  APPLE_JWKS_URL: z.string().url().default('https://appleid.apple.com/auth/keys'),
  APPLE_ISSUERS: z.string().default('https://appleid.apple.com'),
  // Provider syncs (src/providers): AES-256-GCM keys for OAuth tokens at rest, as
  // "version:base64key" pairs, comma-separated, newest first. New tokens use the first; older
  // versions are still read, and `npm run tokens:rotate` re-encrypts them under the first.
  TOKEN_ENCRYPTION_KEYS: z
    .string()
    .default(DEV_TOKEN_ENCRYPTION_KEYS)
    .refine((v) => v.split(',').every((pair) => /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+$/.test(pair.trim()) && Buffer.from(pair.trim().split(':')[1]!, 'base64').length === 32), {
      message: 'TOKEN_ENCRYPTION_KEYS must be comma-separated version:base64 pairs, each key 32 bytes',
    }),
  // Data exports (GDPR Art. 15/20): how long the archive and its download link live.
  EXPORT_LINK_TTL: z.coerce.number().int().min(60).max(7 * 86_400).default(7 * 86_400),
  // Erasure (GDPR Art. 17): days between requestAccountDeletion and the erasure.
  DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  // Billing: off unless STRIPE_SECRET_KEY is set. STRIPE_API_BASE points the official SDK at
  // another host (a local fake in tests); webhooks are refused outside the tolerance (seconds).
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_WEBHOOK_TOLERANCE: z.coerce.number().int().min(1).max(3600).default(300),
  STRIPE_PRICE_PRO: z.string().min(1).optional(),
  STRIPE_PRICE_FAMILY: z.string().min(1).optional(),
  // Minimisation (docs/privacy.md, "Retention"): days kept after a row stops being useful; a daily
  // cron deletes what is older. RETENTION_RAW_DATA_DAYS is opt-in (unset keeps raw_data).
  RETENTION_SESSION_DAYS: z.coerce.number().int().min(0).default(7),
  RETENTION_LOGIN_ATTEMPT_DAYS: z.coerce.number().int().min(1).default(30),
  RETENTION_EMAIL_TOKEN_DAYS: z.coerce.number().int().min(0).default(7),
  RETENTION_IMPORT_UPLOAD_DAYS: z.coerce.number().int().min(0).default(1),
  RETENTION_RAW_DATA_DAYS: z.coerce.number().int().min(1).optional(),
  // Backups (docs/operations.md): how many of each kept in storage, an optional client-side
  // encryption key (base64, 32 bytes: AES-256-GCM), and who is mailed when a restore test fails.
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  BACKUP_KEEP_MONTHLY: z.coerce.number().int().min(0).max(1200).default(12),
  BACKUP_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'BACKUP_ENCRYPTION_KEY must be 32 bytes, base64' })
    .optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  // The API's own pool (vitalis_authenticator). Behind PgBouncer keep it at or below the bouncer's
  // pool (default_pool_size 20), so the API never queues inside the bouncer.
  API_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  API_POOL_IDLE_MS: z.coerce.number().int().min(1000).default(300_000),
  // How long the API reuses a session's "live" answer (src/http/sessionLiveness.ts): revocations
  // reach it by NOTIFY at once; this bounds an answer's age anyway. 0 asks the database every time.
  SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  SESSION_CACHE_MAX: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  // The API's own way to the database, e.g. through PgBouncer in transaction mode (docs/pgbouncer.md);
  // the worker, migrations and backups keep DATABASE_URL's direct connection.
  API_DATABASE_URL: z.string().url().optional(),
  // Live goal alerts over websockets at /graphql (src/server/liveSocket.ts): sockets per process
  // and per signed-in user, subscriptions per socket, and the largest message a client may send.
  LIVE_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(10_000),
  LIVE_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(1000).default(5),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(1000).default(10),
  LIVE_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(65_536),
  // GET /metrics: with a token, only its bearer is served; without, only this machine (docs/metrics.md).
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  // Insights (docs/insights.md): the nightly refresh's statistics. A refresh also runs this many
  // seconds after a user's newest data (debounced); findings need this many paired days, and are
  // kept when their Benjamini-Hochberg adjusted p is at or below INSIGHTS_FDR.
  INSIGHTS_DEBOUNCE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  INSIGHTS_MIN_PAIRED_DAYS: z.coerce.number().int().min(10).max(3650).default(30),
  INSIGHTS_FDR: z.coerce.number().gt(0).max(0.25).default(0.05),
  INSIGHTS_VALID_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  ...providerSettings(),
});

/** <NAME>_CLIENT_ID, _CLIENT_SECRET, _AUTHORIZE_URL, _TOKEN_URL, _API_URL, _WEBHOOK_SECRET for each provider; a provider is enabled when its client id is set. */
function providerSettings() {
  const out: Record<string, z.ZodOptional<z.ZodString>> = {};
  for (const p of ['OURA', 'WHOOP', 'GARMIN', 'FITBIT', 'WITHINGS']) {
    out[`${p}_CLIENT_ID`] = z.string().min(1).optional();
    out[`${p}_CLIENT_SECRET`] = z.string().min(1).optional();
    out[`${p}_AUTHORIZE_URL`] = z.string().url().optional();
    out[`${p}_TOKEN_URL`] = z.string().url().optional();
    out[`${p}_API_URL`] = z.string().url().optional();
    out[`${p}_WEBHOOK_SECRET`] = z.string().min(1).optional();
  }
  return out as Record<`${'OURA' | 'WHOOP' | 'GARMIN' | 'FITBIT' | 'WITHINGS'}_${'CLIENT_ID' | 'CLIENT_SECRET' | 'AUTHORIZE_URL' | 'TOKEN_URL' | 'API_URL' | 'WEBHOOK_SECRET'}`, z.ZodOptional<z.ZodString>>;
}

export type Config = Omit<z.infer<typeof schema>, 'ENABLE_GRAPHIQL'> & { ENABLE_GRAPHIQL: 'true' | 'false' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  // Production refuses missing, weak or development secrets by their strength, not their spelling (src/secrets.ts).
  const problems = config.NODE_ENV === 'production' ? productionSecretProblems(config, env) : [];
  if (config.LOGIN_MAX_FAILURES_PER_ACCOUNT <= config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP) {
    problems.push('LOGIN_MAX_FAILURES_PER_ACCOUNT must be greater than LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP, so that the failures of one IP within LOGIN_WINDOW cannot throttle the account');
  }
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return { ...config, ENABLE_GRAPHIQL: config.ENABLE_GRAPHIQL ?? (config.NODE_ENV === 'production' ? 'false' : 'true') };
}
