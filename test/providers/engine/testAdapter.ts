import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeRequest, FakeResponse, ProviderAdapter, SyncBatch } from '../../../src/providers/types';

// A tiny provider for the engine's tests (served by the fake server under the 'oura' prefix):
// GET /days?start_date&end_date -> one row per day, steps derived from the date so re-fetching
// gives identical rows. Webhooks: HMAC-SHA256 of the raw body in X-Test-Signature.

export const TEST_PROVIDER = 'oura' as const;

export const testAdapter: ProviderAdapter = {
  name: TEST_PROVIDER,
  authorizeUrl: 'https://provider.invalid/authorize',
  tokenUrl: 'https://provider.invalid/token',
  apiBaseUrl: 'https://provider.invalid/api',
  scopes: ['daily', 'heartrate'],
  scopeSeparator: ' ',
  pkce: true,
  tokenAuth: 'basic',
  parseToken(json, now) {
    // Like Oura, the token answer's user is not used: fetchExternalUserId asks GET /me.
    const t = json as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; scope?: unknown };
    if (typeof t.access_token !== 'string') throw new Error('token response: access_token is missing');
    return {
      accessToken: t.access_token,
      refreshToken: typeof t.refresh_token === 'string' ? t.refresh_token : undefined,
      expiresAt: typeof t.expires_in === 'number' ? new Date(now.getTime() + t.expires_in * 1000) : undefined,
      scope: typeof t.scope === 'string' ? t.scope.split(' ') : undefined,
    };
  },
  async fetchExternalUserId(http) {
    const me = (await http.get('/me')) as { id?: unknown };
    if (typeof me.id !== 'string') throw new Error('GET /me: id is missing');
    return me.id;
  },
  backfillDays: 25,
  maxWindowDays: 10,
  async fetchWindow(http, window) {
    const body = (await http.get('/days', { start_date: window.startDate, end_date: window.endDate })) as { data: { day: string; steps: number; resting_hr: number }[] };
    const batch: SyncBatch = { daily: [], sleep: [], activities: [], measurements: [], warnings: [] };
    for (const d of body.data) {
      batch.daily.push({ date: d.day, source: TEST_PROVIDER, steps: d.steps, resting_hr_bpm: d.resting_hr });
      batch.measurements.push({ metric: 'resting_heart_rate', value: d.resting_hr, unit: 'bpm', measured_at: `${d.day}T08:00:00Z`, source: TEST_PROVIDER });
    }
    return batch;
  },
  verifyWebhook(req, secrets) {
    const given = Buffer.from(req.headers['x-test-signature'] ?? '', 'hex');
    const expected = createHmac('sha256', secrets.webhookSecret ?? '').update(req.rawBody).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  },
  verificationChallenge(query, secrets) {
    return query.verify_token === secrets.webhookSecret ? { status: 200, body: JSON.stringify({ challenge: query.challenge }) } : { status: 401, body: 'bad verify_token' };
  },
  parseWebhook(req) {
    const body = req.body as { user_id: string; day: string };
    const start = new Date(`${body.day}T00:00:00Z`);
    return [{ externalUserId: body.user_id, window: { start, end: new Date(start.getTime() + 86_400_000) } }];
  },
};

const steps = (day: string) => 5000 + (Number(day.slice(8, 10)) * 137) % 4000;

/** The fake API behind testAdapter. */
export function testProviderFake(req: FakeRequest): FakeResponse | undefined {
  if (req.path === '/me') return { status: 200, body: { id: 'fake-user-1' } };
  if (req.path !== '/days') return undefined;
  const { start_date: start, end_date: end } = req.query;
  if (!start || !end) return { status: 400, body: { detail: 'start_date and end_date are required' } };
  const data = [];
  for (let d = new Date(`${start}T00:00:00Z`); d <= new Date(`${end}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    data.push({ day, steps: steps(day), resting_hr: 55 + (Number(day.slice(8, 10)) % 7) });
  }
  return { status: 200, body: { data } };
}
