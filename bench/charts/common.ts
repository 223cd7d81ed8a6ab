// What every chart shares: the vega-lite spec type, a white background and one font so the SVGs
// read the same on GitHub's light and dark pages, and the run's description for the subtitle.
// Pure: nothing here renders (vega is ESM-only and loaded by render.ts alone).

import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { BenchResult } from '../result';
import type { ScaleResult } from '../scale/run';

export type ChartSpec = TopLevelSpec;

export interface Chart {
  /** File name without extension: docs/bench/<name>.svg. */
  name: 'latency' | 'graphql-vs-sql' | 'growth' | 'ingestion';
  spec: ChartSpec;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const FONT = 'Helvetica, Arial, sans-serif';

/** Config merged into every spec: legible sizes, no chart border, white background. */
export const CONFIG = {
  background: 'white',
  padding: 12,
  font: FONT,
  view: { stroke: null },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start' as const, offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 400, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 400, orient: 'bottom' as const },
  header: { labelFontSize: 13, titleFontSize: 13 },
};

/** Colours kept fixed per series so the same thing has the same colour in every chart. */
export const COLORS = {
  graphql: '#1f78b4',
  floor: '#a6cee3',
  sql: '#a0a0a0',
  pass: '#1b9e77',
  miss: '#d95f02',
  target: '#333333',
};

/** "2026-12-06 12:27 UTC" from an ISO timestamp (the run's start: not the time of drawing, so files stay the same for the same result). */
export function runDate(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The subtitle of a normal run's charts: when, how much data, on which PostgreSQL and machine. */
export function benchRunLine(result: BenchResult): string {
  const pg = /PostgreSQL ([\d.]+)/.exec(result.environment.postgres.version)?.[1] ?? String(result.environment.postgres.versionNum);
  return `Run ${runDate(result.startedAt)} · ${thousands(result.config.users)} users × ${thousands(result.config.days)} days · PostgreSQL ${pg} · ${result.environment.cpus} CPUs`;
}

export function scaleRunLine(result: ScaleResult): string {
  return `Run ${runDate(result.startedAt)} · levels ${result.levels.map((l) => thousands(l.users)).join(' / ')} users × ${thousands(result.options.days)} days · ${result.machine.cpus} CPUs`;
}
