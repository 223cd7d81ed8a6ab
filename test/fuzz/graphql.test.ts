// The GraphQL create mutations of measurements, mood journal, lifting sessions and sets over
// real HTTP under fuzzing (bench/fuzz/properties/graphql.ts): never a 5xx, refusals name a
// field and write nothing, creations read back as sent. Each target starts its own server.
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import { graphqlTargets } from '../../bench/fuzz/properties/graphql';
import { useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);
// Over HTTP each case is a request and a server per mutation: a quarter of the share, with a longer timeout.
const RUNS = Math.max(5, Math.round(FUZZ_TEST_RUNS / 8));
jest.setTimeout(120_000);

test.each(graphqlTargets.map((t) => [t.name, t] as const))('%s: arbitrary field values are created as sent or refused by field name, never a 5xx', async (_name, t) => {
  const seen = await assertTarget(t, env(), { runs: RUNS, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(RUNS);
});

// Found by 10,000-case runs: PostgreSQL took a date-time for a date column (dropping the time and
// the offset) and the word 'today' (the server's today) for a date or a time, so the row read back
// differed from what was sent. Now refused naming the field (rowProblems' isFormatProblem).
test.each([
  ['graphql-createLiftingSession', 'a session date with a time', { edits: [{ field: 0, op: 'set', value: '2024-11-03T01:30:00' }], unknownField: false }],
  ['graphql-createMoodJournal', 'a journal date with a +14:00 offset', { edits: [{ field: 1973210445, op: 'set', value: '2024-02-29T23:59:59+14:00' }], unknownField: false }],
  ['graphql-createMeasurement', "a measurement taken 'today'", { edits: [{ field: 1768378330, op: 'set', value: '2024-03-10T02:30:00-05:00' }, { field: 1117923273, op: 'set', value: 'today' }], unknownField: false }],
] as const)('%s, found by fuzzing: %s is refused by name', async (name, _what, input) => {
  const t = graphqlTargets.find((g) => g.name === name)!;
  const ctx = await t.setup(env());
  try {
    await expect(t.run(ctx, structuredClone(input) as never)).resolves.toBe('rejected');
  } finally {
    await t.teardown?.(ctx);
  }
});

test('a lifting set weighing 5e-324 lbs is created and reads back as 0.00: numeric(6,2) keeps two decimals, which the harness allows for', async () => {
  const t = graphqlTargets.find((g) => g.name === 'graphql-createLiftingSet')!;
  const ctx = await t.setup(env());
  try {
    await expect(t.run(ctx, { edits: [{ field: 621076105, op: 'set', value: 5e-324 }], unknownField: false } as never)).resolves.toBe('imported');
  } finally {
    await t.teardown?.(ctx);
  }
});
