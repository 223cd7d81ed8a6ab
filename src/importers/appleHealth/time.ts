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
  const offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - offsetMin * 60_000;
  if (!Number.isFinite(ms)) return undefined;
  return { ms, localDate: text.slice(0, 10), offsetMin, localHour: Number(m[4]) };
}

/** The local date of an instant in a given offset. */
export function localDateAt(ms: number, offsetMin: number): string {
  return new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);
}

export const iso = (ms: number): string => new Date(ms).toISOString();
