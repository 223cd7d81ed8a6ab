// Provider payload mappers under fuzzing (bench/fuzz/properties/providers.ts), and the cases
// fuzzing found, replayed from their counterexamples: RangeErrors, plain Errors and PostgreSQL
// errors without a field before the fixes.
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
  // Withings epoch seconds of -1e308 reached new Date(...): "RangeError: Invalid time value" (sleep, naps, activity, measures).
  ['withings', 'a sleep start no Date holds', { edits: [{ call: 5, edit: { op: 'replace', pick: 1185045278, value: -1e308 } }] }, 'rejected'],
  ['withings', 'an activity modified time no Date holds', { edits: [{ call: 13, edit: { op: 'replace', pick: 1073345857, value: -0.6630586655657559 } }, { call: 4, edit: { op: 'replace', pick: 115818767, value: 7.191993508591054e174 } }] }, 'rejected'],
  // A measure's unit (a power of ten) of -2147483649 reached toFixed(): "RangeError: toFixed() digits argument".
  ['withings', 'a measure unit toFixed cannot take', { edits: [{ call: 10, edit: { op: 'replace', pick: 761918574, value: 'null' } }, { call: 2, edit: { op: 'duplicate', pick: 516100039, value: -2147483649 } }, { call: 12, edit: { op: 'replace', pick: 201639548, value: { '42Wgc': 520343916, '0<W>': '', '4%)': '' } } }, { call: 11, edit: { op: 'duplicate', pick: 610209705, value: '0x10' } }] }, 'rejected'],
  // 9999-12-31T23:59:59-12:00 overflowed into year 10000 on the way to local time: a plain Error.
  ['whoop', 'a time past year 9999 in local time', { edits: [{ call: 1, edit: { op: 'replace', pick: 966972757, value: '9999-12-31T23:59:59-12:00' } }] }, 'rejected'],
  // Year 1 reached PostgreSQL as year 0 in local time: "date/time field value out of range", no field.
  ['whoop', 'a time in year 1', { edits: [{ call: 9, edit: { op: 'delete', pick: 129097017, value: [] } }, { call: 15, edit: { op: 'duplicate', pick: 1867747612, value: [null, null] } }, { call: 7, edit: { op: 'replace', pick: 53186420, value: '0001-01-01' } }] }, 'rejected'],
  // Garmin offsets and durations of ±1e129..1e308 reached new Date(...): "RangeError: Invalid time value".
  ['garmin', 'a UTC offset no Date holds', { edits: [{ call: 14, edit: { op: 'replace', pick: 715619046, value: -5.348306519573796e200 } }] }, 'rejected'],
  ['garmin', 'an activity duration no Date holds', { edits: [{ call: 10, edit: { op: 'duplicate', pick: 1240642136, value: -1445336145 } }, { call: 10, edit: { op: 'duplicate', pick: 1596677110, value: 2.543000712233976e183 } }] }, 'rejected'],
  ['garmin', 'a sleep duration no Date holds', { edits: [{ call: 15, edit: { op: 'duplicate', pick: 233001386, value: 538737976 } }, { call: 9, edit: { op: 'replace', pick: 1102774280, value: 1.6023275371003742e129 } }, { call: 5, edit: { op: 'duplicate', pick: 1185244845, value: [] } }] }, 'rejected'],
  // A next_token that comes back a second time threw a plain Error, not the mappers' ProviderFormatError.
  ['whoop', 'a paging token that repeats', { edits: [{ call: 15, edit: { op: 'replace', pick: 975344709, value: 2147483648 } }, { call: 5, edit: { op: 'replace', pick: 1410464907, value: 'h' } }] }, 'rejected'],
] as const)('found by fuzzing (%s): %s', async (provider, _name, input, outcome) => {
  const t = target(provider);
  await expect(t.run(await t.setup(env()), structuredClone(input) as never)).resolves.toBe(outcome);
});
