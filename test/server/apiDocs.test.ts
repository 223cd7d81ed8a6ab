// docs/api.md cannot go stale: every ```sh block marked `<!-- example: name -->` is run with bash
// against a real server (the harness), with $VITALIS_URL and $TOKEN set, and its output checked.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import os from 'node:os';
import { loadConfig } from '../../src/config';
import { openStorage, type Storage } from '../../src/storage/s3';
import { createUser } from '../helpers/db';
import { startHarness, tokenFor, type Harness } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');

/** The marked examples, in document order. */
function examples(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of markdown.matchAll(/<!--\s*example:\s*([\w-]+)\s*-->\s*\n```sh\n([\s\S]*?)\n```/g)) {
    const [, name, script] = match;
    if (!name || script === undefined) continue;
    if (found.has(name)) throw new Error(`docs/api.md: example "${name}" appears twice`);
    found.set(name, script);
  }
  return found;
}
const EXAMPLES = examples(DOC);

// The examples are shell commands that need curl and jq. CI has both; on a machine without them
// the examples are skipped with the reason in the test name rather than failing `npm test`.
const HAVE_TOOLS = ['curl', 'jq'].every((tool) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, tool))));
const SKIP_REASON = HAVE_TOOLS ? '' : ' (skipped: needs curl and jq on PATH)';
const withTools = HAVE_TOOLS ? test : test.skip;

const exec = promisify(execFile);
let h: Harness;
let storage: Storage;
let workDir: string;
let baseUrl: string;
let ada: string;
let token: string;
let today: string;

