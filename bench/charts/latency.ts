// Chart 1: the latency distribution of every measured query variant (dashboard and biomarker
// trend, under RLS, as superuser, and the extra forms such as the date parameter): a line from
// min to max, a bar from p50 to p99, and a dot per percentile, on a log scale because a p99 is
// often ten times the p50.

import type { BenchResult, QueryBenchResult, QueryVariantResult } from '../result';
import { benchRunLine, CONFIG, SCHEMA, type Chart } from './common';

export interface LatencyRow {
  query: string;
  variant: string;
  label: string;
  n: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

function rows(query: string, bench: QueryBenchResult | null | undefined): LatencyRow[] {
  if (!bench) return [];
  const variants: QueryVariantResult[] = [bench.rls, bench.superuser, ...(bench.extra ?? [])];
  return variants
    .filter((v) => v && Number.isFinite(v.latency.p50Ms) && v.latency.minMs > 0)
    .map((v) => ({ query, variant: v.name, label: `${query} · ${v.name}`, n: v.latency.n, minMs: v.latency.minMs, p50Ms: v.latency.p50Ms,
      p95Ms: v.latency.p95Ms, p99Ms: v.latency.p99Ms, maxMs: v.latency.maxMs, meanMs: v.latency.meanMs }));
}

export function latencyRows(result: BenchResult): LatencyRow[] {
  return [...rows('dashboard', result.queries?.dashboard), ...rows('biomarker trend', result.queries?.biomarkerTrend)];
}

const PERCENTILES = ['p50Ms', 'p95Ms', 'p99Ms'];

export function latencyChart(result: BenchResult): Chart | null {
  const values = latencyRows(result);
  if (values.length === 0) return null;
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: values.map((v) => v.label) };
  // Whole decades, with room right of the slowest max for its label.
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values.map((v) => v.minMs))));
  const hi = Math.max(...values.map((v) => v.maxMs)) * 6;
  const x = { type: 'quantitative' as const, scale: { type: 'log' as const, domain: [lo, hi], nice: false }, title: 'milliseconds (log scale)' };
  const color = { type: 'nominal' as const, title: 'percentile', scale: { domain: ['p50', 'p95', 'p99', 'max'], range: ['#08519c', '#6a51a3', '#d95f02', '#a50f15'] } };
  return {
    name: 'latency',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      title: {
        text: 'Query latency in ms: line min–max, bar p50–p99, dots p50 / p95 / p99, ring max',
        subtitle: `${benchRunLine(result)} · ${result.queries.dashboard.iterations} iterations per variant`,
      },
      width: 560,
      data: { values },
      layer: [
        { mark: { type: 'rule', color: '#888' }, encoding: { y, x: { ...x, field: 'minMs' }, x2: { field: 'maxMs' } } },
        { mark: { type: 'bar', color: '#9ecae1', height: 14 }, encoding: { y, x: { ...x, field: 'p50Ms' }, x2: { field: 'p99Ms' } } },
        // The max as a ring under the percentile dots: with few iterations p99 is the max, and both stay visible.
        {
          mark: { type: 'point', filled: false, size: 150, strokeWidth: 2, opacity: 1 },
          encoding: { y, x: { ...x, field: 'maxMs' }, color: { ...color, datum: 'max' } },
        },
        {
          transform: [{ fold: PERCENTILES, as: ['statistic', 'ms'] }, { calculate: "replace(datum.statistic, 'Ms', '')", as: 'percentile' }],
          mark: { type: 'point', filled: true, size: 70, opacity: 1 },
          encoding: {
            y,
            x: { ...x, field: 'ms' },
            color: { ...color, field: 'percentile' },
            tooltip: [{ field: 'label' }, { field: 'percentile' }, { field: 'ms', format: '.3f' }],
          },
        },
        {
          transform: [{ calculate: "'p50 ' + format(datum.p50Ms, '.2f') + ' · p99 ' + format(datum.p99Ms, '.2f') + ' ms'", as: 'text' }],
          mark: { type: 'text', align: 'left', dx: 8, fontSize: 11, color: '#333' },
          encoding: { y, x: { ...x, field: 'maxMs' }, text: { field: 'text' } },
        },
      ],
    },
  };
}
