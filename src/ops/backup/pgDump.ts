// A pg_dump of the whole database beside the COPY backup, when a pg_dump of the server's major
// version is on PATH (Debian's pg_dump 15 for a PostgreSQL 15 server; never on the embedded
// default, which ships none). It reads the backup's own snapshot (pg_export_snapshot, --snapshot),
// so both describe the same moment. It is for operators who prefer pg_restore (docs/backups.md);
// npm run restore uses the COPY backup, which works everywhere.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encryptStream } from './encryption';
import type { Sink } from './write';

/** pg_dump's major version, or undefined when there is none on PATH. */
export function pgDumpMajor(): number | undefined {
  try {
    const version = execFileSync('pg_dump', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const major = /\(PostgreSQL\) (\d+)/.exec(version)?.[1];
    return major ? Number(major) : undefined;
  } catch {
    return undefined;
  }
}

/** Why no pg_dump is taken for a server of this version (server_version_num), or undefined when one is. */
export function pgDumpUnavailable(serverVersionNum: number): string | undefined {
  const local = pgDumpMajor();
  const server = Math.floor(serverVersionNum / 10000);
  if (local === undefined) return 'no pg_dump on PATH';
  if (local !== server) return `pg_dump ${local} does not match the PostgreSQL ${server} server`;
  return undefined;
}

/** Streams `pg_dump --format=custom --snapshot=<snapshot>` of the database at url into sink (encrypted with key). */
export async function dumpSnapshot(url: string, snapshot: string, sink: Sink, key?: Buffer): Promise<{ bytes: number; sha256: string }> {
  const child = spawn('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--dbname', url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = once(child, 'close') as Promise<[number | null]>;
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const sinking = sink(counter);
  await Promise.all([pipeline(child.stdout, key ? encryptStream(key) : new PassThrough(), counter), sinking]);
  const [code] = await exited;
  if (code !== 0) throw new Error(`pg_dump: exited with ${code}: ${stderr.trim()}`);
  return { bytes, sha256: hash.digest('hex') };
}
