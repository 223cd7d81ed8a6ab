import type { PoolClient } from 'pg';

// Local wall-clock times without an offset (Fitbit's "2024-03-10T23:05:30.000") become instants
// with the zone the user was in at that time: vitalis.user_timezones, loaded once per sync, read
// exactly as SQL's vitalis.timezone_at reads it (valid_from inclusive, valid_to exclusive, else
// user_preferences.timezone, else UTC), and converted with Intl the way PostgreSQL's
// `local AT TIME ZONE zone` does (a time skipped by a DST change takes the offset before it, a
// repeated one the offset after it). test/providers/localTime.test.ts holds both to SQL.

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?\d*$/;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at an instant, in minutes east of UTC. */
export function zoneOffsetMinutes(zone: string, atMs: number): number {
  const name = formatter(zone).formatToParts(new Date(atMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
  if (!m) return 0; // "GMT": UTC itself
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60);
}

/** A local date-time (YYYY-MM-DDThh:mm:ss[.fff]) read as if it were UTC: the wall clock in milliseconds. */
export function wallClockMs(local: string): number {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`not a local date-time: ${local}`);
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
}

/** The instant of a wall-clock time in a zone, as PostgreSQL's `timestamp AT TIME ZONE zone`. */
export function zonedToUtcMs(wallMs: number, zone: string): number {
  const before = zoneOffsetMinutes(zone, wallMs - DAY_MS);
  const after = zoneOffsetMinutes(zone, wallMs + DAY_MS);
  const asBefore = wallMs - before * 60_000;
  if (before === after) return wallMs - zoneOffsetMinutes(zone, asBefore) * 60_000;
  const asAfter = wallMs - after * 60_000;
  const beforeHolds = zoneOffsetMinutes(zone, asBefore) === before;
  const afterHolds = zoneOffsetMinutes(zone, asAfter) === after;
  if (afterHolds) return asAfter; // the only reading, or the later of two (a repeated hour)
  if (beforeHolds) return asBefore;
  return asBefore; // skipped by the change: the offset in force before it
}

export interface TimeZoneRange {
  timezone: string;
  validFrom: Date;
  /** Exclusive; null while open. */
  validTo: Date | null;
}

/** A local time to its UTC instant as an ISO string. */
export type LocalToUtc = (local: string) => string;

/** The user's zone history as SQL keeps it, for converting a whole sync's local times without a query each. */
export class TimeZoneHistory {
  private readonly ranges: TimeZoneRange[];

  constructor(ranges: TimeZoneRange[], readonly fallback = 'UTC') {
    this.ranges = [...ranges].sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime());
  }

  /** How many ranges the user has (0: every time falls back). */
  get size(): number {
    return this.ranges.length;
  }

  /** The zone in force at an instant: vitalis.timezone_at's twin. */
  zoneAt(atMs: number): string {
    for (const r of this.ranges) {
      if (r.validFrom.getTime() <= atMs && (r.validTo === null || atMs < r.validTo.getTime())) return r.timezone;
    }
    return this.fallback;
  }

  /** A local time's instant, placed with the zone the user was in then. */
  toUtcMs(local: string): number {
    const wall = wallClockMs(local);
    const zone = this.zoneAt(wall);
    const first = zonedToUtcMs(wall, zone);
    const then = this.zoneAt(first);
    if (then === zone) return first;
    // The guess fell in another range: read the time in that range's zone if it stays there.
    const second = zonedToUtcMs(wall, then);
    return this.zoneAt(second) === then ? second : first;
  }

  readonly toUtc: LocalToUtc = (local) => new Date(this.toUtcMs(local)).toISOString();
}

/** Whether Intl knows the zone (a provider's profile may name one). */
export function isKnownZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** A fixed offset (a provider profile's current offset) as a converter: what adapters fall back on without a history. */
export const fixedOffset =
  (offsetMs: number): LocalToUtc =>
  (local) =>
    new Date(wallClockMs(local) - offsetMs).toISOString();

/** The signed-in user's history (RLS decides whose), in the caller's request transaction. */
export async function loadTimeZoneHistory(client: Pick<PoolClient, 'query'>): Promise<TimeZoneHistory> {
  const { rows } = await client.query<{ timezone: string; valid_from: Date; valid_to: Date | null }>(
    'select timezone, valid_from, valid_to from vitalis.user_timezones where user_id = vitalis.current_user_id() order by valid_from',
  );
  const prefs = await client.query<{ timezone: string }>('select timezone from vitalis.user_preferences where user_id = vitalis.current_user_id()');
  // The preference's CHECK also lets POSIX strings through (UTC+5), which Intl does not read (and
  // PostgreSQL reads with the opposite sign): such a preference counts as none.
  const preference = prefs.rows[0]?.timezone;
  return new TimeZoneHistory(
    rows.map((r) => ({ timezone: r.timezone, validFrom: r.valid_from, validTo: r.valid_to })),
    preference && isKnownZone(preference) ? preference : 'UTC',
  );
}

/** A UTC offset seen in data: its local time, the offset (minutes east), and for how long it held. */
export interface ObservedOffset {
  local: string;
  offset_minutes: number;
  duration_minutes?: number;
}

/** Keeps the first and last observation of each run of one offset (in time order): the same ranges follow from far fewer rows. */
export function compressObservations(observed: ObservedOffset[]): ObservedOffset[] {
  const sorted = observed
    .map((o) => ({ o, at: wallClockMs(o.local) - o.offset_minutes * 60_000 }))
    .sort((a, b) => a.at - b.at || a.o.offset_minutes - b.o.offset_minutes)
    .map((x) => x.o);
  return sorted.filter((o, i) => i === 0 || i === sorted.length - 1 || sorted[i - 1]!.offset_minutes !== o.offset_minutes || sorted[i + 1]!.offset_minutes !== o.offset_minutes);
}

/** Records learned zone ranges from observed offsets (vitalis_private.learn_timezone_offsets); returns the ranges written. */
export async function learnTimezoneOffsets(client: Pick<PoolClient, 'query'>, observed: ObservedOffset[]): Promise<number> {
  if (observed.length === 0) return 0;
  const { rows } = await client.query<{ n: number }>('select vitalis_private.learn_timezone_offsets($1::jsonb) as n', [JSON.stringify(compressObservations(observed))]);
  return rows[0]?.n ?? 0;
}

/** How an adapter turns local times into instants: a fixed offset in milliseconds (a profile's current offset) or a converter (a zone history's toUtc). */
export type LocalClock = number | LocalToUtc;

/** A local time's UTC instant as an ISO string, by either kind of clock. */
export const localToUtcIso = (local: string, clock: LocalClock): string => (typeof clock === 'number' ? fixedOffset(clock)(local) : clock(local));
