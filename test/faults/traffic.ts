// Bounded API traffic on 127.0.0.1 for the database-restart runs: a few clients, each cycling
// through an authenticated GraphQL read, an anonymous GraphQL read that needs the database, and a
// REST route that writes (POST /providers/oura/connect), recording every answer's status, error
// code and Retry-After, until stopped.
import type { RunningServer } from '../../src/server/app';

export type TrafficKind = 'graphql' | 'graphqlAnonymous' | 'rest';

export interface Answer {
  kind: TrafficKind;
  /** Milliseconds since the traffic started, when the answer came. */
  at: number;
  status: number;
  code?: string;
  retryAfter?: string | null;
  /** Fetch itself failed (the API did not answer at all). */
  networkError?: string;
}

export interface Traffic {
  answers: Answer[];
  /** Resolves once `n` answers of every kind succeeded (2xx) after `sinceMs`. */
  successes(n: number, sinceMs: number, timeoutMs?: number): Promise<number>;
  now(): number;
  stop(): Promise<void>;
}

const REQUESTS: Record<TrafficKind, (server: RunningServer, token: string) => Promise<Response>> = {
  graphql: (server, token) =>
    fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ wearableDailies(first: 5, orderBy: DATE_DESC) { nodes { date steps } } }' }),
    }),
  graphqlAnonymous: (server) =>
    fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ currentUserId }' }) }),
  rest: (server, token) => fetch(`${server.origin}/providers/oura/connect`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }),
};

export const TRAFFIC_KINDS = Object.keys(REQUESTS) as TrafficKind[];

export function startTraffic(server: RunningServer, token: string, options: { clients?: number; maxRequests?: number; pauseMs?: number } = {}): Traffic {
  const started = Date.now();
  const answers: Answer[] = [];
  const maxRequests = options.maxRequests ?? 20_000;
  let stopped = false;
  let sent = 0;
  const client = async (offset: number) => {
    for (let i = offset; !stopped && sent < maxRequests; i++) {
      const kind = TRAFFIC_KINDS[i % TRAFFIC_KINDS.length]!;
      sent++;
      try {
        const response = await REQUESTS[kind](server, token);
        const text = await response.text();
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code;
        } catch {
          code = 'NOT_JSON';
        }
        answers.push({ kind, at: Date.now() - started, status: response.status, code, retryAfter: response.headers.get('retry-after') });
      } catch (error) {
        answers.push({ kind, at: Date.now() - started, status: 0, networkError: String(error) });
      }
      await new Promise((r) => setTimeout(r, options.pauseMs ?? 20));
    }
  };
  const running = Promise.all(Array.from({ length: options.clients ?? 3 }, (_, i) => client(i)));
  return {
    answers,
    now: () => Date.now() - started,
    successes: async (n, sinceMs, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const ok = TRAFFIC_KINDS.every((kind) => answers.filter((a) => a.kind === kind && a.at >= sinceMs && a.status >= 200 && a.status < 300).length >= n);
        if (ok) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${n} successes of each kind since ${sinceMs} ms: ${JSON.stringify(answers.slice(-6))}`);
    },
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

export interface OutageSummary {
  requests: number;
  byStatus: Record<string, number>;
  /** Answers during the outage window (from the stop to the first success after the start). */
  duringOutage: { requests: number; status503: number; status500: number; other: number; without503Contract: number };
  /** Milliseconds from PostgreSQL accepting connections again to the first success of every kind. */
  recoveryMs: number;
}

/** What the traffic saw around an outage from downAt to upAt (ms on the traffic's clock), recovered by recoveredAt. */
export function summarise(answers: Answer[], downAt: number, upAt: number, recoveredAt: number): OutageSummary {
  const byStatus: Record<string, number> = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const during = answers.filter((a) => a.at >= downAt && a.at <= recoveredAt);
  const is503 = (a: Answer) => a.status === 503;
  const contract = (a: Answer) => a.code === 'SERVICE_UNAVAILABLE' && !!a.retryAfter && Number(a.retryAfter) > 0;
  const firstOk = Math.max(
    ...TRAFFIC_KINDS.map((kind) => answers.find((a) => a.kind === kind && a.at >= upAt && a.status >= 200 && a.status < 300)?.at ?? Number.POSITIVE_INFINITY),
  );
  return {
    requests: answers.length,
    byStatus,
    duringOutage: {
      requests: during.length,
      status503: during.filter(is503).length,
      status500: during.filter((a) => a.status === 500).length,
      other: during.filter((a) => !is503(a) && a.status !== 500 && !(a.status >= 200 && a.status < 300)).length,
      without503Contract: during.filter((a) => is503(a) && !contract(a)).length,
    },
    recoveryMs: firstOk - upAt,
  };
}
