import fs from 'node:fs';
import path from 'node:path';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';

// A fake Oura API v2 (paths relative to https://api.ouraring.com) replaying the documents in
// test/fixtures/providers/oura/<collection>.json in the documented MultiDocumentResponse format:
// filtered by start_date..end_date (inclusive, on `day`, as the real API answers the daily
// collections), two documents a page with an opaque next_token, and Oura's error bodies:
// 422 HTTPValidationError for a malformed date, 400 { detail } for a bad range or next_token,
// 401 without a bearer token.

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'oura');
const OURA_FAKE_PAGE_SIZE = 2;
const COLLECTIONS = ['daily_activity', 'daily_readiness', 'daily_sleep', 'daily_spo2', 'sleep', 'workout', 'vO2_max'] as const;

type Doc = Record<string, unknown> & { day: string };
const cache = new Map<string, Doc[]>();
function documents(collection: string): Doc[] {
  let docs = cache.get(collection);
  if (!docs) {
    docs = (JSON.parse(fs.readFileSync(path.join(FIXTURES, `${collection}.json`), 'utf8')) as { data: Doc[] }).data;
    cache.set(collection, docs);
  }
  return docs;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const invalid = (param: string, value: string): FakeResponse => ({
  status: 422,
  body: { detail: [{ loc: ['query', param], msg: `Input should be a valid date or datetime, got "${value}"`, type: 'date_from_datetime_parsing' }] },
});
const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeToken(token: string): number | undefined {
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Answers GET /v2/usercollection/<collection> and personal_info (whose id is the webhooks' user_id); undefined for any other request. */
export function ouraFake(req: FakeRequest): FakeResponse | undefined {
  const match = /^\/v2\/usercollection\/([A-Za-z0-9_]+)$/.exec(req.path);
  const collection = match?.[1];
  if (req.method !== 'GET' || !collection || (!(COLLECTIONS as readonly string[]).includes(collection) && collection !== 'personal_info')) return undefined;
  if (!/^Bearer \S+/i.test(req.headers.authorization ?? '')) return { status: 401, body: { detail: 'Unauthorized' } };
  if (collection === 'personal_info') return { status: 200, body: { id: 'oura-user-1', age: 35, weight: 72.5, height: 1.78, biological_sex: 'male', email: 'oura-user@example.com' } };
  const { start_date: start, end_date: end, next_token: token } = req.query;
  // The spec also accepts date-times; their date part is what filters.
  for (const [param, value] of [['start_date', start], ['end_date', end]] as const) {
    if (value !== undefined && (!DATE.test(value.slice(0, 10)) || Number.isNaN(Date.parse(value)))) return invalid(param, value);
  }
  const from = start?.slice(0, 10);
  const to = end?.slice(0, 10);
  if (from && to && from > to) return { status: 400, body: { detail: `Start date is greater than end date: [start_date: ${from}; end_date: ${to}]` } };
  const offset = token ? decodeToken(token) : 0;
  if (offset === undefined) return { status: 400, body: { detail: 'Invalid next_token' } };
  const all = documents(collection)
    .filter((d) => (!from || d.day >= from) && (!to || d.day <= to))
    .sort((a, b) => a.day.localeCompare(b.day));
  const data = all.slice(offset, offset + OURA_FAKE_PAGE_SIZE);
  const next = offset + OURA_FAKE_PAGE_SIZE < all.length ? encodeToken(offset + OURA_FAKE_PAGE_SIZE) : null;
  return { status: 200, headers: { 'content-type': 'application/json' }, body: { data, next_token: next } };
}

/**
 * Oura's token revocation (/oauth/revoke?access_token=...): 200 once the grant is gone. The token
 * is in the query, not a bearer header: install it with FakeProviders.setAppHandler('oura', ...).
 */
export function ouraRevokeFake(req: FakeRequest): FakeResponse | undefined {
  if (req.path !== '/oauth/revoke') return undefined;
  if (!req.query.access_token) return { status: 400, body: { detail: 'access_token is required' } };
  return { status: 200, body: {} };
}
