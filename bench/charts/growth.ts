// Chart 3: growth across the scale run's levels (e.g. 1K and 10K users on kept data sets): the
// dashboard and trend p50 under RLS at each level relative to the smallest level, against the
// issue's target (<= 1.3x), and the database size at each level.

import type { ScaleResult } from '../scale/run';
import { COLORS, CONFIG, SCHEMA, scaleRunLine, thousands, type Chart, type ChartSpec } from './common';

export const GROWTH_TARGET = 1.3;

export interface GrowthRow {
  users: number;
  level: string;
  query: 'dashboard' | 'biomarker trend';
  p50Ms: number;
  relative: number;
  label: string;
}

export interface SizeRow {
  users: number;
  level: string;
  databaseMiB: number;
  label: string;
}

function levelName(users: number): string {
  return `${thousands(users)} users`;
}

export function growthRows(result: ScaleResult): GrowthRow[] {
  const levels = [...result.levels].sort((a, b) => a.users - b.users);
  const series = [
    { query: 'dashboard' as const, p50: (l: (typeof levels)[number]) => l.dashboard?.rls.latency.p50Ms },
    { query: 'biomarker trend' as const, p50: (l: (typeof levels)[number]) => l.biomarkerTrend?.rls.latency.p50Ms },
  ];
  return series.flatMap((s) => {
    const measured = levels.filter((l) => typeof s.p50(l) === 'number' && (s.p50(l) as number) > 0);
    // Growth needs two levels: a query measured at one level only has nothing to be relative to.
    if (measured.length < 2) return [];
    const base = s.p50(measured[0]!) as number;
    return measured.map((l) => {
      const p50Ms = s.p50(l) as number;
      const relative = p50Ms / base;
      return { users: l.users, level: levelName(l.users), query: s.query, p50Ms, relative, label: `×${relative.toFixed(2)} (${p50Ms.toFixed(2)} ms)` };
    });
  });
}

export function sizeRows(result: ScaleResult): SizeRow[] {
  return [...result.levels]
    .sort((a, b) => a.users - b.users)
    .filter((l) => Number.isFinite(l.databaseMiB))
    .map((l) => ({ users: l.users, level: levelName(l.users), databaseMiB: l.databaseMiB,
      label: l.databaseMiB >= 1024 ? `${(l.databaseMiB / 1024).toFixed(1)} GiB` : `${Math.round(l.databaseMiB)} MiB` }));
}

export function growthChart(result: ScaleResult): Chart | null {
  const levels = [...result.levels].sort((a, b) => a.users - b.users);
  if (levels.length < 2) return null;
  const rows = growthRows(result);
  const sizes = sizeRows(result);
  const order = levels.map((l) => levelName(l.users));
  const smallest = order[0]!;
  const x = { field: 'level', type: 'ordinal' as const, title: null, sort: order, axis: { labelAngle: 0 }, scale: { padding: 0.6 } };
  const bandX = { ...x, scale: { padding: 0.2 } };
  const latency: ChartSpec = {
    title: { text: `p50 under RLS relative to ${smallest} (×, target ≤ ${GROWTH_TARGET})`, fontSize: 12 },
    width: 320,
    height: 240,
    layer: [
      {
        data: { values: rows },
        layer: [
          {
            mark: { type: 'line', point: { size: 60, filled: true } },
            encoding: {
              x,
              y: { field: 'relative', type: 'quantitative', title: `× the p50 at ${smallest}`, scale: { zero: true } },
              color: { field: 'query', type: 'nominal', title: null, scale: { domain: ['dashboard', 'biomarker trend'], range: ['#1f78b4', '#6a3d9a'] } },
            },
          },
          // Labels above the dashboard's points and below the trend's, so equal values (×1.00 at the base) stay apart.
          ...(['dashboard', 'biomarker trend'] as const).map((query) => ({
            transform: [{ filter: { field: 'query', equal: query } }],
            mark: { type: 'text', align: 'center', dy: query === 'dashboard' ? -12 : 18, fontSize: 11 },
            encoding: { x, y: { field: 'relative', type: 'quantitative' }, text: { field: 'label' }, color: { field: 'query', type: 'nominal' } },
          })),
        ],
      },
      {
        data: { values: [{ target: GROWTH_TARGET, label: `target ${GROWTH_TARGET}×` }] },
        layer: [
          { mark: { type: 'rule', color: COLORS.target, strokeDash: [6, 3], strokeWidth: 2 }, encoding: { y: { field: 'target', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', x: 4, dy: -8, fontSize: 11, color: COLORS.target }, encoding: { y: { field: 'target', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
  } as ChartSpec;
  const size: ChartSpec = {
    title: { text: 'database size, MiB', fontSize: 12 },
    width: 220,
    height: 240,
    data: { values: sizes },
    layer: [
      { mark: { type: 'bar', color: '#999', width: { band: 0.6 } }, encoding: { x: bandX, y: { field: 'databaseMiB', type: 'quantitative', title: 'MiB' } } },
      { mark: { type: 'text', dy: -6, fontSize: 11 }, encoding: { x: bandX, y: { field: 'databaseMiB', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  } as ChartSpec;
  return {
    name: 'growth',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      title: {
        text: `Growth from ${thousands(levels[0]!.users)} to ${thousands(levels[levels.length - 1]!.users)} users: query p50 (× the smallest level) and database size (MiB)`,
        subtitle: `${scaleRunLine(result)} · ${result.options.iterations} iterations per query and level`,
      },
      hconcat: [latency, size],
      resolve: { scale: { color: 'independent' } },
    } as ChartSpec,
  };
}
