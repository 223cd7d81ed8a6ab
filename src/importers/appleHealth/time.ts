// Apple Health writes every date as local wall-clock time with the offset in force at that moment
// ("2024-01-02 07:10:00 +0100"), so the local date is the text itself: no time-zone database, and
// a DST change mid-export simply shows up as a different offset on later records.
//
// Three dates a record, hundreds of thousands of records: this is one of the import's hottest
// paths, so it reads the digits with charCodeAt instead of a regex and calls Date.UTC once per
// calendar day (cached) instead of once per date. A text that is not a time at all ("2024-02-30",
// "24:00:00", "+2500") is refused rather than rolled over into another day as Date.UTC would.

import { validCalendarDate } from '../../validation/isoDates';

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

/** "YYYY-MM-DD hh:mm:ss ±hhmm": 25 characters, fixed positions. */
const LENGTH = 25;
const ZERO = 48;
const DASH = 45;
const SPACE = 32;
const COLON = 58;

/** The two-digit number at i, or -1 when either character is not an ASCII digit. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - ZERO;
  const b = text.charCodeAt(i + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

let cachedDayKey = -1;
let cachedDayMs = 0;

/**
 * Date.UTC(year, month - 1, day) for the last calendar day asked, which is nearly always the same
 * as the one before, or NaN when it is not a real day. Only real days are cached, so the calendar
 * check (a Date object) also runs once per day rather than once per date.
 */
function dayMs(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key !== cachedDayKey) {
    if (!validCalendarDate(year, month, day)) return NaN;
    cachedDayMs = Date.UTC(year, month - 1, day);
    cachedDayKey = key;
  }
  return cachedDayMs;
}

/** Reads an Apple date into out (UTC ms, offset in minutes, local hour); false when the text is not one. */
function parseInto(text: string, out: { ms: number; offsetMin: number; localHour: number }): boolean {
  if (text.length !== LENGTH) return false;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== SPACE) return false;
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON || text.charCodeAt(19) !== SPACE) return false;
  const sign = text.charCodeAt(20);
  if (sign !== 43 && sign !== DASH) return false;
  const century = two(text, 0);
  const yy = two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  const offH = two(text, 21);
  const offM = two(text, 23);
  if ((century | yy | month | day | hour | minute | second | offH | offM) < 0) return false;
  if (hour > 23 || minute > 59 || second > 59 || offM > 59 || offH * 60 + offM > 18 * 60) return false;
  const dayStart = dayMs(century * 100 + yy, month, day);
  if (Number.isNaN(dayStart)) return false;
  const offsetMin = (sign === DASH ? -1 : 1) * (offH * 60 + offM);
  // Date.UTC(y, m, d, h, mi, s) is MakeDay(y, m, d) in ms plus h, mi and s in ms: the same sum.
  out.ms = dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 - offsetMin * 60_000;
  out.offsetMin = offsetMin;
  out.localHour = hour;
  return Number.isFinite(out.ms);
}

const scratch = { ms: 0, offsetMin: 0, localHour: 0 };

/** The local date last handed out, and its day (dayMs's key): the next date is nearly always on the same day. */
let localDateKey = -1;
let localDate = '';

export function parseAppleTime(text: string | undefined): AppleTime | undefined {
  if (text === undefined || !parseInto(text, scratch)) return undefined;
  // Once parseInto has read a date, cachedDayKey is its day: the same string for the same day
  // (no copy, and a Map keyed on it finds its hash computed already).
  if (cachedDayKey !== localDateKey) {
    localDateKey = cachedDayKey;
    localDate = text.slice(0, 10);
  }
  return { ms: scratch.ms, localDate, offsetMin: scratch.offsetMin, localHour: scratch.localHour };
}

/** Only the instant (UTC epoch ms) of an Apple date, for dates whose local fields are not needed (creationDate). */
export function parseAppleMs(text: string | undefined): number | undefined {
  if (text === undefined || !parseInto(text, scratch)) return undefined;
  return scratch.ms;
}

/** The local date of an instant in a given offset. */
export function localDateAt(ms: number, offsetMin: number): string {
  return new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A metadata time (a record's creationDate, which becomes source_updated_at) kept only inside
 * the window the wearable tables accept (2000-01-01 to the end of next year); else left out,
 * as if the export had not given one, rather than failing the whole import in the database.
 */
export function acceptedTime(t: AppleTime | undefined): AppleTime | undefined {
  return t && acceptedMs(t.ms) !== undefined ? t : undefined;
}

const ACCEPTED_FROM = Date.UTC(2000, 0, 1);
/** The window's end as last computed: it only moves later, so an instant before it is accepted without asking the clock. */
let acceptedBefore = 0;

/** acceptedTime for an instant alone (parseAppleMs). */
export function acceptedMs(ms: number | undefined): number | undefined {
  if (ms === undefined || !(ms >= ACCEPTED_FROM)) return undefined;
  if (ms < acceptedBefore) return ms;
  acceptedBefore = Date.UTC(new Date().getUTCFullYear() + 2, 0, 1);
  return ms < acceptedBefore ? ms : undefined;
}
