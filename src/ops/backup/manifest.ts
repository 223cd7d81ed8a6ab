// The manifest written beside every backup object (<object key>.manifest.json): what the backup
// holds and how to prove a restore of it (per-table counts and checksums taken in the backup's own
// snapshot). Read back through zod: a manifest is outside input like any other.
import { z } from 'zod';

export const FORMAT = 'vitalis-copy-1';

const tableEntry = z.object({
  schema: z.string().min(1),
  name: z.string().min(1),
  /** Copied columns, in COPY order (generated columns are left out: they are recomputed). */
  columns: z.array(z.string().min(1)).min(1),
  rows: z.number().int().min(0),
  checksum: z.string().regex(/^[0-9a-f]{32}$/),
  /** Bytes of COPY data (binary format, before compression). */
  bytes: z.number().int().min(0),
});

const partitionEntry = z.object({ schema: z.string(), name: z.string(), parent: z.string(), bound: z.string() });
const sequenceEntry = z.object({ schema: z.string(), name: z.string(), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() });

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  createdAt: z.string(),
  /** The last committed migration applied (graphile_migrate.migrations), e.g. 000020.sql. */
  schemaVersion: z.object({
    migration: z.string().regex(/^\d{6}\.sql$/),
    hash: z.string(),
    /** md5 of migrations/current as applied (development and tests only), or null. */
    current: z.string().nullable(),
    /** graphile-worker's schema migration, when its job tables are in the backup. */
    worker: z.number().int().nullable(),
  }),
  server: z.object({ version: z.string(), versionNum: z.number().int() }),
  method: z.literal('copy'),
  compression: z.literal('gzip'),
  /** null: not encrypted; else the first 16 hex digits of SHA-256(key), to name a wrong key. */
  encryption: z.object({ algorithm: z.literal('aes-256-gcm'), keyFingerprint: z.string().regex(/^[0-9a-f]{16}$/) }).nullable(),
  tables: z.array(tableEntry),
  partitions: z.array(partitionEntry),
  sequences: z.array(sequenceEntry),
  totals: z.object({ rows: z.number().int().min(0), copyBytes: z.number().int().min(0) }),
  /** The stored object: its size and SHA-256, checked while it is read back. */
  object: z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The pg_dump beside it (same snapshot), or why none was taken; null when not asked for. */
  pgDump: z.union([z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }), z.object({ skipped: z.string() })]).nullable(),
  durationMs: z.number().min(0),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableEntry = z.infer<typeof tableEntry>;

export function parseManifest(bytes: Buffer, key: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error(`manifest: ${key} is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`manifest: ${key} is not a ${FORMAT} manifest (${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return parsed.data;
}

export const qualified = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
