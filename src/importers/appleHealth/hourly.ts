// Steps, distance and flights are counted by the Watch and the iPhone at the same time. Apple's
// Health app de-duplicates them by preferring the Watch over every overlapping interval; this
// approximates that per local hour: each hour's figure comes from the best-ranked source that
// counted anything in that hour, so the iPhone fills in the hours the Watch was not worn and the
// two are never added up. 24 numbers per metric, device and day: memory still grows only with days.

export interface Hourly {
  values: Float64Array;
  /** Records folded into each hour, for the import's accounting. */
  records: Uint32Array;
  /** Bit h set: the source reported something in local hour h. */
  mask: number;
}

export function addHourly(h: Hourly | undefined, hour: number, value: number): Hourly {
  const out = h ?? { values: new Float64Array(24), records: new Uint32Array(24), mask: 0 };
  out.values[hour] = out.values[hour]! + value;
  out.records[hour] = out.records[hour]! + 1;
  out.mask |= 1 << hour;
  return out;
}

/**
 * The hour-by-hour merge over sources ordered best first: the total, which sources it used, and
 * per hour the source it took (undefined where no source counted anything).
 */
export function mergeHourly(bySource: readonly (readonly [string, Hourly | undefined])[]): { total: number; used: string[]; winners: (string | undefined)[] } | undefined {
  let total = 0;
  const used = new Set<string>();
  const winners: (string | undefined)[] = new Array<string | undefined>(24).fill(undefined);
  for (let hour = 0; hour < 24; hour++) {
    const hit = bySource.find(([, h]) => h !== undefined && (h.mask & (1 << hour)) !== 0);
    if (!hit) continue;
    total += hit[1]!.values[hour]!;
    used.add(hit[0]);
    winners[hour] = hit[0];
  }
  return used.size ? { total, used: [...used], winners } : undefined;
}
