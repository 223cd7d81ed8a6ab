import { z } from 'zod';
import { byStart, type Nap, napColumns, napMinutes } from '../shared/naps';
import { boundedRow, epochSeconds, parseWith, secondsToMinutes } from '../shared/rowTools';
import type { SleepRow } from '../types';

// Withings Sleep v2 - Getsummary (POST /v2/sleep action=getsummary with data_fields): one series
// per sleep period and device; date is the night's local day. Durations in seconds.
// Several periods on one date: the longest is the night; a period that overlaps it is the same
// night seen by another device (a watch and a Sleep Analyzer under the mattress) and is kept in
// raw_data.other_devices, not counted; the others are naps (nap_minutes, nap_count and
// raw_data.naps, shared/naps.ts), always sent whole.
// Asleep time: total_sleep_time; for a night Withings got from an external source (Apple Health,
// Google Fit...) light/deep/rem and total_sleep_time are null and asleepduration holds it; else
// the sum of the stages. Latency: sleep_latency, else the deprecated durationtosleep.
// sleep_efficiency is documented as a ratio (0.94); a value above 1 can only be a percentage and
// is read as one. modified -> source_updated_at.
// Not mapped (no column): hr_max, rr_min, rr_max, snoring, snoringepisodecount,
// breathing_disturbances_intensity, apnea_hypopnea_index, night_events, out_of_bed_count,
// durationtowakeup, wakeup_latency, waso, total_timeinbed, model, model_id, timezone, created.

const num = z.number().nullish();
export const WITHINGS_SLEEP_FIELDS = [
  'total_sleep_time',
  'asleepduration',
  'sleep_latency',
  'deepsleepduration',
  'lightsleepduration',
  'remsleepduration',
  'wakeupduration',
  'wakeupcount',
  'durationtosleep',
  'sleep_efficiency',
  'sleep_score',
  'hr_average',
  'hr_min',
  'rr_average',
];

export const withingsSleepSchema = z.object({
  id: z.number().nullish(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  startdate: epochSeconds,
  enddate: epochSeconds,
  modified: epochSeconds.nullish(),
  // Left out or null when Withings has no detail for the period: a period with times only.
  data: z
    .object({
      total_sleep_time: num,
      asleepduration: num,
      sleep_latency: num,
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
    })
    .nullish()
    .transform((d) => d ?? {}),
});
export const withingsSleepBodySchema = z.object({
  series: z.array(withingsSleepSchema),
  more: z.union([z.boolean(), z.number()]).nullish(),
  offset: z.number().nullish(),
});
type WithingsSleep = z.output<typeof withingsSleepSchema>;

/** Seconds asleep: total_sleep_time, asleepduration (a night from an external source), else the stages' sum. */
function asleepSeconds(s: WithingsSleep): number | undefined {
  const d = s.data;
  const stages = [d.deepsleepduration, d.lightsleepduration, d.remsleepduration].filter((v): v is number => v != null);
  return d.total_sleep_time ?? d.asleepduration ?? (stages.length ? stages.reduce((a, b) => a + b, 0) : undefined);
}

/** sleep_efficiency as a percentage: the documented ratio x 100, a value above 1 as sent. */
const efficiencyPct = (e: number | null | undefined) => (e == null ? undefined : e > 1 ? e : Math.round(e * 1000) / 10);

/** A non-main period of the date, as every adapter lists naps. */
function nap(s: WithingsSleep, raw: unknown): Nap {
  const start = new Date(s.startdate * 1000).toISOString();
  const end = new Date(s.enddate * 1000).toISOString();
  return {
    ...(raw as object),
    start,
    end,
    minutes: napMinutes(asleepSeconds(s), start, end),
  };
}

function row(s: WithingsSleep, raw: unknown, naps: Nap[], otherDevices: unknown[], warnings: string[]): SleepRow {
  const d = s.data;
  return boundedRow(
    'wearable_sleep',
    `withings sleep ${s.date}`,
    {
      sleep_date: s.date,
      source: 'withings' as const,
      sleep_start: new Date(s.startdate * 1000).toISOString(),
      sleep_end: new Date(s.enddate * 1000).toISOString(),
      total_sleep_minutes: secondsToMinutes(asleepSeconds(s)),
      deep_minutes: secondsToMinutes(d.deepsleepduration),
      light_minutes: secondsToMinutes(d.lightsleepduration),
      rem_minutes: secondsToMinutes(d.remsleepduration),
      awake_minutes: secondsToMinutes(d.wakeupduration),
      interruptions: d.wakeupcount,
      sleep_latency_minutes: secondsToMinutes(d.sleep_latency ?? d.durationtosleep),
      sleep_efficiency_pct: efficiencyPct(d.sleep_efficiency),
      sleep_score: d.sleep_score,
      avg_hr_bpm: d.hr_average,
      min_hr_bpm: d.hr_min,
      avg_respiratory_rate: d.rr_average,
      source_updated_at: s.modified != null ? new Date(s.modified * 1000).toISOString() : undefined,
      ...napColumns(naps),
      raw_data: {
        ...(raw as object),
        naps,
        ...(otherDevices.length && { other_devices: otherDevices }),
      },
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
    const night = parsed.series[main]!;
    const overlaps = (i: number) => parsed.series[i]!.startdate < night.enddate && night.startdate < parsed.series[i]!.enddate;
    const rest = indexes.filter((i) => i !== main);
    const naps = rest
      .filter((i) => !overlaps(i))
      .map((i) => nap(parsed.series[i]!, raws[i]))
      .sort(byStart);
    return row(
      night,
      raws[main],
      naps,
      rest.filter(overlaps).map((i) => raws[i]),
      warnings,
    );
  });
}
