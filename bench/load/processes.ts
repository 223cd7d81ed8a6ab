// The system under load, as deployed: local object storage (s3rver, as the tests use), the API
// (`npm start`'s server.ts with RUN_WORKER=false) and one worker process (`npm run worker`), each
// its own Node process on 127.0.0.1, so the load clients in this process do not share their event
// loop. Both children get the same environment, which the clients' tokens are signed for.
// apiInProcess (the CI smoke test, which cannot spend two process start-ups of ~10 s each on a busy
// machine) runs the same API in this process instead; the worker is always a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { withCredentials } from '../../src/db/url';
import { createLogger } from '../../src/http/logger';
import { startServer } from '../../src/server/app';
import { openStorage, type Storage } from '../../src/storage/s3';
import { portOutsideEphemeralRange } from '../../test/helpers/ports';
import { startWorkerProcess, waitFor } from '../../test/helpers/workerProcess';

const ROOT = path.resolve(__dirname, '..', '..');

/** The settings of the run that differ from a default configuration; reported in the result. */
export interface SystemSettings {
  env: Record<string, string>;
  why: string[];
}

export interface RunningSystem {
  origin: string;
  graphqlUrl: string;
  /** The configuration the API runs with (the clients' tokens are issued with it). */
  config: Config;
  settings: SystemSettings;
  storage: Storage;
  /** Output of the API and worker processes, for the report when something went wrong. */
  output: { api: string[]; worker: string[] };
  /** Stops both processes (SIGTERM, then SIGKILL after 10 s), storage, and removes the temporary directory. */
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface SystemOptions {
  databaseUrl: string;
  workerConcurrency: number;
  log: (message: string) => void;
  startTimeoutMs?: number;
  /** Run the API in this process instead of as a child process. */
  apiInProcess?: boolean;
}

const WHY = [
  'NODE_ENV=development: the cluster keeps the development role passwords (production refuses them); GRAPHILE_ENV=production runs Graphile as deployed.',
  'No rate limit or quota is changed: every client signs in as a user of its own (sessions issued directly, not through /auth/register, whose per-IP limit is 10 an hour), and neither imports nor GraphQL writes have per-user limits.',
  'API_POOL_MAX, STATEMENT_TIMEOUT_MS and the GraphQL limits keep their defaults.',
];

/** The settings reported: those that differ from the defaults, secrets and per-run paths left out. */
function reported(env: Record<string, string>, apiInProcess: boolean): SystemSettings {
  const shown = Object.fromEntries(Object.entries(env).filter(([k]) => !['JWT_SECRET', 'TOKEN_ENCRYPTION_KEYS', 'DATA_DIR', 'PORT'].includes(k)));
  return { env: { ...shown, PROCESSES: apiInProcess ? 'API in the load process, worker (src/cli/worker.ts) as a child process' : 'API (server.ts) and worker (src/cli/worker.ts) as child processes' }, why: WHY };
}

async function startApiInProcess(config: Config, storage: Storage, databaseUrl: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const db = { url: databaseUrl, authenticatorUrl: withCredentials(databaseUrl, 'vitalis_authenticator', config.AUTHENTICATOR_PASSWORD), redactedUrl: databaseUrl, close: async () => {} };
  const server = await startServer({ config, db, logger: createLogger(config), storage, host: '127.0.0.1', port: config.PORT });
  return { origin: server.origin, stop: () => server.close(1000) };
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-load-'));
  const port = await portOutsideEphemeralRange();
  // Development configuration (its role passwords are the cluster's; production refuses them),
  // Graphile in production mode (no explain, no dev tooling: the code path a deployment runs).
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    GRAPHILE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    RUN_WORKER: 'false',
    JWT_SECRET: `load-test-secret-${Math.random().toString(36).slice(2)}-0123456789abcdef`,
    TOKEN_ENCRYPTION_KEYS: `load1:${Buffer.alloc(32, 7).toString('base64')}`,
    S3_BUCKET: 'vitalis-load',
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: String(options.workerConcurrency),
  };
  const config = loadConfig({ ...env, DATABASE_URL: options.databaseUrl });
  const output = { api: [] as string[], worker: [] as string[] };
  const children: ChildProcess[] = [];
  let storage: Storage | undefined;
  let inProcessApi: { origin: string; stop: () => Promise<void> } | undefined;
  const stop = async () => {
    await inProcessApi?.stop().catch(() => {});
    await Promise.all(children.map((c) => stopChild(c)));
    await storage?.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    storage = await openStorage(config, { directory: path.join(dir, 's3') });
    const shared = { ...env, S3_ENDPOINT: storage.endpoint, DATABASE_URL: options.databaseUrl };
    options.log(`starting the API on 127.0.0.1:${port}${options.apiInProcess ? ' (in this process)' : ''} and a worker process (concurrency ${options.workerConcurrency})`);
    startWorkerProcess({
      databaseUrl: options.databaseUrl,
      storage,
      output: output.worker,
      children,
      // The worker's own defaults for recovery; the rest as the API's.
      env: { ...shared, LOG_LEVEL: 'warn', WORKER_RECOVERY_INTERVAL_SECONDS: '60', WORKER_RECOVERY_GRACE_SECONDS: '30' },
    });
    let api: ChildProcess | undefined;
    if (options.apiInProcess) {
      inProcessApi = await startApiInProcess(loadConfig(shared), storage, options.databaseUrl);
    } else {
      // Node with tsx's loader (not tsx's CLI, whose grandchild a signal would not reach).
      api = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: ROOT, env: { ...process.env, ...shared }, stdio: ['ignore', 'pipe', 'pipe'] });
      api.stdout!.on('data', (chunk: Buffer) => output.api.push(chunk.toString()));
      api.stderr!.on('data', (chunk: Buffer) => output.api.push(chunk.toString()));
      children.push(api);
    }
    const origin = `http://127.0.0.1:${port}`;
    const dead = () => children.find((c) => c.exitCode !== null || c.signalCode !== null);
    await waitFor(
      () => `the API and the worker to start: ${[...output.api, ...output.worker].join('').slice(-2000)}`,
      async () => {
        const exited = dead();
        if (exited) throw new Error(`${exited === api ? 'the API' : 'the worker'} exited while starting: ${[...output.api, ...output.worker].join('').slice(-2000)}`);
        // /readyz answers 200 once the database and storage are there; the worker says when it runs.
        const ready = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        return ready?.status === 200 && output.worker.join('').includes('Vitalis worker running');
      },
      options.startTimeoutMs ?? 120_000,
    );
    return { origin, graphqlUrl: `${origin}/graphql`, config, settings: reported(env, options.apiInProcess ?? false), storage, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
