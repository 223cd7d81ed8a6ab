// The HTTP phase of `npm run bench`: the dashboard and biomarker-trend queries through GraphQL
// with real sessions for many users, beside the same SQL through a raw client.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { issueSession } from '../../src/auth/sessions';
import { loadConfig } from '../../src/config';
import { endPool } from '../../src/db/pools';
import { runHttpBench, type BenchHttpUser, type HttpCase, type HttpCaseResult } from '../http';

export const httpCases: HttpCase[] = [
  {
    name: 'dashboard, 30 days',
    graphql: {
      query: 'query { dashboard(days: 30) { date steps stepsSource restingHrBpm hrvRmssdMs readinessScore totalSleepMinutes sleepScore activitiesCount activitiesDurationSeconds } }',
      variables: () => ({}),
    },
    sql: { text: 'select * from vitalis.dashboard(30)', params: () => [] },
  },
  {
    name: 'biomarker trend, 2 years',
    graphql: {
      query: 'query ($b: String!) { biomarkerTrend(biomarker: $b) { collectedAt valueCanonical unit normalLow normalHigh optimalLow optimalHigh flag inRange } }',
      variables: (u) => ({ b: u.biomarker }),
    },
    sql: { text: 'select * from vitalis.biomarker_trend($1)', params: (u) => [u.biomarker] },
  },
];

export async function runHttpPhase(
  url: string,
  cases: HttpCase[],
  options: { smoke: boolean; log: (m: string) => void; seconds?: number; connections?: number[]; cpuProfile?: string },
): Promise<HttpCaseResult[]> {
  // The API child runs in production mode, which refuses the development secret: sign with a fresh one.
  const jwtSecret = randomBytes(32).toString('hex');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, ACCESS_TOKEN_TTL: '7200', JWT_SECRET: jwtSecret });
  const pool = new Pool({ connectionString: url, max: 2 });
  let users: BenchHttpUser[];
  try {
    // Users with lab results, each with the biomarker they have most results for.
    const { rows } = await pool.query(`
      select distinct on (m.user_id) m.user_id, d.canonical_name
        from vitalis.blood_markers m join vitalis.biomarker_dictionary d using (biomarker_id)
       group by m.user_id, d.canonical_name order by m.user_id, count(*) desc, d.canonical_name
       limit $1`, [options.smoke ? 3 : 50]);
    users = [];
    for (const r of rows) users.push({ userId: r.user_id, biomarker: r.canonical_name, token: (await issueSession(pool, config, r.user_id)).accessToken });
  } finally {
    await endPool(pool);
  }
  if (users.length === 0) throw new Error('bench http: no users with lab results to query');
  options.log(`http: ${users.length} users with real sessions`);
  return runHttpBench({
    url,
    users,
    cases,
    jwtSecret,
    cpuProfile: options.cpuProfile,
    connections: options.connections ?? [1, 8],
    durationSeconds: options.seconds ?? (options.smoke ? 1 : 10),
    log: options.log,
  });
}
