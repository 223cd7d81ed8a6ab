import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { Pool } from 'pg';
import { postgraphile, type PostGraphileInstance } from 'postgraphile';
import { PgSubscriber } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/express/v4';
import type { Config } from '../config';
import type { OpenDatabase } from '../db/open';
import { ConstraintCatalog, loadConstraintCatalog } from './errors';
import { errorHandler, notFoundHandler } from './httpErrors';
import { corsMiddleware, securityHeaders } from './httpSecurity';
import { jwtMiddleware } from '../http/jwt';
import { createSessionLiveness, type SessionLiveness } from '../http/sessionLiveness';
import { createAuthRouter } from '../auth/router';
import { createAccountDeletionRouter } from '../auth/routes/accountDeletion';
import { createLogger, requestLogMiddleware, type Logger } from '../http/logger';
import { GRAPHIQL_PATH, GRAPHQL_PATH, makePreset } from './preset';
import { endPool } from '../db/pools';
import { createApiPool } from '../db/apiPool';
import { requestIdMiddleware } from '../http/requestId';
import { createImportsRouter } from './importsRouter';
import { createDocumentsRouter } from './documentsRouter';
import { createPhotosRouter } from './photosRouter';
import { createExportsRouter } from './exportsRouter';
import { createProviderRouter } from '../providers/engine/router';
import { createBillingRouter } from '../billing/router';
import type { Storage } from '../storage/s3';
import { createApiMetrics, readinessHandler } from './metrics';
import { shippedSchemaVersion } from '../privacy/export/schemaVersion';
import { attachLiveSockets, type LiveSockets, registerLiveGauge } from './liveSocket';

/** What the API needs of the database: the API connects as vitalis_authenticator only. */
export type ServerDatabase = Pick<OpenDatabase, 'authenticatorUrl'>;

export interface AppOptions {
  config: Config;
  db: ServerDatabase;
  logger?: Logger;
  /** Where uploads go (POST /imports/{fileType}); without it, uploads are not offered. */
  storage?: Storage;
  /** /readyz requires a live worker process on the database (server.ts: RUN_WORKER). Default false. */
  expectWorker?: boolean;
}

export interface VitalisApp {
  app: Express;
  /** Not listening yet: see startServer. PostGraphile is attached to it (websocket upgrades). */
  server: http.Server;
  pgl: PostGraphileInstance;
  /** The vitalis_authenticator pool behind PostGraphile and /readyz. */
  pool: Pool;
  /** The websocket at /graphql (subscriptions). */
  live: LiveSockets;
  /** Session liveness, cached and kept current by NOTIFY (src/http/sessionLiveness.ts). */
  sessions: SessionLiveness;
  /** Settles once the constraint catalog behind the error messages is loaded (or failed to load). */
  constraintsLoaded: Promise<void>;
  /** Releases PostGraphile, its pgServices and their pools. Does not close `server`. */
  release(): Promise<void>;
}

/**
 * The express app: request id -> request log -> security headers -> /healthz, /readyz ->
 * JWT check -> PostGraphile. Nothing here starts the database or the worker, so tests can run it
 * against any database that has the Vitalis schema.
 */
