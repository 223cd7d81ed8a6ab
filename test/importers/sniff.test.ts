// File-type sniffing (src/importers/sniff.ts): every kind is recognised from its content, a wrong
// declared type is refused with what the file looks like and how to import it, and an upload of
// the wrong kind fails its import before anything is written.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importFile } from '../../src/jobs/fileImport';
import { PermanentJobError } from '../../src/jobs/lifecycle';
import { checkFileKind, FILE_KINDS, type FileKind, FileKindError, sniffFile } from '../../src/importers/sniff';
import { activityMessages, monitoringMessages, weightMessages } from '../fixtures/fit/build';
import { runFit } from '../fixtures/fit/run';
import { createUser, useTestDatabase } from '../helpers/db';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-sniff-'));
  const fit = (name: string) => path.join(dir, name);
  files.fitActivity = fit('activity.fit');
  files.fitWeight = fit('weight.fit');
  files.fitMonitoring = fit('monitoring.fit');
  const built = await runFit([
    { op: 'encode', out: files.fitActivity, messages: activityMessages([{ start: '2025-03-01T07:00:00Z', sport: 'running', timerSeconds: 600, records: [{ at: 0, heartRate: 120 }] }]) },
    { op: 'encode', out: files.fitWeight, messages: weightMessages([{ at: '2025-03-01T07:00:00Z', weightKg: 80 }]) },
    { op: 'encode', out: files.fitMonitoring, messages: monitoringMessages('2025-03-01T00:00:00Z') },
  ]);
  expect(built.every((r) => r.ok)).toBe(true);
  files.appleXml = path.join(FIXTURES, 'apple-health', 'export.xml');
  const zipDir = path.join(dir, 'zip');
  fs.mkdirSync(path.join(zipDir, 'apple_health_export'), { recursive: true });
  fs.copyFileSync(files.appleXml, path.join(zipDir, 'apple_health_export', 'export.xml'));
  files.appleZip = path.join(dir, 'export.zip');
  execFileSync('zip', ['-q', '-r', files.appleZip, 'apple_health_export'], { cwd: zipDir });
  files.otherZip = path.join(dir, 'photos.zip');
  fs.writeFileSync(path.join(zipDir, 'photo.txt'), 'not a photo');
  execFileSync('zip', ['-q', files.otherZip, 'photo.txt'], { cwd: zipDir });
  files.strong = path.join(FIXTURES, 'strong', 'workouts.csv');
  files.hevy = path.join(FIXTURES, 'hevy', 'workouts.csv');
  files.gpx = path.join(dir, 'route.gpx');
  fs.writeFileSync(files.gpx, '<?xml version="1.0"?>\n<gpx version="1.1"><trk><name>Run</name></trk></gpx>\n');
  files.notes = path.join(dir, 'notes.txt');
  fs.writeFileSync(files.notes, 'weight 80 kg\n');
}, 60000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('each kind is recognised from its content', async () => {
  expect(await sniffFile(files.fitActivity!)).toEqual({ kind: 'fit', description: 'a FIT activity file' });
  expect(await sniffFile(files.fitWeight!)).toEqual({ kind: 'fit', description: 'a FIT weight-scale file' });
  expect(await sniffFile(files.fitMonitoring!)).toEqual({
    kind: 'fit',
    description: 'a FIT monitoring (all-day steps and heart rate) file',
    notImported: 'Vitalis does not import FIT monitoring (all-day steps and heart rate) files (it imports FIT activity, weight-scale and blood-pressure files)',
  });
  expect(await sniffFile(files.appleXml!)).toEqual({ kind: 'apple-health', description: 'an Apple Health export.xml' });
  expect(await sniffFile(files.appleZip!)).toEqual({ kind: 'apple-health', description: 'an Apple Health export (zip)' });
  expect(await sniffFile(files.strong!)).toEqual({ kind: 'strong', description: 'a Strong CSV export' });
  expect(await sniffFile(files.hevy!)).toEqual({ kind: 'hevy', description: 'a Hevy CSV export' });
  for (const other of [files.gpx!, files.notes!, files.otherZip!]) expect(await sniffFile(other)).toBeUndefined();
});

