import { ranges } from '../../validation/bounds';
import type { Ledger } from './ledger';
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
const STRIDE = 6; // start ms, end ms, stage, start offset minutes, end offset minutes, creation ms
const SLEEP = 'HKCategoryTypeIdentifierSleepAnalysis';
/** A period this short, wholly between these local hours, is a nap even when it is a date's only sleep. */
const NAP_MAX_MS = 3 * 3600_000;
const DAY_FROM_MIN = 9 * 60, DAY_TO_MIN = 21 * 60;

export const sleepStage = (value: string | undefined): number | undefined => (value === undefined ? undefined : STAGES[value]);

interface Session {
  source: string;
  start: number;
  end: number;
  startOffset: number;
  endOffset: number;
  minutes: number[]; // per stage code
  segments: { t: number; stage: number }[];
  firstAsleep: number;
  updatedAt: number;
  /** Samples in the session, for the import's accounting. */
  samples: number;
}

const span = (s: Session) => (s.end - s.start) / 60_000;
const asleepMinutes = (s: Session) => s.minutes[ASLEEP]! + s.minutes[LIGHT]! + s.minutes[DEEP]! + s.minutes[REM]!;
const staged = (s: Session) => s.minutes[LIGHT]! + s.minutes[DEEP]! + s.minutes[REM]! > 0;
const localMinute = (ms: number, offset: number) => { const d = new Date(ms + offset * 60_000); return { date: d.toISOString().slice(0, 10), minute: d.getUTCHours() * 60 + d.getUTCMinutes() }; };

/** A short period inside one local day's daytime: a nap, never a date's night. */
function daytimeNap(s: Session): boolean {
  if (s.end - s.start >= NAP_MAX_MS) return false;
  const from = localMinute(s.start, s.startOffset), to = localMinute(s.end, s.endOffset);
  return from.date === to.date && from.minute >= DAY_FROM_MIN && to.minute <= DAY_TO_MIN;
}

function summary(s: Session): Record<string, unknown> {
  const m = s.minutes.map((x) => Math.round(x));
  return { source: s.source, sleep_start: iso(s.start), sleep_end: iso(s.end), asleep_minutes: Math.round(asleepMinutes(s)), in_bed_minutes: m[IN_BED], light_minutes: m[LIGHT], deep_minutes: m[DEEP], rem_minutes: m[REM], awake_minutes: m[AWAKE] };
}
const napSummary = (s: Session) => ({ start: iso(s.start), end: iso(s.end), minutes: Math.round(asleepMinutes(s)), ...summary(s) });

const OTHER_SOURCE = "another source's sleep was chosen for that date; kept in raw_data.other_sources";
const NO_SLEEP = 'in bed or awake only, outside the night: no sleep to count as a nap; kept in raw_data.in_bed_periods';
const NO_SLEEP_DAY = 'in bed or awake only on a date without a night: no sleep recorded';

/**
 * Sleep samples per source (a handful per night, so memory grows with nights x sources), grouped
 * into sessions (periods) at the end, each dated by its local waking date. One wearable_sleep row
 * per date, from one source, the way a dashboard shows it:
 * - Per source, the date's night is its longest period that is not a daytime nap (under 3 hours,
 *   wholly between 09:00 and 21:00 local time); among sources the one with stages (the Watch)
 *   wins, then the better-ranked device, then the longer night. The row's night columns describe
 *   that period alone.
 * - Naps are that same source's other periods with some sleep in them: nap_minutes is their
 *   asleep time (not time in bed), nap_count how many, details in raw_data.naps. Apple Health
 *   holds every period a device recorded, so no other period means 0 naps, not unknown.
 * - A date with naps but no night (say a nap after a night the Watch was not worn) gets a row with
 *   only the nap columns and the night columns NULL: a nap shown as last night's sleep would be
 *   wrong on the dashboard and drag every sleep average down. The source is chosen the same way.
 * - Other sources' periods go to raw_data.other_sources; the chosen source's periods with no sleep
 *   in them (in bed only) to raw_data.in_bed_periods.
 */
export class SleepAggregator {
  private readonly samples = new Map<string, number[]>();

  add(sourceName: string, stage: number, start: number, end: number, startOffset: number, endOffset: number, createdAt: number | undefined): void {
    let list = this.samples.get(sourceName);
    if (!list) this.samples.set(detach(sourceName), (list = []));
    list.push(start, end, stage, startOffset, endOffset, createdAt ?? 0);
  }

