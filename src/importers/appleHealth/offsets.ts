import type { ObservedOffset } from '../../time/localTime';
import type { AppleTime } from './time';

// Apple Health writes every date with the UTC offset in force on the phone then: the import hands
// those offsets to the user's zone history (vitalis_private.learn_timezone_offsets via
// AppleHealthWriter.learnTimezones), which records where they differ from the zone the user set.
// One observation per UTC hour is kept (the first seen), so memory grows with the hours an export
// spans, not its records.

const HOUR_MS = 3_600_000;

export class ObservedOffsets {
  private readonly byHour = new Map<number, { ms: number; offsetMin: number }>();
  /** The hour last observed (already kept): records come in time order, many in the same hour. */
  private lastHour = NaN;

  observe(t: AppleTime): void {
    const hour = Math.floor(t.ms / HOUR_MS);
    if (hour === this.lastHour) return;
    this.lastHour = hour;
    if (!this.byHour.has(hour)) this.byHour.set(hour, { ms: t.ms, offsetMin: t.offsetMin });
  }

  get size(): number {
    return this.byHour.size;
  }

  /** In time order, as (local time, offset) pairs. */
  list(): ObservedOffset[] {
    return [...this.byHour.values()]
      .sort((a, b) => a.ms - b.ms)
      .map((o) => ({ local: new Date(o.ms + o.offsetMin * 60_000).toISOString().slice(0, 19), offset_minutes: o.offsetMin }));
  }
}
