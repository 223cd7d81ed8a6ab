// A real worker process for crash tests (killed with SIGKILL mid-job, then a second one recovers
// the job), and the polling they wait with.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Storage } from '../../src/storage/s3';

const ROOT = path.resolve(__dirname, '..', '..');

/** Polls check every 100 ms until it returns a value; `what` (or its thunk, read on timeout) names what was awaited. */
export async function waitFor<T>(what: string | (() => string), check: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
}

/**
 * `npm run worker` against databaseUrl (and the test's storage, when given), its output collected in `output`
 * and the process added to `children` (the test file kills what is left before its database goes).
 */
export function startWorkerProcess(options: { databaseUrl: string; storage?: Storage; output: string[]; children: ChildProcess[]; env?: NodeJS.ProcessEnv }): ChildProcess {
  // Node itself with tsx's loader (not tsx's CLI, which runs the script in a grandchild that a
  // SIGKILL would not reach).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      // Graphile in production mode; the configuration stays in development mode, whose dev role passwords
      // are the ones the test cluster uses (production refuses them, and setting others would
      // change the cluster-wide roles under the other test files).
      NODE_ENV: 'development',
      GRAPHILE_ENV: 'production',
      JWT_SECRET: 'crash-test-secret-0123456789abcdef012345',
      TOKEN_ENCRYPTION_KEYS: `test1:${Buffer.alloc(32, 3).toString('base64')}`,
      // Without the test's storage the worker opens its own default (tasks that store nothing).
      ...(options.storage ? { S3_ENDPOINT: options.storage.endpoint, S3_BUCKET: options.storage.bucket } : {}),
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '1',
      WORKER_RECOVERY_INTERVAL_SECONDS: '1',
      WORKER_RECOVERY_GRACE_SECONDS: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => options.output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => options.output.push(chunk.toString()));
  options.children.push(child);
  return child;
}
