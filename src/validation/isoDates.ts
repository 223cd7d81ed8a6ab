// The date and date-time shapes the API takes: exactly what PostgreSQL stores as sent. PostgreSQL
// alone would also take words ('today', 'now', 'epoch', 'infinity'), a date-time for a date (and
// keep only the date), a leap second (and roll it into the next minute) and more than six decimals
// of a second (and round them); JavaScript's Date.parse rolls 2023-02-29 over to March 1. So the
// parts are checked here: a real calendar day, hours 0-23, minutes and seconds 0-59, at most six
// decimals, an offset of Z or +-hh:mm (hhmm) within PostgreSQL's +-15:59.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))?)?$/;

/** A real day of the Gregorian calendar (no 2023-02-29, no month 13). */
export function validCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Set apart from Date.UTC, which reads years 0-99 as 1900-1999.
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Date-only text "YYYY-MM-DD" that names a real day. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** YYYY-MM-DD, a day of the calendar; not year 0, which PostgreSQL's date refuses. */
export function isIsoDate(value: string): boolean {
  return isCalendarDate(value) && !value.startsWith('0000');
}

/** A date alone (midnight UTC) or with a time; without an offset the time is UTC (the API's session time zone). */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m || m[1] === '0000' || !validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (m[4] === undefined) return true;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return false;
  return m[7] === undefined || (Number(m[7]) <= 15 && Number(m[8]) <= 59);
}
