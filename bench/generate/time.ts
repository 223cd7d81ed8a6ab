// Days as integers (days since 1970-01-01, UTC), their ISO dates and timestamps, and which days a
// device reported.

import type { Random } from '../random';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export function isoToDay(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${iso}`);
  return Math.floor(ms / DAY_MS);
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function timestamp(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Which of `days` days a device reported: single missing days, and gaps of 2-10 days. */
export function presence(rng: Random, days: number, pMissing: number, pGapStart: number): boolean[] {
  const present: boolean[] = [];
  let gap = 0;
  for (let i = 0; i < days; i++) {
    if (gap === 0 && rng.chance(pGapStart)) gap = rng.int(2, 10);
    if (gap > 0) {
      gap--;
      present.push(false);
    } else {
      present.push(!rng.chance(pMissing));
    }
  }
  return present;
}
