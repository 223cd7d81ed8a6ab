// Shared data for the insights tests: a deterministic year of sleep and HRV with a planted effect
// (HRV follows the previous night's sleep), inserted as the superuser for one user. Days are
// counted back from the user's today in UTC (the test users' time zone).
import type { Pool } from 'pg';
import type { InsightsConfig } from '../../src/insights/refresh';
import { mulberry32 } from '../../seeds/random';

export const TEST_INSIGHTS_CONFIG: InsightsConfig = { INSIGHTS_MIN_PAIRED_DAYS: 30, INSIGHTS_FDR: 0.05, INSIGHTS_VALID_DAYS: 7 };

/**
 * `days` nights of sleep (oura) and days of HRV (oura) ending yesterday; HRV = 50 + slope x (the
 * previous night's minutes - 430) + noise. slope 0 plants nothing.
 */
export async function plantSleepAndHrv(pool: Pool, userId: string, opts: { days: number; slope: number; seed: number }): Promise<void> {
  const rnd = mulberry32(opts.seed);
  const rows: Array<{ ago: number; total: number; hrv: number }> = [];
  let previous = 430;
  for (let ago = opts.days; ago >= 1; ago--) {
    const total = Math.round(380 + rnd() * 100);
    rows.push({ ago, total, hrv: Math.round((50 + opts.slope * (previous - 430) + (rnd() - 0.5) * 30) * 100) / 100 });
    previous = total;
  }
  const json = JSON.stringify(rows);
  await pool.query(
    `insert into vitalis.wearable_sleep (user_id, sleep_date, source, total_sleep_minutes, sleep_score)
     select $1, (now() at time zone 'UTC')::date - r.ago, 'oura', r.total, 60 + (r.total - 380) / 4 from jsonb_to_recordset($2::jsonb) r(ago int, total int, hrv numeric)`,
    [userId, json],
  );
  await pool.query(
    `insert into vitalis.wearable_daily (user_id, date, source, hrv_rmssd_ms)
     select $1, (now() at time zone 'UTC')::date - r.ago, 'oura', r.hrv from jsonb_to_recordset($2::jsonb) r(ago int, total int, hrv numeric)`,
    [userId, json],
  );
}
