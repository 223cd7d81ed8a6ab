import { ranges } from '../../validation/bounds';
import type { SourceRanks } from './sources';
import { detach } from './strings';
import type { Tally } from './tally';
import { iso, localDateAt } from './time';

// Stage codes kept in a flat number array per source: 5 numbers per sample.
const IN_BED = 0, ASLEEP = 1, LIGHT = 2, DEEP = 3, REM = 4, AWAKE = 5;
const STAGES: Record<string, number> = {
  HKCategoryValueSleepAnalysisInBed: IN_BED,
  HKCategoryValueSleepAnalysisAsleep: ASLEEP,
  HKCategoryValueSleepAnalysisAsleepUnspecified: ASLEEP,
  HKCategoryValueSleepAnalysisAsleepCore: LIGHT,
  HKCategoryValueSleepAnalysisAsleepDeep: DEEP,
  HKCategoryValueSleepAnalysisAsleepREM: REM,
  HKCategoryValueSleepAnalysisAwake: AWAKE,
};
const HYPNOGRAM: Record<number, string> = { [LIGHT]: 'light', [DEEP]: 'deep', [REM]: 'rem', [AWAKE]: 'awake' };

/** Samples less than this apart belong to the same sleep session. */
const SESSION_GAP_MS = 2 * 3600_000;
const STRIDE = 5; // start ms, end ms, stage, end offset minutes, creation ms

export const sleepStage = (value: string | undefined): number | undefined => (value === undefined ? undefined : STAGES[value]);

interface Session {
  source: string;
  start: number;
  end: number;
  endOffset: number;
  minutes: number[]; // per stage code
  segments: { t: number; stage: number }[];
  firstAsleep: number;
  updatedAt: number;
}

const span = (s: Session) => (s.end - s.start) / 60_000;
const asleepMinutes = (s: Session) => s.minutes[ASLEEP]! + s.minutes[LIGHT]! + s.minutes[DEEP]! + s.minutes[REM]!;
const staged = (s: Session) => s.minutes[LIGHT]! + s.minutes[DEEP]! + s.minutes[REM]! > 0;

function summary(s: Session): Record<string, unknown> {
  const m = s.minutes.map((x) => Math.round(x));
  return { source: s.source, sleep_start: iso(s.start), sleep_end: iso(s.end), asleep_minutes: Math.round(asleepMinutes(s)), in_bed_minutes: m[IN_BED], light_minutes: m[LIGHT], deep_minutes: m[DEEP], rem_minutes: m[REM], awake_minutes: m[AWAKE] };
}

/**
 * Sleep samples per source (a handful per night, so memory grows with nights x sources), grouped
 * into sessions at the end. One wearable_sleep row per local waking date: per source its longest
 * session is that source's night (shorter ones are naps, kept in raw_data.naps); among sources
 * the one with stages (the Watch) wins, then the better-ranked device, then the longer session;
 * the other sources' nights go to raw_data.other_sources. A daytime nap with no night that date
 * becomes the row itself.
 */
export class SleepAggregator {
  private readonly samples = new Map<string, number[]>();

  add(sourceName: string, stage: number, start: number, end: number, endOffset: number, createdAt: number | undefined): void {
    let list = this.samples.get(sourceName);
    if (!list) this.samples.set(detach(sourceName), (list = []));
    list.push(start, end, stage, endOffset, createdAt ?? 0);
  }

