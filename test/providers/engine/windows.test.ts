import { backfillRange, chunkWindow, dailyRange, readCursor } from '../../../src/providers/engine/windows';

const d = (iso: string) => new Date(iso);

describe('sync windows', () => {
  test('chunks are consecutive, at most maxDays long, and the last ends at the end', () => {
    const w = chunkWindow(d('2026-01-01T00:00:00Z'), d('2026-01-25T06:00:00Z'), 10);
    expect(w.map((x) => [x.start.toISOString(), x.end.toISOString(), x.startDate, x.endDate])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-01-11T00:00:00.000Z', '2026-01-01', '2026-01-10'],
      ['2026-01-11T00:00:00.000Z', '2026-01-21T00:00:00.000Z', '2026-01-11', '2026-01-20'],
      ['2026-01-21T00:00:00.000Z', '2026-01-25T06:00:00.000Z', '2026-01-21', '2026-01-25'],
    ]);
    expect(chunkWindow(d('2026-01-01T00:00:00Z'), d('2026-01-01T00:00:00Z'), 10)).toEqual([]);
    expect(() => chunkWindow(d('2026-01-01T00:00:00Z'), d('2026-01-02T00:00:00Z'), 0)).toThrow('maxWindowDays must be at least 1, got 0');
  });

  test('daily: from the cursor day minus 2 days of overlap; without a cursor, the last 30 days', () => {
    const now = d('2026-03-10T12:00:00Z');
    expect(dailyRange({ syncedThrough: '2026-03-09T18:30:00Z' }, now).start.toISOString()).toBe('2026-03-07T00:00:00.000Z');
    expect(dailyRange({}, now).start.toISOString()).toBe('2026-02-08T00:00:00.000Z');
    // A cursor in the future (clock skew) never makes an empty window.
    expect(dailyRange({ syncedThrough: '2026-04-01T00:00:00Z' }, now).start.toISOString()).toBe('2026-03-08T00:00:00.000Z');
  });

  test('backfill: backfillDays back from now, resuming an unfinished one after syncedThrough', () => {
    const now = d('2026-03-10T12:00:00Z');
    expect(backfillRange({}, 30, now)).toEqual({ start: d('2026-02-08T00:00:00Z'), end: now, resumeFrom: d('2026-02-08T00:00:00Z') });
    const cursor = readCursor({ syncedThrough: '2026-02-20T00:00:00.000Z', backfill: { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' }, other: 1 });
    expect(backfillRange(cursor, 30, now)).toEqual({ start: d('2026-02-01T00:00:00Z'), end: d('2026-03-01T00:00:00Z'), resumeFrom: d('2026-02-20T00:00:00Z') });
    expect(readCursor({ syncedThrough: 'garbage', backfill: 3 })).toEqual({});
  });
});
