// Vitalis export restores under fuzzing (bench/fuzz/properties/vitalisExport.ts), and the cases
// fuzzing found, replayed from their shrunk counterexamples: each was refused with a raw yauzl
// or PostgreSQL error that named no entry or column before the fix.
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import fs from 'node:fs';
import path from 'node:path';
import { archiveBytes, vitalisExportTarget } from '../../bench/fuzz/properties/vitalisExport';
import { ExportArchiveError, importVitalisExport } from '../../src/importers/vitalisExport';
import { createUser, useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);

test('every mutated archive restores with every row accounted for, or is refused naming the entry (and column) and the rule with nothing written', async () => {
  const seen = await assertTarget(vitalisExportTarget, env(), { runs: FUZZ_TEST_RUNS, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(FUZZ_TEST_RUNS);
});

test.each([
  // yauzl's "invalid central directory file header signature" escaped as a bare Error.
  ['a zip missing its first byte', { where: 'zip', table: 0, mutations: [{ kind: 'delete', at: 0, length: 1 }] }],
  // "invalid input syntax for type uuid" from the id mapping, outside any entry's name.
  ['a row id that is not a uuid', { where: 'table', table: 2, mutations: [{ kind: 'field', index: 0, value: 'd3c-8a3f-4c79' }] }],
  // PostgreSQL's "invalid input syntax for type json" for a whole batch of rows.
  ['a row that is not JSON', { where: 'table', table: 0, mutations: [{ kind: 'insert', at: 40, bytes: [0x7b, 0x7b] }] }],
  // mood_journal_energy_score_range, without the column.
  ['a score out of its range', { where: 'table', table: 2, mutations: [{ kind: 'field', index: 5, value: '9' }] }],
  // "invalid input syntax for type json" again: JSON.parse takes a lone surrogate, jsonb does not.
  ['a string with an unpaired surrogate', { where: 'table', table: 0, mutations: [{ kind: 'field', index: 0, value: '\ud800' }] }],
] as const)('found by fuzzing: %s is refused by name', async (_name, input) => {
  const ctx = await vitalisExportTarget.setup(env());
  await expect(vitalisExportTarget.run(ctx, structuredClone(input) as never)).resolves.toBe('rejected');
});

test('a refused value names the entry and the column', async () => {
  const ctx = await vitalisExportTarget.setup(env());
  const file = path.join(env().dir, 'bad-uuid.zip');
  fs.writeFileSync(file, await archiveBytes(ctx.schemaVersion, { where: 'table', table: 2, mutations: [{ kind: 'field', index: 0, value: 'd3c-8a3f-4c79' }] }));
  const error = await importVitalisExport({ pool: db.pool, file, userId: await createUser(db.pool) }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ExportArchiveError);
  expect((error as Error).message).toMatch(/^data\/vitalis\.mood_journal\.json: column journal_id: invalid input syntax for type uuid/);
});