  private sessions(source: string, flat: number[]): Session[] {
    const order = Array.from({ length: flat.length / STRIDE }, (_, i) => i * STRIDE).sort((a, b) => flat[a]! - flat[b]! || flat[a + 1]! - flat[b + 1]!);
    const out: Session[] = [];
    let cur: Session | undefined;
    for (const i of order) {
      const [start, end, stage, startOffset, endOffset, created] = [flat[i]!, flat[i + 1]!, flat[i + 2]!, flat[i + 3]!, flat[i + 4]!, flat[i + 5]!];
      if (!cur || start > cur.end + SESSION_GAP_MS) {
        cur = { source, start, end, startOffset, endOffset, minutes: [0, 0, 0, 0, 0, 0], segments: [], firstAsleep: Infinity, updatedAt: 0, samples: 0 };
        out.push(cur);
      }
      if (end >= cur.end) {
        cur.end = end;
        cur.endOffset = endOffset;
      }
      cur.samples++;
      cur.minutes[stage] = cur.minutes[stage]! + (end - start) / 60_000;
      if (HYPNOGRAM[stage]) cur.segments.push({ t: start, stage });
      if (stage !== IN_BED && stage !== AWAKE) cur.firstAsleep = Math.min(cur.firstAsleep, start);
      cur.updatedAt = Math.max(cur.updatedAt, created);
    }
    return out;
  }

  rows(sources: SourceRanks, tally: Tally, ledger?: Ledger): Record<string, unknown>[] {
    const byDate = new Map<string, Session[]>();
    for (const [source, flat] of this.samples) {
      for (const s of this.sessions(source, flat)) {
        const date = localDateAt(s.end, s.endOffset);
        byDate.set(date, [...(byDate.get(date) ?? []), s]);
      }
    }
    const used = (n: number) => ledger?.used('Record', SLEEP, n);
    const skip = (reason: string, n: number) => ledger?.skip('Record', SLEEP, reason, n);
    const out: Record<string, unknown>[] = [];
    for (const [date, sessions] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const nights = new Map<string, Session>();
      for (const s of [...sessions].filter((x) => !daytimeNap(x)).sort((a, b) => span(b) - span(a) || a.start - b.start)) if (!nights.has(s.source)) nights.set(s.source, s);
      const best = (a: Session, b: Session) => Number(staged(b)) - Number(staged(a)) || sources.compare(a.source, b.source);
      const main = [...nights.values()].sort((a, b) => best(a, b) || span(b) - span(a))[0];
      const napsOf = (source: string) => sessions.filter((s) => s.source === source && s !== nights.get(source) && asleepMinutes(s) > 0).sort((a, b) => a.start - b.start);
      // No night that date: the source whose naps would be shown, chosen like a night's.
      const chosen = main?.source ?? sessions.filter((s) => asleepMinutes(s) > 0).sort((a, b) => best(a, b) || asleepMinutes(b) - asleepMinutes(a))[0]?.source;
      if (chosen === undefined) {
        skip(NO_SLEEP_DAY, sessions.reduce((n, s) => n + s.samples, 0));
        continue;
      }
      const naps = napsOf(chosen);
      const inBedOnly = sessions.filter((s) => s.source === chosen && s !== main && !naps.includes(s));
      const others = sessions.filter((s) => s.source !== chosen).sort((a, b) => sources.compare(a.source, b.source) || a.start - b.start);
      used((main?.samples ?? 0) + naps.reduce((n, s) => n + s.samples, 0));
      skip(NO_SLEEP, inBedOnly.reduce((n, s) => n + s.samples, 0));
      skip(OTHER_SOURCE, others.reduce((n, s) => n + s.samples, 0));
      ledger?.rows('Record', SLEEP, 'wearable_sleep');
      out.push(this.row(date, chosen, main, naps, inBedOnly, others.map((s) => ({ ...summary(s), kind: s === nights.get(s.source) ? 'night' : 'nap' })), tally));
    }
    return out;
  }

  private row(date: string, source: string, s: Session | undefined, naps: Session[], inBedOnly: Session[], others: Record<string, unknown>[], tally: Tally): Record<string, unknown> {
    const r = ranges.wearable_sleep;
    const b = (column: keyof typeof r, v: number | undefined) => tally.bounded('wearable_sleep', column, v, r[column], date);
    const napMinutes = naps.reduce((n, x) => n + asleepMinutes(x), 0);
    const updatedAt = Math.max(s?.updatedAt ?? 0, ...naps.map((x) => x.updatedAt));
    const row: Record<string, unknown> = {
      sleep_date: date,
      source: 'apple_health',
      ...(s ? this.night(s, b) : {}),
      nap_minutes: b('nap_minutes', napMinutes),
      nap_count: b('nap_count', naps.length),
      source_updated_at: updatedAt > 0 ? iso(updatedAt) : undefined,
      raw_data: {
        device: source,
        ...(s ? summary(s) : {}),
        naps: naps.map(napSummary),
        // Always present, so a re-import's merge (raw_data keys replace) drops periods no longer there.
        in_bed_periods: inBedOnly.map(summary),
        other_sources: others,
      },
    };
    for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
    return row;
  }

  /** The night columns, from the main period alone. */
  private night(s: Session, b: (column: keyof typeof ranges.wearable_sleep, v: number | undefined) => number | undefined): Record<string, unknown> {
    const asleep = asleepMinutes(s);
    const isStaged = staged(s);
    // Without InBed samples the session's span stands for time in bed (the Watch marks awake time).
    const inBed = s.minutes[IN_BED]! > 0 ? s.minutes[IN_BED]! : span(s);
    return {
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
    };
  }
}
