import { z } from 'zod';
import { parseWith } from '../shared/rowTools';
import { collection, dateTime, localDate, num, scoreState, tzOffset } from './common';

// WHOOP physiological cycles (GET /v2/cycle). A cycle runs from one sleep onset to the next, so it
// straddles two calendar days. Its wearable_daily date is the local day twelve hours after it
// started: a cycle that starts at 23:00 or at 02:00 both belong to the day the user wakes up in,
// which is also the day of the sleep that opens it (WHOOP's app labels days the same way).

export const cycleRecord = z
  .object({
    id: z.number().int(),
    user_id: z.number().int().nullish(),
    created_at: dateTime.nullish(),
    updated_at: dateTime.nullish(),
    start: dateTime,
    end: dateTime.nullish(),
    timezone_offset: tzOffset,
    score_state: scoreState,
    score: z.object({ strain: num, kilojoule: num, average_heart_rate: num, max_heart_rate: num }).loose().nullish(),
  })
  .loose();
export type Cycle = z.infer<typeof cycleRecord>;

export const parseCycles = (json: unknown): Cycle[] => parseWith(collection(cycleRecord), json, 'whoop cycle').records;
export const parseCycle = (json: unknown): Cycle => parseWith(cycleRecord, json, 'whoop cycle');

const TWELVE_HOURS = 12 * 3_600_000;
export const cycleDate = (c: Cycle): string => localDate(Date.parse(c.start) + TWELVE_HOURS, c.timezone_offset);
