// What a load run does, from the environment: LOAD_CLIENTS concurrent clients (default 50), each
// with a user of its own, for LOAD_SECONDS (60), each looping over a weighted mix of operations.
// Every request has a timeout and the whole run a hard deadline, so it always ends.
import { z } from 'zod';

export const OPERATIONS = ['dashboard', 'biomarkerTrend', 'newestDays', 'createMeasurement', 'createMoodJournal', 'upsertWearableDaily', 'resyncWearableDaily', 'upsertWearableActivities', 'strongImport', 'appleHealthImport'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Relative weights of the mix: reads dominate, as on a real dashboard client; one import in ~20 operations. */
export const DEFAULT_WEIGHTS: Record<Operation, number> = {
  dashboard: 30,
  biomarkerTrend: 20,
  newestDays: 10,
  createMeasurement: 12,
  createMoodJournal: 8,
  upsertWearableDaily: 10,
  resyncWearableDaily: 4,
  upsertWearableActivities: 8,
  strongImport: 3,
  appleHealthImport: 2,
};

export interface LoadOptions {
  clients: number;
  /** Users the clients sign in as (clients are spread round-robin: with 2 clients a user, like a phone and a watch, their writes meet in the same rows and partitions). */
  users: number;
  seconds: number;
  /** Days of wearable history seeded per user before the run (what the dashboard reads). */
  seedDays: number;
  /** Rows per batch upsert. */
  batchRows: number;
  /** Sets per uploaded Strong CSV (one workout per file). */
  importSets: number;
  requestTimeoutMs: number;
  /** How long an import may take from upload to a finished job before the client counts it as timed out. */
  importTimeoutMs: number;
  /** After LOAD_SECONDS, how long in-flight operations (imports being polled) may still finish. */
  drainSeconds: number;
  /** The whole run, setup and reconciliation included, is abandoned after this. */
  deadlineSeconds: number;
  /** graphile-worker concurrency of the worker process. */
  workerConcurrency: number;
  weights: Record<Operation, number>;
  /** Share of manual entries and imports sent twice at once (a double tap, a retried upload): the second must not write twice. */
  doubleSubmit: number;
  seed: number;
  /** Run the API inside the load process (LOAD_API_IN_PROCESS=1; the CI smoke test) instead of as a child process. */
  apiInProcess: boolean;
}

const int = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `${name} must be a whole number` }).int(`${name} must be a whole number`).min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`);

const schema = z.object({
  LOAD_CLIENTS: int('LOAD_CLIENTS', 1, 500).default(50),
  LOAD_SECONDS: int('LOAD_SECONDS', 1, 3600).default(60),
  LOAD_USERS: int('LOAD_USERS', 1, 500).optional(),
  LOAD_SEED_DAYS: int('LOAD_SEED_DAYS', 1, 730).default(90),
  LOAD_BATCH_ROWS: int('LOAD_BATCH_ROWS', 1, 500).default(7),
  LOAD_IMPORT_SETS: int('LOAD_IMPORT_SETS', 1, 1000).default(12),
  LOAD_REQUEST_TIMEOUT_MS: int('LOAD_REQUEST_TIMEOUT_MS', 100, 600_000).default(30_000),
  LOAD_IMPORT_TIMEOUT_MS: int('LOAD_IMPORT_TIMEOUT_MS', 1000, 600_000).default(120_000),
  LOAD_DRAIN_SECONDS: int('LOAD_DRAIN_SECONDS', 1, 600).default(120),
  LOAD_DEADLINE_SECONDS: int('LOAD_DEADLINE_SECONDS', 10, 7200).optional(),
  LOAD_WORKER_CONCURRENCY: int('LOAD_WORKER_CONCURRENCY', 1, 64).default(2),
  // "dashboard=30,strongImport=4": weights for the named operations, the others keep theirs (0 leaves one out).
  LOAD_MIX: z.string().optional(),
  LOAD_DOUBLE_SUBMIT: z.coerce.number({ error: 'LOAD_DOUBLE_SUBMIT must be a number' }).min(0, 'LOAD_DOUBLE_SUBMIT must be between 0 and 1').max(1, 'LOAD_DOUBLE_SUBMIT must be between 0 and 1').default(0.1),
  LOAD_SEED: int('LOAD_SEED', 0, 2 ** 31 - 1).default(15),
  LOAD_API_IN_PROCESS: z.enum(['0', '1'], { error: 'LOAD_API_IN_PROCESS must be 0 or 1' }).default('0'),
});

function parseMix(text: string | undefined): Record<Operation, number> {
  const weights = { ...DEFAULT_WEIGHTS };
  if (!text) return weights;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=');
    const op = OPERATIONS.find((o) => o === name?.trim());
    const weight = Number(value);
    if (!op) throw new Error(`LOAD_MIX: "${name}" is not an operation (${OPERATIONS.join(', ')})`);
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`LOAD_MIX: the weight of ${op} must be a number >= 0`);
    weights[op] = weight;
  }
  if (Object.values(weights).every((w) => w === 0)) throw new Error('LOAD_MIX: at least one weight must be above 0');
  return weights;
}

export function resolveLoadOptions(env: NodeJS.ProcessEnv): LoadOptions {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const o = parsed.data;
  return {
    clients: o.LOAD_CLIENTS,
    // Two clients per user unless told otherwise (never more users than clients).
    users: Math.min(o.LOAD_USERS ?? Math.ceil(o.LOAD_CLIENTS / 2), o.LOAD_CLIENTS),
    seconds: o.LOAD_SECONDS,
    seedDays: o.LOAD_SEED_DAYS,
    batchRows: o.LOAD_BATCH_ROWS,
    importSets: o.LOAD_IMPORT_SETS,
    requestTimeoutMs: o.LOAD_REQUEST_TIMEOUT_MS,
    importTimeoutMs: o.LOAD_IMPORT_TIMEOUT_MS,
    drainSeconds: o.LOAD_DRAIN_SECONDS,
    // Setup (users, seeding, two processes) and reconciliation get 10 minutes besides the run itself.
    deadlineSeconds: o.LOAD_DEADLINE_SECONDS ?? o.LOAD_SECONDS + o.LOAD_DRAIN_SECONDS + 600,
    workerConcurrency: o.LOAD_WORKER_CONCURRENCY,
    weights: parseMix(o.LOAD_MIX),
    doubleSubmit: o.LOAD_DOUBLE_SUBMIT,
    seed: o.LOAD_SEED,
    apiInProcess: o.LOAD_API_IN_PROCESS === '1',
  };
}
