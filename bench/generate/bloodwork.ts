// Blood panels every three to six months, most markers on every panel, values drawn around a
// per-user baseline inside (sometimes past) the dictionary's reference range.

import { Random, round } from '../random';
import type { Row } from './rows';
import { DAY_MS, MINUTE_MS, isoToDay, timestamp } from './time';
import type { BenchUser } from './users';

export interface MarkerDefinition {
  biomarkerId: string;
  canonicalName: string;
  displayName: string;
  subcategory: string | null;
  unit: string;
  normalLow: number | null;
  normalHigh: number | null;
}

export interface Bloodwork {
  panels: Row[];
  markers: Row[];
  /** The markers this user has results for (every panel has most of them). */
  coreMarkerIds: string[];
}

const LABS = [
  { lab: 'Quest Diagnostics', code: 'QD' },
  { lab: 'Labcorp', code: 'LC' },
  { lab: 'BioReference', code: 'BR' },
] as const;

function decimalsFor(value: number): number {
  const a = Math.abs(value);
  if (a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

function markerBaseline(rng: Random, m: MarkerDefinition): { center: number; sd: number; floor: number } {
  const { normalLow: low, normalHigh: high } = m;
  if (low !== null && high !== null && high > low) {
    const span = high - low;
    // Most people sit inside the range, some near or past an edge.
    const position = rng.chance(0.1) ? rng.uniform(-0.25, 1.25) : rng.beta(2.2, 2.2);
    return { center: low + span * position, sd: span * 0.07, floor: Math.min(low, high) * 0.2 };
  }
  if (high !== null && high > 0) return { center: high * rng.uniform(0.3, 0.95), sd: high * 0.08, floor: high * 0.02 };
  if (low !== null && low > 0) return { center: low * rng.uniform(1.1, 1.9), sd: low * 0.1, floor: low * 0.2 };
  return { center: rng.uniform(1, 100), sd: 3, floor: 0.1 };
}

export function generateBloodwork(
  user: BenchUser,
  markers: readonly MarkerDefinition[],
  options: { seed: string; startDate: string; endDate: string; markersPerPanel: number },
): Bloodwork {
  const rng = new Random(`${options.seed}/blood/${user.index}`);
  const startDay = isoToDay(options.startDate);
  const endDay = isoToDay(options.endDate);
  const panels: Row[] = [];
  const rows: Row[] = [];
  if (markers.length === 0) return { panels, markers: rows, coreMarkerIds: [] };

  const perPanel = Math.min(options.markersPerPanel, markers.length);
  const order = rng.shuffle(markers.map((_, i) => i));
  const coreCount = Math.max(1, Math.min(perPanel, Math.round(perPanel * 0.9)));
  const core = order.slice(0, coreCount);
  const extras = order.slice(coreCount);
  const baselines = new Map<number, { center: number; sd: number; floor: number }>();
  const lab = rng.pick(LABS);
  const fastingHabit = rng.chance(0.8);

  // First draw within the first four months (or within the window, for short smoke runs).
  let day = startDay + rng.int(0, Math.min(120, Math.max(0, endDay - startDay)));
  let n = 0;
  while (day <= endDay) {
    n++;
    const panelId = rng.uuid();
    const collectedMs = day * DAY_MS + rng.int(7 * 60, 10 * 60 + 30) * MINUTE_MS;
    panels.push({
      panel_id: panelId,
      user_id: user.userId,
      lab_name: lab.lab,
      lab_provider: rng.pick(['Dr. A. Patel', 'Dr. M. Schneider', 'Dr. L. Chen', 'Dr. R. Alvarez']),
      panel_name: 'Comprehensive health panel',
      collected_at: timestamp(collectedMs),
      reported_at: timestamp(collectedMs + rng.int(20, 72) * 60 * MINUTE_MS),
      fasting: fastingHabit ? rng.chance(0.9) : rng.chance(0.3),
      specimen_id: `${lab.code}${String(user.index).padStart(5, '0')}${String(n).padStart(3, '0')}${rng.int(100, 999)}`,
    });
    const chosen = [...core];
    const extraCount = Math.min(extras.length, perPanel - core.length);
    if (extraCount > 0) chosen.push(...rng.shuffle([...extras]).slice(0, extraCount));
    for (const index of chosen) {
      const m = markers[index] as MarkerDefinition;
      let base = baselines.get(index);
      if (!base) {
        base = markerBaseline(rng, m);
        baselines.set(index, base);
      }
      const raw = Math.max(base.floor, rng.normal(base.center, base.sd));
      const value = round(raw, decimalsFor(raw));
      const marker: Row = {
        user_id: user.userId,
        panel_id: panelId,
        biomarker_id: m.biomarkerId,
        raw_name: m.displayName,
        value_numeric: value > 0 ? value : 0.001,
        unit: m.unit,
        lab_code: lab.code,
      };
      if (m.subcategory) marker.sub_panel = m.subcategory;
      if (m.normalLow !== null) marker.ref_range_low = m.normalLow;
      if (m.normalHigh !== null) marker.ref_range_high = m.normalHigh;
      marker.ref_range_text =
        m.normalLow !== null && m.normalHigh !== null ? `${m.normalLow}-${m.normalHigh}`
        : m.normalHigh !== null ? `<${m.normalHigh}`
        : m.normalLow !== null ? `>${m.normalLow}`
        : 'Not Estab.';
      rows.push(marker);
    }
    day += rng.int(90, 183);
  }
  return { panels, markers: rows, coreMarkerIds: core.map((i) => (markers[i] as MarkerDefinition).biomarkerId) };
}
