// Apple Health imports under fuzzing (bench/fuzz/properties/appleHealth.ts), and the cases
// fuzzing found, replayed from their shrunk counterexamples: each ended in a raw error (a
// PostgreSQL date-window or time-zone error, a zlib error) before the fix.
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import { appleHealthTarget } from '../../bench/fuzz/properties/appleHealth';
import { useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);

test('every mutated export imports with every element accounted for, or is refused naming the file and the rule with nothing written', async () => {
  const seen = await assertTarget(appleHealthTarget, env(), { runs: FUZZ_TEST_RUNS, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(FUZZ_TEST_RUNS);
});

const Y9999 = { year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, offset: -720 };

test.each([
  // A creationDate of 9999-12-31 23:59:59 -1200 is year 10000 in UTC: "time zone displacement out of range".
  ['creationDate in year 10000 UTC', { fixture: 0, container: 'xml', mutations: [{ kind: 'timestamp', index: 706290959, stamp: Y9999 }] }, 'imported'],
  // startDate 9999-12-31 with endDate 2024-01-14: only the end was checked against the window ("date: 9999-12-31 is outside the accepted range").
  ['startDate in 9999, endDate in 2024', { fixture: 1, container: 'xml', mutations: [{ kind: 'timestamp', index: 27, stamp: Y9999 }] }, 'imported'],
  // 2024-02-30 read as 2024-03-01 by Date.UTC: now not a time.
  ['a day that does not exist', { fixture: 1, container: 'xml', mutations: [{ kind: 'timestamp', index: 27, stamp: { year: 2024, month: 2, day: 30, hour: 12, minute: 0, second: 0, offset: 60 } }] }, 'imported'],
  // A damaged deflate stream: zlib's "invalid distances set" escaped as a bare Error.
  ['a zip whose entry does not inflate', { fixture: 0, container: 'zip-bytes', mutations: [{ kind: 'flip', at: 100, bit: 2 }] }, 'rejected'],
  // A 10 MB attribute reached raw_data: "rawData must be at most 512 KB of JSON" from PostgreSQL for the whole import.
  ['an attribute of megabytes', { fixture: 1, container: 'xml', mutations: [{ kind: 'huge', field: 981926924, what: 'string' }] }, 'imported'],
  // A workout's sourceName of megabytes made its key longer than source_activity_id's 200 characters: the database refused the whole import.
  ['a workout key past 200 characters', { fixture: 0, container: 'xml', mutations: [{ kind: 'huge', field: 214362382, what: 'string' }] }, 'imported'],
] as const)('found by fuzzing: %s', async (_name, input, outcome) => {
  const ctx = await appleHealthTarget.setup(env());
  await expect(appleHealthTarget.run(ctx, structuredClone(input) as never)).resolves.toBe(outcome);
});
