import { boundedRow } from '../shared/rowTools';
import type { DailyRow } from '../types';
import { kjToKcal, unmappedKeys, unmappedWarning } from './common';
import { type Cycle, cycleDate, parseCycles } from './cycles';
import { parseRecoveries, type Recovery } from './recovery';

// WHOOP cycles + recoveries -> one wearable_daily row per cycle (joined on cycle_id).
// kilojoule is the cycle's whole energy expenditure: total_calories_kcal = kJ x 0.239006.
// hrv_rmssd_milli is RMSSD (the spec says so) -> hrv_rmssd_ms. spo2_percentage -> spo2_avg_pct.
//
// not mapped (kept in raw_data): cycle score.strain (0-21), score.average_heart_rate, created_at;
//   recovery score.skin_temp_celsius (an absolute skin temperature; skin_temp_deviation_c is a
//   deviation from a personal baseline, which WHOOP does not send), score.user_calibrating,
//   sleep_id, created_at.

const MAPPED_CYCLE = ['id', 'user_id', 'updated_at', 'start', 'end', 'timezone_offset', 'score_state', 'score.kilojoule', 'score.max_heart_rate'];
const MAPPED_RECOVERY = ['cycle_id', 'user_id', 'updated_at', 'score_state', 'score.recovery_score', 'score.resting_heart_rate', 'score.hrv_rmssd_milli', 'score.spo2_percentage'];

/** Cycle ids that recoveries refer to but the cycles answer lacks (fetch them by id before mapping). */
export function missingCycleIds(cyclesJson: unknown, recoveriesJson: unknown): number[] {
  const have = new Set(parseCycles(cyclesJson).map((c) => c.id));
  return [...new Set(parseRecoveries(recoveriesJson).map((r) => r.cycle_id))].filter((id) => !have.has(id));
}

const newest = (...stamps: (string | null | undefined)[]) =>
  stamps
    .filter((s): s is string => !!s)
    .map((s) => new Date(s).toISOString())
    .sort()
    .at(-1);

export function mapDaily(cyclesJson: unknown, recoveriesJson: unknown): { daily: DailyRow[]; warnings: string[] } {
  const cycles = parseCycles(cyclesJson);
  const recoveries = parseRecoveries(recoveriesJson);
  const warnings: string[] = [];
  // Two cycles on one local day (a time-zone jump): the later one is the day's, the other stays in raw_data.
  const byDate = new Map<string, Cycle[]>();
  for (const c of [...cycles].sort((a, b) => a.start.localeCompare(b.start))) byDate.set(cycleDate(c), [...(byDate.get(cycleDate(c)) ?? []), c]);
  const daily: DailyRow[] = [];
  for (const [date, ofDay] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
    const cycle = ofDay.at(-1)!;
    if (ofDay.length > 1) warnings.push(`whoop cycle ${date}: ${ofDay.length} cycles on one day; kept cycle ${cycle.id}, the others are in raw_data`);
    const recovery: Recovery | undefined = recoveries.find((r) => r.cycle_id === cycle.id);
    const where = `whoop cycle ${cycle.id} (${date})`;
    const values = boundedRow(
      'wearable_daily',
      where,
      {
        max_hr_bpm: cycle.score?.max_heart_rate,
        total_calories_kcal: kjToKcal(cycle.score?.kilojoule),
        recovery_score: recovery?.score?.recovery_score,
        resting_hr_bpm: recovery?.score?.resting_heart_rate,
        hrv_rmssd_ms: recovery?.score?.hrv_rmssd_milli,
        spo2_avg_pct: recovery?.score?.spo2_percentage,
      },
      warnings,
    );
    const raw: Record<string, unknown> = { cycle, recovery: recovery ?? null };
    if (ofDay.length > 1) raw.other_cycles = ofDay.slice(0, -1);
    daily.push({ date, source: 'whoop', ...values, raw_data: raw, source_updated_at: newest(cycle.updated_at, recovery?.updated_at) });
  }
  const used = new Set(daily.map((d) => ((d.raw_data as { cycle: Cycle }).cycle).id));
  for (const r of recoveries) if (!used.has(r.cycle_id)) warnings.push(`whoop recovery of cycle ${r.cycle_id}: its cycle was not fetched; skipped`);
  warnings.push(
    ...unmappedWarning('whoop cycle', cycles.flatMap((c) => unmappedKeys(c, MAPPED_CYCLE))),
    ...unmappedWarning('whoop recovery', recoveries.flatMap((r) => unmappedKeys(r, MAPPED_RECOVERY))),
  );
  return { daily, warnings };
}
