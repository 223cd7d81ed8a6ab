// The batch upserts under fuzzing (bench/fuzz/properties/upserts.ts), called as the API calls
// them (role vitalis_api, app.current_user_id set) and as a provider sync does (vitalis_worker),
// and the refusals fuzzing found naming no field before vitalis_private.check_batch checked types,
// CHECKs and required columns.
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import { upsertTargets } from '../../bench/fuzz/properties/upserts';
import { describePgError, type PgErrorLike } from '../../src/server/pgErrors';
import { asRequest, createUser, pgError, useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);

test.each(upsertTargets.map((t) => [t.name, t] as const))('%s: a batch writes and reads back, or is refused naming the row, the field and the rule with nothing written', async (_name, t) => {
  const seen = await assertTarget(t, env(), { runs: FUZZ_TEST_RUNS, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(FUZZ_TEST_RUNS);
});

describe('found by fuzzing', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser(db.pool);
  });
  // As the worker: a client naming measurement_id at all is refused before its value is read.
  const refusal = (fn: string, rows: unknown[]) =>
    asRequest(db.pool, { userId, role: 'vitalis_worker' }, async (client) => pgError(client, () => client.query(`select * from vitalis.${fn}($1::jsonb)`, [JSON.stringify(rows)])));

  test.each([
    // Was: invalid input syntax for type integer: "abc"
    ['upsert_wearable_daily', [{ date: '2024-03-01', source: 'garmin' }, { date: '2024-03-02', source: 'garmin', steps: 'abc' }], 'rows[1].steps: must be a value of type integer (got "abc")'],
    // Was: invalid input syntax for type uuid: "2000-03-02"
    ['upsert_measurements', [{ measurement_id: '2000-03-02', metric: 'weight', value: 80, unit: 'kg', measured_at: '2024-03-01T07:00:00Z', source: 'manual' }], 'rows[0].measurement_id: must be a value of type uuid (got "2000-03-02")'],
    // Was: no partition of relation "wearable_activities" found for row
    ['upsert_wearable_activities', [{ source: 'garmin', source_activity_id: 'a-1', activity_type: 'running', start_time: '2024-03-01T07:00:00Z' }], 'rows[0].activity_date: is required'],
  ] as const)('%s refuses %j as "%s"', async (fn, rows, message) => {
    const error = await refusal(fn, [...rows]);
    expect(error).toMatchObject({ code: '22023', message });
    expect((await db.pool.query(`select count(*)::int as n from vitalis.wearable_daily where user_id = $1`, [userId])).rows[0].n).toBe(0);
  });

  test('a value a CHECK refuses is the constraint\'s own error, which the API answers as its field', async () => {
    const error = await refusal('upsert_wearable_daily', [{ date: '2024-03-01', source: 'garmin', steps: -1 }]);
    expect(error).toMatchObject({ code: '23514', constraint: 'wearable_daily_steps_range' });
    expect(describePgError(error as PgErrorLike)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'steps' });
    expect((await db.pool.query(`select count(*)::int as n from vitalis.wearable_daily where user_id = $1`, [userId])).rows[0].n).toBe(0);
  });
});
