// The users the clients sign in as, and history for their reads: one user per client, each with a
// real session (vitalis_private.sessions, as a login makes) and LOAD_SEED_DAYS of wearable days
// and nights plus two years of lab panels, written through the API's own batch upserts.
import type { Pool } from 'pg';
import { issueSession } from '../../src/auth/sessions';
import type { Config } from '../../src/config';
import { createUser } from '../../test/helpers/db';
import { graphqlRequest } from './client';
import { addDays, type LoadUser } from './operations';

const UPSERT_DAILY = `mutation ($rows: JSON!) { upsertWearableDaily(input: { rows: $rows }) { result { inserted } } }`;
const UPSERT_SLEEP = `mutation ($rows: JSON!) { upsertWearableSleep(input: { rows: $rows }) { result { inserted } } }`;
const UPSERT_PANELS = `mutation ($rows: JSON!) { upsertBloodPanels(input: { rows: $rows }) { result { inserted } } }`;
const PANEL_MARKERS = ['glucose', 'hba1c', 'ldl_cholesterol', 'hdl_cholesterol', 'triglycerides', 'tsh', 'ferritin', 'vitamin_d'];
const PANELS = 8;

async function inBatches<T>(items: T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
}

export async function createLoadUsers(pool: Pool, config: Config, count: number, tokenSeconds: number): Promise<LoadUser[]> {
  const users: LoadUser[] = [];
  for (let i = 0; i < count; i++) {
    const userId = await createUser(pool, { email: `load-${i}-${Date.now()}@example.com`, sex: i % 2 === 0 ? 'female' : 'male' });
    // Tokens outlive the run: a refresh in the middle of it is not what is measured.
    users.push({ userId, token: (await issueSession(pool, config, userId, { accessTtl: tokenSeconds })).accessToken });
  }
  return users;
}

export async function seedHistory(options: { pool: Pool; graphqlUrl: string; users: LoadUser[]; days: number; today: string; timeoutMs: number }): Promise<void> {
  const markers = await options.pool.query<{ biomarker_id: string; display_name: string; canonical_unit: string; low: string; high: string }>(
    `select biomarker_id, display_name, canonical_unit, coalesce(normal_low, 1)::text as low, coalesce(normal_high, normal_low * 2, 100)::text as high
       from vitalis.biomarker_dictionary where canonical_name = any($1) and not is_qualitative`,
    [PANEL_MARKERS],
  );
  if (!markers.rows.length) throw new Error('the biomarker dictionary has none of the seeded markers');
  await inBatches(options.users, 8, async (user, u) => {
    const days = Array.from({ length: options.days }, (_, i) => addDays(options.today, i - options.days));
    const daily = days.map((date, i) => ({ date, source: 'garmin', steps: 4000 + ((u * 31 + i * 977) % 9000), resting_hr_bpm: 52 + (i % 9), hrv_rmssd_ms: 40 + (i % 30), readiness_score: 60 + (i % 35) }));
    const sleep = days.map((sleep_date, i) => ({ sleep_date, source: 'oura', total_sleep_minutes: 380 + (i % 90), sleep_score: 65 + (i % 30) }));
    const panels = Array.from({ length: PANELS }, (_, p) => ({
      lab_name: 'Load Test Lab',
      collected_at: `${addDays(options.today, -730 + p * 90)}T08:00:00Z`,
      markers: markers.rows.map((m, k) => {
        const low = Number(m.low);
        const high = Number(m.high);
        return { biomarker_id: m.biomarker_id, raw_name: m.display_name, value_numeric: Math.round((low + ((high - low) * ((p + k) % 10)) / 10) * 100) / 100, unit: m.canonical_unit };
      }),
    }));
    for (const [query, rows] of [[UPSERT_DAILY, daily], [UPSERT_SLEEP, sleep], [UPSERT_PANELS, panels]] as const) {
      const result = await graphqlRequest(options.graphqlUrl, user.token, query, { rows }, options.timeoutMs);
      if (!result.ok) throw new Error(`seeding history failed: ${result.status} ${result.code}: ${result.message}`);
    }
  });
}
