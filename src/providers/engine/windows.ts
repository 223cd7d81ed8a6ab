import type { SyncWindow } from '../types';

// Which time ranges a sync fetches. The cursor (connected_devices.sync_cursor) records how far
// data is stored; windows are cut to the adapter's maxWindowDays.

const DAY_MS = 86_400_000;
/** Daily syncs re-fetch this many days before the cursor: providers revise recent days (late sleep, recomputed scores). */
export const DAILY_OVERLAP_DAYS = 2;
/** A daily sync without a cursor (backfill not run yet) reaches back at most this far. */
const DAILY_WITHOUT_CURSOR_DAYS = 30;

export interface SyncCursor {
  /** Exclusive end of the newest window stored by a backfill or daily sync (ISO). */
  syncedThrough?: string;
  /** A backfill in progress: a retried job resumes after syncedThrough instead of starting over. */
  backfill?: { start: string; end: string };
}

export function readCursor(raw: Record<string, unknown> | null | undefined): SyncCursor {
  const cursor: SyncCursor = {};
  if (typeof raw?.syncedThrough === 'string' && !Number.isNaN(Date.parse(raw.syncedThrough))) cursor.syncedThrough = raw.syncedThrough;
  const b = raw?.backfill as { start?: unknown; end?: unknown } | undefined;
  if (typeof b?.start === 'string' && typeof b.end === 'string') cursor.backfill = { start: b.start, end: b.end };
  return cursor;
}

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function toSyncWindow(start: Date, end: Date): SyncWindow {
  return { start, end, startDate: isoDate(start), endDate: isoDate(new Date(end.getTime() - 1)) };
}

/** Cuts [start, end) into consecutive windows of at most maxDays days, oldest first. */
export function chunkWindow(start: Date, end: Date, maxDays: number): SyncWindow[] {
  if (!(maxDays >= 1)) throw new Error(`maxWindowDays must be at least 1, got ${maxDays}`);
  const out: SyncWindow[] = [];
  for (let from = start.getTime(); from < end.getTime(); from += maxDays * DAY_MS) {
    out.push(toSyncWindow(new Date(from), new Date(Math.min(from + maxDays * DAY_MS, end.getTime()))));
  }
  return out;
}

/** The range a backfill covers: an unfinished one resumes where it stopped. */
export function backfillRange(cursor: SyncCursor, backfillDays: number, now: Date): { start: Date; end: Date; resumeFrom: Date } {
  if (cursor.backfill) {
    const start = new Date(cursor.backfill.start);
    const end = new Date(cursor.backfill.end);
    const done = cursor.syncedThrough ? new Date(cursor.syncedThrough) : start;
    return { start, end, resumeFrom: done > start && done < end ? done : start };
  }
  const start = startOfUtcDay(new Date(now.getTime() - backfillDays * DAY_MS));
  return { start, end: now, resumeFrom: start };
}

/** The range a daily sync covers: from the cursor's day minus the overlap, to now. */
export function dailyRange(cursor: SyncCursor, now: Date): { start: Date; end: Date } {
  const from = cursor.syncedThrough ? new Date(cursor.syncedThrough) : new Date(now.getTime() - DAILY_WITHOUT_CURSOR_DAYS * DAY_MS);
  const start = startOfUtcDay(new Date(Math.min(from.getTime(), now.getTime()) - (cursor.syncedThrough ? DAILY_OVERLAP_DAYS * DAY_MS : 0)));
  return { start, end: now };
}
