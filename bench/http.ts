// The API over real HTTP vs the same SQL through a raw pg client, side by side (issue 3 item 8):
// keep-alive HTTP clients drive the GraphQL endpoint with real JWTs for many users; a pool of N workers runs
// the equivalent SQL (same role, same settings, same RLS) for the same time. Both at 1 and 8
// concurrent clients; p50/p99 latency, requests/s and the ratio to raw SQL.
import http from 'node:http';
import { Pool } from 'pg';
import { loadConfig } from '../src/config';
import { withCredentials } from '../src/db/url';
import { endPool } from '../src/db/pools';
import { startApiChild } from './apiChild';
import { startFloorChild, type FloorRequest } from './httpFloor';
import { elapsedMs, perSecond, summarize, type LatencySummary } from './stats';
import { SET_REQUEST_SQL } from './pg';

export interface HttpCase {
  name: string;
  /** GraphQL document and its variables for one user. */
  graphql: { query: string; variables: (user: BenchHttpUser) => Record<string, unknown> };
  /** The SQL the GraphQL request amounts to, run as that user under RLS. */
  sql: { text: string; params: (user: BenchHttpUser) => unknown[] };
}

export interface BenchHttpUser {
  userId: string;
  token: string;
  biomarker?: string;
}

export interface HttpSide {
  p50: number;
  p99: number;
  mean: number;
  requestsPerSecond: number;
  requests: number;
  errors: number;
}

export interface HttpCaseResult {
  name: string;
  connections: number;
  graphql: HttpSide;
  sql: HttpSide;
  /** graphql / sql: how many times slower the API is than the bare query (p50, p99) and how much throughput it keeps. */
  ratio: { p50: number; p99: number; requestsPerSecond: number };
  /**
   * The same SQL through a bare Node HTTP server (bench/httpFloor.ts), and its ratios to the raw
   * SQL: what an HTTP hop costs before any GraphQL. Absent in results written before it existed.
   */
  floor?: HttpSide;
  floorRatio?: { p50: number; p99: number; requestsPerSecond: number };
}

export interface HttpBenchOptions {
  /** Owner/superuser URL of a migrated, populated database. */
  url: string;
  users: BenchHttpUser[];
  cases: HttpCase[];
  /** The secret the users' tokens were signed with: the API child verifies with it. */
  jwtSecret: string;
  /** A CPU profile of the API child's serving time is written here (bench/profile.ts). */
  cpuProfile?: string;
  connections: number[];
  durationSeconds: number;
  log: (message: string) => void;
}

function side(latencies: LatencySummary, requests: number, ms: number, errors: number): HttpSide {
  return { p50: latencies.p50Ms, p99: latencies.p99Ms, mean: latencies.meanMs, requestsPerSecond: perSecond(requests, ms), requests, errors };
}

/**
 * An HTTP side as a closed loop of `connections` keep-alive clients, timed with hrtime like the
 * SQL side. autocannon (kept for the hostile phase) records whole milliseconds, which for answers
 * of about a millisecond made p50 either 0 or 1 and the ratios meaningless.
 */
async function runHttpSide(
  url: string,
  requests: { body: Buffer; headers: http.OutgoingHttpHeaders }[],
  connections: number,
  seconds: number,
): Promise<HttpSide> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const post = (i: number) =>
    new Promise<boolean>((resolve) => {
      const { body, headers } = requests[i]!;
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(res.statusCode === 200 && !text.includes('"errors"')));
          res.on('error', () => resolve(false));
        },
      );
      req.on('error', () => resolve(false));
      req.end(body);
    });
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < deadline) {
          const t0 = process.hrtime.bigint();
          if (!(await post(next++ % requests.length))) errors++;
          samples.push(elapsedMs(t0));
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return side(summarize(samples), samples.length, elapsedMs(started), errors);
}

function runGraphql(graphqlUrl: string, c: HttpCase, users: BenchHttpUser[], connections: number, seconds: number): Promise<HttpSide> {
  const requests = users.map((user) => ({
    body: Buffer.from(JSON.stringify({ query: c.graphql.query, variables: c.graphql.variables(user) })),
    headers: { authorization: `Bearer ${user.token}` },
  }));
  return runHttpSide(graphqlUrl, requests, connections, seconds);
}

/** The same SQL through the bare HTTP server of bench/httpFloor.ts. */
function runFloor(floorUrl: string, c: HttpCase, users: BenchHttpUser[], connections: number, seconds: number): Promise<HttpSide> {
  const requests = users.map((user) => ({
    body: Buffer.from(JSON.stringify({ userId: user.userId, text: c.sql.text, params: c.sql.params(user) } satisfies FloorRequest)),
    headers: {},
  }));
  return runHttpSide(floorUrl, requests, connections, seconds);
}

