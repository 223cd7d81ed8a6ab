// The backup benchmark phase: the benchmark data set (whatever the earlier phases left in the
// database) copied out three ways, each in one REPEATABLE READ snapshot: plain binary COPY of
// every backed-up table to nowhere (the floor), the real backup writer (src/ops/backup/write.ts:
// COPY, framing, gzip, checksums) to a local file, and the same encrypted; then that file restored
// with the real loader into a fresh database migrated to the same version (src/ops/backup/target.ts,
// load.ts) and proved against its manifest (verify.ts). Storage is left out (a local file) so the
// figures are the database's and the process's, not s3rver's.
// BENCH_BACKUP=0 skips the phase.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { dropDatabase } from '../../src/db/setup';
import { databaseName, withDatabase } from '../../src/db/url';
import { backupTables, ident, tableRef } from '../../src/ops/backup/catalog';
import { loadBackup } from '../../src/ops/backup/load';
import type { Manifest } from '../../src/ops/backup/manifest';
import { prepareTarget } from '../../src/ops/backup/target';
import { compareWithManifest } from '../../src/ops/backup/verify';
import { writeBackup } from '../../src/ops/backup/write';

export interface Throughput {
  ms: number;
  rows: number;
  /** COPY bytes (binary format, uncompressed): the same numerator for every line, so MB/s compare. */
  copyBytes: number;
  mbPerSec: number;
  rowsPerSec: number;
}

export interface BackupBenchResult {
  tables: number;
  plainCopy: Throughput;
  backup: Throughput & { storedBytes: number; compressionRatio: number };
  encryptedBackup: Throughput & { storedBytes: number };
  restore: Throughput & { migrateMs: number };
  verify: { ms: number; rowsPerSec: number; differences: number };
  notes: string[];
}

const rate = (amount: number, ms: number) => (ms > 0 ? Math.round((amount / (ms / 1000)) * 10) / 10 : 0);
const throughput = (ms: number, rows: number, copyBytes: number): Throughput => ({ ms, rows, copyBytes, mbPerSec: rate(copyBytes / 1e6, ms), rowsPerSec: Math.round(rate(rows, ms)) });

function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

async function plainCopy(url: string): Promise<Throughput & { tables: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const tables = await backupTables(client);
    const t0 = performance.now();
    let bytes = 0;
    let rows = 0;
    for (const t of tables) {
      const copy = client.query(copyTo(`copy (select ${t.columns.map(ident).join(', ')} from ${tableRef(t)}) to stdout (format binary)`));
      await pipeline(copy, new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) }));
      rows += copy.rowCount ?? 0;
    }
    const ms = performance.now() - t0;
    await client.query('rollback');
    return { ...throughput(ms, rows, bytes), tables: tables.length };
  } finally {
    await client.end();
  }
}

async function backupToFile(url: string, file: string | null, key?: Buffer): Promise<{ manifest: Manifest; ms: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    const sink = (body: Readable) => pipeline(body, file ? fs.createWriteStream(file) : devNull());
    const manifest = await writeBackup(client, sink, { key });
    return { manifest, ms: performance.now() - t0 };
  } finally {
    await client.end();
  }
}

export async function runBackupBench(url: string, options: { log: (message: string) => void }): Promise<BackupBenchResult> {
  const { log } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-backup-bench-'));
  const file = path.join(dir, 'backup.copy.gz');
  const target = withDatabase(url, `${databaseName(url)}_restore`.slice(0, 63));
  try {
    log('backup: plain COPY of every table');
    const plain = await plainCopy(url);
    log('backup: the backup writer to a file');
    const written = await backupToFile(url, file);
    const m = written.manifest;
    log('backup: the same, encrypted (AES-256-GCM)');
    const encrypted = await backupToFile(url, null, Buffer.alloc(32, 9));

    log('backup: restore into a fresh database');
    await dropDatabase(url, databaseName(target));
    const t0 = performance.now();
    await prepareTarget(target, m, { authenticatorPassword: 'vitalis-bench-authenticator', workerPassword: 'vitalis-bench-worker' });
    const migrateMs = performance.now() - t0;
    const client = new Client({ connectionString: target });
    await client.connect();
    let restoreMs: number;
    let verify: BackupBenchResult['verify'];
    try {
      const t1 = performance.now();
      await loadBackup(client, fs.createReadStream(file), m);
      restoreMs = performance.now() - t1;
      const t2 = performance.now();
      const proof = await compareWithManifest(client, m);
      const verifyMs = performance.now() - t2;
      verify = { ms: Math.round(verifyMs), rowsPerSec: Math.round(rate(proof.rows, verifyMs)), differences: proof.differences.length };
    } finally {
      await client.end();
    }
    return {
      tables: plain.tables,
      plainCopy: throughput(plain.ms, plain.rows, plain.copyBytes),
      backup: { ...throughput(written.ms, m.totals.rows, m.totals.copyBytes), storedBytes: m.object.bytes, compressionRatio: Math.round((m.totals.copyBytes / Math.max(1, m.object.bytes)) * 10) / 10 },
      encryptedBackup: { ...throughput(encrypted.ms, encrypted.manifest.totals.rows, encrypted.manifest.totals.copyBytes), storedBytes: encrypted.manifest.object.bytes },
      restore: { ...throughput(restoreMs, m.totals.rows, m.totals.copyBytes), migrateMs: Math.round(migrateMs) },
      verify,
      notes: [
        'MB/s are COPY bytes (binary format, before compression) per second for every line, so the lines compare; storedBytes is the gzip (and encrypted) object.',
        'The backup includes counting and checksumming every table in its snapshot (a second read of each table) before the COPYs.',
        'Restore: one transaction, triggers off (session_replication_role = replica), tables truncated then loaded, sequences set; migrateMs (the schema from the migrations) is apart.',
        'Storage is a local file: S3 upload and download are not in these figures.',
      ],
    };
  } finally {
    await dropDatabase(url, databaseName(target)).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatBackupReport(r: BackupBenchResult): string {
  const line = (name: string, t: Throughput, extra = '') =>
    `${name.padEnd(22)} ${(t.ms / 1000).toFixed(2).padStart(8)} s ${String(t.mbPerSec).padStart(8)} MB/s ${String(t.rowsPerSec).padStart(10)} rows/s${extra}`;
  return [
    `Backup and restore (${r.tables} tables, ${r.backup.rows} rows, ${(r.backup.copyBytes / 1e6).toFixed(1)} MB of COPY data)`,
    line('plain COPY (floor)', r.plainCopy),
    line('backup (gzip)', r.backup, `   stored ${(r.backup.storedBytes / 1e6).toFixed(1)} MB, ${r.backup.compressionRatio}x`),
    line('backup (encrypted)', r.encryptedBackup, `   stored ${(r.encryptedBackup.storedBytes / 1e6).toFixed(1)} MB`),
    line('restore (load)', r.restore, `   + ${(r.restore.migrateMs / 1000).toFixed(1)} s migrations`),
    `${'verify (checksums)'.padEnd(22)} ${(r.verify.ms / 1000).toFixed(2).padStart(8)} s ${''.padStart(13)} ${String(r.verify.rowsPerSec).padStart(10)} rows/s   ${r.verify.differences} table(s) differ`,
  ].join('\n');
}
