import type { ObservedOffset } from '../../time/localTime';
import { epochSeconds } from '../shared/rowTools';

// Garmin summaries give each period as a UTC start (startTimeInSeconds), the UTC offset in force
// on the device then (startTimeOffsetInSeconds) and a length (durationInSeconds): evidence of the
// zone the user was in, which the engine learns into vitalis.user_timezones (writeBatch).
// Summaries without all three (body compositions: measurementTimeOffsetInSeconds, a moment, not
// a period) are not used.

const MAX_OFFSET_S = 14 * 3600;

/** The offsets a list of Garmin summaries observed (each with its local start and duration). */
export function garminObservedOffsets(json: unknown): ObservedOffset[] {
  if (!Array.isArray(json)) return [];
  const out: ObservedOffset[] = [];
  for (const s of json as Record<string, unknown>[]) {
    const start = s?.startTimeInSeconds;
    const offset = s?.startTimeOffsetInSeconds;
    const duration = s?.durationInSeconds;
    if (typeof start !== 'number' || typeof offset !== 'number' || !Number.isFinite(start) || !Number.isFinite(offset)) continue;
    if (Math.abs(offset) > MAX_OFFSET_S || offset % 60 !== 0) continue;
    if (!epochSeconds.safeParse(start + offset).success) continue;
    const local = new Date((start + offset) * 1000).toISOString().slice(0, 19);
    out.push({ local, offset_minutes: offset / 60, ...(typeof duration === 'number' && duration > 0 ? { duration_minutes: Math.round(duration / 60) } : {}) });
  }
  return out;
}
