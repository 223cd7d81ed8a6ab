// Runs a target's property with fast-check. countTarget (the bench runner) runs every case and
// counts outcomes and violations by kind, then replays the first violating case with its seed
// and path so fast-check shrinks it; assertTarget (the jest tests) fails on the first violation
// with fast-check's own report (seed, path and shrunk counterexample for replay).
import fc from 'fast-check';
import { type AnyTarget, describeError, type FuzzEnv, FuzzViolation, preview, VIOLATION_KINDS, type ViolationKind } from './target';

/** Rejections with nobody listening, counted per case (the handler is installed once). */
let unhandled: unknown[] = [];
let installed = false;
function watchUnhandled(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    unhandled.push(reason);
  });
}

/** One case: the target's run, any stray unhandled rejection turned into a violation. */
async function runCase(target: AnyTarget, ctx: unknown, input: unknown): Promise<'imported' | 'rejected'> {
  unhandled = [];
  let outcome: 'imported' | 'rejected';
  try {
    outcome = await target.run(ctx, input);
  } catch (error) {
    if (error instanceof FuzzViolation) throw error;
    // Where it was thrown: the first frame in the project's own code.
    const frame = (error as Error)?.stack?.split('\n').find((l) => /\/(src|test)\//.test(l))?.trim();
    throw new FuzzViolation('crash', `${describeError(error)}${frame ? ` (${frame.replace(/^at /, 'at ').replace(/\(?\/.*?\/(src|test)\//, '$1/')})` : ''}`);
  } finally {
    // Rejections surface after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (unhandled.length) throw new FuzzViolation('unhandledRejection', unhandled.map(describeError).join('; '));
  return outcome;
}

export interface Finding {
  kind: ViolationKind;
  message: string;
  /** Replays this case: fc.check(property, { seed, path }) (without shrinking: add endOnFailure). */
  seed: number;
  path: string;
  input: string;
}

export interface TargetReport {
  target: string;
  description: string;
  seed: number;
  runs: number;
  imported: number;
  rejected: number;
  violations: Record<ViolationKind, number>;
  /** The first few violating cases, each replayable by seed and path. */
  findings: Finding[];
  /** The first violation shrunk by fast-check: its counterexample and the path that replays it. */
  shrunk?: { seed: number; path: string; counterexample: string; error: string };
  millis: number;
}

const MAX_FINDINGS = 20;

/** Runs `runs` cases and counts; never stops at a violation. */
export async function countTarget(target: AnyTarget, env: FuzzEnv, opts: { runs: number; seed: number; log?: (line: string) => void }): Promise<TargetReport> {
  watchUnhandled();
  const started = performance.now();
  const ctx = await target.setup(env);
  const violations = Object.fromEntries(VIOLATION_KINDS.map((k) => [k, 0])) as Record<ViolationKind, number>;
  const report: TargetReport = { target: target.name, description: target.description, seed: opts.seed, runs: 0, imported: 0, rejected: 0, violations, findings: [], millis: 0 };
  const arbitrary = target.arbitrary(ctx);
  let index = 0;
  const every = Math.max(1, Math.floor(opts.runs / 10));
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        const path = String(index++);
        try {
          report[await runCase(target, ctx, input)]++;
        } catch (error) {
          const v = error as FuzzViolation;
          violations[v.kind]++;
          if (report.findings.length < MAX_FINDINGS) report.findings.push({ kind: v.kind, message: v.message, seed: opts.seed, path, input: preview(input, 2000) });
        }
        report.runs++;
        if (report.runs % every === 0) opts.log?.(`${target.name}: ${report.runs}/${opts.runs} cases, ${report.rejected} rejected, ${Object.values(violations).reduce((a, b) => a + b, 0)} violations`);
        return true;
      }),
      { numRuns: opts.runs, seed: opts.seed },
    );
    const first = report.findings[0];
    if (first) report.shrunk = await shrink(target, ctx, arbitrary, first);
  } finally {
    await target.teardown?.(ctx);
  }
  report.millis = Math.round(performance.now() - started);
  return report;
}

/** Replays a violating case by seed and path and lets fast-check shrink it. */
async function shrink(target: AnyTarget, ctx: unknown, arbitrary: fc.Arbitrary<unknown>, finding: Finding): Promise<TargetReport['shrunk']> {
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      await runCase(target, ctx, input);
    }),
    // Shrinking stops after a minute: a huge batch shrinks slowly, and the unshrunk case is already listed.
    { seed: finding.seed, path: finding.path, numRuns: 1, timeout: 60_000, interruptAfterTimeLimit: 60_000 },
  );
  if (!details.failed) return undefined;
  return { seed: finding.seed, path: details.counterexamplePath ?? finding.path, counterexample: preview(details.counterexample?.[0], 4000), error: describeError(details.errorInstance) };
}

/** The jest side: fails with fast-check's report (seed, path, shrunk counterexample) at the first violation. */
export async function assertTarget(target: AnyTarget, env: FuzzEnv, opts: { runs: number; seed?: number }): Promise<{ imported: number; rejected: number }> {
  watchUnhandled();
  const ctx = await target.setup(env);
  const seen = { imported: 0, rejected: 0 };
  try {
    await fc.assert(
      fc.asyncProperty(target.arbitrary(ctx), async (input) => {
        seen[await runCase(target, ctx, input)]++;
      }),
      { numRuns: opts.runs, seed: opts.seed, timeout: 60_000 },
    );
  } finally {
    await target.teardown?.(ctx);
  }
  return seen;
}

/** FUZZ_RUNS, else the given default. */
export function runsFromEnv(fallback: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** FUZZ_SEED, else a fixed seed (runs are reproducible unless a seed is asked for). */
export function seedFromEnv(fallback = 20261206): number {
  const n = Number(process.env.FUZZ_SEED);
  return Number.isInteger(n) ? n : fallback;
}
