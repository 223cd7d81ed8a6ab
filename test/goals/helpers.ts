// Goals and data written the way clients and importers write them: as the signed-in user, each in
// its own committed transaction, so the evaluation triggers run exactly as in production.
import type { Pool, PoolClient } from 'pg';
import { asRequest } from '../helpers/db';

export interface GoalFields {
  metric_type: 'wearable' | 'measurement' | 'blood_marker' | 'custom';
  metric_name?: string;
  biomarker_id?: string;
  target_value?: number;
  target_unit?: string;
  direction?: 'minimize' | 'maximize' | 'target';
  alert_threshold_low?: number;
  alert_threshold_high?: number;
  alert_enabled?: boolean;
}

export interface AlertRow {
  alert_id: string;
  goal_id: string;
  side: 'low' | 'high' | null;
  trigger_value: string;
  message: string;
  observed_at: Date;
  cleared_at: Date | null;
  acknowledged_at: Date | null;
}

/** Runs fn as the signed-in user and commits. */
export function asUser<T>(pool: Pool, userId: string, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  return asRequest(pool, { userId }, fn, true);
}

export async function createGoal(pool: Pool, userId: string, fields: GoalFields): Promise<string> {
  const cols = Object.keys(fields);
  return asUser(pool, userId, async (c) => {
    const { rows } = await c.query(
      `insert into vitalis.goals (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning goal_id`,
      cols.map((k) => fields[k as keyof GoalFields]),
    );
    return rows[0].goal_id as string;
  });
}

/** One day of wearable_daily through the importers' batch upsert. */
export async function importDaily(pool: Pool, userId: string, row: Record<string, unknown>): Promise<void> {
  await asUser(pool, userId, (c) => c.query('select * from vitalis.upsert_wearable_daily($1)', [JSON.stringify([{ source: 'oura', ...row }])]));
}

export async function addMeasurement(pool: Pool, userId: string, metric: string, value: number, unit: string, measuredAt: string): Promise<void> {
  await asUser(pool, userId, (c) =>
    c.query('insert into vitalis.measurements (metric, value, unit, measured_at) values ($1, $2, $3, $4)', [metric, value, unit, measuredAt]),
  );
}

/** Every alert of the user (read as superuser), oldest first. */
export async function alertsOf(pool: Pool, userId: string): Promise<AlertRow[]> {
  const { rows } = await pool.query<AlertRow>(
    `select alert_id, goal_id, side, trigger_value::text, message, observed_at, cleared_at, acknowledged_at
       from vitalis.goal_alerts where user_id = $1 order by triggered_at, observed_at`,
    [userId],
  );
  return rows;
}

export async function setPreferences(pool: Pool, userId: string, prefs: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(prefs);
  await asUser(pool, userId, (c) =>
    c.query(`update vitalis.user_preferences set ${cols.map((k, i) => `${k} = $${i + 1}`).join(', ')} where user_id = $${cols.length + 1}`, [
      ...cols.map((k) => (typeof prefs[k] === 'object' ? JSON.stringify(prefs[k]) : prefs[k])),
      userId,
    ]),
  );
}

/** The UTC date `daysAgo` days before today, e.g. '2026-12-04' (alerts fire only for recent values). */
export function day(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** The start (UTC midnight) of that day: when a daily wearable value of a UTC user is observed. */
export function startOf(daysAgo: number): Date {
  return new Date(`${day(daysAgo)}T00:00:00Z`);
}
