import { z } from 'zod';
import type { SleepRow } from '../types';
import { byStart, napColumns, napMinutes, type Nap } from '../shared/naps';
import { boundedRow, boundedSeconds, parseWith, secondsToMinutes, epochSeconds } from '../shared/rowTools';

// Garmin Health API sleep summaries (GET /sleeps, backfill and push "sleeps"). calendarDate is the
// day the sleep ended (Garmin's own night key); durationInSeconds spans the whole sleep window,
// awake time included. Several summaries for one date: the longest spans the night; one that
// overlaps it is another upload of the same night (raw_data.other_uploads); one that does not is a
// separate sleep period of that day, a nap. Of the night's uploads the row is the most settled one
// by `validation` (Garmin sends a TENTATIVE summary first and its FINAL later, which may be
// shorter): ENHANCED_FINAL, ENHANCED_TENTATIVE, AUTO_FINAL, AUTO_TENTATIVE, then the rest (MANUAL,
// DEVICE, AUTO_MANUAL, none), OFF_WRIST last; between equals the later one sent (a re-sent summary
// replaces the earlier).
// Naps (src/providers/shared/naps.ts): Garmin lists the day's naps in the night's summary (`naps`:
// napStartTimeInSeconds, napDurationInSeconds, napOffsetInSeconds, napValidation MANUAL | DEVICE;
// totalNapDurationInSeconds), and an updated summary replaces the earlier one whole, so the newest
// summary carries the day's complete list. nap_minutes / nap_count count those and the separate
// periods; a summary with neither list nor total says nothing about naps (NULL, the stored values
// stay). A nap uploaded ALONE as its own summary, in a later push than its night, would be taken
// for the night of that date: Garmin's documented model has no such summary.
// Not mapped (no column): unmeasurableSleepDurationInSeconds, validation (only chooses the upload), sleepScores (the
// per-component qualifiers), timeOffsetSleepSpo2 and timeOffsetSleepRespiration as series (their
// means fill avg_spo2_pct and avg_respiratory_rate). avg_hrv_ms comes from the night's HRV summary
// (hrv.ts), merged into this row per calendarDate.

const num = z.number().nullish();
const span = z.object({ startTimeInSeconds: epochSeconds, endTimeInSeconds: epochSeconds });
export const garminSleepSchema = z.object({
  userId: z.string().nullish(),
  summaryId: z.string().nullish(),
  calendarDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  startTimeInSeconds: epochSeconds,
  startTimeOffsetInSeconds: boundedSeconds.nullish(),
  durationInSeconds: boundedSeconds.nullish(),
  deepSleepDurationInSeconds: num,
  lightSleepDurationInSeconds: num,
  remSleepInSeconds: num,
  awakeDurationInSeconds: num,
  sleepLevelsMap: z.record(z.string(), z.array(span).nullish()).nullish(),
  overallSleepScore: z.object({ value: num }).nullish(),
  timeOffsetSleepSpo2: z.record(z.string(), z.number()).nullish(),
  timeOffsetSleepRespiration: z.record(z.string(), z.number()).nullish(),
  totalNapDurationInSeconds: num,
  validation: z.string().nullish(),
  naps: z.array(z.object({ napStartTimeInSeconds: epochSeconds, napDurationInSeconds: boundedSeconds }).loose()).nullish(),
});
type GarminSleep = z.output<typeof garminSleepSchema>;

const STAGES: Record<string, string> = { deep: 'deep', light: 'light', rem: 'rem', awake: 'awake' };

function hypnogram(levels: GarminSleep['sleepLevelsMap']): { t: string; stage: string }[] | undefined {
  if (!levels) return undefined;
  const points = Object.entries(levels).flatMap(([level, spans]) => (STAGES[level] && spans ? spans.map((s) => ({ at: s.startTimeInSeconds, stage: STAGES[level]! })) : []));
  return points.length ? points.sort((a, b) => a.at - b.at).map((p) => ({ t: new Date(p.at * 1000).toISOString(), stage: p.stage })) : undefined;
}

const mean = (series: Record<string, number> | null | undefined): number | undefined => {
  const values = series ? Object.values(series) : [];
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : undefined;
};

function asleepSeconds(s: GarminSleep): number | undefined {
  const stages = [s.deepSleepDurationInSeconds, s.lightSleepDurationInSeconds, s.remSleepInSeconds].filter((v): v is number => v != null);
  return stages.length ? stages.reduce((a, b) => a + b, 0) : s.durationInSeconds != null ? s.durationInSeconds - (s.awakeDurationInSeconds ?? 0) : undefined;
}
const periodOf = (s: GarminSleep) => ({ start: s.startTimeInSeconds, end: s.startTimeInSeconds + (s.durationInSeconds ?? 0) });
const isoSeconds = (t: number) => new Date(t * 1000).toISOString();

