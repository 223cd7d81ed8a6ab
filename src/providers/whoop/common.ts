import { z } from 'zod';

// Pieces every WHOOP v2 mapper uses. Source of truth: WHOOP API v2 OpenAPI (whoop-openapi.yml):
// collections answer { records: [...], next_token } (next_token absent on the last page);
// timestamps are UTC date-times and each record carries the user's timezone_offset at the time.

// Bounded: found by fuzzing, 9999-12-31T23:59:59-12:00 overflowed into year 10000 on the way to
// local time, and year 0 reached PostgreSQL ("date/time field value out of range").
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(9999, 0, 1);
export const dateTime = z.string().refine((s) => {
  const t = Date.parse(s);
  return !Number.isNaN(t) && t >= EARLIEST_MS && t < LATEST_MS;
}, 'expected an ISO 8601 date-time between 1970 and 9998');
/** Time Zone Designator per the spec: '+hh:mm', '-hh:mm' or 'Z'. */
export const tzOffset = z.string().regex(/^(Z|[+-]\d{2}:?\d{2})$/, "expected a time zone offset like '-05:00' or 'Z'");
export const num = z.number().nullish();
export const scoreState = z.string(); // SCORED | PENDING_SCORE | UNSCORABLE; new states are tolerated

/** A paginated collection: { records, next_token }. */
export const collection = <T extends z.ZodType>(record: T) => z.object({ records: z.array(record), next_token: z.string().nullish() }).loose();

export const KCAL_PER_KJ = 0.239006;
export const kjToKcal = (kj: number | null | undefined): number | undefined => (typeof kj === 'number' ? kj * KCAL_PER_KJ : undefined);
export const msToMinutes = (ms: number | null | undefined): number | undefined => (typeof ms === 'number' ? Math.round(ms / 60_000) : undefined);

/** The offset in milliseconds of '+hh:mm' / '-hh:mm' / 'Z'. */
export function offsetMs(offset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** The local calendar day of a UTC instant under the record's timezone_offset. */
export function localDate(instant: string | number, offset: string): string {
  const t = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(t + offsetMs(offset)).toISOString().slice(0, 10);
}

export const iso = (s: string): string => new Date(s).toISOString();

/** One warning per record type naming the fields WHOOP sent that no column holds (they stay in raw_data). */
export function unmappedWarning(where: string, fields: Iterable<string>): string[] {
  const list = [...new Set(fields)].sort();
  return list.length === 0 ? [] : [`${where}: not mapped (kept in raw_data): ${list.join(', ')}`];
}

/** Keys of obj (and of obj.score, as score.<key>) that are not in mapped. */
export function unmappedKeys(obj: Record<string, unknown>, mapped: readonly string[]): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'score' && v && typeof v === 'object') {
      for (const sk of Object.keys(v)) if (!mapped.includes(`score.${sk}`)) out.push(`score.${sk}`);
    } else if (!mapped.includes(k)) out.push(k);
  }
  return out;
}