export async function createApp(options: AppOptions): Promise<VitalisApp> {
  const { config, db } = options;
  const logger = options.logger ?? createLogger(config);

  // API_DATABASE_URL (through PgBouncer, docs/pgbouncer.md) when set; sized like the bouncer's pool.
  const pool = createApiPool({ authenticatorUrl: db.authenticatorUrl, pooledUrl: config.API_DATABASE_URL, max: config.API_POOL_MAX, idleTimeoutMillis: config.API_POOL_IDLE_MS });
  // Without these, a connection dropped by the server would crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database client error'));
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'database client error')));

  // What the catalog says about constraints, for clear error messages (src/server/errors.ts).
  // Loaded in the background: until it is, messages fall back to the built-in tables.
  const constraints = new ConstraintCatalog();
  const constraintsLoaded = loadConstraintCatalog(pool, constraints).then(
    () => undefined,
    (error: unknown) => logger.warn({ err: error }, 'could not load the constraint catalog'),
  );

  // LISTEN for subscriptions needs a session of its own, so never through API_DATABASE_URL (a
  // transaction-mode PgBouncer): one direct vitalis_authenticator connection, taken on the first
  // subscription and held until release. All channels share it (PgSubscriber).
  const listenPool = new Pool({ connectionString: db.authenticatorUrl, max: 1, connectionTimeoutMillis: 10_000, application_name: 'vitalis-api-listen' });
  listenPool.on('error', (error) => logger.warn({ err: error }, 'idle LISTEN client error'));
  const pgSubscriber = new PgSubscriber(listenPool);

  // Every authenticated request checks its session; live answers are cached, and the database's
  // vitalis_session_ended notifications (a direct connection of its own) drop them.
  const sessions = createSessionLiveness({
    pool,
    listenUrl: db.authenticatorUrl,
    ttlMs: config.SESSION_CACHE_TTL_MS,
    maxEntries: config.SESSION_CACHE_MAX,
    onListenError: (error) => logger.warn({ err: error }, 'session liveness LISTEN connection lost: checking every request until it is back'),
  });

  const uploads = { storage: options.storage ?? null, config };
  // GET /metrics (docs/metrics.md): request timings, error counts, pool and queue gauges.
  const metrics = createApiMetrics({ pool, graphqlPath: GRAPHQL_PATH, token: config.METRICS_TOKEN });
  const pgl = postgraphile({ extends: [makePreset({ config, pool, logger, constraints, uploads, pgSubscriber, sessions })], plugins: [metrics.graphqlPlugin] });
  const serv = pgl.createServ(grafserv);

  const app = express();
  app.disable('x-powered-by');
  app.use(metrics.middleware);
  app.use(requestIdMiddleware());
  app.use(requestLogMiddleware(logger));
  app.use(securityHeaders(config, { graphiqlPath: GRAPHIQL_PATH, staticPrefix: '/ruru-static/' }));
  app.use(corsMiddleware(config));

  // Liveness: the process answers; never touches the database.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: PostgreSQL reachable and migrated, storage reachable, worker alive, queue moving;
  // 503 names what is not ready (src/server/metrics/readiness.ts).
  app.get(
    '/readyz',
    readinessHandler({ pool, snapshots: metrics.snapshots, storage: options.storage, shippedMigration: shippedSchemaVersion(), expectWorker: options.expectWorker ?? false, logger }),
  );
  app.get('/metrics', metrics.route);

  // Before the auth router: provider webhooks carry their own credentials (signatures), which the
  // auth router's bearer-token check must not see; connect and disconnect check sessions themselves.
  app.use('/providers', createProviderRouter({ config, pool, logger, callbackBaseUrl: config.API_PUBLIC_URL, sessions: sessions.check }));
  // Stripe's webhook is verified on its raw body, so /billing comes before any JSON parser (docs/billing.md).
  app.use('/billing', createBillingRouter({ config, pool, logger }));
  // Before the auth router: the mailed cancel link must work with a stale token attached.
  app.use(createAccountDeletionRouter({ config, pool, logger, sessions }));
  app.use(createAuthRouter({ config, pool, logger, sessions }));
  // GraphQL's own check: already done for requests the auth router saw, but not dependent on it.
  app.use(jwtMiddleware(config, sessions.check));
  if (options.storage) app.use(createImportsRouter({ pool, storage: options.storage, logger, maxBytes: config.IMPORT_MAX_BYTES }));
  if (options.storage) app.use(createDocumentsRouter({ pool, storage: options.storage, logger, maxBytes: config.DOCUMENT_MAX_BYTES }));
  if (options.storage) app.use(createPhotosRouter({ pool, storage: options.storage, logger, maxBytes: config.PHOTO_MAX_BYTES }));
  if (options.storage) app.use(createExportsRouter({ pool, storage: options.storage, logger }));

  const server = http.createServer(app);
  // HTTP here; the websocket upgrade at /graphql is ours (authentication, limits), not grafserv's.
  await serv.addTo(app, server, false);
  const live = attachLiveSockets(server, { serv, path: GRAPHQL_PATH, config, sessions: sessions.check, logger });
  registerLiveGauge(metrics.registry, live);

  app.use(notFoundHandler(app));
  app.use(errorHandler(logger));

  let released: Promise<void> | undefined;
  const release = () =>
    (released ??= (async () => {
      live.close();
      pgSubscriber.release();
      await sessions.close();
      const services = pgl.getResolvedPreset().pgServices ?? [];
      await pgl.release();
      // pgl.release() does not release the pgServices, and a service's release() ends only the
      // pools it created itself: end every pool explicitly.
      for (const service of services) {
        await service.release?.();
        const servicePool = (service.adaptorSettings as { pool?: Pool } | undefined)?.pool;
        if (servicePool) await endPool(servicePool);
      }
      await endPool(pool);
      await endPool(listenPool);
    })());

  return { app, server, pgl, pool, live, sessions, constraintsLoaded, release };
}

export interface RunningServer extends VitalisApp {
  /** e.g. http://127.0.0.1:5678 */
  origin: string;
  graphqlUrl: string;
  /** Set when Ruru (GraphiQL) is enabled. */
  graphiqlUrl?: string;
  /** Stops accepting connections, lets in-flight requests finish (up to graceMs), then releases everything. */
  close(graceMs?: number): Promise<void>;
}

/**
 * createApp + listen. host/port default to config.HOST/PORT; pass port 0 for an ephemeral port.
 * By default the GraphQL schema is built before the server listens, so a database that cannot be
 * introspected fails the start, and the first requests do not queue behind a multi-second build.
 */
export async function startServer(options: AppOptions & { host?: string; port?: number; waitForSchema?: boolean }): Promise<RunningServer> {
  const vitalis = await createApp(options);
  const host = options.host ?? options.config.HOST;
  const port = options.port ?? options.config.PORT;
  const { server } = vitalis;
  // Longer than the usual 60 s idle timeout of proxies and load balancers, so the server is never
  // the side that closes a keep-alive connection a client is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  try {
    if (options.waitForSchema ?? true) await Promise.all([vitalis.pgl.getSchema(), vitalis.constraintsLoaded]);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await vitalis.release();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000) =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Upgraded sockets are no longer the HTTP server's: close them, or `closed` would wait for them.
      vitalis.live.close();
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      await closed;
      clearTimeout(timer);
      await vitalis.release();
    })());

  return {
    ...vitalis,
    origin,
    graphqlUrl: `${origin}${GRAPHQL_PATH}`,
    graphiqlUrl: options.config.ENABLE_GRAPHIQL === 'true' ? `${origin}${GRAPHIQL_PATH}` : undefined,
    close,
  };
}
