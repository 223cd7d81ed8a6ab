// The API alone in a child process, in production mode, for the phases that load it over HTTP:
// its event loop is its own, so the load generator's work (autocannon parsing every response)
// does not run on the server's loop and count as the server's time. Run directly with
// `--serve <url>`, it starts the server on an ephemeral port and prints {"origin"} once listening.
import '../src/server/graphileEnv';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { loadConfig } from '../src/config';
import { withCredentials } from '../src/db/url';
import { startServer } from '../src/server/app';
import { announceOrigin, serveMain, startServeChild, type ServeChild } from './serveChild';

export type ApiChild = ServeChild;

export interface ApiChildOptions {
  /** Signs the tokens the load uses; random when not given (then no token verifies). */
  jwtSecret?: string;
  /** Extra environment (MAX_*, GRAPHQL_* settings apply in the child). */
  env?: NodeJS.ProcessEnv;
  /** Extra node flags. */
  nodeArgs?: string[];
  /**
   * Write a V8 CPU profile of the serving time (from listening to SIGTERM, so the schema build at
   * start-up is not in it) to this file.
   */
  cpuProfile?: string;
}

export function startApiChild(url: string, options: ApiChildOptions = {}): Promise<ApiChild> {
  return startServeChild(__filename, url, {
    name: 'bench API child',
    nodeArgs: options.nodeArgs,
    env: { ...process.env, ...options.env, NODE_ENV: 'production', GRAPHILE_ENV: 'production', BENCH_API_JWT_SECRET: options.jwtSecret ?? '', BENCH_API_CPU_PROFILE: options.cpuProfile ?? '' },
  });
}

async function serve(url: string): Promise<void> {
  // The limits and timeouts of the environment apply (to bench other settings); nothing else of it.
  const limits = Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(MAX_|GRAPHQL_)/.test(name)));
  // The authenticator's password is the one the bench database was set up with (bench/database.ts).
  const { AUTHENTICATOR_PASSWORD } = loadConfig({ AUTHENTICATOR_PASSWORD: process.env.AUTHENTICATOR_PASSWORD });
  const config = loadConfig({
    ...limits,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    // Production refuses development secrets; the JWT secret is the parent's when it signs tokens.
    JWT_SECRET: process.env.BENCH_API_JWT_SECRET || randomBytes(32).toString('hex'),
    AUTHENTICATOR_PASSWORD: randomBytes(16).toString('hex'),
    WORKER_PASSWORD: randomBytes(16).toString('hex'),
    TOKEN_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
  });
  const server = await startServer({ config, db: { authenticatorUrl: withCredentials(url, 'vitalis_authenticator', AUTHENTICATOR_PASSWORD) }, host: '127.0.0.1', port: 0 });
  const profileFile = process.env.BENCH_API_CPU_PROFILE;
  const profiler = profileFile ? new inspector.Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  announceOrigin(server.origin);
  process.once('SIGTERM', () => {
    const written = profiler && profileFile
      ? profiler.post('Profiler.stop').then(({ profile }) => fs.writeFileSync(profileFile, JSON.stringify(profile)))
      : Promise.resolve();
    written.then(() => server.close(1000)).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

if (require.main === module) serveMain('bench/apiChild.ts', serve);
