// Apple Health writes every date as local wall-clock time with the offset in force at that moment
// ("2024-01-02 07:10:00 +0100"), so the local date is the text itself: no time-zone database, and
// a DST change mid-export simply shows up as a different offset on later records.

const APPLE_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

export interface AppleTime {
  /** UTC epoch milliseconds. */
  ms: number;
  /** The local calendar date, YYYY-MM-DD, in the record's own offset. */
  localDate: string;
  /** Offset from UTC in minutes (+60 for +0100). */
  offsetMin: number;
  /** The local hour, 0-23. */
  localHour: number;
}

export function parseAppleTime(text: string | undefined): AppleTime | undefined {
  if (text === undefined) return undefined;
  const m = APPLE_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  // Not a time at all ("2024-02-30", "24:00:00", "+2500"): Date.UTC would roll it over into another day.
  if (!validCalendarDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59 || Number(m[9]) > 59 || Math.abs(offsetMin) > 18 * 60) return undefined;
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - offsetMin * 60_000;
  if (!Number.isFinite(ms)) return undefined;
  return { ms, localDate: text.slice(0, 10), offsetMin, localHour: Number(m[4]) };
}

/** The local date of an instant in a given offset. */
export function localDateAt(ms: number, offsetMin: number): string {
  return new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A real day of the Gregorian calendar (no 2023-02-29, no month 13). */
export function validCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Date-only text "YYYY-MM-DD" that names a real day. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * A metadata time (a record's creationDate, which becomes source_updated_at) kept only inside
 * the window the wearable tables accept (2000-01-01 to the end of next year); else left out,
 * as if the export had not given one, rather than failing the whole import in the database.
 */
export function acceptedTime(t: AppleTime | undefined): AppleTime | undefined {
  if (!t) return undefined;
  return t.ms >= Date.UTC(2000, 0, 1) && t.ms < Date.UTC(new Date().getUTCFullYear() + 2, 0, 1) ? t : undefined;
}