  private sessions(source: string, flat: number[]): Session[] {
    const order = Array.from({ length: flat.length / STRIDE }, (_, i) => i * STRIDE).sort((a, b) => flat[a]! - flat[b]! || flat[a + 1]! - flat[b + 1]!);
    const out: Session[] = [];
    let cur: Session | undefined;
    for (const i of order) {
      const [start, end, stage, offset, created] = [flat[i]!, flat[i + 1]!, flat[i + 2]!, flat[i + 3]!, flat[i + 4]!];
      if (!cur || start > cur.end + SESSION_GAP_MS) {
        cur = { source, start, end, endOffset: offset, minutes: [0, 0, 0, 0, 0, 0], segments: [], firstAsleep: Infinity, updatedAt: 0 };
        out.push(cur);
      }
      if (end >= cur.end) {
        cur.end = end;
        cur.endOffset = offset;
      }
      cur.minutes[stage] = cur.minutes[stage]! + (end - start) / 60_000;
      if (HYPNOGRAM[stage]) cur.segments.push({ t: start, stage });
      if (stage !== IN_BED && stage !== AWAKE) cur.firstAsleep = Math.min(cur.firstAsleep, start);
      cur.updatedAt = Math.max(cur.updatedAt, created);
    }
    return out;
  }

  rows(sources: SourceRanks, tally: Tally): Record<string, unknown>[] {
    const byDate = new Map<string, Session[]>();
    for (const [source, flat] of this.samples) {
      for (const s of this.sessions(source, flat)) {
        const date = localDateAt(s.end, s.endOffset);
        byDate.set(date, [...(byDate.get(date) ?? []), s]);
      }
    }
    const out: Record<string, unknown>[] = [];
    for (const [date, sessions] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const nights = new Map<string, Session>();
      const naps: Session[] = [];
      for (const s of [...sessions].sort((a, b) => span(b) - span(a) || a.start - b.start)) {
        if (nights.has(s.source)) naps.push(s);
        else nights.set(s.source, s);
      }
      const [main, ...others] = [...nights.values()].sort((a, b) => Number(staged(b)) - Number(staged(a)) || sources.compare(a.source, b.source) || span(b) - span(a));
      out.push(this.row(date, main!, others, naps, tally));
    }
    return out;
  }

  private row(date: string, s: Session, others: Session[], naps: Session[], tally: Tally): Record<string, unknown> {
    const r = ranges.wearable_sleep;
    const b = (column: keyof typeof r, v: number | undefined) => tally.bounded('wearable_sleep', column, v, r[column], date);
    const asleep = asleepMinutes(s);
    const isStaged = staged(s);
    // Without InBed samples the session's span stands for time in bed (the Watch marks awake time).
    const inBed = s.minutes[IN_BED]! > 0 ? s.minutes[IN_BED]! : span(s);
    const row: Record<string, unknown> = {
      sleep_date: date,
      source: 'apple_health',
      sleep_start: iso(s.start),
      sleep_end: iso(s.end),
      total_sleep_minutes: asleep > 0 ? b('total_sleep_minutes', asleep) : undefined,
      deep_minutes: isStaged ? b('deep_minutes', s.minutes[DEEP]) : undefined,
      rem_minutes: isStaged ? b('rem_minutes', s.minutes[REM]) : undefined,
      light_minutes: isStaged ? b('light_minutes', s.minutes[LIGHT]) : undefined,
      awake_minutes: isStaged || s.minutes[AWAKE]! > 0 ? b('awake_minutes', s.minutes[AWAKE]) : undefined,
      sleep_efficiency_pct: asleep > 0 && inBed > 0 ? b('sleep_efficiency_pct', Math.round(Math.min(100, (asleep / inBed) * 100) * 10) / 10) : undefined,
      // Latency needs a bedtime: only sessions with InBed samples have one.
      sleep_latency_minutes: s.minutes[IN_BED]! > 0 && Number.isFinite(s.firstAsleep) ? b('sleep_latency_minutes', Math.max(0, (s.firstAsleep - s.start) / 60_000)) : undefined,
      interruptions: isStaged ? b('interruptions', s.segments.filter((x) => x.stage === AWAKE).length) : undefined,
      hypnogram: s.segments.length ? s.segments.sort((x, y) => x.t - y.t).map((x) => ({ t: iso(x.t), stage: HYPNOGRAM[x.stage] })) : undefined,
      source_updated_at: s.updatedAt > 0 ? iso(s.updatedAt) : undefined,
      raw_data: { device: s.source, ...summary(s), naps: naps.map(summary), other_sources: others.map(summary) },
    };
    for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
    return row;
  }
}
