import fs from 'node:fs';
import path from 'node:path';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';

// A fake WHOOP API v2 (paths relative to https://api.prod.whoop.com/developer) replaying
// test/fixtures/providers/whoop in the documented formats: collections filtered the way the spec
// words it (start: records that occurred after or during it; end: records that start before it),
// newest first, limit at most 25 but never more than two a page here so that paging is exercised,
// next_token in the answer and nextToken in the query. A recovery has no time of its own: it is
// selected by its sleep's times. The spec documents no 400 body; this fake answers { error }.

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'whoop');
const PAGE_SIZE = 2;
type Rec = Record<string, unknown>;
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Rec;
const records = (name: string) => (load(name) as { records: Rec[] }).records;
const badRequest = (error: string): FakeResponse => ({ status: 400, body: { error } });

function span(name: string, r: Rec): [number, number] {
  if (name === 'recovery') {
    const sleep = records('sleep').find((s) => s.id === r.sleep_id);
    return sleep ? [Date.parse(String(sleep.start)), Date.parse(String(sleep.end))] : [NaN, NaN];
  }
  return [Date.parse(String(r.start)), r.end ? Date.parse(String(r.end)) : Date.now()];
}

function page(name: string, query: Record<string, string>): FakeResponse {
  const { start, end, limit, nextToken } = query;
  const from = start === undefined ? -Infinity : Date.parse(start);
  const to = end === undefined ? Date.now() : Date.parse(end);
  if (Number.isNaN(from) || Number.isNaN(to)) return badRequest(`${Number.isNaN(from) ? 'start' : 'end'} must be an ISO 8601 date-time`);
  if (to <= from) return badRequest('end must be after start');
  const size = limit === undefined ? 10 : Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > 25) return badRequest('limit must be between 1 and 25');
  const offset = nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) return badRequest('nextToken is not valid');
  const all = records(name)
    .map((r) => ({ r, s: span(name, r) }))
    .filter(({ s }) => s[1] >= from && s[0] < to)
    .sort((a, b) => b.s[0] - a.s[0])
    .map(({ r }) => r);
  const n = Math.min(size, PAGE_SIZE);
  const body: Rec = { records: all.slice(offset, offset + n) };
  if (offset + n < all.length) body.next_token = Buffer.from(String(offset + n)).toString('base64url');
  return { status: 200, body };
}

const COLLECTIONS: Record<string, string> = { '/v2/cycle': 'cycle', '/v2/recovery': 'recovery', '/v2/activity/sleep': 'sleep', '/v2/activity/workout': 'workout' };

/** Answers the v2 read endpoints the adapter uses; undefined for any other request. */
export function whoopFake(req: FakeRequest): FakeResponse | undefined {
  if (req.method !== 'GET') return undefined;
  const known = COLLECTIONS[req.path] ?? (/^\/v2\/cycle\/\d+$/.test(req.path) || req.path === '/v2/user/measurement/body' || req.path === '/v2/user/profile/basic' ? req.path : undefined);
  if (!known) return undefined;
  if (!/^Bearer \S+/i.test(req.headers.authorization ?? '')) return { status: 401, body: { error: 'Authorization was not valid' } };
  const name = COLLECTIONS[req.path];
  if (name) return page(name, req.query);
  if (req.path === '/v2/user/measurement/body') return { status: 200, body: load('body') };
  if (req.path === '/v2/user/profile/basic') return { status: 200, body: { user_id: 10129, email: 'jsmith123@example.com', first_name: 'John', last_name: 'Smith' } };
  const cycle = records('cycle').find((c) => String(c.id) === req.path.split('/').at(-1));
  return cycle ? { status: 200, body: cycle } : { status: 404, body: { error: 'No resource found' } };
}

/** WHOOP's Revoke User Access (DELETE /v2/user/access with the member's bearer token): 204 No Content. */
export function whoopRevokeFake(req: FakeRequest): FakeResponse | undefined {
  if (req.method !== 'DELETE' || req.path !== '/v2/user/access') return undefined;
  if (!req.headers.authorization?.startsWith('Bearer ')) return { status: 401, body: { error: 'invalid_token' } };
  return { status: 204, body: '' };
}
