// Which charts a result file gives: a normal run (bench/results/<ts>.json) the latency,
// GraphQL-vs-SQL and ingestion charts; a scale run (bench/results/scale-<ts>.json) the growth
// chart. A section missing from the result (no HTTP phase, one level only) means no chart, not an error.

import type { BenchResult } from '../result';
import type { ScaleResult } from '../scale/run';
import type { Chart } from './common';
import { graphqlVsSqlChart } from './graphqlVsSql';
import { growthChart } from './growth';
import { ingestionChart } from './ingestion';
import { latencyChart } from './latency';

export type ResultFile = { kind: 'bench'; result: BenchResult } | { kind: 'scale'; result: ScaleResult };

/** Tells the two result shapes apart; anything else is refused with the reason. */
export function classifyResult(json: unknown, source: string): ResultFile {
  if (typeof json !== 'object' || json === null) throw new Error(`${source}: not a JSON object`);
  const o = json as Record<string, unknown>;
  if (o.kind === 'scale') {
    if (!Array.isArray(o.levels) || typeof o.startedAt !== 'string') throw new Error(`${source}: a scale result needs levels and startedAt`);
    return { kind: 'scale', result: json as ScaleResult };
  }
  if (o.version === 1) {
    if (typeof o.startedAt !== 'string' || typeof o.queries !== 'object' || typeof o.config !== 'object') {
      throw new Error(`${source}: a bench result needs startedAt, config and queries`);
    }
    return { kind: 'bench', result: json as BenchResult };
  }
  throw new Error(`${source}: neither a bench result (version 1) nor a scale result (kind "scale")`);
}

export function chartsFor(file: ResultFile): Chart[] {
  const charts = file.kind === 'scale' ? [growthChart(file.result)] : [latencyChart(file.result), graphqlVsSqlChart(file.result), ingestionChart(file.result)];
  return charts.filter((c): c is Chart => c !== null);
}
