// The Vitalis export archive (src/importers/vitalisExport), restored into a new user, fuzzed
// from a small archive written here in the export's format (manifest.json with SHA-256s, one
// JSON array per table). Three places to mutate: the zip's bytes (the hashes then refuse most
// changes), a table's JSON (bytes or field values from the grammar) with the manifest's hash
// made to match, so the change reaches the restore, and manifest.json's text.
//   Accepted: per table, rows read = inserted + updated + skipped (each skip with a reason), and
//   the rows added to the user are the ones reported inserted.
//   Refused: an ExportArchiveError whose message starts with what it is about (an entry such as
//   data/vitalis.wearable_sleep.json, manifest.json[: path], schemaVersion, --user, the file)
//   and says the rule after ": "; a refusal about a row's value must name the column (a bare
//   PostgreSQL "invalid input syntax for type ..." does not). Nothing written.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import yazl from 'yazl';
import { ExportArchiveError, importVitalisExport } from '../../../src/importers/vitalisExport';
import { dataFile, EXPORT_FORMAT, EXPORT_VERSION, type ExportManifest, schemaFile } from '../../../src/importers/vitalisExport/manifest';
import { applyMutations, JSON_GRAMMAR, type Mutation, mutations } from '../core/mutate';
import { expectUnchanged, newUser, newUserCounts, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';

export const EXPORT_RULE = /^(--user|manifest\.json|schemaVersion|objects|(data|schemas|objects)\/[^:\s]+|\S+\.zip)(: [^:]+)?: \S/;
/** An entry named by the manifest (any text the manifest gave as a file name), then what is wrong with it. */
const ENTRY_RULE = /^[^\n]+?: (listed in manifest\.json|is in the archive but not|SHA-256 |\d+ bytes, the manifest|appears twice|holds \d+ rows|changed while)/;
/** PostgreSQL's own wording for a bad value, which names the type but not the column. */
const COLUMNLESS = /invalid input syntax for type|out of range for type|violates check constraint "|value too long for type|invalid input value for enum/;

const OLD_USER = '6a3f7e0e-2f4b-4c0e-9d61-0d5c8f6c1a01';
const TABLES: Record<string, Record<string, unknown>[]> = {
  'vitalis.wearable_sleep': [
    { sleep_id: 'b1a4c9f2-6e1d-4a57-8f3e-2c9d7e5a1b01', user_id: OLD_USER, sleep_date: '2024-03-01', source: 'oura', total_sleep_minutes: 420, sleep_start: '2024-02-29T23:10:00+01:00', sleep_end: '2024-03-01T07:05:00+01:00', created_at: '2024-03-01T08:00:00+00:00' },
    { sleep_id: 'b1a4c9f2-6e1d-4a57-8f3e-2c9d7e5a1b02', user_id: OLD_USER, sleep_date: '2024-03-02', source: 'oura', total_sleep_minutes: 395, sleep_score: 81, created_at: '2024-03-02T08:00:00+00:00' },
  ],
  'vitalis.measurements': [
    { measurement_id: 'c2b5dae3-7f2e-4b68-9a4f-3dae8f6b2c01', user_id: OLD_USER, metric: 'weight', value: 176.4, unit: 'lbs', measured_at: '2024-03-01T07:00:00+00:00', source: 'manual' },
    { measurement_id: 'c2b5dae3-7f2e-4b68-9a4f-3dae8f6b2c02', user_id: OLD_USER, metric: 'body_fat_pct', value: 18.2, unit: '%', measured_at: '2024-03-01T07:00:00+05:45', source: 'manual' },
  ],
  'vitalis.mood_journal': [{ journal_id: 'd3c6ebf4-8a3f-4c79-8b5a-4ebf9a7c3d01', user_id: OLD_USER, journal_date: '2024-03-01', mood_score: 4, energy_score: 3, stress_score: 2, notes: 'ok' }],
};

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const body = (rows: Record<string, unknown>[]) => Buffer.from(`[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);

interface Input {
  where: 'zip' | 'table' | 'manifest';
  table: number;
  mutations: Mutation[];
}

/** The archive of one case (exported for regression tests). */
export async function archiveBytes(schemaVersion: string, input: Input): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportId: randomUUID(),
    exportedAt: '2024-03-03T10:00:00.000Z',
    schemaVersion,
    user: { userId: OLD_USER, email: 'old@example.com' },
    dataFormat: 'json',
    tables: [],
    objects: [],
  };
  const names = Object.keys(TABLES);
  const mutated = names[input.table % names.length];
  for (const [table, rows] of Object.entries(TABLES)) {
    let data: Buffer = body(rows);
    if (input.where === 'table' && table === mutated) data = applyMutations(data, input.mutations, JSON_GRAMMAR);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    manifest.tables.push({ table, rows: rows.length, file: dataFile(table, 'json'), schema: schemaFile(table), sha256: sha(data), columns, omittedColumns: [] });
    zip.addBuffer(data, dataFile(table, 'json'));
    zip.addBuffer(Buffer.from('{}'), schemaFile(table));
  }
  let text: Buffer = Buffer.from(JSON.stringify(manifest, null, 1));
  if (input.where === 'manifest') text = applyMutations(text, input.mutations, JSON_GRAMMAR);
  zip.addBuffer(text, 'manifest.json');
  zip.end();
  const chunks: Buffer[] = [];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  return input.where === 'zip' ? applyMutations(bytes, input.mutations) : bytes;
}

let counter = 0;

export const vitalisExportTarget = defineTarget({
  name: 'vitalis-export',
  description: 'Vitalis export archive restore: refusals are ExportArchiveError naming the entry (and column) and the rule; accepted archives account for every row',
  setup: async (env: FuzzEnv) => {
    const { rows } = await env.pool.query(`select filename from graphile_migrate.migrations order by filename desc limit 1`);
    return { env, schemaVersion: rows[0].filename as string };
  },
  arbitrary: () =>
    fc.record({
      where: fc.constantFrom('zip' as const, 'table' as const, 'table' as const, 'table' as const, 'manifest' as const),
      table: fc.nat(),
      mutations: mutations(JSON_GRAMMAR),
    }),
  run: async ({ env, schemaVersion }, input: Input) => {
    const file = path.join(env.dir, `export-${process.pid}-${counter++}.zip`);
    fs.writeFileSync(file, await archiveBytes(schemaVersion, input));
    const userId = await newUser(env.pool);
    try {
      const before = await newUserCounts(env.pool);
      let summary;
      try {
        summary = await importVitalisExport({ pool: env.pool, file, userId });
      } catch (error) {
        if (!(error instanceof ExportArchiveError)) throw error;
        const message = error.message.replace(`${env.dir}/`, '');
        if (!(EXPORT_RULE.test(message) || ENTRY_RULE.test(message)) || (COLUMNLESS.test(message) && !/\bcolumn\b/.test(message))) throw new FuzzViolation('unnamedRejection', message.slice(0, 300));
        expectUnchanged(before, await rowCounts(env.pool, userId), `refused: ${message.slice(0, 120)}`);
        return 'rejected';
      }
      const after = await rowCounts(env.pool, userId);
      for (const t of summary.tables) {
        const skipped = Object.values(t.skipped).reduce((n, c) => n + c, 0);
        if (t.read !== t.inserted + t.updated + skipped) throw new FuzzViolation('unaccounted', `${t.table}: read ${t.read} != inserted ${t.inserted} + updated ${t.updated} + skipped ${skipped}`);
        const added = (after[t.table] ?? 0) - (before[t.table] ?? 0);
        if (t.table in TABLES && added !== t.inserted) throw new FuzzViolation('unaccounted', `${t.table}: ${t.inserted} reported inserted, ${added} rows added`);
      }
      return 'imported';
    } finally {
      fs.rmSync(file, { force: true });
    }
  },
});
