// Hostile GraphQL documents against a production-mode server (issue 8): each is refused with its
// code before graphql-js validates it or grafast plans it, and /healthz keeps answering while they
// arrive. Without the document limits the nested fragments held the event loop for 20 s or more,
// the alias flood for 15 s to minutes, and the deep filter overflowed the stack.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { aliasFloodDocument, deepFilter, formatHostileReport, hostileCases, nestedFragmentsDocument, runHostilePhase } from '../../bench/phases/hostile';
import { createUser } from '../helpers/db';
import { productionSecrets, startHarness, tokenFor, type Harness } from './harness';

/** A production configuration: its secrets must be real ones. */
const PRODUCTION = productionSecrets();

interface Reply {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(h: Harness, body: unknown, token?: string, accept = 'application/json'): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(h.server.graphqlUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

const HOSTILE: Array<{ name: string; body: unknown; code: string; message: RegExp }> = [
  { name: 'nested fragments (8 x 10)', body: { query: nestedFragmentsDocument() }, code: 'QUERY_TOO_COMPLEX', message: /selects 10000000 fields \(fragments expanded\); at most 1000/ },
  // 5,000 aliases (240 kB): past the byte limit before anything is counted.
  { name: 'alias flood (5,000)', body: { query: aliasFloodDocument(5000) }, code: 'QUERY_TOO_LARGE', message: /is 238893 bytes long; at most 100000 are allowed/ },
  { name: 'alias flood (1,000, compact)', body: { query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}:currentUserId`).join(' ')} }` }, code: 'QUERY_TOO_COMPLEX', message: /1000 aliases .*at most 50 / },
  { name: 'deep filter literal (2,000)', body: { query: `{ wearableDailies(filter: ${deepFilter(2000)}) { totalCount } }` }, code: 'QUERY_TOO_COMPLEX', message: /Input values are nested more than 32/ },
  {
    name: 'deep filter variable (2,000)',
    body: { query: 'query ($f: WearableDailyFilter) { wearableDailies(filter: $f) { totalCount } }', variables: { f: JSON.parse(deepFilter(2000).replace(/(and|steps|equalTo)/g, '"$1"')) } },
    code: 'QUERY_TOO_COMPLEX',
    message: /Variables are nested more than 32/,
  },
  { name: 'deep selections (2,000)', body: { query: `${'{ wearableDailies { nodes { user { '.repeat(2000)}id${' } } }'.repeat(2000)} }` }, code: 'QUERY_TOO_DEEP', message: /Selection sets are nested more than 32/ },
];

/**
 * Probes /healthz one request after another (20 ms apart) until `work` settles, and returns each
 * probe's latency in ms. The server runs in this process, so a blocked event loop delays the
 * probes' responses exactly as it would delay a load balancer's.
 */
async function probeHealthz(h: Harness, work: Promise<unknown>): Promise<number[]> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done || latencies.length < 5) {
    const started = performance.now();
    const response = await fetch(`${h.server.origin}/healthz`);
    await response.json();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await settled;
  return latencies;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Infinity;

/**
 * The healthz check of the issue: answers within 100 ms while hostile documents arrive. Judged on
 * the median probe, with every probe under five seconds. On a loaded two-core CI machine, where
 * this process shares its cores with another jest worker and an embedded PostgreSQL, a single
 * probe has waited 1,046 ms and the median of a quiet server 30 ms or more (clean-clone CI runs)
 * without any document at fault, so the median may also be up to five times that of the same
 * server's probes with nothing else arriving (`quiet`, measured first). A document that really
 * holds the event loop does so for 15 s or more (the nested fragments and alias flood before these
 * limits): the median catches repeated stalls, the maximum a single long one.
 */
function expectHealthzResponsive(latencies: number[], quiet: number[]): void {
  expect(latencies.length).toBeGreaterThanOrEqual(5);
  expect(median(latencies)).toBeLessThan(Math.max(100, 5 * median(quiet)));
  expect(Math.max(...latencies)).toBeLessThan(5000);
}

/** /healthz probed 20 times with nothing else arriving: what this machine's load alone costs a probe. */
const quietProbes = (h: Harness) => probeHealthz(h, new Promise((resolve) => setTimeout(resolve, 400)));

describe('hostile documents (production mode)', () => {
  let h: Harness;
  let token: string;
  let quiet: number[];

  beforeAll(async () => {
    h = await startHarness(PRODUCTION);
    token = await tokenFor(h, await createUser(h.db.pool));
    quiet = await quietProbes(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  test.each(HOSTILE)('$name is refused with $code, naming the limit', async ({ body, code, message }) => {
    // Anonymous and signed in; HTTP status as for a validation error: 200 for application/json,
    // 400 for application/graphql-response+json.
    for (const [who, accept, status] of [[undefined, 'application/json', 200], [token, 'application/json', 200], [token, 'application/graphql-response+json', 400]] as const) {
      const reply = await post(h, body, who, accept);
      expect(reply.status).toBe(status);
      expect(reply.body.data).toBeUndefined();
      expect(reply.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code }) })]);
    }
  });

  test('/healthz answers within 100 ms while 8 clients send hostile documents for 1.5 s', async () => {
    const deadline = Date.now() + 1500;
    const codes = new Map<string, number>();
    const client = async (offset: number) => {
      for (let i = offset; Date.now() < deadline; i++) {
        const hostile = HOSTILE[i % HOSTILE.length]!;
        const reply = await post(h, hostile.body, i % 2 ? token : undefined);
        const code = String(reply.body.errors?.[0]?.extensions?.code);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect(code).toBe(hostile.code);
      }
    };
    const latencies = await probeHealthz(
      h,
      Promise.all(Array.from({ length: 8 }, (_, c) => client(c))),
    );
    expectHealthzResponsive(latencies, quiet);
    expect([...codes.keys()].sort()).toEqual(['QUERY_TOO_COMPLEX', 'QUERY_TOO_DEEP', 'QUERY_TOO_LARGE']);
  });

  test('a document sent as application/graphql is checked the same way', async () => {
    const response = await fetch(h.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/graphql', accept: 'application/json' },
      body: nestedFragmentsDocument(),
    });
    const body = (await response.json()) as Reply['body'];
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('a batch (JSON array) of aliased operations is refused as a whole, not run one by one', async () => {
    const batch = Array.from({ length: 50 }, () => ({ query: aliasFloodDocument(50) }));
    const latencies = await probeHealthz(h, post(h, batch, token).then((reply) => {
      expect(reply.status).toBe(400);
      expect(reply.body.data).toBeUndefined();
    }));
    expectHealthzResponsive(latencies, quiet);
  });

  test('documents within every limit still run: 50 aliases, a filter nested 10 deep', async () => {
    const aliases = await post(h, { query: aliasFloodDocument(50) }, token);
    expect(aliases.body.errors).toBeUndefined();
    expect(Object.keys(aliases.body.data as object)).toHaveLength(50);
    const filtered = await post(h, { query: `{ wearableDailies(filter: ${deepFilter(10)}) { totalCount } }` }, token);
    expect(filtered.body).toEqual({ data: { wearableDailies: { totalCount: 0 } } });
  });

  // Figures are for `npm run bench`; this checks that the phase runs and that its documents are
  // refused with the codes it reports.
  test('the hostile phase of npm run bench (smoke) runs its server in a child process, probes /healthz and tallies the replies', async () => {
    const result = await runHostilePhase(h.db.url, { smoke: true, log: () => {} });
    expect(result).toMatchObject({ connections: 8, seconds: 0.5 });
    expect(result.quiet.n).toBeGreaterThanOrEqual(20);
    expect(result.cases.map((c) => c.name)).toEqual(hostileCases().map((c) => c.name));
    for (const c of result.cases) {
      expect(c.healthz.n).toBeGreaterThanOrEqual(20);
      // In half a second a fresh accepted document may not come back within autocannon's window.
      for (const outcome of Object.keys(c.outcomes)) expect(outcome).toBe(c.expected);
      if (c.expected !== 'ok') expect(c.outcomes[c.expected]).toBeGreaterThan(0);
    }
    expect(formatHostileReport(result)).toMatch(/quiet[\s\S]*nested fragments 8x10 x8[\s\S]*QUERY_TOO_COMPLEX/);
  }, 60_000);
});

describe('trusted documents do not bypass the document limits', () => {
  let h: Harness;
  let dir: string;
  let quiet: number[];
  const hostile = nestedFragmentsDocument();
  const hostileId = createHash('sha256').update(hostile).digest('hex');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-hostile-'));
    fs.writeFileSync(path.join(dir, `${hostileId}.graphql`), hostile);
    h = await startHarness({ ...PRODUCTION, TRUSTED_DOCUMENTS_DIR: dir });
    quiet = await quietProbes(h);
  });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a registered document past the limits is refused like one sent as text', async () => {
    const latencies = await probeHealthz(h, post(h, { documentId: hostileId }).then((reply) => {
      expect(reply.status).toBe(200);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }));
    expectHealthzResponsive(latencies, quiet);
  });
});
