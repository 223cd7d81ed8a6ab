import { z } from 'zod';
import { byStart, type Nap, napColumns, napMinutes } from '../shared/naps';
import { boundedRow, epochSeconds, parseWith, secondsToMinutes } from '../shared/rowTools';
import type { SleepRow } from '../types';

// Withings Sleep v2 - Getsummary (POST /v2/sleep action=getsummary with data_fields): one series
// per sleep period; date is the night's local day. Durations in seconds, sleep_efficiency a
// ratio 0..1. Several periods on one date: the longest is the night, the others are naps
// (nap_minutes, nap_count and raw_data.naps, shared/naps.ts), always sent whole.
// modified -> source_updated_at.
// Not mapped (no column): hr_max, rr_min, rr_max, snoring, snoringepisodecount,
// breathing_disturbances_intensity, apnea_hypopnea_index, night_events, out_of_bed_count,
// durationtowakeup, wakeup_latency, waso, total_timeinbed, model, model_id, timezone, created.

const num = z.number().nullish();
export const WITHINGS_SLEEP_FIELDS = ['total_sleep_time', 'deepsleepduration', 'lightsleepduration', 'remsleepduration', 'wakeupduration', 'wakeupcount', 'durationtosleep', 'sleep_efficiency', 'sleep_score', 'hr_average', 'hr_min', 'rr_average'];

export const withingsSleepSchema = z.object({
  id: z.number().nullish(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  startdate: epochSeconds,
  enddate: epochSeconds,
  modified: epochSeconds.nullish(),
  data: z.object({
    total_sleep_time: num,
    deepsleepduration: num,
    lightsleepduration: num,
    remsleepduration: num,
    wakeupduration: num,
    wakeupcount: num,
    durationtosleep: num,
    sleep_efficiency: num,
    sleep_score: num,
    hr_average: num,
    hr_min: num,
    rr_average: num,
  }),
});
export const withingsSleepBodySchema = z.object({ series: z.array(withingsSleepSchema), more: z.union([z.boolean(), z.number()]).nullish(), offset: z.number().nullish() });
type WithingsSleep = z.output<typeof withingsSleepSchema>;

/** A non-main period of the date, as every adapter lists naps. */
function nap(s: WithingsSleep, raw: unknown): Nap {
  const start = new Date(s.startdate * 1000).toISOString();
  const end = new Date(s.enddate * 1000).toISOString();
  return { ...(raw as object), start, end, minutes: napMinutes(s.data.total_sleep_time, start, end) };
}

function row(s: WithingsSleep, raw: unknown, naps: Nap[], warnings: string[]): SleepRow {
  const d = s.data;
  const stages = [d.deepsleepduration, d.lightsleepduration, d.remsleepduration].filter((v): v is number => v != null);
  return boundedRow(
    'wearable_sleep',
    `withings sleep ${s.date}`,
    {
      sleep_date: s.date,
      source: 'withings' as const,
      sleep_start: new Date(s.startdate * 1000).toISOString(),
      sleep_end: new Date(s.enddate * 1000).toISOString(),
      total_sleep_minutes: secondsToMinutes(d.total_sleep_time ?? (stages.length ? stages.reduce((a, b) => a + b, 0) : undefined)),
      deep_minutes: secondsToMinutes(d.deepsleepduration),
      light_minutes: secondsToMinutes(d.lightsleepduration),
      rem_minutes: secondsToMinutes(d.remsleepduration),
      awake_minutes: secondsToMinutes(d.wakeupduration),
      interruptions: d.wakeupcount,
      sleep_latency_minutes: secondsToMinutes(d.durationtosleep),
      sleep_efficiency_pct: d.sleep_efficiency != null ? Math.round(d.sleep_efficiency * 1000) / 10 : undefined,
      sleep_score: d.sleep_score,
      avg_hr_bpm: d.hr_average,
      min_hr_bpm: d.hr_min,
      avg_respiratory_rate: d.rr_average,
      source_updated_at: s.modified != null ? new Date(s.modified * 1000).toISOString() : undefined,
      ...napColumns(naps),
      raw_data: { ...(raw as object), naps },
    },
    warnings,
  );
}

export function mapWithingsSleep(body: unknown, warnings: string[]): SleepRow[] {
  const parsed = parseWith(withingsSleepBodySchema, body, 'withings getsummary');
  const raws = (body as { series: unknown[] }).series;
  const byDate = new Map<string, number[]>();
  parsed.series.forEach((s, i) => byDate.set(s.date, [...(byDate.get(s.date) ?? []), i]));
  const length = (i: number) => parsed.series[i]!.enddate - parsed.series[i]!.startdate;
  return [...byDate.values()].map((indexes) => {
    const main = indexes.reduce((best, i) => (length(i) > length(best) ? i : best));
    const naps = indexes.filter((i) => i !== main).map((i) => nap(parsed.series[i]!, raws[i])).sort(byStart);
    return row(parsed.series[main]!, raws[main], naps, warnings);
  });
}
