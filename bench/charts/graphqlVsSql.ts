// Chart 2: GraphQL over HTTP against the same statement through a raw pg client, per case
// (dashboard, biomarker trend) and number of clients. Top row: the ratios against the issue's
// targets (GraphQL p50 <= 1.5x and p99 <= 2.5x the SQL path, throughput >= 60 % of it), a bar
// green when met and orange when not. Bottom row: the measured values side by side, with the bare
// Node HTTP server's (bench/httpFloor.ts) between them when the run measured it.

import type { HttpCaseResult } from '../http';
import type { BenchResult } from '../result';
import { benchRunLine, COLORS, CONFIG, SCHEMA, type Chart, type ChartSpec } from './common';

export const HTTP_TARGETS = { p50: 1.5, p99: 2.5, requestsPerSecond: 0.6 } as const;

export interface RatioRow {
  group: string;
  measure: 'p50' | 'p99' | 'throughput';
  ratio: number;
  target: number;
  met: 'target met' | 'target missed';
}

export interface SideRow {
  group: string;
  side: 'GraphQL' | 'bare HTTP' | 'SQL';
  p50: number;
  p99: number;
  requestsPerSecond: number;
}

function groupName(c: HttpCaseResult): string {
  return `${c.name}, ${c.connections} client${c.connections === 1 ? '' : 's'}`;
}

export function ratioRows(cases: HttpCaseResult[]): RatioRow[] {
  return cases.flatMap((c) => {
    const group = groupName(c);
    const p50 = c.graphql.p50 / c.sql.p50;
    const p99 = c.graphql.p99 / c.sql.p99;
    const share = c.graphql.requestsPerSecond / c.sql.requestsPerSecond;
    const row = (measure: RatioRow['measure'], ratio: number, target: number, met: boolean): RatioRow =>
      ({ group, measure, ratio, target, met: met ? 'target met' : 'target missed' });
    return [
      row('p50', p50, HTTP_TARGETS.p50, p50 <= HTTP_TARGETS.p50),
      row('p99', p99, HTTP_TARGETS.p99, p99 <= HTTP_TARGETS.p99),
      row('throughput', share, HTTP_TARGETS.requestsPerSecond, share >= HTTP_TARGETS.requestsPerSecond),
    ].filter((r) => Number.isFinite(r.ratio));
  });
}

export function sideRows(cases: HttpCaseResult[]): SideRow[] {
  return cases.flatMap((c) => [
    { group: groupName(c), side: 'GraphQL' as const, p50: c.graphql.p50, p99: c.graphql.p99, requestsPerSecond: c.graphql.requestsPerSecond },
    ...(c.floor ? [{ group: groupName(c), side: 'bare HTTP' as const, p50: c.floor.p50, p99: c.floor.p99, requestsPerSecond: c.floor.requestsPerSecond }] : []),
    { group: groupName(c), side: 'SQL' as const, p50: c.sql.p50, p99: c.sql.p99, requestsPerSecond: c.sql.requestsPerSecond },
  ]);
}

const SIDE_ORDER = ['GraphQL', 'bare HTTP', 'SQL'] as const;
const SIDE_COLORS: Record<(typeof SIDE_ORDER)[number], string> = { GraphQL: COLORS.graphql, 'bare HTTP': COLORS.floor, SQL: COLORS.sql };

const MEASURES = [
  { measure: 'p50', title: 'p50: GraphQL ÷ SQL (target ≤ 1.5×)', target: HTTP_TARGETS.p50, targetLabel: '1.5×', axis: '× the SQL p50', format: '.2f' },
  { measure: 'p99', title: 'p99: GraphQL ÷ SQL (target ≤ 2.5×)', target: HTTP_TARGETS.p99, targetLabel: '2.5×', axis: '× the SQL p99', format: '.2f' },
  { measure: 'throughput', title: 'throughput: GraphQL ÷ SQL (target ≥ 60 %)', target: HTTP_TARGETS.requestsPerSecond, targetLabel: '60 %', axis: '% of the SQL requests/s', format: '.0%' },
] as const;