const WHAT: Record<FileKind, string> = { 'apple-health': 'an Apple Health export', fit: 'a FIT file', strong: 'a Strong CSV export', hevy: 'a Hevy CSV export' };
const useKind = (kind: FileKind) => `use --type ${kind}`;

test('every wrong declared type is refused with what the file looks like and the type to use', async () => {
  const cases: [string, FileKind, string][] = [
    ['fitActivity', 'fit', 'a FIT activity file'],
    ['fitWeight', 'fit', 'a FIT weight-scale file'],
    ['appleXml', 'apple-health', 'an Apple Health export.xml'],
    ['appleZip', 'apple-health', 'an Apple Health export (zip)'],
    ['strong', 'strong', 'a Strong CSV export'],
    ['hevy', 'hevy', 'a Hevy CSV export'],
  ];
  for (const [name, kind, description] of cases) {
    for (const declared of FILE_KINDS) {
      const outcome = await checkFileKind(files[name]!, declared, useKind).catch((e: unknown) => e);
      if (declared === kind) expect(outcome).toBe(kind);
      else {
        expect(outcome).toBeInstanceOf(FileKindError);
        expect((outcome as Error).message).toBe(`this file is not ${WHAT[declared]}; it looks like ${description}: use --type ${kind}`);
      }
    }
  }
  // The case users met: a FIT file passed as an Apple Health export.
  await expect(checkFileKind(files.fitActivity!, 'apple-health', useKind)).rejects.toThrow('this file is not an Apple Health export; it looks like a FIT activity file: use --type fit');
});

test('without a declared type the content decides; a file of no known kind passes to the declared importer', async () => {
  expect(await checkFileKind(files.fitActivity!, undefined, useKind)).toBe('fit');
  expect(await checkFileKind(files.appleZip!, undefined, useKind)).toBe('apple-health');
  expect(await checkFileKind(files.hevy!, undefined, useKind)).toBe('hevy');
  expect(await checkFileKind(files.notes!, undefined, useKind)).toBeUndefined();
  expect(await checkFileKind(files.gpx!, 'apple-health', useKind)).toBe('apple-health'); // its importer says why it is not one
  await expect(checkFileKind(files.fitMonitoring!, undefined, useKind)).rejects.toThrow(
    'this file is a FIT monitoring (all-day steps and heart rate) file: Vitalis does not import FIT monitoring (all-day steps and heart rate) files (it imports FIT activity, weight-scale and blood-pressure files)',
  );
  await expect(checkFileKind(files.fitMonitoring!, 'strong', useKind)).rejects.toThrow(/^this file is not a Strong CSV export; it looks like a FIT monitoring .* file: Vitalis does not import/);
});

describe('uploads', () => {
  const db = useTestDatabase();

  test('a FIT file uploaded as an Apple Health export fails permanently (no retry) with the same refusal, and writes nothing', async () => {
    const userId = await createUser(db.pool);
    const run = { pool: db.pool, userId, file: files.fitActivity!, bytes: fs.statSync(files.fitActivity!).size };
    const error = await importFile({ fileType: 'apple-health', objectKey: 'imports/x/activity.fit' }, run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toBe('this file is not an Apple Health export; it looks like a FIT activity file: import it with fileType fit (POST /imports/fit)');
    const strongAsHevy = await importFile({ fileType: 'hevy', objectKey: 'imports/x/strong.csv' }, { ...run, file: files.strong! }).catch((e: unknown) => e);
    expect((strongAsHevy as Error).message).toBe('this file is not a Hevy CSV export; it looks like a Strong CSV export: import it with fileType strong (POST /imports/strong)');
    const { rows } = await db.pool.query(
      `select (select count(*) from vitalis.wearable_activities where user_id = $1)::int + (select count(*) from vitalis.lifting_sessions where user_id = $1)::int + (select count(*) from vitalis.wearable_daily where user_id = $1)::int as n`,
      [userId],
    );
    expect(rows[0].n).toBe(0);
  });
});
