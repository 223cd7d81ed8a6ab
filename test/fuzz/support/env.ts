// Shared by the fuzz tests: the FuzzEnv of this test file's database and a scratch directory,
// and the number of cases per target (FUZZ_RUNS, default small: CI runs a few hundred in all;
// `npm run bench:fuzz` runs 10,000 per target).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runsFromEnv } from '../../../bench/fuzz/core/engine';
import type { FuzzEnv } from '../../../bench/fuzz/core/target';
import type { UsedTestDatabase } from '../../helpers/db';

export const FUZZ_TEST_RUNS = runsFromEnv(60);

/** A FuzzEnv on this file's database; the directory is removed after the file's tests. */
export function fuzzEnv(db: UsedTestDatabase): () => FuzzEnv {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-fuzz-test-'));
    return { pool: db.pool, databaseUrl: db.url, dir };
  };
}
