// What a fuzz target is, and the ways a case can break a property. Both runners (the jest tests
// in test/fuzz and the bench runner bench/fuzz/run.ts) take the same targets: a target generates
// inputs with fast-check and runs one case, returning how the case ended ("imported" or
// "rejected" with a named error) or throwing a FuzzViolation saying which property broke.
import type fc from 'fast-check';
import type { Pool } from 'pg';

/** The properties every target checks; each violation is counted by kind. */
export const VIOLATION_KINDS = [
  /** An exception other than the importer's own refusal (a TypeError, a raw database error, ...): in the API a 500. */
  'crash',
  /** A promise rejected with nobody listening while the case ran. */
  'unhandledRejection',
  /** A refused input left rows behind (per-table counts before and after differ). */
  'partialWrite',
  /** A refusal whose message does not name the field and the rule (see each target's rule). */
  'unnamedRejection',
  /** An accepted input whose rows do not add up (read != written + merged + skipped). */
  'unaccounted',
  /** An accepted write that does not read back as written. */
  'readbackMismatch',
  /** An HTTP 5xx answer. */
  'serverError',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export class FuzzViolation extends Error {
  override name = 'FuzzViolation';
  constructor(
    readonly kind: ViolationKind,
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

/** How a case ended when no property broke. */
export type CaseOutcome = 'imported' | 'rejected';

/** What a target may use: a migrated database (superuser pool) and a scratch directory. */
export interface FuzzEnv {
  pool: Pool;
  databaseUrl: string;
  dir: string;
}

export interface FuzzTarget<Ctx = unknown, Input = unknown> {
  name: string;
  /** One line: what is fuzzed and how a refusal must read. */
  description: string;
  setup(env: FuzzEnv): Promise<Ctx>;
  arbitrary(ctx: Ctx): fc.Arbitrary<Input>;
  run(ctx: Ctx, input: Input): Promise<CaseOutcome>;
  teardown?(ctx: Ctx): Promise<void>;
}

/** Keeps the generic types of a target while letting lists of targets be untyped. */
export const defineTarget = <Ctx, Input>(t: FuzzTarget<Ctx, Input>): FuzzTarget<Ctx, Input> => t;
export type AnyTarget = FuzzTarget<any, any>;

/** Shortens a value for a report line (a counterexample can hold a 10 MB field). */
export function preview(value: unknown, max = 400): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 100)}…(${v.length} chars)` : Buffer.isBuffer(v) ? `<${v.length} bytes>` : v));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** The error as a case sees it: name and message, or a non-Error thrown value. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${preview(error.message, 300)}` : `non-Error thrown: ${preview(error)}`;
}
