// Chart 4: ingestion throughput per wearable table and write path: batch upserts (the API's
// path), COPY into the audited table, and the same COPY with the audit trigger off (rolled back),
// so both issue ratios (upserts >= 0.8x COPY, auditing <= 1.5x the unaudited cost) can be read off.

import type { BenchResult, TableIngestionResult } from '../result';
import { benchRunLine, CONFIG, SCHEMA, type Chart } from './common';

export const INGESTION_METHODS = ['upsert', 'COPY', 'COPY without audit'] as const;

export interface IngestionRow {
  table: string;
  method: (typeof INGESTION_METHODS)[number];
  rowsPerSec: number;
  rows: number;
}

export function ingestionRows(tables: TableIngestionResult[]): IngestionRow[] {
  return tables.flatMap((t) => {
    const out: IngestionRow[] = [{ table: t.table, method: 'upsert', rowsPerSec: t.upsert.rowsPerSec, rows: t.upsert.rows }];
    if (t.copy) out.push({ table: t.table, method: 'COPY', rowsPerSec: t.copy.rowsPerSec, rows: t.copy.rows });
    if (t.copyWithoutAudit) out.push({ table: t.table, method: 'COPY without audit', rowsPerSec: t.copyWithoutAudit.rowsPerSec, rows: t.copyWithoutAudit.rows });
    return out.filter((r) => Number.isFinite(r.rowsPerSec) && r.rowsPerSec > 0);
  });
}

export function ingestionChart(result: BenchResult): Chart | null {
  const values = ingestionRows(result.ingestion?.tables ?? []);
  if (values.length === 0) return null;
  const y = { field: 'table', type: 'nominal' as const, title: null, sort: [...new Set(values.map((v) => v.table))] };
  const yOffset = { field: 'method', sort: [...INGESTION_METHODS] };
  return {
    name: 'ingestion',
    spec: {
      $schema: SCHEMA,
      config: CONFIG,
      title: {
        text: 'Ingestion in rows/s per table: batch upserts vs COPY, audited and not (higher is faster)',
        subtitle: `${benchRunLine(result)} · batches of ${result.ingestion.batchSize} rows`,
      },
      width: 560,
      data: { values },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.8 } },
          encoding: {
            y,
            yOffset,
            x: { field: 'rowsPerSec', type: 'quantitative', title: 'rows per second' },
            color: { field: 'method', type: 'nominal', title: null, sort: [...INGESTION_METHODS],
              scale: { domain: [...INGESTION_METHODS], range: ['#7570b3', '#1b9e77', '#a6d854'] } },
            tooltip: [{ field: 'table' }, { field: 'method' }, { field: 'rowsPerSec', format: ',.0f' }, { field: 'rows', format: ',' }],
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 3, fontSize: 11 },
          encoding: { y, yOffset, x: { field: 'rowsPerSec', type: 'quantitative' }, text: { field: 'rowsPerSec', format: ',.0f' } },
        },
      ],
    },
  };
}
