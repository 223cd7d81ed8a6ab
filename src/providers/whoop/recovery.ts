import { z } from 'zod';
import { parseWith } from '../shared/rowTools';
import { collection, dateTime, num, scoreState } from './common';

// WHOOP recoveries (GET /v2/recovery): one per cycle, computed from the sleep that opens it. A
// recovery has no time of its own, so it takes its cycle's date (see cycles.ts).

export const recoveryRecord = z
  .object({
    cycle_id: z.number().int(),
    sleep_id: z.string().nullish(),
    user_id: z.number().int().nullish(),
    created_at: dateTime.nullish(),
    updated_at: dateTime.nullish(),
    score_state: scoreState,
    score: z
      .object({
        user_calibrating: z.boolean().nullish(),
        recovery_score: num,
        resting_heart_rate: num,
        hrv_rmssd_milli: num,
        spo2_percentage: num,
        skin_temp_celsius: num,
      })
      .loose()
      .nullish(),
  })
  .loose();
export type Recovery = z.infer<typeof recoveryRecord>;

export const parseRecoveries = (json: unknown): Recovery[] => parseWith(collection(recoveryRecord), json, 'whoop recovery').records;
