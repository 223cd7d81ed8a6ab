// `npm run bench:fuzz`: every fuzz target (bench/fuzz/properties) at FUZZ_RUNS cases (default
// 10,000) with a fixed seed (FUZZ_SEED), counting crashes, unhandled rejections, partial writes,
// refusals that do not name the field and rule, unaccounted rows and read-back mismatches, and
// writing bench/results/fuzz-<ISO basic timestamp>.json (or FUZZ_OUT). A violating case is listed
// with its seed and path (replay: FUZZ_SEED=<seed> and fc's `path` option) and the first one is
// shrunk. FUZZ_TARGETS=strong,hevy runs only those. The database: FUZZ_DATABASE_URL (an already
// migrated one), else a template migrated on TEST_DATABASE_URL's server (or embedded PostgreSQL)
// as the tests do, and a fresh clone of it per target.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import globalSetup from '../../test/globalSetup';
import globalTeardown from '../../test/globalTeardown';
import { createTestDatabase } from '../../test/helpers/db';
import { countTarget, runsFromEnv, seedFromEnv, type TargetReport } from './core/engine';
import type { FuzzEnv } from './core/target';
import { ALL_TARGETS } from './properties';

const log = (line: string) => process.stderr.write(`[fuzz ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Run {
  started: Date;
  seed: number;
  runs: number;
  out: string;
}

async function main(): Promise<void> {
  const runs = runsFromEnv(10_000);
  const seed = seedFromEnv();
  const only = process.env.FUZZ_TARGETS?.split(',').map((s) => s.trim()).filter(Boolean);
  const targets = only ? ALL_TARGETS.filter((t) => only.includes(t.name)) : ALL_TARGETS;
  if (only && targets.length !== only.length) throw new Error(`FUZZ_TARGETS: unknown target; known: ${ALL_TARGETS.map((t) => t.name).join(', ')}`);
  const started = new Date();
  const stamp = started.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const run: Run = { started, seed, runs, out: process.env.FUZZ_OUT ?? path.resolve(__dirname, '..', 'results', `fuzz-${stamp}.json`) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-fuzz-'));
  const given = process.env.FUZZ_DATABASE_URL;
  if (!given) await globalSetup();
  const reports: TargetReport[] = [];
  try {
    for (const target of targets) {
      const db = given ? undefined : await createTestDatabase();
      const pool = db?.pool ?? new Pool({ connectionString: given, max: 4 });
      pool.on('error', () => {});
      const env: FuzzEnv = { pool, databaseUrl: db?.url ?? given!, dir };
      log(`${target.name}: ${runs} cases, seed ${seed}`);
      try {
        const report = await countTarget(target, env, { runs, seed, log });
        reports.push(report);
        write(run, reports, false);
        const bad = Object.entries(report.violations).filter(([, n]) => n > 0);
        log(`${target.name}: done in ${(report.millis / 1000).toFixed(1)} s: ${report.imported} imported, ${report.rejected} rejected, violations: ${bad.length ? bad.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`);
      } finally {
        if (db) await db.drop();
        else await pool.end();
      }
    }
  } finally {
    if (!given) await globalTeardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const totals = write(run, reports, true);
  log(`wrote ${run.out}: ${totals.cases} cases, violations ${JSON.stringify(totals.violations)}`);
  process.exitCode = Object.values(totals.violations).some((n) => n > 0) ? 1 : 0;
}

/** The report so far: written after every target, so a long run that is stopped keeps what it finished. */
function write(run: Run, reports: TargetReport[], complete: boolean) {
  const totals = reports.reduce(
    (t, r) => {
      t.cases += r.runs;
      for (const [k, n] of Object.entries(r.violations)) t.violations[k] = (t.violations[k] ?? 0) + n;
      return t;
    },
    { cases: 0, violations: {} as Record<string, number> },
  );
  const result = {
    kind: 'fuzz',
    complete,
    startedAt: run.started.toISOString(),
    seconds: Math.round((Date.now() - run.started.getTime()) / 100) / 10,
    seed: run.seed,
    runsPerTarget: run.runs,
    node: process.version,
    totals,
    targets: reports,
  };
  fs.mkdirSync(path.dirname(run.out), { recursive: true });
  fs.writeFileSync(run.out, `${JSON.stringify(result, null, 2)}\n`);
  return totals;
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 2;
});
