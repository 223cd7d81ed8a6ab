import { z } from 'zod';
import { boundedSeconds, epochSeconds } from '../shared/rowTools';

// Garmin's time-offset maps ({"<seconds after startTimeInSeconds>": value}) and the re-sent
// summaries every Health API summary type has: "a later summary with the same start time and type
// replaces the earlier one" (a day's stress details or pulse ox grow as the day is synced).

export const series = z.record(z.string(), z.number()).nullish();
export const num = z.number().nullish();
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

/** The fields every Health API summary carries (user, summary id, start, offset, duration). */
export const summaryFields = z.object({
  userId: z.string().nullish(),
  summaryId: z.string().nullish(),
  startTimeInSeconds: epochSeconds,
  startTimeOffsetInSeconds: boundedSeconds.nullish(),
  durationInSeconds: num,
});

/**
 * The values of a time-offset map in time order, without negatives: Garmin writes -1, -2... for
 * "no value" (off wrist, too much motion, not enough data) in its stress series, and no series of
 * these summaries has a meaningful negative.
 */
export function seriesValues(map: Record<string, number> | null | undefined): number[] {
  if (!map) return [];
  return Object.entries(map)
    .map(([offset, value]) => [Number(offset), value] as const)
    .filter(([offset, value]) => Number.isFinite(offset) && value >= 0)
    .sort((a, b) => a[0] - b[0])
    .map(([, value]) => value);
}

export const mean = (values: number[]): number | undefined => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined);
export const round1 = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v * 10) / 10);

/** Each summary with its JSON as sent (for raw_data), the later of two with the same start time kept. */
export function latestPerStart<T extends { startTimeInSeconds: number }>(items: T[], raws: unknown[]): { item: T; raw: unknown }[] {
  const byStart = new Map<number, { item: T; raw: unknown }>();
  items.forEach((item, i) => {
    byStart.delete(item.startTimeInSeconds);
    byStart.set(item.startTimeInSeconds, { item, raw: raws[i] });
  });
  return [...byStart.values()];
}

/** Groups entries by a key, keeping first-seen order. */
export function groupBy<T>(entries: T[], key: (e: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const e of entries) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  return groups;
}
