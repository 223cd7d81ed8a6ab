// Lab-report text (rules path, no OCR) and the file-kind sniffer under fuzzing
// (bench/fuzz/properties/labs.ts, sniff.ts): neither writes, so these are the crash and
// error-naming properties alone.
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import { labsTarget } from '../../bench/fuzz/properties/labs';
import { sniffTarget } from '../../bench/fuzz/properties/sniff';
import { useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);

test('mutated lab-report text is read into a draft with finite values, or refused "file: <rule>"', async () => {
  const seen = await assertTarget(labsTarget, env(), { runs: FUZZ_TEST_RUNS * 3, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(FUZZ_TEST_RUNS * 3);
});

test('the sniffer never throws on a mutated file of any kind, and checkFileKind refuses only with "this file is ...: <rule>"', async () => {
  const seen = await assertTarget(sniffTarget, env(), { runs: FUZZ_TEST_RUNS * 3, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(FUZZ_TEST_RUNS * 3);
});

test('found by fuzzing: a result of a million digits is listed as an unread line, not a ZodError from the draft schema', async () => {
  const ctx = await labsTarget.setup(env());
  await expect(labsTarget.run(ctx, { fixture: 0, mutations: [{ kind: 'huge', field: 1448609, what: 'digits' }] })).resolves.toBe('imported');
});
