// The export benchmark phase in smoke mode (one user, 60 days, a few small files) against this
// file's test database: the real writer and importer run in child processes, and every figure the
// report names is there. Timings are the bench's business, never asserted here.
import { exportBenchOptions, runExportBench, type ExportBenchResult } from '../../bench/phases/export';
import { useTestDatabase } from '../helpers/db';

const db = useTestDatabase({ ignoreIdleClientErrors: true });
let result: ExportBenchResult;

beforeAll(async () => {
  result = await runExportBench(db.url, exportBenchOptions({}, true));
}, 120_000);

test('options: five years by default, sixty days when smoke, the format checked', () => {
  expect(exportBenchOptions({}, false)).toMatchObject({ days: 1825, format: 'json' });
  expect(exportBenchOptions({ BENCH_EXPORT_YEARS: '1', BENCH_EXPORT_FORMAT: 'csv' }, false)).toMatchObject({ days: 365, format: 'csv' });
  expect(() => exportBenchOptions({ BENCH_EXPORT_FORMAT: 'xml' }, false)).toThrow(/BENCH_EXPORT_FORMAT/);
});

test('the user has every kind of data the phase promises', () => {
  for (const table of ['wearable_daily', 'wearable_sleep', 'wearable_activities', 'blood_panels', 'blood_markers', 'lifting_sets', 'measurements', 'documents', 'photos']) {
    expect({ table, some: result.data.rows[table]! > 0 }).toEqual({ table, some: true });
  }
});

test('the export holds every row and file, and the import restores them into a new user', () => {
  expect(result.export.rows).toBeGreaterThanOrEqual(result.data.totalRows);
  expect(result.export.objects).toBe(result.data.objects);
  expect(result.export.archiveBytes).toBeGreaterThan(result.data.objectBytes);
  expect(result.import.objectsStored).toBe(result.data.objects);
  expect(result.import.rowsInserted).toBeGreaterThanOrEqual(result.data.totalRows);
  expect(result.import.rowsRead).toBe(result.export.rows);
});

test('each side reports seconds, throughput and its own peak memory', () => {
  for (const side of [result.export, result.import]) {
    expect(side.seconds).toBeGreaterThan(0);
    expect(side.rowsPerSec).toBeGreaterThan(0);
    expect(side.maxRssMiB).toBeGreaterThan(10);
    expect(side.sampledPeakRssMiB).toBeGreaterThan(10);
  }
  expect(result.export.mbPerSec).toBeGreaterThanOrEqual(0);
  expect(result.import.mbPerSec).toBeGreaterThanOrEqual(0);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
});
