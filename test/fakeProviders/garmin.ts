import fs from 'node:fs';
import path from 'node:path';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';

// A fake Garmin Health API (paths relative to https://apis.garmin.com/wellness-api/rest) replaying
// test/fixtures/providers/garmin. Each summary counts as uploaded when it ended (start + duration,
// or the measurement time), which is what the upload-time pull endpoints select on. Enforced as
// Garmin documents: both upload bounds required, at most 86400 s per pull; backfill at most 90
// days, answered 202 with no body (the data would follow by push). Paths are the documented
// endpoint names (/pulseOx, /respiration), not the push body keys (pulseox, allDayRespiration).

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'garmin');
const TYPES = ['dailies', 'sleeps', 'activities', 'bodyComps', 'hrv', 'pulseOx', 'respiration', 'stressDetails'];
type Summary = Record<string, number | string | undefined>;

const load = (type: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${type}.json`), 'utf8')) as Summary[];
const uploadedAt = (s: Summary) => (typeof s.measurementTimeInSeconds === 'number' ? s.measurementTimeInSeconds : Number(s.startTimeInSeconds) + Number(s.durationInSeconds ?? 0));
const error = (status: number, errorMessage: string): FakeResponse => ({ status, body: { errorMessage } });

function bounds(query: Record<string, string>, from: string, to: string): [number, number] | string {
  const a = Number(query[from]);
  const b = Number(query[to]);
  if (!/^\d+$/.test(query[from] ?? '') || !/^\d+$/.test(query[to] ?? '')) return `${from} and ${to} are required integers`;
  if (b <= a) return `${to} must be after ${from}`;
  return [a, b];
}

export function garminFake(req: FakeRequest): FakeResponse | undefined {
  if (req.method !== 'GET') return undefined;
  if (!req.headers.authorization?.startsWith('Bearer ')) return error(401, 'Unauthorized: missing bearer token');
  if (req.path === '/user/id') return { status: 200, body: { userId: 'garmin-user-1' } };
  const backfill = /^\/backfill\/(\w+)$/.exec(req.path);
  if (backfill && TYPES.includes(backfill[1]!)) {
    const range = bounds(req.query, 'summaryStartTimeInSeconds', 'summaryEndTimeInSeconds');
    if (typeof range === 'string') return error(400, range);
    if (range[1] - range[0] > 90 * 86400) return error(400, 'Backfill range exceeds the maximum of 90 days');
    return { status: 202, body: '' };
  }
  const type = req.path.slice(1);
  if (!TYPES.includes(type)) return undefined;
  const range = bounds(req.query, 'uploadStartTimeInSeconds', 'uploadEndTimeInSeconds');
  if (typeof range === 'string') return error(400, range);
  if (range[1] - range[0] > 86400) return error(400, 'Upload time range exceeds the maximum of 86400 seconds');
  return { status: 200, body: load(type).filter((s) => uploadedAt(s) >= range[0] && uploadedAt(s) < range[1]) };
}

/** Garmin's Delete User Registration (DELETE /user/registration with the user's bearer token): 204 No Content. */
export function garminRevokeFake(req: FakeRequest): FakeResponse | undefined {
  if (req.method !== 'DELETE' || req.path !== '/user/registration') return undefined;
  if (!req.headers.authorization?.startsWith('Bearer ')) return { status: 401, body: { error: 'invalid_token' } };
  return { status: 204, body: '' };
}