async function runSql(pool: Pool, c: HttpCase, users: BenchHttpUser[], connections: number, seconds: number): Promise<HttpSide> {
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < deadline) {
          const user = users[next++ % users.length]!;
          const t0 = process.hrtime.bigint();
          try {
            await client.query('begin');
            await client.query(SET_REQUEST_SQL, [user.userId]);
            await client.query(c.sql.text, c.sql.params(user));
            await client.query('commit');
          } catch {
            errors++;
            await client.query('rollback').catch(() => {});
          }
          samples.push(elapsedMs(t0));
        }
      } finally {
        client.release();
      }
    }),
  );
  return side(summarize(samples), samples.length, elapsedMs(started), errors);
}

/** Checks once that each case answers with data and no errors, so the load test measures real work. */
async function verify(graphqlUrl: string, c: HttpCase, user: BenchHttpUser): Promise<void> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
    body: JSON.stringify({ query: c.graphql.query, variables: c.graphql.variables(user) }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (response.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`${c.name}: the GraphQL request failed: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  }
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpCaseResult[]> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: options.url });
  const authenticatorUrl = withCredentials(options.url, 'vitalis_authenticator', config.AUTHENTICATOR_PASSWORD);
  // The API in a child process: autocannon's own work must not run on the server's event loop.
  const server = await startApiChild(options.url, { jwtSecret: options.jwtSecret, env: { MAX_PAGE_SIZE: '1000' }, cpuProfile: options.cpuProfile });
  const graphqlUrl = `${server.origin}/graphql`;
  const floor = await startFloorChild(options.url).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const pool = new Pool({ connectionString: authenticatorUrl, max: Math.max(...options.connections) });
  const results: HttpCaseResult[] = [];
  try {
    for (const c of options.cases) {
      await verify(graphqlUrl, c, options.users[0]!);
      for (const connections of options.connections) {
        options.log(`http: ${c.name}, ${connections} client(s), ${options.durationSeconds} s each side`);
        const graphql = await runGraphql(graphqlUrl, c, options.users, connections, options.durationSeconds);
        const sql = await runSql(pool, c, options.users, connections, options.durationSeconds);
        const bare = await runFloor(floor.origin, c, options.users, connections, options.durationSeconds);
        const versus = (a: HttpSide) => ({ p50: a.p50 / sql.p50, p99: a.p99 / sql.p99, requestsPerSecond: a.requestsPerSecond / sql.requestsPerSecond });
        results.push({ name: c.name, connections, graphql, sql, ratio: versus(graphql), floor: bare, floorRatio: versus(bare) });
      }
    }
  } finally {
    await endPool(pool);
    await floor.stop();
    await server.stop();
  }
  return results;
}

export function formatHttpReport(results: HttpCaseResult[]): string {
  const pair = (a: number, b: number, unit = '') => `${a.toFixed(2)}${unit} / ${b.toFixed(2)}${unit}`.padStart(16);
  const rows = results.map((r) =>
    [r.name.padEnd(26), String(r.connections).padStart(3),
      pair(r.graphql.p50, r.graphql.p99), r.graphql.requestsPerSecond.toFixed(0).padStart(8),
      pair(r.sql.p50, r.sql.p99), r.sql.requestsPerSecond.toFixed(0).padStart(8),
      pair(r.ratio.p50, r.ratio.p99, 'x'), `${(r.ratio.requestsPerSecond * 100).toFixed(0)}%`.padStart(6),
      r.floor ? pair(r.floor.p50, r.floor.p99) : '-'.padStart(16), r.floor ? r.floor.requestsPerSecond.toFixed(0).padStart(8) : '-'.padStart(8),
      r.floorRatio ? pair(r.floorRatio.p50, r.floorRatio.p99, 'x') : '-'.padStart(16), r.floorRatio ? `${(r.floorRatio.requestsPerSecond * 100).toFixed(0)}%`.padStart(6) : '-'.padStart(6),
      String(r.graphql.errors + r.sql.errors + (r.floor?.errors ?? 0)).padStart(5)].join('  '));
  return [
    'GraphQL: the API; SQL: a raw pg client; bare HTTP: the same SQL through a bare Node HTTP server (bench/httpFloor.ts)',
    `${'case'.padEnd(26)}  ${'c'.padStart(3)}  ${'GraphQL p50/p99'.padStart(16)}  ${'req/s'.padStart(8)}  ${'SQL p50/p99'.padStart(16)}  ${'req/s'.padStart(8)}  ${'GraphQL/SQL'.padStart(16)}  ${'rps'.padStart(6)}  ${'bare HTTP p50/p99'.padStart(16)}  ${'req/s'.padStart(8)}  ${'bare HTTP/SQL'.padStart(16)}  ${'rps'.padStart(6)}  ${'errs'.padStart(5)}`,
    ...rows,
  ].join('\n');
}
