// The hostile-traffic phase of `npm run bench` (issue 8): /healthz latency on a quiet server, then
// while 8 clients send worst-case GraphQL documents, one kind at a time. The server runs in a
// child process in production mode (bench/apiChild.ts), so its event loop is its own: a document that held it would
// show in every /healthz probe sent meanwhile. Documents refused by the limits are expected to be
// refused in microseconds; the last case is the largest alias document the limits accept
// (MAX_QUERY_ALIASES), different on every request so that no plan cache helps.
import autocannon from 'autocannon';
import { loadConfig } from '../../src/config';
import { startApiChild } from '../apiChild';
import { summarize, type LatencySummary } from '../stats';

/** 8 levels of fragments, each spreading the next 10 times: 10^7 fields in about 650 bytes. */
export function nestedFragmentsDocument(): string {
  let doc = 'query { ...F0 }\n';
  for (let i = 0; i < 8; i++) doc += `fragment F${i} on Query { ${i === 7 ? '__typename' : Array.from({ length: 10 }, () => `...F${i + 1}`).join(' ')} }\n`;
  return doc;
}

/** `n` aliases of a cheap connection field, each well within the cost limit; `prefix` varies the text. */
export function aliasFloodDocument(n: number, prefix = 'a', field = 'wearableDailies'): string {
  return `{ ${Array.from({ length: n }, (_, i) => `${prefix}${i}: ${field}(first: 1) { totalCount }`).join(' ')} }`;
}

/** A connection-filter `filter` value nested `levels` deep (GraphQL literal syntax). */
export function deepFilter(levels: number): string {
  return `${'{and: ['.repeat(levels)}{steps: {equalTo: 1}}${']}'.repeat(levels)}`;
}

export interface HostileCase {
  name: string;
  /** The request body; called for every request. */
  body: () => string;
  /** extensions.code of the refusal, or 'ok' for a document that runs. */
  expected: string;
}

/** The same body on every request, built once (the clients share the machine with the server). */
function fixed(query: string): () => string {
  const body = JSON.stringify({ query });
  return () => body;
}

/**
 * The documents, one kind per case. The last is the largest alias document that `maxAliases`
 * (MAX_QUERY_ALIASES of the environment) lets through.
 */
export function hostileCases(maxAliases = loadConfig({ MAX_QUERY_ALIASES: process.env.MAX_QUERY_ALIASES }).MAX_QUERY_ALIASES): HostileCase[] {
  let n = 0;
  return [
    { name: 'nested fragments 8x10', body: fixed(nestedFragmentsDocument()), expected: 'QUERY_TOO_COMPLEX' },
    { name: 'alias flood 3000', body: fixed(aliasFloodDocument(3000)), expected: 'QUERY_TOO_LARGE' },
    { name: 'deep filter 2000', body: fixed(`{ wearableDailies(filter: ${deepFilter(2000)}) { totalCount } }`), expected: 'QUERY_TOO_COMPLEX' },
    // A table anonymous requests may read, so the documents run to the end.
    { name: `${maxAliases} aliases, fresh (accepted)`, body: () => JSON.stringify({ query: aliasFloodDocument(maxAliases, `r${n++}_`, 'biomarkerDictionaries') }), expected: 'ok' },
  ];
}

export interface HostileCaseResult {
  name: string;
  expected: string;
  bytes: number;
  /** /healthz meanwhile. */
  healthz: LatencySummary;
  /** The hostile requests themselves (autocannon, ms). */
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p99: number; max: number };
  /** extensions.code (or 'ok', or the HTTP status) of the replies, counted. */
  outcomes: Record<string, number>;
}

export interface HostilePhaseResult {
  connections: number;
  seconds: number;
  quiet: LatencySummary;
  cases: HostileCaseResult[];
}

