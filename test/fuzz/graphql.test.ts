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
