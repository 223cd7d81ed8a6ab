// Sleep: one row per source and night, the night's total shared by every device and staged and
// scored by each its own way, with a hypnogram for the devices that export one.

import { clamp, Random, round } from '../random';
import type { DayState } from './bodyState';
import type { Json, Row } from './rows';
import { DAY_MS, MINUTE_MS, dayToIso, isWeekend, presence, timestamp } from './time';
import type { BenchUser } from './users';

function hypnogram(rng: Random, startMs: number, latency: number, deep: number, rem: number, light: number, awake: number): Json[] {
  const entries: Json[] = [];
  let at = startMs;
  const push = (stage: string, minutes: number) => {
    if (minutes <= 0) return;
    entries.push({ t: timestamp(at), stage });
    at += Math.round(minutes) * MINUTE_MS;
  };
  push('awake', latency);
  const asleep = deep + rem + light;
  const cycles = clamp(Math.round(asleep / 90), 3, 6);
  const deepWeights = [0.38, 0.28, 0.18, 0.1, 0.04, 0.02].slice(0, cycles);
  const remWeights = [0.08, 0.14, 0.2, 0.24, 0.2, 0.14].slice(0, cycles);
  const dw = deepWeights.reduce((a, b) => a + b, 0);
  const rw = remWeights.reduce((a, b) => a + b, 0);
  const wakeAfter = new Set<number>();
  for (let i = 0; i < Math.min(cycles - 1, Math.round(awake / 10)); i++) wakeAfter.add(rng.int(0, cycles - 2));
  const wakeMinutes = wakeAfter.size > 0 ? awake / wakeAfter.size : 0;
  for (let c = 0; c < cycles; c++) {
    const lightPart = light / cycles;
    push('light', lightPart * 0.6);
    push('deep', (deep * (deepWeights[c] as number)) / dw);
    push('light', lightPart * 0.4);
    push('rem', (rem * (remWeights[c] as number)) / rw);
    if (wakeAfter.has(c)) push('awake', wakeMinutes);
  }
  return entries;
}

/** Draws from `rng` after the daily rows, in the order the single generator did. */
export function sleepRows(rng: Random, user: BenchUser, states: readonly DayState[], startDay: number, days: number): Row[] {
  const t = user.traits;
  const sleep: Row[] = [];
  for (const source of user.sleepSources) {
    const here = presence(rng, days, source === 'whoop' ? 0.02 : 0.04, 0.004);
    for (let i = 0; i < days; i++) {
      if (!here[i]) continue;
      const day = startDay + i;
      const s = states[i] as DayState;
      const weekendNight = isWeekend(day);
      // Total sleep 6-9 h, shared by every device that night; each device scores it its own way.
      const total = clamp(rng.normal(t.sleepHours * 60 + (weekendNight ? 25 : 0) + (s.illness ? 20 : 0), 30), 360, 540);
      const latency = Math.round(clamp(rng.gamma(2, 6), 1, 60));
      const awake = Math.round(clamp(rng.gamma(3, 11) * (source === 'whoop' ? 1.15 : 1), 3, 150));
      const deepShare = clamp(rng.normal(0.19 - (t.age - 40) * 0.0015, 0.03), 0.06, 0.3);
      const remShare = clamp(rng.normal(0.22, 0.03), 0.12, 0.32);
      const deep = Math.round(total * deepShare);
      const rem = Math.round(total * remShare);
      const light = Math.round(total) - deep - rem;
      const totalMinutes = deep + rem + light;
      const inBed = totalMinutes + awake + latency;
      const bedtime = t.bedtimeHour + rng.normal(0, 0.4) + (weekendNight ? 0.6 : 0);
      const startMs = (day - 1) * DAY_MS + Math.round(bedtime * 60) * MINUTE_MS + rng.int(0, 59) * 1000;
      const endMs = startMs + inBed * MINUTE_MS;
      const efficiency = round((totalMinutes / inBed) * 100, 1);
      const score = Math.round(clamp(45 + (totalMinutes / 60 - 5) * 11 + (deep / totalMinutes - 0.1) * 60 - latency / 5 - awake / 10 + rng.normal(0, 4), 1, 100));
      const row: Row = {
        sleep_date: dayToIso(day),
        source,
        sleep_start: timestamp(startMs),
        sleep_end: timestamp(endMs),
        total_sleep_minutes: totalMinutes,
        rem_minutes: rem,
        deep_minutes: deep,
        light_minutes: light,
        awake_minutes: awake,
        sleep_latency_minutes: latency,
        sleep_efficiency_pct: efficiency,
        sleep_score: score,
        interruptions: Math.min(500, rng.poisson(awake / 12)),
        avg_hr_bpm: Math.round(s.restingHr + 4 + rng.normal(0, 1)),
        min_hr_bpm: Math.round(s.restingHr - 3 + rng.normal(0, 1)),
        avg_hrv_ms: round(clamp(s.hrv * Math.exp(rng.normal(0, 0.07)), 1, 300), 2),
        avg_respiratory_rate: round(clamp(s.respiratoryRate + rng.normal(0, 0.3), 4, 60), 1),
        source_updated_at: timestamp(endMs + rng.int(10, 240) * MINUTE_MS),
      };
      if (source !== 'whoop') row.avg_spo2_pct = round(clamp(t.spo2 + rng.normal(0, 0.6), 94, 99), 1);
      if (source === 'oura') row.avg_skin_temp_deviation_c = round(clamp(s.skinTemp, -10, 10), 2);
      if (source !== 'whoop') row.hypnogram = hypnogram(rng, startMs, latency, deep, rem, light, awake);
      row.raw_data =
        source === 'oura' ? { id: `${user.index}-${row.sleep_date as string}-long`, type: 'long_sleep', period: 0, lowest_heart_rate: row.min_hr_bpm as number, readiness_score_delta: round(rng.normal(0, 2), 1) }
        : source === 'whoop' ? { id: 70_000_000 + user.index * 10_000 + i, nap: false, score_state: 'SCORED', score: { sleep_performance_percentage: score, sleep_consistency_percentage: Math.round(clamp(rng.normal(75, 10), 1, 100)), disturbance_count: row.interruptions as number } }
        : { dailySleepDTO: { calendarDate: row.sleep_date as string, sleepScores: { overall: { value: score } }, sleepWindowConfirmed: true } };
      sleep.push(row);
    }
  }
  return sleep;
}
