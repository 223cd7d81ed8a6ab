// The GraphQL create mutations of the main user-data tables (measurements, mood journal, lifting
// sessions and sets) over real HTTP (test/server/harness.ts: the express app with PostGraphile on
// 127.0.0.1), signed in as a user, with input fields replaced by arbitrary JSON (wrong types,
// out-of-range numbers, "NaN"/"Infinity", odd dates and offsets, huge strings) or left out.
//   Created: HTTP 200 and the payload's row equals the input (numbers by value, times by instant).
//   Refused: never a 5xx; every error's message names a field of the input (or its path
//   input.<table>.<field>), and the user's row counts (every table, audit_log included) are as before.
import fc from 'fast-check';
import type { Pool } from 'pg';
import { graphql, type Harness, startHarness, tokenFor } from '../../../test/server/harness';
import { expectUnchanged, newUser, rowCounts } from '../core/rows';
import { defineTarget, type FuzzEnv, FuzzViolation } from '../core/target';
import { weirdJson } from '../core/values';

type Fields = Record<string, unknown>;
type Kind = 'number' | 'decimals1' | 'decimals2' | 'instant' | 'same';

interface Spec {
  mutation: string;
  /** The input's object key and GraphQL type name. */
  key: string;
  inputType: string;
  returned: string;
  base(ctx: { sessionId: string; n: number }): Fields;
  /**
   * How a returned value is compared with the input: number, a number kept to N decimals (a
   * numeric(p, N) column rounds to its scale: 1e-320 lbs is stored as 0.00), instant, or as is.
   */
  kinds: Record<string, Kind>;
}

const day = (n: number) => new Date(Date.UTC(2021, 0, 1) + (n % 1500) * 86_400_000).toISOString().slice(0, 10);

const SPECS: Spec[] = [
  {
    mutation: 'createMeasurement',
    key: 'measurement',
    inputType: 'CreateMeasurementInput',
    returned: 'measurement { metric value unit measuredAt notes source }',
    base: ({ n }) => ({ metric: 'weight', value: '80.5', unit: 'kg', measuredAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(), notes: 'after breakfast', source: 'manual' }),
    kinds: { metric: 'same', value: 'number', unit: 'same', measuredAt: 'instant', notes: 'same', source: 'same' },
  },
  {
    mutation: 'createMoodJournal',
    key: 'moodJournal',
    inputType: 'CreateMoodJournalInput',
    returned: 'moodJournal { journalDate moodScore energyScore stressScore notes }',
    base: ({ n }) => ({ journalDate: day(n), moodScore: 3, energyScore: 4, stressScore: 2, notes: 'fine' }),
    kinds: { journalDate: 'same', moodScore: 'number', energyScore: 'number', stressScore: 'number', notes: 'same' },
  },
  {
    mutation: 'createLiftingSession',
    key: 'liftingSession',
    inputType: 'CreateLiftingSessionInput',
    returned: 'liftingSession { sessionDate name durationSeconds notes source sourceSessionId }',
    base: ({ n }) => ({ sessionDate: day(n), name: 'Push Day', durationSeconds: 3600, notes: 'felt strong', source: 'manual', sourceSessionId: `fuzz-${n}` }),
    kinds: { sessionDate: 'same', name: 'same', durationSeconds: 'number', notes: 'same', source: 'same', sourceSessionId: 'same' },
  },
  {
    mutation: 'createLiftingSet',
    key: 'liftingSet',
    inputType: 'CreateLiftingSetInput',
    returned: 'liftingSet { sessionId setNumber exerciseOrder weightLbs reps rpe distanceM durationSeconds isWarmup notes }',
    base: ({ sessionId, n }) => ({ sessionId, setNumber: (n % 900) + 1, exerciseOrder: Math.floor(n / 900) + 1, weightLbs: '135', reps: 8, rpe: '8.5', isWarmup: false, notes: 'paused' }),
    kinds: { sessionId: 'same', setNumber: 'number', exerciseOrder: 'number', weightLbs: 'decimals2', reps: 'number', rpe: 'decimals1', distanceM: 'decimals2', durationSeconds: 'number', isWarmup: 'same', notes: 'same' },
  },
];

interface Input {
  edits: { field: number; op: 'set' | 'delete'; value: unknown }[];
  /** A field the input type does not have. */
  unknownField: boolean;
}

interface Ctx {
  h: Harness;
  pool: Pool;
  token: string;
  /** When the token was issued: access tokens live 15 minutes (ACCESS_TOKEN_TTL), a 10,000-case run longer. */
  tokenAt: number;
  userId: string;
  sessionId: string;
  n: number;
}

