import type { ObservedOffset } from '../../time/localTime';
import { offsetMs, tzOffset } from './common';

// Every WHOOP cycle, sleep and workout carries the UTC offset in force on the user's phone then
// (timezone_offset, '+hh:mm' / '-hh:mm' / 'Z') with a UTC start and end: evidence of the zone the
// user was in, which the engine learns into vitalis.user_timezones (writeBatch), as Garmin's.

const MAX_OFFSET_MIN = 14 * 60;

/** The offsets a list of WHOOP records observed (each as its local start and duration). */
export function whoopObservedOffsets(records: unknown[]): ObservedOffset[] {
  const out: ObservedOffset[] = [];
  for (const r of records as Array<Record<string, unknown> | null>) {
    const start = typeof r?.start === 'string' ? Date.parse(r.start) : NaN;
    const offset = r?.timezone_offset;
    if (!Number.isFinite(start) || typeof offset !== 'string' || !tzOffset.safeParse(offset).success) continue;
    const minutes = offsetMs(offset) / 60_000;
    if (Math.abs(minutes) > MAX_OFFSET_MIN) continue;
    const end = typeof r?.end === 'string' ? Date.parse(r.end) : NaN;
    const local = new Date(start + minutes * 60_000).toISOString().slice(0, 19);
    out.push({ local, offset_minutes: minutes, ...(Number.isFinite(end) && end > start ? { duration_minutes: Math.round((end - start) / 60_000) } : {}) });
  }
  return out;
}
