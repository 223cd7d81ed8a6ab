import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appleHealthEntry } from '../../src/importers/appleHealth/entry';
import { sniffFile } from '../../src/importers/sniff';

const FOLDERS = ['apple_health_export/electrocardiograms/ecg_2024-03-01.csv', 'apple_health_export/workout-routes/route_2024-03-01_7.12am.gpx'];

test.each([
  ['English', ['apple_health_export/export.xml', 'apple_health_export/export_cda.xml'], 'apple_health_export/export.xml'],
  ['Spanish (exportar.zip)', ['apple_health_export/export_cda.xml', 'apple_health_export/exportar.xml'], 'apple_health_export/exportar.xml'],
  ['Norwegian (eksport.zip)', ['apple_health_export/eksport.xml', 'apple_health_export/export_cda.xml'], 'apple_health_export/eksport.xml'],
  ['Finnish (vienti.zip)', ['apple_health_export/vienti.xml', 'apple_health_export/export_cda.xml'], 'apple_health_export/vienti.xml'],
  ['re-zipped without the folder', ['exportar.xml', 'export_cda.xml'], 'exportar.xml'],
  ['re-zipped on a Mac', ['__MACOSX/apple_health_export/._exportar.xml', 'apple_health_export/._exportar.xml', 'apple_health_export/exportar.xml'], 'apple_health_export/exportar.xml'],
])('%s: the export is %s', (_language, names, expected) => {
  expect(appleHealthEntry([...FOLDERS, ...names])).toBe(expected);
});

test('the clinical document, files in subfolders and resource forks are never taken for the export', () => {
  expect(appleHealthEntry(['apple_health_export/export_cda.xml', ...FOLDERS])).toBeUndefined();
  expect(appleHealthEntry(['apple_health_export/clinical-records/record.xml', '__MACOSX/apple_health_export/._export.xml'])).toBeUndefined();
});

test('two unknown .xml files outside an apple_health_export folder are not guessed between', () => {
  expect(appleHealthEntry(['a/one.xml', 'b/two.xml'])).toBeUndefined();
});

test('an uploaded exportar.zip is sniffed as an Apple Health export', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-entry-'));
  try {
    fs.mkdirSync(path.join(dir, 'apple_health_export'));
    fs.writeFileSync(path.join(dir, 'apple_health_export', 'exportar.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="es_ES"></HealthData>\n');
    fs.writeFileSync(path.join(dir, 'apple_health_export', 'export_cda.xml'), '<ClinicalDocument/>');
    execFileSync('zip', ['-q', '-r', 'exportar.zip', 'apple_health_export'], { cwd: dir });
    expect(await sniffFile(path.join(dir, 'exportar.zip'))).toEqual({ kind: 'apple-health', description: 'an Apple Health export (zip)' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