/** The day's naps: Garmin's list in the night's summary, plus summaries of separate periods (not listed already). */
function dayNaps(night: GarminSleep, separate: { s: GarminSleep; raw: unknown }[]): { naps: Nap[]; columns: { nap_minutes?: number; nap_count?: number } } {
  const listed: Nap[] = (night.naps ?? []).map((n) => {
    const start = isoSeconds(n.napStartTimeInSeconds);
    const end = isoSeconds(n.napStartTimeInSeconds + n.napDurationInSeconds);
    return { ...n, start, end, minutes: napMinutes(n.napDurationInSeconds, start, end) };
  });
  const listedStarts = new Set((night.naps ?? []).map((n) => n.napStartTimeInSeconds));
  const others: Nap[] = separate
    .filter(({ s }) => !listedStarts.has(s.startTimeInSeconds))
    .map(({ s, raw }) => {
      const { start, end } = periodOf(s);
      return { ...(raw as object), start: isoSeconds(start), end: isoSeconds(end), minutes: napMinutes(asleepSeconds(s), isoSeconds(start), isoSeconds(end)) };
    });
  const naps = [...listed, ...others].sort(byStart);
  if (night.naps) return { naps, columns: napColumns(naps) };
  // Only the total (no list): the minutes are known, the count only when there is none.
  if (night.totalNapDurationInSeconds != null) {
    const total = Math.round(night.totalNapDurationInSeconds / 60) + napColumns(others).nap_minutes;
    return { naps, columns: { nap_minutes: total, nap_count: total === 0 ? 0 : undefined } };
  }
  return { naps, columns: others.length ? napColumns(others) : {} };
}

function row(s: GarminSleep, raw: unknown, separate: { s: GarminSleep; raw: unknown }[], otherUploads: unknown[], warnings: string[]): SleepRow {
  const asleep = asleepSeconds(s);
  const { naps, columns } = dayNaps(s, separate);
  const napInfo = columns.nap_minutes !== undefined;
  return boundedRow(
    'wearable_sleep',
    `garmin sleeps ${s.calendarDate}`,
    {
      sleep_date: s.calendarDate,
      source: 'garmin' as const,
      sleep_start: new Date(s.startTimeInSeconds * 1000).toISOString(),
      sleep_end: s.durationInSeconds ? new Date((s.startTimeInSeconds + s.durationInSeconds) * 1000).toISOString() : undefined,
      total_sleep_minutes: secondsToMinutes(asleep),
      deep_minutes: secondsToMinutes(s.deepSleepDurationInSeconds),
      light_minutes: secondsToMinutes(s.lightSleepDurationInSeconds),
      rem_minutes: secondsToMinutes(s.remSleepInSeconds),
      awake_minutes: secondsToMinutes(s.awakeDurationInSeconds),
      sleep_score: s.overallSleepScore?.value,
      avg_spo2_pct: mean(s.timeOffsetSleepSpo2),
      avg_respiratory_rate: mean(s.timeOffsetSleepRespiration),
      hypnogram: hypnogram(s.sleepLevelsMap),
      ...columns,
      raw_data: { ...(raw as object), ...(napInfo && { naps }), ...(otherUploads.length && { other_uploads: otherUploads }) },
    },
    warnings,
  );
}

const VALIDATION_RANK: Record<string, number> = { ENHANCED_FINAL: 6, ENHANCED_TENTATIVE: 5, AUTO_FINAL: 4, AUTO_TENTATIVE: 3, OFF_WRIST: 1 };
const rank = (s: GarminSleep) => VALIDATION_RANK[s.validation ?? ''] ?? 2;

/** Maps a JSON array of Garmin sleep summaries to wearable_sleep rows, one per calendarDate. */
export function mapGarminSleeps(json: unknown, warnings: string[]): SleepRow[] {
  const items = parseWith(z.array(garminSleepSchema), json, 'garmin sleeps');
  const raws = json as unknown[];
  const byDate = new Map<string, number[]>();
  items.forEach((s, i) => byDate.set(s.calendarDate, [...(byDate.get(s.calendarDate) ?? []), i]));
  return [...byDate.values()].map((indexes) => {
    const longest = indexes.reduce((best, i) => ((items[i]!.durationInSeconds ?? 0) > (items[best]!.durationInSeconds ?? 0) ? i : best));
    const night = periodOf(items[longest]!);
    const overlaps = (i: number) => i === longest || (periodOf(items[i]!).start < night.end && night.start < periodOf(items[i]!).end);
    // Later in the answer wins between equals: reduce keeps the later on a tie of rank.
    const main = indexes.filter(overlaps).reduce((best, i) => (rank(items[i]!) >= rank(items[best]!) ? i : best));
    const separate = indexes.filter((i) => !overlaps(i)).map((i) => ({ s: items[i]!, raw: raws[i] }));
    return row(items[main]!, raws[main], separate, indexes.filter((i) => i !== main && overlaps(i)).map((i) => raws[i]), warnings);
  });
}
