// Provider payload mappers under fuzzing (bench/fuzz/properties/providers.ts), and the cases
// fuzzing found, replayed from their shrunk counterexamples: a RangeError, a plain Error and a
// PostgreSQL "unsupported Unicode escape sequence" before the fix.
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import { providerTargets } from '../../bench/fuzz/properties/providers';
import { useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);
const target = (name: string) => providerTargets.find((t) => t.name === `provider-${name}`)!;
// Each provider gets a share of the cases: five of them in one file.
const RUNS = Math.max(10, Math.round(FUZZ_TEST_RUNS / 3));

test.each(providerTargets.map((t) => [t.name, t] as const))('%s: edited answers map and write, or are refused naming the JSON path and the rule', async (_name, t) => {
  const seen = await assertTarget(t, env(), { runs: RUNS, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(RUNS);
});

test.each([
  // measurementTimeInSeconds 2^53+2 reached new Date(...).toISOString(): "RangeError: Invalid time value".
  ['garmin', 'an instant no Date holds', { edits: [{ call: 11, edit: { op: 'replace', pick: 27634495, value: 9007199254740994 } }] }, 'rejected'],
  // A day's value "1,5" threw a plain Error instead of the mappers' ProviderFormatError.
  ['fitbit', 'a daily value that is not a number', { edits: [{ call: 1, edit: { op: 'replace', pick: 1719062644, value: '2024-03-10T02:30:00-05:00' } }] }, 'rejected'],
  // One NUL in a payload string reached jsonb: "unsupported Unicode escape sequence" for the whole window.
  ['oura', 'a NUL character in a payload string', { edits: [{ call: 0, edit: { op: 'replace', pick: 96478918, value: '\u0000' } }] }, 'imported'],
] as const)('found by fuzzing (%s): %s', async (provider, _name, input, outcome) => {
  const t = target(provider);
  await expect(t.run(await t.setup(env()), structuredClone(input) as never)).resolves.toBe(outcome);
});
