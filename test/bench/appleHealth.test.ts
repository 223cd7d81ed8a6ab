// The Apple Health bench phase at ~2 MB against this file's test database: the figures exist, are
// sane, and the three measurements agree on the rows. The real run is `npm run bench`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appleHealthBenchOptions, runAppleHealthBench, type AppleHealthBenchResult } from '../../bench/phases/appleHealth';
import { writeAppleHealthExport } from '../../bench/appleHealthGenerate';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase();
let result: AppleHealthBenchResult;
beforeAll(async () => {
  result = await runAppleHealthBench(db.url, appleHealthBenchOptions({ BENCH_APPLE_MB: '2', BENCH_APPLE_YEARS: '0.25' }, true));
}, 120_000);
test('options: smoke is small, sizes are validated', () => {
  expect(appleHealthBenchOptions({}, true)).toMatchObject({ sizeMb: 2, years: 3 });
  expect(appleHealthBenchOptions({}, false)).toMatchObject({ sizeMb: 300 });
  expect(() => appleHealthBenchOptions({ BENCH_APPLE_MB: 'big' }, false)).toThrow(/BENCH_APPLE_MB/);
});

test('the generated file is about the requested size and the result is plain JSON', () => {
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  expect(result.file.xmlBytes).toBeGreaterThan(1e6);
  expect(result.file.xmlBytes).toBeLessThan(4e6);
  expect(result.file.days).toBe(91);
});

test('parse-only, import and COPY see the same rows', () => {
  const { parseOnly, import: imp, copy } = result;
  expect(parseOnly.rows.daily).toBe(91);
  expect(imp.summary.daily).toEqual({ inserted: parseOnly.rows.daily, updated: 0, skipped: 0 });
  expect(imp.summary.sleep.inserted).toBe(parseOnly.rows.sleep);
  expect(imp.summary.activities.inserted).toBe(parseOnly.rows.activities);
  // Blood pressure is in the file twice; the import and the COPY keep it once.
  expect(imp.summary.measurements.inserted + imp.summary.measurements.skipped).toBe(parseOnly.rows.measurements);
  expect(copy.rows).toBe(imp.rowsWritten);
  expect(copy.tables.map((t) => t.table)).toEqual(['wearable_daily', 'wearable_sleep', 'wearable_activities', 'measurements']);
  for (const figure of [parseOnly.mbPerSec, imp.mbPerSec, imp.rowsPerSec, copy.rowsPerSec]) expect(figure).toBeGreaterThan(0);
  // Parse-only and the import each ran in a child under its heap cap and reported their own peak.
  for (const memory of [parseOnly.memory, imp.memory]) {
    expect(memory).toMatchObject({ heapCapMiB: 64 });
    expect(memory.maxRssMiB).toBeGreaterThan(0);
    expect(memory.peakHeapUsedMiB).toBeLessThan(128);
  }
  expect(imp.summary.measurements.skipped).toBeGreaterThan(0);
});

test('the generator is deterministic and can write export.zip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-apple-gen-'));
  try {
    const a = await writeAppleHealthExport(path.join(dir, 'a.xml'), { years: 0.05, recordsPerDay: 50, seed: 's' });
    const b = await writeAppleHealthExport(path.join(dir, 'b.xml'), { years: 0.05, recordsPerDay: 50, seed: 's' });
    expect(fs.readFileSync(a.path).equals(fs.readFileSync(b.path))).toBe(true);
    const z1 = await writeAppleHealthExport(path.join(dir, 'a.zip'), { years: 0.05, recordsPerDay: 50, seed: 's', zip: true });
    const z2 = await writeAppleHealthExport(path.join(dir, 'b.zip'), { years: 0.05, recordsPerDay: 50, seed: 's', zip: true });
    expect(z1.xmlBytes).toBe(a.xmlBytes);
    expect(z1.fileBytes).toBeLessThan(z1.xmlBytes);
    expect(fs.readFileSync(z1.path).equals(fs.readFileSync(z2.path))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
