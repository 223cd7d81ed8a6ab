// Strong and Hevy CSV exports (src/importers/lifting.ts) fuzzed from the repository's fixtures.
//   Accepted: rows.read = rows.sets + rows.skipped, every set read is a lifting_sets row of the
//   new user (sets.inserted = rows.sets = rows added), and each skip has a reason.
//   Refused: a LiftingImportError whose message reads `<Format> CSV[ line N]: ... column|header
//   "<name>"|<position> <rule>` (the column is the field), and not one row of any table written.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { importLiftingCsv, LiftingImportError } from '../../../src/importers/lifting';
import { applyMutations, CSV_GRAMMAR, type Mutation, mutations } from '../core/mutate';
import { expectUnchanged, newUser, newUserCounts, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

/** Names a column (by its header name in quotes, or by position) after the format and line, then says the rule. */
export const LIFTING_RULE = /^(Strong|Hevy) CSV( line \d+)?: .*\b(column|header) ("[^"]+"|\d+) .*\S/s;

interface Input {
  fixture: number;
  unit: 'lbs' | 'kg' | undefined;
  mutations: Mutation[];
}

function liftingTarget(format: 'strong' | 'hevy', files: string[]) {
  return defineTarget({
    name: format,
    description: `${format === 'strong' ? 'Strong' : 'Hevy'} CSV import: refusals are LiftingImportError naming a column and the rule; accepted files account for every row`,
    setup: async (env: FuzzEnv) => ({ env, fixtures: files.map((f) => fs.readFileSync(path.join(FIXTURES, format, f))) }),
    arbitrary: (ctx) =>
      fc.record({
        fixture: fc.nat({ max: ctx.fixtures.length - 1 }),
        unit: fc.constantFrom(undefined, undefined, 'lbs' as const, 'kg' as const),
        mutations: mutations(CSV_GRAMMAR),
      }),
    run: async ({ env, fixtures }, input: Input) => {
      const bytes = applyMutations(fixtures[input.fixture]!, input.mutations, CSV_GRAMMAR);
      const userId = await newUser(env.pool);
      const before = await newUserCounts(env.pool);
      let summary;
      try {
        summary = await importLiftingCsv(env.pool, { userId, format, csv: Readable.from([bytes]), unit: input.unit });
      } catch (error) {
        if (!(error instanceof LiftingImportError)) throw error;
        if (!LIFTING_RULE.test(error.message)) throw new FuzzViolation('unnamedRejection', error.message.slice(0, 300));
        expectUnchanged(before, await rowCounts(env.pool, userId), `refused: ${error.message.slice(0, 120)}`);
        return 'rejected';
      }
      const after = await rowCounts(env.pool, userId);
      const { read, sets, skipped } = summary.rows;
      if (read !== sets + skipped) throw new FuzzViolation('unaccounted', `rows read ${read} != sets ${sets} + skipped ${skipped}`);
      const added = after['vitalis.lifting_sets']! - before['vitalis.lifting_sets']!;
      if (summary.sets.inserted !== sets || added !== sets) throw new FuzzViolation('unaccounted', `${sets} sets read, ${summary.sets.inserted} reported inserted, ${added} rows added`);
      const skipsListed = summary.skipped.reduce((n, s) => n + s.count, 0);
      if (skipsListed !== skipped || summary.skipped.some((s) => !s.reason)) throw new FuzzViolation('unaccounted', `${skipped} rows skipped, ${skipsListed} listed with a reason`);
      return 'imported';
    },
  });
}

export const strongTarget = liftingTarget('strong', ['workouts.csv', 'workouts-kg.csv', 'every-row-kind.csv']);
export const hevyTarget = liftingTarget('hevy', ['workouts.csv', 'workouts-kg.csv', 'every-row-kind.csv']);