async function run(name: string, env: Record<string, string> = {}): Promise<string> {
  const script = EXAMPLES.get(name);
  if (script === undefined) throw new Error(`docs/api.md has no example "${name}"`);
  const { stdout } = await exec('bash', ['-e', '-o', 'pipefail', '-c', script], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', VITALIS_URL: baseUrl, TOKEN: token, ...env },
    timeout: 30_000,
  });
  return stdout;
}
const runJson = async (name: string) => JSON.parse(await run(name)) as Record<string, any>;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-apidocs-'));
  storage = await openStorage(loadConfig({ S3_BUCKET: 'vitalis-apidocs' }), { directory: path.join(workDir, 's3') });
  h = await startHarness({}, { storage });
  baseUrl = h.server.graphqlUrl.replace(/\/graphql$/, '');
  // Ada: a family account owner with a few days of data and two glucose results.
  ada = await createUser(h.db.pool, { tier: 'family', sex: 'female' });
  token = await tokenFor(h, ada);
  today = (await h.db.pool.query(`select ((now() at time zone 'UTC')::date)::text as d`)).rows[0].d;
  await h.db.pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source, steps, resting_hr_bpm, hrv_rmssd_ms)
     select $1::uuid, d::date, 'garmin'::vitalis.data_source, 1000 * extract(day from d)::int, 60, 40
       from generate_series('2025-03-03'::date, '2025-03-16'::date, '1 day') d
     union all select $1::uuid, $2::date, 'garmin', 11250, 58, 45
     union all select $1::uuid, $2::date, 'oura', 9000, 52, 61`,
    [ada, today],
  );
  for (const [at, value] of [
    ['2025-01-15T08:00:00Z', 88],
    ['2025-07-15T08:00:00Z', 104],
  ] as const) {
    const panel = (await h.db.pool.query(`insert into vitalis.blood_panels (user_id, collected_at) values ($1, $2) returning panel_id`, [ada, at])).rows[0].panel_id;
    await h.db.pool.query(
      `insert into vitalis.blood_markers (user_id, panel_id, biomarker_id, raw_name, value_numeric, unit)
       select $1, $2, biomarker_id, 'Glucose', $3, 'mg/dL' from vitalis.biomarker_dictionary where canonical_name = 'glucose'`,
      [ada, panel, value],
    );
  }
});

afterAll(async () => {
  await h?.close();
  await storage?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('docs/api.md marks its runnable examples, and every one of them is checked here', () => {
  expect([...EXAMPLES.keys()]).toEqual(['register', 'login', 'dashboard', 'biomarker-trend', 'latest-biomarkers', 'weekly-averages', 'paginate', 'household', 'import-file', 'import-jobs']);
  for (const script of EXAMPLES.values()) expect(script).toMatch(/\$VITALIS_URL/);
});

let registered: Record<string, any> | undefined;

withTools(`example "register": POST /auth/register answers with a user id and tokens${SKIP_REASON}`, async () => {
  registered = await runJson('register');
  expect(registered).toMatchObject({
    userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    accessToken: expect.any(String),
    refreshToken: expect.any(String),
    expiresIn: expect.any(Number),
  });
});

withTools(`example "login": POST /auth/login answers the same shape for the same user${SKIP_REASON}`, async () => {
  const login = await runJson('login');
  expect(login).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number) });
  if (registered) expect(login.userId).toBe(registered.userId);
});

withTools('example "dashboard": seven days ending today, each metric with its source', async () => {
  const out = await runJson('dashboard');
  expect(out.errors).toBeUndefined();
  const days = out.data.dashboard as Array<Record<string, unknown>>;
  expect(days).toHaveLength(7);
  expect(days[6]).toMatchObject({ date: today, steps: 11250, stepsSource: 'garmin', restingHrBpm: 52, restingHrBpmSource: 'oura', hrvRmssdMs: '61.00', hrvRmssdMsSource: 'oura' });
});

withTools('example "biomarker-trend": glucose over time with bands', async () => {
  const out = await runJson('biomarker-trend');
  expect(out.errors).toBeUndefined();
  expect(out.data.biomarkerTrend.map((r: Record<string, unknown>) => [r.valueCanonical, r.unit, r.flag, r.optimalLow, r.optimalHigh])).toEqual([
    ['88.0000', 'mg/dL', null, '72.0000', '90.0000'],
    ['104.0000', 'mg/dL', 'H', '72.0000', '90.0000'],
  ]);
});

withTools('example "latest-biomarkers": the newest glucose', async () => {
  const out = await runJson('latest-biomarkers');
  expect(out.errors).toBeUndefined();
  expect(out.data.latestBiomarkers).toEqual([expect.objectContaining({ canonicalName: 'glucose', valueCanonical: '104.0000', flag: 'H' })]);
});

withTools('example "weekly-averages": sums and averages per ISO week', async () => {
  const out = await runJson('weekly-averages');
  expect(out.errors).toBeUndefined();
  const weeks = [...out.data.wearableDailies.groupedAggregates].sort((a, b) => a.keys[0].localeCompare(b.keys[0]));
  expect(weeks.map((w) => [w.keys[0], Number(w.sum.steps), Number(w.average.steps), Number(w.average.restingHrBpm)])).toEqual([
    ['2025-03-03', 42000, 6000, 60],
    ['2025-03-10', 91000, 13000, 60],
  ]);
});

withTools('example "paginate": walks the pages with after until hasNextPage is false', async () => {
  const lines = (await run('paginate')).trim().split('\n').map((l) => JSON.parse(l) as { date: string; steps: number });
  expect(lines.map((l) => l.date)).toEqual(['2025-03-09', '2025-03-08', '2025-03-07', '2025-03-06', '2025-03-05', '2025-03-04', '2025-03-03']);
});

withTools(
  `example "household": a member shares their profile and the owner reads it by userId${SKIP_REASON}`,
  async () => {
    const out = await runJson('household');
    expect(out.errors).toBeUndefined();
    const nodes = out.data.wearableDailies.nodes as Array<{ userId: string; date: string; steps: number }>;
    expect(nodes).toEqual([{ userId: expect.any(String), date: today, source: 'garmin', steps: 4321 }]);
    expect(nodes[0]?.userId).not.toBe(ada);
    const days = out.data.dashboard as Array<{ date: string; steps: number | null }>;
    expect(days).toHaveLength(7);
    expect(days[6]).toEqual({ date: today, steps: 4321 });
  },
);

withTools(`example "import-file": the upload answers with the queued job${SKIP_REASON}`, async () => {
  const out = await runJson('import-file');
  expect(out).toMatchObject({ job: { jobId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued', jobType: 'file_import', source: 'strong' }, bytes: 172 });
  expect(out.objectKey).toMatch(new RegExp(`^imports/${ada}/[0-9a-f-]{36}/strong\\.csv$`));
});

withTools(`example "import-jobs": the newest jobs first, with their status${SKIP_REASON}`, async () => {
  const out = await runJson('import-jobs');
  expect(out.errors).toBeUndefined();
  expect(out.data.ingestionJobs.nodes[0]).toMatchObject({ jobType: 'file_import', source: 'strong', status: 'queued', attempts: 0, maxAttempts: 3, result: null });
});
