// npm run import with a report: the draft is printed result by result (name, value, unit, range,
// flag, confidence, marker or "unmatched"); --confirm stores the file as the user's document and
// confirms it, and the same file again points at the same record.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { labFixtures } from '../../bench/generate/reports/labs';
import { useTestDatabase } from '../helpers/db';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const db = useTestDatabase();
let dir: string;

/** The machine's own S3 or model settings must not leak in: storage is the embedded one in DATA_DIR. */
function env(): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir };
  delete vars.S3_ENDPOINT;
  delete vars.DOCUMENT_EXTRACTOR_URL;
  return vars;
}

const run = (...args: string[]) =>
  exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'cli', 'import.ts'), ...args], {
    cwd: ROOT,
    env: env(),
  }).then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-report-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a lab report in text prints every result with its marker, and unmatched ones as unmatched', async () => {
  const file = path.join(dir, 'panel.txt');
  fs.writeFileSync(
    file,
    [
      'Laboratory Corporation of America',
      'Date Collected: 06/12/2023',
      '',
      'Metabolic Panel',
      '',
      'Glucose 145 High 98 05/01/2023 mg/dL 70-99',
      'Sodium 142 138 Low 05/01/2023 mEq/L 136-145',
      'Zonulin Serum 61.2 55.0 05/01/2023 ng/mL 22.3-161.1',
    ].join('\n'),
  );
  const printed = await run('--user', 'reader@example.com', '--create-user', file);
  expect(printed).toMatchObject({ code: 0 });
  expect(printed.out).toContain('lab report, labcorp layout');
  expect(printed.out).toMatch(/Glucose: 145 mg\/dL \| range 70-99 \| flag H \| \d+% → glucose \(alias\)/);
  expect(printed.out).toMatch(/Sodium: 142 mEq\/L \| range 136-145 \| flag - \| \d+% → sodium/);
  expect(printed.out).toMatch(/Zonulin Serum: 61\.2 ng\/mL \| range 22\.3-161\.1 \| flag - \| \d+% → unmatched/);
  expect(printed.out).not.toContain('stored as document');
}, 60_000);

test('--confirm stores a PDF report and confirms it; the same file again is the same document', async () => {
  const report = (await labFixtures()).find((f) => f.family === 'quest' && f.layer === 'text')!;
  const file = path.join(dir, 'quest.pdf');
  fs.writeFileSync(file, report.bytes);
  const first = await run('--user', 'confirmer@example.com', '--create-user', '--type', 'lab', file, '--confirm');
  expect(first).toMatchObject({ code: 0 });
  const stored = /stored as document ([0-9a-f-]{36}): confirmed, blood_panel ([0-9a-f-]{36})/.exec(first.out);
  expect(stored).not.toBeNull();
  const markers = await db.pool.query('select count(*)::int as n from vitalis.blood_markers where panel_id = $1', [stored![2]]);
  expect(markers.rows[0].n).toBe(report.truth.items.length);
  const again = await run('--user', 'confirmer@example.com', file, '--confirm');
  expect(again.out).toContain(`already uploaded as document ${stored![1]}: confirmed, blood_panel ${stored![2]}`);
}, 120_000);

test('a file that is neither a data export nor a report is refused with the types to choose from', async () => {
  const file = path.join(dir, 'notes.txt');
  fs.writeFileSync(file, 'bought milk\ncall the dentist\n');
  expect(await run('--user', 'reader@example.com', file)).toMatchObject({ code: 2, err: expect.stringContaining('pass --type apple-health|fit|strong|hevy|lab|dexa|epigenetic') });
  expect(await run('--user', 'reader@example.com', '--type', 'strong', file, '--confirm')).toMatchObject({ code: 2, err: expect.stringContaining('--confirm applies to lab, dexa and epigenetic reports only') });
}, 60_000);
