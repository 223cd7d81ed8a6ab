// Strong and Hevy CSV imports under fuzzing (bench/fuzz/properties/lifting.ts), and the cases
// fuzzing found, shrunk: each was a raw error (a csv-parse or PostgreSQL message naming no
// column of the file) before the fix.
import { importLiftingCsv, LiftingImportError } from '../../src/importers/lifting';
import { parseStrongDuration } from '../../src/importers/strong';
import { assertTarget, seedFromEnv } from '../../bench/fuzz/core/engine';
import { rowCounts } from '../../bench/fuzz/core/rows';
import { hevyTarget, LIFTING_RULE, strongTarget } from '../../bench/fuzz/properties/lifting';
import { createUser, useTestDatabase } from '../helpers/db';
import { fixture } from '../importers/helpers';
import { FUZZ_TEST_RUNS, fuzzEnv } from './support/env';

const db = useTestDatabase();
const env = fuzzEnv(db);

test.each([strongTarget, hevyTarget])('$name: every mutated export imports with every row accounted for, or is refused by column and rule with nothing written', async (target) => {
  const seen = await assertTarget(target, env(), { runs: FUZZ_TEST_RUNS, seed: seedFromEnv() });
  expect(seen.imported + seen.rejected).toBe(FUZZ_TEST_RUNS);
});

/** Imports into a new user and returns the refusal's message, checking nothing was written. */
async function refusal(format: 'strong' | 'hevy', csv: string): Promise<string> {
  const userId = await createUser(db.pool);
  const before = await rowCounts(db.pool, userId);
  const error = await importLiftingCsv(db.pool, { userId, format, csv }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LiftingImportError);
  expect((error as Error).message).toMatch(LIFTING_RULE);
  expect(await rowCounts(db.pool, userId)).toEqual(before);
  return (error as Error).message;
}

describe('found by fuzzing', () => {
  test('a file cut inside a quoted field is refused by line and column, not with a raw csv-parse error', async () => {
    const strong = fixture('strong', 'workouts.csv');
    const cut = strong.slice(0, strong.indexOf('"Bench Press') + 4);
    expect(await refusal('strong', cut)).toBe('Strong CSV line 2: column "Exercise Name" opens a quote that is never closed (a quoted field must end with a quote)');
    const hevy = fixture('hevy', 'workouts.csv');
    expect(await refusal('hevy', hevy.replace('"Upper A","26 Nov', '"Upper A"x,"26 Nov'))).toBe(
      'Hevy CSV line 2: column "title" has text right after its closing quote (a quoted field must be followed by the delimiter or the end of the line)',
    );
  });

  test('a workout dated 9999-12-31 is refused naming the Date column, not with a bare database message', async () => {
    const csv = fixture('strong', 'workouts.csv').replace(/2024-03-06 07:15:00/g, '9999-12-31 07:15:00');
    expect(await refusal('strong', csv)).toMatch(/^Strong CSV line \d+: column "Date" of workout "Pull Day" is refused: sessionDate must be on or after 2000-01-01 and before \d{4}-01-01 \(got 9999-12-31\)$/);
    const hevy = fixture('hevy', 'workouts.csv').replace(/26 Nov 2024/g, '26 Nov 0001');
    expect(await refusal('hevy', hevy)).toMatch(/^Hevy CSV line 2: column "start_time" of workout "Upper A" is refused: sessionDate must be on or after 2000-01-01/);
  });

  test('a Duration of a million digits is read as no duration at once, not after hours of regex backtracking', async () => {
    const csv = fixture('strong', 'workouts.csv').replace(/,1h 5m,/g, `,${'9'.repeat(1_000_000)},`);
    const started = performance.now();
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv });
    expect(summary.rows.sets + summary.rows.skipped).toBe(summary.rows.read);
    // Was about 16 s for 40,000 digits and quadratic beyond; a generous bound, not a benchmark.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(parseStrongDuration('9'.repeat(65))).toBeNull();
  });

  test('a set_index of 1e21 (or any set past 999) is skipped with its reason, not sent to PostgreSQL as smallint "1e+21"', async () => {
    const csv = fixture('hevy', 'workouts.csv').replace(/,"Elbows tucked",0,"warmup",/, ',"Elbows tucked",1e21,"warmup",');
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'hevy', csv });
    expect(summary.skipped).toContainEqual({ reason: 'set number 1e+21 past lifting_sets.set_number 1..999', count: 1, rows: [2] });
    expect(summary.rows.sets + summary.rows.skipped).toBe(summary.rows.read);
  });

  test('a thousandth set of one exercise in a Strong workout is skipped with its reason, not refused by the set_number CHECK', async () => {
    const header = 'Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE';
    const sets = Array.from({ length: 1000 }, (_, i) => `2024-03-06 07:15:00,Push,1h 5m,Bench Press (Barbell),${i + 1},100,5,,,,,`);
    const userId = await createUser(db.pool);
    const summary = await importLiftingCsv(db.pool, { userId, format: 'strong', csv: [header, ...sets].join('\n') });
    expect(summary.rows).toEqual({ read: 1000, sets: 999, skipped: 1 });
    expect(summary.skipped).toEqual([{ reason: 'set number 1000 past lifting_sets.set_number 1..999', count: 1, rows: [1001] }]);
  });

  test('a NUL byte in a cell is refused by line and column, not by PostgreSQL ("invalid byte sequence")', async () => {
    const csv = fixture('strong', 'workouts.csv').replace('paused reps', 'paused\u0000reps');
    expect(await refusal('strong', csv)).toBe('Strong CSV line 3: column "Notes" holds a NUL character (byte 0), which is not text');
  });
});
