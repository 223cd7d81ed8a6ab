// Daily series laid on one calendar grid: day i of the grid is `start + i` days, and each series
// becomes an array with NaN on the days it has no value (never zero-filled), so lags are index
// offsets and "paired days" are the indices where both arrays hold a number.
import type { DailySeries, Day } from './types';

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a YYYY-MM-DD calendar day. */
export function dayNumber(day: Day): number {
  const match = DAY_PATTERN.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== day) throw new Error(`day: must be a calendar day as YYYY-MM-DD (got "${day}")`);
  return ms / DAY_MS;
}

export interface DayGrid {
  /** dayNumber of index 0. */
  start: number;
  length: number;
  /** metric -> one value per grid day, NaN where absent. */
  columns: Map<string, Float64Array>;
}

export function toGrid(series: readonly DailySeries[]): DayGrid {
  let first = Infinity;
  let last = -Infinity;
  // Every series repeats the same days: parse each once.
  const parsed = new Map<Day, number>();
  const numbered = series.map((s) => {
    const entries: [number, number][] = [];
    for (const [day, value] of s.values) {
      if (!Number.isFinite(value)) continue;
      let n = parsed.get(day);
      if (n === undefined) parsed.set(day, (n = dayNumber(day)));
      entries.push([n, value]);
      if (n < first) first = n;
      if (n > last) last = n;
    }
    return { metric: s.metric, entries };
  });
  const length = last >= first ? last - first + 1 : 0;
  const columns = new Map<string, Float64Array>();
  for (const { metric, entries } of numbered) {
    const column = new Float64Array(length).fill(Number.NaN);
    for (const [n, value] of entries) column[n - first] = value;
    columns.set(metric, column);
  }
  return { start: length > 0 ? first : 0, length, columns };
}