const SIDES = [
  { field: 'p50', title: 'p50 latency, ms' },
  { field: 'p99', title: 'p99 latency, ms' },
  { field: 'requestsPerSecond', title: 'throughput, requests/s' },
] as const;

export function graphqlVsSqlChart(result: BenchResult): Chart | null {
  const cases = (result.http ?? []).filter((c) => c.sql.p50 > 0 && c.sql.requestsPerSecond > 0);
  if (cases.length === 0) return null;
  const ratios = ratioRows(cases);
  const sides = sideRows(cases);
  const present = SIDE_ORDER.filter((side) => sides.some((r) => r.side === side));
  const groups = cases.map(groupName);
  const y = { field: 'group', type: 'nominal' as const, title: null, sort: groups };
  const ratioPanel = (m: (typeof MEASURES)[number], index: number): ChartSpec => {
    const values = ratios.filter((r) => r.measure === m.measure);
    // Room right of the longest bar and of the target line for their labels.
    const domainMax = Math.max(m.target, ...values.map((r) => r.ratio)) * 1.2;
    return {
    title: { text: m.title, fontSize: 12 },
    width: 200,
    layer: [
      {
        data: { values },
        layer: [
          {
            mark: { type: 'bar', height: 16 },
            encoding: {
              y: index === 0 ? y : { ...y, axis: null },
              x: { field: 'ratio', type: 'quantitative', title: m.axis, scale: { zero: true, domainMax, nice: false }, axis: { format: m.format === '.0%' ? '%' : '.1f' } },
              color: { field: 'met', type: 'nominal', title: null, scale: { domain: ['target met', 'target missed'], range: [COLORS.pass, COLORS.miss] } },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
            encoding: { y, x: { field: 'ratio', type: 'quantitative' }, text: { field: 'ratio', format: m.format } },
          },
        ],
      },
      {
        data: { values: [{ target: m.target, label: `target ${m.targetLabel}` }] },
        layer: [
          { mark: { type: 'rule', color: COLORS.target, strokeDash: [6, 3], strokeWidth: 2 }, encoding: { x: { field: 'target', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, y: -8, fontSize: 11, color: COLORS.target }, encoding: { x: { field: 'target', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
    } as ChartSpec;
  };
  const sidePanel = (s: (typeof SIDES)[number], index: number): ChartSpec => ({
    title: { text: s.title, fontSize: 12 },
    width: 200,
    data: { values: sides },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.8 } },
        encoding: {
          y: index === 0 ? y : { ...y, axis: null },
          yOffset: { field: 'side', sort: present },
          x: { field: s.field, type: 'quantitative', title: s.field === 'requestsPerSecond' ? 'requests/s' : 'ms' },
          color: { field: 'side', type: 'nominal', title: null, scale: { domain: present, range: present.map((side) => SIDE_COLORS[side]) } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: { y, yOffset: { field: 'side', sort: present }, x: { field: s.field, type: 'quantitative' },
          text: { field: s.field, format: s.field === 'requestsPerSecond' ? ',.0f' : '.2f' } },
      },
    ],
  }) as ChartSpec;
  const requests = cases.reduce((sum, c) => sum + c.graphql.requests, 0);
  return {
    name: 'graphql-vs-sql',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      title: {
        text: present.includes('bare HTTP')
          ? 'GraphQL over HTTP vs the same SQL through a raw client (and through a bare Node HTTP server): ratios against the targets, then ms and requests/s'
          : 'GraphQL over HTTP vs the same SQL through a raw client: ratios against the targets, then ms and requests/s',
        subtitle: `${benchRunLine(result)} · ${requests.toLocaleString('en-US')} GraphQL requests in all`,
      },
      resolve: { scale: { color: 'independent' } },
      vconcat: [
        { hconcat: MEASURES.map(ratioPanel), resolve: { scale: { color: 'shared' } } },
        { hconcat: SIDES.map(sidePanel), resolve: { scale: { color: 'shared' } } },
      ],
    } as ChartSpec,
  };
}
