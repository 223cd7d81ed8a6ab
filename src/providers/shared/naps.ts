// The day's sleep periods other than the night (naps, a second sleep), as every provider adapter
// writes them to wearable_sleep (docs/schema-notes.md "Sleep and naps"): nap_minutes and
// nap_count for the day, each period in raw_data.naps as { start, end, minutes, ...provider fields }.
// An adapter always sends the day's WHOLE set (0 and [] when there is none): the upsert replaces
// non-null columns and raw_data keys, so a re-sync is a no-op and a nap deleted at the provider
// disappears here too.

export interface Nap extends Record<string, unknown> {
  /** UTC ISO start and end of the period. */
  start: string;
  end: string;
  /** Minutes asleep when the provider scores them, else the period's length. */
  minutes: number;
}

/** A period's minutes: asleep when given, else end - start; rounded. */
export function napMinutes(asleepSeconds: number | null | undefined, start: string, end: string): number {
  const seconds = typeof asleepSeconds === 'number' ? asleepSeconds : (Date.parse(end) - Date.parse(start)) / 1000;
  return Math.max(0, Math.round(seconds / 60));
}

/** nap_minutes and nap_count of a day whose other periods are `naps` (oldest first). */
export function napColumns(naps: Nap[]): { nap_minutes: number; nap_count: number } {
  return { nap_minutes: naps.reduce((sum, n) => sum + n.minutes, 0), nap_count: naps.length };
}

/** Orders naps by start. */
export const byStart = (a: Nap, b: Nap): number => a.start.localeCompare(b.start);