function equal(kind: Kind, sent: unknown, got: unknown): boolean {
  if (kind === 'number') return Number(sent) === Number(got);
  if (kind === 'decimals1' || kind === 'decimals2') {
    // Within half a unit of the last kept decimal (PostgreSQL rounds the decimal text half away
    // from zero; JavaScript's toFixed rounds the binary value, so it cannot stand in for it).
    const half = 0.5 * 10 ** -(kind === 'decimals1' ? 1 : 2);
    return Math.abs(Number(sent) - Number(got)) <= half * (1 + 1e-9) + Number.EPSILON * Math.abs(Number(sent));
  }
  if (kind === 'instant') return Date.parse(String(sent)) === Date.parse(String(got));
  return JSON.stringify(sent) === JSON.stringify(got);
}

function graphqlTarget(spec: Spec) {
  const fieldNames = Object.keys(spec.kinds);
  return defineTarget({
    name: `graphql-${spec.mutation}`,
    description: `GraphQL ${spec.mutation} over HTTP: never a 5xx; refusals name an input field and write nothing; creations read back as sent`,
    setup: async (_env: FuzzEnv): Promise<Ctx> => {
      const h = await startHarness();
      const userId = await newUser(h.db.pool);
      const { rows } = await h.db.pool.query(`insert into vitalis.lifting_sessions (user_id, session_date, source, name) values ($1, '2024-03-04', 'manual', 'Fuzz') returning session_id`, [userId]);
      return { h, pool: h.db.pool, token: await tokenFor(h, userId), tokenAt: Date.now(), userId, sessionId: rows[0].session_id, n: 0 };
    },
    teardown: async (ctx) => ctx.h.close(),
    arbitrary: () =>
      fc.record({
        edits: fc.array(fc.record({ field: fc.nat(), op: fc.constantFrom('set' as const, 'set' as const, 'set' as const, 'delete' as const), value: weirdJson }), { maxLength: 3 }),
        unknownField: fc.nat({ max: 19 }).map((n) => n === 0),
      }),
    run: async (ctx, input: Input) => {
      const fields = spec.base({ sessionId: ctx.sessionId, n: ctx.n++ });
      for (const e of input.edits) {
        const field = fieldNames[e.field % fieldNames.length]!;
        if (e.op === 'delete') delete fields[field];
        else fields[field] = e.value;
      }
      if (input.unknownField) fields.noSuchField = 1;
      if (Date.now() - ctx.tokenAt > 10 * 60_000) {
        ctx.token = await tokenFor(ctx.h, ctx.userId);
        ctx.tokenAt = Date.now();
      }
      const before = await rowCounts(ctx.pool, ctx.userId);
      const query = `mutation($input: ${spec.inputType}!) { ${spec.mutation}(input: $input) { ${spec.returned} } }`;
      const res = await graphql(ctx.h.server, query, { token: ctx.token, variables: { input: { [spec.key]: fields } } });
      if (res.status >= 500) throw new FuzzViolation('serverError', `HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      const errors = res.body.errors ?? [];
      if (errors.length) {
        for (const e of errors) {
          const named = fieldNames.some((f) => e.message.includes(f)) || /\binput\.\w+\.\w+/.test(e.message) || e.message.includes('noSuchField') || typeof e.extensions?.field === 'string';
          if (!named) throw new FuzzViolation('unnamedRejection', `${e.message.slice(0, 300)} (extensions ${JSON.stringify(e.extensions ?? {}).slice(0, 100)})`);
          if (e.extensions?.code === 'INTERNAL_SERVER_ERROR' || /internal/i.test(e.message)) throw new FuzzViolation('serverError', e.message.slice(0, 300));
        }
        expectUnchanged(before, await rowCounts(ctx.pool, ctx.userId), `refused: ${errors[0]!.message.slice(0, 120)}`);
        return 'rejected';
      }
      const row = (res.body.data as Record<string, Record<string, Fields> | null> | undefined)?.[spec.mutation]?.[spec.key];
      if (!row) throw new FuzzViolation('readbackMismatch', `no errors and no row: ${JSON.stringify(res.body).slice(0, 200)}`);
      for (const [field, sent] of Object.entries(fields)) {
        if (!(field in spec.kinds) || sent === null) continue;
        if (!equal(spec.kinds[field]!, sent, row[field])) throw new FuzzViolation('readbackMismatch', `${field}: sent ${JSON.stringify(sent).slice(0, 80)}, stored ${JSON.stringify(row[field]).slice(0, 80)}`);
      }
      return 'imported';
    },
  });
}

export const graphqlTargets = SPECS.map(graphqlTarget);
