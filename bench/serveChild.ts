// The bench's servers in child processes of their own (the API, bench/apiChild.ts; the bare HTTP
// server, bench/httpFloor.ts), so the load generator's work does not run on the server's loop.
// Both sides of the protocol are here: the parent spawns `<script> --serve <url>` under tsx and
// waits for the one line {"origin"} the child prints once it listens; SIGTERM stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ServeChild {
  origin: string;
  child: ChildProcess;
  /** SIGTERM, then resolves once the child has exited (a profiling child writes its profile then). */
  stop(): Promise<void>;
}

/** Spawns `script --serve url` and resolves once it has printed its origin. `name` is for the error when it exits first. */
export function startServeChild(script: string, url: string, options: { name: string; nodeArgs?: string[]; env?: NodeJS.ProcessEnv }): Promise<ServeChild> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, '--serve', url], {
    cwd: path.join(__dirname, '..'),
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({
        origin: (JSON.parse(line) as { origin: string }).origin,
        child,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      }));
    child.once('exit', (code) => reject(new Error(`${options.name} exited with ${code}`)));
  });
}

/** The child's side: tells the parent where it listens. */
export function announceOrigin(origin: string): void {
  process.stdout.write(`${JSON.stringify({ origin })}\n`);
}

/** The child's entry point: `--serve <url>` runs `serve`, anything else is a usage error. */
export function serveMain(script: string, serve: (url: string) => Promise<void>): void {
  const [flag, url] = process.argv.slice(2);
  if (flag !== '--serve' || !url) {
    console.error(`usage: tsx ${script} --serve <database url>`);
    process.exit(2);
  }
  serve(url).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
