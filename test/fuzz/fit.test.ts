// FIT imports under fuzzing (bench/fuzz/properties/fit.ts). @garmin/fitsdk is ESM-only, which
// jest's module system cannot load, so the property runs in the bench runner as a child process
// (on this file's database) and its JSON report is checked here; the case fuzzing found runs
// through the FIT child process of test/fixtures/fit.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activityMessages, weightMessages } from '../fixtures/fit/build';
import { runFit } from '../fixtures/fit/run';
import { createUser, useTestDatabase } from '../helpers/db';
import { FUZZ_TEST_RUNS } from './support/env';

const db = useTestDatabase();
const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-fuzz-fit-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every mutated FIT file imports with every session accounted for, or is refused "FIT file: <rule>" with nothing written', async () => {
  const out = path.join(dir, 'fit.json');
  const env = { ...process.env, FUZZ_DATABASE_URL: db.url, FUZZ_TARGETS: 'fit', FUZZ_RUNS: String(FUZZ_TEST_RUNS), FUZZ_OUT: out };
  const exitCode = await new Promise<number>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'fuzz', 'run.ts')], { cwd: ROOT, env, maxBuffer: 16 << 20 }, (error) => resolve(error ? Number(error.code ?? 1) : 0));
  });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const fit = report.targets[0];
  // The findings (seed, path, shrunk counterexample) are the failure message when there are any.
  expect({ violations: fit.violations, findings: fit.findings.slice(0, 3), shrunk: fit.shrunk }).toEqual({
    violations: { crash: 0, unhandledRejection: 0, partialWrite: 0, unnamedRejection: 0, unaccounted: 0, readbackMismatch: 0, serverError: 0 },
    findings: [],
    shrunk: undefined,
  });
  expect(fit.runs).toBe(FUZZ_TEST_RUNS);
  expect(exitCode).toBe(0);
});

test('found by fuzzing: a weigh-in at the FIT epoch (a scale whose clock was never set) is skipped with its reason, not a database error', async () => {
  const file = path.join(dir, 'epoch.fit');
  const userId = await createUser(db.pool);
  const [encoded, imported] = await runFit([
    { op: 'encode', out: file, messages: weightMessages([{ at: '1989-12-31T00:00:00Z', weightKg: 80.25 }, { at: '2025-03-02T07:00:00Z', weightKg: 80.1 }]) },
    { op: 'import', databaseUrl: db.url, userId, file },
  ]);
  expect(encoded?.error).toBeUndefined();
  expect(imported?.error).toBeUndefined();
  expect(imported!.ok.skipped).toEqual([{ reason: expect.stringMatching(/^weight_scale 0: timestamp 1989-12-31T00:00:00\.000Z is outside 2000-01-01\.\.\d{4}-12-31, the dates Vitalis stores$/), count: 1 }]);
  expect(imported!.ok.measurements.inserted).toBe(1);
});

test('found by fuzzing: a time in a heart-rate zone past a week is dropped with a warning naming the zone, not refused by the database unnamed', async () => {
  const file = path.join(dir, 'zones.fit');
  const userId = await createUser(db.pool);
  const session = { start: '2025-03-01T07:00:00Z', sport: 'running', timerSeconds: 1800, distanceM: 5000, avgHr: 150, hrZonesSeconds: [60, 700_000, 600, 500, 300, 40] };
  const [encoded, imported] = await runFit([
    { op: 'encode', out: file, messages: activityMessages([session]) },
    { op: 'import', databaseUrl: db.url, userId, file },
  ]);
  expect(encoded?.error).toBeUndefined();
  expect(imported?.error).toBeUndefined();
  expect(imported!.ok.warnings).toEqual([expect.stringMatching(/hr_zone_1_seconds 700000 is outside 0\.\.604800; dropped$/)]);
  const { rows } = await db.pool.query('select hr_zone_1_seconds, hr_zone_2_seconds, hr_zone_5_seconds from vitalis.wearable_activities where user_id = $1', [userId]);
  expect(rows).toEqual([{ hr_zone_1_seconds: null, hr_zone_2_seconds: 600, hr_zone_5_seconds: 40 }]);
});