/** Sequential /healthz probes, 5 ms apart, until `until` settles (at least `min` probes). */
async function probeHealthz(origin: string, until: Promise<unknown>, min = 20): Promise<LatencySummary> {
  let done = false;
  const settled = until.finally(() => {
    done = true;
  });
  const samples: number[] = [];
  while (!done || samples.length < min) {
    const t0 = process.hrtime.bigint();
    const response = await fetch(`${origin}/healthz`);
    await response.arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await settled;
  return summarize(samples);
}

function outcomeOf(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    if (parsed.errors?.length) return parsed.errors[0]?.extensions?.code ?? `HTTP ${status}`;
    return parsed.data ? 'ok' : `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
}

async function runCase(graphqlUrl: string, origin: string, c: HostileCase, connections: number, seconds: number): Promise<HostileCaseResult> {
  const outcomes: Record<string, number> = {};
  // autocannon's instance is a thenable, not a Promise.
  const load: Promise<autocannon.Result> = Promise.resolve(autocannon({
    url: graphqlUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: c.body() }),
        onResponse: (status, body) => {
          const outcome = outcomeOf(status, body);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        },
      },
    ],
  }));
  const healthz = await probeHealthz(origin, load);
  const result = await load;
  return {
    name: c.name,
    expected: c.expected,
    bytes: Buffer.byteLength(c.body()),
    healthz,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    outcomes,
  };
}

export async function runHostilePhase(url: string, options: { smoke: boolean; log: (message: string) => void; cases?: HostileCase[] }): Promise<HostilePhaseResult> {
  const seconds = options.smoke ? 0.5 : 10;
  const connections = 8;
  const { origin, stop } = await startApiChild(url);
  try {
    const graphqlUrl = `${origin}/graphql`;
    options.log(`hostile: quiet /healthz for ${seconds} s`);
    const quiet = await probeHealthz(origin, new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
    const cases: HostileCaseResult[] = [];
    for (const c of options.cases ?? hostileCases()) {
      options.log(`hostile: ${c.name}, ${connections} clients, ${seconds} s`);
      const result = await runCase(graphqlUrl, origin, c, connections, seconds);
      const unexpected = Object.entries(result.outcomes).filter(([outcome]) => outcome !== c.expected);
      if (unexpected.length) options.log(`hostile: ${c.name}: unexpected replies ${JSON.stringify(Object.fromEntries(unexpected))}`);
      cases.push(result);
    }
    return { connections, seconds, quiet, cases };
  } finally {
    await stop();
  }
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '-');

export function formatHostileReport(r: HostilePhaseResult): string {
  const header = `${'traffic'.padEnd(32)}  ${'/healthz p50 / p99 / max'.padStart(26)}  ${'bytes'.padStart(7)}  ${'req/s'.padStart(7)}  ${'req p50 / p99'.padStart(15)}  replies`;
  const rows = [
    `${'quiet'.padEnd(32)}  ${`${f(r.quiet.p50Ms)} / ${f(r.quiet.p99Ms)} / ${f(r.quiet.maxMs)}`.padStart(26)}  ${'-'.padStart(7)}  ${'-'.padStart(7)}  ${'-'.padStart(15)}  -`,
    ...r.cases.map((c) =>
      [
        `${c.name} x${r.connections}`.padEnd(32),
        `${f(c.healthz.p50Ms)} / ${f(c.healthz.p99Ms)} / ${f(c.healthz.maxMs)}`.padStart(26),
        String(c.bytes).padStart(7),
        c.requestsPerSecond.toFixed(0).padStart(7),
        `${f(c.latency.p50)} / ${f(c.latency.p99)}`.padStart(15),
        Object.entries(c.outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
      ].join('  '),
    ),
  ];
  return [header, ...rows].join('\n');
}

// `npx tsx bench/phases/hostile.ts <url>` runs this phase alone against a migrated database (owner URL).
if (require.main === module) {
  const [flag] = process.argv.slice(2);
  const run =
      flag
        ? runHostilePhase(flag, { smoke: process.env.BENCH_SMOKE === '1', log: (m) => process.stderr.write(`[bench] ${m}\n`) }).then((r) => {
            process.stdout.write(`${formatHostileReport(r)}\n${JSON.stringify(r)}\n`);
          })
        : Promise.reject(new Error('usage: tsx bench/phases/hostile.ts <database url>'));
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
