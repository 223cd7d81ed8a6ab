import fs from 'node:fs';
import path from 'node:path';
import type { FakeRequest, FakeResponse } from '../../src/providers/types';

// A fake Withings Public API (paths relative to https://wbsapi.withings.net) replaying
// test/fixtures/providers/withings in the documented envelope: always HTTP 200 with
// {status, body}; status 0 is success, 401 a bad token, 503 invalid params, 2554 an unknown
// action. Actions take form fields (POST). Pages hold 2 entries here so that more/offset
// pagination is exercised (getmeas answers more as 0/1, the v2 actions as a boolean).
// getsummary and getactivity return only the data_fields asked for, as Withings does.

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'providers', 'withings');
const load = <T>(name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as T;
const PAGE = 2;
const ACTIVITY_ALWAYS = ['date', 'timezone', 'deviceid', 'hash_deviceid', 'brand', 'is_tracker', 'modified', 'totalcalories'];

const ok = (body: unknown): FakeResponse => ({ status: 200, body: { status: 0, body } });
const fail = (status: number, error: string): FakeResponse => ({ status: 200, body: { status, body: {}, error } });

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
const ymd = (v: string | undefined) => (v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

function page<T>(all: T[], form: Record<string, string>): { items: T[]; more: boolean; offset: number } {
  const offset = int(form.offset) ?? 0;
  const items = all.slice(offset, offset + PAGE);
  return { items, more: offset + PAGE < all.length, offset: offset + items.length };
}

/** Which fixture file serves each action (its base name in test/fixtures/providers/withings). */
export interface WithingsFixtureFiles {
  measuregrps?: string;
  activities?: string;
  sleep?: string;
}

function getmeas(form: Record<string, string>, name: string): FakeResponse {
  const start = int(form.startdate);
  const end = int(form.enddate);
  const lastupdate = int(form.lastupdate);
  if (lastupdate === undefined && (start === undefined || end === undefined)) return fail(503, 'Invalid Params: startdate and enddate, or lastupdate');
  const file = load<{ timezone: string; measuregrps: { date: number; modified: number; category: number }[] }>(name);
  const category = int(form.category);
  const groups = file.measuregrps.filter((g) => (category === undefined || g.category === category) && (lastupdate !== undefined ? g.modified >= lastupdate : g.date >= start! && g.date <= end!));
  const p = page(groups, form);
  return ok({ updatetime: Math.max(0, ...groups.map((g) => g.modified)), timezone: file.timezone, measuregrps: p.items, more: p.more ? 1 : 0, offset: p.offset });
}

function byDay<T extends { date: string }>(name: string, key: string, form: Record<string, string>, shape: (item: T) => unknown = (i) => i): FakeResponse {
  const from = ymd(form.startdateymd);
  const to = ymd(form.enddateymd);
  if (!from || !to) return fail(503, 'Invalid Params: startdateymd and enddateymd are required (YYYY-MM-DD)');
  const items = load<Record<string, T[]>>(name)[key]!.filter((i) => i.date >= from && i.date <= to);
  const p = page(items, form);
  return ok({ [key]: p.items.map(shape), more: p.more, offset: p.offset });
}

/** The fake serving other fixture files than the defaults (variants of the same formats). */
export const withingsFakeFrom =
  (files: WithingsFixtureFiles) =>
  (req: FakeRequest): FakeResponse | undefined =>
    serve(req, { measuregrps: 'measuregrps', activities: 'activities', sleep: 'sleep', ...files });

export function withingsFake(req: FakeRequest): FakeResponse | undefined {
  return serve(req, { measuregrps: 'measuregrps', activities: 'activities', sleep: 'sleep' });
}

function serve(req: FakeRequest, files: Required<WithingsFixtureFiles>): FakeResponse | undefined {
  if (req.method !== 'POST') return undefined;
  if (!req.headers.authorization?.startsWith('Bearer ')) return fail(401, 'Invalid Params: invalid access token');
  const form = { ...req.query, ...Object.fromEntries(new URLSearchParams(req.body)) };
  if (req.path === '/measure') return form.action === 'getmeas' ? getmeas(form, files.measuregrps) : fail(2554, `Unknown action ${form.action}`);
  if (req.path === '/v2/measure') {
    if (form.action !== 'getactivity') return fail(2554, `Unknown action ${form.action}`);
    // Only totalcalories and the day's identity come without being asked for in data_fields.
    const fields = new Set([...(form.data_fields ?? '').split(',').filter(Boolean), ...ACTIVITY_ALWAYS]);
    return byDay<{ date: string }>(files.activities, 'activities', form, (a) => Object.fromEntries(Object.entries(a).filter(([k]) => fields.has(k))));
  }
  if (req.path === '/v2/sleep') {
    if (form.action !== 'getsummary') return fail(2554, `Unknown action ${form.action}`);
    const fields = new Set((form.data_fields ?? '').split(',').filter(Boolean));
    return byDay<{ date: string; data: Record<string, number> }>(files.sleep, 'series', form, (s) => ({ ...s, data: Object.fromEntries(Object.entries(s.data).filter(([k]) => fields.has(k))) }));
  }
  return undefined;
}
